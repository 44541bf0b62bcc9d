"""CN_RESIDENT_ID: 18-digit (GB 11643, MOD 11-2 check X/x/叉) and legacy 15-digit numbers.

Valid numbers are built from real county codes (110105 朝阳, 310115 浦东, 440305 南山,
330106 西湖, 510107 武侯, 420111 洪山, 320581 常熟) with the check character computed by
:func:`piiguard_recognizers.checksums.id18_check_char`.  A broken check digit is still an ID
where the context says 身份证号; order, policy, tracking and similar numbers in context are
not IDs, nor are masked values.
"""

from __future__ import annotations

import pytest
from piiguard_recognizers import ChineseResidentIdRecognizer
from piiguard_recognizers.checksums import id18_check_char, id18_checksum_ok

ID = "CN_RESIDENT_ID"

_SPOKEN = dict(zip("0123456789X", "零幺二三四五六七八九叉", strict=True))


def idn(first17: str) -> str:
    """A valid 18-character ID number from its first 17 digits."""
    assert len(first17) == 17 and first17.isdigit()
    return first17 + id18_check_char(first17)


def broken(first17: str) -> str:
    """The same number with a wrong check character."""
    good = id18_check_char(first17)
    return first17 + ("1" if good != "1" else "2")


def spoken(digits: str) -> str:
    return "".join(_SPOKEN[c] for c in digits)


