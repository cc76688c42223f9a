"""Shared fixtures and helpers: paths, the shipped project copied to tmp_path, and the gettext reference tools."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are derandomized in `make test` (and CI): the same examples on every run, whatever the order of
# tests or the machine. `make fuzz` sets KEYS_L10N_FUZZ_EXAMPLES and searches randomly with many more examples.
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("fuzz", derandomize=False)
settings.load_profile("fuzz" if os.environ.get("KEYS_L10N_FUZZ_EXAMPLES") else "repeatable")

TESTS = Path(__file__).resolve().parent
DATA = TESTS / "data"
PROJECT = TESTS.parent
SHARED = PROJECT.parent / "shared"
BAD_PO = SHARED / "bad-po"
# Cases "invalid" in bad-po's README because `msgfmt --check` rejects them, that gettext's other readers (msgcat,
# msgmerge) read: what msgfmt --check says about plural forms, format directives and newlines is semantics.
# keys-l10n reads these files too (a translator's catalog is never refused for them): every command warns with
# file and line, and `check` reports them as errors (exit 3) at the line msgfmt names, writing nothing.
BAD_PO_SEMANTIC = frozenset(
    {
        "18-plural-count-mismatch.po",
        "19-plural-no-plural-forms-header.po",
        "20-plural-forms-syntax-error.po",
        "21-plural-forms-out-of-range.po",
        "22-nplurals-zero.po",
        "42-c-format-mismatch.po",
        "43-newline-mismatch.po",
        "44-python-brace-mismatch.po",
    }
)
CORPUS = SHARED / "corpus" / "comprehensive-rust"
# A frozen copy of the shipped booklet project (configuration, sources, catalogs, glossary) as it was when the
# tests were written: `make demo`, a translator's edits or a migrate in the working tree never change what the
# tests read. Refresh it on purpose (and review the diff) when the shipped booklets change.
SHIPPED = DATA / "project"

FIXED_DATE = "2026-01-01 00:00+0000"
FIXED_EPOCH = "1767225600"  # 2026-01-01 00:00 UTC
TEST_VERSION = "test"

MSGFMT = shutil.which("msgfmt")
MSGCAT = shutil.which("msgcat")

needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="GNU gettext msgfmt is not installed")
needs_msgcat = pytest.mark.skipif(MSGCAT is None, reason="GNU gettext msgcat is not installed")


def msgcat_bytes(data: bytes, tmp: Path, name: str = "input.po") -> bytes:
    """What ``msgcat`` writes for ``data`` (gettext's own layout of the same catalog)."""
    assert MSGCAT is not None
    source = tmp / name
    source.write_bytes(data)
    out = tmp / f"{name}.msgcat"
    # --force-po: a catalog with a header and no message is still written (msgcat skips it otherwise)
    proc = subprocess.run(
        [MSGCAT, "--force-po", str(source), "-o", str(out)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes()


def msgfmt_check(path: Path) -> None:
    """``msgfmt --check`` accepts the file (warnings about POT placeholders are fine)."""
    assert MSGFMT is not None
    proc = subprocess.run(
        [MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, f"msgfmt --check {path}:\n{proc.stderr}"


def assert_gettext_canonical(path: Path, tmp: Path) -> None:
    """The file passes ``msgfmt --check`` and ``msgcat`` leaves it byte for byte unchanged (when installed)."""
    data = path.read_bytes()
    if MSGFMT is not None:
        msgfmt_check(path)
    if MSGCAT is not None:
        assert msgcat_bytes(data, tmp, path.name) == data, f"msgcat changes {path}"


def catalogs_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".po", ".pot"))


@pytest.fixture
def shipped_project(tmp_path: Path) -> Path:
    """A copy of the shipped booklet project (configuration, sources, catalogs; no glossary) in tmp_path."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(SHIPPED / "keys-l10n.toml", root / "keys-l10n.toml")
    shutil.copytree(SHIPPED / "source", root / "source")
    shutil.copytree(SHIPPED / "locale", root / "locale")
    return root


@pytest.fixture
def examined_chars(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the characters ``sentences._find`` examines (its scans for closing marks): work, not time.

    The one-item list is read and reset by the test; linear code examines a bounded number per byte.
    """
    from keys_l10n.core import sentences

    examined = [0]

    def find(text: str, sub: str, start: int = 0) -> int:
        found = str.find(text, sub, start)
        examined[0] += (len(text) if found == -1 else found + len(sub)) - start
        return found

    monkeypatch.setattr(sentences, "_find", find)
    return examined


@pytest.fixture
def fixed_date(monkeypatch: pytest.MonkeyPatch) -> str:
    """Make POT-Creation-Date reproducible (services honour SOURCE_DATE_EPOCH)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", FIXED_EPOCH)
    return FIXED_DATE


def write_project(
    root: Path,
    *,
    locales: tuple[str, ...] = ("es",),
    editions: dict[str, str] | None = None,
    booklets: dict[str, str] | None = None,
) -> Path:
    """A minimal project: keys-l10n.toml, one Markdown file per booklet in each edition folder."""
    editions = editions if editions is not None else {"2021": "source/2021"}
    lines = ['source_language = "en"', "locales = [" + ", ".join(f'"{c}"' for c in locales) + "]", ""]
    for name, path in editions.items():
        lines += [f'[editions."{name}"]', f'path = "{path}"', ""]
        folder = root / path
        folder.mkdir(parents=True, exist_ok=True)
        for booklet, text in (booklets or {"b": "# Title\n\nText.\n"}).items():
            (folder / f"{booklet}.md").write_text(text, encoding="utf-8", newline="")
    root.mkdir(parents=True, exist_ok=True)
    (root / "keys-l10n.toml").write_text("\n".join(lines), encoding="utf-8")
    return root


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1000))

    def make(**kwargs: object) -> Path:
        return write_project(tmp_path / f"p{next(counter)}", **kwargs)  # type: ignore[arg-type]

    return make
