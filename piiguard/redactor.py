"""The Redactor: detect with the Chinese pack, settle overlaps, apply the policy.

This is the throughput path.  It calls the recognizers directly instead of going through
``AnalyzerEngine`` (whose NLP pass, registry lookups and per-result bookkeeping cost far
more than the detection itself), but it uses the very same recognizer objects, so a
finding here is a finding there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from piiguard_recognizers import ENTITIES, ChineseRecognizer, default_recognizers
from presidio_analyzer import RecognizerResult

from piiguard.operators import apply
from piiguard.policy import Policy

_PRIORITY = {entity: i for i, entity in enumerate(ENTITIES)}


class RedactedItem(NamedTuple):
    """One changed value: where it was, where its replacement is, and how it was changed.

    Holds no original text: slice the input with ``start``/``end`` if you must.
    """

    entity: str
    #: span in the input text
    start: int
    end: int
    #: span of the replacement in the output text
    out_start: int
    out_end: int
    operator: str
    score: float


@dataclass(frozen=True, slots=True)
class RedactionResult:
    """The redacted text and the list of changes, in text order."""

    text: str
    items: tuple[RedactedItem, ...]


Finding = tuple[int, int, float, str]


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep a non-overlapping subset, deterministically.

    Higher score wins, then the longer span, then the entity listed first in
    :data:`piiguard_recognizers.ENTITIES` (an ID number outranks a card number on a tie),
    then the earlier start.  The result is sorted by position.
    """
    if len(findings) < 2:
        return findings
    ordered = sorted(findings, key=lambda f: (-f[2], f[0] - f[1], _PRIORITY.get(f[3], 99), f[0]))
    kept: list[Finding] = []
    for f in ordered:
        if all(f[1] <= k[0] or k[1] <= f[0] for k in kept):
            kept.append(f)
    kept.sort()
    return kept


class Redactor:
    """Find and de-identify personal data in Chinese text, offline.

    >>> Redactor().redact("我的手机号是13812345678").text
    '我的手机号是138****5678'
    """

    def __init__(
        self,
        policy: Policy | None = None,
        keyring: object | None = None,
        recognizers: Sequence[ChineseRecognizer] | None = None,
    ) -> None:
        self.policy = policy or Policy.default_policy()
        self.keyring = keyring
        wanted = set(self.policy.detect)
        pool = list(recognizers) if recognizers is not None else default_recognizers()
        self.recognizers = [r for r in pool if wanted.intersection(r.supported_entities)]

    def _find(self, text: str, context: str | None) -> list[Finding]:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        if context is not None and not isinstance(context, str):
            raise TypeError(f"context must be str or None, not {type(context).__name__}")
        if not text or text.isspace():
            return []
        offset = 0
        if context:
            # Cues in the previous turn ("您的手机号是？") inform pieces in this one.
            offset = len(context) + 1
            text = f"{context}\n{text}"
        threshold = self.policy.threshold
        findings: list[Finding] = []
        for recognizer in self.recognizers:
            entity = recognizer.ENTITY
            for start, end, score in recognizer.find(text):
                if score >= threshold and start >= offset:
                    findings.append((start - offset, end - offset, score, entity))
        return resolve_overlaps(findings)

    def analyze(self, text: str, context: str | None = None) -> list[RecognizerResult]:
        """Findings as Presidio ``RecognizerResult`` objects, sorted and non-overlapping.

        ``context`` is text that came just before ``text`` (the previous turn): it is read
        for cues only, and nothing in it is reported.
        """
        return [RecognizerResult(e, s, t, score) for s, t, score, e in self._find(text, context)]

    def redact(self, text: str, context: str | None = None) -> RedactionResult:
        """Apply the policy to every finding; see :meth:`analyze` for ``context``."""
        findings = self._find(text, context)
        if not findings:
            return RedactionResult(text, ())
        policy = self.policy
        parts: list[str] = []
        items: list[RedactedItem] = []
        cursor = 0
        out_len = 0
        for start, end, score, entity in findings:
            spec = policy.operator_for(entity)
            replacement = apply(spec, entity, text[start:end])
            between = text[cursor:start]
            parts.append(between)
            out_len += len(between)
            parts.append(replacement)
            items.append(
                RedactedItem(
                    entity, start, end, out_len, out_len + len(replacement), spec.name, score
                )
            )
            out_len += len(replacement)
            cursor = end
        parts.append(text[cursor:])
        return RedactionResult("".join(parts), tuple(items))
