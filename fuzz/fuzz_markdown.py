"""libFuzzer (atheris) target for the Markdown walker: only MarkdownError may come out of ``segment``, and
rendering with no translations gives back the input exactly.

    .venv/bin/python fuzz/fuzz_markdown.py -max_total_time=300

Without a corpus folder on the command line, a temporary one is seeded with the shipped booklets.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from keys_l10n.core.errors import MarkdownError
    from keys_l10n.core.markdown import segment
from keys_l10n.core.markdown_render import render

ROOT = Path(__file__).resolve().parents[1]


def test_one_input(data: bytes) -> None:
    text = data.decode("utf-8", "replace")
    try:
        units = segment(text)
    except MarkdownError:
        return
    size = len(text.encode("utf-8"))
    for unit in units:
        if not 0 <= unit.start <= unit.end <= size:
            raise AssertionError(f"unit outside the text: {unit}")
    if render(text, lambda _seg: None) != text:
        raise AssertionError("identity render changed the text")


def _seed_corpus() -> str:
    folder = Path(tempfile.mkdtemp(prefix="keys-l10n-fuzz-md-"))
    for k, path in enumerate(sorted((ROOT / "source").rglob("*.md"))):
        shutil.copyfile(path, folder / f"seed-{k:03d}")
    return str(folder)


def main() -> None:
    argv = list(sys.argv)
    if not any(not arg.startswith("-") for arg in argv[1:]):
        argv.append(_seed_corpus())
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
