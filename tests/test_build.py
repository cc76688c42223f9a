"""`build`: rebuilt Markdown (round trip, pseudo-translation, golden cases), fallback policy, threshold,
markup-safety warnings, manifest, MO output and the command line.

Golden cases live in ``data/build/<case>/``: ``source.md`` + ``xx.po`` (+ ``options.json``) -> ``expected.md``
(no ``expected.md`` when the case expects the booklet to be skipped). Adding a case is adding a folder.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import polib
import pyromark
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import DATA, PROJECT, write_project
from keys_l10n.adapters import pool
from keys_l10n.adapters.config import load_config
from keys_l10n.adapters.po import parse_catalog
from keys_l10n.adapters.po_write import serialize
from keys_l10n.cli import app
from keys_l10n.core.errors import UsageError
from keys_l10n.core.markdown import OPTIONS, segment
from keys_l10n.core.model import Catalog, Entry
from keys_l10n.core.rebuild import (
    MARK_COMMENT,
    BuildWarning,
    FuzzyPolicy,
    markup_problems,
    neutralize_html,
    rebuild,
)
from keys_l10n.usecases.build import build, parse_formats

CASES_DIR = DATA / "build"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if p.is_dir())
MSGUNFMT = shutil.which("msgunfmt")
OPEN, CLOSE = "⟦", "⟧"


def catalog_for(source: str, translate: Any = lambda text: text, *, flags: tuple[str, ...] = ()) -> Catalog:
    """A catalog with one entry per distinct unit of ``source``, msgstr = translate(msgid)."""
    seen: dict[tuple[str | None, str], Entry] = {}
    for seg in segment(source):
        if seg.key not in seen:
            seen[seg.key] = Entry(msgid=seg.text, msgctxt=seg.context, msgstr=translate(seg.text), flags=flags)
    return Catalog(entries=tuple(seen.values()))


# -- a small grammar of Markdown -------------------------------------------------------------------------
WORDS = st.sampled_from(["alpha", "beta", "gamma", "río", "niño", "x1", "a.b", "two-part", "ok!", "«quoted»"])


@st.composite
def inline(draw: st.DrawFn) -> str:
    word = draw(WORDS)
    return draw(
        st.sampled_from(
            [
                word,
                word,
                word,
                f"*{word}*",
                f"_{word}_",
                f"**{word} {word}**",
                f"`code {word}`",
                f"[{word}](http://e.x/{word.replace(' ', '')})",
                f'[{word}](http://e.x/t "title {word}")',
                f"[{word}][ref]",
                "[ref]",
                f"{word}[^1]",
                f"<b>{word}</b>",
                f"\\*{word}",
                f"~~{word}~~",
                f"![{word}](img/{word}.png)",
                f"<http://auto.link/{word}>",
                "&amp;",
            ]
        )
    )


def line() -> st.SearchStrategy[str]:
    return st.lists(inline(), min_size=1, max_size=5).map(" ".join)


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    lines = draw(st.lists(line(), min_size=1, max_size=3))
    joiners = [draw(st.sampled_from(["\n", "\n", "  \n", "\\\n"])) for _ in lines[1:]]
    out = lines[0]
    for joiner, text in zip(joiners, lines[1:], strict=True):
        out += joiner + text
    return out


@st.composite
def block(draw: st.DrawFn, depth: int = 0) -> str:
    kinds = ["paragraph", "heading", "setext", "list", "ordered", "quote", "table", "code", "html", "image", "rule"]
    kind = draw(st.sampled_from(kinds if depth < 2 else ["paragraph", "heading", "code"]))
    if kind == "paragraph":
        return draw(paragraph())
    if kind == "heading":
        closing = draw(st.sampled_from(["", " #"]))
        return "#" * draw(st.integers(1, 6)) + " " + draw(line()) + closing
    if kind == "setext":
        return draw(line()) + "\n" + draw(st.sampled_from(["===", "---"]))
    if kind in ("list", "ordered"):
        items = draw(st.lists(line(), min_size=1, max_size=3))
        loose = draw(st.booleans())
        marker = [f"{i + 1}. " for i in range(len(items))] if kind == "ordered" else ["- "] * len(items)
        out = []
        for mark, text in zip(marker, items, strict=True):
            item = mark + text
            if draw(st.booleans()) and depth < 1:
                nested = draw(block(depth + 1))
                pad = " " * len(mark)
                item += "\n" + ("\n" if loose else "") + "\n".join(pad + ln if ln else ln for ln in nested.split("\n"))
            out.append(item)
        return ("\n\n" if loose else "\n").join(out)
    if kind == "quote":
        inner = draw(block(depth + 1))
        return "\n".join("> " + ln if ln else ">" for ln in inner.split("\n"))
    if kind == "table":
        cols = draw(st.integers(1, 3))
        rows = draw(st.integers(1, 3))
        head = "| " + " | ".join(draw(line()).replace("|", "") for _ in range(cols)) + " |"
        sep = "|" + "|".join(draw(st.sampled_from(["---", ":--", ":-:", "--:"])) for _ in range(cols)) + "|"
        body = ["| " + " | ".join(draw(WORDS) for _ in range(cols)) + " |" for _ in range(rows)]
        return "\n".join([head, sep, *body])
    if kind == "code":
        return "```text\n" + draw(line()) + "\n```"
    if kind == "html":
        return '<div class="note">\n' + draw(line()) + "\n</div>"
    if kind == "image":
        word = draw(WORDS)
        return f'![{word} picture](img/{word}.png "{word} title")'
    return "***"


@st.composite
def document(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=6))
    text = "\n\n".join(blocks)
    text += '\n\n[ref]: http://ref.example/ "Ref"\n\n[^1]: A footnote with *emphasis*.\n'
    if draw(st.booleans()):
        text = text.rstrip("\n")
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


BLOCK_TAGS = {
    "Paragraph",
    "Heading",
    "BlockQuote",
    "CodeBlock",
    "HtmlBlock",
    "List",
    "Item",
    "Table",
    "TableHead",
    "TableRow",
    "TableCell",
    "FootnoteDefinition",
    "MetadataBlock",
    "Rule",
}


def block_events(text: str) -> list[Any]:
    """The parser's block events (start/end of block containers, with their attributes), no inline content."""
    out = []
    for event, _ in pyromark.events_with_range(text, options=OPTIONS):
        if isinstance(event, str):
            if event == "Rule":
                out.append(event)
            continue
        kind = next(iter(event))
        if kind not in ("Start", "End"):
            continue
        value = event[kind]
        tag = value if isinstance(value, str) else next(iter(value))
        if tag in BLOCK_TAGS:
            out.append((kind, repr(value)))
    return out


