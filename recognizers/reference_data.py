"""Loaders for the reference data shipped in ``data/`` (see ``data/PROVENANCE.md``).

Each table is read once, on first use, into a frozenset or dict: a detector that never
sees a number never pays for the region table.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

#: Two-digit province codes of GB/T 2260 (71 Taiwan, 81 Hong Kong, 82 Macau; 83 is used by
#: residence permits for Taiwan residents).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)

#: Issuer identification prefixes of cards issued or accepted in mainland China:
#: UnionPay (62, 81), Visa (4), Mastercard (51-55, 2221-2720), JCB (3528-3589),
#: and the pre-UnionPay domestic debit prefixes (9558 ICBC, 9559 ABC, 6013 BOC, …).
_CARD_PREFIX_RANGES: tuple[tuple[str, str], ...] = (
    ("62", "62"),
    ("81", "81"),
    ("4", "4"),
    ("51", "55"),
    ("2221", "2720"),
    ("3528", "3589"),
    ("6013", "6013"),
    ("60", "60"),
    ("9400", "9400"),
    ("955", "955"),
)


def card_prefix_ok(digits: str) -> bool:
    """True when ``digits`` starts with an issuer prefix of a card used in China."""
    for low, high in _CARD_PREFIX_RANGES:
        head = digits[: len(low)]
        if low <= head <= high:
            return True
    return False


def _rows(name: str) -> list[list[str]]:
    text = resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def region_codes() -> frozenset[str]:
    """Six-digit division codes, current and historical, that may open an ID number."""
    return frozenset(row[0] for row in _rows("region_codes.tsv") if len(row[0]) == 6)


@cache
def prefecture_codes() -> frozenset[str]:
    """The first four digits of every known region code."""
    return frozenset(code[:4] for code in region_codes())


@cache
def area_codes() -> frozenset[str]:
    """Landline area codes with their leading zero (``010``, ``0755``)."""
    codes = set()
    for row in _rows("area_codes.tsv"):
        code = row[0].strip()
        codes.add(code if code.startswith("0") else "0" + code)
    return frozenset(codes)


@cache
def mobile_prefixes() -> frozenset[str]:
    """Allocated mobile prefixes (three digits, some four) of the mainland number plan."""
    return frozenset(row[0].strip() for row in _rows("mobile_prefixes.tsv"))


def mobile_prefix_ok(digits: str) -> bool:
    """True when an 11-digit number opens with an allocated mobile prefix."""
    prefixes = mobile_prefixes()
    return digits[:3] in prefixes or digits[:4] in prefixes


def area_code_of(digits: str) -> str | None:
    """The landline area code that opens ``digits`` (which starts with 0), if any."""
    codes = area_codes()
    for size in (3, 4):
        if digits[:size] in codes:
            return digits[:size]
    return None
