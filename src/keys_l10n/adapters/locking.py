"""One writer per project at a time: the lock file ``.keys-l10n.lock`` in the project folder.

Where the system has ``flock`` (Linux, macOS, the BSDs) the file is locked with it: the kernel releases the lock
when its process ends, however it ends, so a run that was killed never leaves a lock behind, and clearing stale
locks cannot race (with pid files alone, two runs that find the same stale lock can both remove it and both go
on: seen once in 40 trials of 6 runs). Elsewhere the file is created with O_EXCL, and a lock whose process no
longer exists on this host is stale and cleared.

The file holds the owner's pid and host, for the message. A live lock is waited for up to ``timeout`` seconds,
then refused with a clear message. A lock file naming another host (a shared folder) is respected, never
cleared: only that host knows whether its run is alive. gettext, polib, babel and translate-toolkit take no
locks, so two `update` runs could otherwise interleave their writes.
"""

from __future__ import annotations

import contextlib
import os
import socket
import time
from collections.abc import Iterator
from pathlib import Path

from ..core.errors import ConflictError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".keys-l10n.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _parse_owner(text: str) -> tuple[int, str] | None:
    pid_text, _, host = text.partition(" ")
    try:
        return int(pid_text), host.strip()
    except ValueError:
        return None


def _owner(path: Path) -> tuple[int, str] | None:
    try:
        return _parse_owner(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _refuse(path: Path, owner: tuple[int, str] | None) -> ConflictError:
    who = f"pid {owner[0]} on {owner[1]}" if owner else "another process"
    return ConflictError(
        f"another keys-l10n run ({who}) is working on this project",
        path=path,
        hint="wait for it to finish; if no run is active, delete the lock file",
    )


def _timeout(timeout: float | None) -> float:
    if timeout is not None:
        return timeout
    try:
        return float(os.environ.get("KEYS_L10N_LOCK_TIMEOUT", "30"))
    except ValueError:
        return 30.0


@contextlib.contextmanager
def project_lock(root: Path, *, timeout: float | None = None, poll: float = 0.1) -> Iterator[Path]:
    """Hold the project's lock while the block runs; wait up to ``timeout`` seconds (default: the
    KEYS_L10N_LOCK_TIMEOUT environment variable, else 30) for another run to finish."""
    path = root / LOCK_NAME
    deadline = time.monotonic() + _timeout(timeout)
    me = f"{os.getpid()} {socket.gethostname()}\n"
    fd = _flock(path, me, deadline, poll) if fcntl is not None else None
    if fd is None:
        with _exclusive_file(path, me, deadline, poll):
            yield path
        return
    try:
        yield path
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # while still locked: a run waiting on this file sees it gone and starts over
        os.close(fd)


def _flock(path: Path, me: str, deadline: float, poll: float) -> int | None:
    """An open descriptor of the lock file, locked by us, holding our pid and host; None when the file system
    cannot flock (some network shares)."""
    assert fcntl is not None
    host = socket.gethostname()
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise _refuse(path, _owner(path)) from None
            time.sleep(poll)
            continue
        except OSError:  # ENOLCK, EOPNOTSUPP: fall back to the pid file alone
            os.close(fd)
            return None
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if not same:  # the holder removed the file as we opened it: lock the new one
            os.close(fd)
            continue
        content = os.pread(fd, 4096, 0).decode("utf-8", "replace")
        owner = _parse_owner(content)
        if owner is not None and owner[1] != host:  # another machine's run, on a shared folder
            os.close(fd)
            if time.monotonic() >= deadline:
                raise _refuse(path, owner)
            time.sleep(poll)
            continue
        # no lock held, so whatever the file says is stale (a killed run, or an empty file): ours now
        os.ftruncate(fd, 0)
        os.pwrite(fd, me.encode("utf-8"), 0)
        return fd


@contextlib.contextmanager
def _exclusive_file(path: Path, me: str, deadline: float, poll: float) -> Iterator[None]:
    """Without flock: a lock file created with O_EXCL; stale when its pid is gone on this host."""
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
                raise _refuse(path, owner) from None
            time.sleep(poll)
            continue
        try:
            os.write(fd, me.encode("utf-8"))
        finally:
            os.close(fd)
        break
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            if path.read_text(encoding="utf-8") == me:
                path.unlink()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return time.time()
