"""The Redactor: detect with the Chinese pack, settle overlaps, apply the policy.

This is the throughput path.  It calls the recognizers directly instead of going through
``AnalyzerEngine`` (whose NLP pass, registry lookups and per-result bookkeeping cost far
more than the detection itself), but it uses the very same recognizer objects, so a
finding here is a finding there.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from piiguard_recognizers import ENTITIES, ChineseRecognizer, default_recognizers
from presidio_analyzer import RecognizerResult

from piiguard.operators import apply
from piiguard.policy import Policy, PolicyError
from piiguard.protect import Protection, RestoreError, ReversibleItem

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
    """The redacted text and the list of changes, in text order.

    ``reversible`` lists the values protected by a reversible operator (``fpe``): where
    their ciphertext is in ``text`` and which key version protected them, never the
    plaintext.  :meth:`Redactor.restore` takes them back.
    """

    text: str
    items: tuple[RedactedItem, ...]
    reversible: tuple[ReversibleItem, ...] = ()


Finding = tuple[int, int, float, str]

#: Texts up to this length are remembered with their findings.  Table cells repeat
#: (statuses, cities, amounts, the same customer on many rows), and a cell seen before
#: then costs one dictionary lookup instead of eight recognizers.
CACHE_TEXT_LEN = 64
#: Entries kept; the cache is emptied when full (cheap, and bounded memory: a few MB).
CACHE_ENTRIES = 32_768


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Keep a non-overlapping subset, deterministically.

    Higher score wins, then the longer span, then the entity listed first in
    :data:`piiguard_recognizers.ENTITIES` (an ID number outranks a card number on a tie),
    then the earlier start.  The result is sorted by position.
    """
    if len(findings) < 2:
        return findings
    ordered = sorted(findings, key=lambda f: (-f[2], f[0] - f[1], _PRIORITY.get(f[3], 99), f[0]))
    # Kept spans never overlap, so sorted by start they are also sorted by end: a new span
    # is free if it ends before the next kept start and starts after the previous kept end.
    starts: list[int] = []
    ends: list[int] = []
    kept: list[Finding] = []
    for f in ordered:
        i = bisect_right(starts, f[0])
        if i and ends[i - 1] > f[0]:
            continue
        if i < len(starts) and starts[i] < f[1]:
            continue
        starts.insert(i, f[0])
        ends.insert(i, f[1])
        kept.insert(i, f)
    return kept


