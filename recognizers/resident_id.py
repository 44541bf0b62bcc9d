"""CN_RESIDENT_ID: resident identity numbers (GB 11643-1999), 18-digit and legacy 15-digit.

An 18-digit number is six digits of administrative division (GB/T 2260; current and
historical codes in ``data/region_codes.tsv``), an eight-digit birth date, a three-digit
sequence and an ISO 7064 MOD 11-2 check character (0-9 or X, spoken 叉).  Validation raises
the score; with explicit context (身份证号, 证件号码) a number whose check digit an ASR slip
broke is still reported.
"""

from __future__ import annotations

from .base import ChineseRecognizer
from .numbers import ID, scan_numbers


class ChineseResidentIdRecognizer(ChineseRecognizer):
    """Resident identity card numbers in any written or spoken form."""

    ENTITY = ID
    CONTEXT = ("身份证", "身份证号", "证件号码", "证件号", "身份号码")

    def find(self, text: str, start: int = 0) -> list[tuple[int, int, float]]:
        return [(f.start, f.end, f.score) for f in scan_numbers(text, start) if f.entity == ID]
