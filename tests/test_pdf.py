"""`build --format pdf`: A5 booklets read back with pypdf (text, page size, title page, page numbers, RTL order).

Skipped when WeasyPrint (or the Pango it needs) or fonts for Arabic and accented Latin are not installed
(`make fonts` installs them).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from keys_l10n.adapters import pdf
from keys_l10n.adapters.config import load_config
from keys_l10n.core.errors import ConfigError
from keys_l10n.usecases.build import build


def _fonts_for(lang: str) -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    proc = subprocess.run([fc_list, f":lang={lang}", "family"], capture_output=True, text=True, check=False)
    return bool(proc.stdout.strip())


pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.skipif(
    not pdf.available() or not all(_fonts_for(lang) for lang in ("ar", "es", "fr")),
    reason="WeasyPrint/Pango or fonts for ar, es and fr are not installed (make fonts)",
)

# The shipped 2014 presentation in Arabic: every paragraph but the second translated (it stays in English).
ARABIC = [
    "مفاتيح نحو المرافقة النفسية الاجتماعية",
    "سلسلة «مفاتيح نحو المرافقة النفسية الاجتماعية» عمل جماعي. في مطلع عام 2014 دعت منظمة ألونا مجموعة صغيرة من"
    " المدافعين عن حقوق الإنسان إلى حلقات دراسية حول النهج النفسي الاجتماعي.",
    "",
    "نأمل أن تسهم هذه الجهود في نضال الذوات السياسية من أجل العدالة وجبر الضرر، وفي التحول الاجتماعي وتعزيز الأمل.",
    "نهدي هذا العمل إلى ضحايا العنف الاجتماعي السياسي في المكسيك وأمريكا اللاتينية وأنحاء أخرى من العالم.",
    "أخيرًا، نشكر المنظمات الشريكة على الدعم الذي قدمته لهذا العمل الجماعي.",
]


def _po_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _add_arabic(root: Path) -> None:
    """locale/2014/ar/presentation.po from the Spanish catalog's msgids and the translations above."""
    from keys_l10n.adapters.po import read_catalog

    spanish = read_catalog(root / "locale" / "2014" / "es" / "presentation.po").catalog
    entries = [e for e in spanish.entries if e.msgid and not e.obsolete]
    assert len(entries) == len(ARABIC)
    lines = [
        'msgid ""',
        'msgstr ""',
        '"Language: ar\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : '
        'n%100>=11 ? 4 : 5);\\n"',
        "",
    ]
    for entry, text in zip(entries, ARABIC, strict=True):
        lines += [f"msgid {_po_string(entry.msgid)}", f"msgstr {_po_string(text)}", ""]
    target = root / "locale" / "2014" / "ar" / "presentation.po"
    target.parent.mkdir(parents=True)
    target.write_text("\n".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def booklets(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The 2014 booklet built as PDF in es, fr and ar (the shipped project plus an Arabic catalog)."""
    from conftest import PROJECT

    root = tmp_path_factory.mktemp("pdf") / "project"
    root.mkdir()
    config = (PROJECT / "keys-l10n.toml").read_text(encoding="utf-8")
    assert 'locales = ["es", "fr"]' in config
    # --lang takes configured locales only: Arabic is added to the configuration, as a project would add it
    (root / "keys-l10n.toml").write_text(config.replace('"fr"]', '"fr", "ar"]', 1), encoding="utf-8")
    shutil.copytree(PROJECT / "source", root / "source")
    shutil.copytree(PROJECT / "locale", root / "locale")
    _add_arabic(root)
    result = build(load_config(root), edition="2014", lang=["es", "fr", "ar"], formats=("pdf",), min_complete=0)
    assert [b.status for b in result.booklets] == ["built"] * 3
    assert not result.warnings, result.warnings
    return {b.lang: root / "build" / "2014" / b.lang / "presentation.pdf" for b in result.booklets}


def _pages(path: Path) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(path.read_bytes()))
    return [page.extract_text() for page in reader.pages]


@pytest.mark.parametrize("lang", ["es", "fr", "ar"])
def test_pages_are_a5(booklets: dict[str, Path], lang: str) -> None:
    reader = pypdf.PdfReader(booklets[lang])
    assert len(reader.pages) >= 2
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - pdf.A5_POINTS[0]) < 0.5 and abs(height - pdf.A5_POINTS[1]) < 0.5


def test_spanish_booklet_text_title_page_and_page_numbers(booklets: dict[str, Path]) -> None:
    pages = _pages(booklets["es"])
    title = " ".join(pages[0].split())
    assert "Claves hacia el acompañamiento psicosocial" in title and "Edición 2014" in title
    assert "Español" in title and "100 % traducido" in title
    body = " ".join(" ".join(pages[1:]).split())
    assert "acompañamiento" in body and "Aluna" in body
    assert pages[1].rstrip().endswith("2")  # the page number at the foot of the second page
    assert not pages[0].rstrip().endswith("1")  # none on the title page


def test_french_booklet_has_accents_and_english_fallback(booklets: dict[str, Path]) -> None:
    body = " ".join(" ".join(_pages(booklets["fr"])).split())
    assert "Édition 2014" in body and "Français" in body
    assert "would have been unthinkable." in body  # an untranslated paragraph stays in English


def test_arabic_booklet_reads_right_to_left(booklets: dict[str, Path]) -> None:
    pages = _pages(booklets["ar"])
    assert "مفاتيح نحو المرافقة النفسية" in pages[0]
    lines = [line.strip() for line in "\n".join(pages[1:]).splitlines() if line.strip()]
    # pypdf gives each line in visual order, left to right: in a justified Arabic line the paragraph's first
    # word ("سلسلة") is at the right end, and its final full stop opens the paragraph's last line on the left.
    first = next(line for line in lines if "سلسلة" in line)
    assert first.endswith("سلسلة") and not first.startswith("سلسلة")
    # the English fallback paragraph runs left to right with its full stop on the right (lang="en" dir="ltr")
    english = [i for i, line in enumerate(lines) if "Knowledge and tools" in line]
    assert lines[english[0]].startswith("Knowledge and tools")
    last = next(line for line in lines if "build around our work" in line)
    assert last.endswith("build around our work.") and not last.startswith(".")


def test_a_second_build_changes_nothing(booklets: dict[str, Path]) -> None:
    root = booklets["es"].parents[3]
    before = {lang: path.read_bytes() for lang, path in booklets.items()}
    result = build(load_config(root), edition="2014", lang=["es", "fr", "ar"], formats=("pdf",), min_complete=0)
    assert {f.action for b in result.booklets for f in b.files} == {"unchanged"}
    assert {lang: path.read_bytes() for lang, path in booklets.items()} == before


def test_remote_addresses_are_not_fetched() -> None:
    page = '<html><body><p>x</p><img src="http://192.0.2.1/x.png"></body></html>'
    data, warnings = pdf.render_pdf(page)
    assert data.startswith(b"%PDF") and any("192.0.2.1" in w for w in warnings)


def test_without_weasyprint_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(ConfigError, match="WeasyPrint") as caught:
        pdf.render_pdf("<p>x</p>")
    assert caught.value.hint and "keys-l10n[pdf]" in caught.value.hint


def test_without_weasyprint_build_writes_nothing(shipped_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from keys_l10n.cli import app

    monkeypatch.setitem(sys.modules, "weasyprint", None)
    result = CliRunner().invoke(app, ["--project", str(shipped_project), "build", "--format", "md,pdf"])
    assert result.exit_code == 1 and "WeasyPrint" in result.stderr and "keys-l10n[pdf]" in result.stderr
    assert not (shipped_project / "build").exists()
