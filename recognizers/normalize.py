"""Text normalization for detection, with an exact map back to original offsets.

Call-center transcripts write one number in many ways: ASCII digits, full-width digits
(１３８), spoken numerals (一三八, with 幺=1, 两=2, 洞=0), financial numerals (壹贰叁),
and separators of every width between groups. Detectors validate a *normalized* value
(``13812345678``) but every span they report must refer to the *original* text, so each
normalized character remembers the index of the original character it came from.

Everything here is plain ``str`` work with precompiled tables: it runs on candidate
spans only (never on a whole document), which is what keeps detection fast.
"""

from __future__ import annotations

import re
import threading
from typing import NamedTuple

#: Every character that stands for one decimal digit, mapped to its ASCII digit.
DIGIT_VALUES: dict[str, str] = {}
for _i in range(10):
    DIGIT_VALUES[str(_i)] = str(_i)
    DIGIT_VALUES[chr(0xFF10 + _i)] = str(_i)  # full-width ０-９
for _chars, _digit in (
    ("零〇洞○", "0"),
    ("一幺壹", "1"),
    ("二两贰", "2"),
    ("三叁", "3"),
    ("四肆", "4"),
    ("五伍", "5"),
    ("六陆", "6"),
    ("七柒拐", "7"),
    ("八捌", "8"),
    ("九玖勾", "9"),
):
    for _c in _chars:
        DIGIT_VALUES[_c] = _digit

_DIGIT_TABLE = str.maketrans(DIGIT_VALUES)
_TOKENS = re.compile("[0-9]+|[XxＸｘ叉]")

#: Characters that read as the letter X closing a resident ID number (叉 is spoken "cha").
CHECK_X = frozenset("XxＸｘ叉")

#: Characters that may stand between digit groups of one number.
SEPARATORS = frozenset(" \t\u00a0\u3000-‐‑‒–—－﹣.．﹒·・•,，、")
OPENING = frozenset("(（[【")
CLOSING = frozenset(")）]】")

#: A spoken or written numeral.  ``拐`` (7) and ``勾`` (9) are radio-style readings and
#: are normalized when they occur inside a run, but never start one (they are also words).
_NUM = "0-9０-９零〇洞○一幺壹二两贰三叁四肆五伍六陆七柒八捌九玖"
_NUM_INNER = _NUM + "拐勾"
_SEP = r" \t\u00a0\u3000\-‐‑‒–—－﹣.．﹒·・•,，、"

#: A run of at least three numerals, single separators or bracketed groups between them,
#: optionally an opening bracket and a trailing check letter.  The numeral and separator
#: classes are disjoint, so matching is linear in the input.  The first character is one
#: set (a bracket only where a numeral follows), which lets ``re`` skip ordinary text
#: quickly; a ``+`` or 加 before the run is picked up by :func:`country_mark_start`.
NUMERAL_RUN = re.compile(
    rf"[(（{_NUM}](?<=[{_NUM}]|[(（](?=[{_NUM}]))"
    rf"(?:(?:[{_SEP}]{{1,3}}|[)）][{_SEP}]?|[{_SEP}]?[(（])?[{_NUM_INNER}]){{2,}}"
    rf"(?:[{_SEP}]?[XxＸｘ叉](?![A-Za-zＡ-Ｚａ-ｚ]))?"
)


def country_mark_start(text: str, start: int) -> int:
    """Where a run really starts if a ``+`` (or a spoken 加 before 八六) precedes it."""
    if start > 0 and text[start - 1] in "+＋":
        return start - 1
    if start > 1 and text[start - 1] in " \u3000-－" and text[start - 2] in "+＋":
        return start - 2
    if start > 0 and text[start - 1] == "加" and text[start : start + 2] in ("八六", "86"):
        return start - 1
    return start


#: Full-width ASCII (！ to ～) and the ideographic space fold to their ASCII forms;
#: a length-preserving table, so offsets are unchanged by it.
_WIDTH_TABLE = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20
#: Full-width letters, digits and the marks that matter inside values (＠ ． － ＿ ＋);
#: full-width punctuation such as ： and ， is common in Chinese text and needs no folding.
_NEEDS_FOLDING = re.compile(
    "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff20\uff0e\uff0d\uff3f\uff0b]"
)
_fold_cache = threading.local()


def fold_width(text: str) -> str:
    """Fold full-width ASCII to half-width. Same length as ``text``, so offsets carry over.

    Several recognizers fold the same text one after another; the last result is kept
    per thread.
    """
    if _NEEDS_FOLDING.search(text) is None:
        return text
    cached = getattr(_fold_cache, "entry", None)
    if cached is not None and cached[0] is text:
        return cached[1]
    folded = text.translate(_WIDTH_TABLE)
    _fold_cache.entry = (text, folded)
    return folded


class Normalized(NamedTuple):
    """A normalized string and, for each of its characters, the original index.

    ``offsets[i]`` is the index in the original text of the character that produced
    ``text[i]``; offsets are strictly increasing, so any normalized slice maps back to one
    contiguous original span.
    """

    text: str
    offsets: tuple[int, ...] | range
    #: indices ``i`` of ``text`` where a separator preceded ``text[i]`` in the original
    breaks: frozenset[int] = frozenset()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the normalized slice ``[start, end)`` to an original ``[start, end)``."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"empty or out-of-range slice [{start}, {end})")
        return self.offsets[start], self.offsets[end - 1] + 1


def normalize_digits(text: str, start: int = 0, end: int | None = None) -> Normalized:
    """Normalize ``text[start:end]`` to ASCII digits (and a final ``X``).

    Separators and brackets are dropped; every other character that is neither a numeral
    nor a check letter is dropped too and counts as a break.  Offsets are absolute
    (they index ``text``, not the slice).
    """
    if end is None:
        end = len(text)
    # Fast path: a run of numerals only (no separator, no check letter), the usual case.
    folded = text[start:end].translate(_DIGIT_TABLE)
    if folded.isascii() and folded.isdigit():
        return Normalized(folded, range(start, end))
    chars: list[str] = []
    offsets: list[int] = []
    breaks: set[int] = set()
    for m in _TOKENS.finditer(folded):
        token = m.group()
        if token in CHECK_X:
            if not chars:
                continue
            token = "X"
        if offsets and start + m.start() != offsets[-1] + 1:
            breaks.add(len(offsets))
        chars.append(token)
        offsets.extend(range(start + m.start(), start + m.end()))
    return Normalized("".join(chars), tuple(offsets), frozenset(breaks))


def is_numeral(char: str) -> bool:
    """True for any character that denotes a decimal digit (written, full-width or spoken)."""
    return char in DIGIT_VALUES


def is_spoken(char: str) -> bool:
    """True for a Chinese numeral character (as opposed to a written digit)."""
    return char in DIGIT_VALUES and not ("0" <= char <= "9" or "０" <= char <= "９")
