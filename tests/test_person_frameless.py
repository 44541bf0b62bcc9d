"""PERSON without a frame: names in news, résumé, post and call text, and words that are not.

Every sentence here is written by hand for these tests (none comes from a corpus).
"""

from __future__ import annotations

import time

import pytest
from piiguard_recognizers.person import ChinesePersonRecognizer
from piiguard_recognizers.person_score import THRESHOLD, candidates, find_frameless, name_chars

from piiguard import Redactor

RECOGNIZER = ChinesePersonRecognizer()


def names(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in RECOGNIZER.find(text)]


POSITIVES = [
    # news
    ("记者王强表示，今年的销量还会增长。", ["王强"]),
    ("昨天下午，刘建华在发布会上介绍了新产品。", ["刘建华"]),
    ("会上，张伟、李娜和刘洋分别作了发言。", ["张伟", "李娜", "刘洋"]),
    ("主帅穆里尼奥赛后说，球队踢得不错。", ["穆里尼奥"]),
    ("据悉，孙丽萍已于上月离职。", ["孙丽萍"]),
    # résumé
    ("朱学军，男，1965年出生，大学本科学历。", ["朱学军"]),
    ("赵雅琴：女，汉族，中共党员，高级会计师。", ["赵雅琴"]),
    ("郭志宏先生，中国国籍，无境外永久居留权。", ["郭志宏"]),
    # posts
    ("今天和周慧敏一起去看电影，太开心了", ["周慧敏"]),
    ("恭喜韩梦瑶拿到驾照！", ["韩梦瑶"]),
    # calls: a name said again later is found again
    ("客户：我叫陈晓东。\n坐席：好的。\n客户：陈晓东，耳东陈。", ["陈晓东", "陈晓东", "耳东陈"]),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_names_without_frames(text, expected):
    assert names(text) == expected


NEGATIVES = [
    # everyday words
    "好的，可以，很高兴为您服务，明白了，谢谢。",
    "您方便的话，我马上帮您查一下任务进度。",
    "万一下周末下雨，我们何时出发？",
    "于是许多人都说这个很常见。",
    # surnames used as ordinary words
    "他打出了一张王牌，黄金价格随即上涨。",
    "高速上堵车了，李子和向日葵都晒坏了。",
    "他张开双手，看着陈列的石头和朱红的钱包。",
    "林业部门白天巡查江河两岸。",
    "这张卡已经冻结了，那张卡还能用。",
    # names that are words, without context
    "他的方法很高明，这个女孩很文静。",
    "海燕在暴风雨中飞翔。",
    "金鑫广场今天开业，海燕牌自行车八折。",
    # places and organisations
    "我在湖南省邵阳市隆回县桃洪镇。",
    "他在华鑫证券有限责任公司上班。",
    "地址是阜阳市临泉县杨桥镇吴家村。",
    "桑德兰队主场迎战阿森纳。",
    # a name in a title is the title's
    "他最喜欢的书是《寻找李慧珍》。",
    # call-center speech
    "坐席：您好，请问有什么可以帮您？\n客户：我想查一下话费余额。",
    "坐席：流程大概需要三个工作日，订单详情可以在APP上查看。",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_names(text):
    assert names(text) == []


def test_scores_rank_names_above_words():
    def best(text: str, target: str) -> float:
        scores = [sc for sc, a, b in candidates(text, -99) if text[a:b] == target]
        return max(scores, default=-99.0)

    assert best("昨天下午，刘建华在发布会上介绍了新产品。", "刘建华") >= THRESHOLD
    assert best("，高兴表示", "高兴") < THRESHOLD
    assert best("我马上到", "马上") < THRESHOLD


def test_frameless_spans_do_not_overlap_frames():
    text = "联系人张建华，张建华表示同意。"
    found = RECOGNIZER.find(text)
    assert [text[s:e] for s, e, _ in found] == ["张建华", "张建华"]
    for (_, e1, _), (s2, _, _) in zip(found, found[1:], strict=False):
        assert e1 <= s2
    assert find_frameless(text, found) == []


def test_frameless_scores_below_frames_and_addresses():
    text = "昨天下午，刘建华在发布会上介绍了新产品。"
    [(_, _, score)] = RECOGNIZER.find(text)
    assert 0.5 <= score <= 0.6


def test_redactor_masks_a_frameless_name():
    assert Redactor().redact("记者王强表示，今年的销量还会增长。").text.startswith("记者王*表示")


def test_a_village_goes_to_the_address():
    r = Redactor()
    found = [(x.entity_type, x.start, x.end) for x in r.analyze("地址是临泉县杨桥镇赵湾村9组60号")]
    assert all(entity == "CN_ADDRESS" for entity, _, _ in found)


def test_name_chars_table():
    given, surname = name_chars()
    assert given["伟"] > 2 and given["芳"] > 2  # given-name characters
    assert given["的"] < -2 and given["是"] < -2  # particles
    assert surname["王"] > surname["高"] > 0  # 高 is a word far more often than 王
    assert "欧阳" in surname


@pytest.mark.parametrize("unit", ["王强、", "张伟表示，", "桑德兰", "朱学军，男，"])
def test_linear_on_adversarial_input(unit):
    text = unit * (200_000 // len(unit))
    start = time.perf_counter()
    RECOGNIZER.find(text)
    assert time.perf_counter() - start < 20  # a safety bound against quadratic work
