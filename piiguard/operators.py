"""Operators: what happens to a detected value.

``mask``     hide characters in the Chinese convention (138****5678), keeping the written
             form: separators, +86, brackets and spoken numerals stay where they were;
``replace``  substitute a tag (``<PHONE_NUMBER>``) or a given text;
``redact``   remove the value;
``keep``     leave it (for entities a job must see).

The default masks are those of Chinese industry practice:

* PHONE_NUMBER: mobile keeps the first 3 and last 4 digits (138****5678; a +86 prefix
  stays); landline keeps the area code and the last 4 digits (010-****1234).
* CN_RESIDENT_ID: first 6 (region) and last 4 digits (110105********1234); 15-digit: last 3.
* CN_BANK_CARD: first 6 (issuer) and last 4, as PCI DSS allows (622202*********0123).
* EMAIL_ADDRESS: first character of the local part and the domain (z*******@qq.com).
* CN_PASSPORT: series letter and last 2 digits (E******78).
* CN_LICENSE_PLATE: province and authority letter, and the last character (粤B·*****5).
* PERSON: the surname (王*, 王**, 欧阳**); a name without a known surname (耳东陈,
  阿卜杜拉·买买提) is masked whole.
* CN_ADDRESS: the administrative divisions down to the district or county
  (北京市朝阳区******); an address without them is masked whole.
* anything else, and pieces of numbers: every character (***).

A *piece* of a number read out in parts (前三位一五八) is masked whole: any digit kept from
a three-digit piece would be a third of it.

:class:`ChineseMask` exposes the same masks as a Presidio anonymizer ``Operator`` so they
work in a plain ``AnonymizerEngine`` too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from piiguard_recognizers.normalize import CHECK_X, DIGIT_VALUES
from piiguard_recognizers.reference_data import area_code_of
from presidio_anonymizer.operators import Operator, OperatorType

MASK_CHAR = "*"
OPERATORS = ("mask", "replace", "redact", "keep")
_EMAIL_AT = ("@", "＠", "艾特", "爱特", "圈a", "圈A", "小老鼠", " at ")


#: Characters that carry a value (digits, numerals, letters, CJK), not separators.
_SIGNIFICANT = re.compile(r"[^\W_]|○")
_NOT_DIGIT = re.compile(r"[^0-9X]")
_TO_DIGITS = str.maketrans({**DIGIT_VALUES, **{c: "X" for c in CHECK_X}})


def significant(char: str) -> bool:
    """A character that carries the value (digit, numeral, letter, CJK), not a separator."""
    return _SIGNIFICANT.match(char) is not None


@dataclass(frozen=True)
class OperatorSpec:
    """An operator name and its parameters, as written in a policy."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)

    def describe(self) -> str:
        """Short, data-free description for logs and audit records."""
        return self.name


def mask_positions(value: str, keep_first: int, keep_last: int, char: str = MASK_CHAR) -> str:
    """Mask the significant characters of ``value`` except the first/last few.

    Separators and other non-significant characters stay, so "138 1234 5678" becomes
    "138 **** 5678" and a spoken "幺三八幺二三四五六七八" becomes "幺三八****五六七八".
    If fewer than ``keep_first + keep_last + 1`` significant characters exist, all are
    masked: a mask never reveals a whole value.
    """
    positions = [m.start() for m in _SIGNIFICANT.finditer(value)]
    n = len(positions)
    if keep_first + keep_last >= n:
        hide = positions
    else:
        hide = positions[keep_first : n - keep_last]
    chars = list(value)
    for i in hide:
        chars[i] = char
    return "".join(chars)


def _digits(value: str) -> str:
    return _NOT_DIGIT.sub("", value.translate(_TO_DIGITS))


