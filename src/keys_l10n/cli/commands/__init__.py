"""One module per command; importing a module registers its command on ``keys_l10n.cli.app.app``."""
