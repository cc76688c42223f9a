"""Use cases of ``keys-l10n check`` and ``keys-l10n glossary extract``: configuration in, result values out.

No printing, no exiting; errors are L10nError subclasses (a malformed PO file is a CatalogError with its
line, a broken glossary a ConfigError with its line).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..adapters.config import ProjectConfig
from ..adapters.glossary_files import glossary_path, load_glossary
from ..adapters.locales import normalize_locale
from ..adapters.po import ReadResult, read_catalog
from ..adapters.terminology import Candidate, extract_candidates
from ..adapters.ttk import ttk_checks
from ..core.checks import (
    LEVELS,
    Check,
    Finding,
    Level,
    all_checks,
    ignored_checks,
    level_rank,
    run_checks,
    should_check,
)
from ..core.errors import CatalogError, ConfigError, L10nError, UsageError
from ..core.glossary import Glossary
from ..core.inline import reference_labels
from .project import Progress, Project, Selection, no_progress


@dataclass
class CatalogResult:
    path: Path  # as given, or relative to the project root
    lang: str
    edition: str | None = None
    booklet: str | None = None
    entries: int = 0  # live messages
    checked: int = 0  # messages the checks looked at
    words: int = 0  # source words of the checked messages
    findings: list[Finding] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # from reading the file (e.g. a NUL byte)
    unreadable: str | None = None  # why the file could not be read ("path:line: message"); the others go on


@dataclass
class CheckReport:
    catalogs: list[CatalogResult] = field(default_factory=list)
    missing: list[Path] = field(default_factory=list)  # expected catalogs that do not exist (yet)
    glossaries: dict[str, Path | None] = field(default_factory=dict)
    severity: Level = "info"
    include_fuzzy: bool = False

    @property
    def findings(self) -> list[Finding]:
        return [f for c in self.catalogs for f in c.findings]

    def count(self, level: str) -> int:
        return sum(1 for f in self.findings if f.level == level)

    @property
    def failed(self) -> bool:
        return self.count("error") > 0

    @property
    def unreadable(self) -> list[CatalogResult]:
        return [c for c in self.catalogs if c.unreadable is not None]

    def summary(self) -> dict[str, int]:
        return {
            "catalogs": len(self.catalogs),
            "entries": sum(c.entries for c in self.catalogs),
            "checked": sum(c.checked for c in self.catalogs),
            "words": sum(c.words for c in self.catalogs),
            "errors": self.count("error"),
            "warnings": self.count("warning"),
            "info": self.count("info"),
        }


def parse_severity(value: str) -> Level:
    lowered = value.lower()
    for level in LEVELS:
        if level == lowered:
            return level
    raise L10nError(f"unknown severity {value!r}", hint=f"use one of {', '.join(LEVELS)}")


def _relative(config: ProjectConfig | None, path: Path) -> Path:
    if config is None:
        return path
    try:
        return path.resolve().relative_to(config.root.resolve())
    except ValueError:
        return path


class _Glossaries:
    """Each language's glossary, loaded once."""

    def __init__(self, root: Path | None, source_lang: str) -> None:
        self.root = root
        self.source_lang = source_lang
        self.loaded: dict[str, Glossary | None] = {}

    def get(self, lang: str) -> Glossary | None:
        if lang not in self.loaded:
            path = glossary_path(self.root, lang) if self.root is not None else None
            self.loaded[lang] = load_glossary(path, lang, self.source_lang) if path else None
        return self.loaded[lang]


def check_catalog(
    path: Path,
    lang: str,
    checks: Sequence[Check],
    *,
    shown: Path | None = None,
    include_fuzzy: bool = False,
    severity: Level = "info",
    labels: frozenset[str] = frozenset(),
) -> CatalogResult:
    """Read one PO file and run ``checks`` on it.

    A file gettext cannot read either gives one ``po-syntax`` error finding (and ``unreadable``), not an
    exception: the other catalogs are still checked. What only ``msgfmt --check`` reports comes from the reader
    as error findings (``gettext-*``), which ``#, keys-l10n-ignore:NAME`` on the entry (or the header) accepts.
    ``labels``: the reference labels of the booklet it translates (``[label]`` alone is then a link).
    """
    label = str(shown or path)
    try:
        read = read_catalog(path)
    except CatalogError as exc:
        result = CatalogResult(Path(label), lang, unreadable=str(exc))
        result.findings = [Finding(label, exc.line or 1, "error", "po-syntax", exc.message, "")]
        return result
    catalog = read.catalog
    notes = [label + n[len(str(path)) :] if n.startswith(f"{path}:") else n for n in read.notes]
    result = CatalogResult(Path(label), lang, warnings=notes)
    live = catalog.live
    result.entries = len(live)
    checked = [e for e in live if should_check(e, include_fuzzy)]
    result.checked = len(checked)
    result.words = sum(len(e.msgid.split()) for e in checked)
    limit = level_rank(severity)
    findings = _reader_findings(read, label) + run_checks(
        live, checks, path=label, lang=lang, include_fuzzy=include_fuzzy, labels=labels
    )
    result.findings = [f for f in findings if level_rank(f.level) <= limit]
    return result


