"""The booklet project's configuration: ``keys-l10n.toml`` or ``[tool.keys-l10n]`` in ``pyproject.toml``.

Found in the given folder or the nearest parent that has one. Every mistake (unknown key, wrong type,
unknown locale, a path outside the project, a missing edition folder) is a ConfigError naming file and key.

    title = "Field Guides"           # optional: the series' title, named in catalog headers and reports
    source_language = "en"
    locales = ["es", "fr"]
    build_dir = "build"                                   # optional
    pot_pattern = "locale/{edition}/{booklet}.pot"        # optional
    po_pattern = "locale/{edition}/{lang}/{booklet}.po"   # optional
    [editions.2014]
    path = "source/2014"
    git = "edition-2014"       # optional: read ``path`` at this git revision instead of the working tree
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.errors import ConfigError, LocaleError, UsageError
from .locales import normalize_locale

CONFIG_NAME = "keys-l10n.toml"
DEFAULT_POT = "locale/{edition}/{booklet}.pot"
DEFAULT_PO = "locale/{edition}/{lang}/{booklet}.po"
_TOP_KEYS = {"title", "source_language", "locales", "build_dir", "pot_pattern", "po_pattern", "editions"}
_EDITION_KEYS = {"path", "git"}


@dataclass(frozen=True, slots=True)
class EditionConfig:
    name: str
    path: str
    git: str | None = None


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    root: Path
    file: Path
    source_language: str
    locales: tuple[str, ...]
    editions: tuple[EditionConfig, ...]
    build_dir: str = "build"
    pot_pattern: str = DEFAULT_POT
    po_pattern: str = DEFAULT_PO
    title: str | None = None  # the project's (series') title: catalog headers, reports; none by default

    def relative(self, path: Path) -> Path:
        """``path`` relative to the project's root, as messages show it; unchanged when it lies outside."""
        try:
            return path.relative_to(self.root)
        except ValueError:
            return path

    def edition(self, name: str) -> EditionConfig:
        for edition in self.editions:
            if edition.name == name:
                return edition
        known = ", ".join(e.name for e in self.editions) or "none"
        raise ConfigError(f"unknown edition {name!r}", path=self.file, hint=f"editions in the configuration: {known}")

    def select_locales(self, lang: str | Sequence[str] | None) -> list[str]:
        """The locales a command works on: those given (``--lang``), normalized, each one configured; all
        configured locales when none is given. An unconfigured locale is a usage error (nothing is created for
        it): adding a locale is a change of ``locales`` in the configuration."""
        if not lang:
            if not self.locales:
                raise ConfigError("no locales configured", path=self.file, hint='add locales = ["es"]')
            return list(self.locales)
        codes: list[str] = []
        for given in [lang] if isinstance(lang, str) else lang:
            try:
                code = normalize_locale(given)
            except LocaleError as exc:  # a bad option value: exit 2, as for an unconfigured one
                raise UsageError(f"--lang: {exc.message}", hint=exc.hint) from None
            if code not in codes:
                codes.append(code)
        for code in codes:
            if code not in self.locales:
                known = ", ".join(self.locales) or "none"
                raise UsageError(
                    f"locale {code!r} is not configured (--lang)",
                    path=self.file,
                    hint=f"locales in the configuration: {known}; add it to locales to translate into it",
                )
        return codes

    def pot_path(self, edition: str, booklet: str) -> Path:
        return self.root / self.pot_pattern.format(edition=edition, booklet=booklet, lang="")

    def po_path(self, edition: str, lang: str, booklet: str) -> Path:
        return self.root / self.po_pattern.format(edition=edition, booklet=booklet, lang=lang)

    @property
    def build_path(self) -> Path:
        return self.root / self.build_dir


