"""The `build` use case: source booklets + PO files -> build/<edition>/<lang>/<booklet>.md|.html|.pdf|.mo + manifest.

No printing, no exiting: ``build()`` returns a ``BuildResult`` that the command renders. Every file is written
through the project's write policy (``project.write_now``: under the project lock, checked against the bytes
as read, by atomic rename; nothing is written when the bytes are unchanged, so a second run changes nothing).
A booklet below the completeness threshold is not built; outputs of an earlier build of it are removed so
that the folder always matches its manifest.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any

from ..adapters.config import EditionConfig, ProjectConfig
from ..adapters.locales import native_name
from ..adapters.po_write import write_mo
from ..adapters.sources import Booklet
from ..core.errors import L10nError, UsageError
from ..core.images import EMBED_LIMIT, data_uri, image_refs
from ..core.markdown import segment
from ..core.model import Catalog, Segment
from ..core.rebuild import BuildWarning, FuzzyPolicy, RebuiltBooklet
from .build_jobs import Job, rebuild_all
from .project import FileAction, Progress, Project, Selection, no_progress, write_now

FORMATS = ("md", "html", "pdf", "mo")
MANIFEST = "manifest.json"
MAX_IMAGE_BYTES = 64 * 1024 * 1024


class BuildStatus(StrEnum):
    """Whether a booklet was built; the value is the word the manifest and the command show."""

    BUILT = "built"
    SKIPPED = "skipped"


@dataclass
class OutputFile:
    path: Path  # relative to the project root
    action: FileAction


@dataclass
class BookletBuild:
    edition: str
    lang: str
    booklet: str
    source: str
    catalog: str
    status: BuildStatus
    complete: float
    rebuilt: RebuiltBooklet
    files: list[OutputFile] = field(default_factory=list)
    outputs: tuple[str, ...] = ()  # names of this booklet's files in the build folder after the run
    images: tuple[str, ...] = ()  # the images copied beside them (paths relative to the build folder)


@dataclass
class BuildResult:
    booklets: list[BookletBuild] = field(default_factory=list)
    manifests: list[OutputFile] = field(default_factory=list)
    fuzzy: FuzzyPolicy = FuzzyPolicy.KEEP
    min_complete: float = 80.0
    # "catalog:line: message" for each catalog that could not be read: its booklet is not built (the files of an
    # earlier build stay as they were), the other booklets are
    errors: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[BuildWarning]:
        return [w for b in self.booklets for w in b.rebuilt.warnings]

    @property
    def skipped(self) -> list[BookletBuild]:
        return [b for b in self.booklets if b.status is BuildStatus.SKIPPED]


def parse_formats(value: str | Iterable[str]) -> tuple[str, ...]:
    """``"md,html"`` -> ("md", "html"); an unknown format is a UsageError (exit 2) naming the allowed ones."""
    items = value.split(",") if isinstance(value, str) else list(value)
    out: list[str] = []
    for item in (i.strip().lower() for i in items):
        if not item:
            continue
        if item not in FORMATS:
            hint = f"use a comma-separated list of {', '.join(FORMATS)}"
            raise UsageError(f"unknown build format {item!r}", hint=hint)
        if item not in out:
            out.append(item)
    if not out:
        raise UsageError("no build format given", hint=f"use a comma-separated list of {', '.join(FORMATS)}")
    return tuple(out)


def _write(config: ProjectConfig, path: Path, data: bytes) -> OutputFile:
    return OutputFile(config.relative(path), write_now(path, data))


def _build_dir_name(edition: str) -> str:
    """An edition spec such as ``git:v1:source`` becomes a safe folder name."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in edition).strip(".") or "edition"


