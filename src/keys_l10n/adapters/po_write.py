"""Catalog files out: PO/POT bytes that keep every untouched entry as it was read, MO files, atomic writes.

Writing puts back the source text of every entry nobody changed (its line endings and its editor's wrapping
included) and lays out the entries we change as translate-toolkit's PO unit serialiser does, with strings wrapped
exactly as gettext wraps them (``core/wrap.py``), so ``msgcat`` leaves what we write unchanged.
Writes are atomic: a temporary file in the same folder, fsync, then ``os.replace``, keeping the file's mode.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..core.errors import CatalogError, ConflictError, L10nError
from ..core.model import Catalog, Entry, parse_header
from ..core.wrap import PAGE_WIDTH, format_comment_words, format_string


def _quoted_parts(lines: list[str], prefix: str) -> list[str]:
    """``msgid "a"`` / ``"b"`` lines -> translate-toolkit's list of quoted parts ``['"a"', '"b"']``."""
    parts = []
    for line in lines:
        line = line[len(prefix) :]
        parts.append(line[line.index('"') :])
    return parts


def format_entry(entry: Entry, newline: str = "\n") -> str:
    """The entry in gettext's layout: comments, previous strings, then the gettext-wrapped strings.

    As gettext does, an entry flagged ``no-wrap`` is broken only after its embedded newlines, and an obsolete
    entry keeps the ``#.`` and ``#:`` comments it has (msgcat writes them; msgmerge clears them when it makes an
    entry obsolete, and so does ``core/merge.py``). The lines are joined here directly: they are what
    translate-toolkit's PO unit writes for them (``format_entry_toolkit``, which still writes the rare entries with an
    empty msgid, or with plural forms and no translation forms; tests/test_po_write_fast.py holds the two equal).
    """
    if not entry.msgid or (entry.msgid_plural is not None and not entry.msgstr_plural):
        return format_entry_toolkit(entry, newline)
    width = sys.maxsize if "no-wrap" in entry.flags else PAGE_WIDTH
    lines = [f"# {c}" if c else "#" for c in entry.translator_comments]
    lines += [f"#. {c}" if c else "#." for c in entry.extracted_comments]
    if entry.references:
        lines += format_comment_words("#:", list(entry.references))
    if entry.flags:
        lines.append("#, " + ", ".join(entry.flags))
    prefix = "#~ " if entry.obsolete else ""
    previous_prefix = "#~| " if entry.obsolete else "#| "
    if entry.previous_msgctxt is not None:
        lines += format_string("msgctxt", entry.previous_msgctxt, prefix=previous_prefix, width=width)
    if entry.previous_msgid is not None:
        lines += format_string("msgid", entry.previous_msgid, prefix=previous_prefix, width=width)
    if entry.previous_msgid_plural is not None:
        lines += format_string("msgid_plural", entry.previous_msgid_plural, prefix=previous_prefix, width=width)
    if entry.msgctxt is not None:
        lines += format_string("msgctxt", entry.msgctxt, prefix=prefix, width=width)
    lines += format_string("msgid", entry.msgid, prefix=prefix, width=width)
    if entry.msgid_plural is not None:
        lines += format_string("msgid_plural", entry.msgid_plural, prefix=prefix, width=width)
        for index, form in enumerate(entry.msgstr_plural):
            lines += format_string(f"msgstr[{index}]", form, prefix=prefix, width=width)
    else:
        lines += format_string("msgstr", entry.msgstr, prefix=prefix, width=width)
    lines.append("")
    return newline.join(lines)


