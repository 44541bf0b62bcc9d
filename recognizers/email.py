"""EMAIL_ADDRESS: written addresses, and addresses spelled out in a call.

Written: ``local@domain.tld``, with full-width ＠ and ． folded first.  Spoken: callers
say "zhangwei 下划线 88 艾特 qq 点 com".  A spoken address needs an at-word (艾特, at, @)
and a known top-level domain; an e-mail cue before it (邮箱, 邮件, email) raises the score.
The span runs from the first character of the local part to the end of the domain.

Unlike Presidio's ``EmailRecognizer`` this needs no ``tldextract`` (which tries to
download the public-suffix list): the top-level domain is checked against a short list.
Every pattern is anchored at a token start and bounded in repetition, so matching is
linear in the input.
"""

from __future__ import annotations

import re

from .base import ChineseRecognizer
from .context import cues_before
from .normalize import fold_width

_WRITTEN = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,63}[A-Za-z0-9_])?"
    r" ?@ ?[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?"
    r"(?: ?\. ?[A-Za-z0-9](?:[A-Za-z0-9\-]{0,62}[A-Za-z0-9])?){1,4}"
)

_NUMERALS = "零〇一二三四五六七八九幺两洞"
_WORD = rf"[A-Za-z0-9{_NUMERALS}]{{1,40}}"
_JOIN = r"(?:\s*(?:下划线|底线|横杠|中划线|减号|杠|点|[._\-])\s*|\s+)"
_AT = r"(?:\s*(?:@|艾特|爱特|圈a|圈A|小老鼠)\s*|\s+at\s+)"
_DOT = r"(?:\s*(?:点|\.)\s*|\s+dot\s+)"
_SPOKEN = re.compile(
    rf"(?<![A-Za-z0-9{_NUMERALS}]){_WORD}(?:{_JOIN}{_WORD}){{0,6}}{_AT}"
    rf"{_WORD}(?:{_DOT}{_WORD}){{1,3}}(?![A-Za-z0-9])"
)
_SPOKEN_AT = ("艾特", "爱特", "圈a", "圈A", "小老鼠", " at ", "@")
_LEAD_WORDS = frozenset("my email e mail is address the to send me 邮箱".split())
_TLDS = frozenset(
    "com cn net org edu gov cc io me info biz hk tw mo co us uk jp kr sg de fr ru top xyz "
    "vip club site online tech ai app dev".split()
)


def _tld_ok(domain_tail: str) -> bool:
    return domain_tail.lower() in _TLDS


class ChineseEmailRecognizer(ChineseRecognizer):
    """E-mail addresses, written or spelled out."""

    ENTITY = "EMAIL_ADDRESS"
    CONTEXT = ("邮箱", "电子邮件", "邮件", "email")

    def find(self, text: str) -> list[tuple[int, int, float]]:
        folded = fold_width(text)
        found: list[tuple[int, int, float]] = []
        if "@" in folded:
            for m in _WRITTEN.finditer(folded):
                tail = re.split(r" ?\. ?", m.group())[-1]
                if _tld_ok(tail) or tail.isalpha():
                    found.append((m.start(), m.end(), 1.0 if _tld_ok(tail) else 0.8))
        if any(mark in folded for mark in _SPOKEN_AT):
            taken = [(s, e) for s, e, _ in found]
            for m in _SPOKEN.finditer(folded):
                start, end = m.span()
                if any(s < end and start < e for s, e in taken):
                    continue
                tail = re.split(r"\s*(?:点|\.)\s*|\s+dot\s+", m.group())[-1]
                if not _tld_ok(tail):
                    continue
                start = self._skip_lead_words(folded, start, end)
                cue = any(h.cue.kind == "EMAIL" for h in cues_before(folded, start, 40))
                found.append((start, end, 0.9 if cue else 0.7))
        found.sort()
        return found

    @staticmethod
    def _skip_lead_words(text: str, start: int, end: int) -> int:
        """Drop English filler before the local part: "my email is zhang at …"."""
        while True:
            m = re.match(r"([A-Za-z]+)\s+", text[start:end])
            if m is None or m.group(1).lower() not in _LEAD_WORDS:
                return start
            start += m.end()
