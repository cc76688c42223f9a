"""Editions kept as git revisions of a folder: the only module that imports GitPython.

Files are read from the object database (``tree / path``), never by checking anything out, so the working
tree is untouched and a shallow clone, a detached HEAD or a bare repository work as well.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from ..core.errors import EditionError


def open_repo(root: Path):  # type: ignore[no-untyped-def]
    """The git repository that holds ``root`` (or one of its parents), as a GitPython ``Repo``."""
    import git

    try:
        return git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise EditionError(
            f"{root} is not inside a git repository", hint="editions given as git revisions need git"
        ) from None


def read_markdown_at(root: Path, revision: str, folder: str) -> dict[str, tuple[str, bytes]]:
    """``{booklet: (path in repo, bytes)}`` for every ``*.md`` directly in ``folder`` at ``revision``."""
    import git

    repo = open_repo(root)
    try:
        commit = repo.commit(revision)
        commit.tree  # noqa: B018  (loads the commit: in a shallow clone HEAD~1 names a commit that is not there)
    except (git.BadName, ValueError, git.GitCommandError):
        raise EditionError(f"git revision {revision!r} does not exist", hint="check `git log` / `git tag`") from None
    work = Path(repo.working_tree_dir or root).resolve()
    relative = (
        PurePosixPath((root / folder).resolve().relative_to(work).as_posix())
        if (root / folder).resolve().is_relative_to(work)
        else PurePosixPath(folder)
    )
    try:
        tree = commit.tree / str(relative) if str(relative) not in ("", ".") else commit.tree
    except KeyError:
        raise EditionError(f"folder {str(relative)!r} is not in git revision {revision!r}") from None
    if tree.type != "tree":
        raise EditionError(f"{str(relative)!r} is a file, not a folder, in git revision {revision!r}")
    out: dict[str, tuple[str, bytes]] = {}
    for blob in tree.blobs:
        if blob.name.endswith(".md"):
            out[blob.name[:-3]] = (blob.path, blob.data_stream.read())
    return out
