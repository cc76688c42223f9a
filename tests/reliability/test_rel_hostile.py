"""Hostile and broken input: one clear `error:` line, a non-zero exit, no traceback and nothing written.

Cases: every ../shared/bad-po file through `update` and `migrate`; Markdown that is not UTF-8, has NUL bytes or
is binary, and Markdown that is valid but extreme (unclosed fences, 1 MB lines, 10,000-deep nesting: must work,
fast); broken configurations; git editions that cannot be read; read-only files and folders; TMX files with XML
entities; a 200 MB catalog.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from reliability_support import (
    BAD_PO,
    GIT,
    cli_command,
    cli_env,
    copy_shipped,
    digest,
    make_big_project,
    msgfmt_accepts,
)
from typer.testing import CliRunner

import keys_l10n.cli  # noqa: F401  (registers every command)
from keys_l10n.adapters.locking import LOCK_NAME
from keys_l10n.adapters.po import parse_catalog
from keys_l10n.cli.app import app
from keys_l10n.core.errors import CatalogError

runner = CliRunner()
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600", "KEYS_L10N_LOCK_TIMEOUT": "2"}


def invoke(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--project", str(root), *args], env=EPOCH)


def assert_refused(result, root: Path | None = None, before: dict[str, str] | None = None, *, says: str = "") -> str:  # type: ignore[no-untyped-def]
    """One `error:` line (plus an optional `hint:`), exit 1, no traceback, nothing written; returns the line."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.stderr
    others = [line for line in result.stderr.splitlines() if not line.startswith(("error:", "hint:"))]
    assert not others, result.stderr
    assert says.lower() in errors[0].lower(), errors[0]
    if root is not None and before is not None:
        after = digest(root)
        after.pop(LOCK_NAME, None)
        assert after == before, "files were written: " + ", ".join(
            sorted(k for k in set(after) | set(before) if after.get(k) != before.get(k))
        )
    return errors[0]


def _project_needing_writes(tmp_path: Path) -> Path:
    """The shipped project with two more booklets and no 2021 catalogs: update and migrate have much to write."""
    return make_big_project(tmp_path / "p", 2)


# -- ../shared/bad-po ------------------------------------------------------------------------------------------
def _invalid_cases() -> list[str]:
    if not BAD_PO.is_dir():
        return []
    out = []
    for path in sorted(BAD_PO.glob("*.po")):
        try:
            parse_catalog(path.read_bytes(), path)
        except CatalogError:
            out.append(path.name)
    return out


INVALID = _invalid_cases()


@pytest.mark.skipif(not BAD_PO.is_dir(), reason="../shared/bad-po is absent")
def test_bad_po_cases_are_found() -> None:
    # the syntax cases; the 8 cases only msgfmt --check rejects are read with a warning (tests/test_badpo.py)
    assert len(INVALID) >= 20


@pytest.mark.skipif(not BAD_PO.is_dir(), reason="../shared/bad-po is absent")
@pytest.mark.parametrize("case", INVALID)
@pytest.mark.parametrize("command", ["update", "migrate"])
def test_bad_po_case_stops_the_run_before_any_write(case: str, command: str, tmp_path: Path) -> None:
    root = _project_needing_writes(tmp_path)
    # the last catalog the run reaches: everything before it would be written if the run wrote as it went
    bad = root / "locale" / "2014" / "fr" / "presentation.po"
    shutil.copyfile(BAD_PO / case, bad)
    before = digest(root)
    args = ("update",) if command == "update" else ("migrate", "2014", "2021")
    line = assert_refused(invoke(root, *args), root, before)
    assert line.startswith(f"error: {bad}:"), line


# -- Markdown ----------------------------------------------------------------------------------------------------
def _markdown_project(tmp_path: Path, booklet: bytes, name: str = "zz-hostile.md") -> tuple[Path, Path]:
    root = copy_shipped(tmp_path / "p")
    for pot in root.glob("locale/*/*.pot"):
        pot.unlink()  # extract has templates to write before it meets the hostile booklet
    path = root / "source" / "2021" / name
    path.write_bytes(booklet)
    return root, path


_PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + random.Random(7).randbytes(4096)

BROKEN_MARKDOWN = {
    "latin-1": ("# Título\n\nCafé con leche.\n".encode("latin-1"), "not UTF-8"),
    "nul-byte": (b"# Title\n\nText\x00 with a NUL.\n", "NUL"),
    "binary": (_PNG, ""),
    "utf-16": ("# Title\n\nText.\n".encode("utf-16"), ""),
}


