"""CN_BANK_CARD: 16-19 digit card numbers, Luhn + issuer prefix; Luhn failures only with 卡号.

Card numbers are built with :func:`piiguard_recognizers.checksums.luhn_check_digit`.
"""

from __future__ import annotations

import pytest
from piiguard_recognizers import ChineseBankCardRecognizer
from piiguard_recognizers.checksums import luhn_check_digit, luhn_ok

CARD = "CN_BANK_CARD"

_SPOKEN = dict(zip("0123456789", "零幺二三四五六七八九", strict=True))


def card(payload: str) -> str:
    return payload + luhn_check_digit(payload)


def spoken(digits: str) -> str:
    return "".join(_SPOKEN[c] for c in digits)


def fw(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def fours(value: str, sep: str = " ") -> str:
    return sep.join(value[i : i + 4] for i in range(0, len(value), 4))


ICBC = card("622202123456789")  # 6222021234567894, UnionPay 16
CCB = card("621700012345678")  # 6217000123456788
VISA = card("436742123456789")
MASTER = card("518710123456789")
ABC_19 = card("622848001234567890")  # 19 digits
LEGACY_19 = card("955880123456789012")  # pre-UnionPay ICBC 9558, 19 digits
JCB = card("356812345678901")
CMB = card("622588012345678")
BAD_LUHN = ICBC[:-1] + str((int(ICBC[-1]) + 1) % 10)


def test_fixture_cards():
    for value in (ICBC, CCB, VISA, MASTER, ABC_19, LEGACY_19, JCB, CMB):
        assert luhn_ok(value)
    assert len(ABC_19) == 19 and len(LEGACY_19) == 19
    assert not luhn_ok(BAD_LUHN)


def test_luhn_known_values():
    assert luhn_ok("79927398713")  # the textbook example
    assert not luhn_ok("79927398710")
    assert luhn_check_digit("7992739871") == "3"
    assert luhn_ok("4111111111111111") and luhn_ok("5500005555555559")
    for payload in ("622202123456789", "0", "999999999999999999"):
        assert luhn_ok(payload + luhn_check_digit(payload))


# (text, expected spans, previous turn or None)
POSITIVES: list[tuple[str, list[str], str | None]] = [
    (f"客户：卡号{ICBC}。", [ICBC], None),
    (f"客户：银行卡号 {fours(CCB)}", [fours(CCB)], None),
    (f"客户：我的信用卡是{fours(VISA, '-')}", [fours(VISA, "-")], None),
    (f"客户：储蓄卡 {MASTER}，工行的。", [MASTER], None),
    (f"客户：卡号是{fours(spoken(ABC_19))}", [fours(spoken(ABC_19))], None),
    (f"客户：还款账户{LEGACY_19}", [LEGACY_19], None),
    (f"客户：JCB卡 {JCB}", [JCB], None),
    (f"客户：借记卡 {fw(CMB)}", [fw(CMB)], None),
    (f"客户：{ICBC}这张卡冻结了", [ICBC], None),
    (f"客户：信用卡 {fours(CMB)}，下个月到期", [fours(CMB)], None),
    (
        f"坐席：好的，您的银行卡号是{spoken(ICBC)}，对吗？",
        [spoken(ICBC)],
        None,
    ),
    (f"客户：收款账户 {fours(CCB)} 户名张三", [fours(CCB)], None),
    (f"客户：信用卡卡号 {fw(fours(MASTER, '-'))}", [fw(fours(MASTER, "-"))], None),
    (f"客户：{fours(spoken(ICBC))}", [fours(spoken(ICBC))], "坐席：请报一下卡号"),
    (f"客户：工资卡号码 {fours(ABC_19)}，农行的。", [fours(ABC_19)], None),
    # Luhn fails, but 卡号 / 银行卡 says it is a card (an ASR slip)
    (f"客户：卡号{BAD_LUHN}", [BAD_LUHN], None),
    (f"客户：银行卡号 {fours(BAD_LUHN)}", [fours(BAD_LUHN)], None),
    # pieces read out with a card cue
    (
        f"客户：卡号前面是{spoken(ICBC[:6])}，中间是{spoken(ICBC[6:12])}，最后{spoken(ICBC[12:])}",
        [spoken(ICBC[:6]), spoken(ICBC[6:12]), spoken(ICBC[12:])],
        None,
    ),
]

NEGATIVES: list[str] = [
    f"客户：{BAD_LUHN}",
    f"客户：订单号{ICBC}",
    f"客户：会员卡号 {ICBC}",
    "客户：加油卡 9000123456789012",
    f"客户：交易流水号 {VISA}",
    f"客户：就诊卡号 {CCB}",
    f"客户：快递单号 {ABC_19}",
    "客户：1234567812345670",
    f"客户：金额 {ICBC} 元",
    f"客户：合同编号{MASTER}",
    "客户：卡号尾号7894",
    "客户：信用卡尾号7894的那张",
    "客户：银行卡6222 02** **** 7894",
    "客户：公交卡号 3104 1234 5678 9012",
    "客户：燃气卡号 6222021234567894",
    "客户：20261124153012345678",
    f"客户：保单号 {fours(CMB)}",
    "客户：ETC卡号 4401 2345 6789 0123 4567",
    f"客户：一卡通卡号 {ICBC}",
]


@pytest.mark.parametrize(
    ("text", "expected", "context"), POSITIVES, ids=[f"pos{i:02d}" for i in range(len(POSITIVES))]
)
def test_card_positive(text, expected, context, spans, recognizer_spans):
    if context is None:
        assert recognizer_spans(ChineseBankCardRecognizer, text) == expected
    assert spans(text, context=context) == [(CARD, s) for s in expected]


@pytest.mark.parametrize("text", NEGATIVES, ids=[f"neg{i:02d}" for i in range(len(NEGATIVES))])
def test_card_negative(text, spans, recognizer_spans):
    assert recognizer_spans(ChineseBankCardRecognizer, text) == []
    assert spans(text) == []


def test_tables_are_big_enough():
    assert len(POSITIVES) >= 12
    assert len(NEGATIVES) >= 12


def test_luhn_valid_outscores_luhn_failing():
    recognizer = ChineseBankCardRecognizer()
    (good,) = recognizer.analyze(f"卡号{ICBC}", [CARD], None)
    (bad,) = recognizer.analyze(f"卡号{BAD_LUHN}", [CARD], None)
    assert good.score > bad.score


@pytest.mark.parametrize(
    "text",
    [
        "客户：加油卡卡号1000113200012345678",
        "客户：燃气卡的卡号是 1234567890123456",
        "客户：公交卡卡号 3104 1234 5678 9012",
        "客户：就诊卡卡号 2023 0412 0001 8876",
        "客户：会员卡卡号 8800 1234 5678 9012",
    ],
)
def test_other_card_numbers_after_kahao_are_not_bank_cards(spans, text):
    assert spans(text) == []