SETTINGS = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(document(), st.booleans())
def test_identity_translation_rebuilds_the_source_byte_for_byte(text: str, wrap: bool) -> None:
    result = rebuild(text, catalog_for(text), wrap=wrap)
    assert result.markdown == text
    assert result.html_markdown == text
    assert result.fallbacks == ()
    assert result.complete == 100.0


def pseudo(text: str) -> str:
    """Markers around the msgid, and longer than it, so that re-wrapping really moves words across lines."""
    return f"{OPEN}{text} ñandú ñandú ñandú ñandú ñandú ñandú ñandú{CLOSE}"


@SETTINGS
@given(document(), st.booleans())
def test_pseudo_translation_keeps_blocks_and_translates_each_unit_once(text: str, wrap: bool) -> None:
    units = segment(text)
    result = rebuild(text, catalog_for(text, pseudo), wrap=wrap)
    assert block_events(result.markdown) == block_events(text)
    rebuilt = segment(result.markdown)
    assert len(rebuilt) == len(units)
    for old, new in zip(units, rebuilt, strict=True):
        assert " ".join(new.text.split()) == " ".join(pseudo(old.text).split())
        assert new.kind == old.kind
    assert result.markdown.count(OPEN) == len(units) == result.markdown.count(CLOSE)


# -- golden cases ----------------------------------------------------------------------------------------
def _case_options(case: Path) -> dict[str, Any]:
    options = case / "options.json"
    return json.loads(options.read_text(encoding="utf-8")) if options.exists() else {}


