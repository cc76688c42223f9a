"""keys-l10n: translate and maintain the editions of a series of Markdown booklets with gettext PO files.

The series' title is the project's (``title`` in ``keys-l10n.toml``), never the package's."""

__version__ = "0.1.0"
