"""core/progress.py and views/stats.py: counts on hand-built catalogs, agreement with msgfmt --statistics and
translate-toolkit's pocount on every catalog we have, and the renderers (table width, JSON schema, CSV,
Markdown, HTML, badges).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.console import Console

from conftest import BAD_PO, CORPUS, MSGFMT, PROJECT, SHIPPED, needs_msgfmt
from keys_l10n.adapters.po import parse_catalog
from keys_l10n.core.errors import CatalogError
from keys_l10n.core.progress import (
    CatalogProgress,
    Counts,
    StatsReport,
    count_catalog,
    count_template,
    group_rows,
    word_count,
)
from keys_l10n.views import stats as reports

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)

# Each message's source words are written next to it; the expected totals below are their sums.
HAND_BUILT = (
    HEADER
    + """\
msgid "one two three"
msgstr "uno dos tres"

#, fuzzy
#| msgid "four five"
msgid "four five six seven"
msgstr "cuatro cinco"

#, fuzzy
msgid "fuzzy but empty"
msgstr ""

msgid "not yet translated here"
msgstr ""

msgid "one file"
msgid_plural "many files here"
msgstr[0] "un fichero"
msgstr[1] "muchos ficheros"

msgid "plural untranslated"
msgid_plural "plurals untranslated"
msgstr[0] ""
msgstr[1] ""

msgctxt "menu"
msgid "Open"
msgstr "Abrir"

msgctxt "door"
msgid "Open"
msgstr ""

#~ msgid "gone away"
#~ msgstr "se fue"

