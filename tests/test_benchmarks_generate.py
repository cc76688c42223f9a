"""The benchmark generator (benchmarks/generate.py): deterministic, the requested size, real second-edition work.

No timing here: the benchmarks themselves run with ``benchmarks/run.py``, never in the test suite.
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from keys_l10n.adapters.po import read_catalog
from keys_l10n.core.markdown import segment

GENERATOR = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def project(gen: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "p"
    gen.generate(root, 12_000)
    return root


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_same_arguments_give_the_same_bytes(gen: ModuleType, project: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    gen.generate(again, 12_000)
    assert _files(again) == _files(project)
    other = tmp_path / "other"
    gen.generate(other, 12_000, seed=2)
    assert _files(other)["source/first/booklet-01.md"] != _files(project)["source/first/booklet-01.md"]


def test_layout_and_requested_size(gen: ModuleType, project: Path) -> None:
    files = _files(project)
    assert "keys-l10n.toml" in files and "truth.json" in files
    assert {"source/first/booklet-01.md", "source/second/booklet-01.md", "locale/first/es/booklet-01.po"} <= set(files)
    text = (project / "source/first/booklet-01.md").read_text(encoding="utf-8")
    prose = re.sub(r"\]\([^)]*\)|```.*?```", " ", text, flags=re.DOTALL)
    count = len(re.findall(r"[^\W\d_]+", prose))
    assert 0.95 * 12_000 <= count <= 1.05 * 12_000
    # every kind of block the benchmark promises
    kinds = {s.kind for s in segment(text)}
    assert {"heading 1", "heading 2", "paragraph", "list item", "block quote", "table cell", "footnote"} <= kinds
    assert re.search(r"\*\w[^*]*\*", text) and "](https://example.org/" in text and "[^1]" in text


def test_words_are_split_into_booklets_of_ten_to_twenty_thousand(gen: ModuleType) -> None:
    sizes = gen._split(1_000_000, random.Random(1), False)
    assert sum(sizes) == pytest.approx(1_000_000, abs=len(sizes))
    assert all(9_000 <= s <= 21_000 for s in sizes)
    assert gen._split(1_000_000, random.Random(1), True) == [1_000_000]
    assert [gen.parse_size(s) for s in ("50k", "250k", "1m", "1234")] == [50_000, 250_000, 1_000_000, 1234]


def test_second_edition_changes_what_truth_json_says(project: Path) -> None:
    truth = json.loads((project / "truth.json").read_text(encoding="utf-8"))["booklet-01"]
    first = {s.text for s in segment((project / "source/first/booklet-01.md").read_text(encoding="utf-8"))}
    second = {s.text for s in segment((project / "source/second/booklet-01.md").read_text(encoding="utf-8"))}
    paragraphs = len(truth["edited"]) / 0.10
    assert truth["edited"] and truth["removed"] and truth["added"]
    for before, after in truth["edited"]:
        assert before in first and before not in second
        assert after in second and after not in first
    assert all(text in first and text not in second for text in truth["removed"])
    assert all(text in second and text not in first for text in truth["added"])
    assert 0.005 * paragraphs < len(truth["removed"]) < 0.08 * paragraphs


def test_translated_catalog_is_complete_and_valid(gen: ModuleType, project: Path) -> None:
    path = project / "locale/first/es/booklet-01.po"
    catalog = read_catalog(path).catalog
    first = segment((project / "source/first/booklet-01.md").read_text(encoding="utf-8"))
    assert {e.msgid for e in catalog.entries} == {s.text for s in first}
    assert all(e.msgstr == gen.pseudo_translate(e.msgid) and e.msgstr != e.msgid for e in catalog.entries)
    assert catalog.header_fields()["Language"] == "es"
    if shutil.which("msgfmt"):
        subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], check=True)


def test_pseudo_translation_keeps_markup(gen: ModuleType) -> None:
    text = "See *the* [first step](https://example.org/first-step) and `code`.[^3]"
    result = gen.pseudo_translate(text)
    assert "](https://example.org/first-step)" in result and "`code`" in result and result.endswith(".[^3]")
    assert "first step" not in result and result.split()[0] != "See"
    assert gen.pseudo_translate(text) == result