def _manifest_entry(item: BookletBuild, fuzzy: FuzzyPolicy, min_complete: float, wrap: bool) -> dict[str, Any]:
    words = item.rebuilt.words
    return {
        "source": item.source,
        "catalog": item.catalog,
        "status": item.status,
        "complete": round(item.complete, 2),
        "min_complete": min_complete,
        "fuzzy": fuzzy.value,
        "wrap": wrap,
        "units": item.rebuilt.units,
        "words": {
            "total": words.total,
            "translated": words.translated,
            "fuzzy": words.fuzzy,
            "untranslated": words.untranslated,
            "shown_translated": words.shown_translated,
        },
        "files": list(item.outputs),
        "images": list(item.images),
        "fallbacks": [{"line": f.line, "reason": f.reason, "msgid": f.msgid} for f in item.rebuilt.fallbacks],
        "warnings": [{"path": w.path, "line": w.line, "message": w.message} for w in item.rebuilt.warnings],
    }


def build(
    config: ProjectConfig,
    *,
    edition: str | None = None,
    lang: list[str] | None = None,
    booklet: str | None = None,
    formats: Iterable[str] = ("md", "html"),
    fuzzy: FuzzyPolicy | str = FuzzyPolicy.KEEP,
    min_complete: float = 80.0,
    wrap: bool = True,
    progress: Progress = no_progress,
    workers: int | None = None,
) -> BuildResult:
    """Build every (edition, locale, booklet) asked for; see the module docstring. ``workers``: processes that
    rebuild the booklets of a locale (default: see ``pool.workers``; ``usecases/build_jobs.py``)."""
    policy = FuzzyPolicy(fuzzy)
    wanted = parse_formats(formats)
    if not 0 <= min_complete <= 100:
        raise UsageError(f"--min-complete must be between 0 and 100, not {min_complete:g}")
    if "pdf" in wanted:
        from ..adapters.pdf import require

        require()  # before anything is written
    with Project.open(config, Selection(edition=edition, lang=lang, booklet=booklet), write=True) as project:
        return _build(project, policy, wanted, min_complete, wrap, progress, workers)


@dataclass(frozen=True)
class _Options:
    """What ``build`` was asked for, handed down to the helpers of ``_build``."""

    policy: FuzzyPolicy
    wanted: tuple[str, ...]
    min_complete: float
    wrap: bool

    @property
    def pages(self) -> bool:
        """HTML or PDF wanted: the HTML booklet is rendered."""
        return "html" in self.wanted or "pdf" in self.wanted


def _build(
    project: Project,
    policy: FuzzyPolicy,
    wanted: tuple[str, ...],
    min_complete: float,
    wrap: bool,
    progress: Progress,
    workers: int | None,
) -> BuildResult:
    config = project.config
    options = _Options(policy, wanted, min_complete, wrap)
    result = BuildResult(fuzzy=policy, min_complete=min_complete)
    locales = project.locales
    for edition_config in project.editions:
        booklets = project.booklets(edition_config)
        pictures = {item.name: _booklet_images(config, edition_config, item) for item in booklets}
        units = _segment_all(booklets)
        for code in locales:
            native_name(code)  # an unknown locale fails here, before anything is written
            jobs = [_job(config, edition_config.name, code, item, units[item.name], options) for item in booklets]
            _build_locale(
                config, edition_config.name, code, booklets, jobs, pictures, options, progress, workers, result
            )
    return result


def _segment_all(booklets: list[Booklet]) -> dict[str, list[Segment]]:
    """Each booklet's units; a source that cannot be split fails here, naming its file."""
    units = {}
    for item in booklets:
        try:
            units[item.name] = segment(item.text)
        except L10nError as exc:
            exc.path = exc.path or Path(item.path)
            raise
    return units


def _job(config: ProjectConfig, name: str, code: str, item: Booklet, units: list[Segment], options: _Options) -> Job:
    po_path = config.po_path(name, code, item.name)
    return Job(
        item.text,
        units,
        item.path,
        po_path,
        config.relative(po_path).as_posix(),
        options.policy,
        options.wrap,
        options.pages,
        "mo" in options.wanted,
    )