def _phone_keep(value: str) -> tuple[int, int]:
    digits = _digits(value)
    prefix = 0
    if digits.startswith("0086"):
        prefix = 4
    elif digits.startswith("86") and len(digits) in (12, 13):
        prefix = 2
    national = digits[prefix:]
    if len(national) == 11 and national[0] == "1":
        return prefix + 3, 4
    if national.startswith("0"):
        code = area_code_of(national)
        if code is not None and len(national) >= len(code) + 7:
            return prefix + len(code), 4
    elif prefix and len(national) >= 9:
        code = area_code_of("0" + national)
        if code is not None:
            return prefix + len(code) - 1, 4
    return 0, 0


def default_mask_keep(entity: str, value: str) -> tuple[int, int]:
    """How many significant characters the default mask keeps at each end of ``value``."""
    if entity == "PHONE_NUMBER":
        return _phone_keep(value)
    if entity == "CN_RESIDENT_ID":
        size = len(_digits(value))
        return {18: (6, 4), 15: (6, 3)}.get(size, (0, 0))
    if entity == "CN_BANK_CARD":
        return (6, 4) if 16 <= len(_digits(value)) <= 19 else (0, 0)
    if entity == "CN_PASSPORT":
        return 1, 2
    if entity == "CN_LICENSE_PLATE":
        return 2, 1
    if entity == "PERSON":
        from piiguard_recognizers.person import surname_length

        return surname_length(value), 0
    if entity == "CN_ADDRESS":
        from piiguard_recognizers.address import division_prefix_length

        return division_prefix_length(value), 0
    return 0, 0


def mask_email(value: str, char: str = MASK_CHAR) -> str:
    """Keep the first character of the local part and everything from the at-sign on."""
    cut = min((i for i in (value.find(a) for a in _EMAIL_AT) if i > 0), default=-1)
    if cut < 0:
        return mask_positions(value, 0, 0, char)
    local = value[:cut]
    if sum(1 for c in local if significant(c)) <= 1:
        # "a@qq.com": keeping the first character would keep the whole local part.
        return "".join(c if c.isspace() else char for c in local) + value[cut:]
    masked = local[0] + "".join(c if c.isspace() else char for c in local[1:])
    return masked + value[cut:]


def mask(entity: str, value: str, params: dict[str, Any] | None = None) -> str:
    """Mask ``value`` of ``entity`` by the default convention or explicit keep counts."""
    params = params or {}
    char = str(params.get("char", MASK_CHAR))
    if "keep_first" in params or "keep_last" in params:
        return mask_positions(
            value, int(params.get("keep_first", 0)), int(params.get("keep_last", 0)), char
        )
    if entity == "EMAIL_ADDRESS":
        return mask_email(value, char)
    keep_first, keep_last = default_mask_keep(entity, value)
    return mask_positions(value, keep_first, keep_last, char)


def apply(spec: OperatorSpec, entity: str, value: str) -> str:
    """The replacement text for ``value`` under ``spec``."""
    name = spec.name
    if name == "mask":
        return mask(entity, value, spec.params)
    if name == "replace":
        return str(spec.params.get("with", f"<{entity}>"))
    if name == "redact":
        return ""
    if name == "keep":
        return value
    raise ValueError(f"unknown operator {name!r}; expected one of {', '.join(OPERATORS)}")


class ChineseMask(Operator):
    """Presidio anonymizer operator ``cn_mask``: the Chinese-convention masks above.

    Register with ``AnonymizerEngine().add_anonymizer(ChineseMask)`` and use
    ``OperatorConfig("cn_mask")``; optional params ``keep_first``, ``keep_last``, ``char``.
    """

    def operate(self, text: str, params: dict | None = None) -> str:
        params = dict(params or {})
        entity = str(params.pop("entity_type", ""))
        return mask(entity, text, params)

    def validate(self, params: dict | None = None) -> None:
        for key in ("keep_first", "keep_last"):
            if params and key in params and int(params[key]) < 0:
                raise ValueError(f"cn_mask: {key} must be >= 0")

    def operator_name(self) -> str:
        return "cn_mask"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize
