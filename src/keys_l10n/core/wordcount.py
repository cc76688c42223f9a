"""Source words, counted exactly as translate-toolkit's ``pocount`` counts them, for every report of the toolkit.

``<br>`` becomes a line break, XML/HTML tags are dropped, a dot between two non-digits (with them) becomes a
space, and what is left is split into words by the Unicode word boundaries of UAX #29 (the splitter
translate-toolkit itself calls). `stats`, `build`, `compare` and `migrate` all count with this one function, so
their figures agree with each other and with pocount.
"""

from __future__ import annotations

import re

# The Rust word splitter translate-toolkit itself calls (translate.lang.common.Common.words), imported directly so
# that this pure module needs no adapter library (a dependency of ours and of translate-toolkit's).
from unicode_segmentation_rs import unicode_words as _unicode_words

# The three substitutions of translate/tools/pocount.py ``wordcount``, copied exactly.
_BR_TAG = re.compile(r"<br\s*?/?>")
_XML_TAG = re.compile(
    r"""
        <                         # start of opening tag
        ([\w.:]+)                 # tag name, possibly namespaced
        (\s([\w.:]+=              # space and attribute name followed by =
            ((".*?")|('.*?'))     # attribute value, single or double quoted
        )?)*/?>                   # end of opening tag, possibly self closing
        |</([\w.]+)>              # or a closing tag
        """,
    re.VERBOSE,
)
_DOTTED = re.compile(r"\D\.\D")


def word_count(text: str) -> int:
    """Source words in ``text``, exactly as translate-toolkit's ``pocount`` counts them."""
    if not text:
        return 0
    if "<" in text:
        text = _XML_TAG.sub("", _BR_TAG.sub("\n", text))
    if "." in text:
        text = _DOTTED.sub(" ", text)
    return len(_unicode_words(text))
