"""Catalog files in: read PO/POT without losing a byte, as strictly as gettext's own readers and no stricter.

What msgfmt, msgcat or msgmerge refuse (syntax, encoding, duplicates) is a CatalogError naming the file and
line, and a file that does not parse is never turned into an empty catalog; what only ``msgfmt --check``
reports (format directives, plural forms, header fields) is a ``Problem`` (``adapters/po_validate.py``): a warning when
reading and an error finding in ``check``, never a refusal. Each entry keeps its exact source text (the
technique translate-toolkit uses to round-trip real catalogs byte for byte) for ``adapters/po_write.py``.

The entries are read by ``adapters/po_fastlex.py`` as long as they have the common shapes, then by the strict lexer of
``adapters/po_lexer.py`` from the first one that does not: the two build the same entries and the strict one makes
every refusal, at its line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import CatalogError
from ..core.model import Catalog, Entry
from .po_fastlex import fast_entries
from .po_lexer import StrictLexer
from .po_validate import Problem, validate
from .pool import collector_paused

_CHARSET = re.compile(rb"charset=([^\s\\\"]+)")


@dataclass
class ReadResult:
    catalog: Catalog
    notes: list[str] = field(default_factory=list)  # the reader's own warnings ("path:line: message")
    problems: list[Problem] = field(default_factory=list)

    @property
    def warnings(self) -> list[str]:
        """Everything a command that only reads or merges the file should tell: notes, then problems."""
        return self.notes + [f"{p.where(self.path)}: {p.message} [{p.check}]" for p in self.problems]

    path: Path | str = "<catalog>"


# -- decoding ---------------------------------------------------------------------------------------------
def _line_at(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _ascii_compatible(encoding: str) -> bool:
    """Whether the charset writes ASCII as ASCII (UTF-7, UTF-16, EBCDIC do not: the PO syntax would change)."""
    try:
        return _ASCII.decode(encoding) == _ASCII.decode("ascii") and _ASCII.decode("ascii").encode(encoding) == _ASCII
    except (UnicodeError, ValueError, LookupError):
        return False


def decode_catalog(data: bytes, path: Path | str) -> tuple[str, str]:
    """Bytes -> (text, encoding), with every decoding problem reported at its line."""
    if not data:
        raise CatalogError("empty file: not a PO catalog", path=path, line=1, hint="a catalog has at least a header")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CatalogError(
            "file is UTF-16 encoded; PO files must be UTF-8", path=path, line=1, hint="save it again as UTF-8"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        raise CatalogError(
            "UTF-8 byte-order mark at the start of the file; gettext tools reject it",
            path=path,
            line=1,
            hint="remove the BOM (save as 'UTF-8 without BOM')",
        )
    match = _CHARSET.search(data[:4096])
    encoding = "utf-8"
    if match:
        declared = match.group(1).decode("ascii", "replace")
        if declared.upper() != "CHARSET":
            encoding = declared
    try:
        "".encode(encoding)
    except (LookupError, ValueError):  # ValueError: a NUL in the name; UnicodeError: the 'undefined' codec
        raise CatalogError(
            f"unknown charset {encoding!r} in Content-Type",
            path=path,
            line=_line_at(data, match.start() if match else 0),
        ) from None
    if not _ascii_compatible(encoding):
        raise CatalogError(
            f"charset {encoding!r} is not ASCII-compatible; gettext cannot read it",
            path=path,
            line=_line_at(data, match.start() if match else 0),
            hint="convert the catalog to UTF-8: msgconv -t UTF-8",
        )
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise CatalogError(
            f"bytes are not valid {encoding} ({exc.reason} at byte {exc.start})",
            path=path,
            line=_line_at(data, exc.start),
            hint="the file's real encoding differs from its Content-Type charset",
        ) from None
    except (UnicodeError, ValueError) as exc:  # codecs that fail without a position
        raise CatalogError(
            f"cannot decode with charset {encoding!r}: {exc}".splitlines()[0],
            path=path,
            line=_line_at(data, match.start() if match else 0),
        ) from None
    return text, encoding.lower().replace("_", "-")


# -- reading ----------------------------------------------------------------------------------------------
def lex_entries(text: str, path: Path | str) -> tuple[list[Entry], str, list[str]]:
    """(entries with their source text, the trailer after the last one, the lexer's warnings)."""
    entries, offset, line = fast_entries(text)
    if not text[offset:].strip("\n"):  # read to the end, or only blank lines left
        return entries, text[offset:], []
    lexer = StrictLexer(text[offset:], path, first_line=line)
    entries.extend(lexer.entries())
    return entries, lexer.trailer, lexer.warnings


def parse_catalog(data: bytes, path: Path | str = "<catalog>") -> ReadResult:
    """Parse a whole PO/POT file.

    What gettext's readers refuse (msgfmt, msgcat, msgmerge: syntax, encoding, duplicates) raises CatalogError
    with file and line. What only ``msgfmt --check`` reports (format directives, plural forms, header fields,
    newlines) does not stop the reading: it comes back as ``problems`` and as warnings naming file and line.
    """
    text, encoding = decode_catalog(data, path)
    # Old Mac files end their lines with CR alone; gettext reads them. Parse them as LF and write them back as CR.
    cr_only = "\r" in text and "\n" not in text
    if cr_only:
        text = text.replace("\r", "\n")
    with collector_paused():  # tens of thousands of entries, no reference cycle
        read, trailer, warnings = lex_entries(text, path)
    entries: list[Entry] = []
    header: Entry | None = None
    header_index = 0
    for entry in read:
        if header is None and entry.is_header:
            header = entry
            header_index = len(entries)
            continue
        entries.append(entry)
    if header is None and not entries:
        raise CatalogError("no messages: not a PO catalog", path=path, line=1)
    newline = "\r" if cr_only else "\r\n" if text.count("\r\n") * 2 > text.count("\n") else "\n"
    catalog = Catalog(
        entries=tuple(entries),
        header=header,
        newline=newline,
        encoding=encoding,
        header_index=header_index,
        trailer=trailer,
    )
    return ReadResult(catalog, warnings, validate(catalog, path), path)


MAX_CATALOG_BYTES = 48 * 1024 * 1024  # 4x the largest real catalog measured (11 MB); ~15x that in memory


def check_catalog_size(data: bytes, path: Path, *, source: str | None = None) -> None:
    """Refuse to write a catalog (PO or POT) over MAX_CATALOG_BYTES: every command refuses to read one, so a
    template ``extract`` wrote would stop ``update`` (one limit policy, issue 15). ``source`` is the booklet the
    catalog comes from, named in the error."""
    if len(data) > MAX_CATALOG_BYTES:
        size = f"{len(data) / 2**20:.1f} MB"
        raise CatalogError(
            f"catalog would be {size}, over the {MAX_CATALOG_BYTES // 2**20} MB limit of every command that reads"
            " it; not writing it" + (f" (from booklet {source})" if source else ""),
            path=path,
            hint="split the booklet into smaller booklets (one catalog each)",
        )


def read_existing(path: Path) -> bytes | None:
    """A catalog's bytes, or None when there is no such file; a file over MAX_CATALOG_BYTES is refused before
    it is loaded (a 200 MB file would otherwise take gigabytes once decoded and split into lines)."""
    try:
        size = path.stat().st_size
        if size > MAX_CATALOG_BYTES:
            raise CatalogError(
                f"catalog is {size // 2**20} MB, over the {MAX_CATALOG_BYTES // 2**20} MB limit; refusing to load it",
                path=path,
                hint="split the catalog (one per booklet) or check that this is really a PO file",
            )
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise CatalogError("is a folder, not a catalog", path=path) from None
    except PermissionError:
        raise CatalogError("permission denied", path=path) from None


def read_catalog(path: Path) -> ReadResult:
    """Read and check one PO/POT file; a file over MAX_CATALOG_BYTES is refused before it is loaded."""
    data = read_existing(path)
    if data is None:
        raise CatalogError("file not found", path=path)
    return parse_catalog(data, path)