class Redactor:
    """Find and de-identify personal data in Chinese text, offline.

    >>> Redactor().redact("我的手机号是13812345678").text
    '我的手机号是138****5678'
    """

    def __init__(
        self,
        policy: Policy | None = None,
        keyring: Any | None = None,
        recognizers: Sequence[ChineseRecognizer] | None = None,
        *,
        surrogate_seed: bytes | None = None,
        cache: bool = True,
    ) -> None:
        """``keyring``: a :class:`piiguard.keys.Keyring` (or the path of a keyring file,
        unlocked from the environment); needed by the ``fpe`` and ``pseudonym`` operators
        and by :meth:`restore`.  ``surrogate_seed`` fixes the surrogates of a job that
        spans several Redactors (default: random per Redactor).  ``cache=False`` turns off
        the memory of short texts' findings (only useful with recognizers whose answer
        depends on more than the text).
        """
        self.policy = policy or Policy.default_policy()
        if isinstance(keyring, str | os.PathLike):
            from piiguard.keys import Keyring

            keyring = Keyring.open(keyring)
        if keyring is not None and not (
            hasattr(keyring, "key") and hasattr(keyring, "active_version")
        ):
            raise TypeError(f"keyring must be a piiguard Keyring, not {type(keyring).__name__}")
        self.keyring = keyring
        keyed = self.policy.keyed_entities()
        if keyed and keyring is None:
            entity, name = next(iter(keyed.items()))
            raise PolicyError(
                f"the policy protects {entity} with {name!r}, which needs a keyring: pass "
                "keyring=Keyring.open(FILE) (command line: --keyring FILE)"
            )
        if keyring is not None:
            for entity in self.policy.detect:
                version = self.policy.operator_for(entity).params.get("key_version")
                if version is not None:
                    try:
                        keyring.key(version)
                    except ValueError as exc:
                        raise PolicyError(f"{entity}: key_version {version}: {exc}") from None
        self._protection: Protection | None = None
        if self.policy.protects:
            self._protection = Protection(keyring, surrogate_seed=surrogate_seed)
        wanted = set(self.policy.detect)
        pool = list(recognizers) if recognizers is not None else default_recognizers()
        self.recognizers = [r for r in pool if wanted.intersection(r.supported_entities)]
        self._cache: dict[str, list[Finding]] | None = {} if cache else None

    def _find(self, text: str, context: str | None) -> list[Finding]:
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        if context is not None and not isinstance(context, str):
            raise TypeError(f"context must be str or None, not {type(context).__name__}")
        if not text or text.isspace():
            return []
        cache = self._cache
        if cache is not None and context is None and len(text) <= CACHE_TEXT_LEN:
            hit = cache.get(text)
            if hit is None:
                hit = self._detect(text, None)
                if len(cache) >= CACHE_ENTRIES:
                    cache.clear()
                cache[text] = hit
            return list(hit)
        return self._detect(text, context)

    def _detect(self, text: str, context: str | None) -> list[Finding]:
        offset = 0
        if context:
            # Cues in the previous turn ("您的手机号是？") inform pieces in this one.
            offset = len(context) + 1
            text = f"{context}\n{text}"
        threshold = self.policy.threshold
        findings: list[Finding] = []
        for recognizer in self.recognizers:
            entity = recognizer.ENTITY
            for start, end, score in recognizer.find(text, offset):
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
        if self._protection is not None:
            return self._redact_protected(text, findings)
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

    def _redact_protected(self, text: str, findings: list[Finding]) -> RedactionResult:
        """The redact loop with keyed operators (fpe, pseudonym, surrogate)."""
        policy = self.policy
        protection = self._protection
        assert protection is not None
        parts: list[str] = []
        items: list[RedactedItem] = []
        reversible: list[ReversibleItem] = []
        cursor = 0
        out_len = 0
        for start, end, score, entity in findings:
            spec = policy.operator_for(entity)
            name = spec.name
            value = text[start:end]
            between = text[cursor:start]
            parts.append(between)
            out_len += len(between)
            if name == "fpe":
                replacement, version, check, form = protection.encrypt(entity, value, spec.params)
                reversible.append(
                    ReversibleItem(
                        entity,
                        out_len,
                        out_len + len(replacement),
                        name,
                        version,
                        check,
                        spec.params,
                        form,
                    )
                )
            elif name == "pseudonym":
                replacement = protection.pseudonym(entity, value, spec.params)
            elif name == "surrogate":
                replacement = protection.surrogate(entity, value, spec.params)
            else:
                replacement = apply(spec, entity, value)
            parts.append(replacement)
            items.append(
                RedactedItem(entity, start, end, out_len, out_len + len(replacement), name, score)
            )
            out_len += len(replacement)
            cursor = end
        parts.append(text[cursor:])
        return RedactionResult("".join(parts), tuple(items), tuple(reversible))

    def restore(self, text: str, items: Iterable[ReversibleItem]) -> str:
        """The text with every reversible item decrypted: the original, exactly.

        ``items`` are the ``reversible`` items of a :class:`RedactionResult` (or of a
        manifest, see :mod:`piiguard.manifest`), with spans in ``text``.  Raises
        :class:`piiguard.protect.RestoreError` -- and returns nothing -- when the keyring is
        missing, lacks a key version, holds a different key, or an item does not fit.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        ordered = sorted(items, key=lambda item: (item.out_start, item.out_end))
        if not ordered:
            return text
        if self.keyring is None:
            raise RestoreError(
                "restoring needs the keyring that protected the data: "
                "Redactor(keyring=Keyring.open(FILE))"
            )
        protection = self._protection
        if protection is None:
            protection = self._protection = Protection(self.keyring)
        parts: list[str] = []
        cursor = 0
        for number, item in enumerate(ordered, 1):
            start, end = item.out_start, item.out_end
            if not (cursor <= start <= end <= len(text)):
                raise RestoreError(
                    f"item {number} ({item.entity} at {start}-{end}) does not fit the text "
                    "(overlapping, or beyond its end): the text is not the one redacted"
                )
            if item.operator != "fpe":
                raise RestoreError(f"item {number}: operator {item.operator!r} is not reversible")
            parts.append(text[cursor:start])
            parts.append(
                protection.decrypt(
                    item.entity,
                    text[start:end],
                    item.params,
                    key_version=item.key_version,
                    key_check=item.key_check,
                    form=item.form,
                )
            )
            cursor = end
        parts.append(text[cursor:])
        return "".join(parts)
