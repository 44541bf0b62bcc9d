"""CN_LICENSE_PLATE: mainland vehicle plates (GA 36), including new-energy plates.

A plate is a province abbreviation, an issuing-authority letter (not I or O), an optional
separator dot, and five characters (ordinary: letters and digits, at least three digits) or
six (new-energy: D/F or A-K then a letter or digit and four digits, or five digits then
D/F); an optional suffix such as 学, 警 or 挂.  Spoken digits (京A一二三四五) count too.
"""

from __future__ import annotations

import re

from .base import ChineseRecognizer
from .context import cues_before
from .normalize import DIGIT_VALUES, fold_width

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_NUM = "零〇洞一幺二两三四五六七八九"
_PLATE = re.compile(
    rf"[{PROVINCES}][A-HJ-NP-Za-hj-np-z] ?[·•・.\-]? ?"
    rf"[A-HJ-NP-Za-hj-np-z0-9{_NUM}]{{5,6}}(?![A-Za-z0-9{_NUM}])[挂学警港澳领试超]?"
)
_NEW_ENERGY = re.compile(r"[A-HJK][A-HJ-NP-Z0-9]\d{4}|\d{5}[DF]")


class ChineseLicensePlateRecognizer(ChineseRecognizer):
    """Vehicle license plates, ordinary and new-energy."""

    ENTITY = "CN_LICENSE_PLATE"
    CONTEXT = ("车牌", "车牌号", "牌照")

    def find(self, text: str, start: int = 0) -> list[tuple[int, int, float]]:
        folded = fold_width(text)
        found = []
        for m in _PLATE.finditer(folded):
            raw = m.group()
            body = "".join(
                DIGIT_VALUES.get(c, c.upper())
                for c in raw[2:]
                if c not in " ·•・.-挂学警港澳领试超"
            )
            if len(body) == 5:
                ok = sum(c.isdigit() for c in body) >= 3
            else:
                ok = _NEW_ENERGY.fullmatch(body) is not None
            if not ok:
                continue
            cue = any(h.cue.kind == "PLATE" for h in cues_before(folded, m.start(), 16))
            found.append((m.start(), m.end(), 1.0 if cue else 0.8))
        return found
