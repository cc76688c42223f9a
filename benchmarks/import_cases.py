"""Translated booklets with known answers, damaged the way published translations are, for `import`.

A *case* is a source booklet (Markdown), a translation of it whose unit ``i`` translates source unit ``i``, and
the damage done to that translation. The translation is real where the corpus has one (the Spanish and
Brazilian Portuguese of Comprehensive Rust, rendered from its PO files with ``markdown.render``), or derived
from the Spanish in another script when the corpus has none:

- ``ja`` / ``zh``: every word becomes one to three (ja: kana and kanji) or one to two (zh: hanzi) characters,
  spaces between them vanish and ``. , : ? !`` become ``。 、 ： ？ ！`` with no space after; a translation
  about 0.4 (ja) and 0.3 (zh) times as long as the English, with sentences the Latin splitter cannot see;
- ``ar``: every letter becomes an Arabic letter (no upper case, so no capital starts a sentence), with ``، ؟``.

Inline Markdown (code, link and image targets, footnote marks, HTML tags, numbers) is kept as it is, as a
translator keeps it. The damage, chosen by a seeded ``random.Random``:

- ``note``: a translator's note (``N. del T.:``, ``訳注：``...) added after a paragraph, as its own paragraph;
- ``add``: a paragraph of the translators' own, with no mark;
- ``caption``: a short paragraph (a caption or a lead-in such as "Filename: src/main.rs") moved to the start
  of the next translated block;
- ``split`` / ``merge``: a paragraph cut in two at a sentence, two adjacent paragraphs joined;
- ``drop``: a paragraph left out;
- ``rewrap``: a paragraph's lines wrapped again at another width (between two CJK characters for ja/zh, where
  the line break must not become a space).

``Case.expected`` maps each source unit to the translation ``import`` should give it: its own text; for the
units of a merged paragraph or a moved caption each unit's own; for a split paragraph the two halves joined;
None for a dropped unit. Units left in English by the translation are not judged.
"""

from __future__ import annotations

import io
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from keys_l10n.adapters.po import read_catalog
from keys_l10n.core.markdown import segment
from keys_l10n.core.markdown_render import render
from keys_l10n.core.sentences import split_sentences

OPERATIONS = ("note", "add", "caption", "split", "merge", "drop", "rewrap")
SCRIPTS = ("es", "pt", "ja", "zh", "ar")

NOTES = {
    "es": "N. del T.: en la versión original este ejemplo usa otra biblioteca; la cambiamos por una más conocida.",
    "pt": "N. do T.: no original este exemplo usa outra biblioteca; trocamos por uma mais conhecida aqui.",
    "ja": "訳注：原文ではこの例に別のライブラリを使っていますが、ここではよく知られたものに置き換えました。",
    "zh": "译注：原文中此示例使用另一个库，这里换成了更常见的库。",
    "ar": "ملاحظة المترجم: يستخدم هذا المثال في الأصل مكتبة أخرى، وقد استبدلناها بمكتبة أكثر شهرة.",
}
ADDED = {
    "es": [
        "Esta sección se adaptó al contexto de los lectores hispanohablantes, con ejemplos de la comunidad local.",
        "Agradecemos a las personas que revisaron esta traducción y ayudaron a mejorarla.",
    ],
    "pt": [
        "Esta seção foi adaptada ao contexto dos leitores brasileiros, com exemplos da comunidade local.",
        "Agradecemos às pessoas que revisaram esta tradução e ajudaram a melhorá-la.",
    ],
    "ja": [
        "この節は日本の読者向けに、国内のコミュニティの例を加えて調整しました。",
        "翻訳を見直してくださった皆様に感謝します。",
    ],
    "zh": ["本节针对中文读者做了调整，加入了本地社区的例子。", "感谢审阅本译文的各位朋友。"],
    "ar": ["عدّلنا هذا القسم ليلائم القراء العرب، مع أمثلة من المجتمع المحلي.", "نشكر كل من راجع هذه الترجمة."],
}

# Inline Markdown a translator leaves alone; everything else is prose.
# Names a translator keeps in Latin letters: paths and identifiers (``src/main.rs``, ``birthday_service``,
# ``Vec::new``), words with an inner capital (``AIDL``, ``HashMap``) and capitalised words inside a sentence.
_KEEP = re.compile(
    r"`[^`]*`|\]\([^)]*\)|\[\^[^\]]*\]|<[^>\n]*>|https?://\S+|&\w+;"
    r"|\w+(?:(?:::|[/._-])\w+)+|\b\w+[A-Z]\w*|(?<=[\w,;] )[A-Z]\w+"
    r"|\d+(?:[.,:]\d+)*|[*_\[\]()!#|\\~]"
)
_KANA = [chr(c) for c in range(0x3042, 0x3094)]
_KANJI = [chr(c) for c in range(0x4E00, 0x4E00 + 2000)]
_ARABIC = [chr(c) for c in range(0x0627, 0x064B) if chr(c).isalpha()]
_CJK_PUNCT = {".": "。", ",": "、", ":": "：", "?": "？", "!": "！", ";": "；"}
_AR_PUNCT = {",": "،", "?": "؟", ";": "؛"}


