"""Configuration: the hand-written form loads; every mistake is a ConfigError naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers every command)
from conftest import SHIPPED
from keys_l10n.adapters.config import CONFIG_NAME, load_config
from keys_l10n.cli.app import app
from keys_l10n.core.errors import ConfigError

HAND_WRITTEN = """\
source_language = "en"
locales = ["es", "fr"]
[editions.2014]
path = "source/2014"
[editions.2021]
path = "source/2021"
"""


def project(tmp_path: Path, text: str, *, folders: tuple[str, ...] = ("source/2014", "source/2021")) -> Path:
    for folder in folders:
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
    (tmp_path / CONFIG_NAME).write_text(text, encoding="utf-8")
    return tmp_path


def test_hand_written_form_loads(tmp_path: Path) -> None:
    config = load_config(project(tmp_path, HAND_WRITTEN))
    assert config.file == tmp_path / CONFIG_NAME
    assert config.root == tmp_path
    assert config.source_language == "en"
    assert config.locales == ("es", "fr")
    assert [(e.name, e.path, e.git) for e in config.editions] == [
        ("2014", "source/2014", None),
        ("2021", "source/2021", None),
    ]
    assert config.pot_path("2021", "presentation") == tmp_path / "locale/2021/presentation.pot"
    assert config.po_path("2021", "es", "presentation") == tmp_path / "locale/2021/es/presentation.po"
    assert config.build_path == tmp_path / "build"


def test_shipped_configuration_loads() -> None:
    config = load_config(SHIPPED)
    assert config.locales == ("es", "fr")
    assert [e.name for e in config.editions] == ["2014", "2021"]


def test_found_from_a_subfolder(tmp_path: Path) -> None:
    project(tmp_path, HAND_WRITTEN)
    config = load_config(tmp_path / "source" / "2021")
    assert config.root == tmp_path


def test_optional_keys(tmp_path: Path) -> None:
    text = (
        HAND_WRITTEN.replace(
            'locales = ["es", "fr"]',
            'locales = ["es", "pt-BR", "sr@latin"]\nbuild_dir = "out"\n'
            'pot_pattern = "po/{booklet}.pot"\npo_pattern = "po/{edition}/{lang}/LC_MESSAGES/{booklet}.po"',
        )
        + '[editions.old]\npath = "gone"\ngit = "v1.0"\n'
    )
    config = load_config(project(tmp_path, text))
    assert config.locales == ("es", "pt_BR", "sr@latin")
    assert config.build_path == tmp_path / "out"
    assert config.pot_path("2021", "b") == tmp_path / "po/b.pot"
    assert config.po_path("2021", "es", "b") == tmp_path / "po/2021/es/LC_MESSAGES/b.po"
    assert config.edition("old").git == "v1.0"  # a git edition's folder need not exist in the work tree


def test_pyproject_table(tmp_path: Path) -> None:
    body = HAND_WRITTEN.replace("[editions.", "[tool.keys-l10n.editions.")
    text = '[project]\nname = "booklets"\n\n[tool.keys-l10n]\n' + body
    for folder in ("source/2014", "source/2021"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    config = load_config(tmp_path)
    assert config.file == tmp_path / "pyproject.toml"
    assert config.locales == ("es", "fr")
    assert [e.name for e in config.editions] == ["2014", "2021"]


def test_pyproject_without_table_is_skipped(tmp_path: Path) -> None:
    outer = project(tmp_path, HAND_WRITTEN)
    inner = outer / "tools"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert load_config(inner).file == outer / CONFIG_NAME


BAD = [
    ("unknown key", HAND_WRITTEN + "colour = 'red'\n", "colour"),
    ("unknown key in edition", HAND_WRITTEN + 'flavour = "x"\n', "editions.2021.flavour"),
    ("locales not a list", HAND_WRITTEN.replace('["es", "fr"]', '"es"'), "locales"),
    ("locale not a string", HAND_WRITTEN.replace('["es", "fr"]', '["es", 3]'), "locales"),
    ("source_language not a string", HAND_WRITTEN.replace('"en"', "1"), "source_language"),
    ("edition path not a string", HAND_WRITTEN.replace('path = "source/2021"', "path = 2021"), "editions.2021.path"),
    ("edition not a table", 'locales = ["es"]\neditions = ["2014"]\n', "editions"),
    ("git not a string", HAND_WRITTEN + "git = 1\n", "editions.2021.git"),
    ("build_dir not a string", "build_dir = 3\n" + HAND_WRITTEN, "build_dir"),
    ("missing folder", HAND_WRITTEN.replace("source/2021", "source/2022"), "editions.2021.path"),
    ("unknown locale zz", HAND_WRITTEN.replace('"fr"', '"zz"'), "locales"),
    ("locale with charset", HAND_WRITTEN.replace('"fr"', '"de_DE.UTF-8"'), "locales"),
    ("silently substituted locale", HAND_WRITTEN.replace('"fr"', '"es_ZZ"'), "locales"),
    ("unknown source language", HAND_WRITTEN.replace('"en"', '"zz"'), "source_language"),
    ("duplicate locale", HAND_WRITTEN.replace('"fr"', '"es"'), "locales"),
    ("duplicate locale after normalising", HAND_WRITTEN.replace('["es", "fr"]', '["pt_BR", "pt-BR"]'), "locales"),
    ("path escaping the project", HAND_WRITTEN.replace("source/2021", "../../etc"), "editions.2021.path"),
    ("absolute path", HAND_WRITTEN.replace("source/2021", "/etc"), "editions.2021.path"),
    ("build_dir escaping", 'build_dir = "../out"\n' + HAND_WRITTEN, "build_dir"),
    ("pattern escaping", 'po_pattern = "../{edition}/{lang}/{booklet}.po"\n' + HAND_WRITTEN, "po_pattern"),
    ("pattern without lang", 'po_pattern = "locale/{edition}/{booklet}.po"\n' + HAND_WRITTEN, "po_pattern"),
    ("pattern with unknown field", 'pot_pattern = "locale/{edition}/{name}.pot"\n' + HAND_WRITTEN, "pot_pattern"),
]


@pytest.mark.parametrize(("label", "text", "key"), BAD, ids=[b[0] for b in BAD])
def test_mistakes_name_file_and_key(label: str, text: str, key: str, tmp_path: Path) -> None:
    root = project(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(root)
    error = info.value
    assert error.path == root / CONFIG_NAME
    assert key in error.message, f"{label}: {error}"
    assert str(error).startswith(str(root / CONFIG_NAME))
    assert "\n" not in str(error)


def test_invalid_toml_names_file_and_line(tmp_path: Path) -> None:
    root = project(tmp_path, 'source_language = "en"\nlocales = ["es"]\nbuild_dir = = "x"\n')
    with pytest.raises(ConfigError) as info:
        load_config(root)
    assert info.value.path == root / CONFIG_NAME
    # Python 3.11's tomllib gives the line only in its message (``lineno`` arrived in 3.14)
    assert info.value.line == 3 or "line 3" in info.value.message


def test_no_configuration_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    assert CONFIG_NAME in info.value.message
    assert info.value.hint is not None and "init" in info.value.hint


def test_unknown_edition_lists_the_known_ones(tmp_path: Path) -> None:
    config = load_config(project(tmp_path, HAND_WRITTEN))
    with pytest.raises(ConfigError) as info:
        config.edition("2030")
    assert "2030" in info.value.message and info.value.hint is not None and "2014, 2021" in info.value.hint


# -- keys-l10n init ------------------------------------------------------------------------------------
runner = CliRunner()


def test_init_writes_a_configuration_that_loads(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path), "--locale", "es", "--edition", "2021"])
    assert result.exit_code == 0, result.output
    config = load_config(tmp_path)
    assert config.file == tmp_path / CONFIG_NAME
    assert config.source_language == "en"
    assert config.locales == ("es",)
    assert [(e.name, e.path) for e in config.editions] == [("2021", "source/2021")]
    assert (tmp_path / "source" / "2021").is_dir() and (tmp_path / "locale").is_dir()
    assert CONFIG_NAME in result.stdout


def test_init_several_locales_and_editions(tmp_path: Path) -> None:
    args = ["init", str(tmp_path), "--source-language", "es", "-l", "en", "-l", "pt-BR", "-e", "2014", "-e", "2021"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    config = load_config(tmp_path)
    assert config.source_language == "es"
    assert config.locales == ("en", "pt_BR")
    assert [e.name for e in config.editions] == ["2014", "2021"]


def test_init_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / CONFIG_NAME).write_text("# mine\n", encoding="utf-8")
    result = runner.invoke(app, ["init", str(tmp_path), "--locale", "es"])
    assert result.exit_code == 1
    assert "error:" in result.stderr and CONFIG_NAME in result.stderr
    assert (tmp_path / CONFIG_NAME).read_text(encoding="utf-8") == "# mine\n"


@pytest.mark.parametrize("locale", ["zz", "de_DE.UTF-8", "es_ZZ"])
def test_init_rejects_unknown_locale(locale: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path), "--locale", locale])
    assert result.exit_code == 2  # a bad option value
    assert "Traceback" not in result.output
    assert locale in result.stderr
    assert not (tmp_path / CONFIG_NAME).exists()


def test_init_rejects_duplicate_locale(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", str(tmp_path), "-l", "es", "-l", "es"])
    assert result.exit_code == 2
    assert not (tmp_path / CONFIG_NAME).exists()
