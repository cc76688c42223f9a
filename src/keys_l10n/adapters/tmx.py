"""Translation memory exchange (TMX 1.4) through translate-toolkit's TMX storage.

Reading refuses any document that declares XML entities (external entities, "billion laughs"): a memory file
comes from other organisations and must never make us read local files or expand gigabytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

from ..core.errors import L10nError
from ..core.langcode import base_language

MAX_TMX_BYTES = 256 * 1024 * 1024
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)


class TmxError(L10nError):
    pass


def write_tmx(pairs: Iterable[tuple[str, str, str]], *, source_lang: str, target_lang: str) -> bytes:
    """TMX bytes for (source, target, note) triples."""
    from translate.storage.tmx import tmxfile

    store = tmxfile(sourcelanguage=source_lang, targetlanguage=target_lang)
    for source, target, note in pairs:
        store.addtranslation(source, source_lang, target, target_lang, comment=note or None)
    return bytes(store)


def read_tmx(path: Path, *, source_lang: str, target_lang: str) -> list[tuple[str, str]]:
    """(source, target) pairs for the two languages (matching on the language part when regions differ)."""
    from translate.storage.tmx import tmxfile

    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise TmxError("file not found", path=path) from None
    if size > MAX_TMX_BYTES:
        raise TmxError(f"TMX file larger than {MAX_TMX_BYTES // 2**20} MB; refusing to load it", path=path)
    data = path.read_bytes()
    match = _ENTITY.search(data[:65536])
    if match:
        _refuse_entities(path, data.count(b"\n", 0, match.start()) + 1)
    try:
        store = tmxfile(data)  # translate-toolkit's safe parser: entities are never resolved nor expanded
    except Exception as exc:  # lxml's XMLSyntaxError and translate-toolkit's asserts: one clear line
        where = getattr(exc, "lineno", None)
        raise TmxError(f"not a valid TMX file: {exc}".splitlines()[0], path=path, line=where) from None
    # The quick check above misses a declaration after a long comment or in UTF-16: ask the parsed document.
    dtd = store.document.docinfo.internalDTD if store.document is not None else None
    if dtd is not None and any(True for _ in dtd.entities()):
        _refuse_entities(path, None)
    pairs: list[tuple[str, str]] = []
    want_source, want_target = base_language(source_lang), base_language(target_lang)
    for unit in store.units:
        variants: dict[str, str] = {}
        for tuv in unit.xmlelement.iterfind("{*}tuv") if unit.xmlelement is not None else ():
            lang = tuv.get("{http://www.w3.org/XML/1998/namespace}lang") or tuv.get("lang") or ""
            seg = tuv.find("{*}seg")
            text = segment_text(seg) if seg is not None else ""
            variants[base_language(lang)] = text
            variants.setdefault(lang.lower().replace("-", "_"), text)
        source = variants.get(source_lang.lower()) or variants.get(want_source)
        target = variants.get(target_lang.lower()) or variants.get(want_target)
        if source and target:
            pairs.append((source, target))
    return pairs


_INLINE_CODES = frozenset({"bpt", "ept", "it", "ph", "ut"})
_MARKDOWN = (
    (re.compile(r"<\s*/?\s*(?:b|strong)(?:\s[^>]*)?>", re.IGNORECASE), "**"),
    (re.compile(r"<\s*/?\s*(?:i|em)(?:\s[^>]*)?>", re.IGNORECASE), "*"),
    (re.compile(r"<\s*/?\s*code(?:\s[^>]*)?>", re.IGNORECASE), "`"),
)


def _native(code: str) -> str:
    """A TMX inline code's native markup as Markdown: bold, italics and code marks; anything else (other
    tools' placeholders such as ``<b0>``, links, spans) is dropped, leaving the text around it."""
    for pattern, mark in _MARKDOWN:
        if pattern.fullmatch(code.strip()):
            return mark
    return ""


def segment_text(element: Any) -> str:
    """The text of a TMX ``<seg>`` (or ``<hi>``): inline codes (``<bpt>&lt;b&gt;</bpt>``, ``<ept>``, ``<ph>``,
    ``<it>``, ``<ut>``) are markup, not text: bold, italics and code become Markdown marks, the rest goes."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag in _INLINE_CODES:
            parts.append(_native("".join(child.itertext())))
        elif tag:
            parts.append(segment_text(child))  # <hi>, <sub>: their text is the segment's
        parts.append(child.tail or "")
    return "".join(parts)


def _refuse_entities(path: Path, line: int | None) -> NoReturn:
    raise TmxError(
        "TMX declares XML entities; refused (external entities or entity expansion)",
        path=path,
        line=line,
        hint="export the memory again without a DOCTYPE internal subset",
    )
