"""Format directives in msgid and msgstr, compared as ``msgfmt --check`` compares them.

Written by hand because no Python library reproduces gettext's rules: translate-toolkit's ``printf`` check and
polib/babel compare the directive strings themselves, so ``%-d`` against ``%d`` or a named argument left out of a
plural form (which Django allows) are reported where gettext accepts them. The rules below follow GNU gettext's
``format-c.c``, ``format-python.c`` and ``format-python-brace.c`` (gettext 0.21) and the way ``msgl-check.c``
calls them:

- a translation is compared only when the entry carries the flag (``c-format``, ``python-format``,
  ``python-brace-format``), is translated and is not fuzzy, and the msgid itself is a valid format string;
- a singular entry's msgstr must use the same arguments as its msgid (*equality*); each form of a plural entry
  is compared with msgid_plural and may leave named arguments out (gettext's non-strict check);
- a type differs only between families (integer, float, character, string), so ``%-d`` matches ``%d`` and
  ``%i`` matches ``%d``, but ``%s`` does not match ``%d``;
- the reported line is the msgstr's, as msgfmt reports it.

Each function returns a problem message or None; nothing here raises on user text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# -- Python ``%`` directives (format-python.c) ------------------------------------------------------------
# Conversions and their argument types as gettext 0.21 knows them (measured against msgfmt --check: %s and %r
# match each other and nothing else, %a and %F are not valid conversions for gettext).
_PY_TYPES = {
    "%": None,
    "c": "character",
    "s": "string",
    "r": "string",
    **dict.fromkeys("iduoxX", "integer"),
    **dict.fromkeys("eEfgG", "float"),
}


class _Invalid(ValueError):
    """The string is not a valid format string of its kind (the reason is gettext's kind of message)."""


@dataclass
class _Spec:
    named: dict[str, str] = field(default_factory=dict)
    unnamed: list[str] = field(default_factory=list)


def _python_spec(text: str) -> _Spec:
    spec = _Spec()
    i, n = 0, len(text)
    while i < n:
        if text[i] != "%":
            i += 1
            continue
        i += 1
        name = None
        if i < n and text[i] == "(":
            depth, start = 1, i + 1
            i += 1
            while i < n and depth:
                depth += {"(": 1, ")": -1}.get(text[i], 0)
                i += 1
            if depth:
                raise _Invalid("unterminated name in a format directive")
            name = text[start : i - 1]
        while i < n and text[i] in " #+-0":
            i += 1
        for _part in ("width", "precision"):
            if _part == "precision":
                if i < n and text[i] == ".":
                    i += 1
                else:
                    break
            if i < n and text[i] == "*":
                if name is not None:
                    raise _Invalid("a named directive cannot take its width or precision from an argument")
                spec.unnamed.append("integer")
                i += 1
            else:
                while i < n and text[i].isdigit():
                    i += 1
        while i < n and text[i] in "hlL":
            i += 1
        if i >= n:
            raise _Invalid("the string ends in the middle of a directive")
        conversion = text[i]
        if conversion not in _PY_TYPES:
            raise _Invalid(f"{conversion!r} is not a valid conversion")
        i += 1
        kind = _PY_TYPES[conversion]
        if kind is None:
            continue
        if name is None:
            spec.unnamed.append(kind)
        else:
            earlier = spec.named.get(name)
            if earlier is not None and earlier != kind:
                raise _Invalid(f"argument {name!r} is used with two different types")
            spec.named[name] = kind
    if spec.named and spec.unnamed:
        raise _Invalid("the string mixes named and unnamed directives")
    return spec


def _compare_python(want: _Spec, got: _Spec, equality: bool) -> str | None:
    if want.named and got.unnamed:
        return "format specifications in 'msgid' expect a mapping, those in 'msgstr' expect a tuple"
    if want.unnamed and got.named:
        return "format specifications in 'msgid' expect a tuple, those in 'msgstr' expect a mapping"
    for name in sorted(got.named):
        if name not in want.named:
            return f"a format specification for argument '{name}', as in 'msgstr', doesn't exist in 'msgid'"
        if want.named[name] != got.named[name]:
            return f"format specifications in 'msgid' and 'msgstr' for argument '{name}' are not the same"
    if equality:
        for name in sorted(want.named):
            if name not in got.named:
                return f"a format specification for argument '{name}' doesn't exist in 'msgstr'"
    if want.unnamed or got.unnamed:
        if len(want.unnamed) != len(got.unnamed):
            return "number of format specifications in 'msgid' and 'msgstr' does not match"
        for index, (a, b) in enumerate(zip(want.unnamed, got.unnamed, strict=True), 1):
            if a != b:
                return f"format specifications in 'msgid' and 'msgstr' for argument {index} are not the same"
    return None


# -- C ``%`` directives (format-c.c, without the <inttypes.h> macros) -------------------------------------
_C_DIRECTIVE = re.compile(
    r"%(?:(\d+)\$)?[-+ #0'I]*(?:\d+|\*(?:\d+\$)?)?(?:\.(?:\d+|\*(?:\d+\$)?)?)?(hh|h|ll|l|L|q|j|z|Z|t)?(.?)",
    re.S,
)
_C_TYPES = {
    **dict.fromkeys("di", "int"),
    **dict.fromkeys("ouxX", "unsigned"),
    **dict.fromkeys("eEfFgGaA", "double"),
    "c": "char",
    "C": "wchar",
    "s": "string",
    "S": "wstring",
    "p": "pointer",
    "n": "count",
}


def _c_spec(text: str) -> list[str]:
    """Argument types in argument order (``%2$s`` placed second)."""
    numbered: dict[int, str] = {}
    plain: list[str] = []
    for m in _C_DIRECTIVE.finditer(text):
        conversion = m.group(3)
        if conversion == "%":
            continue
        if conversion not in _C_TYPES:
            raise _Invalid(f"{conversion!r} is not a valid conversion" if conversion else "unterminated directive")
        kind = (m.group(2) or "") + _C_TYPES[conversion]
        if m.group(1):
            numbered[int(m.group(1))] = kind
        else:
            plain.append(kind)
    if numbered and plain:
        raise _Invalid("the string mixes numbered and unnumbered directives")
    if numbered:
        if sorted(numbered) != list(range(1, len(numbered) + 1)):
            raise _Invalid("numbered arguments are not 1, 2, 3, ...")
        return [numbered[k] for k in sorted(numbered)]
    return plain


def _compare_c(want: list[str], got: list[str], equality: bool) -> str | None:
    if (len(want) != len(got)) if equality else (len(got) > len(want)):
        return "number of format specifications in 'msgid' and 'msgstr' does not match"
    for index, (a, b) in enumerate(zip(want, got, strict=False), 1):
        if a != b:
            return f"format specifications in 'msgid' and 'msgstr' for argument {index} are not the same"
    return None


# -- Python ``{}`` fields (format-python-brace.c) ---------------------------------------------------------
_FIELD_NAME = re.compile(r"(?:[A-Za-z_]\w*|\d+)(?:\.[A-Za-z_]\w*|\[[^\]]*\])*")


def _brace_spec(text: str) -> set[str]:
    names: set[str] = set()
    i, n = 0, len(text)

    def directive(i: int, depth: int) -> int:
        """Parse one field starting after its ``{``; return the index after its ``}``.

        gettext names a top-level argument by the directive's whole text, format spec included (measured:
        ``{n:>5}`` and ``{n}`` are different arguments for msgfmt --check), so that is the name recorded here.
        """
        start = i
        m = _FIELD_NAME.match(text, i)
        if not m:
            raise _Invalid("a directive without a valid argument name")
        i = m.end()  # gettext 0.21 knows no "!r" conversion: "{n!r}" is not a valid directive for it
        if i < n and text[i] == ":":
            i += 1
            while i < n and text[i] != "}":
                if text[i] == "{":
                    if depth >= 1:
                        raise _Invalid("format directives nested too deep")
                    i = directive(i + 1, depth + 1)
                else:
                    i += 1
        if i >= n or text[i] != "}":
            raise _Invalid("an unterminated format directive")
        if depth == 0:
            names.add(text[start:i])
        return i + 1

    while i < n:
        c = text[i]
        if c == "{":
            if text.startswith("{{", i):
                i += 2
                continue
            i = directive(i + 1, 0)
        elif c == "}":
            if not text.startswith("}}", i):
                raise _Invalid("a '}' that closes no directive")
            i += 2
        else:
            i += 1
    return names


def _compare_brace(want: set[str], got: set[str], equality: bool) -> str | None:
    for name in sorted(got - want):
        return f"a format specification for argument '{name}', as in 'msgstr', doesn't exist in 'msgid'"
    if equality:
        for name in sorted(want - got):
            return f"a format specification for argument '{name}' doesn't exist in 'msgstr'"
    return None


_KINDS: dict[str, tuple[str, Callable[[str], Any], Callable[[Any, Any, bool], str | None]]] = {
    "c-format": ("C", _c_spec, _compare_c),
    "python-format": ("Python", _python_spec, _compare_python),
    "python-brace-format": ("Python brace", _brace_spec, _compare_brace),
}


def format_problem(
    flags: tuple[str, ...], msgid: str, msgid_plural: str | None, translations: tuple[str, ...]
) -> str | None:
    """The first directive problem ``msgfmt --check`` would report for these strings, or None."""
    for flag, (label, parse, compare) in _KINDS.items():
        if flag not in flags:
            continue
        source = msgid if msgid_plural is None else msgid_plural
        try:
            want = parse(source)
        except _Invalid:
            continue  # gettext checks nothing when the msgid is not a valid format string itself
        for translation in translations:
            if not translation:
                continue
            try:
                got = parse(translation)
            except _Invalid as exc:
                return f"'msgstr' is not a valid {label} format string, unlike 'msgid': {exc}"
            problem: str | None = compare(want, got, msgid_plural is None)
            if problem:
                return problem
    return None
