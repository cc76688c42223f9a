"""Images of built booklets (``core/images.py`` and ``build``): embedded in the HTML, copied beside the Markdown."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

import keys_l10n.core.images
from conftest import write_project
from keys_l10n.adapters.config import load_config
from keys_l10n.core.images import data_uri, image_refs
from keys_l10n.usecases.build import build

# a 1x1 transparent PNG
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
BOOKLET = (
    "# Title\n\n![A meeting](img/meeting.png)\n\nText with ![a logo](img/logo%20small.png) inline.\n\n"
    "![Gone](img/missing.jpg)\n\n![Far](../outside.png)\n\n![Web](https://example.org/a.png)\n"
)


def _project(tmp_path: Path) -> Path:
    root = write_project(tmp_path / "p", booklets={"b": BOOKLET})
    img = root / "source" / "2021" / "img"
    img.mkdir()
    (img / "meeting.png").write_bytes(PNG)
    (img / "logo small.png").write_bytes(PNG)
    return root


def test_image_refs_keep_only_relative_paths_inside_the_folder() -> None:
    refs = {ref.dest: ref for ref in image_refs(BOOKLET)}
    assert str(refs["img/meeting.png"].path) == "img/meeting.png" and refs["img/meeting.png"].line == 3
    assert str(refs["img/logo%20small.png"].path) == "img/logo small.png"
    assert refs["../outside.png"].path is None and refs["https://example.org/a.png"].path is None
    assert data_uri(refs["img/meeting.png"].path, PNG).startswith("data:image/png;base64,")  # type: ignore[arg-type]


def test_html_embeds_markdown_copies_missing_warns(tmp_path: Path) -> None:
    root = _project(tmp_path)
    result = build(load_config(root), min_complete=0)
    out = root / "build" / "2021" / "es"
    page = (out / "b.html").read_text(encoding="utf-8")
    uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert page.count(f'src="{uri}"') == 2
    assert (out / "img" / "meeting.png").read_bytes() == PNG  # the Markdown's relative paths keep working
    assert (out / "img" / "logo small.png").read_bytes() == PNG
    assert "](img/meeting.png)" in (out / "b.md").read_text(encoding="utf-8")
    messages = [str(w) for w in result.warnings]
    assert "source/2021/b.md:7: warning: image 'img/missing.jpg' not found" in messages
    assert any("'../outside.png' is not a relative path inside the booklet's folder" in m for m in messages)
    assert not any("example.org" in m for m in messages)
    again = build(load_config(root), min_complete=0)
    assert all(f.action == "unchanged" for b in again.booklets for f in b.files)


def test_an_image_over_the_limit_is_linked_with_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keys_l10n.core.images, "EMBED_LIMIT", 10)
    monkeypatch.setattr("keys_l10n.usecases.build.EMBED_LIMIT", 10)
    root = _project(tmp_path)
    result = build(load_config(root), formats=("html",), min_complete=0)
    out = root / "build" / "2021" / "es"
    page = (out / "b.html").read_text(encoding="utf-8")
    assert 'src="img/meeting.png"' in page and "data:image" not in page
    assert (out / "img" / "meeting.png").read_bytes() == PNG
    assert any("embedding limit: the HTML links to a copy beside it" in str(w) for w in result.warnings)


def test_the_pdf_has_the_images(tmp_path: Path) -> None:
    from keys_l10n.adapters import pdf

    pypdf = pytest.importorskip("pypdf")
    if not pdf.available():
        pytest.skip("WeasyPrint/Pango is not installed (make fonts)")
    root = _project(tmp_path)
    build(load_config(root), formats=("pdf",), min_complete=0)
    reader = pypdf.PdfReader(str(root / "build" / "2021" / "es" / "b.pdf"))
    images = [image for page in reader.pages for image in page.images]
    assert len(images) >= 2  # the meeting and the logo, embedded before WeasyPrint read the page
