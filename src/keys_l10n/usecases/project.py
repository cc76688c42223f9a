"""One project context per command run: what the command works on, resolved and validated once, and the one
way every file it changes is written.

    with Project.open(config, Selection(edition="source/2021", lang=["es"]), write=True) as project:
        for edition in project.editions: ...            # EditionConfig, in configuration order
        project.locales                                 # normalized, each one configured
        project.booklets(edition)                       # read once, cached
        project.stage(path, data, expected=existing)    # queued; written when the block ends without error

Selection rules, the same in every command:

- ``--edition`` is a configured edition's name or its folder (``2021`` or ``source/2021``, ``./source/2021/``);
  anything else is a usage error (exit 2). ``compare`` and ``migrate`` (``adhoc=True``) also take any folder or
  ``git:REVISION:FOLDER`` as an ad-hoc edition; the folder of a configured edition still means that edition.
- ``--lang`` is a configured locale, in any spelling (``ES``, ``pt-BR``); an unconfigured one is a usage error and
  nothing is created for it (``ProjectConfig.select_locales``).

The write policy (``write=True``): the project lock (``locking.project_lock``) is held for the whole run; every
file is staged with the fingerprint of its bytes as read, and at the end every target is checked (unchanged on
disk since it was read, writable) before any is written, each by atomic rename (``po.write_atomic``). Catalogs,
POTs, booklets, reports, badges and ``-o`` files all go through ``stage``/``write_file``.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..adapters.config import EditionConfig, ProjectConfig
from ..adapters.locking import project_lock
from ..adapters.po import ReadResult, read_catalog, read_existing
from ..adapters.po_write import fingerprint, write_atomic
from ..adapters.sources import Booklet, read_edition, resolve_edition
from ..core.errors import ConfigError, ConflictError, L10nError
from ..core.markdown import segment
from ..core.model import Segment

Progress = Callable[[str], None]


def no_progress(_: str) -> None:
    """The progress callback of a run nobody watches."""


class FileAction(StrEnum):
    """What a run did (or would do) to one file; the value is the word every command prints."""

    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REMOVED = "removed"

    @classmethod
    def of(cls, before: bytes | None, after: bytes) -> FileAction:
        if before == after:
            return cls.UNCHANGED
        return cls.CREATED if before is None else cls.UPDATED


UNREAD = object()  # ``stage(expected=UNREAD)``: the file was not read before; take its bytes now


@dataclass(frozen=True, slots=True)
class Selection:
    """What the command line asked for: ``--edition`` (one or repeated), ``--lang``, ``--booklet``."""

    edition: str | Sequence[str] | None = None
    lang: str | Sequence[str] | None = None
    booklet: str | None = None


def select_editions(config: ProjectConfig, edition: str | Sequence[str] | None) -> list[EditionConfig]:
    """The editions a command works on: those given (names or folders of configured editions), else all."""
    if not edition:
        if not config.editions:
            raise ConfigError("no editions configured", path=config.file, hint="add an [editions.NAME] section")
        return list(config.editions)
    specs = [edition] if isinstance(edition, str) else list(edition)
    chosen = [resolve_edition(config, spec, adhoc=False) for spec in specs]
    return list({e.name: e for e in chosen}.values())


@dataclass(slots=True)
class Staged:
    path: Path
    data: bytes
    expected: str  # fingerprint of the bytes as read


@dataclass
class Writer:
    """The one write policy: stage files, then check every target, then write each atomically."""

    staged: list[Staged] = field(default_factory=list)

    def stage(self, path: Path, data: bytes, *, expected: bytes | object | None = UNREAD) -> FileAction:
        """Queue ``data`` for ``path`` (nothing when it is unchanged)."""
        current = read_existing(path) if expected is UNREAD else expected
        assert current is None or isinstance(current, bytes)
        action = FileAction.of(current, data)
        if action is not FileAction.UNCHANGED:
            self.staged.append(Staged(path, data, fingerprint(current)))
        return action

    def verify(self) -> None:
        """Every staged target unchanged on disk since it was read, and writable: else nothing is written."""
        for item in self.staged:
            if fingerprint(read_existing(item.path)) != item.expected:
                raise ConflictError(
                    "file changed on disk since it was read; not overwriting it",
                    path=item.path,
                    hint="run the command again",
                )
            folder = item.path.parent
            while not folder.exists() and folder != folder.parent:
                folder = folder.parent
            if item.path.exists() and not os.access(item.path, os.W_OK):
                raise L10nError(
                    "file is read-only; not overwriting it", path=item.path, hint="make it writable to update it"
                )
            if not os.access(folder, os.W_OK):
                raise L10nError("folder is read-only; cannot write in it", path=folder, hint="make it writable")

    def commit(self) -> None:
        self.verify()
        staged, self.staged = self.staged, []
        for item in staged:
            write_atomic(item.path, item.data, expected=item.expected)


def write_file(path: Path, data: bytes, *, root: Path | None = None) -> bool:
    """Write one file (a report, an ``-o`` file) by the write policy: under the project lock when ``root`` is a
    project, checked against its bytes as read, atomically. False when the bytes were already there."""
    lock = project_lock(root) if root is not None else contextlib.nullcontext()
    with lock:
        writer = Writer()
        action = writer.stage(path, data)
        writer.commit()
    return action is not FileAction.UNCHANGED


def segment_at(text: str, path: Path | str, *, lines: bool = True) -> list[Segment]:
    """``markdown.segment`` with the file named in its errors, as every command reports them (``path:line:``);
    ``lines=False`` keeps the file but not the line (a text converted from HTML or DOCX has other lines)."""
    try:
        return segment(text)
    except L10nError as exc:
        exc.path = exc.path or Path(path)
        if not lines:
            exc.line = None
        raise


def write_now(path: Path, data: bytes) -> FileAction:
    """Write one file at once by the write policy (for outputs the run reads back, such as a build's files):
    checked against its bytes as read, atomically. The caller holds the
    project lock (``Project.open(..., write=True)``)."""
    try:
        current: bytes | None = path.read_bytes()
    except FileNotFoundError:
        current = None
    action = FileAction.of(current, data)
    if action is not FileAction.UNCHANGED:
        write_atomic(path, data, expected=fingerprint(current))
    return action


class Project:
    """A command's view of the project: the selection, resolved once; what it reads, cached; what it writes,
    staged. Use ``Project.open``."""

    def __init__(self, config: ProjectConfig, selection: Selection, *, write: bool) -> None:
        self.config = config
        self.selection = selection
        self.write = write
        self.editions: tuple[EditionConfig, ...] = tuple(select_editions(config, selection.edition))
        # validated now (an unconfigured --lang fails before anything is read); a project without locales is an
        # error only for a command that asks for them
        self._locales = tuple(config.select_locales(selection.lang)) if selection.lang or config.locales else None
        self.writer = Writer()
        self._booklets: dict[tuple[str, str | None], list[Booklet]] = {}
        self._catalogs: dict[Path, ReadResult] = {}

    @classmethod
    @contextlib.contextmanager
    def open(
        cls, config: ProjectConfig, selection: Selection | None = None, *, write: bool = False
    ) -> Iterator[Project]:
        """The context for one run; with ``write``, the lock is held and the staged files are written when the
        block ends without error (an error anywhere leaves every file as it was)."""
        project = cls(config, selection or Selection(), write=write)
        if not write:
            yield project
            return
        with project_lock(config.root):
            yield project
            project.writer.commit()

    @property
    def locales(self) -> tuple[str, ...]:
        """The selected locales (``--lang``), normalized, each configured; all configured ones by default."""
        if self._locales is None:
            return tuple(self.config.select_locales(None))  # raises: no locales configured
        return self._locales

    @property
    def edition_names(self) -> list[str]:
        return [e.name for e in self.editions]

    def booklets(self, edition: EditionConfig, booklet: str | object | None = UNREAD) -> list[Booklet]:
        """The edition's booklets (only ``booklet``, default: the selection's ``--booklet``), read once."""
        name = self.selection.booklet if booklet is UNREAD else booklet
        assert name is None or isinstance(name, str)
        key = (edition.name, name)
        if key not in self._booklets:
            self._booklets[key] = read_edition(self.config, edition, name)
        return self._booklets[key]

    def catalog(self, path: Path) -> ReadResult:
        """A catalog or POT as read, once per run (errors name the file)."""
        if path not in self._catalogs:
            try:
                self._catalogs[path] = read_catalog(path)
            except L10nError as exc:
                exc.path = exc.path or path
                raise
        return self._catalogs[path]

    def stage(self, path: Path, data: bytes, *, expected: bytes | object | None = UNREAD) -> FileAction:
        if not self.write:
            raise L10nError("internal: a read-only project context cannot write", path=path)
        return self.writer.stage(path, data, expected=expected)

    def relative(self, path: Path) -> Path:
        return self.config.relative(path)
