"""libFuzzer (atheris) target for the PO reader: coverage-guided, for long runs beside the hypothesis tests.

Only CatalogError may come out of ``parse_catalog``; what parses must write back to bytes that parse again to
the same messages, and writing those again must change nothing.

    .venv/bin/pip install atheris            # optional; not a dependency of the package
    .venv/bin/python fuzz/fuzz_po.py -max_total_time=300
    .venv/bin/python fuzz/fuzz_po.py -max_total_time=300 -jobs=2 -workers=2

Without a corpus folder on the command line, a temporary one is seeded with the shipped catalogs and
../shared/bad-po (libFuzzer adds the new inputs it finds to the first corpus folder, so never pass locale/).
A crash is saved as ``crash-<sha1>`` in the current folder: turn it into a regression test in
tests/reliability/test_rel_fuzz.py.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from keys_l10n.adapters.po import parse_catalog
    from keys_l10n.adapters.po_write import serialize
    from keys_l10n.core.errors import CatalogError

ROOT = Path(__file__).resolve().parents[1]


def _fields(catalog):  # type: ignore[no-untyped-def]
    return [(e.msgctxt, e.msgid, e.msgid_plural, e.msgstr, e.msgstr_plural, e.obsolete) for e in catalog.entries]


def test_one_input(data: bytes) -> None:
    try:
        result = parse_catalog(data, "fuzz.po")
    except CatalogError:
        return
    written = serialize(result.catalog)
    again = parse_catalog(written, "fuzz.po").catalog
    if _fields(again) != _fields(result.catalog):
        raise AssertionError("written catalog reads back differently")
    if serialize(again) != written:
        raise AssertionError("writing what we wrote changed it")


def _seed_corpus() -> str:
    folder = Path(tempfile.mkdtemp(prefix="keys-l10n-fuzz-po-"))
    seeds = list((ROOT / "locale").rglob("*.po*")) + list((ROOT.parent / "shared" / "bad-po").glob("*.po"))
    for k, path in enumerate(sorted(seeds)):
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
