"""An offline Presidio ``AnalyzerEngine`` for Chinese with the recognizer pack registered.

``AnalyzerEngine()`` with no arguments tries to download an English spaCy model; this
builds every part explicitly so nothing is downloaded:

* ``nlp="none"`` (default): Presidio's ``NoOpNlpEngine``.  The pack's recognizers match
  their own context on characters and need no tokens, so this is the fast choice.
* ``nlp="spacy"``: spaCy's blank ``zh`` pipeline with jieba word segmentation, for users
  who add token-based recognizers of their own.  No model is loaded from disk or network.
"""

from __future__ import annotations

from typing import Literal

from piiguard_recognizers import LANGUAGE, default_recognizers
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngine, NoOpNlpEngine, SpacyNlpEngine


class BlankChineseSpacyEngine(SpacyNlpEngine):
    """spaCy's blank ``zh`` language with jieba segmentation; never downloads a model."""

    def __init__(self, segmenter: str = "jieba") -> None:
        super().__init__(models=[{"lang_code": LANGUAGE, "model_name": f"blank:zh/{segmenter}"}])
        self.segmenter = segmenter

    def load(self) -> None:
        import spacy

        config = {"nlp": {"tokenizer": {"segmenter": self.segmenter}}}
        self.nlp = {LANGUAGE: spacy.blank(LANGUAGE, config=config)}


def nlp_engine(kind: Literal["none", "spacy"] = "none") -> NlpEngine:
    """The NLP engine for :func:`analyzer_engine`, loaded."""
    if kind == "none":
        engine: NlpEngine = NoOpNlpEngine(models=[{"lang_code": LANGUAGE, "model_name": "none"}])
    elif kind == "spacy":
        engine = BlankChineseSpacyEngine()
    else:
        raise ValueError(f"nlp must be 'none' or 'spacy', not {kind!r}")
    engine.load()
    return engine


def analyzer_engine(nlp: Literal["none", "spacy"] = "none") -> AnalyzerEngine:
    """A Presidio ``AnalyzerEngine`` for ``zh`` with the Chinese pack and nothing else.

    Offline: no model download, no network access.
    """
    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in default_recognizers():
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(
        registry=registry, nlp_engine=nlp_engine(nlp), supported_languages=[LANGUAGE]
    )
