"""Reading an edition's booklets (from a folder or a git revision) into decoded text, with clear errors."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.errors import EditionError, L10nError, MarkdownError, UsageError
from .config import EditionConfig, ProjectConfig
from .gitrepo import read_markdown_at
from .po import MAX_CATALOG_BYTES

# A booklet's template is about as large as its text, and no command reads a catalog over MAX_CATALOG_BYTES
# (``po.check_catalog_size`` refuses to write one): a booklet over that limit could not be translated anyway.
MAX_BOOKLET_BYTES = MAX_CATALOG_BYTES


@dataclass(frozen=True, slots=True)
class Booklet:
    name: str
    edition: str
    path: str  # relative to the project root (POSIX), used in #: references
    text: str


def decode_markdown(data: bytes, path: str) -> str:
    if len(data) > MAX_BOOKLET_BYTES:
        raise MarkdownError(
            f"booklet is larger than {MAX_BOOKLET_BYTES // 2**20} MB, the limit of its catalogs",
            path=path,
            hint="split it into smaller booklets",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise MarkdownError(
            f"not UTF-8 text ({exc.reason} at byte {exc.start})",
            path=path,
            line=line,
            hint="save the booklet as UTF-8",
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise MarkdownError("NUL byte: this is not a text file", path=path, line=line)
    return text


def parse_edition_spec(spec: str) -> EditionConfig:
    """``git:REV:FOLDER`` -> an ad-hoc edition read from git; anything else is a folder path."""
    if spec.startswith("git:"):
        _, _, rest = spec.partition(":")
        revision, sep, folder = rest.rpartition(":")
        if not sep or not revision or not folder:
            raise EditionError(f"edition {spec!r} must look like git:REVISION:FOLDER")
        return EditionConfig(spec, folder, revision)
    return EditionConfig(spec, spec)


def _configured_folder(config: ProjectConfig, spec: str) -> EditionConfig | None:
    """The configured (folder) edition whose path ``spec`` names: ``source/2021``, ``./source/2021/``, or the
    folder's absolute path."""
    if spec.startswith("git:"):
        return None
    try:
        target = (config.root / spec).resolve()
    except (OSError, ValueError):
        return None
    for edition in config.editions:
        if not edition.git and (config.root / edition.path).resolve() == target:
            return edition
    return None


def resolve_edition(config: ProjectConfig, name: str, *, adhoc: bool = True) -> EditionConfig:
    """The one meaning of ``--edition``: a configured edition by name or by its folder (``2021`` or
    ``source/2021``); with ``adhoc`` (``compare``, ``migrate``) also any other folder or ``git:REV:FOLDER``.
    Anything else is a usage error (exit 2) naming the configured editions."""
    for edition in config.editions:
        if edition.name == name:
            return edition
    configured = _configured_folder(config, name)
    if configured is not None:
        return configured
    if adhoc and (name.startswith("git:") or "/" in name or (config.root / name).is_dir()):
        return parse_edition_spec(name)
    known = ", ".join(e.name for e in config.editions) or "none"
    raise UsageError(
        f"unknown edition {name!r}",
        path=config.file,
        hint=f"configured editions: {known}"
        + ("; or give a folder or git:REV:FOLDER" if adhoc else " (a name, or its folder such as source/NAME)"),
    )


def read_edition(
    config: ProjectConfig,
    edition: EditionConfig,
    booklet: str | None = None,
    *,
    errors: dict[str, L10nError] | None = None,
) -> list[Booklet]:
    """The edition's booklets (every ``*.md`` in its folder, by file stem), sorted by name.

    With ``errors`` (read-only commands that keep going), a booklet that cannot be decoded is left out and its
    error stored under its name; without it, the error is raised.
    """
    found: dict[str, tuple[str, bytes]] = {}
    if edition.git:
        found = read_markdown_at(config.root, edition.git, edition.path)
    else:
        folder = config.root / edition.path
        if not folder.is_dir():
            raise EditionError(f"edition folder {edition.path!r} does not exist", path=config.file)
        for file in sorted(folder.glob("*.md")):
            target = file.resolve()
            if file.is_symlink() and not (
                target.is_relative_to(config.root.resolve()) or target.is_relative_to(folder.resolve())
            ):
                raise MarkdownError(
                    f"booklet is a link to {target}, outside the project folder",
                    path=file,
                    hint="copy the file into the edition folder if it belongs to the project",
                )
            try:
                data = file.read_bytes()
            except OSError as exc:
                raise MarkdownError(f"cannot read booklet: {exc.strerror}", path=file) from None
            found[file.stem] = (
                file.relative_to(config.root).as_posix() if file.is_relative_to(config.root) else str(file),
                data,
            )
        if not found:
            _refuse_nested_only(folder, edition.path)
    if booklet is not None:
        if booklet not in found:
            raise EditionError(
                f"no booklet {booklet!r} in edition {edition.name!r}",
                hint=f"booklets: {', '.join(sorted(found)) or 'none'}",
            )
        found = {booklet: found[booklet]}
    out = []
    for name, (path, data) in sorted(found.items()):
        try:
            out.append(Booklet(name, edition.name, path, decode_markdown(data, path)))
        except L10nError as exc:
            if errors is None:
                raise
            errors[name] = exc
    return out


def _refuse_nested_only(folder: Path, shown: str) -> None:
    """An edition whose Markdown is all in subfolders would be read as empty: say so instead of reporting 0 %."""
    nested = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.md"))
    if nested:
        listed = ", ".join(nested[:3]) + (f" and {len(nested) - 3} more" if len(nested) > 3 else "")
        raise EditionError(
            f"edition folder {shown!r} has no booklets: its Markdown files are in subfolders ({listed})",
            hint="booklets are the *.md files directly in the edition folder: move them up, "
            "or name the subfolder as the edition",
        )
