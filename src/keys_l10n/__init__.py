"""keys-l10n: translate and maintain editions of the booklet series "Keys to Psychosocial Accompaniment"."""

__version__ = "0.1.0"
