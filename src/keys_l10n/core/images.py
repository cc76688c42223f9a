"""The local images a booklet shows: found in its source, resolved to files, embedded in the built HTML.

A built booklet must open with its images, offline, wherever it is copied. ``build`` copies every local
image beside the built Markdown, at the same relative path as beside the source (``img/meeting.jpg`` next to
``source/2014/introduction.md`` goes to ``build/2014/es/img/meeting.jpg``), so the Markdown's paths keep
working unchanged; the HTML page embeds each PNG, JPEG, GIF, WebP or AVIF image up to ``EMBED_LIMIT`` bytes as
a ``data:`` URI (a larger one, or an SVG, is copied beside the page and linked, with a warning for the large
one). Only images whose target is a relative path inside the booklet's folder are taken (no ``..``, no
absolute path, no URL); a missing one is a warning. Pure functions; the service reads and writes the files.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote

import pyromark

from .markdown import OPTIONS

EMBED_LIMIT = 2 * 1024 * 1024
MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
}


@dataclass(frozen=True, slots=True)
class ImageRef:
    """An image target of the source (``dest`` as written, unescaped) and the line of its first use."""

    dest: str
    line: int
    path: PurePosixPath | None  # the file, relative to the booklet's folder; None when not a local relative path


def _local_path(dest: str) -> PurePosixPath | None:
    if not dest or dest.startswith(("/", "\\", "#")) or ":" in dest.split("/", 1)[0]:
        return None  # absolute, a fragment, or a URL with a scheme (http:, data:, C:...)
    path = PurePosixPath(unquote(dest.split("#", 1)[0].split("?", 1)[0]))
    if not path.parts or ".." in path.parts or path.is_absolute():
        return None
    return path


def image_refs(markdown: str) -> list[ImageRef]:
    """Every distinct image target of ``markdown``, in order of first use."""
    if "![" not in markdown:
        return []
    data = markdown.encode("utf-8")
    seen: dict[str, ImageRef] = {}
    events: Any = pyromark.events_with_range(markdown, options=OPTIONS)
    for event, rng in events:
        if not isinstance(event, dict) or "Start" not in event or not isinstance(event["Start"], dict):
            continue
        image = event["Start"].get("Image")
        if image is None:
            continue
        dest = str(image.get("dest_url", ""))
        if dest not in seen:
            line = data.count(b"\n", 0, rng["start"]) + 1
            seen[dest] = ImageRef(dest, line, _local_path(dest))
    return list(seen.values())


def data_uri(path: PurePosixPath, content: bytes) -> str | None:
    """``content`` as a ``data:`` URI, or None when the type is not embedded or the file is over the limit."""
    media = MEDIA_TYPES.get(path.suffix.lower())
    if media is None or len(content) > EMBED_LIMIT:
        return None
    return f"data:{media};base64,{base64.b64encode(content).decode('ascii')}"