def _hash(word: str) -> int:
    return zlib.crc32(word.lower().encode("utf-8"))


def _cjk_word(word: str, script: str) -> str:
    h = _hash(word)
    if script == "zh":
        size = 1 + (len(word) > 5)
        return "".join(_KANJI[(h >> (8 * k)) % len(_KANJI)] for k in range(size))
    size = 1 + (len(word) > 3) + (len(word) > 7)
    chars = [_KANJI[h % len(_KANJI)]] + [_KANA[(h >> (6 * k)) % len(_KANA)] for k in range(1, size)]
    return "".join(chars)


def _prose(piece: str, script: str) -> str:
    if script == "ar":
        out = "".join(_ARABIC[_hash(c) % len(_ARABIC)] if c.isalpha() else _AR_PUNCT.get(c, c) for c in piece)
        return out
    words = re.split(r"(\w+)", piece)
    out = []
    for token in words:
        if not token:
            continue
        if token[0].isalnum():
            out.append(_cjk_word(token, script))
        else:
            out.append("".join(_CJK_PUNCT.get(c, c) for c in token if not c.isspace()))
    return "".join(out)


def in_script(text: str, script: str) -> str:
    """``text`` (a Spanish msgstr) written in the pseudo-script ``script`` (ja, zh or ar), markup kept."""
    if script in ("es", "pt"):
        return text
    out, cursor = [], 0
    for match in _KEEP.finditer(text):
        out.append(_prose(text[cursor : match.start()], script))
        kept = match.group(0)
        before = text[cursor : match.start()]
        if script != "ar" and before.endswith(" ") and kept[0] not in "*_])":
            out.append("")  # no space before kept markup in CJK prose
        out.append(kept)
        cursor = match.end()
    out.append(_prose(text[cursor:], script))
    return "".join(out).strip()


def _table(po: Path) -> dict[str, str]:
    catalog = read_catalog(po).catalog
    return {e.msgid: e.msgstr for e in catalog.live if e.translated and not e.fuzzy and e.msgid_plural is None}


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def chapters(corpus: Path, minimum_units: int = 12) -> Iterator[tuple[str, str]]:
    """(name, Markdown) of each chapter of the book under ``corpus/src``: the chapter page and its folder's pages."""
    src = corpus / "src"
    for page in sorted(src.glob("*.md")):
        if page.name in ("SUMMARY.md", "README.md"):
            continue
        parts = [page, *sorted((src / page.stem).rglob("*.md"))] if (src / page.stem).is_dir() else [page]
        # each page's front matter taken out: in the middle of a booklet it would be a rule and a heading
        text = "\n\n".join(_FRONT_MATTER.sub("", p.read_text(encoding="utf-8")).strip() for p in parts) + "\n"
        if len(segment(text)) >= minimum_units:
            yield page.stem, text


def translate(source_md: str, table: dict[str, str], script: str) -> str:
    """The booklet rendered with the catalog's translations, written in ``script``."""
    return render(source_md, lambda seg: in_script(table[seg.text], script) if seg.text in table else None)


@dataclass
class Case:
    name: str
    script: str
    source: str  # source booklet (Markdown)
    text: str  # the damaged translation (Markdown)
    expected: dict[int, str | None]  # source unit -> translation import should give (None: none)
    damaged: set[int] = field(default_factory=set)  # source units next to or inside the damage
    added: list[str] = field(default_factory=list)  # blocks the translation added (notes and paragraphs)
    log: list[str] = field(default_factory=list)


_NO_LINE_START = re.compile(r"^(?:[-+*#>|<=`~\[]|\d+[.)])")


def _rewrap(text: str, script: str, rng: random.Random) -> str:
    width = rng.choice((20, 28, 36)) if script in ("ja", "zh") else rng.choice((30, 45, 60))
    if script in ("ja", "zh"):
        out, line = [], 0
        for k, char in enumerate(text):
            out.append(char)
            line += 1
            after = text[k + 1] if k + 1 < len(text) else ""
            if line >= width and _cjk(char) and _cjk(after):
                out.append("\n")
                line = 0
        return "".join(out)
    words = text.split(" ")
    lines, current = [], words[0]
    for word in words[1:]:
        if len(current) + 1 + len(word) > width and not _NO_LINE_START.match(word):
            lines.append(current)
            current = word
        else:
            current += " " + word
    return "\n".join([*lines, current])