def _reader_findings(read: ReadResult, label: str) -> list[Finding]:
    """The reader's problems as error findings, minus those an entry's ``keys-l10n-ignore`` flag accepts."""
    catalog = read.catalog
    by_key = {e.key: e for e in catalog.entries if not e.obsolete}
    findings = []
    for problem in read.problems:
        entry = by_key.get(problem.key) if problem.key is not None else catalog.header
        ignored = ignored_checks(entry) if entry is not None else frozenset()
        if problem.check in ignored or "all" in ignored:
            continue
        msgid = entry.msgid if entry is not None and problem.key is not None else ""
        findings.append(Finding(label, problem.line, "error", problem.check, problem.message, msgid))
    return findings


def _header_language(path: Path) -> str | None:
    try:
        catalog = read_catalog(path).catalog
    except CatalogError:
        return None  # unreadable: reported by check_catalog when a language is given
    value = catalog.header_fields().get("Language", "").strip()
    return value or None


def check(
    config: ProjectConfig | None,
    *,
    edition: str | None = None,
    lang: list[str] | None = None,
    booklet: str | None = None,
    paths: list[Path] | None = None,
    include_fuzzy: bool = False,
    severity: str = "info",
    ttk: bool = True,
    progress: Progress = no_progress,
) -> CheckReport:
    """Check the project's catalogs (or the PO files in ``paths``) and return every finding."""
    level = parse_severity(severity)
    report = CheckReport(severity=level, include_fuzzy=include_fuzzy)
    source_lang = config.source_language if config is not None else "en"
    glossaries = _Glossaries(config.root if config is not None else None, source_lang)
    checks_by_lang: dict[str, list[Check]] = {}

    def run_one(
        path: Path,
        code: str,
        edition_name: str | None,
        booklet_name: str | None,
        labels: frozenset[str] = frozenset(),
    ) -> None:
        if code not in checks_by_lang:
            glossary = glossaries.get(code)
            report.glossaries[code] = _relative(config, glossary.path) if glossary and glossary.path else None
            checks_by_lang[code] = all_checks(code, glossary, extra=ttk_checks(code) if ttk else ())
        progress(str(_relative(config, path)))
        result = check_catalog(
            path,
            code,
            checks_by_lang[code],
            shown=_relative(config, path),
            include_fuzzy=include_fuzzy,
            severity=level,
            labels=labels,
        )
        result.edition, result.booklet = edition_name, booklet_name
        report.catalogs.append(result)

    if paths:
        for path in paths:
            if not path.is_file():
                raise L10nError("no such PO file", path=path, hint="give PO files, or no path to check the project")
            code = lang[0] if lang else _header_language(path)
            if not code:
                raise L10nError(
                    "cannot tell the catalog's language: its header has no Language field",
                    path=path,
                    hint="give it with --lang",
                )
            run_one(path, normalize_locale(code), None, None)
        return report

    if config is None:
        raise ConfigError("no project configuration found", hint="run in a project folder or give PO files")
    project = Project(config, Selection(edition=edition, lang=lang, booklet=booklet), write=False)
    locales = project.locales
    for chosen in project.editions:
        name = chosen.name
        for item in project.booklets(chosen):
            labels = reference_labels(item.text) if "[" in item.text else frozenset()
            for code in locales:
                path = config.po_path(name, code, item.name)
                if not path.exists():
                    report.missing.append(_relative(config, path))
                    continue
                run_one(path, code, name, item.name, labels)
    return report


# -- glossary extract -------------------------------------------------------------------------------------
@dataclass
class ExtractTermsResult:
    candidates: list[Candidate]
    messages: int
    editions: list[str]
    glossary: Path | None = None


def extract_terms(
    config: ProjectConfig,
    *,
    edition: str | None = None,
    min_count: int = 3,
    max_words: int = 3,
    lang: str | None = None,
) -> ExtractTermsResult:
    """Candidate glossary terms: frequent phrases of the editions' source text (poterminology's logic)."""
    from ..core.markdown import segment

    if min_count < 1:
        raise UsageError("--min-count must be at least 1")
    if not 1 <= max_words <= 6:
        raise UsageError("--max-words must be between 1 and 6")
    project = Project(config, Selection(edition=edition, lang=lang), write=False)
    editions = project.edition_names
    texts: dict[str, None] = {}
    for chosen in project.editions:
        for item in project.booklets(chosen):
            try:
                segments = segment(item.text)
            except L10nError as exc:
                exc.path = exc.path or Path(item.path)
                raise
            texts.update((seg.text, None) for seg in segments)
    known: list[str] = []
    path = None
    if lang:
        code = project.locales[0]
        path = glossary_path(config.root, code)
        if path:
            known = [t.term for t in load_glossary(path, code, config.source_language).terms]
    candidates = extract_candidates(
        list(texts), min_count=min_count, max_words=max_words, known=known, lang=config.source_language
    )
    return ExtractTermsResult(candidates, len(texts), editions, path)
