"""The history of a folder of catalogs in git, read from the object database (GitPython; nothing checked out).

For each commit that touched the folder (oldest first) it gives the blob id of every catalog present and the
catalogs the commit changed against its first parent. Trees are listed once per tree id and blobs are read by id,
so callers can cache whatever they compute from a blob. A shallow clone works: a commit whose parent is not in
the clone (a shallow boundary) counts every catalog present as changed by it; so does a repository's first commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path, PurePosixPath
from typing import Any

from ..core.errors import EditionError
from .gitrepo import open_repo


@dataclass(frozen=True, slots=True)
class CommitSnapshot:
    """Catalog blobs at one commit. Paths are relative to the project root (POSIX)."""

    sha: str
    date: str  # committer date, ISO 8601 with offset
    author: str
    email: str
    summary: str
    files: dict[str, str]  # path -> blob id
    changed: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)  # path -> (old, new) blob


@dataclass
class CatalogHistory:
    snapshots: list[CommitSnapshot]
    shallow: bool
    read_blob: Callable[[str], bytes]


def _relative_root(repo: Any, root: Path) -> PurePosixPath:
    work = Path(repo.working_tree_dir or root).resolve()
    here = root.resolve()
    if not here.is_relative_to(work):
        raise EditionError(f"{root} is not inside the git working tree {work}")
    return PurePosixPath(here.relative_to(work).as_posix())


def since_instant(since: str) -> str:
    """``YYYY-MM-DD`` as the first instant of that day in the local time zone, ISO 8601 with its offset.

    git reads a bare date as "that day at the current time of day", so a commit made on the morning of the day
    would be left out in the afternoon; the user means the whole day. Other forms go to git unchanged.
    """
    try:
        day = date.fromisoformat(since)
    except ValueError:
        return since
    return datetime.combine(day, time.min).astimezone().isoformat()


def catalog_history(
    root: Path, folder: str, keep: Callable[[str], bool], *, since: str | None = None, revision: str = "HEAD"
) -> CatalogHistory:
    """Snapshots of the catalogs under ``folder`` (relative to ``root``) for which ``keep(path)`` is true.

    ``since`` keeps the commits made from that day on: a date ``YYYY-MM-DD`` means the start of that day in the
    local time zone (``TZ``), see :func:`since_instant`; anything else is passed to git as is (``2 weeks ago``).
    An empty repository has no snapshots; a revision that does not exist is an EditionError.
    """
    import git
    from gitdb.exc import BadName, BadObject

    repo = open_repo(root)
    base = _relative_root(repo, root)
    repo_folder = (base / folder) if folder not in ("", ".") else base
    repo_folder_str = "" if str(repo_folder) == "." else str(repo_folder)
    try:
        repo.commit(revision)
    except (BadName, BadObject, ValueError, git.GitCommandError):
        if revision == "HEAD" and not repo.head.is_valid():
            return CatalogHistory([], False, lambda _sha: b"")
        raise EditionError(f"git revision {revision!r} does not exist", hint="check `git log`") from None
    shallow_file = Path(repo.git_dir) / "shallow"
    boundary = set(shallow_file.read_text().split()) if shallow_file.exists() else set()
    options: dict[str, Any] = {"since": since_instant(since)} if since else {}
    paths = [repo_folder_str] if repo_folder_str else []
    commits = list(repo.iter_commits(revision, paths=paths, **options))
    commits.reverse()

    tree_cache: dict[str, dict[str, str]] = {}
    prefix = f"{base}/" if str(base) != "." else ""

    def files_at(commit: Any) -> dict[str, str]:
        try:
            tree = commit.tree / repo_folder_str if repo_folder_str else commit.tree
        except KeyError:
            return {}
        if tree.type != "tree":
            return {}
        cached = tree_cache.get(tree.hexsha)
        if cached is None:
            cached = {}
            for item in _blobs(tree):
                path = item.path[len(prefix) :] if prefix and item.path.startswith(prefix) else item.path
                if keep(path):
                    cached[path] = item.hexsha
            tree_cache[tree.hexsha] = cached
        return cached

    snapshots = []
    for commit in commits:
        files = files_at(commit)
        parent_files: dict[str, str] = {}
        if commit.parents and commit.hexsha not in boundary:
            try:
                parent_files = files_at(commit.parents[0])
            except (BadName, BadObject, ValueError):  # parent missing from a shallow or grafted history
                parent_files = {}
        changed = {
            path: (parent_files.get(path), files.get(path))
            for path in sorted(set(files) | set(parent_files))
            if parent_files.get(path) != files.get(path)
        }
        snapshots.append(
            CommitSnapshot(
                sha=commit.hexsha,
                date=commit.committed_datetime.isoformat(),
                author=commit.author.name or "",
                email=commit.author.email or "",
                summary=str(commit.summary),
                files=files,
                changed=changed,
            )
        )

    def read_blob(sha: str) -> bytes:
        return bytes(repo.odb.stream(bytes.fromhex(sha)).read())

    return CatalogHistory(snapshots, bool(boundary), read_blob)


def _blobs(tree: Any) -> Iterator[Any]:
    for item in tree.traverse():
        if item.type == "blob":
            yield item
