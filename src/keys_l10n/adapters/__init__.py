"""Everything outside the process: files, locks, keys-l10n.toml, git, HTTP, and the libraries that do them (translate-
toolkit, GitPython, babel, polib, jinja2, nh3, WeasyPrint, mammoth). May use the core.
"""
