"""GitHub Flavored Markdown's extensions (tables, strikethrough, autolinks, task lists) as booklets: the same
properties as the CommonMark spec examples (tests/test_commonmark_spec.py): an identity build gives the source back
byte for byte, and a pseudo-translation keeps the HTML tag structure the source renders to.

The GFM specification's own examples are not packaged anywhere we can install from, so these cases are ours,
written one per construct the extensions define (and the corners their spec calls out: escaped pipes, alignment
rows, cells with inline markup, a table interrupted by a block, nested task lists).
"""

from __future__ import annotations

import re

import pytest

from keys_l10n.adapters.html import render_body
from keys_l10n.core.markdown import segment
from keys_l10n.core.model import Catalog, Entry
from keys_l10n.core.rebuild import rebuild

CASES = {
    "table": "| Name | Role |\n| --- | --- |\n| Ana | coordinator |\n| Luis | translator |\n",
    "table aligned": "| left | centre | right |\n|:-----|:------:|------:|\n| a | b | c |\n",
    "table inline markup": "| term | meaning |\n| --- | --- |\n| *care* | `self-care` and **rest** |\n",
    "table escaped pipe": "| code | text |\n| --- | --- |\n| `a \\| b` | one \\| two |\n",
    "table without edges": "Name | Role\n--- | ---\nAna | coordinator\n",
    "table then paragraph": "| a |\n| - |\n| b |\n\nAfter the table.\n",
    "table interrupted by a quote": "| a | b |\n| - | - |\n| c | d |\n> quoted\n",
    "table with a link and an image": "| a |\n| - |\n| [site](https://example.org) ![x](i.png) |\n",
    "table empty cell": "| a | b |\n| - | - |\n|  | d |\n",
    "strikethrough": "This is ~~wrong~~ right.\n",
    "strikethrough single tilde": "This is ~wrong~ right.\n",
    "strikethrough in emphasis": "*a ~~b~~ c*\n",
    "autolink www": "Visit www.example.org today.\n",
    "autolink url": "See https://example.org/path?q=1 for more.\n",
    "autolink email": "Write to info@example.org please.\n",
    "autolink trailing punctuation": "Go to https://example.org.\n",
    "task list": "- [ ] to do\n- [x] done\n",
    "task list nested": "- [x] parent\n  - [ ] child\n  - [x] other child\n",
    "task list ordered": "1. [ ] first\n2. [x] second\n",
    "task list in a quote": "> - [ ] quoted task\n",
    "footnote": "Text with a note.[^1]\n\n[^1]: The note.\n",
    "footnote with a list": "Text.[^n]\n\n[^n]: A note\n    with two lines.\n",
}
_TAG = re.compile(r"<(/?[a-z0-9]+)")


def _catalog(markdown: str, translate: object) -> Catalog:
    entries = {
        seg.key: Entry(seg.text, translate(seg.text), msgctxt=seg.context)  # type: ignore[operator]
        for seg in segment(markdown)
    }
    return Catalog(entries=tuple(entries.values()))


@pytest.mark.parametrize("markdown", CASES.values(), ids=CASES.keys())
def test_identity_build_is_byte_for_byte(markdown: str) -> None:
    for wrap in (True, False):
        result = rebuild(markdown, _catalog(markdown, lambda text: text), wrap=wrap)
        assert (result.markdown, result.html_markdown, result.warnings) == (markdown, markdown, ())


@pytest.mark.parametrize("markdown", CASES.values(), ids=CASES.keys())
def test_pseudo_translation_keeps_the_html_tag_structure(markdown: str) -> None:
    result = rebuild(markdown, _catalog(markdown, lambda text: f"⟦{text}⟧"))
    assert _TAG.findall(render_body(result.html_markdown)[0]) == _TAG.findall(render_body(markdown)[0])
    assert "⟦" in result.markdown or not segment(markdown)
