"""EMAIL_ADDRESS: written addresses, and addresses spelled out in a call.

Written: ``local@domain.tld``, with full-width ＠ and ． folded first.  Spoken: callers
say "zhangwei 下划线 88 艾特 qq 点 com" (ASR may glue it: "jietang666艾特vipdot163dotcom").
A spoken address needs an at-word (艾特, at, @) and a known top-level domain; an e-mail
cue before it (邮箱, 邮件, email) raises the score.  The span runs from the first
character of the local part to the end of the domain.

Unlike Presidio's ``EmailRecognizer`` this needs no ``tldextract`` (which tries to
download the public-suffix list): the top-level domain is checked against a short list.
Both forms are searched only around an at-sign or at-word, with bounded windows, so the
cost is linear in the input and nothing is spent on text without one.
"""

from __future__ import annotations

import re

from .base import ChineseRecognizer
from .context import cues_before
from .normalize import fold_width

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?"
_WRITTEN = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,63}[A-Za-z0-9_])?"
    rf" ?@ ?{_LABEL}(?: ?\. ?{_LABEL}){{1,4}}"
)
_TLDS = (
    "com cn net org edu gov cc io me info biz hk tw mo co us uk jp kr sg de fr ru top xyz "
    "vip club site online tech ai app dev"
).split()
_TLD_SET = frozenset(_TLDS)

#: Spoken at-words; " at " needs its spaces (it is also part of words).
_AT_WORDS = re.compile(r"艾特|爱特|圈a|圈A|小老鼠|(?<= )at(?= )|@")
_NUMERALS = "零〇一二三四五六七八九幺两洞"
#: What a spelled-out local part is made of, read backwards from the at-word.
_LOCAL_TAIL = re.compile(
    rf"(?:[A-Za-z0-9{_NUMERALS}_.\-]|下划线|底线|横杠|中划线|减号|杠|点| (?! ))+$"
)
#: What a spelled-out domain is made of, up to and including a known top-level domain.
_DOMAIN_HEAD = re.compile(
    rf" ?(?:[A-Za-z0-9{_NUMERALS}\-]{{1,40}} ?(?:点|\.|dot) ?){{1,3}}"
    rf"(?:{'|'.join(sorted(_TLDS, key=lambda t: (-len(t), t)))})(?![A-Za-z])"
)
_LEAD_WORDS = frozenset("my email e mail is address the to send me".split())


def _domain_end(text: str, pos: int) -> int | None:
    """End of a spoken domain starting at ``pos`` ("qq 点 com", "vipdot163dotcom")."""
    m = _DOMAIN_HEAD.match(text, pos, min(len(text), pos + 120))
    return m.end() if m else None


def _local_start(text: str, at: int) -> int | None:
    """Start of a spoken local part ending at ``at`` (spaces and connectors allowed)."""
    lo = max(0, at - 64)
    m = _LOCAL_TAIL.search(text, lo, at)
    if m is None:
        return None
    start = m.start()
    while start < at and text[start] in " ._-":
        start += 1
    # Drop English filler before the local part: "my email is zhang at …".
    while True:
        word = re.match(r"([A-Za-z]+) ", text[start:at])
        if word is None or word.group(1).lower() not in _LEAD_WORDS:
            break
        start += word.end()
    return start if start < at else None


class ChineseEmailRecognizer(ChineseRecognizer):
    """E-mail addresses, written or spelled out."""

    ENTITY = "EMAIL_ADDRESS"
    CONTEXT = ("邮箱", "电子邮件", "邮件", "email")

    def find(self, text: str, start: int = 0) -> list[tuple[int, int, float]]:
        if not (
            "@" in text
            or "＠" in text
            or "艾特" in text
            or "爱特" in text
            or " at " in text
            or "圈a" in text
            or "圈A" in text
            or "小老鼠" in text
        ):
            return []
        folded = fold_width(text)
        found: list[tuple[int, int, float]] = []
        if "@" in folded:
            # One pass over the text: the pattern starts only at a token start, so each
            # character is looked at a bounded number of times.
            for m in _WRITTEN.finditer(folded):
                tld = re.split(r" ?\. ?", m.group())[-1].lower()
                if tld in _TLD_SET:
                    found.append((m.start(), m.end(), 1.0))
                elif tld.isalpha():
                    found.append((m.start(), m.end(), 0.8))
        taken_until = -1
        written = iter(found[:])
        current = next(written, None)
        for at in _AT_WORDS.finditer(folded):
            while current is not None and current[1] <= at.start():
                current = next(written, None)
            if at.start() < taken_until or (current is not None and current[0] <= at.start()):
                continue
            hit = self._spoken(folded, at.start(), at.end())
            if hit is not None:
                found.append(hit)
                taken_until = hit[1]
        found.sort()
        return found

    @staticmethod
    def _spoken(text: str, at: int, at_end: int) -> tuple[int, int, float] | None:
        end = _domain_end(text, at_end)  # cheap, and usually what fails: check it first
        if end is None:
            return None
        start = _local_start(text, at)
        if start is None:
            return None
        while start < at and text[start] == " ":
            start += 1
        cue = any(h.cue.kind == "EMAIL" for h in cues_before(text, start, 40))
        return start, end, 0.9 if cue else 0.7
