"""Deterministic generator of booklet projects for the speed benchmarks.

``generate(root, words)`` writes a keys-l10n project of about ``words`` words of English-like prose:

    root/keys-l10n.toml                    editions "first" and "second", locale "es"
    root/source/first/booklet-NN.md        the first edition, booklets of about 10-20 k words
    root/source/second/booklet-NN.md       the second edition: ~10 % of paragraphs edited (a few words
                                           changed), ~3 % removed, ~3 % new paragraphs added
    root/locale/first/es/booklet-NN.po     a complete "translation" of the first edition: each msgstr is a
                                           deterministic pseudo-translation of its msgid
    root/truth.json                        what the second edition changed, msgid by msgid (for judging the
                                           fuzzy suggestions of the update tools)

The booklets look like the real ones: a title, sections and subsections, paragraphs of varied length with
emphasis, strong emphasis, links, inline code and footnote references, bullet and numbered lists (some nested),
block quotes, tables, footnote definitions and the odd code block. Half of the booklets are hard-wrapped at 72
columns, as many authors write. Words are drawn with a Zipf distribution from a vocabulary of real English
words followed by pronounceable made-up ones (about 15,000 in all), so word frequencies, and so the work of a
word index, resemble a real book. The mix of units gives about 13-14 words per message, as in the issue's
reference measurements (3.6 k messages at 50 k words, 18.6 k at 250 k, 73 k at 1 M).

The same arguments always give the same bytes (``random.Random(seed)``, no clock, no hash randomisation).

    python benchmarks/generate.py OUT --words 250k [--seed 1] [--single]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

SIZES = {"50k": 50_000, "250k": 250_000, "1m": 1_000_000}
FIRST, SECOND, LANG = "first", "second", "es"
DATE = "2026-01-01 00:00+0000"

_CORE = """
the of and to in a is that for it as was with be by on not he this are or his from at which but have an they
you were her all she there would their we him been has when who will more no if out so said what up its about
into than them can only other new some could time these two may then do first any my now such like our over man
me even most made after also did many before must through back years where much your way well down should because
each just those people how too little state good very make world still own see men work long get here between both
life being under never day same another know while last might us great old year off come since against go came
right used take three support violence victims families community memory justice truth repair harm trust fear
grief care listen accompany accompaniment psychosocial political repression disappearance displacement detention
torture organisation process workshop collective strength hope dignity rights defenders women children territory
testimony silence body emotion group team practice context analysis approach tool concept example question
challenge role project transformation social psychology participant cycle reflection debate knowledge exchange
growth consolidation contribution commitment feedback model edition booklet series theory journey subject space
education struggle reparation solidarity pain anger witness impact damage coping path local partner dialogue
continent lesson valuable involvement development history identity relative search state authority institution
meeting network health healing wound loss mourning resistance survivor survival experience language voice story
""".split()  # noqa: SIM905 (a word list reads better as text)

_SYLLABLES = [
    c + v
    for c in ("b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "br", "tr", "pl", "st", "ch", "")
    for v in ("a", "e", "i", "o", "u", "ai", "ou", "ea")
]
_SPANISH = [
    c + v
    for c in ("b", "c", "d", "f", "g", "j", "l", "ll", "m", "n", "ñ", "p", "qu", "r", "rr", "s", "t", "v", "z", "")
    for v in ("a", "e", "i", "o", "u", "ia", "ue", "io")
]
_SPANISH_COMMON = {
    "the": "el",
    "of": "de",
    "and": "y",
    "to": "a",
    "in": "en",
    "a": "un",
    "is": "es",
    "that": "que",
    "for": "para",
    "it": "lo",
    "as": "como",
    "with": "con",
    "by": "por",
    "on": "sobre",
    "not": "no",
    "this": "esto",
    "are": "son",
    "or": "o",
    "from": "desde",
    "we": "nosotros",
    "our": "nuestro",
    "violence": "violencia",
    "victims": "víctimas",
    "memory": "memoria",
    "justice": "justicia",
    "accompaniment": "acompañamiento",
    "psychosocial": "psicosocial",
    "hope": "esperanza",
}
_PROTECTED = re.compile(r"\]\([^)]*\)|\[\^\w+\]|`[^`]*`|<[^>]*>")
_WORD = re.compile(r"[^\W\d_]+")


def _vocabulary(size: int, rng: random.Random) -> list[str]:
    words = list(dict.fromkeys(_CORE))
    seen = set(words)
    while len(words) < size:
        made = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3, 3, 3, 4))))
        if len(made) > 2 and made not in seen:
            seen.add(made)
            words.append(made)
    return words


def pseudo_translate(text: str) -> str:
    """A deterministic "Spanish" rendering of ``text``: every word replaced, markup, URLs and code kept."""
    out: list[str] = []
    cursor = 0
    for match in _PROTECTED.finditer(text):
        out.append(_WORD.sub(_translate_word, text[cursor : match.start()]))
        out.append(match.group(0))
        cursor = match.end()
    out.append(_WORD.sub(_translate_word, text[cursor:]))
    return "".join(out)


def _translate_word(match: re.Match[str]) -> str:
    word = match.group(0)
    lower = word.lower()
    result = _SPANISH_COMMON.get(lower)
    if result is None:
        code = zlib.crc32(lower.encode("utf-8"))
        count = 1 + (len(lower) + 1) // 3
        parts = []
        for _ in range(count):
            parts.append(_SPANISH[code % len(_SPANISH)])
            code //= len(_SPANISH)
            code ^= 0x5BD1E995 if code % 2 else 0
        result = "".join(parts) or lower
    if word[:1].isupper():
        result = result[:1].upper() + result[1:]
    return result


# -- the text -----------------------------------------------------------------------------------------------
@dataclass
class _Block:
    kind: str  # heading, paragraph, bullets, numbers, quote, table, code
    text: str = ""  # paragraph / heading inline text (the msgid), or code
    level: int = 0
    items: list[tuple[int, str]] = field(default_factory=list)  # (depth, text) for lists, rows for tables
    rows: list[list[str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # quotes


class _Writer:
    """Draws words and builds blocks; counts the prose words it produced."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        vocab_rng = random.Random(seed * 7919 + 17)
        self.vocab = _vocabulary(15_000, vocab_rng)
        weights = [1.0 / (rank + 2.7) ** 1.07 for rank in range(len(self.vocab))]
        self.cumulative = list(itertools.accumulate(weights))
        self.words = 0
        self.footnotes: list[str] = []
        self.links = 0

    def draw(self, count: int) -> list[str]:
        self.words += count
        return self.rng.choices(self.vocab, cum_weights=self.cumulative, k=count)

    def sentence(self, low: int = 6, high: int = 26, *, markup: bool = True) -> str:
        rng = self.rng
        words = self.draw(rng.randint(low, high))
        if markup and len(words) > 6:
            roll = rng.random()
            if roll < 0.18:
                i = rng.randrange(len(words) - 2)
                span = rng.randint(1, 2)
                words[i : i + span] = ["*" + " ".join(words[i : i + span]) + "*"]
            elif roll < 0.26:
                i = rng.randrange(len(words) - 2)
                words[i] = f"**{words[i]}**"
            elif roll < 0.36:
                i = rng.randrange(len(words) - 3)
                span = rng.randint(1, 3)
                self.links += 1
                slug = "-".join(w.strip("*") for w in words[i : i + span])
                words[i : i + span] = ["[" + " ".join(words[i : i + span]) + f"](https://example.org/{slug})"]
            elif roll < 0.40:
                i = rng.randrange(1, len(words))
                words[i] = f"`{words[i]}`"
            if len(words) > 8 and rng.random() < 0.3:
                i = rng.randrange(2, len(words) - 2)
                if words[i][-1].isalpha():
                    words[i] += ","
        first = words[0]
        words[0] = first[:1].upper() + first[1:] if first[:1].isalpha() else first
        end = "." if rng.random() < 0.88 else rng.choice(("?", "!", ":"))
        text = " ".join(words) + end
        if markup and rng.random() < 0.05:
            self.footnotes.append(self.sentence(8, 30, markup=False))
            text += f"[^{len(self.footnotes)}]"
        return text

    def paragraph(self) -> str:
        rng = self.rng
        shape = rng.random()
        if shape < 0.3:
            count = 1
        elif shape < 0.7:
            count = rng.randint(2, 3)
        else:
            count = rng.randint(4, 6)
        return " ".join(self.sentence() for _ in range(count))

    def title(self, low: int = 2, high: int = 7) -> str:
        words = self.draw(self.rng.randint(low, high))
        return " ".join(w.capitalize() if i == 0 or len(w) > 3 else w for i, w in enumerate(words))

    def item(self) -> str:
        if self.rng.random() < 0.5:
            return self.sentence(3, 14)
        return self.sentence(3, 8, markup=False).rstrip(".?!:")

    def block(self) -> _Block:
        rng = self.rng
        roll = rng.random()
        if roll < 0.58:
            return _Block("paragraph", self.paragraph())
        if roll < 0.72:
            items: list[tuple[int, str]] = []
            for _ in range(rng.randint(3, 7)):
                items.append((0, self.item()))
                if rng.random() < 0.12:
                    items.extend((1, self.item()) for _ in range(rng.randint(2, 3)))
            return _Block("bullets" if roll < 0.67 else "numbers", items=items)
        if roll < 0.79:
            return _Block("quote", paragraphs=[self.paragraph() for _ in range(rng.choice((1, 1, 2)))])
        if roll < 0.87:
            columns = rng.randint(2, 4)
            rows = [[self.title(1, 3) for _ in range(columns)]]
            for _ in range(rng.randint(3, 6)):
                rows.append([self.sentence(1, 6, markup=False).rstrip(".?!:") for _ in range(columns)])
            return _Block("table", rows=rows)
        if roll < 0.97:
            return _Block("heading", self.title(), level=3)
        lines = [f"let {w} = {rng.randint(1, 99)};" for w in rng.sample(self.vocab[:500], 3)]
        return _Block("code", "\n".join(lines))


