"""A published translation in the form it was published in (Markdown, an HTML page, a Word file) as Markdown.

`import` segments a translation with the same walker as the source (``markdown.segment``), so every form is
first turned into Markdown whose blocks are the page's blocks and whose inline markup is what the source's
msgids use: ``[text](href)``, ``![alt](src)``, backticks for ``<code>``, ``*``/``**`` for emphasis, and
``[^N]`` for a footnote reference (a superscript link to a list item that a back-link returns from, as
markdown-it, pandoc and mammoth write them), with the footnote's text as a ``[^N]:`` definition.

- **HTML** is walked with the standard library's ``html.parser`` (lenient, no dependency): headings,
  paragraphs, list items (nested), block quotes, table cells, ``<pre>`` as fenced code (never a unit), and
  ``<div>``/``<section>`` text not inside a paragraph as a paragraph. The page's furniture is left out:
  ``<head>``, ``<script>``, ``<style>``, ``<nav>``, ``<header>``, ``<footer>``, ``<aside>``, forms and buttons.
- **DOCX** is turned into HTML by mammoth (headings from the Heading styles, lists, tables, footnotes,
  emphasis; images replaced by their alt text), then read as HTML.

Pure functions of bytes: the service reads the file.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from ..core.errors import L10nError
from .sources import decode_markdown

FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".docx": "docx"}

_VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "wbr", "col", "source", "area", "base", "embed"})
_SKIP = frozenset(
    {"head", "script", "style", "nav", "header", "footer", "aside", "form", "button", "template", "noscript", "svg"}
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "body", "html", "blockquote", "ul", "ol", "li", "table", "thead",
     "tbody", "tfoot", "tr", "td", "th", "pre", "figure", "figcaption", "dl", "dt", "dd", "hr", "details",
     "summary", *_HEADINGS}
)  # fmt: skip
_CLOSES_P = _BLOCKS - {"html", "body", "li", "td", "th", "tr", "dd", "dt"}
_SPACE = re.compile(r"[ \t\n\r\f]+")
_BACKREF_TEXT = frozenset({"↩", "↩︎", "↑", "^", "[return]"})


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[_Node | str] = field(default_factory=list)


class _TreeBuilder(HTMLParser):
    """A small, forgiving tree: unclosed ``<p>``, ``<li>``, ``<td>`` and ``<tr>`` are closed where HTML does."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root")
        self.stack = [self.root]

    def _close(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def _open_in(self, *tags: str) -> str | None:
        for node in reversed(self.stack):
            if node.tag in tags:
                return node.tag
            if node.tag in ("ul", "ol", "table"):
                return None
        return None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _CLOSES_P and self._open_in("p"):
            self._close("p")
        if tag == "li" and self._open_in("li"):
            self._close("li")
        if tag in ("td", "th") and self._open_in("td", "th"):
            self._close(self._open_in("td", "th") or "td")
        if tag == "tr" and self._open_in("tr"):
            self._close("tr")
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self._close(tag)

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _text(node: _Node | str) -> str:
    if isinstance(node, str):
        return node
    return "".join(_text(c) for c in node.children)


def _escape(text: str) -> str:
    text = re.sub(r"([\\`*\[\]])", r"\\\1", text)
    text = re.sub(r"(?<!\w)_|_(?!\w)", r"\\_", text)
    return re.sub(r"<(?=[A-Za-z/!?])", r"\\<", text)


class _Writer:
    """Markdown for a tree: one string per block, joined with blank lines."""

    def __init__(self, root: _Node) -> None:
        self.notes: dict[str, str] = {}  # id of a footnote's element -> its number
        self.blocks: list[str] = []
        self._find_notes(root)

    def _find_notes(self, node: _Node) -> None:
        """Number the footnotes in the order of their first reference: a link to ``#id`` inside ``<sup>`` whose
        text is a number (``1``, ``[1]``)."""
        for child in node.children:
            if not isinstance(child, _Node):
                continue
            if child.tag == "sup":
                link = _only_link(child)
                if link is not None:
                    self.notes.setdefault(link.attrs["href"][1:], str(len(self.notes) + 1))
            self._find_notes(child)

    # inline -----------------------------------------------------------------------------------------------

    def inline(self, nodes: list[_Node | str]) -> str:
        out = "".join(self._inline(n) for n in nodes)
        out = _SPACE.sub(" ", out)
        return re.sub(r" *\\\n *", "\\\n", out).strip()

    def _inline(self, node: _Node | str) -> str:
        if isinstance(node, str):
            return _escape(node)
        tag, attrs = node.tag, node.attrs
        if tag in _SKIP:
            return ""
        if tag == "br":
            return "\\\n"
        if tag == "img":
            alt = attrs.get("alt", "")
            return f"![{_escape(alt)}]({attrs['src']})" if attrs.get("src") else _escape(alt)
        if tag == "kbd":  # Markdown has no notation for keys: sources write the HTML, as here
            return f"<kbd>{_SPACE.sub(' ', _text(node))}</kbd>"
        if tag in ("code", "samp", "tt"):
            code = _SPACE.sub(" ", _text(node))
            fence = "``" if "`" in code else "`"
            return f"{fence}{code}{fence}" if code.strip() else ""
        if tag == "a":
            href = attrs.get("href", "")
            if href.startswith("#") and href[1:] in self.notes:
                return f"[^{self.notes[href[1:]]}]"
            text = self.inline(node.children)
            if href.startswith("#") and text in _BACKREF_TEXT | {"\\[return\\]"}:
                return ""
            if href and text.replace("\\", "") in (href, href.removeprefix("mailto:")):
                return f"<{href}>"  # an autolink, as Markdown writes a bare address
            return f"[{text}]({href})" if href and text else text
        if tag == "sup" and _only_link(node) is not None:
            return self._inline(_only_link(node) or node)
        inner = "".join(self._inline(c) for c in node.children)
        if tag in ("em", "i", "cite", "var", "dfn") and inner.strip():
            return f"*{inner}*"
        if tag in ("strong", "b") and inner.strip():
            return f"**{inner}**"
        if tag in ("s", "del", "strike") and inner.strip():
            return f"~~{inner}~~"
        return inner

    # blocks -----------------------------------------------------------------------------------------------

    def block(self, node: _Node, prefix: str = "") -> None:
        """Append the blocks of ``node``'s children; inline runs between blocks become paragraphs."""
        run: list[_Node | str] = []

        def flush() -> None:
            text = self.inline(run)
            if text:
                self._emit(prefix, _block_start(text))
            run.clear()

        for child in node.children:
            if isinstance(child, str) or (child.tag not in _BLOCKS and child.tag not in _SKIP):
                run.append(child)
                continue
            flush()
            self._block(child, prefix)
        flush()

    def _emit(self, prefix: str, text: str) -> None:
        lines = text.split("\n")
        self.blocks.append("\n".join(prefix + line for line in lines))

    def _block(self, node: _Node, prefix: str) -> None:
        tag = node.tag
        if tag in _SKIP or tag == "hr":
            return
        if tag in _HEADINGS:
            text = self.inline(node.children).replace("\\\n", " ")
            if text:
                self._emit(prefix, "#" * _HEADINGS[tag] + " " + text)
        elif tag == "pre":
            code = _text(node).strip("\n")
            fence = "~~~~" if "```" in code else "```"
            self._emit(prefix, f"{fence}\n{code}\n{fence}")
        elif tag == "blockquote":
            self.block(node, prefix + "> ")
        elif tag in ("ul", "ol"):
            self._list(node, prefix, ordered=tag == "ol")
        elif tag == "table":
            self._table(node, prefix)
        elif tag == "li" and node.attrs.get("id") in self.notes:
            self._footnote(node, prefix)
        else:
            self.block(node, prefix)

    def _footnote(self, node: _Node, prefix: str) -> None:
        start = len(self.blocks)
        self.block(node, prefix + "    ")
        parts = [b[len(prefix) + 4 :] if b.startswith(prefix + "    ") else b for b in self.blocks[start:]]
        del self.blocks[start:]
        if parts:
            text = "\n\n".join(parts).replace("\n", "\n" + prefix + "    ")
            self._emit(prefix, f"[^{self.notes[node.attrs['id']]}]: {text}")

    def _list(self, node: _Node, prefix: str, *, ordered: bool) -> None:
        items = [c for c in node.children if isinstance(c, _Node) and c.tag == "li"]
        if items and all(c.attrs.get("id") in self.notes for c in items):
            for item in items:
                self._footnote(item, prefix)
            return
        number = int(node.attrs.get("start", "1") or 1) if ordered else 0
        for item in items:
            marker = f"{number}. " if ordered else "- "
            number += 1
            start = len(self.blocks)
            self.block(item, prefix + "    ")
            if len(self.blocks) == start:
                continue
            first = self.blocks[start]
            self.blocks[start] = prefix + marker + first[len(prefix) + 4 :]
            # the item's blocks form one list item: no blank line between them and the next item's is enough
        return

    def _table(self, node: _Node, prefix: str) -> None:
        rows: list[list[str]] = []

        def walk(n: _Node) -> None:
            for child in n.children:
                if not isinstance(child, _Node) or child.tag in _SKIP:
                    continue
                if child.tag == "tr":
                    cells = [c for c in child.children if isinstance(c, _Node) and c.tag in ("td", "th")]
                    rows.append([self.inline(c.children).replace("\\\n", " ").replace("|", "\\|") for c in cells])
                elif child.tag != "table":
                    walk(child)

        walk(node)
        if not rows:
            return
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        # A table without header cells (a word processor's) has its first row as header, as GFM requires one.
        head, body = rows[0], rows[1:]
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * width] + ["| " + " | ".join(r) + " |" for r in body]
        self._emit(prefix, "\n".join(lines))