@pytest.mark.parametrize("case", sorted(BROKEN_MARKDOWN))
@pytest.mark.parametrize("command", ["extract", "update"])
def test_broken_markdown_is_refused(case: str, command: str, tmp_path: Path) -> None:
    data, says = BROKEN_MARKDOWN[case]
    root, path = _markdown_project(tmp_path, data)
    before = digest(root)
    line = assert_refused(invoke(root, command), root, before, says=says)
    assert line.startswith("error: source/2021/zz-hostile.md:"), line  # relative to the project folder
    assert path.is_file()


EXTREME_MARKDOWN = {
    "unclosed-fence": "# Title\n\nBefore.\n\n```python\ncode that never ends\n\nstill code\n",
    "1mb-line-words": "# Title\n\n" + "word " * 200_000 + "\n",
    "1mb-line-no-space": "# Title\n\n" + "x" * 1_000_000 + "\n",
    "deep-quotes": "> " * 10_000 + "deep\n",
    "deep-lists": "- " * 10_000 + "deep\n",
    "deep-ordered": "1. " * 10_000 + "deep\n",
    "deep-mixed": "> - " * 5_000 + "deep\n",
    "deep-emphasis": "*" * 10_000 + "x" + "*" * 10_000 + "\n",
    "deep-brackets": "[" * 10_000 + "x" + "]" * 10_000 + "\n",
    "deep-html": "<div>" * 10_000 + "\n\ntext\n",
    "many-quote-levels": "".join("> " * i + f"level {i}\n\n" for i in range(1, 200)),
}


@pytest.mark.parametrize("case", sorted(EXTREME_MARKDOWN))
def test_extreme_but_valid_markdown_works_fast(case: str, tmp_path: Path) -> None:
    root, _ = _markdown_project(tmp_path, EXTREME_MARKDOWN[case].encode("utf-8"))
    start = time.monotonic()
    result = invoke(root, "extract")
    elapsed = time.monotonic() - start
    assert result.exit_code == 0, result.output
    assert elapsed < 20, f"{case}: extract took {elapsed:.1f} s"
    pot = root / "locale" / "2021" / "zz-hostile.pot"
    ok, message = msgfmt_accepts(pot.read_bytes(), tmp_path / "msgfmt", pot.name)
    assert ok, message
    if case == "unclosed-fence":
        assert b'msgid "Before."' in pot.read_bytes() and b"never ends" not in pot.read_bytes()
    result = invoke(root, "update", "--edition", "2021")
    assert result.exit_code == 0, result.output


# -- configuration --------------------------------------------------------------------------------------------
GOOD_EDITIONS = '[editions.2014]\npath = "source/2014"\n\n[editions.2021]\npath = "source/2021"\n'

BROKEN_CONFIGS = {
    "unknown-key": ('source_language = "en"\nlocales = ["es"]\ncolour = "blue"\n' + GOOD_EDITIONS, "unknown key"),
    "unknown-edition-key": (
        'locales = ["es"]\n[editions.2014]\npath = "source/2014"\nbranch = "x"\n',
        "unknown key editions.2014.branch",
    ),
    "locales-not-a-list": ('locales = "es"\n' + GOOD_EDITIONS, "locales"),
    "locale-not-a-string": ("locales = [1]\n" + GOOD_EDITIONS, "locales"),
    "source-language-number": ('source_language = 5\nlocales = ["es"]\n' + GOOD_EDITIONS, "source_language"),
    "editions-not-a-table": ('locales = ["es"]\neditions = 3\n', "editions"),
    "edition-not-a-table": ('locales = ["es"]\n[editions]\n2014 = "source/2014"\n', "editions.2014"),
    "path-number": ('locales = ["es"]\n[editions.2014]\npath = 3\n', "path"),
    "path-escapes": ('locales = ["es"]\n[editions.2014]\npath = "../../etc"\n', "outside the project"),
    "path-absolute": ('locales = ["es"]\n[editions.2014]\npath = "/etc"\n', "outside the project"),
    "git-path-escapes": (
        'locales = ["es"]\n[editions.2014]\npath = "../../etc"\ngit = "HEAD"\n',
        "outside the project",
    ),
    "build-dir-escapes": ('locales = ["es"]\nbuild_dir = "../../tmp/out"\n' + GOOD_EDITIONS, "outside the project"),
    "po-pattern-escapes": (
        'locales = ["es"]\npo_pattern = "../../{edition}/{lang}/{booklet}.po"\n' + GOOD_EDITIONS,
        "outside the project",
    ),
    "po-pattern-without-lang": (
        'locales = ["es"]\npo_pattern = "locale/{edition}/{booklet}.po"\n' + GOOD_EDITIONS,
        "{lang}",
    ),
    "po-pattern-unknown-field": (
        'locales = ["es"]\npo_pattern = "locale/{edition}/{lang}/{booklet}{x}.po"\n' + GOOD_EDITIONS,
        "po_pattern",
    ),
    "duplicate-locales": ('locales = ["es", "fr", "es"]\n' + GOOD_EDITIONS, "twice"),
    "duplicate-after-normalising": ('locales = ["pt-BR", "pt_BR"]\n' + GOOD_EDITIONS, "twice"),
    "invalid-locale": ('locales = ["es", "xx-INVALID"]\n' + GOOD_EDITIONS, "locales"),
    "empty-locale": ('locales = [""]\n' + GOOD_EDITIONS, "locales"),
    "missing-edition-folder": ('locales = ["es"]\n[editions.2030]\npath = "source/2030"\n', "does not exist"),
    "toml-syntax": ('locales = ["es"\n' + GOOD_EDITIONS, "TOML"),
}


