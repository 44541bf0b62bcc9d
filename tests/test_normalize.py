"""Normalization for detection: numerals of every form, with an exact map back to the original.

Example tests pin the documented behaviour; hypothesis properties check the offset map on
arbitrary mixtures of ASCII / full-width / spoken numerals, separators and other text.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from piiguard_recognizers.normalize import (
    CHECK_X,
    DIGIT_VALUES,
    NUMERAL_RUN,
    Normalized,
    fold_width,
    is_numeral,
    is_spoken,
    normalize_digits,
)

# -- digit table -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chars", "digit"),
    [
        ("0０零〇洞", "0"),
        ("1１一幺壹", "1"),
        ("2２二两贰", "2"),
        ("3３三叁", "3"),
        ("4４四肆", "4"),
        ("5５五伍", "5"),
        ("6６六陆", "6"),
        ("7７七柒", "7"),
        ("8８八捌", "8"),
        ("9９九玖", "9"),
    ],
)
def test_digit_values(chars, digit):
    for c in chars:
        assert DIGIT_VALUES[c] == digit, c
        assert is_numeral(c)


def test_spoken_versus_written():
    assert is_spoken("幺") and is_spoken("两") and is_spoken("洞") and is_spoken("零")
    assert not is_spoken("1") and not is_spoken("１")
    assert not is_numeral("十") and not is_numeral("百") and not is_numeral("X")


# -- normalize_digits --------------------------------------------------------------------


def test_grouped_ascii():
    norm = normalize_digits("138 1234 5678")
    assert norm.text == "13812345678"
    assert norm.offsets == (0, 1, 2, 4, 5, 6, 7, 9, 10, 11, 12)
    assert norm.breaks == frozenset({3, 7})


def test_spoken_fullwidth_and_mixed():
    assert normalize_digits("幺三八洞两").text == "13802"
    assert normalize_digits("１３８").text == "138"
    assert normalize_digits("一3八，幺２三").text == "138123"


@pytest.mark.parametrize("x", ["X", "x", "Ｘ", "ｘ", "叉"])
def test_check_character(x):
    norm = normalize_digits(f"11010519870312451{x}")
    assert norm.text == "11010519870312451X"
    assert norm.offsets[-1] == 17


def test_leading_check_letter_is_dropped():
    assert normalize_digits("X123").text == "123"


def test_slice_offsets_are_absolute():
    text = "手机号：138-1234-5678。"
    norm = normalize_digits(text, 4, 17)
    assert norm.text == "13812345678"
    assert norm.offsets[0] == 4 and norm.offsets[-1] == 16
    assert norm.to_original(0, 11) == (4, 17)
    assert text[slice(*norm.to_original(3, 7))] == "1234"


def test_to_original_rejects_empty_and_out_of_range():
    norm = normalize_digits("138")
    for start, end in ((0, 0), (2, 1), (-1, 2), (0, 4)):
        with pytest.raises(ValueError):
            norm.to_original(start, end)


def test_normalized_is_frozen():
    norm = normalize_digits("138")
    assert isinstance(norm, Normalized)
    with pytest.raises(AttributeError):
        norm.text = "x"  # type: ignore[misc]


# -- fold_width --------------------------------------------------------------------------


def test_fold_width():
    assert fold_width("ｙａｎｇ＠１６３．ｃｏｍ") == "yang@163.com"
    assert fold_width("ＴＥＬ１３８－１２３４") == "TEL138-1234"
    plain = "no full width here 中文"
    assert fold_width(plain) is plain


@given(st.text(max_size=80))
@settings(max_examples=200, deadline=None, derandomize=True)
def test_fold_width_preserves_length(text):
    folded = fold_width(text)
    assert len(folded) == len(text)
    for a, b in zip(text, folded, strict=True):
        assert a == b or ord(a) - ord(b) == 0xFEE0 or (a == "\u3000" and b == " ")


# -- NUMERAL_RUN -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "run"),
    [
        ("手机幺三八 幺二三四 五六七八。", "幺三八 幺二三四 五六七八"),
        ("电话138-0013-8000，谢谢", "138-0013-8000"),
        ("座机（0755）8321 4567", "（0755）8321 4567"),
        ("身份证11010519870312451X。", "11010519870312451X"),
        ("零二一，六四三八，一二三四", "零二一，六四三八，一二三四"),
    ],
)
def test_numeral_run(text, run):
    assert [m.group() for m in NUMERAL_RUN.finditer(text)] == [run]


def test_numeral_run_needs_three_numerals_and_not_a_radio_word_start():
    assert NUMERAL_RUN.search("12") is None
    assert NUMERAL_RUN.search("拐三八九").group() == "三八九"  # 拐 (7) never starts a run
    assert NUMERAL_RUN.search("三拐八").group() == "三拐八"  # but reads as 7 inside one
    assert NUMERAL_RUN.search("前面拐弯") is None


# -- properties --------------------------------------------------------------------------

_NUMERALS = (
    "0123456789" + "０１２３４５６７８９" + "零〇○洞一幺壹二两贰三叁四肆五伍六陆七柒八捌九玖"
)
_SEPARATORS = " \t\u3000-－.．·・,，、()（）+＋"
_OTHER = "手机号码是的你好身份证卡abcXxＸ叉@_\n😀"
_ALPHABET = _NUMERALS + _SEPARATORS + _OTHER

texts = st.text(alphabet=_ALPHABET, max_size=60)


def _expected_offsets(text: str, start: int, end: int) -> list[int]:
    kept, seen_numeral = [], False
    for i in range(start, end):
        c = text[i]
        if c in DIGIT_VALUES:
            kept.append(i)
            seen_numeral = True
        elif c in CHECK_X and seen_numeral:
            kept.append(i)
    return kept


@given(texts, st.data())
@settings(max_examples=300, deadline=None, derandomize=True)
def test_offset_map(text, data):
    start = data.draw(st.integers(0, len(text)), label="start")
    end = data.draw(st.integers(start, len(text)), label="end")
    norm = normalize_digits(text, start, end)

    assert len(norm.text) == len(norm.offsets)
    assert list(norm.offsets) == _expected_offsets(text, start, end)
    # strictly increasing, inside the slice
    assert all(a < b for a, b in zip(norm.offsets, norm.offsets[1:], strict=False))
    assert all(start <= o < end for o in norm.offsets)
    # every normalized character maps back to a character that normalizes to it
    for ch, off in zip(norm.text, norm.offsets, strict=True):
        original = text[off]
        if ch == "X":
            assert original in CHECK_X
        else:
            assert DIGIT_VALUES[original] == ch
    # a break sits exactly where something was dropped between two kept characters
    expected_breaks = {
        i for i in range(1, len(norm.offsets)) if norm.offsets[i] - norm.offsets[i - 1] > 1
    }
    assert norm.breaks == frozenset(expected_breaks)

    if norm.text:
        s = data.draw(st.integers(0, len(norm.text) - 1), label="s")
        e = data.draw(st.integers(s + 1, len(norm.text)), label="e")
        a, b = norm.to_original(s, e)
        assert start <= a < b <= end
        assert (a, b) == (norm.offsets[s], norm.offsets[e - 1] + 1)
        again = normalize_digits(text, a, b).text
        if norm.text[s] != "X":  # a check letter counts only after a numeral
            assert again == norm.text[s:e]


@given(texts)
@settings(max_examples=300, deadline=None, derandomize=True)
def test_numeral_runs_are_inside_the_text_and_carry_numerals(text):
    previous_end = 0
    for m in NUMERAL_RUN.finditer(text):
        assert previous_end <= m.start() < m.end() <= len(text)
        previous_end = m.end()
        run = m.group()
        # a run opens with a numeral (or a bracket before one) and closes on a value character
        assert run[0] in DIGIT_VALUES or (run[0] in "(（" and run[1] in DIGIT_VALUES)
        assert run[-1] in DIGIT_VALUES or run[-1] in CHECK_X
        digits = normalize_digits(text, m.start(), m.end()).text.rstrip("X")
        assert len(digits) >= 2