def fw(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


# Valid numbers (first 17 digits written out so the birth date is visible).
CHAOYANG = idn("11010519870312451")  # ...451X
PUDONG = idn("31011519900704123")  # ...123X
NANSHAN = idn("44030519851122567")
XIHU = idn("33010619930215034")
WUHOU = idn("51010719780630881")
HONGSHAN = idn("42011119881009275")
CHANGSHU = idn("32058120000229116")  # born on 29 February 2000
OLDEST = idn("11010519491001002")
NANSHAN_99 = idn("44030519991231999")
PUDONG_05 = idn("31011520051010666")
XIHU_66 = idn("33010619660606060")
WUHOU_80 = idn("51010719800101001")
HONGSHAN_95 = idn("42011119951125443")
CHANGSHU_72 = idn("32058119720817358")


def test_fixture_numbers_are_valid():
    for value in (CHAOYANG, PUDONG, NANSHAN, XIHU, WUHOU, HONGSHAN, CHANGSHU, OLDEST):
        assert id18_checksum_ok(value)
    assert CHAOYANG.endswith("X") and PUDONG.endswith("X")
    assert not id18_checksum_ok(broken("11010519870312451"))


@pytest.mark.parametrize(
    ("first17", "check"),
    [
        ("11010519491231002", "X"),  # the example number of GB 11643-1999
        ("44052418800101001", "4"),
        ("11010519870312451", "X"),
        ("33010619930215034", "8"),
    ],
)
def test_id18_check_char_known_values(first17, check):
    assert id18_check_char(first17) == check
    assert id18_checksum_ok(first17 + check)
    assert not id18_checksum_ok(first17 + ("0" if check != "0" else "1"))


def test_id18_checksum_rejects_malformed_values():
    assert not id18_checksum_ok("11010519491231002")  # 17 characters
    assert not id18_checksum_ok("1101051949123100XX")
    assert not id18_checksum_ok("11010519491231002x")  # normalized values use upper-case X


def _group(value: str, sizes: tuple[int, ...], sep: str) -> str:
    parts, pos = [], 0
    for size in sizes:
        parts.append(value[pos : pos + size])
        pos += size
    return sep.join(parts)


# (text, expected spans, previous turn or None)
POSITIVES: list[tuple[str, list[str], str | None]] = [
    (f"客户：身份证号{CHAOYANG}。", [CHAOYANG], None),
    (f"客户：我身份证是{PUDONG.lower()}，您核对一下。", [PUDONG.lower()], None),
    (f"客户：证件号码 {NANSHAN}", [NANSHAN], None),
    (f"客户：身份证 {_group(XIHU, (6, 8, 4), ' ')}", [_group(XIHU, (6, 8, 4), " ")], None),
    (f"客户：身份证号是{_group(WUHOU, (6, 8, 4), '-')}", [_group(WUHOU, (6, 8, 4), "-")], None),
    (f"客户：身份证{spoken(CHAOYANG)}", [spoken(CHAOYANG)], None),
    (
        f"客户：身份证号 {_group(spoken(HONGSHAN), (6, 8, 4), ' ')}",
        [_group(spoken(HONGSHAN), (6, 8, 4), " ")],
        None,
    ),
    (f"客户：身份证 {fw(CHANGSHU)}", [fw(CHANGSHU)], None),
    (f"客户：我的证件号是{OLDEST[:17]}{fw(OLDEST[17])}", [OLDEST[:17] + fw(OLDEST[17])], None),
    (f"客户：身份证号码{fw(NANSHAN_99)}", [fw(NANSHAN_99)], None),
    (f"客户：身份证号{PUDONG_05}，是我儿子的。", [PUDONG_05], None),
    (f"客户：身份证号 {XIHU_66}", [XIHU_66], None),
    (f"客户：{WUHOU_80}是我身份证", [WUHOU_80], None),
    (f"客户：{HONGSHAN_95}", [HONGSHAN_95], None),
    (f"客户：{CHANGSHU_72}这个是我的身份证号", [CHANGSHU_72], None),
    (f"客户：身份证号 {fw(CHAOYANG)}", [fw(CHAOYANG)], None),
    (
        f"客户：身份证号是{_group(spoken(CHAOYANG), (6, 8, 4), '，')}",
        [_group(spoken(CHAOYANG), (6, 8, 4), "，")],
        None,
    ),
    (
        f"客户：{_group(spoken(PUDONG), (6, 4, 4, 4), ' ')}",
        [_group(spoken(PUDONG), (6, 4, 4, 4), " ")],
        "坐席：请报一下身份证号码",
    ),
    (
        f"坐席：好的，证件号码：{_group(XIHU, (6, 4, 4, 4), ' ')}。",
        [_group(XIHU, (6, 4, 4, 4), " ")],
        None,
    ),
    (f"客户：身份证是 {CHAOYANG} ，手机另外给您", [CHAOYANG], None),
    (f"坐席：跟您核对，身份证号码是{NANSHAN}对吧？", [NANSHAN], None),
    (
        f"客户：身份证号前六位{spoken(XIHU[:6])}，后面是{spoken(XIHU[6:])}",
        [spoken(XIHU[:6]), spoken(XIHU[6:])],
        None,
    ),
    (
        f"客户：我身份证号是{spoken(NANSHAN[:6])}，然后{spoken(NANSHAN[6:14])}，"
        f"最后{spoken(NANSHAN[14:])}",
        [spoken(NANSHAN[:6]), spoken(NANSHAN[6:14]), spoken(NANSHAN[14:])],
        None,
    ),
    # broken check digit, explicit context: still an ID
    (f"客户：身份证号{broken('11010519870312451')}", [broken("11010519870312451")], None),
    (f"客户：身份证号码{broken('44030519851122567')}", [broken("44030519851122567")], None),
    (f"客户：证件号码：{broken('42011119881009275')}", [broken("42011119881009275")], None),
    # legacy 15-digit numbers
    ("客户：老身份证号是110105870312451", ["110105870312451"], None),
    ("客户：身份证号 110105 870312 451", ["110105 870312 451"], None),
    ("客户：身份证号幺幺零幺零五八七零三幺二四五幺", ["幺幺零幺零五八七零三幺二四五幺"], None),
    ("客户：我九几年办的身份证，号码是440305850101123", ["440305850101123"], None),
    # next to another entity
    (f"客户：身份证{PUDONG_05}，卡号6222021234567894", [PUDONG_05], None),
]

NEGATIVES: list[str] = [
    f"客户：订单号{broken('11010519870312451')}，帮我查一下。",
    f"客户：订单号{CHAOYANG}",
    f"客户：快递单号 {NANSHAN}",
    f"客户：保单号是{XIHU}",
    f"坐席：工单号{WUHOU}已经生成。",
    f"客户：运单号 {PUDONG}",
    f"客户：报案号 {NANSHAN_99}",
    f"客户：合同编号 {CHANGSHU}",
    f"坐席：序列号{CHAOYANG}",
    f"客户：就诊卡号 {XIHU}",
    f"客户：会员号 {HONGSHAN_95}",
    f"客户：住院号 {CHANGSHU_72}",
    f"客户：病历号 {WUHOU}",
    f"客户：申请编号 {XIHU_66}",
    f"坐席：您的受理号是{PUDONG_05}",
    f"客户：编号 {broken('11010519870312451')}",
    "客户：身份证号110105********451X",
    "客户：身份证号码是1101**********451X",
    "客户：我身份证110105************，后面记不清了",
    "坐席：交易流水号 20261124153012345678",
    "客户：统一社会信用代码 91440300MA5G1234X1",
    "客户：纳税人识别号 91110105MA01ABCD2X",
    "客户：营业执照注册号 440301103456789",
    "客户：车架号LSVAU2180N2123456",
    "客户：123456789012345678",
    "客户：999999199001011234",
    "客户：我1987年3月12日出生。",
    "客户：出生日期19870312，今年39岁。",
    "客户：身份证有效期2016.05.12-2036.05.12",
    "客户：发票代码 044031900111",
    "客户：110105是朝阳区的代码",
    f"客户：顺丰单号SF{CHAOYANG[:15]}",
    # lone tail fragments refer to a number, they do not disclose it (tests/data/README.md)
    "客户：身份证后四位是四五幺叉，你们查一下",
    "客户：身份证尾号451X",
]


@pytest.mark.parametrize(
    ("text", "expected", "context"), POSITIVES, ids=[f"pos{i:02d}" for i in range(len(POSITIVES))]
)
def test_id_positive(text, expected, context, spans, recognizer_spans):
    if context is None:
        assert recognizer_spans(ChineseResidentIdRecognizer, text) == expected
    assert [s for e, s in spans(text, context=context) if e == ID] == expected


@pytest.mark.parametrize("text", NEGATIVES, ids=[f"neg{i:02d}" for i in range(len(NEGATIVES))])
def test_id_negative(text, spans, recognizer_spans):
    assert recognizer_spans(ChineseResidentIdRecognizer, text) == []
    assert spans(text) == []


def test_tables_are_big_enough():
    assert len(POSITIVES) >= 30
    assert len(NEGATIVES) >= 30


def test_valid_number_outscores_broken_one():
    recognizer = ChineseResidentIdRecognizer()
    (valid,) = recognizer.analyze(f"身份证号{CHAOYANG}", [ID], None)
    (bad,) = recognizer.analyze(f"身份证号{broken('11010519870312451')}", [ID], None)
    assert valid.score > bad.score


def test_broken_check_digit_without_context_is_not_an_id(spans):
    assert spans(f"客户：{broken('11010519870312451')}，这个是什么") == []


def test_check_character_spoken_as_cha_is_inside_the_span(spans):
    text = f"客户：身份证{spoken(CHAOYANG)}，对"
    assert spans(text) == [(ID, spoken(CHAOYANG))]
    assert spoken(CHAOYANG).endswith("叉")
