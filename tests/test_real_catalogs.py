"""Real catalogs written by other tools: read every file gettext reads, refuse only what gettext refuses.

GNU gettext is the oracle: for the corpus of real catalogs (``../shared/corpus/wild-po``) and for crafted cases of
each kind that real projects carry, what ``msgfmt --check`` accepts is read without a problem and written back byte
for byte, and what it reports is reported at the same line, as a warning (a ``check`` error), never a refusal.
One broken catalog stops only itself in the read-only commands.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers every command)
from conftest import MSGFMT, SHARED, needs_msgfmt, write_project
from keys_l10n.adapters.po import parse_catalog
from keys_l10n.adapters.po_write import serialize
from keys_l10n.cli.app import app
from keys_l10n.core.po_formats import format_problem

WILD = SHARED / "corpus" / "wild-po"
WILD_FILES = sorted(WILD.rglob("*.po")) if WILD.is_dir() else []
runner = CliRunner()

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Language: es\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
)


def msgfmt_errors(path: Path) -> tuple[int, list[int]]:
    """(exit code of ``msgfmt --check``, lines of the errors it names)."""
    assert MSGFMT is not None
    proc = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    lines = sorted({int(m) for m in re.findall(rf"{re.escape(path.name)}:(\d+): (?!warning)", proc.stderr)})
    return proc.returncode, lines


# -- the corpus ---------------------------------------------------------------------------------------------
@needs_msgfmt
@pytest.mark.skipif(not WILD_FILES, reason="../shared/corpus/wild-po is absent")
@pytest.mark.parametrize("path", WILD_FILES, ids=lambda p: p.parent.parent.name)
def test_wild_catalog_is_read_as_gettext_reads_it(path: Path) -> None:
    data = path.read_bytes()
    result = parse_catalog(data, path)  # never refused: every one of them is read by msgcat and msgmerge
    assert serialize(result.catalog) == data
    code, lines = msgfmt_errors(path)
    if code == 0:
        assert result.problems == [], result.warnings
    else:  # msgfmt --check reports something: we report it at the same lines
        assert sorted({p.line for p in result.problems}) == lines


@needs_msgfmt
@pytest.mark.skipif(not WILD_FILES, reason="../shared/corpus/wild-po is absent")
def test_check_reports_what_msgfmt_reports_on_real_catalogs() -> None:
    rejected = [p for p in WILD_FILES if msgfmt_errors(p)[0] != 0]
    sample = rejected + [p for p in WILD_FILES if p not in rejected][:3]  # all 70 would take a minute
    result = runner.invoke(app, ["check", "--lang", "en", "--format", "json", *map(str, sample)])
    assert result.exit_code == (3 if rejected else 0), result.output
    files = json.loads(result.stdout)["files"]
    assert len(files) == len(sample) and all(f["unreadable"] is None for f in files)
    flagged = {f["path"] for f in files if any(x["check"].startswith("gettext-") for x in f["findings"])}
    assert flagged == {str(p) for p in rejected}


# -- the kinds of real catalogs that used to be refused -----------------------------------------------------
ACCEPTED = {
    # python-format: gettext compares argument types, not the directives' spelling
    "flag in a directive": '#, python-format\nmsgid "%d pages"\nmsgstr "%-d páginas"\n',
    "integer kinds": '#, python-format\nmsgid "%d pages"\nmsgstr "%i páginas"\n',
    "named arg left out of a plural form": (
        '#, python-format\nmsgid "%(counter)s file"\nmsgid_plural "%(counter)s files"\n'
        'msgstr[0] "un archivo"\nmsgstr[1] "%(counter)s archivos"\n'
    ),
    "prose percent in both": '#, python-format\nmsgid "50% of %s"\nmsgstr "50% de %s"\n',
    "brace attribute chain": (
        '#, python-brace-format\nmsgid "type {current.__name__}"\nmsgstr "tipo {current.__name__}"\n'
    ),
    "untranslated plural without Plural-Forms": 'msgid "a file"\nmsgid_plural "files"\nmsgstr[0] ""\nmsgstr[1] ""\n',
    "fuzzy mismatch is not checked": '#, fuzzy, c-format\nmsgid "%d pages"\nmsgstr "%s páginas"\n',
    "comments after the last entry": 'msgid "a"\nmsgstr "b"\n\n# a comment that belongs to no entry\n#, fuzzy\n',
    "several strings on one line": 'msgid "a" "b"\nmsgstr "c"  "d"\n',
}
PROBLEMS = {
    "c-format type": ('#, c-format\nmsgid "%d pages"\nmsgstr "%s páginas"\n', "gettext-format"),
    "python-format count": ('#, python-format\nmsgid "%d of %d"\nmsgstr "%d"\n', "gettext-format"),
    "python named arg missing": ('#, python-format\nmsgid "%(n)s files"\nmsgstr "archivos"\n', "gettext-format"),
    "python mapping vs tuple": ('#, python-format\nmsgid "%(n)s files"\nmsgstr "%s archivos"\n', "gettext-format"),
    "brace renamed": ('#, python-brace-format\nmsgid "{name}"\nmsgstr "{nombre}"\n', "gettext-format"),
    "brace unterminated": ('#, python-brace-format\nmsgid "{name}"\nmsgstr "{name]"\n', "gettext-format"),
    "newline": ('msgid "a\\n"\nmsgstr "b"\n', "gettext-newlines"),
}


@needs_msgfmt
@pytest.mark.parametrize("body", ACCEPTED.values(), ids=ACCEPTED.keys())
def test_what_msgfmt_accepts_is_read_without_a_problem(body: str, tmp_path: Path) -> None:
    path = tmp_path / "case.po"
    header = HEADER if 'msgstr[0] ""' not in body else HEADER.replace("Plural-Forms", "X-Not-Plural-Forms")
    path.write_text(header + body, "utf-8")
    assert msgfmt_errors(path)[0] == 0
    result = parse_catalog(path.read_bytes(), path)
    assert result.problems == [] and serialize(result.catalog) == path.read_bytes()


@needs_msgfmt
@pytest.mark.parametrize(("body", "check"), PROBLEMS.values(), ids=PROBLEMS.keys())
def test_what_msgfmt_reports_is_a_problem_at_its_line(body: str, check: str, tmp_path: Path) -> None:
    path = tmp_path / "case.po"
    path.write_text(HEADER + body, "utf-8")
    code, lines = msgfmt_errors(path)
    assert code != 0
    result = parse_catalog(path.read_bytes(), path)
    assert [(p.line, p.check) for p in result.problems] == [(lines[0], check)]
    assert serialize(result.catalog) == path.read_bytes()


def test_plural_translations_without_plural_forms_are_a_problem_not_a_refusal() -> None:
    body = 'msgid "a file"\nmsgid_plural "files"\nmsgstr[0] "un archivo"\nmsgstr[1] "archivos"\n'
    result = parse_catalog(('msgid ""\nmsgstr "Language: es\\n"\n\n' + body).encode(), "p.po")
    assert [(p.line, p.check) for p in result.problems] == [(2, "gettext-plural-forms")]


def test_header_fields_run_together_warn_unless_they_hide_the_charset() -> None:
    joined = (
        b'msgid ""\nmsgstr ""\n"Project-Id-Version: x" "Language: es\\n"\n'
        b'"Content-Type: text/plain; charset=UTF-8\\n"\n'
    )
    result = parse_catalog(joined + b'\nmsgid "a"\nmsgstr "b"\n', "h.po")
    assert [(p.line, p.check) for p in result.problems] == [(2, "gettext-header")]
    assert result.warnings == ["h.po:2: header fields are not separated by \\n [gettext-header]"]


def test_problems_become_warnings_and_ignore_flags_silence_check(tmp_path: Path) -> None:
    root = write_project(tmp_path / "p", booklets={"b": "# Hello\n\nWorld\n"})
    po = root / "locale" / "2021" / "es" / "b.po"
    po.parent.mkdir(parents=True)
    entry = '#, python-format\nmsgid "%d of %d"\nmsgstr "%d"\n'
    po.write_text(HEADER + 'msgid "Hello"\nmsgstr "Hola"\n\n' + entry, "utf-8")
    result = runner.invoke(app, ["--project", str(root), "check"])
    assert result.exit_code == 3 and "gettext-format" in result.stdout
    po.write_text(HEADER + 'msgid "Hello"\nmsgstr "Hola"\n\n#, keys-l10n-ignore:gettext-format\n' + entry, "utf-8")
    result = runner.invoke(app, ["--project", str(root), "check"])
    assert result.exit_code == 0, result.output


# -- CR-only files (old Mac editors) ------------------------------------------------------------------------
def test_cr_only_catalog_is_read_and_written_back_cr_only(tmp_path: Path) -> None:
    text = HEADER + '#: b.md:1\nmsgid "Hello"\nmsgstr "Hola"\n\nmsgid "Gone"\nmsgstr "Ido"\n'
    data = text.replace("\n", "\r").encode()
    result = parse_catalog(data, "mac.po")
    assert result.catalog.newline == "\r" and serialize(result.catalog) == data
    assert [e.msgstr for e in result.catalog.entries] == ["Hola", "Ido"]
    changed = replace(result.catalog, entries=(result.catalog.entries[0].changed(msgstr="¡Hola!"),))
    written = serialize(changed)
    assert b"\n" not in written and b'msgstr "\xc2\xa1Hola!"\r' in written

    root = write_project(tmp_path / "p", booklets={"b": "# Hello\n\nWorld\n"})
    po = root / "locale" / "2021" / "es" / "b.po"
    po.parent.mkdir(parents=True)
    po.write_bytes(data)
    update = runner.invoke(app, ["--project", str(root), "update"])
    assert update.exit_code == 0, update.output
    merged = po.read_bytes()
    assert b"\n" not in merged and b'msgid "World"\r' in merged and b'msgstr "Hola"\r' in merged
    if MSGFMT is not None:
        assert msgfmt_errors(po)[0] == 0


# -- format directives against msgfmt (differential) --------------------------------------------------------
PIECES = {
    "python-format": ["%d", "%s", "%-d", "% d", "%i", "%r", "%(n)s", "%(n)d", "%(m)s", "%%", "%5.2f", "% o", "50%"],
    "c-format": ["%d", "%s", "%i", "%u", "%ld", "%1$s", "%2$d", "%%", "%5.2f", "%c", "%x"],
    "python-brace-format": ["{n}", "{m}", "{0}", "{n.x}", "{n[0]}", "{{", "}}", "{n:>5}", "{n!r}"],
}


@st.composite
def format_pairs(draw: st.DrawFn) -> tuple[str, str, str]:
    flag = draw(st.sampled_from(sorted(PIECES)))
    words = st.sampled_from(["a", "b ", " ", "x"])
    parts = st.lists(st.one_of(st.sampled_from(PIECES[flag]), words), min_size=1, max_size=4).map("".join)
    return flag, draw(parts), draw(parts)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _valid_msgid(flag: str, msgid: str) -> bool:
    """Whether the msgid is a valid format string of its kind (only then does gettext compare a translation)."""
    return format_problem((flag,), msgid, None, (msgid,)) is None and bool(msgid.strip())


@needs_msgfmt
@settings(max_examples=int(os.environ.get("KEYS_L10N_FUZZ_EXAMPLES") or 40), deadline=None)
@given(st.lists(format_pairs(), min_size=1, max_size=25))
def test_format_verdicts_agree_with_msgfmt(pairs: list[tuple[str, str, str]]) -> None:
    """Each pair is one entry of one file: the entries msgfmt --check names are exactly those we find a problem in."""
    import tempfile

    chunks, at_line, ours = [HEADER], {}, set()
    line = HEADER.count("\n") + 1
    for index, (flag, msgid, msgstr) in enumerate(pairs):
        if not msgstr.strip() or not _valid_msgid(flag, msgid):
            continue
        chunks.append(f"#, {flag}\nmsgctxt {_quoted(str(index))}\nmsgid {_quoted(msgid)}\nmsgstr {_quoted(msgstr)}\n\n")
        at_line[line + 3] = index
        if format_problem((flag,), msgid, None, (msgstr,)):
            ours.add(index)
        line += 5
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "formats.po"
        path.write_text("".join(chunks), "utf-8")
        assert MSGFMT is not None
        proc = subprocess.run([MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
    theirs = {at_line[int(m)] for m in re.findall(r"formats\.po:(\d+): (?!warning)", proc.stderr) if int(m) in at_line}
    assert ours == theirs, (pairs, proc.stderr)


# -- one broken catalog stops only itself -------------------------------------------------------------------
def _project_with_one_broken_catalog(tmp_path: Path) -> tuple[Path, Path]:
    root = write_project(tmp_path / "p", locales=("es", "fr"), booklets={"b": "# Hello\n\nWorld\n"})
    for lang, words in (("es", ("Hola", "Mundo")), ("fr", ("Bonjour", "Monde"))):
        po = root / "locale" / "2021" / lang / "b.po"
        po.parent.mkdir(parents=True)
        po.write_text(
            HEADER.replace("Language: es", f"Language: {lang}")
            + f'msgid "Hello"\nmsgstr "{words[0]}"\n\nmsgid "World"\nmsgstr "{words[1]}"\n',
            "utf-8",
        )
    broken = root / "locale" / "2021" / "fr" / "b.po"
    broken.write_text(broken.read_text("utf-8").replace('msgstr "Monde"', 'msgstr "Monde'), "utf-8")
    return root, broken


def test_stats_reports_the_broken_catalog_and_counts_the_others(tmp_path: Path) -> None:
    root, _ = _project_with_one_broken_catalog(tmp_path)
    result = runner.invoke(app, ["--project", str(root), "stats", "--format", "json"])
    assert result.exit_code == 1
    assert "error: locale/2021/fr/b.po:11: closing quote missing" in result.stderr
    rows = {c["lang"]: c for c in json.loads(result.stdout)["catalogs"]}
    assert rows["es"]["percent"]["words"] == 100 and rows["es"]["error"] is None
    assert rows["fr"]["error"].startswith("locale/2021/fr/b.po:11: ") and rows["fr"]["percent"]["words"] == 0
    html = runner.invoke(app, ["--project", str(root), "stats", "--format", "html"])
    assert html.exit_code == 1
    assert "Unreadable catalogs" in (root / "build" / "stats.html").read_text("utf-8")


def test_check_and_build_go_on_past_the_broken_catalog(tmp_path: Path) -> None:
    root, broken = _project_with_one_broken_catalog(tmp_path)
    before = broken.read_bytes()
    check = runner.invoke(app, ["--project", str(root), "check", "--format", "json"])
    assert check.exit_code == 1
    files = {Path(f["path"]).parts[2]: f for f in json.loads(check.stdout)["files"]}
    assert files["es"]["unreadable"] is None
    assert files["fr"]["findings"][0]["check"] == "po-syntax" and files["fr"]["findings"][0]["line"] == 11
    build = runner.invoke(app, ["--project", str(root), "build"])
    assert build.exit_code == 1
    assert "error: locale/2021/fr/b.po:11: " in build.stderr
    assert (root / "build" / "2021" / "es" / "b.md").read_text("utf-8") == "# Hola\n\nMundo\n"
    assert not (root / "build" / "2021" / "fr" / "b.md").exists()
    assert broken.read_bytes() == before


def test_compare_goes_on_past_an_unreadable_booklet(tmp_path: Path) -> None:
    root = write_project(
        tmp_path / "p",
        editions={"a": "source/a", "b": "source/b"},
        booklets={"one": "# One\n\nText.\n", "two": "# Two\n\nMore.\n"},
    )
    (root / "source" / "b" / "two.md").write_bytes(b"# Two\n\nbad \xff byte\n")
    result = runner.invoke(app, ["--project", str(root), "compare", "a", "b", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [b["old_name"] for b in data["booklets"]] == ["one"]  # "two" is neither removed nor added
    assert data["errors"] == ["source/b/two.md:3: not UTF-8 text (invalid start byte at byte 11)"]


def test_writing_commands_still_refuse_to_write_anything(tmp_path: Path) -> None:
    root, broken = _project_with_one_broken_catalog(tmp_path)
    es = root / "locale" / "2021" / "es" / "b.po"
    (root / "source" / "2021" / "b.md").write_text("# Hello\n\nWorld\n\nNew.\n", "utf-8")
    before = (es.read_bytes(), broken.read_bytes())
    result = runner.invoke(app, ["--project", str(root), "update"])
    assert result.exit_code == 1 and (es.read_bytes(), broken.read_bytes()) == before


def test_merge_merges_a_folder_with_a_python_format_mismatch(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    mismatch = '#, python-format\nmsgid "%(n)s of %(m)s"\nmsgstr "%(n)s"\n'
    (old / "a.po").write_text(HEADER + 'msgid "Hello"\nmsgstr "Hola"\n', "utf-8")
    (old / "b.po").write_text(HEADER + mismatch, "utf-8")
    (new / "a.pot").write_text(HEADER + 'msgid "Hello"\nmsgstr ""\n\nmsgid "Bye"\nmsgstr ""\n', "utf-8")
    (new / "b.pot").write_text(HEADER + '#, python-format\nmsgid "%(n)s of %(m)s"\nmsgstr ""\n', "utf-8")
    result = runner.invoke(app, ["merge", "--previous", str(old), str(new), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert re.search(r"warning: .*b\.po:\d+: .*\[gettext-format\]", result.stderr), result.stderr
    merged = parse_catalog((tmp_path / "out" / "b.po").read_bytes(), "b.po").catalog
    assert merged.entries[0].msgstr == "%(n)s"  # the translator's text, kept as it was
    assert "Hola" in (tmp_path / "out" / "a.po").read_text("utf-8")


@pytest.mark.skipif(not WILD_FILES, reason="../shared/corpus/wild-po is absent")
@pytest.mark.parametrize("lang", ["fa", "de"])  # fa carries a python-brace problem msgfmt reports; de is clean
def test_real_catalog_goes_through_every_command(lang: str, tmp_path: Path) -> None:
    """A real catalog placed in a project: each command reads it; update keeps every translation (obsolete here,
    as the booklet has other texts) and leaves the entries it does not change byte for byte."""
    root = write_project(
        tmp_path / "p",
        locales=(lang,),
        editions={"2014": "source/2014", "2021": "source/2021"},
        booklets={"b": "# Hello\n\nWorld\n"},
    )
    source = next(p for p in WILD_FILES if p.parent.parent.name == lang)
    for edition in ("2014", "2021"):
        po = root / "locale" / edition / lang / "b.po"
        po.parent.mkdir(parents=True)
        shutil.copyfile(source, po)
    original = parse_catalog(source.read_bytes(), source).catalog
    problems = bool(parse_catalog(source.read_bytes(), source).problems)
    for args, code in (
        (["stats"], 0),
        (["check", "--severity", "error"], 3 if problems else None),
        (["build", "--min-complete", "0"], 0),
        (["compare", "2014", "2021"], 0),
        (["update"], 0),
        (["migrate", "2014", "2021"], 0),
    ):
        result = runner.invoke(app, ["--project", str(root), *args])
        assert "Traceback" not in result.output and result.exit_code != 1, (args, result.output)
        if code is not None:
            assert result.exit_code == code, (args, result.output)
    for edition in ("2014", "2021"):
        merged = parse_catalog((root / "locale" / edition / lang / "b.po").read_bytes(), "b.po").catalog
        kept = {e.key: e.translations for e in merged.entries}
        assert all(kept.get(e.key) == e.translations for e in original.entries if e.translated)
