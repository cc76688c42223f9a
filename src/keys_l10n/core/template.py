"""Booklet segments -> a POT template; headers of new templates and catalogs. Pure: no I/O, no clock.

Identical texts share one entry with all their references (gettext's convention); extracted comments say
the block type and the heading path, plus the author's ``<!-- i18n: comment -->`` notes.
"""

from __future__ import annotations

from .model import Catalog, Entry, Segment, format_header

GENERATOR = "keys-l10n"
POT_PLACEHOLDERS = {
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
}


def segment_comments(seg: Segment) -> list[str]:
    comments = [f"type: {seg.kind}"]
    if seg.headings:
        comments.append("section: " + " > ".join(seg.headings))
    comments.extend(seg.comments)
    # gettext's reader joins a line ending with a backslash to the next one, even in a comment: a heading
    # such as "C:\" would swallow the #: line after it. A trailing space keeps the lines apart.
    return [c + " " if c.endswith("\\") else c for c in comments]


def build_template(
    booklet: str,
    edition: str,
    path: str,
    segments: list[Segment],
    *,
    date: str,
    version: str,
    title: str | None = None,
) -> Catalog:
    """One POT catalog for one booklet of one edition."""
    order: list[tuple[str | None, str]] = []
    refs: dict[tuple[str | None, str], list[str]] = {}
    notes: dict[tuple[str | None, str], list[str]] = {}
    for seg in segments:
        key = seg.key
        if key not in refs:
            order.append(key)
            refs[key] = []
            notes[key] = []
        reference = f"{path}:{seg.line}"
        if reference not in refs[key]:
            refs[key].append(reference)
        for comment in segment_comments(seg):
            if comment not in notes[key]:
                notes[key].append(comment)
    entries = tuple(
        Entry(
            msgid=text,
            msgctxt=context,
            extracted_comments=tuple(notes[(context, text)]),
            references=tuple(refs[(context, text)]),
        )
        for context, text in order
    )
    header = template_header(booklet, edition, date=date, version=version, title=title)
    return Catalog(entries=entries, header=header)


def _title_lines(first: str, title: str | None) -> tuple[str, ...]:
    """The header comment: ``first`` line, then ``the series TITLE.`` (the project's ``title``), or ``first``
    alone, closed with a full stop, when the project has no title."""
    return (f"{first} of", f"the series {title}.") if title else (f"{first.removesuffix(',')}.",)


def title_of(header: Entry | None) -> str | None:
    """The project title a header comment names (``the series TITLE.``), for catalogs made without a project."""
    for line in header.translator_comments if header is not None else ():
        if line.startswith(_SERIES) and line.endswith(".") and len(line) > len(_SERIES) + 1:
            return line[len(_SERIES) : -1]
    return None


_SERIES = "the series "


def template_header(booklet: str, edition: str, *, date: str, version: str, title: str | None = None) -> Entry:
    fields = {
        "Project-Id-Version": f"{booklet} {edition}",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": date,
        **POT_PLACEHOLDERS,
        "Language": "",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"{GENERATOR} {version}",
    }
    return Entry(
        msgid="",
        msgstr=format_header(fields),
        flags=("fuzzy",),
        translator_comments=_title_lines(
            f'Translation template for the booklet "{booklet}", edition {edition},', title
        ),
    )


def po_header(
    template: Catalog, *, lang: str, language_name: str, plural_forms: str, version: str, title: str | None = None
) -> Entry:
    """The header of a new catalog: the template's, filled in for ``lang`` (not fuzzy: it is real data).
    ``title``: the project's (``keys-l10n.toml``); by default the one the template's header names."""
    title = title or title_of(template.header)
    fields = template.header_fields()
    booklet_edition = fields.get("Project-Id-Version", "")
    new = {
        "Project-Id-Version": booklet_edition,
        "Report-Msgid-Bugs-To": fields.get("Report-Msgid-Bugs-To", ""),
        "POT-Creation-Date": fields.get("POT-Creation-Date", ""),
        "PO-Revision-Date": fields.get("POT-Creation-Date", ""),
        "Last-Translator": "",
        "Language-Team": f"{language_name}",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
        "X-Generator": f"{GENERATOR} {version}",
    }
    return Entry(
        msgid="",
        msgstr=format_header(new),
        translator_comments=_title_lines(f"{language_name} translation of the booklet {booklet_edition!r}", title),
    )
