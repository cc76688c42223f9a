"""Regenerate ``expected.po`` of every case here with GNU msgmerge (the reference the tests compare with).

Each case: ``old.po``, ``new.pot``, ``args`` (msgmerge options, e.g. ``--previous -C compendium.po``) and maybe
``compendium.po``. Run from anywhere: ``python tests/data/msgmerge/generate.py`` (needs gettext's msgmerge).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    msgmerge = shutil.which("msgmerge")
    if msgmerge is None:
        raise SystemExit("msgmerge (GNU gettext) is not installed")
    for case in sorted(p for p in HERE.iterdir() if p.is_dir()):
        args = (case / "args").read_text(encoding="utf-8").split()
        subprocess.run([msgmerge, "-q", *args, "old.po", "new.pot", "-o", "expected.po"], cwd=case, check=True)
        print(f"wrote {case.name}/expected.po")


if __name__ == "__main__":
    main()
