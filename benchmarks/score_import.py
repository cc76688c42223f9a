"""How far `import` can be trusted: precision and coverage of its *final* (not fuzzy) translations.

Every chapter of Comprehensive Rust (the corpus in ``../shared``) is translated (real Spanish and Brazilian
Portuguese, pseudo Japanese, Chinese and Arabic derived from the Spanish: ``import_cases.py``), damaged (notes
and paragraphs added, captions moved, paragraphs split, merged, dropped and re-wrapped) and imported with
``importer.plan_import``. Against the known answers:

- **final precision**: of the units given a final translation, the share given exactly the right one;
- **coverage**: of the units that have a translation in the damaged text, the share given a final one;
- **precision / recall** of everything produced, final or fuzzy;
- **added reported**: of the blocks the translation added, the share listed as added (not glued to a unit).

    python benchmarks/score_import.py                      # all scripts, seeds 1-2, 6 % of units damaged
    python benchmarks/score_import.py --scripts ja,ar --seeds 1 --rate 0.1 --show-wrong 5
    python benchmarks/score_import.py --form docx --scripts es,ja    # the same translations as Word files

With ``--form html`` the translation is our own build's page (``html.render_html``), with ``--form docx`` a
Word file made with python-docx (``import_cases.markdown_to_docx``); both are read as `import` reads them, and
a translation counts as right when it differs only in the Markdown spelling of emphasis and escapes.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_cases import SCRIPTS, Case, cases, markdown_to_docx
from keys_l10n.adapters.html import PageInfo, render_html
from keys_l10n.adapters.published import docx_to_html, html_to_markdown
from keys_l10n.core.anchors import link_references
from keys_l10n.core.importer import plan_import, prepare_translation
from keys_l10n.core.markdown import segment

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "comprehensive-rust" / "B"


def norm(text: str) -> str:
    return " ".join(text.split())


def norm_markup(text: str) -> str:
    """The same text whatever the Markdown spelling of emphasis and escapes (``_a_`` and ``*a*``), and without the
    backticks of code, which a word processor's hyperlinks lose (a limit of the generated DOCX, not of import)."""
    return norm(re.sub(r" +\]", "]", text.replace("\\", "").replace("*", "").replace("_", "").replace("`", "")))


def published(markdown: str, form: str) -> str:
    """The damaged translation in the form it is published in, read back as `import` reads it."""
    if form == "html":
        return html_to_markdown(render_html(markdown, PageInfo("booklet", "B", "es", 1.0)))
    if form == "docx":
        return html_to_markdown(docx_to_html(markdown_to_docx(markdown), "booklet.docx"))
    return markdown


@dataclass
class Score:
    units: int = 0  # units with a translation in the damaged text
    final: int = 0
    final_right: int = 0
    produced: int = 0
    right: int = 0
    added: int = 0
    added_reported: int = 0

    def add(self, other: Score) -> None:
        for name in vars(self):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def row(self, label: str) -> str:
        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:6.2f} %" if b else "     - "

        return (
            f"| {label:12} | {self.units:6} | {self.final:6} | {pct(self.final_right, self.final)} "
            f"| {pct(self.final, self.units)} | {pct(self.right, self.produced)} | {pct(self.right, self.units)} "
            f"| {self.added_reported:3} / {self.added:3} |"
        )


HEADER = (
    "| case         |  units |  final | final right | coverage | precision | recall   | added reported |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|"
)


def score_case(case: Case, wrong: list[str], form: str = "md") -> Score:
    source = segment(case.source)
    translation = published(case.text, form)
    target = prepare_translation(segment(translation))
    same = norm if form == "md" else norm_markup
    plan = plan_import(source, target, link_references(translation) | link_references(case.source))
    s = Score()
    for i, want in case.expected.items():
        if want is not None:
            s.units += 1
        got = plan.translations.get(i)
        if got is None:
            continue
        ok = want is not None and same(got[0]) == same(want)
        s.produced += 1
        s.right += ok
        if got[1]:
            s.final += 1
            s.final_right += ok
            if not ok:
                wrong.append(f"{case.name}/{case.script} unit {i} {case.log}\n  want {want!r}\n  got  {got[0]!r}")
    texts = [same(target[j].text) for j in plan.added]
    for block in case.added:
        s.added += 1
        s.added_reported += same(block) in texts
    return s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scripts", default=",".join(SCRIPTS))
    parser.add_argument("--seeds", default="1,2")
    parser.add_argument("--rate", type=float, default=0.06, help="share of units damaged (default 0.06)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--form", default="md", choices=("md", "html", "docx"), help="published form read")
    parser.add_argument("--show-wrong", type=int, default=0, help="print this many wrong final translations")
    args = parser.parse_args()
    scripts = tuple(args.scripts.split(","))
    totals: dict[str, Score] = {s: Score() for s in scripts}
    wrong: list[str] = []
    for seed in (int(s) for s in args.seeds.split(",")):
        for case in cases(args.corpus, scripts=scripts, seed=seed, rate=args.rate):
            totals[case.script].add(score_case(case, wrong, args.form))
    everything = Score()
    print(HEADER)
    for script, value in totals.items():
        everything.add(value)
        print(value.row(script))
    print(everything.row("all"))
    for line in wrong[: args.show_wrong]:
        print(line)


if __name__ == "__main__":
    main()