def _build_locale(
    config: ProjectConfig,
    name: str,
    code: str,
    booklets: list[Booklet],
    jobs: list[Job],
    pictures: dict[str, BookletImages],
    options: _Options,
    progress: Progress,
    workers: int | None,
    result: BuildResult,
) -> None:
    """Build the booklets of one edition in one locale into ``result``, then write the locale's manifest."""
    out_dir = config.build_path / _build_dir_name(name) / code
    built_now: dict[str, dict[str, Any]] = {}
    results = rebuild_all(jobs, workers=workers)
    for item, job in zip(booklets, jobs, strict=True):
        progress(f"{name}/{code}/{item.name}")
        done = next(results)
        if done.rebuilt is None:
            result.errors.append(done.error or job.po_rel)
            continue
        pics = pictures[item.name]
        rebuilt = done.rebuilt
        notes = [*done.notes, *pics.warnings]
        if notes:
            rebuilt = replace(rebuilt, warnings=(*notes, *rebuilt.warnings))
        complete = rebuilt.complete
        status = BuildStatus.BUILT if complete + 1e-9 >= options.min_complete else BuildStatus.SKIPPED
        outcome = BookletBuild(name, code, item.name, item.path, job.po_rel, status, complete, rebuilt)
        targets = {fmt: out_dir / f"{item.name}.{fmt}" for fmt in FORMATS}
        if status is BuildStatus.BUILT:
            _write_outputs(config, outcome, out_dir, targets, pics, done.catalog, options)
        else:
            _remove_outputs(config, outcome, targets)
        outcome.outputs = tuple(sorted(t.name for t in targets.values() if t.exists()))
        result.booklets.append(outcome)
        built_now[item.name] = _manifest_entry(outcome, options.policy, options.min_complete, options.wrap)
    if built_now:
        result.manifests.append(_write_manifest(config, out_dir, name, code, built_now))


def _write_outputs(
    config: ProjectConfig,
    outcome: BookletBuild,
    out_dir: Path,
    targets: dict[str, Path],
    pics: BookletImages,
    catalog: Catalog | None,
    options: _Options,
) -> None:
    """Write a built booklet's files (and its images) in the formats wanted, recording them in ``outcome``."""
    wanted = options.wanted
    if "md" in wanted:
        outcome.files.append(_write(config, targets["md"], outcome.rebuilt.markdown.encode("utf-8")))
    copies = [
        (path, content)
        for path, content in pics.files
        if "md" in wanted or (options.pages and path.as_posix() not in _embedded_paths(pics))
    ]
    for path, content in copies:
        outcome.files.append(_write(config, out_dir / Path(*path.parts), content))
    outcome.images = tuple(sorted(path.as_posix() for path, _ in copies))
    if options.pages:  # only then: the HTML booklet (and its marks) is rendered on first use
        _write_pages(config, outcome, out_dir, targets, pics, wanted)
    if "mo" in wanted:
        outcome.files.append(_write_mo(config, targets["mo"], catalog, options.policy))


def _write_pages(
    config: ProjectConfig,
    outcome: BookletBuild,
    out_dir: Path,
    targets: dict[str, Path],
    pics: BookletImages,
    wanted: tuple[str, ...],
) -> None:
    """The HTML and PDF outputs; the PDF renderer's notes become warnings of the booklet."""
    from ..adapters.html import PageInfo

    rebuilt = outcome.rebuilt
    info = PageInfo(
        outcome.booklet, outcome.edition, outcome.lang, outcome.complete, rebuilt.marks, config.source_language
    )
    if "html" in wanted:
        from ..adapters.html import render_html

        page = render_html(rebuilt.html_markdown, info, pics.embedded)
        outcome.files.append(_write(config, targets["html"], page.encode("utf-8")))
    if "pdf" in wanted:
        from ..adapters.html import render_print_html
        from ..adapters.pdf import render_pdf

        pdf, pdf_notes = render_pdf(render_print_html(rebuilt.html_markdown, info, pics.embedded), base=out_dir)
        outcome.files.append(_write(config, targets["pdf"], pdf))
        extra = tuple(BuildWarning(outcome.source, 0, f"PDF: {note}") for note in dict.fromkeys(pdf_notes))
        if extra:
            outcome.rebuilt = replace(rebuilt, warnings=(*rebuilt.warnings, *extra))


