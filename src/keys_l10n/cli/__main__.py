"""``python -m keys_l10n.cli``: the same entry point as the ``keys-l10n`` command."""

from keys_l10n.cli import main

main()
