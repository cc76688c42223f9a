"""The language of a locale code: the one place that cuts ``pt_BR``, ``pt-BR``, ``sr_RS@latin`` to ``pt``/``sr``.

Pure string code (the core may not import babel): babel's ``parse_locale`` gives the same language for every code
it accepts (it lower-cases the part before ``_``, ``@`` and ``.``), and for what it refuses (an empty code, a TMX
``x-private`` tag) we would cut by hand anyway; ``locales`` keeps babel for what needs CLDR data.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=256)
def base_language(code: str) -> str:
    """The language of a locale code, lower case: ``pt_BR``, ``pt-BR``, ``PT`` -> ``pt``; ``sr_RS@latin`` -> ``sr``.

    Checks, glossaries, TMX variants, HTML ``lang`` and gettext's plural table all use it.
    """
    return code.strip().replace("-", "_").split("@")[0].split(".")[0].split("_")[0].lower()
