"""Helpers of the reliability suite: project copies, snapshots, the command as a subprocess, gettext checks.

(Named ``reliability_support`` rather than ``conftest`` so it never shadows ``tests/conftest.py`` on sys.path.)
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
PROJECT = TESTS.parent
SHIPPED = TESTS / "data" / "project"  # the frozen copy of the shipped project (see conftest.py)
SHARED = PROJECT.parent / "shared"
BAD_PO = SHARED / "bad-po"

FIXED_EPOCH = "1767225600"  # 2026-01-01 00:00 UTC
MSGFMT = shutil.which("msgfmt")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
GIT = shutil.which("git")

CATALOG_SUFFIXES = (".po", ".pot")


def copy_shipped(root: Path) -> Path:
    """The shipped project (configuration, sources, catalogs) copied to ``root``."""
    root.mkdir(parents=True)
    shutil.copy2(SHIPPED / "keys-l10n.toml", root / "keys-l10n.toml")
    shutil.copytree(SHIPPED / "source", root / "source")
    shutil.copytree(SHIPPED / "locale", root / "locale")
    return root


def make_big_project(root: Path, booklets: int) -> Path:
    """The shipped project plus ``booklets`` generated booklets in both editions.

    Each generated booklet is a copy of ``presentation.md`` of its edition, and its 2014 catalogs are copies of
    the shipped (translated) 2014 catalogs, so ``update`` rewrites every 2014 catalog (the ``#:`` references
    change) and ``migrate 2014 2021`` has real translations to carry.
    """
    copy_shipped(root)
    for i in range(booklets):
        for edition in ("2014", "2021"):
            shutil.copyfile(
                SHIPPED / "source" / edition / "presentation.md", root / "source" / edition / f"gen{i:02d}.md"
            )
        for lang in ("es", "fr"):
            shutil.copyfile(
                SHIPPED / "locale" / "2014" / lang / "presentation.po",
                root / "locale" / "2014" / lang / f"gen{i:02d}.po",
            )
    for po in (root / "locale" / "2021").glob("*/*.po"):
        po.unlink()  # the new edition's catalogs are created by update / migrate: real writing
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (relative POSIX path -> bytes), ignoring nothing."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def digest(root: Path) -> dict[str, str]:
    """Every file under ``root`` -> sha256 (for before/after comparisons of whole trees)."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def catalogs(state: dict[str, bytes]) -> dict[str, bytes]:
    """The visible catalogs of a snapshot: ``*.po`` and ``*.pot``, not the hidden ``.NAME.XXXX.tmp`` files."""
    return {k: v for k, v in state.items() if k.endswith(CATALOG_SUFFIXES) and not k.rsplit("/", 1)[-1].startswith(".")}


def restore(root: Path, state: dict[str, bytes]) -> None:
    """Put the tree back to ``state`` (files not in it are removed; hidden temp leftovers are kept)."""
    for path in sorted(root.rglob("*"), reverse=True):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel not in state and not path.name.endswith(".tmp"):
            path.unlink()
    for rel, data in state.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)


def cli_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"SOURCE_DATE_EPOCH": FIXED_EPOCH, "KEYS_L10N_LOCK_TIMEOUT": "5", "COLUMNS": "200"})
    env.pop("PYTHONWARNINGS", None)
    env.update(extra)
    return env


def cli_command(root: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "keys_l10n.cli", "--project", str(root), *args]


def run_cli(
    root: Path, *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cli_command(root, *args),
        capture_output=True,
        text=True,
        env=env if env is not None else cli_env(),
        timeout=timeout,
        check=False,
    )


_MSGFMT_OK: dict[str, bool] = {}


def msgfmt_accepts(data: bytes, tmp: Path, name: str) -> tuple[bool, str]:
    """``msgfmt --check`` on these bytes (cached by content: a byte-identical file gives the same answer)."""
    if MSGFMT is None:
        return True, "msgfmt absent"
    key = hashlib.sha256(data).hexdigest()
    if key in _MSGFMT_OK:
        return _MSGFMT_OK[key], ""
    tmp.mkdir(parents=True, exist_ok=True)
    path = tmp / f"{key[:16]}-{name.rsplit('/', 1)[-1]}"
    path.write_bytes(data)
    proc = subprocess.run(
        [MSGFMT, "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    _MSGFMT_OK[key] = proc.returncode == 0
    return proc.returncode == 0, proc.stderr
