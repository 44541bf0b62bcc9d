"""PHONE_NUMBER: mainland mobiles and landlines, written, full-width, spoken, grouped, in pieces.

Spans follow DESIGN.md: +86 / 0086 / 86- prefixes and in-number separators are inside the
span, extensions (转806, 分机3012) and context words are outside.  Hotlines, reference numbers
in context, amounts, dates, times, codes, staff numbers and masked values are not phones.
"""

from __future__ import annotations

import pytest
from piiguard_recognizers import ChinesePhoneRecognizer

PHONE = "PHONE_NUMBER"


def fw(s: str) -> str:
    """Full-width form of ASCII digits, '+' and '-'."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


# (text, expected spans in order, previous turn or None)
POSITIVES: list[tuple[str, list[str], str | None]] = [
    ("客户：我手机是13912345678，白天都能打通。", ["13912345678"], None),
    ("客户：我的电话是 139 1234 5678。", ["139 1234 5678"], None),
    ("客户：号码是139-1234-5678，谢谢。", ["139-1234-5678"], None),
    ("客户：手机号+86 138 0013 8000。", ["+86 138 0013 8000"], None),
    ("客户：我人在国外，号码+8613800138000。", ["+8613800138000"], None),
    ("客户：0086-13800138000是我的号码", ["0086-13800138000"], None),
    ("坐席：我记一下，86-15900001111，对吗？", ["86-15900001111"], None),
    ("客户：我的手机号码是一三九一二三四五六七八。", ["一三九一二三四五六七八"], None),
    ("客户：幺三九幺二三四五六七八，这是我手机。", ["幺三九幺二三四五六七八"], None),
    ("客户：手机号幺八六洞洞幺二两三四五", ["幺八六洞洞幺二两三四五"], None),
    (f"客户：{fw('13912345678')}是我的手机", [fw("13912345678")], None),
    (f"客户：联系电话：{fw('139-1234-5678')}", [fw("139-1234-5678")], None),
    (
        f"客户：手机号1{fw('59')}1{fw('23')}4{fw('56')}7{fw('8')}",
        [f"1{fw('59')}1{fw('23')}4{fw('56')}7{fw('8')}"],
        None,
    ),
    ("客户：手机号壹叁捌壹贰叁肆伍陆柒捌", ["壹叁捌壹贰叁肆伍陆柒捌"], None),
    ("客户：座机是021-64381234。", ["021-64381234"], None),
    ("客户：座机(021)64381234，上班时间打。", ["(021)64381234"], None),
    ("客户：公司电话（0755）8321 4567转102", ["（0755）8321 4567"], None),
    ("客户：电话0571-87654321分机3012", ["0571-87654321"], None),
    ("客户：固话 02164381234 找财务", ["02164381234"], None),
    ("客户：座机号码 010 6275 1234", ["010 6275 1234"], None),
    ("客户：电话0898-66123456，海口的。", ["0898-66123456"], None),
    ("客户：我的号码是零二一 六四三八 一二三四", ["零二一 六四三八 一二三四"], None),
    ("客户：幺五九 二七三四 八八零六", ["幺五九 二七三四 八八零六"], "坐席：您的手机号是？"),
    ("客户：一八五，零零零零，幺二三四", ["一八五，零零零零，幺二三四"], "坐席：您的号码是多少？"),
    ("客户：幺三七", ["幺三七"], "坐席：请问您的手机号码是多少？"),
    (
        "客户：手机号前三位一八七，后面八位是二四六八一三五七。",
        ["一八七", "二四六八一三五七"],
        None,
    ),
    ("客户：手机号是幺三八，呃，幺二三四五六七八", ["幺三八", "幺二三四五六七八"], None),
    ("客户：打我电话，15012345678或者18612345678都行。", ["15012345678", "18612345678"], None),
    ("客户：我电话13812345678 13912345678两个都行", ["13812345678", "13912345678"], None),
    ("联系人：王女士 Tel:13698765432", ["13698765432"], None),
    ("客户：手机号是一三八，幺二三四，五六七八", ["一三八，幺二三四，五六七八"], None),
    ("客户：加八六 幺三八 幺二三四 五六七八", ["加八六 幺三八 幺二三四 五六七八"], None),
    ("客户：手机199 8765 4321", ["199 8765 4321"], None),
    ("客户：我换了新号码16612345678", ["16612345678"], None),
    ("坐席：验证码已经发到您的手机13711112222上了。", ["13711112222"], None),
    ("客户：订单号查不到的话，您留个电话，17788889999。", ["17788889999"], None),
    (
        "坐席：跟您核对一下，手机号一五零 零零零零 幺幺幺幺 对吧？",
        ["一五零 零零零零 幺幺幺幺"],
        None,
    ),
    ("客户：微信就是手机号，18500001234。", ["18500001234"], None),
    ("客户：手机号幺三拐幺二三四五六勾八", ["幺三拐幺二三四五六勾八"], None),
    ("客户：手机 138 1234 5678 转 2", ["138 1234 5678"], None),
    (
        "客户：我手机13812345678，座机021-64381234，都可以。",
        ["13812345678", "021-64381234"],
        None,
    ),
]

NEGATIVES: list[str] = [
    "坐席：如需帮助请拨打95588。",
    "客户：我刚才打了10086没人接。",
    "坐席：您可以拨打12345市民热线反映。",
    "客户：电话打了12315投诉",
    "客户：我拨了一二三四五",
    "客户：你打一零零八六问问",
    "坐席：我们的客服电话是400-800-1234。",
    "坐席：全国服务热线800-810-8888，免费拨打。",
    "坐席：请致电4008123123咨询。",
    "坐席：请拨打4006-695-365",
    "坐席：客服热线四零零八二零八八二零",
    "客户：我的订单号是13812345678，查一下物流。",
    "客户：订单号 1381 2345 678",
    "客户：运单号75312345678901，一直没更新。",
    "客户：快递单号是 4301 2345 6789，麻烦查下。",
    "客户：报案号 90123456789012，理赔进度怎样？",
    "坐席：工单号20261120001已经生成。",
    "坐席：已为您登记，受理号 15012345678。",
    "客户：流水号13800138000",
    "客户：保单号是一三八一二三四五六七八",
    "客户：一共是13800元对吧？",
    "客户：这笔消费金额是3,980.00元。",
    "客户：余额还有13812345.67元",
    "客户：一三八块钱",
    "客户：账单日是2026-11-24，还款日2026-12-12。",
    "坐席：请在2026.11.24之前还款",
    "客户：我是2026年11月24日下午3点办的。",
    "客户：大概14:30的时候打的电话。",
    "客户：时间戳20261124153012",
    "坐席：验证码是386512，五分钟内有效。",
    "坐席：您的验证码 6 8 2 3 1 9",
    "坐席：我是工号10086的客服。",
    "坐席：我的工号是幺零三二八",
    "客户：给我转人工，转8806",
    "客户：分机号是 8806",
    "客户：我之前留的号是139****6621。",
    "客户：公司统一社会信用代码91310000MA1FL8XQ3X。",
    "客户：燃气卡号 13812345678",
    "客户：宽带账号02787654321",
    "客户：我住在3号楼2单元1502室。",
    "客户：邮编是幺零零零八零",
    "客户：股票代码600519涨了",
    "客户：IP地址是192.168.100.200",
    "客户：一下子说不清楚，我得查一下。",
    "客户：两个星期前办的，三四天就到了。",
    "客户：快递员手机我没记",
    "坐席：验证码已经发送到您尾号 5679 的手机上，请查收。",
    "客户：版本号 13.8.1234.5678",
]


@pytest.mark.parametrize(
    ("text", "expected", "context"), POSITIVES, ids=[f"pos{i:02d}" for i in range(len(POSITIVES))]
)
def test_phone_positive(text, expected, context, spans, recognizer_spans):
    if context is None:
        assert recognizer_spans(ChinesePhoneRecognizer, text) == expected
    assert spans(text, context=context) == [(PHONE, s) for s in expected]


@pytest.mark.parametrize("text", NEGATIVES, ids=[f"neg{i:02d}" for i in range(len(NEGATIVES))])
def test_phone_negative(text, spans, recognizer_spans):
    assert recognizer_spans(ChinesePhoneRecognizer, text) == []
    assert spans(text) == []


def test_tables_are_big_enough():
    assert len(POSITIVES) >= 30
    assert len(NEGATIVES) >= 30


def test_extension_and_context_words_are_outside_the_span(redactor):
    text = "座机010-62751234转806，找财务"
    (result,) = redactor.analyze(text)
    assert text[result.start : result.end] == "010-62751234"
    assert text[result.end] == "转"


def test_allocated_prefix_scores_higher_than_unallocated(recognizer_spans):
    recognizer = ChinesePhoneRecognizer()
    allocated = recognizer.analyze("手机号13812345678", [PHONE], None)
    unallocated = recognizer.analyze("手机号15412345678", [PHONE], None)
    assert len(allocated) == 1
    assert all(u.score < allocated[0].score for u in unallocated)


def test_cue_raises_the_score():
    recognizer = ChinesePhoneRecognizer()
    (bare,) = recognizer.analyze("13812345678", [PHONE], None)
    (cued,) = recognizer.analyze("手机号13812345678", [PHONE], None)
    assert cued.score > bare.score


def test_recognizer_ignores_other_entities():
    recognizer = ChinesePhoneRecognizer()
    assert recognizer.analyze("手机号13812345678", ["CN_BANK_CARD"], None) == []
    assert recognizer.supported_language == "zh"
    assert recognizer.get_supported_entities() == [PHONE]


def test_recognizer_rejects_non_str():
    with pytest.raises(TypeError, match="str"):
        ChinesePhoneRecognizer().analyze(b"13812345678", [PHONE], None)


def test_pieces_across_turns_with_context(redactor):
    first = redactor.analyze("客户：前三位一五八", context="坐席：请报一下您的手机号。")
    second = redactor.analyze("客户：后面六七零三二九一四", context="客户：前三位一五八")
    assert [("客户：前三位一五八")[r.start : r.end] for r in first] == ["一五八"]
    assert [r.entity_type for r in first] == [PHONE]
    assert [("客户：后面六七零三二九一四")[r.start : r.end] for r in second] == ["六七零三二九一四"]
    assert [r.entity_type for r in second] == [PHONE]


def test_piece_without_any_cue_is_not_reported(spans):
    assert spans("客户：六七零三二九一四") == []


@pytest.mark.parametrize("cue", ["Ｔｅｌ：", "ＴＥＬ：", "Ｍｏｂｉｌｅ "])
def test_full_width_cue_words_are_cues(cue):
    # A landline without an area code is a phone only where a cue says so.
    from piiguard_recognizers.phone import ChinesePhoneRecognizer

    text = f"{cue}８８６６１２３４"
    assert [text[s:e] for s, e, _ in ChinesePhoneRecognizer().find(text)] == ["８８６６１２３４"]