#, fuzzy
#~ msgid "old fuzzy thing"
#~ msgstr "cosa"
"""
)


def _catalog(text: str, name: str = "hand.po"):  # type: ignore[no-untyped-def]
    return parse_catalog(text.encode("utf-8"), name).catalog


def test_hand_built_catalog_has_the_known_counts() -> None:
    counts = count_catalog(_catalog(HAND_BUILT))
    assert counts == Counts(
        translated=3,  # "one two three", the plural "one file", "Open" in menu
        fuzzy=1,  # "four five six seven"
        untranslated=4,  # fuzzy-but-empty, "not yet...", the untranslated plural, "Open" at the door
        obsolete=2,
        translated_words=3 + (2 + 3) + 1,
        fuzzy_words=4,
        untranslated_words=3 + 4 + (2 + 2) + 1,
        obsolete_words=2 + 3,
        changed=1,  # the fuzzy one with a previous msgid
        changed_words=4,
    )
    assert counts.total == 8 and counts.total_words == 9 + 4 + 12
    assert counts.percent(words=True) == pytest.approx(100 * 9 / 25)
    assert counts.percent(words=False) == pytest.approx(100 * 3 / 8)


def test_header_only_and_empty_catalogs() -> None:
    header_only = count_catalog(_catalog(HEADER))
    assert header_only == Counts()
    assert header_only.percent() == 100.0  # nothing to translate: complete
    assert CatalogProgress("e", "es", "b", header_only, missing=True).percent() == 0.0  # but missing is 0 %
    with pytest.raises(CatalogError) as caught:
        parse_catalog(b"", "empty.po")
    assert caught.value.path == Path("empty.po")


def test_template_counts_everything_as_untranslated() -> None:
    counts = count_template(_catalog(HAND_BUILT))
    assert counts.translated == counts.fuzzy == counts.obsolete == 0
    assert counts.untranslated == 8 and counts.untranslated_words == 25


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Hello world",
        "Hello <b>bold</b> world<br/>next line<br >x",
        "<a href=\"https://example.org/x\" title='t'>link</a> and </i>",
        "version 3.5 and a.b and e.g. abbreviations... end.",
        "Don't stop — it's “quoted” text (with brackets) and 1,000,000 numbers",
        "https://example.org/path/to/file.md#anchor",
        "`code_span()` and **strong** _emphasis_ [link](https://x.y/z)",
        "日本語のテキストです。中文文本。",
        "Ελληνικά κείμενα και русский текст, עברית, العربية",
        "tab\tseparated\nlines\n\n",
        "a.b.c.d e.f",
        "{{ placeholder }} %s %(name)s {0}",
    ],
)
def test_word_count_is_pocounts(text: str) -> None:
    from translate.tools.pocount import wordcount

    assert word_count(text) == wordcount(text)


def _pocount(path: Path) -> dict[str, int] | None:
    from translate.tools.pocount import calcstats

    try:
        stats = calcstats(str(path))
    except Exception:
        return None
    return dict(stats) if stats else None


def _agreement_files() -> list[Path]:
    files = sorted((SHIPPED / "locale").rglob("*.po"))
    if CORPUS.is_dir():
        files += sorted(CORPUS.rglob("*.po"))
    return files


def test_there_are_catalogs_to_compare() -> None:
    assert len(_agreement_files()) >= 4


@pytest.mark.parametrize("path", _agreement_files(), ids=lambda p: str(p.relative_to(p.parents[3])))
def test_agrees_with_pocount(path: Path) -> None:
    reference = _pocount(path)
    assert reference is not None, f"pocount could not read {path}"
    counts = count_catalog(parse_catalog(path.read_bytes(), path).catalog)
    assert (counts.translated, counts.fuzzy, counts.untranslated) == (
        reference["translated"],
        reference["fuzzy"],
        reference["untranslated"],
    )
    assert (counts.translated_words, counts.fuzzy_words, counts.untranslated_words) == (
        reference["translatedsourcewords"],
        reference["fuzzysourcewords"],
        reference["untranslatedsourcewords"],
    )
    assert counts.total_words == reference["totalsourcewords"]


def _msgfmt_statistics(path: Path) -> tuple[int, int, int]:
    assert MSGFMT is not None
    proc = subprocess.run(
        [MSGFMT, "--statistics", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
        check=True,
        env={"LC_ALL": "C"},
    )
    found = {kind: 0 for kind in ("translated", "fuzzy", "untranslated")}
    for number, kind in re.findall(r"(\d+) (translated|fuzzy|untranslated)", proc.stderr):
        found[kind] = int(number)
    return found["translated"], found["fuzzy"], found["untranslated"]


@needs_msgfmt
@pytest.mark.parametrize("path", _agreement_files(), ids=lambda p: str(p.relative_to(p.parents[3])))
def test_agrees_with_msgfmt_statistics(path: Path) -> None:
    counts = count_catalog(parse_catalog(path.read_bytes(), path).catalog)
    assert (counts.translated, counts.fuzzy, counts.untranslated) == _msgfmt_statistics(path)


@needs_msgfmt
def test_hand_built_agrees_with_both_tools(tmp_path: Path) -> None:
    path = tmp_path / "hand.po"
    path.write_text(HAND_BUILT, encoding="utf-8")
    counts = count_catalog(_catalog(HAND_BUILT))
    assert (counts.translated, counts.fuzzy, counts.untranslated) == _msgfmt_statistics(path)
    reference = _pocount(path)
    assert reference is not None
    assert counts.translated_words == reference["translatedsourcewords"]
    assert counts.fuzzy_words == reference["fuzzysourcewords"]
    assert counts.untranslated_words == reference["untranslatedsourcewords"]


def _valid_bad_po() -> list[Path]:
    """The cases of ../shared/bad-po that its README says are valid (and that pocount can read)."""
    readme = BAD_PO / "README.md"
    if not readme.is_file():
        return []
    found = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        name = re.match(r"\| `([^`]+\.po)` \|", line)
        if name and not line.rstrip().rstrip("|").rsplit("|", 1)[-1].strip().startswith("invalid"):
            found.append(BAD_PO / name.group(1))
    return found


@pytest.mark.parametrize("path", _valid_bad_po(), ids=lambda p: p.name)
def test_valid_unusual_catalogs_agree_with_pocount(path: Path) -> None:
    reference = _pocount(path)
    if reference is None:
        pytest.skip("pocount cannot read this valid file")
    counts = count_catalog(parse_catalog(path.read_bytes(), path).catalog)
    assert counts.translated_words == reference["translatedsourcewords"]
    assert counts.total_words == reference["totalsourcewords"]


# -- grouping -----------------------------------------------------------------------------------------------
def _report() -> StatsReport:
    a = Counts(translated=2, untranslated=1, translated_words=20, untranslated_words=10)
    b = Counts(translated=1, fuzzy=1, translated_words=5, fuzzy_words=5, changed=1, changed_words=5)
    template = Counts(untranslated=3, untranslated_words=40)
    rows = (
        CatalogProgress("2014", "es", "one", a, "locale/2014/es/one.po"),
        CatalogProgress("2014", "es", "two", b, "locale/2014/es/two.po"),
        CatalogProgress("2014", "fr", "one", a, "locale/2014/fr/one.po"),
        CatalogProgress("2014", "fr", "two", template, "locale/2014/fr/two.po", missing=True),
        CatalogProgress("2021", "es", "one", template, "locale/2021/es/one.po", missing=True),
    )
    return StatsReport(rows, ("2014", "2021"), ("es", "fr"), {"2014": ("one", "two"), "2021": ("one",)})


def test_groups_total_per_locale_and_edition() -> None:
    report = _report()
    by_lang = {g.key: g for g in group_rows(report.rows, "lang")}
    assert set(by_lang) == {"2014/es", "2014/fr", "2021/es"}
    assert by_lang["2014/es"].counts.translated_words == 25
    assert by_lang["2014/es"].percent() == pytest.approx(100 * 25 / 40)
    assert by_lang["2014/fr"].missing == ("2014/fr/two",)
    assert by_lang["2014/fr"].percent() == pytest.approx(100 * 20 / 70)  # the missing words count as untranslated
    assert by_lang["2021/es"].percent() == 0.0
    editions = {g.key: g for g in report.edition_totals()}
    assert editions["2014"].counts.total_words == 40 + 70
    assert [g.key for g in report.below(50)] == ["2014/fr", "2021/es"]
    assert [g.key for g in report.below(50, words=False)] == ["2014/fr", "2021/es"]
    assert report.below(0) == []
    with pytest.raises(ValueError):
        group_rows(report.rows, "nothing")


# -- renderers ----------------------------------------------------------------------------------------------
def test_table_fits_80_columns_and_shows_bars() -> None:
    report = _report()
    for by in ("booklet", "lang", "edition"):
        console = Console(file=io.StringIO(), width=80, color_system="truecolor", force_terminal=True)
        console.print(reports.render_table(report, reports.View(by=by), threshold=50))
        coloured = console.file.getvalue()  # type: ignore[attr-defined]
        plain = re.sub(r"\x1b\[[0-9;]*m", "", coloured)
        assert max(len(line) for line in plain.splitlines()) <= 80
        assert "█" in plain and "░" in plain and "\x1b[" in coloured
    console = Console(file=io.StringIO(), width=80)
    console.print(reports.render_table(report, reports.View(by="booklet")))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "62.5%" in text and "missing" in text and "locale/2021/es/one.po" in text


def test_json_follows_the_documented_schema() -> None:
    schema = json.loads((PROJECT / "docs" / "stats-schema.json").read_text(encoding="utf-8"))
    data = reports.to_json(_report(), reports.View(by="lang", ui_lang="es"), threshold=50)
    _validate(data, schema, schema)
    assert data["fail_under"] == {"threshold": 50, "below": ["2014/fr", "2021/es"]}
    assert data["locales"][0] == {"code": "es", "name": "Español"}
    fr = next(g for g in data["locale_totals"] if g["lang"] == "fr")
    assert fr["words"]["total"] == 70 and fr["percent"]["words"] == 28.57
    assert fr["missing"] == ["2014/fr/two"]


def _validate(value: object, schema: dict, root: dict, where: str = "$") -> None:  # type: ignore[type-arg]
    """A small JSON Schema checker (type, required, properties, additionalProperties, items, $ref, enum)."""
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        _validate(value, root["$defs"][name], root, where)
        return
    types = schema.get("type")
    if types is not None:
        allowed = types if isinstance(types, list) else [types]
        checks = {
            "object": dict,
            "array": list,
            "string": str,
            "boolean": bool,
            "null": type(None),
            "integer": int,
            "number": (int, float),
        }
        assert any(
            isinstance(value, checks[t]) and not (t in ("integer", "number") and isinstance(value, bool))
            for t in allowed
        ), f"{where}: {value!r} is not {allowed}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if isinstance(value, dict):
        for key in schema.get("required", []):
            assert key in value, f"{where}: missing {key}"
        props = schema.get("properties", {})
        for key, item in value.items():
            if key in props:
                _validate(item, props[key], root, f"{where}.{key}")
            else:
                assert schema.get("additionalProperties", True) is not False, f"{where}: unexpected key {key}"
                extra = schema.get("additionalProperties")
                if isinstance(extra, dict):
                    _validate(item, extra, root, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            _validate(item, schema["items"], root, f"{where}[{index}]")


def test_csv_and_markdown() -> None:
    rows = list(csv.DictReader(io.StringIO(reports.to_csv(_report(), reports.View(by="booklet")))))
    assert len(rows) == 5
    assert rows[3]["missing"] == "2014/fr/two" and rows[3]["percent_words"] == "0.00"
    assert rows[1]["fuzzy_words"] == "5" and rows[1]["changed"] == "1"
    by_edition = list(csv.DictReader(io.StringIO(reports.to_csv(_report(), reports.View(by="edition")))))
    assert [r["edition"] for r in by_edition] == ["2014", "2021"]
    markdown = reports.to_markdown(_report(), reports.View(by="booklet", ui_lang="fr"))
    assert "| 2014 | Espagnol (`es`) | one | 20 | 0 | 10 | 30 | 66,6\u00a0% |" in markdown
    assert "`locale/2021/es/one.po`" in markdown


def test_percent_is_rounded_down_for_people() -> None:
    almost = Counts(translated_words=9999, untranslated_words=1, translated=1, untranslated=1)
    assert reports.View().percent(almost.percent()) == "99.9%"
    assert reports.floor_percent(almost.percent()) == 99.99
    assert reports.bar_cells(almost, 20) == (19, 0, 1)
    assert reports.bar_cells(Counts(fuzzy=1, fuzzy_words=1, untranslated=99, untranslated_words=999), 20) == (0, 1, 19)


def test_badges_are_svg() -> None:
    made = reports.badges(_report(), reports.View())
    assert set(made) == {"2014-es.svg", "2014-fr.svg", "2021-es.svg"}
    root = ET.fromstring(made["2014-es.svg"])
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert texts == ["es 2014", "62.5%"]


def test_html_dashboard_is_self_contained() -> None:
    page = reports.to_html(_report(), reports.View(), badge_files={"2014-es.svg": "badges/2014-es.svg"})
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"""(src|href)=["']https?://""", page)  # nothing fetched from the network
    assert page.count('class="bar"') >= 5 and 'class="bar missing"' in page
    assert "62.5%" in page and "Spanish" in page and "Work left" in page
    assert 'src="badges/2014-es.svg"' in page


