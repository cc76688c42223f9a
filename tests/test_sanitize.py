"""The allowlist sanitizer every emitted HTML page goes through (``adapters/sanitize.py``)."""

from __future__ import annotations

from keys_l10n.adapters.sanitize import clean_fragment, clean_page


def test_script_event_attributes_and_bad_urls_are_removed() -> None:
    dirty = (
        '<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(2)">b</a>'
        '<a href="data:text/html,<script>">c</a><img src="data:image/png;base64,AAAA" alt="i" onerror="y">'
        '<iframe src="https://e.x"></iframe><style>*{}</style><a href="https://e.x/" title="t">d</a></p>'
    )
    clean = clean_fragment(dirty)
    assert "script" not in clean and "onclick" not in clean and "onerror" not in clean
    assert "javascript:" not in clean and "data:text" not in clean and "iframe" not in clean
    assert '<img src="data:image/png;base64,AAAA" alt="i">' in clean
    assert '<a href="https://e.x/" title="t">d</a>' in clean


def test_booklet_markup_is_kept() -> None:
    html = (
        '<h1>T</h1>\n<p>A<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup> '
        '<span class="fuzzy" title="prev">b</span> <code>c</code></p>\n<table>\n<thead>\n<tr>\n'
        '<th style="text-align:left">h</th>\n</tr>\n</thead>\n</table>\n'
    )
    assert clean_fragment(html) == html


def test_a_page_keeps_its_template_script_and_loses_others() -> None:
    from keys_l10n.adapters.sanitize import _template_scripts

    own = next(iter(_template_scripts()))
    page = (
        '<!DOCTYPE html>\n<html><head><title>x</title><style>p{}</style></head>\n<body data-ready="0">'
        f"<p>hi</p><script>alert(1)</script><script>{own}</script>\n</body>\n</html>\n"
    )
    clean = clean_page(page)
    assert f"<script>{own}</script>" in clean
    assert "alert(1)" not in clean
    assert clean.startswith(
        '<!DOCTYPE html>\n<html><head><title>x</title><style>p{}</style></head>\n<body data-ready="0">'
    )
