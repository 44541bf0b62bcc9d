"""Redactor: positions of items, overlap resolution, context, input types, odd texts.

The hypothesis property at the end generates phones, ID numbers and card numbers in random
written forms (ASCII, full-width, spoken, grouped, mixed), embeds them in filler sentences with
a cue, and checks that no significant character of the value survives a ``replace`` policy and
that the default mask keeps exactly the documented characters (mobile 3+4, ID 6+4, card 6+4).
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from piiguard_recognizers.checksums import id18_check_char, luhn_check_digit
from piiguard_recognizers.normalize import DIGIT_VALUES, normalize_digits
from presidio_analyzer import RecognizerResult

from piiguard import Policy, RedactedItem, RedactionResult, Redactor
from piiguard.operators import mask, significant
from piiguard.redactor import resolve_overlaps

SAMPLE = (
    "客户：我手机13912345678，身份证号11010519870312451X，"
    "卡号6222 0212 3456 7894，邮箱wang.fang2020@qq.com，车牌粤B·D12345，护照号E12345678。"
)
REPLACE_ALL = Policy.from_dict({"default": "replace"})


def _check_items(text: str, result: RedactionResult) -> None:
    """Every item points at its value in the input and its replacement in the output."""
    out = result.text
    rebuilt, cursor = [], 0
    previous_end = previous_out_end = 0
    for item in result.items:
        assert isinstance(item, RedactedItem)
        assert previous_end <= item.start < item.end <= len(text)
        assert previous_out_end <= item.out_start <= item.out_end <= len(out)
        rebuilt.append(text[cursor : item.start])
        rebuilt.append(out[item.out_start : item.out_end])
        # the text between two values is copied unchanged
        assert item.out_start - previous_out_end == item.start - previous_end
        cursor = item.end
        previous_end, previous_out_end = item.end, item.out_end
    rebuilt.append(text[cursor:])
    assert "".join(rebuilt) == out
    assert len(out) - previous_out_end == len(text) - previous_end


# -- items ---------------------------------------------------------------------------------


def test_items_positions_default_mask(redactor):
    result = redactor.redact(SAMPLE)
    _check_items(SAMPLE, result)
    entities = [item.entity for item in result.items]
    assert entities == [
        "PHONE_NUMBER",
        "CN_RESIDENT_ID",
        "CN_BANK_CARD",
        "EMAIL_ADDRESS",
        "CN_LICENSE_PLATE",
        "CN_PASSPORT",
    ]
    for item in result.items:
        value = SAMPLE[item.start : item.end]
        replacement = result.text[item.out_start : item.out_end]
        assert item.operator == "mask"
        assert replacement == mask(item.entity, value)
        assert replacement != value
        assert 0 < item.score <= 1
    assert result.text == (
        "客户：我手机139****5678，身份证号110105********451X，"
        "卡号6222 02** **** 7894，邮箱w************@qq.com，车牌粤B·*****5，护照号E******78。"
    )


def test_items_positions_replace_changes_lengths():
    result = Redactor(policy=REPLACE_ALL).redact(SAMPLE)
    _check_items(SAMPLE, result)
    for item in result.items:
        assert result.text[item.out_start : item.out_end] == f"<{item.entity}>"
        assert item.operator == "replace"
    assert "13912345678" not in result.text


def test_items_positions_redact_removes_values():
    result = Redactor(policy=Policy.from_dict({"default": "redact"})).redact(SAMPLE)
    _check_items(SAMPLE, result)
    assert all(item.out_start == item.out_end for item in result.items)
    assert result.text.startswith("客户：我手机，身份证号，卡号，")


def test_items_hold_no_original_text(redactor):
    result = redactor.redact(SAMPLE)
    for item in result.items:
        for field in ("entity", "operator"):
            assert SAMPLE[item.start : item.end] not in str(getattr(item, field))
    assert "13912345678" not in repr(result.items)


def test_analyze_matches_redact(redactor):
    analyzed = redactor.analyze(SAMPLE)
    items = redactor.redact(SAMPLE).items
    assert all(isinstance(r, RecognizerResult) for r in analyzed)
    assert [(r.entity_type, r.start, r.end) for r in analyzed] == [
        (i.entity, i.start, i.end) for i in items
    ]


def test_results_sorted_and_non_overlapping(redactor):
    results = redactor.analyze(SAMPLE * 3)
    assert results == sorted(results, key=lambda r: r.start)
    for a, b in itertools.pairwise(results):
        assert a.end <= b.start


# -- determinism and overlaps ---------------------------------------------------------------


def test_deterministic_across_calls_and_instances(redactor):
    first = redactor.redact(SAMPLE)
    assert redactor.redact(SAMPLE) == first
    assert Redactor().redact(SAMPLE) == first


def test_overlap_higher_score_wins():
    findings = [(0, 18, 0.6, "CN_BANK_CARD"), (0, 18, 0.9, "CN_RESIDENT_ID")]
    assert resolve_overlaps(findings) == [(0, 18, 0.9, "CN_RESIDENT_ID")]
    findings = [(0, 18, 0.9, "CN_BANK_CARD"), (2, 13, 0.95, "PHONE_NUMBER")]
    assert resolve_overlaps(findings) == [(2, 13, 0.95, "PHONE_NUMBER")]


def test_overlap_tie_longer_span_wins():
    findings = [(2, 13, 0.9, "PHONE_NUMBER"), (0, 18, 0.9, "CN_BANK_CARD")]
    assert resolve_overlaps(findings) == [(0, 18, 0.9, "CN_BANK_CARD")]


def test_overlap_tie_entity_priority_then_earlier_start():
    # an ID number outranks a card number on a full tie
    findings = [(0, 18, 0.9, "CN_BANK_CARD"), (0, 18, 0.9, "CN_RESIDENT_ID")]
    assert resolve_overlaps(findings) == [(0, 18, 0.9, "CN_RESIDENT_ID")]
    findings = [(3, 8, 0.5, "PHONE_NUMBER"), (0, 5, 0.5, "PHONE_NUMBER")]
    assert resolve_overlaps(findings) == [(0, 5, 0.5, "PHONE_NUMBER")]


def test_overlap_keeps_disjoint_and_sorts():
    findings = [(20, 25, 0.7, "PHONE_NUMBER"), (0, 5, 0.5, "CN_PASSPORT"), (5, 9, 0.9, "X")]
    assert resolve_overlaps(findings) == sorted(findings)
    assert resolve_overlaps([]) == []


_findings = st.lists(
    st.tuples(
        st.integers(0, 30),
        st.integers(1, 12),
        st.sampled_from([0.5, 0.6, 0.9, 1.0]),
        st.sampled_from(["CN_RESIDENT_ID", "CN_BANK_CARD", "PHONE_NUMBER", "EMAIL_ADDRESS"]),
    ).map(lambda t: (t[0], t[0] + t[1], t[2], t[3])),
    max_size=8,
)


@given(_findings, st.randoms(use_true_random=False))
@settings(max_examples=200, deadline=None, derandomize=True)
def test_overlap_resolution_is_order_independent(findings, rnd):
    kept = resolve_overlaps(list(findings))
    shuffled = list(findings)
    rnd.shuffle(shuffled)
    assert resolve_overlaps(shuffled) == kept
    assert kept == sorted(kept)
    for a, b in itertools.pairwise(kept):
        assert a[1] <= b[0]
    # every dropped finding overlaps a kept one that ranks at least as high
    for f in findings:
        if f not in kept:
            assert any(k[0] < f[1] and f[0] < k[1] and k[2] >= f[2] for k in kept)


# -- context --------------------------------------------------------------------------------


def test_context_supplies_the_cue(redactor):
    text = "六七零三，二九一四"
    assert redactor.analyze(text) == []
    results = redactor.analyze(text, context="坐席：您的手机号后八位是？")
    assert [(r.entity_type, text[r.start : r.end]) for r in results] == [
        ("PHONE_NUMBER", "六七零三，二九一四")
    ]
    redacted = redactor.redact(text, context="坐席：您的手机号后八位是？")
    assert redacted.text == "****，****"
    _check_items(text, redacted)


def test_nothing_in_the_context_is_reported(redactor):
    context = "客户：我手机13912345678"
    assert redactor.analyze("好的，收到", context=context) == []
    result = redactor.redact("好的，收到", context=context)
    assert result.text == "好的，收到" and result.items == ()


def test_offsets_are_relative_to_text_not_context(redactor):
    text = "您的号码13912345678"
    (r,) = redactor.analyze(text, context="坐席：好的，我核对一下。")
    assert text[r.start : r.end] == "13912345678"


def test_empty_context_is_no_context(redactor):
    assert redactor.redact(SAMPLE, context="") == redactor.redact(SAMPLE)
    assert redactor.redact(SAMPLE, context=None) == redactor.redact(SAMPLE)


@pytest.mark.parametrize("bad", [b"ctx", 5])
def test_context_must_be_str(redactor, bad):
    with pytest.raises(TypeError, match="context must be str"):
        redactor.redact("13912345678", context=bad)


# -- input types and odd texts -----------------------------------------------------------


@pytest.mark.parametrize(
    ("bad", "name"), [(None, "NoneType"), (b"13912345678", "bytes"), (13912345678, "int")]
)
@pytest.mark.parametrize("method", ["analyze", "redact"])
def test_non_str_input_raises_type_error(redactor, bad, name, method):
    with pytest.raises(TypeError, match=f"text must be str, not {name}"):
        getattr(redactor, method)(bad)


@pytest.mark.parametrize(
    "text",
    ["", " ", "\n\n\t  \u3000", "😀🎉👍", "Hello, how are you today?", "こんにちは、元気ですか"],
)
def test_texts_without_personal_data(redactor, text):
    assert redactor.analyze(text) == []
    result = redactor.redact(text)
    assert result.text == text
    assert result.items == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("😀😀手机13912345678😀", "😀😀手机139****5678😀"),
        ("Call me at 13912345678 please", "Call me at 139****5678 please"),
        ("電話 13912345678 ok？", "電話 139****5678 ok？"),
        ("Email me: jane.doe@example.com 👍", "Email me: j*******@example.com 👍"),
        ("客户：\r\n手机13912345678\r\n", "客户：\r\n手机139****5678\r\n"),
    ],
)
def test_mixed_script_text(redactor, text, expected):
    result = redactor.redact(text)
    assert result.text == expected
    _check_items(text, result)


_FUZZ_ALPHABET = (
    "0123456789０１２３４５６７８９一二三四五六七八九零幺两洞叉Xx"
    " -，。：@._+()（）手机号身份证卡邮箱车牌护照京粤AEGabcq😀\n"
)


@given(st.text(alphabet=_FUZZ_ALPHABET, max_size=80), st.text(alphabet=_FUZZ_ALPHABET, max_size=20))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_fuzz_redact_is_consistent(redactor, text, context):
    results = redactor.analyze(text, context=context)
    for a, b in itertools.pairwise(results):
        assert a.end <= b.start
    for r in results:
        assert 0 <= r.start < r.end <= len(text)
    redacted = redactor.redact(text, context=context)
    _check_items(text, redacted)
    assert [(i.start, i.end) for i in redacted.items] == [(r.start, r.end) for r in results]


# -- the redaction property ------------------------------------------------------------

_MOBILE_PREFIXES = ("130", "135", "138", "139", "150", "158", "166", "177", "186", "199")
_COUNTIES = ("110105", "310115", "440305", "330106", "510107", "420111", "320581")
_CARD_PREFIXES = ("622202", "621700", "622848", "436742", "518710", "622588")
_SPOKEN = {
    "0": "零洞〇",
    "1": "一幺",
    "2": "二两",
    "3": "三",
    "4": "四",
    "5": "五",
    "6": "六",
    "7": "七",
    "8": "八",
    "9": "九",
}
_X_FORMS = ("X", "x", "Ｘ", "叉")
_CUES = {
    "PHONE_NUMBER": ("手机号", "我的手机号码是", "联系电话：", "电话"),
    "CN_RESIDENT_ID": ("身份证号", "证件号码是", "身份证号码：", "我身份证是"),
    "CN_BANK_CARD": ("卡号", "银行卡号是", "我的储蓄卡", "信用卡卡号："),
}
_GROUPS = {
    "PHONE_NUMBER": ((3, 4, 4), (3, 8), (3, 3, 5)),
    "CN_RESIDENT_ID": ((6, 8, 4), (6, 4, 4, 4)),
    "CN_BANK_CARD": ((4, 4, 4, 4, 4), (6, 13)),
}
_KEEP = {"PHONE_NUMBER": (3, 4), "CN_RESIDENT_ID": (6, 4), "CN_BANK_CARD": (6, 4)}
_BEFORE = ("", "客户：", "坐席：好的，", "客户：嗯，", "客户：您记着，", "坐席：请您核对，")
_AFTER = ("", "。", "，谢谢。", "，您记好了。", "！", "，对吧？", "\n坐席：好的。")

for _phrase in (*_BEFORE, *_AFTER, *itertools.chain(*_CUES.values())):
    assert not any(c in DIGIT_VALUES for c in _phrase), _phrase


@st.composite
def _value_digits(draw, entity: str) -> str:
    if entity == "PHONE_NUMBER":
        return draw(st.sampled_from(_MOBILE_PREFIXES)) + draw(
            st.text(alphabet="0123456789", min_size=8, max_size=8)
        )
    if entity == "CN_RESIDENT_ID":
        born = draw(st.dates(dt.date(1940, 1, 1), dt.date(2008, 12, 31)))
        first17 = (
            draw(st.sampled_from(_COUNTIES))
            + born.strftime("%Y%m%d")
            + draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
        )
        return first17 + id18_check_char(first17)
    size = draw(st.integers(16, 19))
    payload = draw(st.sampled_from(_CARD_PREFIXES)) + draw(
        st.text(alphabet="0123456789", min_size=size - 7, max_size=size - 7)
    )
    return payload + luhn_check_digit(payload)


@st.composite
def _written(draw, digits: str, entity: str) -> str:
    """``digits`` in a random written form: ASCII, full-width, spoken or mixed; maybe grouped."""
    style = draw(st.sampled_from(["ascii", "fullwidth", "spoken", "mixed"]))
    chars = []
    for d in digits:
        kind = style
        if style == "mixed":
            kind = draw(st.sampled_from(["ascii", "fullwidth", "spoken"]))
        if d == "X":
            chars.append(draw(st.sampled_from(_X_FORMS)))
        elif kind == "ascii":
            chars.append(d)
        elif kind == "fullwidth":
            chars.append(chr(ord(d) + 0xFEE0))
        else:
            chars.append(draw(st.sampled_from(_SPOKEN[d])))
    if draw(st.booleans()):
        sizes = draw(st.sampled_from(_GROUPS[entity]))
        sep = draw(st.sampled_from([" ", "-", "\u3000", "，"]))
        parts, pos = [], 0
        for size in sizes:
            if pos < len(chars):
                parts.append("".join(chars[pos : pos + size]))
            pos += size
        if pos < len(chars):
            parts.append("".join(chars[pos:]))
        return sep.join(parts)
    return "".join(chars)


@st.composite
def _embedded(draw):
    entity = draw(st.sampled_from(sorted(_CUES)))
    digits = draw(_value_digits(entity))
    written = draw(_written(digits, entity))
    before = draw(st.sampled_from(_BEFORE)) + draw(st.sampled_from(_CUES[entity]))
    after = draw(st.sampled_from(_AFTER))
    return entity, digits, written, before, after


@given(_embedded())
@settings(max_examples=300, deadline=None, derandomize=True)
def test_no_significant_character_survives_replace(case):
    entity, digits, written, before, after = case
    text = before + written + after
    result = Redactor(policy=REPLACE_ALL).redact(text)
    assert [(i.entity, text[i.start : i.end]) for i in result.items] == [(entity, written)]
    assert digits not in normalize_digits(result.text).text
    assert digits[:-1] not in normalize_digits(result.text).text
    assert written not in result.text
    _check_items(text, result)


@given(_embedded())
@settings(max_examples=300, deadline=None, derandomize=True)
def test_default_mask_keeps_exactly_the_documented_characters(redactor, case):
    entity, digits, written, before, after = case
    text = before + written + after
    result = redactor.redact(text)
    (item,) = result.items
    assert (item.entity, text[item.start : item.end]) == (entity, written)
    masked = result.text[item.out_start : item.out_end]
    assert len(masked) == len(written)
    keep_first, keep_last = _KEEP[entity]
    positions = [i for i, c in enumerate(written) if significant(c)]
    assert len(positions) == len(digits)
    kept = set(positions[:keep_first] + positions[len(positions) - keep_last :])
    for i, (orig, out) in enumerate(zip(written, masked, strict=True)):
        if i in kept:
            assert out == orig
        elif i in positions:
            assert out == "*"
        else:
            assert out == orig  # separators stay where they were
    surviving = [c for c in masked if significant(c)]
    assert len(surviving) == keep_first + keep_last
    _check_items(text, result)


def test_short_text_cache_gives_the_same_findings_and_stays_bounded(monkeypatch):
    import piiguard.redactor as redactor_module

    monkeypatch.setattr(redactor_module, "CACHE_ENTRIES", 4)
    cached, plain = Redactor(), Redactor(cache=False)
    cells = ["王先生", "13812345678", "好的", "北京市朝阳区建国路88号", "0.50", "王先生"] * 3
    for cell in cells:
        assert cached.analyze(cell) == plain.analyze(cell)
        assert cached.redact(cell) == plain.redact(cell)
        assert len(cached._cache) <= 4
    # A returned list is the caller's: changing it does not change the next answer.
    first = cached.analyze("13812345678")
    first.clear()
    assert cached.analyze("13812345678") == plain.analyze("13812345678")