def format_entry_toolkit(entry: Entry, newline: str = "\n") -> str:
    """``format_entry`` assembled by translate-toolkit's PO unit from gettext-wrapped strings."""
    from translate.storage import pypo

    width = sys.maxsize if "no-wrap" in entry.flags else PAGE_WIDTH
    unit = pypo.pounit()
    unit.othercomments = [(f"# {c}" if c else "#") + newline for c in entry.translator_comments]
    unit.automaticcomments = [(f"#. {c}" if c else "#.") + newline for c in entry.extracted_comments]
    if entry.references:
        unit.sourcecomments = [line + newline for line in format_comment_words("#:", list(entry.references))]
    if entry.obsolete:  # translate-toolkit's unit leaves out automatic comments of obsolete entries
        unit.othercomments = unit.othercomments + unit.automaticcomments + unit.sourcecomments
    if entry.flags:
        unit.typecomments = ["#, " + ", ".join(entry.flags) + newline]
    prefix = "#~ " if entry.obsolete else ""
    previous_prefix = "#~| " if entry.obsolete else "#| "

    def parts(keyword: str, value: str, line_prefix: str) -> list[str]:
        return _quoted_parts(format_string(keyword, value, prefix=line_prefix, width=width), "")

    if entry.previous_msgctxt is not None:
        unit.prev_msgctxt = parts("msgctxt", entry.previous_msgctxt, previous_prefix)
    if entry.previous_msgid is not None:
        unit.prev_msgid = parts("msgid", entry.previous_msgid, previous_prefix)
    if entry.previous_msgid_plural is not None:
        unit.prev_msgid_plural = parts("msgid_plural", entry.previous_msgid_plural, previous_prefix)
    if entry.msgctxt is not None:
        unit.msgctxt = parts("msgctxt", entry.msgctxt, prefix)
    unit.msgid = parts("msgid", entry.msgid, prefix)
    if entry.msgid_plural is not None:
        unit.msgid_plural = parts("msgid_plural", entry.msgid_plural, prefix)
        unit.msgstr = {index: parts(f"msgstr[{index}]", form, prefix) for index, form in enumerate(entry.msgstr_plural)}
    else:
        unit.msgstr = parts("msgstr", entry.msgstr, prefix)
    unit.obsolete = entry.obsolete
    if newline != "\n":
        unit._store = _NewlineStore(newline)  # type: ignore[assignment]
    text: str = unit._getoutput()  # type: ignore[no-untyped-call]
    return text


class _NewlineStore:
    """The one thing translate-toolkit's unit asks of its store while writing: the newline."""

    def __init__(self, newline: str) -> None:
        self.newline = newline


def serialize(catalog: Catalog, *, path: Path | str | None = None) -> bytes:
    """The catalog's bytes: untouched entries exactly as read, changed ones in gettext layout.

    Raises CatalogError (naming ``path`` when given) when a message does not fit the file's charset, e.g. a
    template's “quotes” merged into an ISO-8859-1 catalog: msgmerge refuses that too.
    """
    newline = "\n" if catalog.newline == "\r" else catalog.newline  # CR-only files: see the end
    chunks: list[str] = []
    items = list(catalog.entries)
    if catalog.header is not None:
        items.insert(min(catalog.header_index, len(items)), catalog.header)
    previous_raw = True  # an untouched entry keeps the blank lines (or none) that preceded it in the file
    for position, entry in enumerate(items):
        if entry.raw is not None:
            chunk = entry.raw
            if position > 0 and not previous_raw and not chunk.startswith(("\n", "\r\n")):
                chunk = newline + chunk  # after an entry we wrote, gettext's blank line
        else:
            chunk = format_entry(entry, newline)
            if position > 0:
                chunk = newline + chunk
        previous_raw = entry.raw is not None
        chunks.append(chunk)
    chunks.append(catalog.trailer)
    text = "".join(chunks)
    if catalog.newline == "\r":
        text = text.replace("\n", "\r")
    try:
        return text.encode(catalog.encoding)
    except UnicodeEncodeError as exc:
        char = text[exc.start]
        raise CatalogError(
            f"the catalog's charset {catalog.encoding} cannot hold {char!r} (U+{ord(char):04X}) of a message",
            path=path,
            hint="convert the catalog to UTF-8 first: msgconv -t UTF-8 FILE -o FILE",
        ) from None


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a power cut right after it keeps the new file), where the OS allows."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


ABSENT = "absent"  # the fingerprint of a file that does not exist


def fingerprint(data: bytes | None) -> str:
    """SHA-256 of a file's bytes, or ABSENT for a file that was not there (None), for ``write_atomic``."""
    import hashlib

    return ABSENT if data is None else hashlib.sha256(data).hexdigest()


# Called with the target path between the last check that the file is unchanged and the rename that replaces
# it: tests use it to land an "editor's save" exactly in that window.
BEFORE_REPLACE: list[Callable[[Path], None]] = []
RENAME_EXCHANGE = 2  # renameat2 flag (Linux): swap two names atomically
_AT_FDCWD = -100


