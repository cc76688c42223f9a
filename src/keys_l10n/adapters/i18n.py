"""keys-l10n's own words in the reader's language: the "chrome" of the pages and reports it writes.

The booklet header, the stats dashboard and table, and the compare page are gettext messages of keys-l10n
itself (domain ``keys_l10n``). They are extracted with babel from the Python code and the jinja2 templates
(``babel.cfg`` at the root of the repository, ``make messages``) into ``locale/keys_l10n.pot`` beside this
module, and translated in ``locale/<lang>/LC_MESSAGES/keys_l10n.po``.

The PO files are the only form in the repository: they are read at run time and compiled in memory with
babel (a few milliseconds, once per language and process), so a fresh clone, an editable install and a wheel
all work without a build step. Fuzzy entries are not used. A language without a catalog (``en``, ``ar``)
gets the English text; ``es_MX`` falls back to ``es``.

Python code asks ``translations(lang)`` for a ``gettext.NullTranslations`` and calls its ``gettext`` as
``_``; templates get the same object through jinja2's i18n extension (``environment(lang)``), with
new-style gettext so that ``_("... %(name)s", name=value)`` escapes ``value`` and never the message.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

# The HTML-safe string the templates trust as it is, and its escaper: views that build markup themselves (the
# stats dashboard's SVG chart) take them from here, the one module that deals with jinja2 and markupsafe.
from markupsafe import Markup as Markup
from markupsafe import escape as escape

from ..core.langcode import base_language

if TYPE_CHECKING:
    from jinja2 import Environment

DOMAIN = "keys_l10n"
# package data at the root of the package, wherever this module stands
LOCALE_DIR = Path(str(files("keys_l10n").joinpath("locale")))
TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def available() -> tuple[str, ...]:
    """The languages keys-l10n's own messages are translated into (``es``, ``fr``)."""
    if not LOCALE_DIR.is_dir():
        return ()
    return tuple(sorted(p.name for p in LOCALE_DIR.iterdir() if catalog_path(p.name).is_file()))


def _candidates(lang: str) -> list[str]:
    """``pt_BR@x`` -> ``pt_BR@x``, ``pt_BR``, ``pt``: the most specific catalog first."""
    base = lang.split("@")[0]
    out = [lang, base, base_language(lang)]
    return list(dict.fromkeys(c for c in out if c))


def chrome_lang(lang: str | None) -> str:
    """The language keys-l10n's words will actually be in for ``lang``: its catalog's, else ``en``."""
    for candidate in _candidates(lang) if lang else ():
        if catalog_path(candidate).is_file():
            return candidate
    return "en"


@lru_cache(maxsize=16)
def translations(lang: str | None) -> gettext.NullTranslations:
    """keys-l10n's messages in ``lang`` (English, untranslated, when there is no catalog for it)."""
    found = chrome_lang(lang)
    if found == "en":
        return gettext.NullTranslations()
    return _compile(catalog_path(found), found)


def _compile(path: Path, lang: str) -> gettext.NullTranslations:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def environment(lang: str | None, **options: object) -> Environment:
    """The one jinja2 environment factory for keys-l10n's templates (every page, report and dashboard), with
    its messages in ``lang`` installed. Autoescaping is always on (every template is HTML): ``options`` are
    whitespace settings only."""
    from jinja2 import Environment, PackageLoader

    if "autoescape" in options:
        raise TypeError("environment() always autoescapes; do not pass autoescape")
    env = Environment(
        loader=PackageLoader("keys_l10n", "templates"),
        extensions=["jinja2.ext.i18n"],
        autoescape=True,
        **options,  # type: ignore[arg-type]
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env
