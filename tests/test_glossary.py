"""The glossary: CSV and TBX reading, inflection-tolerant matching, the shipped glossaries, term extraction."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers every command)
from conftest import SHIPPED
from keys_l10n.adapters.glossary_files import glossary_path, load_glossary
from keys_l10n.adapters.po import read_catalog
from keys_l10n.adapters.terminology import extract_candidates
from keys_l10n.adapters.ttk import ttk_checks
from keys_l10n.cli.app import app
from keys_l10n.core.checks import all_checks, run_checks
from keys_l10n.core.errors import ConfigError
from keys_l10n.core.glossary import Glossary, Term, contains, parse_csv, stem, stems

runner = CliRunner()

TBX = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX" xml:lang="en">
<text><body>
<termEntry id="t1">
  <langSet xml:lang="en"><tig><term>forced disappearance</term></tig></langSet>
  <langSet xml:lang="es">
    <tig><term>desaparición forzada</term></tig>
    <tig><term>desaparición forzosa</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
</termEntry>
</body></text>
</martif>
"""


# -- reading ---------------------------------------------------------------------------------------------
def test_csv_columns_forbidden_alternatives_comments_and_bom() -> None:
    data = (
        "\ufeff# the series glossary\nterm,translation,forbidden\n"
        "accompanist,acompañante, acompañador | acompañadora \n\npolitical subject,sujeto político,\n"
    )
    terms = parse_csv(data.encode("utf-8"), "g.csv")
    assert terms == [
        Term("accompanist", "acompañante", ("acompañador", "acompañadora"), 3),
        Term("political subject", "sujeto político", (), 5),
    ]
    assert [t.line for t in terms] == [3, 5]


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"", 1, "glossary is empty"),
        (b"word,meaning\n", 1, "lacks the column 'term'"),
        (b"term,translation\nforced disappearance,\n", 2, "needs a term and its translation"),
        (b"term,translation\naccompanist,a\nAccompanists,b\n", 3, "already on line 2"),
        (b"term,translation\nx,\xe9\n", 2, "not UTF-8"),
        (b'term,translation\n"open,x\n', 2, "not valid CSV"),
    ],
)
def test_csv_errors_name_the_line(data: bytes, line: int, message: str) -> None:
    with pytest.raises(ConfigError) as info:
        parse_csv(data, "glossary/es.csv")
    assert message in info.value.message
    assert info.value.line == line
    assert str(info.value.path) == "glossary/es.csv"


def test_tbx_deprecated_terms_are_forbidden(tmp_path: Path) -> None:
    path = tmp_path / "es.tbx"
    path.write_text(TBX, "utf-8")
    glossary = load_glossary(path, "es")
    assert glossary.terms == (Term("forced disappearance", "desaparición forzada", ("desaparición forzosa",)),)
    assert load_glossary(path, "fr").terms == ()
    (tmp_path / "bad.tbx").write_text("<martif><unclosed>", "utf-8")
    with pytest.raises(ConfigError, match="cannot read TBX glossary"):
        load_glossary(tmp_path / "bad.tbx", "es")


def test_glossary_file_lookup(tmp_path: Path) -> None:
    (tmp_path / "glossary").mkdir()
    assert glossary_path(tmp_path, "es") is None
    (tmp_path / "glossary" / "es.csv").write_text("term,translation\n", "utf-8")
    assert glossary_path(tmp_path, "es_MX") == tmp_path / "glossary" / "es.csv"
    (tmp_path / "glossary" / "es_MX.tbx").write_text(TBX, "utf-8")
    assert glossary_path(tmp_path, "es_MX") == tmp_path / "glossary" / "es_MX.tbx"


# -- matching ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("lang", "forms"),
    [
        ("en", ["accompanist", "accompanists", "Accompanists"]),
        ("en", ["disappearance", "disappearances"]),
        ("es", ["político", "política", "políticos", "políticas", "POLÍTICO"]),
        ("es", ["acompañante", "acompañantes"]),
        ("es", ["desaparición", "desapariciones"]),
        ("fr", ["forcé", "forcée", "forcés", "forcées"]),
        ("fr", ["psychosocial", "psychosociale", "psychosociaux"]),
        ("fr", ["défenseure", "défenseures"]),
    ],
)
def test_inflected_forms_share_a_stem(lang: str, forms: list[str]) -> None:
    assert len({stem(form, lang) for form in forms}) == 1, [stem(f, lang) for f in forms]


