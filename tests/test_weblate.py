"""`keys-l10n weblate`: Weblate's components for the shipped project (JSON golden) and their creation through
a REST API (a recorded fake server here; `make test-weblate` runs the real one).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import DATA
from keys_l10n.adapters.config import load_config
from keys_l10n.adapters.weblate import apply_setup, weblate_setup
from keys_l10n.core.errors import WeblateError

GOLDEN = DATA / "weblate" / "components.json"
REPO = "https://git.example.org/keys.git"


def weblate(project: Path, *args: str):  # type: ignore[no-untyped-def]
    from keys_l10n.cli import app

    return CliRunner().invoke(app, ["--project", str(project), "weblate", *args])


def test_json_of_the_shipped_project(shipped_project: Path) -> None:
    result = weblate(shipped_project, "--repo", REPO)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(GOLDEN.read_text("utf-8"))


def test_components_follow_the_configuration(shipped_project: Path) -> None:
    setup = weblate_setup(load_config(shipped_project), project="Keys", repo=REPO)
    first, second = (c.fields for c in setup.components)
    # Bilingual PO: the POT is the template for new translations, never the (monolingual) template.
    assert (first["filemask"], first["new_base"], first["template"]) == (
        "locale/2014/*/presentation.po",
        "locale/2014/presentation.pot",
        "",
    )
    assert first["language_regex"] == "^(es|fr)$" and first["source_language"] == {"code": "en"}
    # One clone for the whole project: the second component links to the first.
    assert (first["repo"], first["push"]) == (REPO, REPO)
    # Weblate refuses a branch or push URL on a linked component: it takes them from the one it links to.
    assert second["repo"] == "weblate://keys/presentation-2014" and "branch" not in second and "push" not in second
    assert {a["name"] for a in setup.to_dict()["addons_to_avoid"]} >= {"weblate.gettext.msgmerge"}


def test_one_edition_holds_the_repository(shipped_project: Path) -> None:
    result = weblate(
        shipped_project,
        "--repo",
        REPO,
        "-e",
        "2021",
        "--push",
        "ssh://git@example.org/k.git",
        "--website",
        "https://k.org",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["project"] == {"name": "Keys", "slug": "keys", "web": "https://k.org"}
    (component,) = json.loads(result.stdout)["components"]
    assert (component["slug"], component["repo"], component["push"]) == (
        "presentation-2021",
        REPO,
        "ssh://git@example.org/k.git",
    )


def test_apply_needs_a_token(shipped_project: Path) -> None:
    result = weblate(shipped_project, "--repo", REPO, "--apply", "http://127.0.0.1:9")
    assert result.exit_code == 2 and "--token" in result.output


def test_apply_to_a_server_that_is_not_there(shipped_project: Path) -> None:
    result = weblate(shipped_project, "--repo", REPO, "--apply", "http://127.0.0.1:9", "--token", "t")
    assert result.exit_code == 1
    assert "is the Weblate server running?" in result.output


class FakeWeblate:
    """Answers like Weblate's REST API for projects and components, and records every request."""

    def __init__(self, projects: set[str], components: list[str]) -> None:
        self.projects, self.components = projects, components
        self.calls: list[tuple[str, str]] = []

    def __call__(self, method: str, path: str, body: dict[str, Any] | None) -> Any:
        self.calls.append((method, path))
        if method == "GET" and path.startswith("/api/projects/") and path.count("/") == 4:
            if path.split("/")[3] not in self.projects:
                raise WeblateError(f"GET {path}: HTTP 404: not found")
            return {"slug": path.split("/")[3]}
        if method == "GET" and path.endswith("/components/"):
            return {"results": [{"slug": s} for s in self.components], "next": None}
        if method == "POST" and path == "/api/projects/":
            assert body is not None
            self.projects.add(body["slug"])
            return body
        if method == "POST" and path.endswith("/components/"):
            assert body is not None
            self.components.append(body["slug"])
            return body
        raise AssertionError(f"unexpected {method} {path}")


def test_apply_creates_what_is_missing(shipped_project: Path) -> None:
    setup = weblate_setup(load_config(shipped_project), project="Keys", repo=REPO)
    server = FakeWeblate(set(), [])
    assert apply_setup(setup, server) == [
        "created project keys",
        "created component keys/presentation-2014",
        "created component keys/presentation-2021",
    ]
    # Applying again creates nothing.
    assert apply_setup(setup, server) == [
        "exists  component keys/presentation-2014",
        "exists  component keys/presentation-2021",
    ]
    assert [c for c in server.calls if c[0] == "POST"] == [
        ("POST", "/api/projects/"),
        ("POST", "/api/projects/keys/components/"),
        ("POST", "/api/projects/keys/components/"),
    ]


def test_other_errors_are_not_taken_for_a_missing_project(shipped_project: Path) -> None:
    setup = weblate_setup(load_config(shipped_project), project="Keys", repo=REPO)

    def forbidden(method: str, path: str, body: dict[str, Any] | None) -> Any:
        raise WeblateError(f"{method} {path}: HTTP 403: forbidden")

    with pytest.raises(WeblateError, match="HTTP 403"):
        apply_setup(setup, forbidden)


def test_unknown_edition_is_an_error(shipped_project: Path) -> None:
    result = weblate(shipped_project, "--repo", REPO, "--edition", "2099")
    assert result.exit_code == 2 and "2099" in result.output  # a usage error
