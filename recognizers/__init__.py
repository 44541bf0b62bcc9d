"""Chinese recognizer pack for Presidio, installed as ``piiguard_recognizers``.

One Presidio recognizer per entity, language ``zh``, offline, with its validation and its
context cues.  Use them in your own ``AnalyzerEngine``::

    from piiguard_recognizers import default_recognizers
    for recognizer in default_recognizers():
        engine.registry.add_recognizer(recognizer)

This package depends on presidio-analyzer and jieba only; it never imports ``piiguard``.
"""

from __future__ import annotations

from .address import ChineseAddressRecognizer
from .bank_card import ChineseBankCardRecognizer
from .base import LANGUAGE, ChineseRecognizer
from .email import ChineseEmailRecognizer
from .license_plate import ChineseLicensePlateRecognizer
from .passport import ChinesePassportRecognizer
from .person import ChinesePersonRecognizer
from .phone import ChinesePhoneRecognizer
from .resident_id import ChineseResidentIdRecognizer

#: Canonical entity names of this pack, in the order overlaps are settled when scores tie.
ENTITIES: tuple[str, ...] = (
    "CN_RESIDENT_ID",
    "CN_BANK_CARD",
    "PHONE_NUMBER",
    "EMAIL_ADDRESS",
    "CN_PASSPORT",
    "CN_LICENSE_PLATE",
    "PERSON",
    "CN_ADDRESS",
)

#: The identifier entities: numbers and codes, as opposed to names and addresses.
IDENTIFIERS: tuple[str, ...] = tuple(e for e in ENTITIES if e not in ("PERSON", "CN_ADDRESS"))

RECOGNIZER_CLASSES: tuple[type[ChineseRecognizer], ...] = (
    ChineseResidentIdRecognizer,
    ChineseBankCardRecognizer,
    ChinesePhoneRecognizer,
    ChineseEmailRecognizer,
    ChinesePassportRecognizer,
    ChineseLicensePlateRecognizer,
    ChinesePersonRecognizer,
    ChineseAddressRecognizer,
)


def default_recognizers(language: str = LANGUAGE) -> list[ChineseRecognizer]:
    """A fresh instance of every recognizer in the pack, for ``language`` (default ``zh``)."""
    return [cls(supported_language=language) for cls in RECOGNIZER_CLASSES]


__all__ = [
    "ChineseAddressRecognizer",
    "ENTITIES",
    "IDENTIFIERS",
    "LANGUAGE",
    "RECOGNIZER_CLASSES",
    "ChineseBankCardRecognizer",
    "ChineseEmailRecognizer",
    "ChineseLicensePlateRecognizer",
    "ChinesePassportRecognizer",
    "ChinesePersonRecognizer",
    "ChinesePhoneRecognizer",
    "ChineseRecognizer",
    "ChineseResidentIdRecognizer",
    "default_recognizers",
]
