"""Check-digit and date validation for Chinese identifiers.

* GB 11643-1999 resident identity numbers end in an ISO 7064 MOD 11-2 check character.
* Bank card numbers (ISO/IEC 7812) end in a Luhn check digit.
All functions take normalized ASCII strings (see :mod:`normalize`).
"""

from __future__ import annotations

import datetime as _dt

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

#: Resident IDs name a birth date; nobody alive was born before this year.
EARLIEST_BIRTH_YEAR = 1900


def id18_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits of an ID number."""
    total = 0
    for weight, digit in zip(_ID_WEIGHTS, first17, strict=False):
        total += weight * (ord(digit) - 48)
    return _ID_CHECK[total % 11]


def id18_checksum_ok(value: str) -> bool:
    """True when an 18-character ID number carries the right check character."""
    return len(value) == 18 and value[:17].isdigit() and id18_check_char(value[:17]) == value[17]


def luhn_ok(digits: str) -> bool:
    """True when ``digits`` passes the Luhn (mod 10) check."""
    total = 0
    double = False
    for ch in reversed(digits):
        d = ord(ch) - 48
        if double:
            d *= 2
            if d > 9:
                d -= 9
        total += d
        double = not double
    return total % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The digit that makes ``payload + digit`` Luhn-valid."""
    for d in "0123456789":
        if luhn_ok(payload + d):
            return d
    raise AssertionError("unreachable: one of ten digits always completes a Luhn sum")


def valid_date(year: int, month: int, day: int, *, today: _dt.date | None = None) -> bool:
    """True for a real calendar date between 1900-01-01 and today."""
    if year < EARLIEST_BIRTH_YEAR:
        return False
    try:
        date = _dt.date(year, month, day)
    except ValueError:
        return False
    return date <= (today or _dt.date.today())


def id18_birth_ok(value: str) -> bool:
    """True when characters 7-14 of an 18-digit ID are a real birth date."""
    ymd = value[6:14]
    if not ymd.isdigit():
        return False
    return valid_date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:8]))


def id15_birth_ok(value: str) -> bool:
    """True when characters 7-12 of a legacy 15-digit ID are a real 19yy birth date."""
    ymd = value[6:12]
    if not ymd.isdigit():
        return False
    return valid_date(1900 + int(ymd[:2]), int(ymd[2:4]), int(ymd[4:6]))
