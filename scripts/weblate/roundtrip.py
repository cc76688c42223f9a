"""Round trip against a real Weblate: keys-l10n and Weblate take turns on one git repository.

Run by ``make test-weblate`` with the Python of the checkout's ``.venv`` (so it tests this checkout's keys-l10n):

1. install pinned Weblate into its own virtual environment under ``.weblate/`` (kept: a second run is fast);
2. start a private PostgreSQL cluster (Unix socket in a temporary folder, as the ``postgres`` user) and Weblate's
   server on 127.0.0.1 (a free port), Celery eager and the cache in memory, as Weblate's own tests do;
3. copy the shipped project into a temporary git repository (a bare one Weblate clones and pushes to), with one
   extra catalog holding a plural message, and create the components with ``keys-l10n weblate --apply``;
4. keys-l10n -> Weblate: ``keys-l10n migrate 2014 2021`` commits, Weblate pulls, its counts equal ours;
5. Weblate -> keys-l10n: a new translation, an approved fuzzy one and a plural one saved through the REST API,
   committed and pushed by Weblate; its commit changes only the header and the edited entries, ``keys-l10n
   update`` then changes nothing (no ping-pong), ``check`` and ``build`` work, and the counts agree.

Every server started here is stopped at the end (also on failure or Ctrl-C). Each check prints ``ok`` or
``FAIL`` with its step; the last line is ``N passed, N failed``; the exit code is 1 when anything failed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".weblate"
VENV = CACHE / "venv"
PINS = (
    "Weblate[postgres]==5.14.3",  # psycopg: Weblate refuses SQLite
    "PyGObject<3.51",  # 3.51 needs girepository-2.0, which Debian 12 lacks
    "GitPython==3.1.45",  # 3.1.62 writes a broken fetch refspec
    "django-otp<1.7",  # 1.7 gives HTTP 500 on every request of Weblate 5.14
)
# What Weblate's source packages build against (PyGObject, pycairo, borgbackup), and the database server.
APT = (
    "pkg-config",
    "libcairo2-dev",
    "libgirepository1.0-dev",
    "gir1.2-pango-1.0",
    "gir1.2-rsvg-2.0",
    "libacl1-dev",
    "libssl-dev",
    "liblz4-dev",
    "libzstd-dev",
    "libxxhash-dev",
    "libxml2-dev",
    "libxmlsec1-dev",
    "postgresql",
    "git",
)
KEYS_L10N = [sys.executable, "-m", "keys_l10n.cli"]
PROJECT = "keys"
ADMIN = "admin"
ADMIN_EMAIL = "ana.translator@example.org"

RESULTS: list[tuple[str, bool, str]] = []
STEP = ["start"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def check(name: str, ok: bool, detail: str = "") -> None:
    RESULTS.append((f"{STEP[0]}: {name}", ok, detail))
    print(f"{'ok  ' if ok else 'FAIL'} {STEP[0]}: {name}{'' if ok else ': ' + detail}", flush=True)


@contextmanager
def step(name: str) -> Iterator[None]:
    STEP[0] = name
    started = time.monotonic()
    log(f"== {name}")
    try:
        yield
    except StepFailed:
        raise
    except Exception as exc:
        check("completed", False, f"{exc}\n{traceback.format_exc(limit=4)}")
        raise StepFailed(name) from exc
    log(f"   {name}: {time.monotonic() - started:.1f} s")


class StepFailed(Exception):
    """A step failed and was reported: the later steps cannot run."""


def sh(args: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None, check_rc: bool = True) -> str:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if check_rc and result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args[:6])} exited {result.returncode}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    return result.stdout


# -- installing --------------------------------------------------------------------------------------------------


def python311() -> str:
    for name in ("python3.11", "python3.12", "python3.13", "python3"):
        path = shutil.which(name)
        if path and sh([path, "-c", "import sys; print(sys.version_info >= (3, 11))"]).strip() == "True":
            return path
    raise RuntimeError("Weblate 5.14 needs Python 3.11 or newer")


def install_system_packages() -> None:
    libraries = ["cairo", "gobject-introspection-1.0", "liblz4", "libzstd", "libxxhash", "libacl"]
    need_build = (
        not shutil.which("pkg-config") or subprocess.run(["pkg-config", "--exists", *libraries]).returncode != 0
    )
    typelibs = Path("/usr/lib/x86_64-linux-gnu/girepository-1.0")
    need_build = need_build or not all(
        (typelibs / f"{name}.typelib").is_file() for name in ("Rsvg-2.0", "PangoCairo-1.0")
    )
    if need_build or not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")) or not shutil.which("git"):
        log("installing Debian packages: " + " ".join(APT))
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        sh(["apt-get", "update", "-qq"], env=env)
        sh(["apt-get", "install", "-y", "-qq", *APT], env=env)


def install_weblate() -> None:
    install_system_packages()  # also for a kept venv: PostgreSQL and the typelibs are needed at run time
    stamp = CACHE / "installed.txt"
    if stamp.is_file() and stamp.read_text() == "\n".join(PINS) and (VENV / "bin" / "weblate").is_file():
        log("Weblate already installed in .weblate/venv")
        return
    shutil.rmtree(VENV, ignore_errors=True)
    CACHE.mkdir(exist_ok=True)
    sh([python311(), "-m", "venv", str(VENV)])
    pip = [str(VENV / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    sh([*pip, "--upgrade", "pip"])
    sh([*pip, *PINS])
    stamp.write_text("\n".join(PINS))


# -- servers -----------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Servers:
    """PostgreSQL and Weblate, started by us and stopped by ``stop`` whatever happened."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.pgdata = tmp / "pgdata"
        self.socket_dir = tmp / "pgsocket"
        self.bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        self.pg_started = False
        self.weblate: subprocess.Popen[bytes] | None = None
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="keys_weblate_settings",
            PYTHONPATH=str(tmp),
            HOME=str(tmp / "home"),
        )
        self.env.pop("VIRTUAL_ENV", None)

    def as_postgres(self, args: list[str]) -> str:
        if os.geteuid() == 0:
            return sh(["runuser", "-u", "postgres", "--", *args])
        return sh(args)

    def start_postgres(self) -> None:
        for folder in (self.pgdata, self.socket_dir):
            folder.mkdir()
            if os.geteuid() == 0:
                shutil.chown(folder, "postgres", "postgres")
        os.chmod(self.tmp, 0o755)
        self.as_postgres(
            [str(self.bin / "initdb"), "-D", str(self.pgdata), "-A", "trust", "-U", "weblate", "-E", "UTF8"]
        )
        options = f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
        self.as_postgres(
            [
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.pgdata),
                "-o",
                options,
                "-w",
                "-l",
                str(self.pgdata / "log"),
                "start",
            ]
        )
        self.pg_started = True
        self.as_postgres([str(self.bin / "createdb"), "-h", str(self.socket_dir), "-U", "weblate", "weblate"])

    def write_settings(self) -> None:
        (self.tmp / "home").mkdir()
        settings = f"""
from weblate.settings_example import *  # noqa: F403

DEBUG = False
SECRET_KEY = "keys-l10n-test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SITE_DOMAIN = "127.0.0.1:{self.port}"
ENABLE_HTTPS = False
OTP_WEBAUTHN_RP_NAME = "keys-l10n test"
OTP_WEBAUTHN_RP_ID = "localhost"
OTP_WEBAUTHN_ALLOWED_ORIGINS = ["https://localhost"]
VCS_BACKENDS = ("weblate.vcs.git.GitRepository", "weblate.vcs.git.LocalRepository")
WEBLATE_MACHINERY = ()
DATA_DIR = {str(self.tmp / "data")!r}
CACHE_DIR = {str(self.tmp / "data" / "cache")!r}
STATIC_ROOT = {str(self.tmp / "static")!r}
MEDIA_ROOT = {str(self.tmp / "data" / "media")!r}
DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql", "NAME": "weblate", "USER": "weblate",
    "PASSWORD": "", "HOST": {str(self.socket_dir)!r}, "PORT": ""}}}}
CACHES = {{"default": {{"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    "avatar": {{"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = "memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
VCS_ALLOW_SCHEMES = {{"https", "ssh", "file"}}
VCS_CLONE_DEPTH = 0
VCS_FILE_PROTOCOL = True
VCS_API_DELAY = 0
VCS_RESTRICT_PRIVATE = False
ENABLE_AVATARS = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
REQUIRE_LOGIN = False
RATELIMIT_ATTEMPTS = 100000
API_RATELIMIT = None
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = []  # noqa: F405
"""
        (self.tmp / "keys_weblate_settings.py").write_text(settings)

    def manage(self, *args: str) -> str:
        return sh([str(VENV / "bin" / "weblate"), *args], env=self.env)

    def migrate(self) -> None:
        """Weblate's first `migrate` (a minute on a loaded machine) once; then its dump, kept in .weblate/."""
        dump = CACHE / f"migrated-{hashlib.sha256(repr(PINS).encode()).hexdigest()[:12]}.dump"
        work = self.socket_dir / "db.dump"  # the postgres user writes and reads it there
        psql = ["-h", str(self.socket_dir), "-U", "weblate"]
        if dump.is_file():
            shutil.copy(dump, work)
            os.chmod(work, 0o644)
            self.as_postgres([str(self.bin / "pg_restore"), *psql, "-d", "weblate", "--no-owner", str(work)])
            log("   database restored from the dump of an earlier run's migrate")
        started = time.monotonic()
        # Also after a restore: nothing to migrate then, but its hooks set up DATA_DIR (git identity, ...).
        self.manage("migrate", "--noinput")
        log(f"   migrate: {time.monotonic() - started:.1f} s")
        if dump.is_file():
            return
        self.as_postgres([str(self.bin / "pg_dump"), *psql, "-Fc", "-f", str(work), "weblate"])
        shutil.copy(work, dump)

    def start_weblate(self) -> str:
        self.write_settings()
        self.migrate()
        self.manage(
            "createadmin",
            "--update",
            "--username",
            ADMIN,
            "--password",
            "keys-l10n-test",
            "--email",
            ADMIN_EMAIL,
            "--name",
            "Ana Translator",
        )
        token = (
            self.manage(
                "shell",
                "-c",
                "from weblate.auth.models import User; from rest_framework.authtoken.models import Token; "
                f"print(Token.objects.get_or_create(user=User.objects.get(username={ADMIN!r}))[0].key)",
            )
            .strip()
            .splitlines()[-1]
        )
        log_file = open(self.tmp / "weblate.log", "wb")  # noqa: SIM115 (closed with the process)
        self.weblate = subprocess.Popen(
            [str(VENV / "bin" / "weblate"), "runserver", "--noreload", "--nothreading", f"127.0.0.1:{self.port}"],
            env=self.env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.weblate.poll() is not None:
                raise RuntimeError(f"Weblate's server stopped:\n{(self.tmp / 'weblate.log').read_text()[-3000:]}")
            try:
                urllib.request.urlopen(self.url + "/api/", timeout=5).read()
                return token
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        raise RuntimeError("Weblate's server did not answer within 120 s")

    def stop(self) -> None:
        if self.weblate is not None and self.weblate.poll() is None:
            os.killpg(self.weblate.pid, signal.SIGTERM)
            try:
                self.weblate.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.weblate.pid, signal.SIGKILL)
                self.weblate.wait()
            log("Weblate stopped")
        if self.pg_started:
            self.as_postgres([str(self.bin / "pg_ctl"), "-D", str(self.pgdata), "-m", "fast", "-w", "stop"])
            self.pg_started = False
            log("PostgreSQL stopped")


