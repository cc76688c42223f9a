"""Locale codes (validated with babel, without its silent substitutions) and gettext's plural forms."""

from __future__ import annotations

import gettext
import re

import pytest

from keys_l10n.adapters.locales import (
    display_name,
    native_name,
    normalize_locale,
    plural_forms,
    text_direction,
)
from keys_l10n.core.errors import LocaleError
from keys_l10n.core.langcode import base_language

ACCEPTED = [
    ("es", "es"),
    ("es_MX", "es_MX"),
    ("pt_BR", "pt_BR"),
    ("pt-BR", "pt_BR"),
    ("EN", "en"),
    ("en_us", "en_US"),
    ("sr@latin", "sr@latin"),
    ("es_419", "es_419"),
    ("zh_Hant_TW", "zh_Hant_TW"),
    ("fr", "fr"),
    (" de ", "de"),
]

REJECTED = [
    "zz",  # unknown to CLDR
    "tlh",
    "x-klingon",
    "fr_JP",  # a real language in a country CLDR has no locale for
    "de_US",
    "de_DE.UTF-8",  # a POSIX charset suffix is no locale code
    "es_ZZ",  # babel silently reads es_ES
    "pt_ZZ",  # babel silently reads pt_BR
    "es_MX_POSIX",
    "und",  # babel silently reads en_US
    "C",
    "",
    "español",
]


@pytest.mark.parametrize(("code", "normal"), ACCEPTED)
def test_accepted(code: str, normal: str) -> None:
    assert normalize_locale(code) == normal
    assert normalize_locale(normal) == normal  # normalising is idempotent


@pytest.mark.parametrize("code", REJECTED)
def test_rejected(code: str) -> None:
    with pytest.raises(LocaleError) as info:
        normalize_locale(code)
    assert repr(code) in info.value.message
    assert info.value.hint


def test_silent_substitution_is_explained() -> None:
    with pytest.raises(LocaleError) as info:
        normalize_locale("es_ZZ")
    assert "es_ES" in info.value.message


def test_plural_forms_from_gettext_table_not_cldr() -> None:
    assert plural_forms("es") == "nplurals=2; plural=(n != 1);"
    assert plural_forms("fr") == "nplurals=2; plural=(n > 1);"
    assert plural_forms("pt_BR") == "nplurals=2; plural=(n > 1);"
    assert plural_forms("es_MX") == plural_forms("es")
    assert plural_forms("ja") == "nplurals=1; plural=0;"


@pytest.mark.parametrize("code", ["es", "fr", "pt_BR", "de", "ja", "ar", "ru", "pl", "sr@latin", "cy", "ga"])
def test_plural_forms_are_valid_for_msgfmt(code: str) -> None:
    value = plural_forms(code)
    match = re.fullmatch(r"nplurals=(\d+); plural=(.+);", value)
    assert match, value
    nplurals, rule = int(match.group(1)), gettext.c2py(match.group(2))
    assert {rule(n) for n in range(0, 300)} <= set(range(nplurals))


def test_names_and_direction() -> None:
    assert display_name("es_MX") == "Spanish (Mexico)"
    assert display_name("es_MX", "es") == "Español (México)"
    assert native_name("fr") == "Français"
    assert text_direction("ar") == "rtl"
    assert text_direction("es") == "ltr"
    assert display_name("sr@latin") == "Serbian"


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("es", "es"),
        ("pt_BR", "pt"),
        ("pt-BR", "pt"),
        ("EN", "en"),
        ("sr_RS@latin", "sr"),
        ("sr@latin", "sr"),
        ("zh_Hant_TW", "zh"),
        ("es_419", "es"),
        ("en_US.UTF-8", "en"),
        ("EL-gr", "el"),
        ("x-private", "x"),
        ("", ""),
    ],
)
def test_base_language_is_one_rule_for_every_code(code: str, language: str) -> None:
    """Issue 14: checks, glossaries, TMX variants, HTML pages and gettext's plural table cut a code the same way
    (four copies disagreed on ``sr@latin``, ``EN`` and ``pt-BR``)."""
    assert base_language(code) == language
