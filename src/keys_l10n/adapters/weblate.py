"""Weblate's configuration for a booklet project: one component per booklet and edition.

``weblate_setup`` turns ``keys-l10n.toml`` and the booklets found in each edition into the project and the
components a Weblate server needs (the fields of Weblate's REST API, which ``import_json`` also reads), plus the
add-ons to leave off. ``apply_setup`` creates them on a server through its REST API.

Invariants, each one so that Weblate and keys-l10n can take turns on the same files without rewriting each
other's work:

- the catalogs are bilingual PO: ``file_format`` is ``po``, the POT is the *template for new translations*
  (``new_base``), never the ``template`` (Weblate refuses a base file for bilingual formats);
- the languages are the project's ``locales`` (``language_regex``), and Weblate adds none by itself: a new
  language goes into ``keys-l10n.toml`` and ``keys-l10n update`` creates its catalogs;
- Weblate never merges templates: the msgmerge add-on rewraps every entry and drops our
  ``keys-l10n-ignore:`` flags; ``keys-l10n update`` (run by CI or a maintainer) is the merge;
- the checks Weblate enforces are the ones that match an *error* of ``keys-l10n check`` (the Markdown of
  links, footnotes and emphasis), so a translation Weblate accepts is one ``check`` does not fail on.

The first component holds the git repository; the others share it (``weblate://project/component``), so Weblate
keeps one clone and makes one commit for several catalogs.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..core.errors import ConfigError, WeblateError
from .config import ProjectConfig
from .sources import read_edition, resolve_edition

FILE_FORMAT = "po"
# Weblate's Markdown checks are enabled by the `md-text` flag; they match keys-l10n's link-targets, footnotes
# and markup-balance errors, so they are enforced (a failing translation is saved as "needs editing").
CHECK_FLAGS = "md-text"
ENFORCED_CHECKS = ("md-link", "md-reflink", "md-syntax")
# Add-ons that rewrite what keys-l10n writes: each with the reason, for the configuration's reader.
ADDONS_TO_AVOID = (
    (
        "weblate.gettext.msgmerge",
        "rewraps every entry with msgmerge and drops keys-l10n-ignore flags; keys-l10n update does the merge",
    ),
    ("weblate.gettext.customize", "changes the line width of every entry: files would no longer be msgcat-identical"),
    ("weblate.gettext.mo", "commits compiled .mo files; keys-l10n build makes the booklets"),
    ("weblate.gettext.linguas", "edits a LINGUAS file the project does not have"),
    ("weblate.gettext.configure", "edits a configure script the project does not have"),
    ("weblate.cleanup.generic", "removes entries missing from a template: keys-l10n keeps them as obsolete #~"),
    ("weblate.cleanup.blank", "removes untranslated entries that keys-l10n update would add back"),
)


@dataclass(frozen=True, slots=True)
class WeblateComponent:
    edition: str
    booklet: str
    fields: dict[str, Any]


@dataclass(frozen=True, slots=True)
class WeblateSetup:
    project: dict[str, Any]
    components: tuple[WeblateComponent, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "components": [c.fields for c in self.components],
            "addons_to_avoid": [{"name": name, "why": why} for name, why in ADDONS_TO_AVOID],
        }


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _language_regex(locales: tuple[str, ...]) -> str:
    return "^(" + "|".join(re.escape(code) for code in sorted(locales)) + ")$"


def weblate_setup(
    config: ProjectConfig,
    *,
    project: str,
    repo: str,
    branch: str = "main",
    push: str | None = None,
    edition: str | None = None,
    website: str | None = None,
) -> WeblateSetup:
    """The project and one component per booklet and edition (``edition``: only that one), in config order."""
    if edition is not None:  # a name or its folder; an unknown one is a usage error naming the configured editions
        edition = resolve_edition(config, edition, adhoc=False).name
    slug = _slug(project)
    components: list[WeblateComponent] = []
    for item in config.editions:
        if edition is not None and item.name != edition:
            continue
        for booklet in read_edition(config, item):
            pot = config.pot_path(item.name, booklet.name).relative_to(config.root).as_posix()
            mask = config.po_path(item.name, "*", booklet.name).relative_to(config.root).as_posix()
            first = components[0].fields["slug"] if components else None
            fields: dict[str, Any] = {
                "name": f"{booklet.name} {item.name}",
                "slug": _slug(f"{booklet.name}-{item.name}"),
                "vcs": "git",
                "repo": f"weblate://{slug}/{first}" if first else repo,
                "file_format": FILE_FORMAT,
                "filemask": mask,
                "template": "",
                "new_base": pot,
                "edit_template": False,
                "new_lang": "none",
                "language_regex": _language_regex(config.locales),
                "source_language": {"code": config.source_language},
                "check_flags": CHECK_FLAGS,
                "enforced_checks": list(ENFORCED_CHECKS),
                # A published edition changes only on purpose: a translation saved in 2021 does not rewrite 2014.
                "allow_translation_propagation": False,
            }
            if not first:  # a linked component takes these from the one it links to (Weblate refuses them)
                fields |= {"push": push if push is not None else repo, "branch": branch}
            components.append(WeblateComponent(item.name, booklet.name, fields))
    if not components:
        raise ConfigError("no booklet to configure", path=config.file, hint="check the editions and their folders")
    project_fields = {"name": project, "slug": slug} | ({"web": website} if website else {})
    return WeblateSetup(project=project_fields, components=tuple(components))


Request = Callable[[str, str, dict[str, Any] | None], Any]


def rest_client(url: str, token: str, *, timeout: float = 120.0) -> Request:
    """A JSON request to Weblate's REST API at ``url`` (``http://host:port``), with the API token."""
    base = url.rstrip("/")

    def request(method: str, path: str, body: dict[str, Any] | None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(base + path, data=data, method=method)
        req.add_header("Authorization", f"Token {token}")
        req.add_header("Accept", "application/json")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:
                payload = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:500]
            hint = "check the token and the URL"
            raise WeblateError(f"{method} {path}: HTTP {exc.code}: {detail}", hint=hint) from None
        except (urllib.error.URLError, OSError) as exc:
            raise WeblateError(f"{method} {base}{path}: {exc}", hint="is the Weblate server running?") from None
        return json.loads(payload) if payload else None

    return request


def apply_setup(setup: WeblateSetup, request: Request) -> list[str]:
    """Create the project (unless it exists) and the components that do not exist yet; return what was done."""
    done: list[str] = []
    slug = setup.project["slug"]
    try:
        request("GET", f"/api/projects/{slug}/", None)
    except WeblateError as exc:
        if "HTTP 404" not in exc.message:
            raise
        request("POST", "/api/projects/", setup.project)
        done.append(f"created project {slug}")
    existing = {c["slug"] for c in _all(request, f"/api/projects/{slug}/components/")}
    for component in setup.components:
        name = component.fields["slug"]
        if name in existing:
            done.append(f"exists  component {slug}/{name}")
            continue
        request("POST", f"/api/projects/{slug}/components/", component.fields)
        done.append(f"created component {slug}/{name}")
    return done


def _all(request: Request, path: str) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    page: str | None = path
    while page:
        answer = request("GET", page, None)
        results.extend(answer.get("results", []))
        following = answer.get("next")
        page = following[following.index("/api/") :] if following else None
    return results
