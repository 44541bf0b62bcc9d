"""Shared fixtures and helpers for the piiguard test suite.

Helpers are exposed as fixtures (``conftest`` is not imported directly by the test modules):

* ``redactor``: one default :class:`piiguard.Redactor` for the whole session (it is
  stateless between calls, so sharing it is safe and keeps the suite fast);
* ``spans``: ``spans(text, context=None)`` -> ``[(entity, text[start:end]), ...]`` as found by
  ``Redactor.analyze``, restricted to the six number/identifier entities of the foundation
  (:data:`FOUNDATION`), so that these tables do not depend on name or address detection;
* ``recognizer_spans``: ``recognizer_spans(recognizer_class, text)`` -> substrings found by one
  recognizer through its Presidio ``analyze`` entry point.

Every test here runs offline; nothing downloads anything.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from piiguard_recognizers import IDENTIFIERS

from piiguard import Redactor

SpanList = list[tuple[str, str]]

#: The entities whose recognizers these tests cover (names and addresses are tested elsewhere).
FOUNDATION = frozenset(IDENTIFIERS)


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    return Redactor()


@pytest.fixture(scope="session")
def spans(redactor: Redactor) -> Callable[..., SpanList]:
    def _spans(text: str, context: str | None = None) -> SpanList:
        results = redactor.analyze(text, context=context)
        return [
            (r.entity_type, text[r.start : r.end]) for r in results if r.entity_type in FOUNDATION
        ]

    return _spans


@pytest.fixture(scope="session")
def recognizer_spans() -> Callable[[type, str], list[str]]:
    instances: dict[type, object] = {}

    def _recognizer_spans(cls: type, text: str) -> list[str]:
        recognizer = instances.get(cls)
        if recognizer is None:
            recognizer = instances[cls] = cls()
        results = recognizer.analyze(text, [recognizer.ENTITY], None)
        for r in results:
            assert r.entity_type == recognizer.ENTITY
            assert 0 <= r.start < r.end <= len(text)
            assert 0.0 < r.score <= 1.0
        return [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start)]

    return _recognizer_spans