def _cjk(char: str) -> bool:
    return bool(char) and ("\u3040" <= char <= "\u30ff" or "\u4e00" <= char <= "\u9fff")


def damage(name: str, source_md: str, translation: str, script: str, rng: random.Random, operations: list[str]) -> Case:
    """Apply ``operations`` to blocks of ``translation`` (unit i translating source unit i), chosen by ``rng``."""
    source = segment(source_md)
    units = segment(translation)
    assert len(units) == len(source), (name, len(units), len(source))
    data = translation.encode("utf-8")
    expected: dict[int, str | None] = {i: u.text for i, u in enumerate(units) if u.text != source[i].text}
    edits: dict[int, tuple[int, int, str]] = {}
    case = Case(name, script, source_md, "", expected)

    def raw(i: int) -> str:
        return data[units[i].start : units[i].end].decode("utf-8")

    def free(i: int) -> bool:
        return (
            0 <= i < len(units)
            and i not in edits
            and i in expected
            and units[i].kind == "paragraph"
            and raw(i) == units[i].text
        )

    def gap(i: int) -> bytes:
        return data[units[i].end : units[i + 1].start]

    for op in operations:
        candidates = [i for i in range(len(units)) if free(i)]
        if op == "split":
            candidates = [i for i in candidates if len(split_sentences(units[i].text)) >= 2]
        elif op == "merge":
            candidates = [i for i in candidates if free(i + 1) and gap(i) == b"\n\n"]
        elif op == "drop":
            candidates = [i for i in candidates if i + 1 < len(units) and gap(i) == b"\n\n"]
        elif op == "caption":  # a short paragraph whose next unit is a paragraph (after code or not)
            candidates = [i for i in candidates if len(units[i].text) <= 90 and free(i + 1)]
        elif op == "rewrap":
            candidates = [i for i in candidates if len(units[i].text) > 60]
        if not candidates:
            continue
        i = rng.choice(candidates)
        unit = units[i]
        if op == "split":
            sentences = split_sentences(unit.text)
            cut = rng.randrange(1, len(sentences))
            edits[i] = (unit.start, unit.end, " ".join(sentences[:cut]) + "\n\n" + " ".join(sentences[cut:]))
        elif op == "merge":
            edits[i] = (unit.start, units[i + 1].end, unit.text + " " + units[i + 1].text)
            edits[i + 1] = (units[i + 1].end, units[i + 1].end, "")
            case.damaged.add(i + 1)
        elif op == "caption":
            edits[i] = (unit.start, units[i + 1].start, "")  # the caption and what followed it up to the next
            between = data[unit.end : units[i + 1].start].decode("utf-8").strip("\n")
            moved = (between + "\n\n" if between else "") + unit.text + " " + units[i + 1].text
            edits[i + 1] = (units[i + 1].start, units[i + 1].end, moved)
            case.damaged.add(i + 1)
        elif op == "drop":
            edits[i] = (unit.start, units[i + 1].start, "")
            expected[i] = None
        elif op in ("note", "add"):
            added = NOTES[script] if op == "note" else rng.choice(ADDED[script])
            edits[i] = (unit.start, unit.end, unit.text + "\n\n" + added)
            case.added.append(added)
        elif op == "rewrap":
            edits[i] = (unit.start, unit.end, _rewrap(unit.text, script, rng))
        case.damaged.add(i)
        case.log.append(f"{op} {i}")
    out, cursor = [], 0
    for start, end, replacement in sorted(edits.values()):
        out += [data[cursor:start].decode("utf-8"), replacement]
        cursor = end
    out.append(data[cursor:].decode("utf-8"))
    case.text = "".join(out)
    return case


def cases(corpus: Path, *, scripts: tuple[str, ...] = SCRIPTS, seed: int = 1, rate: float = 0.06) -> Iterator[Case]:
    """One damaged translation per chapter and script: about ``rate`` of the units damaged, operations mixed."""
    tables = {"es": _table(corpus / "po" / "es.po"), "pt": _table(corpus / "po" / "pt-BR.po")}
    for number, (name, source_md) in enumerate(chapters(corpus)):
        units = len(segment(source_md))
        for script in scripts:
            rng = random.Random(seed * 1_000_003 + number * 101 + SCRIPTS.index(script))
            translation = translate(source_md, tables["pt" if script == "pt" else "es"], script)
            count = max(1, round(units * rate))
            operations = [OPERATIONS[k % len(OPERATIONS)] for k in range(count)]
            rng.shuffle(operations)
            yield damage(name, source_md, translation, script, rng, operations)


