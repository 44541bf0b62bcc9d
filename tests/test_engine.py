"""Presidio integration: the offline AnalyzerEngine, a user's own engine, spaCy + jieba."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap

import pytest
from piiguard_recognizers import ENTITIES, default_recognizers
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NoOpNlpEngine
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig

import piiguard
from piiguard.engine import nlp_engine
from piiguard.operators import ChineseMask

TEXTS = [
    "客户：手机13912345678，身份证号11010519870312451X。",
    "座机010-62751234转806，卡号6222 0212 3456 7894",
    "邮箱 wang.fang2020@qq.com，车牌粤B·D12345，护照号E12345678",
    "客户：幺三八 幺二三四 五六七八，订单号20261120143256789，热线95588",
    "坐席：您好，请问有什么可以帮您？",
]


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to resolve a name or open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)


def _triples(results):
    return sorted((r.entity_type, r.start, r.end) for r in results)


@pytest.fixture(scope="module")
def engine():
    return piiguard.analyzer_engine()


@pytest.mark.parametrize("text", TEXTS)
def test_engine_finds_what_the_redactor_finds(engine, redactor, text):
    from_engine = engine.analyze(text, language="zh")
    from_redactor = redactor.analyze(text)
    assert _triples(from_engine) == _triples(from_redactor)
    scores = {(r.start, r.end): r.score for r in from_redactor}
    for r in from_engine:
        # the recognizers score their own context; Presidio must not boost them again
        assert r.score == pytest.approx(scores[(r.start, r.end)])


def test_engine_is_built_offline(no_network):
    engine = piiguard.analyzer_engine()
    results = engine.analyze("手机13912345678", language="zh")
    assert _triples(results) == [("PHONE_NUMBER", 2, 13)]
    assert set(engine.get_supported_entities("zh")) == set(ENTITIES)


def test_engine_entities_filter(engine):
    text = TEXTS[0]
    results = engine.analyze(text, language="zh", entities=["CN_RESIDENT_ID"])
    assert [text[r.start : r.end] for r in results] == ["11010519870312451X"]


def test_recognizers_in_a_users_own_engine(no_network):
    registry = RecognizerRegistry(supported_languages=["zh"])
    for recognizer in default_recognizers():
        registry.add_recognizer(recognizer)
    engine = AnalyzerEngine(
        registry=registry,
        nlp_engine=NoOpNlpEngine(models=[{"lang_code": "zh", "model_name": "none"}]),
        supported_languages=["zh"],
    )
    text = "客户：手机13912345678，卡号6222021234567894"
    assert [
        (r.entity_type, text[r.start : r.end])
        for r in sorted(engine.analyze(text, language="zh"), key=lambda r: r.start)
    ] == [("PHONE_NUMBER", "13912345678"), ("CN_BANK_CARD", "6222021234567894")]


def test_recognizers_for_another_language_code(no_network):
    registry = RecognizerRegistry(supported_languages=["zh-cn"])
    for recognizer in default_recognizers(language="zh-cn"):
        registry.add_recognizer(recognizer)
    engine = AnalyzerEngine(
        registry=registry,
        nlp_engine=NoOpNlpEngine(models=[{"lang_code": "zh-cn", "model_name": "none"}]),
        supported_languages=["zh-cn"],
    )
    results = engine.analyze("手机13912345678", language="zh-cn")
    assert _triples(results) == [("PHONE_NUMBER", 2, 13)]


def test_spacy_engine_with_jieba_offline(no_network, monkeypatch, redactor):
    import spacy.cli

    def no_download(*args, **kwargs):
        raise AssertionError("spaCy tried to download a model")

    monkeypatch.setattr(spacy.cli, "download", no_download)
    engine = piiguard.analyzer_engine(nlp="spacy")
    for text in TEXTS[:3]:
        assert _triples(engine.analyze(text, language="zh")) == _triples(redactor.analyze(text))
    nlp = engine.nlp_engine.nlp["zh"]
    assert nlp.meta["lang"] == "zh" and nlp.pipe_names == []
    tokens = [t.text for t in nlp("我的手机号码是多少")]
    assert "".join(tokens) == "我的手机号码是多少" and len(tokens) > 1  # segmented by jieba


def test_unknown_nlp_kind():
    with pytest.raises(ValueError, match="nlp must be"):
        nlp_engine("stanza")  # type: ignore[arg-type]


def test_engine_results_work_with_the_anonymizer(engine, redactor):
    anonymizer = AnonymizerEngine()
    anonymizer.add_anonymizer(ChineseMask)
    for text in TEXTS:
        results = engine.analyze(text, language="zh")
        operators = {
            entity: OperatorConfig("cn_mask", {"entity_type": entity}) for entity in ENTITIES
        }
        out = anonymizer.anonymize(text, results, operators=operators).text
        assert out == redactor.redact(text).text


def test_recognizer_pack_does_not_import_piiguard():
    code = textwrap.dedent(
        """
        import sys
        import piiguard_recognizers
        from piiguard_recognizers import default_recognizers
        results = default_recognizers()[2].analyze("手机13912345678", ["PHONE_NUMBER"], None)
        assert len(results) == 1, results
        leaked = sorted(m for m in sys.modules if m == "piiguard" or m.startswith("piiguard."))
        assert not leaked, leaked
        print("ok")
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "ok"


def test_import_piiguard_is_light():
    code = "import sys, piiguard; print(any(m.startswith('presidio') for m in sys.modules))"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"