@pytest.mark.parametrize("case", sorted(BROKEN_CONFIGS))
def test_broken_configuration_is_refused(case: str, tmp_path: Path) -> None:
    text, says = BROKEN_CONFIGS[case]
    root = copy_shipped(tmp_path / "p")
    (root / "keys-l10n.toml").write_text(text, encoding="utf-8")
    for po in (root / "locale" / "2021").glob("*/*.po"):
        po.unlink()
    before = digest(root)
    line = assert_refused(invoke(root, "update"), root, before, says=says)
    assert "keys-l10n.toml" in line


def test_configuration_not_utf8_is_refused(tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "p")
    (root / "keys-l10n.toml").write_bytes('locales = ["es"]\n# café\n'.encode("utf-16"))
    before = digest(root)
    assert_refused(invoke(root, "update"), root, before)


def test_edition_folder_symlinked_outside_the_project_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n\nNot part of the project.\n", encoding="utf-8")
    root = copy_shipped(tmp_path / "p")
    (root / "source" / "elsewhere").symlink_to(outside, target_is_directory=True)
    with (root / "keys-l10n.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[editions.x]\npath = "source/elsewhere"\n')
    before = digest(root)
    assert_refused(invoke(root, "extract"), root, before, says="outside the project")


def test_booklet_symlinked_outside_the_project_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("# Secret\n\nTOP-SECRET-VALUE\n", encoding="utf-8")
    root = copy_shipped(tmp_path / "p")
    (root / "source" / "2021" / "zz-link.md").symlink_to(secret)
    before = digest(root)
    result = invoke(root, "extract")
    assert_refused(result, root, before, says="outside the project")
    assert "TOP-SECRET" not in result.output
    # a link inside the project is fine (a booklet shared by two editions)
    (root / "source" / "2021" / "zz-link.md").unlink()
    (root / "source" / "2021" / "zz-link.md").symlink_to(root / "source" / "2014" / "presentation.md")
    assert invoke(root, "extract").exit_code == 0


# -- git editions ---------------------------------------------------------------------------------------------
def _git(*args: str, cwd: Path) -> str:
    assert GIT is not None
    proc = subprocess.run(
        [GIT, "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(cwd)},
    )
    return proc.stdout.strip()


def _git_edition(root: Path, revision: str, folder: str = "source/2014") -> None:
    with (root / "keys-l10n.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'\n[editions.old]\npath = "{folder}"\ngit = "{revision}"\n')


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if GIT is None:
        pytest.skip("git is not installed")
    root = copy_shipped(tmp_path / "repo")
    _git("init", "-q", cwd=root)
    _git("add", "-A", cwd=root)
    _git("commit", "-q", "-m", "first", cwd=root)
    (root / "source" / "2014" / "presentation.md").write_text("# Changed later\n\nSecond commit.\n", encoding="utf-8")
    _git("commit", "-q", "-am", "second", cwd=root)
    return root


@pytest.mark.parametrize(
    ("revision", "folder", "says"),
    [
        ("no-such-revision", "source/2014", "does not exist"),
        ("HEAD~5", "source/2014", "does not exist"),
        ("HEAD", "source/nowhere", "not in git revision"),
        ("HEAD:source", "source/2014", ""),
    ],
)
def test_git_edition_that_cannot_be_read_is_refused(
    repo: Path, revision: str, folder: str, says: str, tmp_path: Path
) -> None:
    _git_edition(repo, revision, folder)
    before = digest(repo)
    assert_refused(invoke(repo, "extract", "--edition", "old"), repo, before, says=says)


def test_compare_with_a_missing_git_revision_is_refused(repo: Path) -> None:
    before = digest(repo)
    assert_refused(invoke(repo, "compare", "git:no-such-rev:source/2014", "2021"), repo, before, says="does not exist")


def test_git_edition_in_a_shallow_clone(repo: Path, tmp_path: Path) -> None:
    shallow = tmp_path / "shallow"
    _git("clone", "-q", "--depth", "1", f"file://{repo}", str(shallow), cwd=tmp_path)
    _git_edition(shallow, "HEAD")
    result = invoke(shallow, "extract", "--edition", "old")
    assert result.exit_code == 0, result.output
    assert b"Changed later" in (shallow / "locale" / "old" / "presentation.pot").read_bytes()
    (shallow / "keys-l10n.toml").write_text(
        (shallow / "keys-l10n.toml").read_text(encoding="utf-8").replace('git = "HEAD"', 'git = "HEAD~1"'),
        encoding="utf-8",
    )
    before = digest(shallow)
    assert_refused(invoke(shallow, "extract", "--edition", "old"), shallow, before, says="does not exist")


def test_git_edition_with_a_detached_head(repo: Path) -> None:
    _git("switch", "-q", "--detach", "HEAD~1", cwd=repo)
    _git_edition(repo, "HEAD")
    result = invoke(repo, "extract", "--edition", "old")
    assert result.exit_code == 0, result.output
    pot = (repo / "locale" / "old" / "presentation.pot").read_bytes()
    assert b"Keys towards Psychosocial Accompaniment" in pot and b"Changed later" not in pot
    assert _git("status", "--porcelain", "--", "source", cwd=repo) == ""  # the working tree was not touched


def test_git_edition_in_a_repository_without_commits(tmp_path: Path) -> None:
    if GIT is None:
        pytest.skip("git is not installed")
    root = copy_shipped(tmp_path / "empty-repo")
    _git("init", "-q", cwd=root)
    _git_edition(root, "HEAD")
    before = digest(root)
    assert_refused(invoke(root, "extract", "--edition", "old"), root, before, says="does not exist")


def test_git_edition_outside_any_repository(tmp_path: Path) -> None:
    if GIT is None:
        pytest.skip("git is not installed")
    root = copy_shipped(tmp_path / "no-repo")
    _git_edition(root, "HEAD")
    before = digest(root)
    result = runner.invoke(
        app,
        ["--project", str(root), "extract", "--edition", "old"],
        env={**EPOCH, "GIT_CEILING_DIRECTORIES": str(tmp_path)},
    )
    assert_refused(result, root, before, says="git")


# -- read-only files and folders --------------------------------------------------------------------------------
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
CHATTR = shutil.which("chattr")


def _make_read_only(path: Path) -> None:
    """chmod for normal users; for root (who ignores permission bits) the immutable attribute, or skip."""
    if not IS_ROOT:
        path.chmod(0o555 if path.is_dir() else 0o444)
        return
    if CHATTR is None:
        pytest.skip("running as root without chattr: root ignores permission bits, read-only cannot be tested")
    proc = subprocess.run([CHATTR, "+i", str(path)], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"running as root and chattr +i is not supported here: {proc.stderr.strip()}")


def _undo_read_only(path: Path) -> None:
    if IS_ROOT and CHATTR is not None:
        subprocess.run([CHATTR, "-i", str(path)], capture_output=True, check=False)
    elif path.exists():
        path.chmod(0o755 if path.is_dir() else 0o644)


@pytest.mark.parametrize("what", ["file", "folder"])
@pytest.mark.parametrize("command", ["update", "migrate"])
def test_read_only_catalog_or_folder_is_refused(what: str, command: str, tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "p")
    (root / "locale" / "2021" / "presentation.pot").unlink()
    with (root / "source" / "2021" / "presentation.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph added after the catalogs were made.\n")
    target = root / "locale" / "2021" / "fr" / "presentation.po"
    locked = target if what == "file" else target.parent
    before = digest(root)
    _make_read_only(locked)
    try:
        args = ("update",) if command == "update" else ("migrate", "2014", "2021")
        assert_refused(invoke(root, *args), root, before, says="read-only")
        assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    finally:
        _undo_read_only(locked)


# -- TMX with XML entities --------------------------------------------------------------------------------------
_TU = '<tu><tuv xml:lang="en"><seg>{src}</seg></tuv><tuv xml:lang="es"><seg>{dst}</seg></tuv></tu>'
_HEADER = (
    '<header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" o-tmf="x" '
    'creationtool="x" creationtoolversion="1"/>'
)


def _tmx(doctype: str, src: str, prefix: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prefix}{doctype}\n<tmx version="1.4">{_HEADER}<body>'
        + _TU.format(src=src, dst="hola")
        + "</body></tmx>\n"
    )


def _laughs() -> str:
    ents = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    return f"<!DOCTYPE tmx [{ents}]>"


@pytest.mark.parametrize("case", ["xxe", "billion-laughs", "xxe-after-long-comment", "laughs-after-long-comment"])
def test_tmx_with_entities_is_refused(case: str, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    padding = "<!--" + " padding" * 10_000 + " -->\n" if "comment" in case else ""
    if case.startswith("xxe"):
        text = _tmx(f'<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file://{secret}">]>', "Hello &xxe;", padding)
    else:
        text = _tmx(_laughs(), "Hello &l9;", padding)
    source = tmp_path / "partner.tmx"
    source.write_text(text, encoding="utf-8")
    root = copy_shipped(tmp_path / "p")
    before = digest(root)
    start = time.monotonic()
    result = invoke(root, "tm", "import", str(source), "--lang", "es")
    assert time.monotonic() - start < 10
    assert_refused(result, root, before, says="entit")
    assert "TOP-SECRET" not in result.output


def test_tmx_with_an_external_dtd_does_not_read_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY leak "TOP-SECRET-VALUE">', encoding="utf-8")
    source = tmp_path / "partner.tmx"
    source.write_text(_tmx(f'<!DOCTYPE tmx SYSTEM "file://{secret}">', "Hello"), encoding="utf-8")
    root = copy_shipped(tmp_path / "p")
    result = invoke(root, "tm", "import", str(source), "--lang", "es")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    for path in root.rglob("*"):
        assert not path.is_file() or b"TOP-SECRET" not in path.read_bytes()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_tbx_glossary_with_entities_is_refused(encoding: str, tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "p")
    folder = root / "glossary"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("es.*"):
        old.unlink()
    (folder / "es.tbx").write_text(
        f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n<!DOCTYPE martif [<!ENTITY a "accompaniment">]>\n'
        '<martif type="TBX" xml:lang="en"><text><body><termEntry>'
        '<langSet xml:lang="en"><tig><term>&a;</term></tig></langSet>'
        '<langSet xml:lang="es"><tig><term>acompañamiento</term></tig></langSet>'
        "</termEntry></body></text></martif>\n",
        encoding=encoding,
    )
    before = digest(root)
    assert_refused(invoke(root, "check", "--lang", "es"), root, before, says="entities")


# -- a 200 MB catalog -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("command", ["update", "migrate"])
def test_200_mb_catalog_is_refused_without_eating_memory(command: str, tmp_path: Path) -> None:
    root = copy_shipped(tmp_path / "p")
    huge = root / "locale" / "2021" / "es" / "presentation.po"
    with huge.open("r+b") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB of size, no disk used
    for po in (root / "locale" / "2021" / "fr").glob("*.po"):
        po.unlink()  # so the run has something else to write, which it must not
    # (hashing 200 MB would be slow: names and sizes tell whether anything was written)
    listing = {p: p.stat().st_size for p in root.rglob("*") if p.is_file()}
    args = ("update",) if command == "update" else ("migrate", "2014", "2021")
    # The peak memory of the command alone: GNU time forks it from its own small process. (wait4 on a child of
    # pytest would count pytest's memory at the fork, which grows over the session.)
    gnu_time = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    report = tmp_path / "peak.txt"
    prefix = [gnu_time, "-f", "%M", "-o", str(report)] if gnu_time else []
    start = time.monotonic()
    proc = subprocess.run(
        [*prefix, *cli_command(root, *args)], env=cli_env(), capture_output=True, text=True, check=False
    )
    elapsed = time.monotonic() - start
    err = proc.stderr
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    assert err.startswith(f"error: {huge}: catalog is 200 MB"), err
    if gnu_time:
        peak_mb = int(report.read_text().split()[-1]) / 1024
        print(f"\nreliability 200 MB catalog ({command}): refused in {elapsed:.2f} s, peak memory {peak_mb:.0f} MB")
        assert peak_mb < 250, f"peak memory {peak_mb:.0f} MB"
    assert elapsed < 15
    assert {p: p.stat().st_size for p in root.rglob("*") if p.is_file()} == listing