# -- Weblate's REST API ------------------------------------------------------------------------------------------


class Api:
    def __init__(self, url: str, token: str) -> None:
        self.url, self.token = url, token

    def __call__(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", f"Token {self.token}")
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=300) as response:
                payload = response.read()
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"{method} {path}: HTTP {exc.code}: {exc.read()[:2000]!r}") from None
        return json.loads(payload) if payload else None

    def units(self, component: str, lang: str) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        page: str | None = f"/api/translations/{PROJECT}/{component}/{lang}/units/"
        while page:
            answer = self("GET", page)
            found.extend(answer["results"])
            page = answer["next"][answer["next"].index("/api/") :] if answer["next"] else None
        return found

    def repository(self, operation: str) -> None:
        answer = self("POST", f"/api/projects/{PROJECT}/repository/", {"operation": operation})
        if not answer.get("result"):
            raise RuntimeError(f"Weblate's repository operation {operation!r} failed: {answer}")

    def stats(self, component: str, lang: str) -> dict[str, int]:
        data = self("GET", f"/api/translations/{PROJECT}/{component}/{lang}/statistics/")
        return {"total": data["total"], "translated": data["translated"], "fuzzy": data["fuzzy"]}


# -- the project under test --------------------------------------------------------------------------------------

PLURAL_POT = """\
msgid ""
msgstr ""
"Project-Id-Version: counts 2021\\n"
"POT-Creation-Date: 2026-01-01 00:00+0000\\n"
"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"
"Last-Translator: FULL NAME <EMAIL@ADDRESS>\\n"
"Language-Team: LANGUAGE <LL@li.org>\\n"
"Language: \\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"

#: counts:1
msgid "one booklet"
msgid_plural "{n} booklets"
msgstr[0] ""
msgstr[1] ""

#: counts:2
msgid "Keys"
msgstr ""
"""


