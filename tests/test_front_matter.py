"""Front matter values: plain, quoted (with escapes) and block scalars, extracted and rebuilt byte for byte."""

from __future__ import annotations

from keys_l10n.core.markdown import segment
from keys_l10n.core.markdown_render import render
from keys_l10n.core.model import Catalog, Entry
from keys_l10n.core.rebuild import rebuild

SOURCE = """---
title: "Keys: a \\"series\\""
subtitle: 'It''s here'
description: |
  First line of the description.
  Second line, kept.
summary: >-
  A folded summary
  on two lines.
abstract: |2
    explicit indentation is left alone
layout: booklet
author:
  title: nested keys are not units
---

# Body\r
"""


def test_block_scalars_and_quoted_values_are_units() -> None:
    units = [(s.kind, s.text, s.line) for s in segment(SOURCE)]
    assert units == [
        ("front matter", 'Keys: a "series"', 2),
        ("front matter", "It's here", 3),
        ("front matter block", "First line of the description.\nSecond line, kept.", 5),
        ("front matter block", "A folded summary on two lines.", 8),
        ("heading 1", "Body", 17),
    ]


def test_identity_is_byte_for_byte() -> None:
    assert render(SOURCE, lambda seg: seg.text) == SOURCE


def test_translations_are_written_as_valid_yaml_in_the_source_style() -> None:
    catalog = Catalog(
        entries=(
            Entry('Keys: a "series"', 'Claves: una "serie" \\ más'),
            Entry("It's here", "Aquí 'está'"),
            Entry(
                "First line of the description.\nSecond line, kept.", "Primera línea.\nSegunda: línea # no comentario"
            ),
            Entry("A folded summary on two lines.", "Un resumen plegado"),
            Entry("Body", "Cuerpo"),
        )
    )
    out = rebuild(SOURCE, catalog).markdown
    assert 'title: "Claves: una \\"serie\\" \\\\ más"\n' in out
    assert "subtitle: 'Aquí ''está'''\n" in out
    assert (
        "description: |\n  Primera línea.\n  Segunda: línea # no comentario\nsummary: >-\n  Un resumen plegado\n" in out
    )
    assert "# Cuerpo\r\n" in out


def test_a_plain_value_that_yaml_would_misread_is_quoted() -> None:
    source = "---\ntitle: Keys\n---\n\nText.\n"
    out = rebuild(source, Catalog(entries=(Entry("Keys", "Claves: #1"),))).markdown
    assert out.startswith('---\ntitle: "Claves: #1"\n---\n')
