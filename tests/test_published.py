"""Published forms of a translation read by `import`: HTML pages (ours and others') and DOCX files."""

from __future__ import annotations

from pathlib import Path

import docx
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers the commands)
from keys_l10n.adapters.html import PageInfo, render_html
from keys_l10n.adapters.po import read_catalog
from keys_l10n.adapters.published import docx_to_html, html_to_markdown
from keys_l10n.cli.app import app
from keys_l10n.core.markdown import segment

SOURCE = """\
# Keys to accompaniment

The *first* edition came out of workshops held in 2014, see [the site](https://example.org/keys).[^1]

- Political repression and **fear**
- Forced disappearance, with `code`

| Booklet | Year |
|---|---|
| Torture | 2015 |

> Accompanying is walking beside.

```
not a unit
```

[^1]: Printed in October 2015.
"""

TRANSLATION = """\
# Claves para el acompañamiento

La *primera* edición nació de talleres hechos en 2014, ver [el sitio](https://example.org/keys).[^1]

- Represión política y **miedo**
- Desaparición forzada, con `code`

| Cuadernillo | Año |
|---|---|
| Tortura | 2015 |

> Acompañar es caminar al lado.

```
not a unit
```

[^1]: Impreso en octubre de 2015.
"""


def texts(markdown: str) -> list[tuple[str, str]]:
    return [(u.kind, u.text) for u in segment(markdown)]


def test_our_own_html_gives_back_the_units() -> None:
    page = render_html(TRANSLATION, PageInfo("keys", "2021", "es", 1.0))
    assert texts(html_to_markdown(page)) == texts(TRANSLATION)


def test_page_furniture_is_left_out_and_text_escaped() -> None:
    page = """<!doctype html><html><head><title>T</title><style>p {}</style></head><body>
    <nav><a href="/">Home</a></nav><header>Site name</header>
    <main><h2>Título</h2><p>Texto con <em>énfasis</em>, un * suelto,<br>
    y un salto.</p><div>Texto suelto en un div</div>
    <ol start="3"><li>tres<ul><li>anidado</li></ul></li><li><p>cuatro</p></li></ol>
    <script>alert(1)</script></main><footer>© 2024</footer></body></html>"""
    assert texts(html_to_markdown(page)) == [
        ("heading 2", "Título"),
        ("paragraph", "Texto con *énfasis*, un \\* suelto,\\ y un salto."),
        ("paragraph", "Texto suelto en un div"),
        ("list item", "tres"),
        ("list item", "anidado"),
        ("list item", "cuatro"),
    ]


def test_word_footnotes_as_mammoth_writes_them() -> None:
    page = (
        '<p>Impreso en 2015<sup><a href="#footnote-1" id="footnote-ref-1">[1]</a></sup>.</p>'
        '<ol><li id="footnote-1"><p> Octubre. <a href="#footnote-ref-1">↑</a></p></li></ol>'
    )
    assert texts(html_to_markdown(page)) == [("paragraph", "Impreso en 2015[^1]."), ("footnote", "Octubre.")]


def make_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("Claves para el acompañamiento", level=1)
    paragraph = document.add_paragraph("La ")
    paragraph.add_run("primera").italic = True
    paragraph.add_run(" edición nació de talleres hechos en 2014, ver el sitio.")
    document.add_paragraph("Represión política y ", style="List Bullet").add_run("miedo").bold = True
    document.add_paragraph("Desaparición forzada, con code", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, cells in zip(table.rows, (("Cuadernillo", "Año"), ("Tortura", "2015")), strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph("Acompañar es caminar al lado.")
    document.add_paragraph("Impreso en octubre de 2015.")
    document.add_paragraph("N. del T.: esta edición se adaptó al contexto mexicano.")
    document.save(str(path))


def project(root: Path) -> None:
    (root / "source" / "A").mkdir(parents=True)
    (root / "keys-l10n.toml").write_text(
        'source_language = "en"\nlocales = ["es"]\n\n[editions.A]\npath = "source/A"\n', encoding="utf-8"
    )
    (root / "source" / "A" / "keys.md").write_text(SOURCE, encoding="utf-8")


def call(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["--project", str(root), "import", "-e", "A", "-l", "es", "-b", "keys", *args])
    return result.exit_code, result.output


def test_docx_made_by_python_docx(tmp_path: Path) -> None:
    path = tmp_path / "claves.docx"
    make_docx(path)
    markdown = html_to_markdown(docx_to_html(path.read_bytes(), str(path)))
    assert ("heading 1", "Claves para el acompañamiento") in texts(markdown)
    assert ("list item", "Represión política y **miedo**") in texts(markdown)
    assert ("table cell", "Tortura") in texts(markdown)
    root = tmp_path / "p"
    project(root)
    code, output = call(root, str(path))
    assert code == 0, output
    assert "is a translator's note (not imported): N. del T.: esta edición" in output
    catalog = read_catalog(root / "locale" / "A" / "es" / "keys.po").catalog
    got = {e.msgid: e.msgstr for e in catalog.live if e.msgstr}
    assert got["Keys to accompaniment"] == "Claves para el acompañamiento"
    assert got["Political repression and **fear**"] == "Represión política y **miedo**"
    assert got["Torture"] == "Tortura"
    assert got["Printed in October 2015."] == "Impreso en octubre de 2015."


def test_html_import_equals_markdown_import(tmp_path: Path) -> None:
    root = tmp_path / "p"
    project(root)
    (root / "keys.es.md").write_text(TRANSLATION, encoding="utf-8")
    page = render_html(TRANSLATION, PageInfo("keys", "A", "es", 1.0))
    (root / "keys.es.html").write_text(page, encoding="utf-8")
    code, output = call(root, str(root / "keys.es.md"))
    assert code == 0 and "10 translated, 0 fuzzy" in output, output
    po = root / "locale" / "A" / "es" / "keys.po"
    from_markdown = po.read_bytes()
    po.unlink()
    code, output = call(root, str(root / "keys.es.html"))
    assert code == 0 and "10 translated, 0 fuzzy" in output, output
    assert po.read_bytes() == from_markdown.replace(b"keys.es.md", b"keys.es.html")


def test_unreadable_forms(tmp_path: Path) -> None:
    root = tmp_path / "p"
    project(root)
    (root / "keys.pdf").write_bytes(b"%PDF-1.4")
    code, output = call(root, str(root / "keys.pdf"))
    assert code == 1 and "cannot import a .pdf" in output and "hint" in output
    (root / "keys.docx").write_bytes(b"PK not really a zip")
    code, output = call(root, str(root / "keys.docx"))
    assert code == 1 and "cannot read as a Word document" in output
    (root / "keys.html").write_bytes(b"<p>\xff</p>")
    code, output = call(root, str(root / "keys.html"))
    assert code == 1 and "not UTF-8" in output