def _wrap(text: str, width: int, prefix: str = "") -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(prefix) + len(current) + 1 + len(word) > width:
            lines.append(prefix + current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(prefix + current)
    return lines


def _render(blocks: list[_Block], footnotes: list[tuple[int, str]], wrap: bool) -> str:
    width = 72 if wrap else 10**9
    out: list[str] = []
    for block in blocks:
        if block.kind == "heading":
            out.append("#" * block.level + " " + block.text)
        elif block.kind == "paragraph":
            out.append("\n".join(_wrap(block.text, width)))
        elif block.kind in ("bullets", "numbers"):
            lines = []
            number = 0
            for depth, text in block.items:
                if depth == 0:
                    number += 1
                    marker = "-" if block.kind == "bullets" else f"{number}."
                else:
                    marker = "-"
                indent = "" if depth == 0 else (" " * (2 if block.kind == "bullets" else 3))
                hang = indent + " " * (len(marker) + 1)
                wrapped = _wrap(text, width)
                lines.append(f"{indent}{marker} {wrapped[0]}")
                lines.extend(hang + line for line in wrapped[1:])
            out.append("\n".join(lines))
        elif block.kind == "quote":
            parts = ["\n".join(_wrap(p, width, "> ")) for p in block.paragraphs]
            out.append("\n>\n".join(parts))
        elif block.kind == "table":
            header, *rows = block.rows
            lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
            lines.extend("| " + " | ".join(row) + " |" for row in rows)
            out.append("\n".join(lines))
        elif block.kind == "code":
            out.append("```rust\n" + block.text + "\n```")
    for number, text in footnotes:
        out.append(f"[^{number}]: " + "\n    ".join(_wrap(text, width - 4)))
    return "\n\n".join(out) + "\n"


@dataclass
class _Booklet:
    name: str
    blocks: list[_Block]
    footnotes: list[tuple[int, str]]
    wrap: bool


def _booklet(writer: _Writer, name: str, words: int, wrap: bool) -> _Booklet:
    rng = writer.rng
    writer.footnotes = []
    start = writer.words
    blocks = [_Block("heading", writer.title(3, 8), level=1)]
    blocks.append(_Block("paragraph", writer.paragraph()))
    while writer.words - start < words:
        blocks.append(_Block("heading", writer.title(), level=2))
        section_end = writer.words + rng.randint(500, 1500)
        while writer.words < section_end and writer.words - start < words:
            blocks.append(writer.block())
    footnotes = list(enumerate(writer.footnotes, start=1))
    return _Booklet(name, blocks, footnotes, wrap)


def _second_edition(writer: _Writer, booklet: _Booklet, truth: dict[str, list[object]]) -> _Booklet:
    """~10 % of paragraphs edited (a few words), ~3 % removed, ~3 % new ones added after a block."""
    rng = writer.rng
    blocks: list[_Block] = []
    for block in booklet.blocks:
        if block.kind == "paragraph" and len(blocks) > 1:
            roll = rng.random()
            if roll < 0.03:
                truth["removed"].append(block.text)
                continue
            if roll < 0.13:
                edited = _edit(writer, block.text)
                truth["edited"].append([block.text, edited])
                block = _Block("paragraph", edited)
        blocks.append(block)
        if block.kind == "paragraph" and rng.random() < 0.03:
            added = writer.paragraph()
            truth["added"].append(added)
            blocks.append(_Block("paragraph", added))
    return _Booklet(booklet.name, blocks, booklet.footnotes, booklet.wrap)


def _edit(writer: _Writer, text: str) -> str:
    """Change a few plain words (never markup) of a paragraph."""
    rng = writer.rng
    tokens = text.split(" ")
    plain = [i for i, t in enumerate(tokens) if t.isalpha() and t.islower()]
    if not plain:
        return text + " " + writer.sentence(3, 6, markup=False)
    changes = min(len(plain), rng.randint(1, 3) + len(tokens) // 60)
    for i in rng.sample(plain, changes):
        replacement = tokens[i]
        while replacement == tokens[i]:
            replacement = writer.draw(1)[0]
        tokens[i] = replacement
    if rng.random() < 0.2:
        tokens.append(writer.sentence(3, 8, markup=False))
    return " ".join(tokens)


# -- the project --------------------------------------------------------------------------------------------
@dataclass
class Generated:
    root: Path
    words: int  # prose words of the first edition
    booklets: list[str]
    messages: int  # messages in the first edition's catalogs
    edited: int
    removed: int
    added: int


CONFIG = """\
# Generated by benchmarks/generate.py: a synthetic booklet project for the speed benchmarks.
source_language = "en"
locales = ["es"]

[editions.first]
path = "source/first"

[editions.second]
path = "source/second"
"""


def _split(words: int, rng: random.Random, single: bool) -> list[int]:
    if single or words < 20_000:
        return [words]
    count = max(1, round(words / 15_000))
    shares = [rng.uniform(0.7, 1.3) for _ in range(count)]
    total = sum(shares)
    return [max(1, round(words * s / total)) for s in shares]


def generate(root: Path, words: int, *, seed: int = 1, single: bool = False, translate: bool = True) -> Generated:
    """Write the project (see the module docstring) into ``root``; the same arguments give the same bytes."""
    writer = _Writer(seed)
    sizes = _split(words, writer.rng, single)
    width = max(2, len(str(len(sizes))))
    first_dir = root / "source" / FIRST
    second_dir = root / "source" / SECOND
    first_dir.mkdir(parents=True, exist_ok=True)
    second_dir.mkdir(parents=True, exist_ok=True)
    (root / "keys-l10n.toml").write_text(CONFIG, encoding="utf-8")
    truth: dict[str, dict[str, list[object]]] = {}
    names: list[str] = []
    texts: dict[str, str] = {}
    for index, size in enumerate(sizes, start=1):
        name = "book" if single else f"booklet-{index:0{width}d}"
        names.append(name)
        booklet = _booklet(writer, name, size, wrap=index % 2 == 0)
        text = _render(booklet.blocks, booklet.footnotes, booklet.wrap)
        texts[name] = text
        (first_dir / f"{name}.md").write_text(text, encoding="utf-8")
        changes: dict[str, list[object]] = {"edited": [], "removed": [], "added": []}
        saved_words = writer.words
        second = _second_edition(writer, booklet, changes)
        writer.words = saved_words
        (second_dir / f"{name}.md").write_text(_render(second.blocks, second.footnotes, second.wrap), encoding="utf-8")
        truth[name] = changes
    (root / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    messages = _write_translations(root, texts) if translate else 0
    return Generated(
        root=root,
        words=writer.words,
        booklets=names,
        messages=messages,
        edited=sum(len(t["edited"]) for t in truth.values()),
        removed=sum(len(t["removed"]) for t in truth.values()),
        added=sum(len(t["added"]) for t in truth.values()),
    )


def _write_translations(root: Path, texts: dict[str, str]) -> int:
    """The first edition's catalogs for ``es``, every message translated by ``pseudo_translate``."""
    from keys_l10n import __version__
    from keys_l10n.adapters.po_write import serialize
    from keys_l10n.core.markdown import segment
    from keys_l10n.core.model import Catalog
    from keys_l10n.core.template import build_template, po_header

    folder = root / "locale" / FIRST / LANG
    folder.mkdir(parents=True, exist_ok=True)
    messages = 0
    for name, text in texts.items():
        path = f"source/{FIRST}/{name}.md"
        template = build_template(name, FIRST, path, segment(text), date=DATE, version=__version__)
        header = po_header(
            template,
            lang=LANG,
            language_name="Spanish",
            plural_forms="nplurals=2; plural=(n != 1);",
            version=__version__,
        )
        entries = tuple(e.changed(msgstr=pseudo_translate(e.msgid)) for e in template.entries)
        messages += len(entries)
        (folder / f"{name}.po").write_bytes(serialize(Catalog(entries=entries, header=header)))
    return messages


def parse_size(text: str) -> int:
    """``50k``, ``250k``, ``1m`` or a plain number of words."""
    lowered = text.strip().lower()
    if lowered in SIZES:
        return SIZES[lowered]
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([km]?)", lowered)
    if not match:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 50k, 250k, 1m or 12000)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[match.group(2)]
    return int(float(match.group(1)) * factor)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder of the new project (must not exist or be empty)")
    parser.add_argument("--words", type=parse_size, default=SIZES["50k"], help="50k, 250k, 1m or a number")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--single", action="store_true", help="one booklet holding all the words")
    args = parser.parse_args(argv)
    if args.out.exists() and any(args.out.iterdir()):
        parser.error(f"{args.out} is not empty")
    result = generate(args.out, args.words, seed=args.seed, single=args.single)
    print(
        f"{result.root}: {result.words} words in {len(result.booklets)} booklets, {result.messages} messages; "
        f"second edition: {result.edited} paragraphs edited, {result.removed} removed, {result.added} added"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
