"""The glossary files of a project: ``glossary/<lang>.csv`` or ``.tbx``, found and read into a ``Glossary``.

A TBX file is read with translate-toolkit; a target term whose administrative status is deprecated counts as
forbidden. A CSV file is parsed by ``glossary.parse_csv``.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import ConfigError
from ..core.glossary import Glossary, Term, lang_candidates, parse_csv


def glossary_path(root: Path, lang: str) -> Path | None:
    """``glossary/<lang>.csv`` or ``.tbx`` (also tried: the base language, ``es`` for ``es_MX``)."""
    for code in lang_candidates(lang):
        for ext in ("csv", "tbx"):
            candidate = root / "glossary" / f"{code}.{ext}"
            if candidate.is_file():
                return candidate
    return None


def load_glossary(path: Path, lang: str, source_lang: str = "en") -> Glossary:
    if path.suffix.lower() == ".tbx":
        return Glossary(lang, tuple(_read_tbx(path, lang, source_lang)), path, source_lang)
    return Glossary(lang, tuple(parse_csv(path.read_bytes(), path)), path, source_lang)


def _read_tbx(path: Path, lang: str, source_lang: str) -> list[Term]:
    from translate.storage.tbx import tbxfile

    data = path.read_bytes()
    entity = re.search(rb"<!ENTITY", data)
    if entity:  # translate-toolkit would expand them: refused, as for TMX (external entities, billion laughs)
        raise ConfigError(
            "TBX glossary declares XML entities; refused",
            path=path,
            line=data.count(b"\n", 0, entity.start()) + 1,
            hint="export the glossary again without a DOCTYPE internal subset",
        )
    try:
        store = tbxfile.parsefile(str(path))  # type: ignore[no-untyped-call]
    except Exception as exc:  # lxml and translate-toolkit raise many kinds; one clear line
        raise ConfigError(f"cannot read TBX glossary: {exc}", path=path) from None
    dtd = store.document.docinfo.internalDTD if store.document is not None else None
    if dtd is not None and any(True for _ in dtd.entities()):  # declared in UTF-16, where the search above fails
        raise ConfigError("TBX glossary declares XML entities; refused", path=path)
    terms: list[Term] = []
    for unit in store.units:
        sources = [t.text for t in unit.get_source_terms() if t.text]
        if not sources:
            continue
        targets = []
        for code in lang_candidates(lang):
            targets = unit.get_target_terms(code)
            if targets:
                break
        preferred = [t.text for t in targets if t.text and not t.deprecated]
        forbidden = tuple(t.text for t in targets if t.text and t.deprecated)
        if preferred:
            terms.extend(Term(source, preferred[0], forbidden) for source in sources)
    return terms