def test_terms_match_consecutive_words_only() -> None:
    text = stems("Political subjects’ struggle; l’accompagnement psychosocial", "en")
    assert contains(text, stems("political subject", "en"))
    assert not contains(text, stems("subject political", "en"))
    assert not contains(stems("political and subject", "en"), stems("political subject", "en"))
    assert contains(stems("l’accompagnement psychosocial", "fr"), stems("accompagnement psychosocial", "fr"))
    assert not contains((), ("a",)) and not contains(("a",), ())


def test_may_contain_is_a_safe_shortcut() -> None:
    glossary = Glossary("es", (Term("forced disappearance", "desaparición forzada"),))
    assert glossary.may_contain("Against FORCED Disappearances")
    assert not glossary.may_contain("Nothing here")


# -- the shipped glossaries -----------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["es", "fr"])
def test_shipped_glossary_terms_pass_on_shipped_translations(lang: str) -> None:
    glossary = load_glossary(SHIPPED / "glossary" / f"{lang}.csv", lang)
    names = {t.term for t in glossary.terms}
    assert {
        "psychosocial accompaniment",
        "forced disappearance",
        "political subject",
        "accompanist",
        "sociopolitical violence",
        "forced displacement",
        "arbitrary detention",
        "sexual torture",
    } <= names
    catalog = read_catalog(SHIPPED / "locale" / "2014" / lang / "presentation.po").catalog
    checks = [c for c in all_checks(lang, glossary) if c.name.startswith("glossary")]
    assert len(checks) == 2
    assert run_checks(catalog.entries, checks, path="x", lang=lang) == []
    # and the glossary does apply to them: most terms occur in the translated sources
    translated = " ".join(e.msgid for e in catalog.entries if e.translated)
    found = [t.term for t in glossary.terms if contains(stems(translated, "en"), stems(t.term, "en"))]
    assert len(found) >= 8, found


def test_shipped_glossary_catches_a_forbidden_translation() -> None:
    glossary = load_glossary(SHIPPED / "glossary" / "es.csv", "es")
    catalog = read_catalog(SHIPPED / "locale" / "2014" / "es" / "presentation.po").catalog
    entry = next(e for e in catalog.entries if "forced disappearance" in e.msgid)
    spoiled = entry.changed(msgstr=entry.msgstr.replace("desaparición forzada", "desaparición forzosa"))
    found = run_checks([spoiled], all_checks("es", glossary, extra=ttk_checks("es")), path="x", lang="es")
    assert [(f.check, f.level) for f in found] == [("glossary-forbidden", "error")]


# -- extraction ---------------------------------------------------------------------------------------------------
def test_extract_candidates_finds_the_series_terms() -> None:
    texts = [(SHIPPED / "source" / e / "presentation.md").read_text("utf-8") for e in ("2014", "2021")]
    texts = [p for t in texts for p in t.split("\n\n")]
    candidates = extract_candidates(texts, min_count=2, known=["psychosocial accompaniment"])
    terms = {c.term: c for c in candidates}
    assert terms["psychosocial accompaniment"].known and terms["psychosocial accompaniment"].count >= 4
    assert {"forced disappearance", "arbitrary detention", "political subjects"} <= set(terms)
    assert all(c.count >= 2 for c in candidates)
    assert not any(c.term.split()[0] in ("the", "of", "in", "and") for c in candidates)
    counts = [c.count for c in candidates]
    assert counts == sorted(counts, reverse=True)


def test_glossary_extract_command(shipped_project: Path) -> None:
    shutil.copytree(SHIPPED / "glossary", shipped_project / "glossary")
    text = runner.invoke(app, ["--project", str(shipped_project), "glossary", "extract", "--lang", "es"])
    assert text.exit_code == 0, text.output
    assert "psychosocial accompaniment" in text.output and "(in glossary)" in text.output
    as_csv = runner.invoke(
        app,
        [
            "--project",
            str(shipped_project),
            "glossary",
            "extract",
            "--lang",
            "es",
            "--min-count",
            "2",
            "--format",
            "csv",
        ],
    )
    rows = list(csv.reader(io.StringIO(as_csv.output)))
    assert rows[0] == ["term", "translation", "forbidden"]
    assert ["psychosocial accompaniment", "", ""] not in rows  # already in the glossary
    assert ["partner organizations", "", ""] not in rows and ["local communities", "", ""] in rows
    as_json = json.loads(
        runner.invoke(
            app, ["--project", str(shipped_project), "glossary", "extract", "--edition", "2021", "--format", "json"]
        ).output
    )
    assert as_json["editions"] == ["2021"] and as_json["candidates"][0]["term"] == "psychosocial accompaniment"
    bad = runner.invoke(app, ["--project", str(shipped_project), "glossary", "extract", "--min-count", "0"])
    assert bad.exit_code == 2 and "--min-count" in bad.stderr