def _only_link(sup: _Node) -> _Node | None:
    """The footnote reference inside a ``<sup>``, if that is all it holds."""
    nodes = [c for c in sup.children if not (isinstance(c, str) and not c.strip())]
    if len(nodes) == 1 and isinstance(nodes[0], _Node) and nodes[0].tag == "a":
        link = nodes[0]
        if link.attrs.get("href", "").startswith("#") and re.fullmatch(r"\[?\d+\]?", _text(link).strip()):
            return link
    return None


def _block_start(text: str) -> str:
    """Escape what would open another block at the start of a paragraph's text."""
    return re.sub(r"^(#{1,6}(?=\s|$)|[>+-](?=\s)|=+$)", r"\\\1", re.sub(r"^(\d{1,9})([.)])(?=\s)", r"\1\\\2", text))


def html_to_markdown(html: str) -> str:
    """The blocks of an HTML page as Markdown (see the module docstring)."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    writer = _Writer(builder.root)
    body = _find(builder.root, "main") or _find(builder.root, "body") or builder.root
    writer.block(body)
    return "\n\n".join(writer.blocks) + "\n"


def _find(node: _Node, tag: str) -> _Node | None:
    for child in node.children:
        if isinstance(child, _Node):
            if child.tag == tag:
                return child
            found = _find(child, tag)
            if found is not None:
                return found
    return None


# Word styles that mammoth's default map leaves as plain paragraphs: code (pandoc's and LibreOffice's names)
# and quotations.
_DOCX_STYLES = """
p[style-name='Source Code'] => pre:separator('\\n')
p[style-name='Preformatted Text'] => pre:separator('\\n')
p[style-name='HTML Preformatted'] => pre:separator('\\n')
p[style-name='Code'] => pre:separator('\\n')
r[style-name='Verbatim Char'] => code
r[style-name='Source Text'] => code
r[style-name='HTML Code'] => code
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
"""


def docx_to_html(data: bytes, name: str) -> str:
    """A Word document's body as HTML, by mammoth; images are replaced by their alt text."""
    import mammoth

    def no_image(image: object) -> dict[str, str]:
        return {}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data), convert_image=mammoth.images.img_element(no_image), style_map=_DOCX_STYLES
        )
    except Exception as exc:  # mammoth raises zipfile, KeyError or XML errors on a damaged file
        raise L10nError(f"cannot read as a Word document (.docx): {exc}", path=name) from None
    return str(result.value)


def read_published(data: bytes, name: str, suffix: str) -> str:
    """The translation as Markdown, by its file's form (``FORMATS``)."""
    form = FORMATS.get(suffix.lower())
    if form == "docx":
        return html_to_markdown(docx_to_html(data, name))
    text = decode_markdown(data, name)
    if form == "html":
        return html_to_markdown(text)
    if form == "markdown":
        return text
    raise L10nError(
        f"cannot import a {suffix or 'file without extension'}: the forms read are Markdown, HTML and DOCX",
        path=name,
        hint="save the translation as .docx or .html (a PDF: export it from the program that made it)",
    )
