"""One limit policy (issue 15): what ``extract`` accepts, ``update`` accepts, and the documented limits agree.

The limits are monkeypatched to a few kilobytes so that generated booklets can cross them in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers every command)
from keys_l10n.adapters import po, sources
from keys_l10n.cli.app import EXIT_ERROR, EXIT_OK, app

runner = CliRunner()
LIMIT = 4096
DOCS = Path(__file__).resolve().parent.parent / "docs"


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(po, "MAX_CATALOG_BYTES", LIMIT)
    monkeypatch.setattr(sources, "MAX_BOOKLET_BYTES", LIMIT)


def _booklet(paragraphs: int) -> str:
    """Short paragraphs: each costs more bytes in the template (reference, msgid, msgstr) than in the booklet."""
    return "# Title\n\n" + "".join(f"Paragraph number {i}.\n\n" for i in range(paragraphs))


def _run(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--project", str(root), *args])
    return result.exit_code, result.output


def test_booklet_limit_is_the_catalog_limit() -> None:
    assert sources.MAX_BOOKLET_BYTES == po.MAX_CATALOG_BYTES


@pytest.mark.usefixtures("small_limits")
def test_a_template_over_the_catalog_limit_is_refused_with_its_booklet(make_project: Callable[..., Path]) -> None:
    text = _booklet(80)
    assert len(text.encode()) < LIMIT  # the booklet is accepted...
    root = make_project(booklets={"big": text})
    code, out = _run(root, "extract")
    assert code == EXIT_ERROR, out
    pot = root / "locale" / "2021" / "big.pot"
    assert f"error: {pot}: catalog would be" in out, out
    assert "limit of every command that reads it; not writing it" in out, out
    assert "source/2021/big.md" in out and "split the booklet" in out, out
    assert not pot.exists()  # ...but its template is not written, so update never meets one it refuses


@pytest.mark.usefixtures("small_limits")
def test_a_booklet_over_its_limit_is_refused(make_project: Callable[..., Path]) -> None:
    root = make_project(booklets={"big": "# Title\n\n" + "word " * LIMIT + "\n"})
    code, out = _run(root, "extract")
    assert code == EXIT_ERROR, out
    assert "big.md: booklet is larger than" in out and "split it" in out, out


@pytest.mark.usefixtures("small_limits")
@pytest.mark.parametrize("paragraphs", [1, 10, 20, 30, 35, 36, 40, 80, 160])
def test_what_extract_writes_update_reads(make_project: Callable[..., Path], paragraphs: int) -> None:
    """Around the limit: either extract refuses the booklet, or extract and then update both succeed."""
    root = make_project(booklets={"b": _booklet(paragraphs)})
    code, out = _run(root, "extract")
    pot = root / "locale" / "2021" / "b.pot"
    if code != EXIT_OK:
        assert code == EXIT_ERROR and "catalog would be" in out and not pot.exists(), out
        return
    assert pot.stat().st_size <= LIMIT
    code, out = _run(root, "update")
    assert code == EXIT_OK, out
    assert (root / "locale" / "2021" / "es" / "b.po").stat().st_size <= LIMIT


def test_documented_limits_are_the_code_limits() -> None:
    megabytes = f"{po.MAX_CATALOG_BYTES // 2**20} MB"
    reliability = (DOCS / "reliability.md").read_text(encoding="utf-8")
    catalogs = (DOCS / "catalogs.md").read_text(encoding="utf-8")
    assert f"Catalogs and booklets over {megabytes}" in reliability
    assert f"over {megabytes}" in catalogs and "not writing it" in catalogs
