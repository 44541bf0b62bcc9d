"""CN_PASSPORT: passport numbers of the People's Republic of China.

Ordinary e-passports: E + 8 digits, or (since 2017) E + a letter other than I/O + 7 digits;
older ordinary passports G + 8 digits; diplomatic, service and public-affairs passports
D, S(E), P(E) + 7-8 digits.  The formats are short and generic, so context (护照) decides
for the rarer series and raises the score of the others.
"""

from __future__ import annotations

import re

from .base import ChineseRecognizer
from .context import cues_before, governs, nearest_entity_or_neg
from .normalize import DIGIT_VALUES, fold_width

_NUM = "0-9零〇洞一幺二两三四五六七八九"
#: The series letter comes first so that ``re`` can skip text quickly; the character
#: before it is checked in code (a lookbehind in front would defeat that).
_PASSPORT = re.compile(
    rf"[EeGgDdSsPp] ?[A-Za-z]?[ \-]?(?:[{_NUM}] ?){{6,7}}[{_NUM}](?![0-9A-Za-z{_NUM}])"
)
_ORDINARY = re.compile(r"E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8}")
_OFFICIAL = re.compile(r"(?:D|SE|PE|S|P)\d{7,8}")


class ChinesePassportRecognizer(ChineseRecognizer):
    """Passport numbers (E/G series and official passports)."""

    ENTITY = "CN_PASSPORT"
    CONTEXT = ("护照", "护照号", "护照号码", "passport")

    def find(self, text: str, start: int = 0) -> list[tuple[int, int, float]]:
        folded = fold_width(text)
        found = []
        for m in _PASSPORT.finditer(folded):
            before = folded[m.start() - 1] if m.start() else ""
            if before.isascii() and before.isalnum():
                continue
            value = "".join(DIGIT_VALUES.get(c, c.upper()) for c in m.group() if c not in " -")
            hits = cues_before(folded, m.start(), 20)
            nearest = nearest_entity_or_neg(hits)
            if (
                nearest is not None
                and nearest.cue.kind == "NEG"
                and governs(nearest, len(value))
                and m.start() - nearest.end <= 12
            ):
                continue  # 订单号E12345678: an order number in passport shape
            cue = any(h.cue.kind == "PASSPORT" for h in hits)
            if _ORDINARY.fullmatch(value):
                found.append((m.start(), m.end(), 1.0 if cue else 0.6))
            elif cue and _OFFICIAL.fullmatch(value):
                found.append((m.start(), m.end(), 0.9))
        return found