@pytest.mark.parametrize("name", CASES)
def test_golden_build(name: str, tmp_path: Path) -> None:
    case = CASES_DIR / name
    options = _case_options(case)
    source = (case / "source.md").read_bytes().decode("utf-8")
    root = write_project(tmp_path / "p", locales=("es",), editions={"e": "source/e"}, booklets={"booklet": source})
    po = root / "locale" / "e" / "es" / "booklet.po"
    po.parent.mkdir(parents=True)
    shutil.copyfile(case / "xx.po", po)
    config = load_config(root)
    result = build(
        config,
        formats=("md",),
        fuzzy=options.get("fuzzy", "keep"),
        min_complete=options.get("min_complete", 80.0),
        wrap=options.get("wrap", True),
    )
    (item,) = result.booklets
    out = root / "build" / "e" / "es" / "booklet.md"
    if "complete" in options:
        assert item.complete == pytest.approx(options["complete"], abs=0.01)
    if (case / "expected.md").exists():
        assert item.status == "built"
        assert out.read_bytes() == (case / "expected.md").read_bytes()
    else:
        assert item.status == "skipped"
        assert not out.exists()
    manifest = json.loads((root / "build" / "e" / "es" / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["booklets"]["booklet"]
    assert entry["status"] == item.status
    assert [f["reason"] for f in entry["fallbacks"]] == options.get("fallbacks", [])
    assert [w["message"].split(" (source")[0] for w in entry["warnings"]] == options.get("warnings", [])


def test_golden_cases_cover_the_issue() -> None:
    wanted = {
        "lists",
        "nested_lists",
        "quotes",
        "tables",
        "footnotes",
        "reference_links",
        "hard_wrapped",
        "crlf",
        "fuzzy_include",
        "fuzzy_mark",
        "threshold",
    }
    assert wanted <= set(CASES)


def test_golden_sources_rebuild_themselves() -> None:
    for name in CASES:
        text = (CASES_DIR / name / "source.md").read_bytes().decode("utf-8")
        assert rebuild(text, catalog_for(text)).markdown == text, name


# -- fallback policy and completeness ------------------------------------------------------------------
SOURCE = "# Title\n\nFirst paragraph here.\n\nSecond one, four words.\n"


def _entries(*entries: Entry) -> Catalog:
    return Catalog(entries=entries)


def test_fuzzy_policy_keep_include_mark() -> None:
    catalog = _entries(
        Entry("Title", "Título"),
        Entry("First paragraph here.", "Primer párrafo aquí.", flags=("fuzzy",), previous_msgid="First paragraph."),
        Entry("Second one, four words.", ""),
    )
    keep = rebuild(SOURCE, catalog)
    assert keep.markdown == "# Título\n\nFirst paragraph here.\n\nSecond one, four words.\n"
    assert [(f.line, f.reason) for f in keep.fallbacks] == [(3, "fuzzy"), (5, "untranslated")]
    assert keep.words.total == 8 and keep.words.shown_translated == 1
    include = rebuild(SOURCE, catalog, fuzzy=FuzzyPolicy.INCLUDE)
    assert "Primer párrafo aquí.\n" in include.markdown and MARK_COMMENT not in include.markdown
    assert include.words.shown_translated == 4
    mark = rebuild(SOURCE, catalog, fuzzy=FuzzyPolicy.MARK)
    assert f"Primer párrafo aquí. {MARK_COMMENT}\n" in mark.markdown
    assert mark.marks == ("First paragraph.",)
    assert [(f.line, f.reason) for f in mark.fallbacks] == [(5, "untranslated")]


def test_obsolete_entries_are_never_used_and_missing_units_are_reported() -> None:
    catalog = _entries(Entry("Title", "Título", obsolete=True))
    result = rebuild(SOURCE, catalog, catalog_path="xx.po", source_path="b.md")
    assert result.markdown == SOURCE
    assert {f.reason for f in result.fallbacks} == {"missing"}
    assert result.complete == 0.0
    assert "3 unit(s) of b.md are not in the catalog" in str(result.warnings[-1])


def test_completeness_counts_source_words_not_messages() -> None:
    catalog = _entries(Entry("Title", "Título"), Entry("Second one, four words.", "Segundo, cuatro palabras."))
    result = rebuild(SOURCE, catalog)
    assert result.complete == pytest.approx(100 * 5 / 8)


def test_threshold_skips_and_strict_fails(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", booklets={"b": SOURCE})
    po = root / "locale" / "2021" / "es" / "b.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Language: es\\n"\n\nmsgid "Title"\nmsgstr "Título"\n', encoding="utf-8")
    config = load_config(root)
    assert build(config, min_complete=10).booklets[0].status == "built"
    assert (root / "build/2021/es/b.html").exists()
    result = build(config)  # 12.5 % < 80 %: skipped, the earlier outputs are removed
    assert result.booklets[0].status == "skipped"
    assert {f.action for f in result.booklets[0].files} == {"removed"}
    assert not (root / "build/2021/es/b.md").exists()
    runner = CliRunner()
    ok = runner.invoke(app, ["--project", str(root), "build"])
    assert ok.exit_code == 0, ok.output
    assert "skipped" in ok.stdout and "12.5%" in ok.stdout
    strict = runner.invoke(app, ["--project", str(root), "build", "--strict"])
    assert strict.exit_code == 3


def test_build_is_idempotent_and_manifest_is_stable(shipped_project: Path) -> None:
    config = load_config(shipped_project)
    first = build(config, formats=("md", "html", "mo"), min_complete=0)
    assert {f.action for b in first.booklets for f in b.files} == {"created"}
    manifest = shipped_project / "build" / "2014" / "es" / "manifest.json"
    before = manifest.read_bytes()
    second = build(config, formats=("md", "html", "mo"), min_complete=0)
    assert {f.action for b in second.booklets for f in b.files} == {"unchanged"}
    assert {m.action for m in second.manifests} == {"unchanged"}
    assert manifest.read_bytes() == before
    data = json.loads(before)
    assert data["language"] == "Español"
    assert data["booklets"]["presentation"]["complete"] == 100.0


def test_manifest_keeps_booklets_not_built_this_time(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", booklets={"a": "# A\n", "b": "# B\n"})
    config = load_config(root)
    build(config, min_complete=0)
    build(config, booklet="a", min_complete=0)
    data = json.loads((root / "build/2021/es/manifest.json").read_text(encoding="utf-8"))
    assert sorted(data["booklets"]) == ["a", "b"]
    assert data["booklets"]["b"]["warnings"][0]["message"].startswith("no catalog")


# -- markup safety ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("msgid", "msgstr", "expected"),
    [
        ("see [the site](http://a/)", "ver [el sitio](http://b/)", "link-targets: link target ‘http://a/’ became"),
        ("an *important* word", "una palabra *importante", "emphasis-count: 1 emphasis span(s) in the source, 0"),
        ("a **strong** word", "una palabra fuerte", "emphasis-count: 1 strong span(s) in the source, 0"),
        ("a note[^1]", "una nota", "footnotes: footnote reference [^1] of the source is missing"),
        ("a note[^1]", "una nota[^2]", "footnotes: footnote reference [^2] is not in the source"),
        ("run `make demo`", "ejecuta `haz demo`", "inline-code: code span `make demo` of the source is missing"),
        ("see [docs][ref]", "ver [docs][nope]", "link-targets: link target ‘[ref]’ became ‘[nope]’"),
        ("plain text", "texto <script>x</script>", "html-tags: HTML ‘<script>’ is not in the source"),
        ("A title", "# Un título", "structure: in its paragraph the translation reads as Heading 1"),
    ],
)
def test_markup_problems(msgid: str, msgstr: str, expected: str) -> None:
    problems = [str(p) for p in markup_problems(msgid, msgstr)]
    assert any(p.startswith(expected) for p in problems), problems


@pytest.mark.parametrize(
    ("msgid", "msgstr"),
    [
        ("see [the site](http://a/) and [docs][ref]", "ver [docs][ref] y [el sitio](http://a/)"),
        ("an *important* and **strong** note[^1]", "una nota[^1] *importante* y __fuerte__"),
        ("run `make demo` <b>now</b>", "<b>ya</b> ejecuta `make demo`"),
    ],
)
def test_kept_markup_gives_no_problem(msgid: str, msgstr: str) -> None:
    assert markup_problems(msgid, msgstr) == []


def test_markup_warnings_name_catalog_line_and_source_line() -> None:
    source = "# Title\n\nSee [the site](http://a/).\n"
    catalog = parse_catalog(
        b'msgid ""\nmsgstr "Language: es\\n"\n\nmsgid "Title"\nmsgstr "T\xc3\xadtulo"\n\n'
        b'msgid "See [the site](http://a/)."\nmsgstr "Ver [el sitio](http://b/)."\n',
        "es.po",
    ).catalog
    result = rebuild(source, catalog, source_path="src/b.md", catalog_path="locale/es/b.po")
    assert "Ver [el sitio](http://b/)." in result.markdown  # still built with the translation
    assert [str(w) for w in result.warnings] == [
        "locale/es/b.po:7: warning: link-targets: link target ‘http://a/’ became ‘http://b/’; keep the source's target"
        " (source src/b.md:3)"
    ]
    assert isinstance(result.warnings[0], BuildWarning)


def test_command_prints_warnings_on_stderr(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", booklets={"b": "Some *emphasis* here.\n"})
    po = root / "locale" / "2021" / "es" / "b.po"
    po.parent.mkdir(parents=True)
    po.write_text(
        'msgid ""\nmsgstr "Language: es\\n"\n\nmsgid "Some *emphasis* here."\nmsgstr "Algo *de énfasis aquí."\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["--project", str(root), "build"])
    assert result.exit_code == 0
    assert "locale/2021/es/b.po:4: warning: emphasis-count: 1 emphasis span(s) in the source, 0" in result.stderr
    assert "warning" not in result.stdout.replace("2 warning(s)", "")
    assert (root / "build/2021/es/b.md").read_text(encoding="utf-8") == "Algo *de énfasis aquí.\n"
    strict = CliRunner().invoke(app, ["--project", str(root), "build", "--strict"])
    assert strict.exit_code == 3


def test_neutralize_html_escapes_only_new_tags() -> None:
    from collections import Counter

    allowed = Counter({"<b>": 1, "</b>": 1})
    assert neutralize_html("<b>sí</b> <script>alert(1)</script>", allowed) == "<b>sí</b> \\<script>alert(1)\\</script>"
    assert neutralize_html("<script>\nalert(1)\n</script>", Counter()) == "\\<script>\nalert(1)\n\\</script>"
    assert neutralize_html("`<code>` and 3 < 4", Counter()) == "`<code>` and 3 < 4"


# -- MO --------------------------------------------------------------------------------------------------
def test_mo_is_readable_by_polib_and_msgunfmt(shipped_project: Path) -> None:
    config = load_config(shipped_project)
    build(config, edition="2014", lang=["es"], formats=("mo",))
    mo = shipped_project / "build" / "2014" / "es" / "presentation.mo"
    entries = {e.msgid: e.msgstr for e in polib.mofile(str(mo))}
    assert entries["Keys towards Psychosocial Accompaniment"] == "Claves hacia el acompañamiento psicosocial"
    assert len(entries) == 6
    assert not (shipped_project / "build" / "2014" / "es" / "presentation.md").exists()
    if MSGUNFMT is None:
        pytest.skip("msgunfmt is not installed")
    proc = subprocess.run([MSGUNFMT, str(mo)], capture_output=True, text=True, check=True)
    assert 'msgstr "Claves hacia el acompañamiento psicosocial"' in proc.stdout


# -- options and errors ------------------------------------------------------------------------------------
def test_parse_formats() -> None:
    assert parse_formats("md, HTML,md") == ("md", "html")
    assert parse_formats("pdf,md") == ("pdf", "md")
    with pytest.raises(UsageError, match="unknown build format 'docx'"):
        parse_formats("md,docx")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx"], "unknown build format 'docx'"),
        (["--fuzzy", "maybe"], "--fuzzy must be one of keep, include, mark"),
    ],
)
def test_command_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    root = write_project(tmp_path / "p")
    result = CliRunner().invoke(app, ["--project", str(root), "build", *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_command_errors_are_one_line(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p")
    result = CliRunner().invoke(app, ["--project", str(root), "build", "--edition", "1999"])
    assert result.exit_code == 2  # an unknown edition is a usage error
    assert result.stderr.startswith("error: ") and "unknown edition '1999'" in result.stderr
    bad = CliRunner().invoke(app, ["--project", str(root), "build", "--lang", "zz_ZZ"])
    assert bad.exit_code == 2 and "Traceback" not in bad.output  # an unknown locale is a bad option value


def test_help_states_the_fallback_policy() -> None:
    result = CliRunner().invoke(app, ["build", "--help"])
    text = " ".join(result.stdout.split())
    assert "an untranslated unit keeps the source text" in text
    assert "keep = show the source text (default)" in text
    assert "--min-complete" in text and "source words" in text


def test_shipped_project_demo(shipped_project: Path) -> None:
    result = CliRunner().invoke(app, ["--project", str(shipped_project), "build", "--min-complete", "50"])
    assert result.exit_code == 0, result.output
    assert (shipped_project / "build/2014/fr/presentation.md").exists()
    fr = json.loads((shipped_project / "build/2014/fr/manifest.json").read_text(encoding="utf-8"))
    assert fr["booklets"]["presentation"]["complete"] == pytest.approx(55.45, abs=0.01)
    assert [f["line"] for f in fr["booklets"]["presentation"]["fallbacks"]] == [9, 11]
    assert PROJECT.exists()


# -- real input and translate-toolkit ------------------------------------------------------------------
CORPUS_SRC = PROJECT.parent / "shared" / "corpus" / "comprehensive-rust" / "A" / "src"
MD2PO = PROJECT / ".venv" / "bin" / "md2po"
CORPUS_FILES = ["index.md", "other-resources.md", "credits.md", "glossary.md", "cargo.md", "thanks.md"]


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS_SRC.is_dir(), reason="../shared/corpus is absent")
def test_corpus_identity_build_is_byte_identical() -> None:
    files = sorted(CORPUS_SRC.rglob("*.md"))
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8")
        assert rebuild(text, catalog_for(text)).markdown == text, path


def _code_and_front_matter(text: str) -> list[str]:
    data = text.encode("utf-8")
    out = []
    for event, rng in pyromark.events_with_range(text, options=OPTIONS):
        start = event.get("Start") if isinstance(event, dict) else None
        tag = start if isinstance(start, str) else next(iter(start)) if isinstance(start, dict) else None
        if tag in ("CodeBlock", "MetadataBlock"):
            out.append(data[rng["start"] : rng["end"]].decode("utf-8"))
    return out


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS_SRC.is_dir() or not MD2PO.exists(), reason="corpus or md2po absent")
def test_our_units_are_md2po_units(tmp_path: Path) -> None:
    """Every msgid we extract is one md2po extracts (its msgids have a plain newline for a backslash hard
    break). md2po extracts more: code blocks and whole front matter blocks, which we never translate."""
    for name in CORPUS_FILES:
        pot = tmp_path / f"{name}.pot"
        subprocess.run(
            [
                str(MD2PO),
                "--no-placeholders",
                "--duplicates",
                "merge",
                "--progress",
                "none",
                str(CORPUS_SRC / name),
                str(pot),
            ],
            check=True,
            capture_output=True,
        )
        text = (CORPUS_SRC / name).read_text(encoding="utf-8")
        theirs = {e.msgid for e in polib.pofile(str(pot))}
        ours = {seg.text.replace("\\\n", "\n") for seg in segment(text)}
        assert ours <= theirs, (name, sorted(ours - theirs)[:3])
        raw_blocks = _code_and_front_matter(text)
        for extra in theirs - ours:  # what only md2po extracts lies in a code block or the front matter
            first = extra.strip("-\n").split("\n")[0]
            assert any(first in block for block in raw_blocks), (name, extra)


def test_line_break_in_a_heading_translation_is_joined_and_reported() -> None:
    catalog = _entries(Entry("Title", "Un título\nen dos líneas"))
    result = rebuild(SOURCE, catalog, catalog_path="es.po")
    assert result.markdown.startswith("# Un título en dos líneas\n\nFirst paragraph here.\n")
    assert any("line break in the translation of a heading" in w.message for w in result.warnings)


def test_manifest_lists_the_files_present_after_the_run(shipped_project: Path) -> None:
    config = load_config(shipped_project)
    build(config, edition="2014", lang=["es"], formats=("md", "html"))
    build(config, edition="2014", lang=["es"], formats=("mo",))
    data = json.loads((shipped_project / "build/2014/es/manifest.json").read_text(encoding="utf-8"))
    assert data["booklets"]["presentation"]["files"] == ["presentation.html", "presentation.md", "presentation.mo"]


BAD_PO = PROJECT.parent / "shared" / "bad-po"


@pytest.mark.skipif(not BAD_PO.is_dir(), reason="../shared/bad-po is absent")
def test_bad_catalogs_give_a_clear_error_or_a_build(tmp_path: Path) -> None:
    runner = CliRunner()
    for bad in sorted(BAD_PO.glob("*.po")):
        root = write_project(tmp_path / bad.stem, booklets={"b": SOURCE})
        po = root / "locale" / "2021" / "es" / "b.po"
        po.parent.mkdir(parents=True)
        shutil.copyfile(bad, po)
        before = po.read_bytes()
        result = runner.invoke(app, ["--project", str(root), "build", "--min-complete", "0"])
        assert result.exit_code in (0, 1), (bad.name, result.output)
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (bad.name, result.exception)
        if result.exit_code == 1:
            assert result.stderr.startswith("error: ") and "b.po" in result.stderr, (bad.name, result.stderr)
        else:
            assert (root / "build/2021/es/b.md").exists(), bad.name
        assert po.read_bytes() == before  # build never touches a catalog


def test_a_pool_of_processes_builds_what_one_process_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``build_jobs``: the booklets rebuilt by two processes give the same files, warnings, errors and order."""
    pools: list[int] = []
    decide = pool.workers
    monkeypatch.setattr(pool, "workers", lambda *args: pools.append(decide(*args)) or pools[-1])
    texts = {name: f"# {name}\n\nSome *text* of [{name}](http://x/{name}).\n\nMore.\n" for name in "abcde"}
    results = []
    for workers in (1, 2):
        root = write_project(tmp_path / str(workers), booklets=texts)
        for name, text in list(texts.items())[:-1]:  # the last booklet has no catalog: a warning
            po = root / f"locale/2021/es/{name}.po"
            po.parent.mkdir(parents=True, exist_ok=True)
            po.write_bytes(serialize(catalog_for(text, lambda t: f"[es] {t}" if "[" not in t else t.upper())))
        (root / "locale/2021/es/b.po").write_text('msgid "broken\n', encoding="utf-8")  # an error, in its place
        result = build(load_config(root), formats=("md", "html", "mo"), min_complete=0, workers=workers)
        files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "build").rglob("*.*"))}
        outcome = [(b.booklet, b.status, b.rebuilt, [(f.path, f.action) for f in b.files]) for b in result.booklets]
        results.append((files, outcome, result.errors, [b.rebuilt.html() for b in result.booklets]))
    assert results[0] == results[1] and pools == [1, 2]
    assert results[0][2] and len(results[0][1]) == 4 and results[0][1][-1][2].warnings