def test_parallel_counting_matches_and_names_the_bad_file(tmp_path: Path) -> None:
    from keys_l10n.usecases.stats import count_files

    paths = []
    for index in range(4):
        path = tmp_path / f"c{index}.po"
        path.write_text(HAND_BUILT if index % 2 else HEADER, encoding="utf-8")
        paths.append(path)
    assert count_files(paths, workers=2) == count_files(paths, workers=1)
    second = count_files(paths, workers=2)[1]
    assert isinstance(second, tuple) and second[0].translated_words == 9
    bad = tmp_path / "bad.po"
    bad.write_text(HEADER + 'msgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
    found = count_files([bad, *paths], workers=2)  # the bad file first: the others are still counted
    assert isinstance(found[0], CatalogError) and str(found[0].path) == str(bad) and found[0].line == 7
    assert found[1:] == count_files(paths, workers=1)


def test_version_counter_counts_as_the_whole_file() -> None:
    from keys_l10n.usecases.stats import VersionCounter

    counter = VersionCounter()
    texts = [HAND_BUILT, HAND_BUILT.replace("\n", "\r\n"), HEADER, HAND_BUILT.replace('msgstr "Abrir"', 'msgstr ""')]
    texts += [p.read_text(encoding="utf-8") for p in _agreement_files()[:6]]
    for text in texts:
        data = text.encode("utf-8")
        assert counter.count(data, "x.po") == count_catalog(parse_catalog(data, "x.po").catalog)
        # an edited version: most pieces come from the cache, the new ones are parsed
        edited = text.replace('msgstr ""\n\n', 'msgstr "hecho"\n\n', 2).encode("utf-8")
        assert counter.count(edited, "x.po") == count_catalog(parse_catalog(edited, "x.po").catalog)
    with pytest.raises(CatalogError):
        counter.count(HEADER.encode() + b'msgid "x"\nmsgstr "unterminated\n', "bad.po")


def test_new_units_are_texts_the_previous_edition_lacks() -> None:
    from keys_l10n.core.model import Entry
    from keys_l10n.core.progress import new_units

    old = [Entry("Same text"), Entry("Edited text here"), Entry("Open", msgctxt="menu"), Entry("Gone", obsolete=True)]
    new = [
        Entry("Same text"),
        Entry("Edited text there now"),
        Entry("Open", msgctxt="door"),
        Entry("Gone"),
        Entry("Old", obsolete=True),
    ]
    assert new_units(old, new) == (3, 4 + 1 + 1)
    assert new_units([], new) == (4, 2 + 4 + 1 + 1)