def _write_mo(config: ProjectConfig, target: Path, catalog: Catalog | None, policy: FuzzyPolicy) -> OutputFile:
    existed = target.exists()
    changed = write_mo(catalog or Catalog(entries=()), target, include_fuzzy=policy is not FuzzyPolicy.KEEP)
    action = FileAction.UNCHANGED if not changed else (FileAction.UPDATED if existed else FileAction.CREATED)
    return OutputFile(config.relative(target), action)


def _remove_outputs(config: ProjectConfig, outcome: BookletBuild, targets: dict[str, Path]) -> None:
    """A booklet below the threshold: the files of an earlier build of it are removed."""
    for target in targets.values():
        if target.exists():
            target.unlink()
            outcome.files.append(OutputFile(config.relative(target), FileAction.REMOVED))


def _embedded_paths(pics: BookletImages) -> set[str]:
    return {path.as_posix() for path, content in pics.files if data_uri(path, content) is not None}


@dataclass
class BookletImages:
    """A booklet's local images: the files to copy beside the built Markdown, what the HTML embeds."""

    files: list[tuple[PurePosixPath, bytes]] = field(default_factory=list)
    embedded: dict[str, str] = field(default_factory=dict)  # image target -> data: URI
    warnings: list[BuildWarning] = field(default_factory=list)


def _booklet_images(config: ProjectConfig, edition: EditionConfig, item: Booklet) -> BookletImages:
    """Read the local images ``item`` shows (see ``core/images.py``); problems are warnings naming the source line."""
    out = BookletImages()
    refs = image_refs(item.text)
    if not refs:
        return out
    root = config.root.resolve()
    folder = (config.root / item.path).parent
    for ref in refs:
        if ref.path is None:
            if ref.dest and not ref.dest.startswith(("http:", "https:", "data:", "#", "//")):
                message = f"image {ref.dest!r} is not a relative path inside the booklet's folder: not copied"
                out.warnings.append(BuildWarning(item.path, ref.line, message))
            continue
        if edition.git:
            message = f"image {ref.dest!r}: images of an edition read from git are not copied"
            out.warnings.append(BuildWarning(item.path, ref.line, message))
            continue
        file = folder / Path(*ref.path.parts)
        try:
            inside = file.resolve().is_relative_to(root)
            size = file.stat().st_size if inside and file.is_file() else -1
        except OSError:
            inside, size = True, -1
        if not inside:
            message = f"image {ref.dest!r} is a link to a file outside the project folder: not copied"
            out.warnings.append(BuildWarning(item.path, ref.line, message))
            continue
        if size < 0:
            out.warnings.append(BuildWarning(item.path, ref.line, f"image {ref.dest!r} not found"))
            continue
        if size > MAX_IMAGE_BYTES:
            message = f"image {ref.dest!r} is over {MAX_IMAGE_BYTES // 2**20} MB: not copied"
            out.warnings.append(BuildWarning(item.path, ref.line, message))
            continue
        content = file.read_bytes()
        out.files.append((ref.path, content))
        uri = data_uri(ref.path, content)
        if uri is not None:
            out.embedded[ref.dest] = uri
        elif size > EMBED_LIMIT and ref.path.suffix.lower() != ".svg":
            message = (
                f"image {ref.dest!r} is {size / 2**20:.1f} MB, over the {EMBED_LIMIT / 2**20:g} MB embedding limit:"
                " the HTML links to a copy beside it"
            )
            out.warnings.append(BuildWarning(item.path, ref.line, message))
    return out


def _write_manifest(
    config: ProjectConfig, out_dir: Path, edition: str, lang: str, entries: dict[str, dict[str, Any]]
) -> OutputFile:
    """Merge this run's booklets into the locale's manifest (booklets not built this time are kept)."""
    path = out_dir / MANIFEST
    booklets: dict[str, Any] = {}
    if path.exists():
        try:
            old = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(old, dict) and isinstance(old.get("booklets"), dict):
                booklets = dict(old["booklets"])
        except (ValueError, UnicodeDecodeError):
            booklets = {}
    booklets.update(entries)
    data = {
        "edition": edition,
        "lang": lang,
        "language": native_name(lang),
        "booklets": {key: booklets[key] for key in sorted(booklets)},
    }
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return _write(config, path, text.encode("utf-8"))