def plural_po(lang: str) -> str:
    rule = "nplurals=2; plural=(n != 1);" if lang == "es" else "nplurals=2; plural=(n > 1);"
    return (
        PLURAL_POT.replace('"Language: \\n"', f'"Language: {lang}\\n"')
        .replace("#: counts:1\n", "#: counts:1\n#, keys-l10n-ignore:numbers\n")
        .replace("nplurals=INTEGER; plural=EXPRESSION;", rule)
        .replace("YEAR-MO-DA HO:MI+ZONE", "2026-01-01 00:00+0000")
    )


def git(repo: Path, *args: str) -> str:
    return sh(["git", "-c", "user.name=Maintainer", "-c", "user.email=maintainer@example.org", *args], cwd=repo)


def make_project(tmp: Path) -> tuple[Path, Path]:
    """A working clone of a copy of the shipped project, and the bare repository Weblate uses."""
    work = tmp / "work"
    work.mkdir()
    for name in ("keys-l10n.toml", "source", "locale", "glossary"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, work / name)
        elif (ROOT / name).is_file():
            shutil.copy2(ROOT / name, work / name)
    extra = work / "extra"
    (extra / "es").mkdir(parents=True)
    (extra / "fr").mkdir(parents=True)
    (extra / "counts.pot").write_text(PLURAL_POT)
    for lang in ("es", "fr"):
        (extra / lang / "counts.po").write_text(plural_po(lang))
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "The shipped project")
    bare = tmp / "repo.git"
    sh(["git", "clone", "-q", "--bare", str(work), str(bare)])
    git(work, "remote", "add", "origin", str(bare))
    git(work, "fetch", "-q", "origin")
    git(work, "branch", "-q", "--set-upstream-to=origin/main", "main")
    return work, bare


