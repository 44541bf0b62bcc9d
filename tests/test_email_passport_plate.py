"""EMAIL_ADDRESS (written and spoken), CN_PASSPORT and CN_LICENSE_PLATE."""

from __future__ import annotations

import pytest
from piiguard_recognizers import (
    ChineseEmailRecognizer,
    ChineseLicensePlateRecognizer,
    ChinesePassportRecognizer,
)

EMAIL = "EMAIL_ADDRESS"
PASSPORT = "CN_PASSPORT"
PLATE = "CN_LICENSE_PLATE"


def fw(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


# -- e-mail ----------------------------------------------------------------------------

EMAIL_POSITIVES: list[tuple[str, list[str]]] = [
    ("客户：我的邮箱是wang.fang2020@qq.com，发这个就行。", ["wang.fang2020@qq.com"]),
    ("客户：邮箱 zhao_lei@sina.com.cn", ["zhao_lei@sina.com.cn"]),
    ("客户：邮件发到 liu-ming@company.org 吧", ["liu-ming@company.org"]),
    ("客户：email：Chen.Jing@outlook.com", ["Chen.Jing@outlook.com"]),
    (
        "客户：邮箱是 huang ming 下划线 八八 艾特 一六三 点 com",
        ["huang ming 下划线 八八 艾特 一六三 点 com"],
    ),
    ("客户：邮箱地址 xiaomei 艾特 126 点 com", ["xiaomei 艾特 126 点 com"]),
    ("客户：my email is zhangsan at gmail dot com", ["zhangsan at gmail dot com"]),
    (f"客户：邮箱{fw('yangli@163.com')}", [fw("yangli@163.com")]),
    ("客户：13912345678@qq.com 是我的邮箱", ["13912345678@qq.com"]),
    ("客户：邮箱 fei_123 at 139 dot com 谢谢", ["fei_123 at 139 dot com"]),
]

EMAIL_NEGATIVES: list[str] = [
    "客户：发到 abc@def 就行",
    "客户：账号 admin@localhost",
    "客户：我的微博是@小王同学",
    "客户：邮箱还没注册",
    "客户：价格是 5@10元",
    "客户：我用的qq邮箱，就是qq号",
    "客户：点 com 结尾的",
    "客户：艾特我一下",
    "客户：这个文件名是report.final.docx",
    "客户：网址www.example.com",
]


@pytest.mark.parametrize(("text", "expected"), EMAIL_POSITIVES)
def test_email_positive(text, expected, spans, recognizer_spans):
    assert recognizer_spans(ChineseEmailRecognizer, text) == expected
    assert spans(text) == [(EMAIL, s) for s in expected]


@pytest.mark.parametrize("text", EMAIL_NEGATIVES)
def test_email_negative(text, spans, recognizer_spans):
    assert recognizer_spans(ChineseEmailRecognizer, text) == []
    assert spans(text) == []


def test_spoken_email_with_cue_outscores_without():
    recognizer = ChineseEmailRecognizer()
    (cued,) = recognizer.analyze("邮箱 xiaomei 艾特 126 点 com", [EMAIL], None)
    (bare,) = recognizer.analyze("发给 xiaomei 艾特 126 点 com", [EMAIL], None)
    assert cued.score > bare.score


def test_email_masks(redactor):
    assert redactor.redact("邮箱 wang.fang2020@qq.com").text == "邮箱 w************@qq.com"
    out = redactor.redact("邮箱地址 xiaomei 艾特 126 点 com").text
    assert out == "邮箱地址 x****** 艾特 126 点 com"


def test_email_mask_never_returns_the_value_unchanged(redactor):
    result = redactor.redact("邮箱 a@qq.com")
    assert len(result.items) == 1
    assert result.text != "邮箱 a@qq.com"


# -- passport --------------------------------------------------------------------------

PASSPORT_POSITIVES: list[tuple[str, list[str]]] = [
    ("客户：护照号E12345678", ["E12345678"]),
    ("客户：我的护照是 EA1234567", ["EA1234567"]),
    ("客户：护照号码G87654321，旧版的。", ["G87654321"]),
    ("客户：passport: E 1234 5678", ["E 1234 5678"]),
    ("客户：护照号码是E幺二三四五六七八", ["E幺二三四五六七八"]),
    ("客户：外交护照 D1234567", ["D1234567"]),
    ("客户：公务护照号码 SE1234567", ["SE1234567"]),
    (f"客户：护照 {fw('e12345678')}", [fw("e12345678")]),
    ("客户：出国用的护照号是EK7654321，下周出发", ["EK7654321"]),
]

PASSPORT_NEGATIVES: list[str] = [
    "客户：航班号CA1831",
    "客户：火车票订单 E483920157",
    "客户：护照号 EI1234567",
    "客户：车次G1234",
    "客户：D1234567次列车",
    "客户：我的工号是P1234567",
    "客户：S1234567号产品",
    "客户：护照号 E1234567",
    "客户：passport number EO1234567",
]


@pytest.mark.parametrize(("text", "expected"), PASSPORT_POSITIVES)
def test_passport_positive(text, expected, spans, recognizer_spans):
    assert recognizer_spans(ChinesePassportRecognizer, text) == expected
    assert spans(text) == [(PASSPORT, s) for s in expected]


@pytest.mark.parametrize("text", PASSPORT_NEGATIVES)
def test_passport_negative(text, spans, recognizer_spans):
    assert recognizer_spans(ChinesePassportRecognizer, text) == []
    assert spans(text) == []


def test_passport_without_cue_scores_lower():
    recognizer = ChinesePassportRecognizer()
    (cued,) = recognizer.analyze("护照号E12345678", [PASSPORT], None)
    (bare,) = recognizer.analyze("E12345678", [PASSPORT], None)
    assert bare.score < cued.score


def test_official_passport_needs_a_cue(spans):
    assert spans("客户：D1234567") == []


def test_passport_mask(redactor):
    assert redactor.redact("护照号 E12345678").text == "护照号 E******78"


def test_order_number_shaped_like_a_passport_is_not_a_passport(spans):
    assert spans("客户：订单号E12345678，还没发货") == []


# -- license plate ---------------------------------------------------------------------

PLATE_POSITIVES: list[tuple[str, list[str]]] = [
    ("客户：车牌号京A12345", ["京A12345"]),
    ("客户：我的车是沪B·7K3M9，白色的。", ["沪B·7K3M9"]),
    ("客户：车牌粤B·D12345", ["粤B·D12345"]),
    ("客户：新能源车牌 沪AD73519", ["沪AD73519"]),
    ("客户：车牌号是浙A 12345", ["浙A 12345"]),
    ("客户：车牌川A-8B2C6", ["川A-8B2C6"]),
    ("客户：牌照苏E7K3M2", ["苏E7K3M2"]),
    ("客户：车牌号京A一二三四五", ["京A一二三四五"]),
    ("客户：车牌 鲁B12345挂", ["鲁B12345挂"]),
    ("客户：粤BD12345 这个车违章了", ["粤BD12345"]),
    ("客户：车牌号 粤B12345F", ["粤B12345F"]),
]

PLATE_NEGATIVES: list[str] = [
    "客户：京AABCDE",
    "客户：京城ABCDEF",
    "客户：我在京A区12345号",
    "客户：沪A的牌照很难拍",
    "客户：京A1234",
    "客户：京O12345",
    "客户：粤B·ABCDE",
    "客户：我在京工作12345年",
    "客户：地址是京东大厦",
]


@pytest.mark.parametrize(("text", "expected"), PLATE_POSITIVES)
def test_plate_positive(text, expected, spans, recognizer_spans):
    assert recognizer_spans(ChineseLicensePlateRecognizer, text) == expected
    assert spans(text) == [(PLATE, s) for s in expected]


@pytest.mark.parametrize("text", PLATE_NEGATIVES)
def test_plate_negative(text, spans, recognizer_spans):
    assert recognizer_spans(ChineseLicensePlateRecognizer, text) == []
    assert spans(text) == []


def test_plate_masks(redactor):
    assert redactor.redact("车牌粤B·D12345").text == "车牌粤B·*****5"
    assert redactor.redact("车牌号京A12345").text == "车牌号京A****5"


def test_tables_are_big_enough():
    for table in (EMAIL_POSITIVES, PASSPORT_POSITIVES, PLATE_POSITIVES):
        assert len(table) >= 8
    for table in (EMAIL_NEGATIVES, PASSPORT_NEGATIVES, PLATE_NEGATIVES):
        assert len(table) >= 8