def markdown_to_docx(markdown: str) -> bytes:
    """A Word document of a translated booklet, as a word processor user would have made it (python-docx):
    Heading styles, List Bullet / List Number, Quote, tables, italic and bold runs, hyperlinks, inline code in
    the "Verbatim Char" style and code blocks in "Source Code" (pandoc's names); footnotes become a superscript
    number and a paragraph at the end, as when a document is pasted together."""
    import docx
    import docx.opc.constants
    import docx.oxml
    import docx.oxml.ns
    import docx.shared
    from docx.enum.style import WD_STYLE_TYPE
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    document = docx.Document()
    code_style = document.styles.add_style("Source Code", WD_STYLE_TYPE.PARAGRAPH)
    code_style.font.name = "Courier New"
    verbatim = document.styles.add_style("Verbatim Char", WD_STYLE_TYPE.CHARACTER)
    verbatim.font.name = "Courier New"
    # raw HTML is recognised (html_block, html_inline), then left out of the document
    md = MarkdownIt("commonmark", {"html": True}).use(front_matter_plugin).use(footnote_plugin).enable("table")
    tokens = md.parse(markdown)
    lists: list[str] = []
    quote = 0
    table_rows: list[list[str]] = []
    in_table = False
    row: list[str] = []

    def add_runs(paragraph: object, children: list[object]) -> None:
        italic = bold = False
        link: str | None = None
        for child in children:
            kind = child.type  # type: ignore[attr-defined]
            if kind == "em_open" or kind == "em_close":
                italic = kind == "em_open"
            elif kind in ("strong_open", "strong_close"):
                bold = kind == "strong_open"
            elif kind == "link_open":
                link = child.attrs.get("href")  # type: ignore[attr-defined]
            elif kind == "link_close":
                link = None
            elif kind in ("text", "code_inline", "softbreak", "hardbreak", "footnote_ref", "image"):
                text = {"softbreak": " ", "hardbreak": "\n"}.get(kind, child.content)  # type: ignore[attr-defined]
                if kind == "footnote_ref":
                    text = str(child.meta["id"] + 1)  # type: ignore[attr-defined]
                if kind == "image":
                    text = child.content  # type: ignore[attr-defined]
                if link:
                    part = paragraph.part  # type: ignore[attr-defined]
                    rel = part.relate_to(link, docx.opc.constants.RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
                    element = docx.oxml.OxmlElement("w:hyperlink")
                    element.set(docx.oxml.ns.qn("r:id"), rel)
                    run = docx.oxml.OxmlElement("w:r")
                    t = docx.oxml.OxmlElement("w:t")
                    t.text = text
                    t.set(docx.oxml.ns.qn("xml:space"), "preserve")
                    run.append(t)
                    element.append(run)
                    paragraph._p.append(element)  # type: ignore[attr-defined]
                    continue
                run = paragraph.add_run(text)  # type: ignore[attr-defined]
                run.italic, run.bold = italic or None, bold or None
                if kind == "code_inline":
                    run.style = verbatim
                if kind == "footnote_ref":
                    run.font.superscript = True

    for k, token in enumerate(tokens):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists.append("List Bullet" if kind.startswith("bullet") else "List Number")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "table_open":
            in_table, table_rows = True, []
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close":
            table_rows.append(row)
        elif kind == "table_close":
            in_table = False
            table = document.add_table(rows=len(table_rows), cols=max(len(r) for r in table_rows))
            for cells, table_row in zip(table_rows, table.rows, strict=True):
                for text, cell in zip(cells, table_row.cells, strict=False):
                    cell.text = text
        elif kind == "inline" and in_table:
            row.append(token.content)
        elif kind == "inline":
            opener = tokens[k - 1]
            if opener.type == "heading_open":
                paragraph = document.add_heading("", level=min(int(opener.tag[1]), 9))
            elif lists:
                depth = len(lists)
                style = lists[-1] + (f" {depth}" if 1 < depth <= 3 else "")
                paragraph = document.add_paragraph(style=style)
            elif quote:
                paragraph = document.add_paragraph(style="Quote")
            else:
                paragraph = document.add_paragraph()
            add_runs(paragraph, list(token.children or []))
        elif kind in ("fence", "code_block"):
            for line in token.content.rstrip("\n").split("\n"):
                document.add_paragraph(line, style=code_style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