def keys_l10n(work: Path, *args: str, check_rc: bool = True) -> str:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), COLUMNS="120")
    result = subprocess.run([*KEYS_L10N, *args], cwd=work, env=env, capture_output=True, text=True)
    if check_rc and result.returncode != 0:
        raise RuntimeError(f"keys-l10n {' '.join(args)} exited {result.returncode}:\n{result.stdout}{result.stderr}")
    return result.stdout


def our_counts(work: Path) -> dict[tuple[str, str, str], dict[str, int]]:
    data = json.loads(keys_l10n(work, "stats", "--format", "json"))
    return {
        (c["edition"], c["lang"], c["booklet"]): {k: c["messages"][k] for k in ("total", "translated", "fuzzy")}
        for c in data["catalogs"]
    }


def compare_counts(api: Api, work: Path, components: list[dict[str, Any]]) -> None:
    ours = our_counts(work)
    for component in components:
        edition, booklet = component["name"].split(" ")[1], component["name"].split(" ")[0]
        for lang in ("es", "fr"):
            theirs = api.stats(component["slug"], lang)
            mine = ours[(edition, lang, booklet)]
            check(f"counts of {component['slug']}/{lang}", theirs == mine, f"Weblate {theirs}, keys-l10n {mine}")


def entries_changed(work: Path, before: str, after: str, path: str) -> tuple[bool, set[str]]:
    """Whether the header changed, and the msgids of the entries whose text changed between two commits."""
    sys.path.insert(0, str(ROOT / "src"))
    from keys_l10n.adapters.po import parse_catalog

    def read(rev: str) -> Any:
        data = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=work, capture_output=True, check=True).stdout
        return parse_catalog(data, Path(path)).catalog

    old, new = read(before), read(after)
    old_entries = {(e.msgctxt, e.msgid): e for e in old.entries}
    changed = set()
    for entry in new.entries:
        previous = old_entries.pop((entry.msgctxt, entry.msgid), None)
        if previous is None or entry.raw is None or previous.raw != entry.raw:
            changed.add(entry.msgid)
    changed.update(msgid for _, msgid in old_entries)
    header_changed = old.header is None or new.header is None or old.header.raw != new.header.raw
    return header_changed, changed