def find_config(start: Path) -> tuple[Path, dict[str, Any]]:
    """The configuration file (and its table) in ``start`` or its nearest parent that has one."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate, _load(candidate)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _load(pyproject).get("tool", {}).get("keys-l10n")
            if isinstance(table, dict):
                return pyproject, table
    raise ConfigError(
        f"no {CONFIG_NAME} (or [tool.keys-l10n] in pyproject.toml) in {start} or its parents",
        hint="run `keys-l10n init` to create one, or pass --project DIR",
    )


def _load(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's TOMLDecodeError has no lineno: take it from "... (at line N, column M)".
        match = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        line = int(match.group(1)) if match else None
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
        raise ConfigError(f"not valid TOML: {message}", path=path, line=line) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", path=path) from None


def _string(table: dict[str, Any], key: str, file: Path, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"key {where}{key} must be a non-empty string, not {value!r}", path=file)
    return value


def _inside(root: Path, relative: str, file: Path, key: str) -> str:
    if Path(relative).is_absolute() or not (root / relative).resolve().is_relative_to(root.resolve()):
        raise ConfigError(
            f"key {key} = {relative!r} points outside the project folder",
            path=file,
            hint="use a relative path",
        )
    return relative


def load_config(project: Path | None = None) -> ProjectConfig:
    file, table = find_config(project or Path.cwd())
    root = file.parent
    unknown = sorted(set(table) - _TOP_KEYS)
    if unknown:
        raise ConfigError(f"unknown key {unknown[0]!r}", path=file, hint=f"known keys: {', '.join(sorted(_TOP_KEYS))}")
    try:
        source_language = normalize_locale(_string(table, "source_language", file, "", "en"))
    except LocaleError as exc:
        raise ConfigError(f"key source_language: {exc.message}", path=file, hint=exc.hint) from None
    raw_locales = table.get("locales", [])
    if not isinstance(raw_locales, list) or not all(isinstance(x, str) for x in raw_locales):
        raise ConfigError('key locales must be a list of locale codes, e.g. ["es", "fr"]', path=file)
    locales: list[str] = []
    for code in raw_locales:
        try:
            normal = normalize_locale(code)
        except LocaleError as exc:
            raise ConfigError(f"key locales: {exc.message}", path=file, hint=exc.hint) from None
        if normal in locales:
            raise ConfigError(f"key locales: {code!r} is listed twice", path=file)
        locales.append(normal)
    editions_table = table.get("editions", {})
    if not isinstance(editions_table, dict):
        raise ConfigError("key editions must be a table of [editions.NAME] sections", path=file)
    editions: list[EditionConfig] = []
    for name, section in editions_table.items():
        where = f"editions.{name}."
        if not isinstance(section, dict):
            raise ConfigError(f"key editions.{name} must be a table with a path", path=file)
        extra = sorted(set(section) - _EDITION_KEYS)
        if extra:
            raise ConfigError(f"unknown key {where}{extra[0]}", path=file, hint="known keys: path, git")
        path = _inside(root, _string(section, "path", file, where), file, f"{where}path")
        git = section.get("git")
        if git is not None and (not isinstance(git, str) or not git.strip()):
            raise ConfigError(f"key {where}git must be a git revision (a string)", path=file)
        if git is None and not (root / path).is_dir():
            raise ConfigError(
                f"key {where}path: folder {path!r} does not exist",
                path=file,
                hint="create it or fix the path",
            )
        editions.append(EditionConfig(str(name), path, git))
    patterns = {}
    for key, default in (("pot_pattern", DEFAULT_POT), ("po_pattern", DEFAULT_PO)):
        value = _string(table, key, file, "", default)
        needed = ("{edition}", "{booklet}") + (("{lang}",) if key == "po_pattern" else ())
        missing = [n for n in needed if n not in value]
        if missing and not (key == "pot_pattern" and missing == ["{edition}"]):
            raise ConfigError(f"key {key} = {value!r} lacks {missing[0]}", path=file)
        try:
            value.format(edition="e", booklet="b", lang="l")
        except (KeyError, IndexError, ValueError):
            raise ConfigError(
                f"key {key} = {value!r} may use only {{edition}}, {{booklet}} and {{lang}}", path=file
            ) from None
        patterns[key] = _inside(root, value, file, key)
    build_dir = _inside(root, _string(table, "build_dir", file, "", "build"), file, "build_dir")
    title = _string(table, "title", file, "").strip() if "title" in table else None
    return ProjectConfig(
        root=root,
        file=file,
        source_language=source_language,
        locales=tuple(locales),
        editions=tuple(editions),
        build_dir=build_dir,
        pot_pattern=patterns["pot_pattern"],
        po_pattern=patterns["po_pattern"],
        title=title,
    )


def render_config(source_language: str, locales: list[str], editions: list[str], title: str | None = None) -> str:
    """The text ``keys-l10n init`` writes."""
    lines = ["# keys-l10n project configuration (see `keys-l10n --help`)."]
    if title:
        lines.append(f"title = {_toml_string(title)}")
    lines += [
        f'source_language = "{source_language}"',
        "locales = [" + ", ".join(f'"{code}"' for code in locales) + "]",
        "",
    ]
    for name in editions:
        lines += [f'[editions."{name}"]', f'path = "source/{name}"', ""]
    return "\n".join(lines)


def _toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are valid TOML ones for these characters)."""
    import json

    return json.dumps(text, ensure_ascii=False)
