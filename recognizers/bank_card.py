"""CN_BANK_CARD: 16-19 digit payment card numbers (ISO/IEC 7812).

A card number passes the Luhn check and opens with an issuer prefix of a card used in
China (UnionPay 62/81, Visa 4, Mastercard 51-55 and 2221-2720, JCB, legacy domestic 9558 …).
A number that fails Luhn is reported only with explicit context (卡号, 银行卡).  Grouped in
fours, spoken or full-width, like every number (:mod:`.numbers`).
"""

from __future__ import annotations

from .base import ChineseRecognizer
from .numbers import CARD, scan_numbers


class ChineseBankCardRecognizer(ChineseRecognizer):
    """Bank card numbers in any written or spoken form."""

    ENTITY = CARD
    CONTEXT = ("卡号", "银行卡", "信用卡", "储蓄卡", "账号")

    def find(self, text: str, start: int = 0) -> list[tuple[int, int, float]]:
        return [(f.start, f.end, f.score) for f in scan_numbers(text, start) if f.entity == CARD]