def run(tmp: Path) -> None:
    with step("install Weblate"):
        install_weblate()
    servers = Servers(tmp)
    try:
        with step("start PostgreSQL"):
            servers.start_postgres()
        with step("start Weblate"):
            token = servers.start_weblate()
        api = Api(servers.url, token)
        with step("create the project"):
            work, bare = make_project(tmp)
            setup = json.loads(keys_l10n(work, "weblate", "--repo", f"file://{bare}"))
            check("keys-l10n weblate: one component per booklet and edition", len(setup["components"]) == 2)
            print(
                keys_l10n(
                    work,
                    "weblate",
                    "--repo",
                    f"file://{bare}",
                    "--website",
                    "https://example.org/keys",
                    "--apply",
                    servers.url,
                    "--token",
                    token,
                ),
                end="",
            )
            # The plural catalog is no booklet: a component of its own, sharing the repository.
            extra = dict(
                setup["components"][-1],
                name="counts",
                slug="counts",
                filemask="extra/*/counts.po",
                new_base="extra/counts.pot",
                check_flags="",
                enforced_checks=[],
                repo=f"weblate://{PROJECT}/{setup['components'][0]['slug']}",
            )
            api("POST", f"/api/projects/{PROJECT}/components/", extra)
            components = setup["components"]
            listed = {c["slug"] for c in api("GET", f"/api/projects/{PROJECT}/components/")["results"]}
            # Weblate adds a glossary component of its own to every project.
            expected = {c["slug"] for c in components} | {"counts", "glossary"}
            check("components exist in Weblate", listed == expected, str(listed))
            compare_counts(api, work, components)

        with step("keys-l10n migrate -> Weblate pull"):
            keys_l10n(work, "migrate", "2014", "2021")
            git(work, "commit", "-q", "-am", "keys-l10n migrate 2014 2021")
            git(work, "push", "-q", "origin", "main")
            api.repository("pull")
            compare_counts(api, work, components)

        with step("translate in Weblate"):
            slug = next(c["slug"] for c in components if c["name"].endswith("2021"))
            units = api.units(slug, "es")
            fuzzy = next(u for u in units if u["state"] == 10)
            empty = next(u for u in units if u["state"] == 0)
            api("PATCH", f"/api/units/{fuzzy['id']}/", {"target": fuzzy["target"], "state": 20})
            new_text = "Texto traducido en Weblate para comprobar el viaje de ida y vuelta."
            api("PATCH", f"/api/units/{empty['id']}/", {"target": [new_text], "state": 20})
            plural = next(u for u in api.units("counts", "es") if len(u["source"]) == 2)
            api("PATCH", f"/api/units/{plural['id']}/", {"target": ["un cuadernillo", "{n} cuadernillos"], "state": 20})
            edited = {fuzzy["source"][0], empty["source"][0]}

        with step("Weblate commits and pushes"):
            before = git(work, "rev-parse", "HEAD").strip()
            api.repository("commit")
            api.repository("push")
            git(work, "pull", "-q", "--ff-only")
            after = git(work, "rev-parse", "HEAD").strip()
            check("Weblate made a commit", before != after)
            files = set(git(work, "diff", "--name-only", before, after).split())
            check(
                "Weblate changed only the edited catalogs",
                files == {"locale/2021/es/presentation.po", "extra/es/counts.po"},
                str(sorted(files)),
            )
            header, changed = entries_changed(work, before, after, "locale/2021/es/presentation.po")
            check("header changed (Last-Translator, X-Generator...)", header)
            check("only the edited entries changed", changed == edited, f"changed {sorted(changed)}")
            _, changed = entries_changed(work, before, after, "extra/es/counts.po")
            check("only the plural entry changed", changed == {plural["source"][0]}, f"changed {sorted(changed)}")
            counts = (work / "extra/es/counts.po").read_text()
            check("Weblate kept the keys-l10n-ignore flag", "#, keys-l10n-ignore:numbers\n" in counts, counts[-400:])
            po = (work / "locale/2021/es/presentation.po").read_text()
            check("the approved entry kept keys-l10n's provenance comment", "#. keys-l10n: edited from" in po)
            report = ROOT / "build" / "weblate" / "weblate-commits.diff"
            report.parent.mkdir(parents=True, exist_ok=True)
            report.write_text(git(work, "log", "-p", f"{before}..{after}"))
            log(f"   Weblate's commits: {report.relative_to(ROOT)}")

        with step("keys-l10n after Weblate"):
            out = keys_l10n(work, "update")
            status = git(work, "status", "--porcelain")
            check("keys-l10n update changes nothing (no ping-pong)", status == "", status + out)
            keys_l10n(work, "extract")
            status = git(work, "status", "--porcelain")
            check("keys-l10n extract changes nothing", status == "", status)
            result = subprocess.run(
                [*KEYS_L10N, "check"],
                cwd=work,
                capture_output=True,
                text=True,
                env=dict(os.environ, PYTHONPATH=str(ROOT / "src")),
            )
            check("keys-l10n check runs (0: clean, 3: findings)", result.returncode in (0, 3), result.stderr)
            keys_l10n(work, "build", "--min-complete", "0")
            built = work / "build" / "2021" / "es" / "presentation.md"
            check("keys-l10n build uses the Weblate translation", built.is_file() and new_text in built.read_text())
            compare_counts(api, work, components)
            history = json.loads(keys_l10n(work, "stats", "--history", "--format", "json"))["history"]["commits"]
            weblate_commits = [c for c in history if c["email"] == ADMIN_EMAIL]
            summary = [(c["author"], c["summary"]) for c in history]
            check("stats --history credits the Weblate translator", len(weblate_commits) == 1, str(summary))
            plural_counts = api.stats("counts", "es")
            check("Weblate counts the plural as translated", plural_counts["translated"] == 1, str(plural_counts))
            if shutil.which("msgfmt"):
                for path in ("locale/2021/es/presentation.po", "extra/es/counts.po"):
                    result = subprocess.run(
                        ["msgfmt", "--check", "-o", "/dev/null", path], cwd=work, capture_output=True, text=True
                    )
                    check(f"msgfmt --check {path}", result.returncode == 0, result.stderr)
    finally:
        STEP[0] = "stop the servers"
        try:
            servers.stop()
        except Exception as exc:  # reported; the other server is still stopped
            check("servers stopped", False, str(exc))


def main() -> int:
    # A SIGTERM (a CI time-out) unwinds like Ctrl-C, so the `finally` blocks stop the servers.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started = time.monotonic()
    keep = os.environ.get("KEEP_WEBLATE_TMP") == "1"
    tmp = Path(tempfile.mkdtemp(prefix="keys-weblate-"))
    try:
        run(tmp)
    except StepFailed:
        pass
    except Exception as exc:  # outside any step: still reported
        check("run", False, f"{exc}\n{traceback.format_exc(limit=4)}")
    finally:
        if keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    passed = sum(ok for _, ok, _ in RESULTS)
    failed = len(RESULTS) - passed
    log(f"total {time.monotonic() - started:.0f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
