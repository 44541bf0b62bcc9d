"""Shared plumbing for the pack's Presidio recognizers."""

from __future__ import annotations

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

LANGUAGE = "zh"


class ChineseRecognizer(EntityRecognizer):
    """A Presidio recognizer for Chinese text that does its own context matching.

    Subclasses implement :meth:`find`, returning ``(start, end, score)`` triples.  Results
    are flagged as already context-enhanced: the recognizer has looked at the characters
    around each match, and Presidio's lemma-based enhancer (which needs word tokens that
    unsegmented Chinese does not have) must not boost them a second time.
    """

    ENTITY: str = ""
    #: Cue words, for documentation and for users who inspect recognizers; matching itself
    #: happens on characters inside :meth:`find`.
    CONTEXT: tuple[str, ...] = ()

    def __init__(self, supported_language: str = LANGUAGE, name: str | None = None) -> None:
        super().__init__(
            supported_entities=[self.ENTITY],
            name=name,
            supported_language=supported_language,
            context=list(self.CONTEXT),
        )

    def load(self) -> None:
        """Nothing to load eagerly: reference tables load on first use."""

    def find(self, text: str, start: int = 0) -> list[tuple[int, int, float]]:
        """Spans of this recognizer's entity in ``text``, with scores.

        ``text[:start]`` is context only (an earlier turn): a recognizer may skip values
        there, and the caller ignores any it reports.
        """
        raise NotImplementedError

    def analyze(
        self,
        text: str,
        entities: list[str] | None = None,
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """Presidio entry point: results for :attr:`ENTITY` if it was asked for."""
        if entities and self.ENTITY not in entities:
            return []
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        metadata = {
            RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: True,
        }
        return [
            RecognizerResult(self.ENTITY, start, end, score, recognition_metadata=dict(metadata))
            for start, end, score in self.find(text)
        ]
