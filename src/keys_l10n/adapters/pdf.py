"""A built booklet's print page -> a print-ready A5 PDF, with WeasyPrint (HTML and CSS made for paper).

The page is ``html.render_print_html``: the booklet's own stylesheet (``@page { size: A5 }``, page numbers at
the foot of every page but the first) and a title page. Text is laid out by Pango with the fonts fontconfig
finds: DejaVu or Noto (Debian's ``fonts-dejavu-core`` / ``fonts-noto-core``) cover the accented Latin of es,
fr and pt and Arabic; a missing glyph falls back to any installed font that has it.

Nothing is fetched from the network: only ``file:`` and ``data:`` addresses are read (images beside the
page); anything else is refused and left out of the PDF. WeasyPrint's own log messages (unsupported CSS and
the like) are collected and returned, never printed. The same page gives the same bytes (the document's
identifier and dates are derived from nothing but its content), so a second build changes nothing.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from ..core.errors import ConfigError

A5_POINTS = (419.53, 595.28)  # 148 mm x 210 mm


def available() -> bool:
    """True when WeasyPrint and the system libraries it needs (Pango) can be loaded."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError):
        return False
    return True


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _offline_fetcher() -> Any:
    """A URL fetcher that reads ``file:`` and ``data:`` addresses only (WeasyPrint >= 67, or older)."""
    from weasyprint import urls

    if hasattr(urls, "URLFetcher"):
        return urls.URLFetcher(allowed_protocols={"file", "data"})

    def fetch(url: str, *args: Any, **kwargs: Any) -> Any:  # pragma: no cover - WeasyPrint < 67
        if not url.startswith(("file:", "data:")):
            raise ValueError(f"URI uses disallowed protocol: {url}")
        return urls.default_url_fetcher(url, *args, **kwargs)

    return fetch


def require() -> None:
    """Raise a ConfigError saying what to install when PDF output cannot work here."""
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as exc:
        raise ConfigError(
            f"PDF output needs WeasyPrint and Pango ({exc})",
            hint="pip install 'keys-l10n[pdf]' (and apt-get install libpango-1.0-0 fonts-dejavu-core), "
            "or build md,html only",
        ) from None


def render_pdf(page: str, *, base: Path | None = None) -> tuple[bytes, list[str]]:
    """(PDF bytes, WeasyPrint's warnings) for one print page; ``base`` resolves relative image paths."""
    require()
    import weasyprint

    loggers = [logging.getLogger(name) for name in ("weasyprint", "weasyprint.progress", "fontTools")]
    collector = _Collect()
    saved = [(logger.level, logger.propagate, list(logger.handlers)) for logger in loggers]
    for logger in loggers:
        logger.handlers = [collector]
        logger.propagate = False
        logger.setLevel(logging.WARNING)
    try:
        document = weasyprint.HTML(
            string=page,
            base_url=base.resolve().as_uri() + "/" if base is not None else None,
            url_fetcher=_offline_fetcher(),
        )
        data = document.write_pdf(pdf_identifier=b"keys-l10n", uncompressed_pdf=False)
    finally:
        for logger, (level, propagate, handlers) in zip(loggers, saved, strict=True):
            logger.handlers = handlers
            logger.propagate = propagate
            logger.setLevel(level)
    assert data is not None
    return data, collector.messages
