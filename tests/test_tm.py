"""`tm export` / `tm import`: TMX round trip through translate-toolkit, and hostile TMX files refused."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers the commands)
from conftest import SHIPPED
from keys_l10n.adapters.config import load_config
from keys_l10n.adapters.po import read_catalog
from keys_l10n.adapters.po_write import serialize
from keys_l10n.cli.app import app
from keys_l10n.core.model import Entry
from keys_l10n.core.translation_memory import TranslationMemory
from keys_l10n.usecases.migrate import language_memory

HEADER = (
    '<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" '
    'creationtool="x" creationtoolversion="1" o-tmf="x"/><body>'
)
UNITS = (
    '<tu><tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="es"><seg>&xxe;</seg></tuv></tu>'
    '<tu><tuv xml:lang="en"><seg>Bye</seg></tuv><tuv xml:lang="es"><seg>Adiós</seg></tuv></tu></body></tmx>\n'
)
XXE = '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n"
)
HOSTILE = {
    "xxe": (XXE + HEADER + UNITS).encode(),
    "billion_laughs": (LAUGHS + HEADER + UNITS.replace("&xxe;", "&lol9;")).encode(),
    # the declaration after 70 kB of comment, or in UTF-16: a byte search of the start of the file misses it
    "xxe_after_padding": (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!--' + "x" * 70_000 + "-->\n" + XXE.split("\n", 1)[1] + HEADER + UNITS
    ).encode(),
    "xxe_utf16": (XXE.replace("UTF-8", "UTF-16") + HEADER + UNITS).encode("utf-16"),
}


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.output


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The shipped project, with a fuzzy, an obsolete and an untranslated entry added to the 2014 Spanish catalog."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(SHIPPED / "keys-l10n.toml", root / "keys-l10n.toml")
    shutil.copytree(SHIPPED / "source", root / "source")
    shutil.copytree(SHIPPED / "locale", root / "locale")
    po = root / "locale" / "2014" / "es" / "presentation.po"
    catalog = read_catalog(po).catalog
    extra = (
        Entry(msgid="A fuzzy one.", msgstr="Una dudosa.", flags=("fuzzy",), references=("x.md:1",)),
        Entry(msgid="Not yet.", msgstr="", references=("x.md:2",)),
        Entry(msgid="An old one & <tag>.", msgstr="Una antigua & <tag>.", obsolete=True),
    )
    po.write_bytes(serialize(replace(catalog, entries=catalog.entries + extra)))
    return root


def expected_units(root: Path, lang: str) -> set[tuple[str, str]]:
    units = set()
    for po in sorted((root / "locale").glob(f"*/{lang}/*.po")):
        for e in read_catalog(po).catalog.entries:
            if e.translated and not e.fuzzy and e.msgid and e.msgid_plural is None:
                units.add((e.msgid, e.msgstr))
    return units


@pytest.mark.parametrize("lang", ["es", "fr"])
def test_export_is_read_back_by_translate_toolkit(project: Path, tmp_path: Path, lang: str) -> None:
    from translate.storage.tmx import tmxfile

    out = tmp_path / f"{lang}.tmx"
    code, output = invoke("--project", str(project), "tm", "export", "--lang", lang, "-o", str(out))
    assert code == 0, output
    store = tmxfile(out.read_bytes())
    got = {(u.source, u.target) for u in store.units}
    expected = expected_units(project, lang)
    assert got == expected
    assert len(store.units) == len(expected), "each unit once"
    if lang == "es":
        assert ("An old one & <tag>.", "Una antigua & <tag>.") in got  # obsolete entries are memory too
        assert not any(source in ("A fuzzy one.", "Not yet.") for source, _ in got)
        assert len(got) == 7
    # A second export writes nothing.
    stamp = out.stat().st_mtime_ns
    code, output = invoke("--project", str(project), "tm", "export", "--lang", lang, "-o", str(out))
    assert code == 0 and "unchanged" in output
    assert out.stat().st_mtime_ns == stamp


def test_import_round_trip_feeds_the_memory(project: Path, tmp_path: Path) -> None:
    tmx = tmp_path / "es.tmx"
    assert invoke("--project", str(project), "tm", "export", "--lang", "es", "-o", str(tmx))[0] == 0
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy2(project / "keys-l10n.toml", other / "keys-l10n.toml")
    shutil.copytree(project / "source", other / "source")
    code, output = invoke("--project", str(other), "tm", "import", str(tmx), "--lang", "es")
    assert code == 0, output
    assert "7 units read, 7 added" in output
    memory_po = other / "locale" / "tm" / "es.po"
    imported = {(e.msgid, e.msgstr) for e in read_catalog(memory_po).catalog.entries}
    assert imported == expected_units(project, "es")
    memory: TranslationMemory = language_memory(load_config(other), "es")
    assert len(memory) == 7
    found = memory.best("Keys towards Psychosocial Accompaniment!", 60.0)
    assert found is not None and found[0].msgstr == "Claves hacia el acompañamiento psicosocial"
    # Importing again adds nothing and rewrites nothing.
    before = memory_po.read_bytes()
    code, output = invoke("--project", str(other), "tm", "import", str(tmx), "--lang", "es")
    assert code == 0 and "0 added" in output
    assert memory_po.read_bytes() == before


def test_import_keeps_existing_memory_on_conflict(project: Path, tmp_path: Path) -> None:
    from keys_l10n.adapters.tmx import write_tmx

    first = tmp_path / "a.tmx"
    first.write_bytes(write_tmx([("Bye", "Adiós", "")], source_lang="en", target_lang="es"))
    second = tmp_path / "b.tmx"
    second.write_bytes(write_tmx([("Bye", "Chao", ""), ("Hi", "Hola", "")], source_lang="en", target_lang="es-MX"))
    assert invoke("--project", str(project), "tm", "import", str(first), "--lang", "es")[0] == 0
    code, output = invoke("--project", str(project), "tm", "import", str(second), "--lang", "es")
    assert code == 0, output
    assert "2 units read, 1 added, 1 conflicting" in output
    entries = {e.msgid: e.msgstr for e in read_catalog(project / "locale" / "tm" / "es.po").catalog.entries}
    assert entries == {"Bye": "Adiós", "Hi": "Hola"}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_tmx_refused(project: Path, tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.tmx"
    path.write_bytes(HOSTILE[name])
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    code, output = invoke("--project", str(project), "tm", "import", str(path), "--lang", "es")
    assert code == 1
    lines = output.strip().splitlines()
    assert lines[0].startswith(f"error: {path}") and "TMX declares XML entities; refused" in lines[0]
    assert len(lines) <= 2 and all(line.startswith("hint:") for line in lines[1:])  # one line, and a hint
    assert "Traceback" not in output and "root:" not in output
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before, "nothing written"


def test_broken_and_missing_tmx(project: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.tmx"
    broken.write_bytes(b'<?xml version="1.0"?>\n<tmx version="1.4"><body><tu>\n')
    code, output = invoke("--project", str(project), "tm", "import", str(broken), "--lang", "es")
    assert code == 1 and output.startswith(f"error: {broken}") and "not a valid TMX file" in output
    code, output = invoke("--project", str(project), "tm", "import", str(tmp_path / "none.tmx"), "--lang", "es")
    assert code == 1 and "file not found" in output
    assert not (project / "locale" / "tm").exists()


def test_inline_tags_become_markdown_not_text(tmp_path: Path) -> None:
    """Issue 12: `<bpt>&lt;b&gt;</bpt>` was read as the literal text "<b>", which later showed in a booklet."""
    from keys_l10n.adapters.tmx import read_tmx

    tmx = tmp_path / "tags.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        + HEADER
        + '<tu><tuv xml:lang="en"><seg>Water is <bpt i="1">&lt;b&gt;</bpt>common<ept i="1">&lt;/b&gt;</ept>'
        '<ph x="2">&lt;br/&gt;</ph> and <bpt i="3">&lt;i class="x"&gt;</bpt>ours<ept i="3">&lt;/i&gt;</ept>'
        ' <it pos="begin">&lt;span&gt;</it>here <hi type="x">now</hi> <bpt i="4">{1}</bpt>x<ept i="4">{2}</ept>'
        "</seg></tuv>"
        '<tuv xml:lang="es"><seg>El agua es <bpt i="1">&lt;b&gt;</bpt>común<ept i="1">&lt;/b&gt;</ept></seg></tuv>'
        "</tu></body></tmx>\n",
        encoding="utf-8",
    )
    assert read_tmx(tmx, source_lang="en", target_lang="es") == [
        ("Water is **common** and *ours* here now x", "El agua es **común**")
    ]
