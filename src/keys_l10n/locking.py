"""One writer per project at a time: an advisory lock file created with O_EXCL.

The lock file holds the owner's pid and host. A lock whose process no longer exists on this host (a run that
was killed) is stale and is cleared; a live one is waited for up to ``timeout`` seconds, then refused with a
clear message. gettext, polib, babel and translate-toolkit take no locks, so two `update` runs could otherwise
interleave their writes.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from .errors import ConflictError

LOCK_NAME = ".keys-l10n.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner(path: Path) -> tuple[int, str] | None:
    try:
        pid_text, _, host = path.read_text(encoding="utf-8").partition(" ")
        return int(pid_text), host.strip()
    except (OSError, ValueError):
        return None


@contextlib.contextmanager
def project_lock(root: Path, *, timeout: float | None = None, poll: float = 0.1) -> Iterator[Path]:
    """Hold the project's lock while the block runs; wait up to ``timeout`` seconds (default: the
    KEYS_L10N_LOCK_TIMEOUT environment variable, else 30) for another run to finish."""
    if timeout is None:
        try:
            timeout = float(os.environ.get("KEYS_L10N_LOCK_TIMEOUT", "30"))
        except ValueError:
            timeout = 30.0
    path = root / LOCK_NAME
    deadline = time.monotonic() + timeout
    me = f"{os.getpid()} {socket.gethostname()}\n"
    while True:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            owner = _owner(path)
            if owner is not None and owner[1] == socket.gethostname() and not _alive(owner[0]):
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()  # stale: its process was killed
                continue
            if owner is None and time.time() - _mtime(path) > 60:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()  # unreadable and old: a writer died between create and write
                continue
            if time.monotonic() >= deadline:
                who = f"pid {owner[0]} on {owner[1]}" if owner else "another process"
                raise ConflictError(
                    f"another keys-l10n run ({who}) is working on this project",
                    path=path,
                    hint="wait for it to finish; if no run is active, delete the lock file",
                ) from None
            time.sleep(poll)
            continue
        try:
            os.write(fd, me.encode("utf-8"))
        finally:
            os.close(fd)
        break
    try:
        yield path
    finally:
        with contextlib.suppress(FileNotFoundError):
            if path.read_text(encoding="utf-8") == me:
                path.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()