def _exchange(first: str, second: str) -> bool:
    """Atomically swap two files' names (Linux renameat2); False where the system or file system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), RENAME_EXCHANGE)
    return bool(result == 0)


def saved_copy(path: Path) -> Path:
    """Where a file saved by someone else while we replaced it is kept when it cannot be put back."""
    return path.with_name(f"{path.name}.saved")


def _conflict(path: Path, kept: Path | None = None) -> ConflictError:
    message = "file changed on disk since it was read; not overwriting it"
    if kept is not None:
        message = f"file changed on disk while it was being replaced; the other version is kept in {kept.name}"
    return ConflictError(message, path=path, hint="run the command again")


def write_atomic(path: Path, data: bytes, *, expected: str | None = None) -> bool:
    """Write ``data`` to ``path`` atomically; return False (and write nothing) when the bytes are unchanged.

    ``expected`` is the fingerprint of the file as it was read (``fingerprint(None)`` when it did not exist):
    if the file changed since (a translator's editor saved or created it), nothing is written and
    ConflictError is raised. The check is repeated after the new file is ready, and the replacement itself
    cannot lose a save that lands after that check: on Linux the two files are swapped atomically
    (renameat2), the replaced bytes are compared with what was read and, when they differ, swapped back (the
    editor's file stays, ConflictError); elsewhere a hard link keeps the replaced file, and a file that
    differs from what was read is kept beside it as ``NAME.saved``. A file created meanwhile is never
    replaced (the new file is linked into place, which fails when the name exists).
    """
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        current = None
    if expected is not None and fingerprint(current) != expected:
        raise _conflict(path)
    if current == data:
        return False
    if current is not None and not os.access(path, os.W_OK):
        # replacing by rename would ignore the file's permissions: a translator's read-only file stays as it is
        raise L10nError("file is read-only; not overwriting it", path=path, hint="make it writable to update it")
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if current is not None else None
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        else:
            os.chmod(tmp_name, 0o644)
        if expected is not None:
            try:
                again = path.read_bytes()
            except FileNotFoundError:
                again = None
            if fingerprint(again) != expected:  # saved while the new file was being written
                raise _conflict(path)
        for hook in BEFORE_REPLACE:
            hook(path)
        _replace(Path(tmp_name), path, data, expected)
        _sync_folder(path.parent)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return True


def _replace(tmp: Path, path: Path, data: bytes, expected: str | None) -> None:
    """Move ``tmp`` over ``path``; when ``expected`` is given, never lose a version of ``path`` other than it."""
    if expected is None:
        os.replace(tmp, path)
        return
    if expected == ABSENT:
        try:
            os.link(tmp, path)  # fails if the file appeared meanwhile: it is not ours to replace
        except FileExistsError:
            raise _conflict(path) from None
        except OSError:  # no hard links here (some network shares): the check above is the guard
            os.replace(tmp, path)
            return
        os.unlink(tmp)
        return
    if _exchange(str(tmp), str(path)):
        replaced = _read_or_none(tmp)  # exactly what the swap took away
        if fingerprint(replaced) == expected:
            os.unlink(tmp)
            return
        _exchange(str(tmp), str(path))  # an editor's save: put it back, ours goes away
        mine = _read_or_none(tmp)
        if mine is not None and mine != data:
            os.replace(tmp, saved_copy(path))  # yet another save landed on ours meanwhile: keep it too
            raise _conflict(path, saved_copy(path))
        raise _conflict(path)
    backup = path.with_name(f".{path.name}.{os.getpid()}.replaced")
    try:
        os.link(path, backup)
    except OSError:
        os.replace(tmp, path)
        return
    try:
        os.replace(tmp, path)
        replaced = _read_or_none(backup)
        if fingerprint(replaced) != expected:
            os.replace(backup, saved_copy(path))
            raise _conflict(path, saved_copy(path))
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(backup)


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def write_mo(catalog: Catalog, path: Path, *, include_fuzzy: bool = False) -> bool:
    """Compile to MO through polib (fuzzy entries left out, as msgfmt does)."""
    import polib

    mo = polib.MOFile()
    if catalog.header is not None:
        mo.metadata = parse_header(catalog.header.msgstr)
    for entry in catalog.live:
        if not entry.translated or (entry.fuzzy and not include_fuzzy):
            continue
        item = polib.MOEntry(msgid=entry.msgid, msgstr=entry.msgstr, msgctxt=entry.msgctxt)
        if entry.msgid_plural is not None:
            item = polib.MOEntry(
                msgid=entry.msgid,
                msgid_plural=entry.msgid_plural,
                msgstr_plural=dict(enumerate(entry.msgstr_plural)),
                msgctxt=entry.msgctxt,
            )
        mo.append(item)
    folder = path.parent if path.parent.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)  # hidden if a kill leaves it
    os.close(fd)
    try:
        mo.save(tmp)
        data = Path(tmp).read_bytes()
    finally:
        os.unlink(tmp)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, data)
