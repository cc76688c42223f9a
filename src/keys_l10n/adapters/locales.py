"""Locale codes, names and plural forms: the only module that imports babel.

Babel silently substitutes what it does not know (``es_ZZ`` -> ``es_ES``, ``und`` -> ``en_US``, ``C`` ->
``en_US_POSIX``), so a code is accepted only when every part the user wrote comes back unchanged.
Plural forms come from gettext's own table (carried by translate-toolkit's ``translate.lang.data``), which
is what msginit and Poedit write; babel's CLDR rule (3 forms for es, fr, pt) is only a fallback.
"""

from __future__ import annotations

import re
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from .. import __version__
from ..core.errors import LocaleError
from ..core.langcode import base_language
from ..core.model import Catalog, Entry
from ..core.template import po_header

_SHAPE = re.compile(r"^([A-Za-z]{2,3})(?:[_-]([A-Za-z]{4}))?(?:[_-]([A-Za-z]{2}|\d{3}))?(?:@([A-Za-z0-9]+))?$")


def normalize_locale(code: str) -> str:
    """``pt-BR`` -> ``pt_BR``, ``EN`` -> ``en``; raise LocaleError for anything babel does not know as written."""
    match = _SHAPE.match(code.strip())
    if not match:
        raise LocaleError(
            f"{code!r} is not a locale code",
            hint="use ll, ll_CC or ll_CC@variant, e.g. es, es_MX, pt_BR, sr@latin (no .UTF-8 suffix)",
        )
    language, script, territory, modifier = match.groups()
    language = language.lower()
    script = script.title() if script else None
    territory = territory.upper() if territory else None
    name = language + (f"_{script}" if script else "") + (f"_{territory}" if territory else "")
    try:
        locale = Locale.parse(name)
    except (UnknownLocaleError, ValueError):
        raise LocaleError(f"unknown locale {code!r}", hint="babel (CLDR) does not know it") from None
    if (
        locale.language != language
        or (territory and locale.territory != territory)
        or (script and locale.script != script)
    ):
        raise LocaleError(
            f"unknown locale {code!r} (babel would silently read it as {locale})",
            hint="check the language and country codes",
        )
    return name + (f"@{modifier}" if modifier else "")


def _babel_locale(code: str) -> Locale:
    return Locale.parse(code.split("@")[0])


@lru_cache(maxsize=64)
def display_name(code: str, in_locale: str | None = None) -> str:
    """``es_MX`` -> ``Spanish (Mexico)``; with ``in_locale`` the name in that language (``español (México)``)."""
    locale = _babel_locale(code)
    target = _babel_locale(in_locale) if in_locale else Locale.parse("en")
    name = locale.get_display_name(target) or code
    return name[:1].upper() + name[1:]


@lru_cache(maxsize=64)
def native_name(code: str) -> str:
    return display_name(code, code)


@lru_cache(maxsize=64)
def text_direction(code: str) -> str:
    return "rtl" if _babel_locale(code).character_order == "right-to-left" else "ltr"


@lru_cache(maxsize=64)
def plural_forms(code: str) -> str:
    """The Plural-Forms header value for a new catalog, from gettext's table when it has the language."""
    from translate.lang import data

    for key in (code.split("@")[0], base_language(code)):
        entry = data.languages.get(key)
        if entry and entry[1] and entry[2]:
            return f"nplurals={entry[1]}; plural={entry[2]};"
    rule = get_plural(code.split("@")[0])
    return f"nplurals={rule.num_plurals}; plural={rule.plural_expr};"


def _format_locale(in_locale: str | None) -> Locale:
    return _babel_locale(in_locale) if in_locale else Locale.parse("en")


def format_number(value: float, in_locale: str | None = None) -> str:
    """``12345`` -> ``12,345`` (en), ``12 345`` (fr), ``12.345`` (es): grouped as in that language."""
    from babel.numbers import format_decimal

    return str(format_decimal(value, locale=_format_locale(in_locale)))


def format_percent(value: float, in_locale: str | None = None, *, decimals: int = 1) -> str:
    """``55.5`` (a percentage, not a fraction) -> ``55.5%`` (en), ``55,5 %`` (fr), in that language's pattern."""
    from babel.numbers import format_percent as babel_percent

    locale = _format_locale(in_locale)
    positive = str(locale.percent_formats[None].pattern).split(";")[0]  # e.g. "#,##0%" or "#,##0\u00a0%"
    last = positive.rfind("0")
    if decimals and last >= 0:
        positive = positive[: last + 1] + "." + "0" * decimals + positive[last + 1 :]
    return str(babel_percent(value / 100, format=positive, locale=locale, decimal_quantization=True))


def catalog_header(template: Catalog, lang: str, title: str | None = None) -> Entry:
    """The header of a new ``lang`` catalog made from ``template``: the language, its English name and gettext's
    plural forms for it (the one place that fills them in: catalogs, ``merge`` outputs, the language memory)."""
    return po_header(
        template,
        lang=lang,
        language_name=display_name(lang),
        plural_forms=plural_forms(lang),
        version=__version__,
        title=title,
    )
