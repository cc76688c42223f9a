"""keys-l10n's own messages: the POT matches the code, es and fr are complete and valid, pages use them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from typer.testing import CliRunner

import keys_l10n
from conftest import MSGCAT, PROJECT, msgcat_bytes, msgfmt_check, needs_msgfmt
from keys_l10n.adapters import i18n
from keys_l10n.adapters.config import load_config
from keys_l10n.cli import app
from keys_l10n.usecases.build import build

LANGS = ("es", "fr")
Key = tuple[str | None, str]


def _messages(path: Path) -> dict[Key, tuple[str, bool, frozenset[str]]]:
    """(msgctxt, msgid) -> (msgstr, fuzzy, flags) of the live entries of a PO/POT file."""
    with path.open("rb") as handle:
        catalog = read_po(handle)
    out = {}
    for message in catalog:
        if not message.id:
            continue
        assert isinstance(message.id, str), f"{path}: plural messages are not used: {message.id!r}"
        assert isinstance(message.string, str)
        out[(message.context, message.id)] = (message.string, message.fuzzy, frozenset(message.flags - {"fuzzy"}))
    return out


def _extracted() -> dict[Key, frozenset[str]]:
    """What `make messages` would extract now (babel.cfg at the root of the repository)."""
    with (PROJECT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    out: dict[Key, frozenset[str]] = {}
    for _filename, _line, message, _comments, context in extract_from_dir(
        str(PROJECT), method_map, options_map, comment_tags=("Translators:",)
    ):
        assert isinstance(message, str), f"plural messages are not used: {message!r}"
        flags = frozenset({"python-format"}) if "%" in message and _is_python_format(message) else frozenset()
        out[(context, message)] = flags
    return out


def _is_python_format(message: str) -> bool:
    from babel.messages.catalog import PYTHON_FORMAT

    return bool(PYTHON_FORMAT.search(message))


def test_pot_is_up_to_date_with_the_code() -> None:
    pot = _messages(i18n.TEMPLATE)
    now = _extracted()
    stale = sorted(set(pot) - set(now), key=str)
    new = sorted(set(now) - set(pot), key=str)
    assert not new and not stale, f"run `make messages` (new: {new}, gone: {stale})"
    assert {key: flags for key, (_, _, flags) in pot.items()} == now
    assert len(pot) > 80


@pytest.mark.parametrize("lang", LANGS)
def test_catalog_is_complete(lang: str) -> None:
    pot = _messages(i18n.TEMPLATE)
    po = _messages(i18n.catalog_path(lang))
    assert set(po) == set(pot), "run `make messages`, then translate"
    untranslated = [key for key, (text, fuzzy, _) in po.items() if not text or fuzzy]
    assert not untranslated, f"{lang}: untranslated or fuzzy: {untranslated}"
    for key, (text, _, flags) in po.items():
        assert flags == pot[key][2], key
        if "<" in key[1]:  # markup in a message is kept: the same tags, in the same number
            assert sorted(re.findall(r"</?\w+>", text)) == sorted(re.findall(r"</?\w+>", key[1])), (lang, key)


@needs_msgfmt
@pytest.mark.parametrize("path", [i18n.TEMPLATE, *(i18n.catalog_path(lang) for lang in LANGS)], ids=str)
def test_catalogs_pass_msgfmt_check_and_are_gettext_canonical(path: Path, tmp_path: Path) -> None:
    msgfmt_check(path)
    if MSGCAT is not None:
        assert msgcat_bytes(path.read_bytes(), tmp_path, path.name) == path.read_bytes(), "run `make messages`"


def test_available_languages_and_fallbacks() -> None:
    assert set(LANGS) <= set(i18n.available())
    assert i18n.translations("es").gettext("Edition %(edition)s") == "Edición %(edition)s"
    assert i18n.translations("fr").gettext("Edition %(edition)s") == "Édition %(edition)s"
    assert i18n.translations("es_MX").gettext("Booklet") == "Cuadernillo"  # es_MX falls back to es
    assert i18n.translations("fr_CA@x").gettext("Booklet") == "Livret"
    for english in ("ar", "en", None):
        assert i18n.translations(english).gettext("Booklet") == "Booklet"
    assert [i18n.chrome_lang(x) for x in ("es_MX", "ar", None, "fr")] == ["es", "en", "en", "fr"]
    assert i18n.translations("es").pgettext("edition", "all") == "todas"


def test_catalogs_are_found_from_any_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    i18n.translations.cache_clear()
    assert i18n.translations("fr").gettext("Translation progress") == "Avancement de la traduction"
    assert i18n.LOCALE_DIR.is_relative_to(Path(keys_l10n.__file__).parent)


def test_catalogs_ship_with_the_package() -> None:
    import tomllib

    data = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = data["tool"]["setuptools"]["package-data"]["keys_l10n"]
    assert "locale/*/LC_MESSAGES/*.po" in shipped and "locale/*.pot" in shipped


# -- the pages and reports in the reader's language ------------------------------------------------------


def _cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_spanish_booklet_header_is_spanish(shipped_project: Path) -> None:
    build(load_config(shipped_project), edition="2014", lang=["es", "fr"], formats=("html",), min_complete=0)
    es = (shipped_project / "build" / "2014" / "es" / "presentation.html").read_text(encoding="utf-8")
    assert '<span class="edition">Edición 2014</span>' in es
    assert '<span class="complete">100\u00a0% traducido</span>' in es
    fr = (shipped_project / "build" / "2014" / "fr" / "presentation.html").read_text(encoding="utf-8")
    assert '<span class="edition">Édition 2014</span>' in fr and "\u00a0% traduit</span>" in fr
    assert "Edition 2014" not in es + fr and "translated" not in es + fr


def test_dashboard_in_spanish(shipped_project: Path, tmp_path: Path) -> None:
    page = tmp_path / "stats.html"
    code, _, err = _cli(
        "--project", str(shipped_project), "stats", "--format", "html", "--ui-lang", "es", "-o", str(page)
    )
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert '<html lang="es" dir="ltr">' in html
    for words in (
        "<title>Progreso de la traducción</title>",
        ">Idiomas</h2>",
        ">Edición 2014</h2>",
        "Trabajo pendiente",
    ):
        assert words in html
    for english in (">Languages<", ">Edition 2014<", "Work left", "All booklets", "Source words"):
        assert english not in html


def test_dashboard_stays_english_by_default(shipped_project: Path, tmp_path: Path) -> None:
    page = tmp_path / "stats.html"
    code, _, err = _cli("--project", str(shipped_project), "stats", "--format", "html", "-o", str(page))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert '<html lang="en" dir="ltr">' in html and ">Edition 2014</h2>" in html and "Work left" in html


def test_stats_table_and_markdown_headings(shipped_project: Path) -> None:
    code, out, err = _cli("--project", str(shipped_project), "stats", "--ui-lang", "es", "--by", "lang")
    assert code == 0, err
    assert "Progreso de la traducción por palabras" in out
    assert "Edición" in out and "Idioma" in out and "Hecho/total" in out and "Edition" not in out
    code, out, err = _cli("--project", str(shipped_project), "stats", "--ui-lang", "fr", "--format", "markdown")
    assert code == 0, err
    assert out.startswith("# Avancement de la traduction (en mots)\n")
    assert "| Édition | Langue | Livret | Traduit | Approximatif | Non traduit | Total des mots | % |" in out


def test_compare_page_in_french(shipped_project: Path, tmp_path: Path) -> None:
    page = tmp_path / "compare.html"
    code, _, err = _cli(
        "--project", str(shipped_project), "compare", "2014", "2021", "-f", "html", "--ui-lang", "fr", "-o", str(page)
    )
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert '<html lang="fr" dir="ltr">' in html
    assert "<h1>Changements de l’édition 2014 à l’édition 2021</h1>" in html
    assert '<span class="badge">modifié</span>' in html and 'data-change="edited"' in html  # classes stay English
    assert "lignes affichées" in html and 'data-of="{shown} sur {total}"' in html
    assert '<div class="text" lang="en" dir="ltr">' in html  # the booklets' text is English in a French page
    bad, _, err = _cli("--project", str(shipped_project), "compare", "2014", "2021", "-f", "html", "--ui-lang", "xx_ZZ")
    assert bad == 1 and "xx_ZZ" in err
