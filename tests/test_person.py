"""PERSON: names in the frames callers say them in, and everyday words that are not names."""

from __future__ import annotations

import time

import pytest
from piiguard_recognizers.person import ChinesePersonRecognizer, surname_length

from piiguard import Redactor

RECOGNIZER = ChinesePersonRecognizer()


def names(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in RECOGNIZER.find(text)]


POSITIVES = [
    ("王先生您好，请问有什么可以帮您？", ["王"]),
    ("好的张女士，我这边给您登记一下。", ["张"]),
    ("麻烦转一下刘经理。", ["刘"]),
    ("我是王建国先生的家属。", ["王建国"]),
    ("客户：我叫李娜，电话稍后发您。", ["李娜"]),
    ("客户：我姓陈，耳东陈。", ["陈", "耳东陈"]),
    ("客户：免贵姓张，弓长张，叫张伟。", ["张", "弓长张", "张伟"]),
    ("客户：我姓姚，女兆姚，叫姚敏。", ["姚", "女兆姚", "姚敏"]),
    ("坐席：持卡人张建华先生，您的卡已冻结。", ["张建华"]),
    ("收件人是赵雅琴，东西放门卫。", ["赵雅琴"]),
    ("坐席：您好，客服付思远为您服务。", ["付思远"]),
    ("上次是小李帮我办的。", ["李"]),
    ("老王说明天再来。", ["王"]),
    ("阿杰，你过来一下。", ["杰"]),
    ("好的，欧阳娜娜女士。", ["欧阳娜娜"]),
    ("好的司马姐，诉求已记录。", ["司马"]),
    ("被保险人是阿卜杜拉·买买提。", ["阿卜杜拉·买买提"]),
    ("明白，次仁卓玛女士，还有别的问题吗？", ["次仁卓玛"]),
    ("坐席：请问您怎么称呼？\n客户：雷浩", ["雷浩"]),
    ("坐席：被保险人的姓名是？\n客户：被保险人是我妈，梁娜。", ["梁娜"]),
    ("坐席：请问您的全名是？\n客户：哦，司徒立新", ["司徒立新"]),
    ("机主叫文静，是我女儿。", ["文静"]),
    ("高明老师说下午上课。", ["高明"]),
    ("我姓黄，草头黄，名字叫斌\n", ["黄", "草头黄", "斌"]),
    ("派送员是韩思远，电话一会儿发您。", ["韩思远"]),
    ("联系王建国先生就行。", ["王建国"]),
    ("转806，找一下王经理。", ["王"]),
    ("我叫 Zhang Wei，拼音这么写。", ["Zhang Wei"]),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_names_in_frames(text, expected):
    assert names(text) == expected


NEGATIVES = [
    "很高兴为您服务，请问有什么可以帮您？",
    "好的，谢谢，明白了。",
    "这个可以的，没问题。",
    "这位先生请您排队。",
    "各位女士先生，欢迎来电。",
    "我们小区旁边的工地天天晚上施工，吵得睡不着。",
    "请先关闭总阀，注意安全。",
    "您的账户金额总额是多少？",
    "北京天气怎么样？",
    "去上海出差一周。",
    "提高老师的待遇是好事。",
    "客户：那笔钱是我的，没问题。",
    "客户：方便的话明天上午来。",
    "您的姓名和联系方式需要保密吗？",
    "坐席：请问您怎么称呼？\n客户：可以的，没问题",
    "一小时以后再打过来。",
    "老师说小区门口要修路。",
    "阿姨您好，阿里巴巴的快递到了。",
    "买了一辆小黄车。",
    "文静的性格挺好。",
    "已为您生成报修工单，工单号GD2024。",
    "谢谢王经理",  # the name is 王, never 谢谢王
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_names(text):
    found = names(text)
    if text == "谢谢王经理":
        assert found == ["王"]
    else:
        assert found == []


@pytest.mark.parametrize(
    ("value", "size"), [("王建国", 1), ("欧阳娜娜", 2), ("王", 1), ("耳东陈", 0), ("司马", 1)]
)
def test_surname_length(value, size):
    assert surname_length(value) == size


def test_default_mask_keeps_the_surname():
    r = Redactor()
    assert r.redact("我叫王建国").text == "我叫王**"
    assert r.redact("好的，欧阳娜娜女士").text == "好的，欧阳**女士"
    # a surname alone would be kept whole by "keep the surname": it is masked instead
    assert r.redact("王先生您好").text == "*先生您好"


@pytest.mark.parametrize("unit", ["王先生", "小王", "叫王", "姓王，", "称呼\n王", "阿买·"])
def test_linear_on_adversarial_input(unit):
    text = unit * (200_000 // len(unit))
    start = time.perf_counter()
    RECOGNIZER.find(text)
    assert time.perf_counter() - start < 20  # a safety bound against backtracking, not a timing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("客户：喂，我叫建国，就是那个", ["建国"]),
        ("我们都叫他雷子。", ["雷子"]),
        ("家里人都叫她小名秀秀，喊小名她才应", ["秀秀"]),
        ("你就叫我Kevin好了", ["Kevin"]),
        ("我叫扎西顿珠，是从甘孜州来的", ["扎西顿珠"]),
        ("备注：承办人：苗志军。", ["苗志军"]),
        ("报警人殷秋菊称邻居程大勇在家", ["殷秋菊", "程大勇"]),
    ],
)
def test_called_frames_and_roles(text, expected):
    assert [text[s:e] for s, e, _ in RECOGNIZER.find(text)] == expected


@pytest.mark.parametrize(
    "text", ["叫他回家。", "叫我过来一下", "他叫什么？", "我叫不出来", "叫我们"]
)
def test_requests_after_jiao_are_not_names(text):
    assert RECOGNIZER.find(text) == []
