"""PHONE_NUMBER: mainland mobile and landline numbers, written or spoken.

Mobile numbers follow the MIIT number plan (11 digits, allocated 13x-19x prefixes, see
``data/mobile_prefixes.tsv``); landlines carry a known area code (``data/area_codes.tsv``)
and a 7-8 digit subscriber number.  +86 / 0086 / 86- prefixes and in-number separators are
part of the span; an extension (转806) is not.  Detection shares one numeral scan with the
ID and bank-card recognizers (:mod:`.numbers`).
"""

from __future__ import annotations

from .base import ChineseRecognizer
from .numbers import PHONE, scan_numbers


class ChinesePhoneRecognizer(ChineseRecognizer):
    """Mainland phone numbers in any written or spoken form."""

    ENTITY = PHONE
    CONTEXT = ("手机", "手机号", "电话", "号码", "联系方式", "座机", "微信")

    def find(self, text: str, start: int = 0) -> list[tuple[int, int, float]]:
        return [(f.start, f.end, f.score) for f in scan_numbers(text, start) if f.entity == PHONE]
