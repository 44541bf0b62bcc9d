"""PERSON: names in Chinese call-center speech and notes.

Callers rarely say a full name out of the blue; they say it in a frame, and the frames
are what this recognizer looks for, each cheap to find with one compiled pattern:

* a surname and a form of address: 王先生, 张女士, 刘经理, 李老师, 王建国先生 (the span is
  the name part: 王, 王建国);
* a nickname: 小李, 老王 (span: the surname), 阿杰;
* an introduction or a role: 我叫王建国, 我姓陈, 持卡人张伟, 收件人是李娜, 客服张敏;
* a surname spelled out by its parts: 耳东陈, 弓长张, 木子李, 立早章, 口天吴, 古月胡 …
  (the span is the whole phrase, which names the person as surely as the character);
* a transliterated minority name with a middle dot: 阿卜杜拉·买买提.

The surname lexicon (``data/surnames.tsv``: 400 surnames with their frequency, plus
compound and rare ones) decides whether a character can open a name; jieba's dictionary,
already a dependency, tells whether the characters after a surname are an ordinary word
(高兴, 方便, 金额) so that everyday words are not taken for names.  Names that are also
words (高明, 文静, 海燕) are reported when a frame says name, and not otherwise.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from .base import ChineseRecognizer
from .context import trie_pattern
from .person_score import find_frameless, name_chars, propagate

_CJK = "\u4e00-\u9fff"

#: Forms of address that follow a name; the span stops before them.
TITLES = (
    "先生 女士 小姐 老师 经理 师傅 阿姨 叔叔 大爷 大妈 大姐 大哥 同学 医生 大夫 主任 总 工 "
    "律师 护士 老板 科长 处长 局长 部长 院长 校长 教授 博士 警官 书记 会计 主管 总监 助理 "
    "姐 哥 叔 婶 伯 奶奶 爷爷 老太太 老先生 师兄 师姐 顾问 专员 队长 站长 店长 班长 所长"
).split()

_TITLE_AT = re.compile("|".join(sorted((t for t in TITLES if len(t) > 1), key=len, reverse=True)))

#: Words after which a name is said (a colon, 是 or 叫 may follow).  Strong ones are
#: about names as such; a name that is also a word (高明, 文静) counts after them.
STRONG_INTRODUCERS = (
    "我叫 叫做 名叫 名字叫 名字是 名字 姓名 全名 叫 本人 户主 持卡人 开户人 收件人 收货人 "
    "寄件人 联系人 被保险人 投保人 受益人 被保人 申请人 法人 负责人 经办人 签收人 代收人 "
    "委托人 机主 车主 业主 他叫 她叫 客服 客服代表 专员 "
    # roles of work orders, police, court, insurance and lease records (承办人：苗志军)
    "承办人 来电人 报警人 报案人 受送达人 当事人 驾驶人 开票人 复核人 审核人 收款人 付款人 "
    "出租方 承租方 出租人 承租人 户名 客户名 客户姓名 联系人姓名 投诉人 被投诉人 举报人 "
    "担保人 借款人 持有人 监护人 法定代表人 代理人 患儿 报修人 来访人 购买人 使用人 实际使用人"
).split()
#: Weak ones often precede other things too (客户方便, 寄给公司); a name after them must
#: not read as a word.
WEAK_INTRODUCERS = (
    "我是 他是 她是 客户 患者 就诊人 病人 家属 老公 老婆 爱人 丈夫 妻子 儿子 女儿 母亲 父亲 "
    "妈妈 爸爸 代表 坐席 工程师 快递员 骑手 配送员 维修员 安装师傅 租客 "
    "房东 寄给 发给 交给 转给 打给 找一下 请找 叫我 "
    # roles said before a name in notes, news and CRM text (记者王强, 主演刘德华)
    "记者 主持人 导演 演员 歌手 球员 教练 作者 编剧 总裁 董事长 总经理 主席 总理 院士 教授 "
    "队长 创始人 经纪人 发言人 制片人 主演 选手 法官 律师 医生 警官 市长 书记 部长 局长 委员 "
    "司机 店主 老板 派送员 送货员 快递小哥 外卖员 客户经理 理财经理 业务员 销售 导购 "
    # people around the caller (邻居程大勇, 我老伴石满仓, 表姐东方晴)
    "用户 同事 朋友 邻居 室友 同学 老伴 子女 哥哥 姐姐 弟弟 妹妹 我哥 我姐 我弟 我妹 表姐 "
    "表哥 表妹 表弟 儿媳 女婿 孙子 孙女 外孙 村民 居民 主播 博主 值班主管 主管 组长 驾驶员 复核"
).split()
INTRODUCERS = STRONG_INTRODUCERS + WEAK_INTRODUCERS
_STRONG = frozenset(STRONG_INTRODUCERS)

#: Questions after which the next turn may be just a name (请问您怎么称呼？ / 雷浩).
_NAME_QUESTIONS = ("称呼", "姓名", "名字", "全名", "贵姓", "叫什么", "哪位")
_NAME_QUESTION = re.compile("|".join(_NAME_QUESTIONS))
#: 我姓黄，名字叫斌: the given name alone, after the surname was said.
_GIVEN_ONLY = re.compile(rf"(?:名字叫|名字是|名叫)([{_CJK}]{{1,2}})(?=[，,。.！!？?；; \n]|$)")
#: What someone is called, said as a whole clause: 我叫建国。 你就叫我Kevin好了, 都叫他雷子,
#: 小名秀秀 (no surname needed: the frame says name, and the clause ends right after it).
_CALLED = re.compile(
    rf"(?:我就叫|我叫|就叫我|叫我|都叫我|都叫他|都叫她|叫他|叫她|名叫|小名叫|小名是|小名|乳名|"
    rf"外号叫|外号|绰号叫|绰号|英文名叫|英文名是|英文名)(?:是)?(?!小名|乳名|外号|绰号|英文名)"
    rf"(?P<name>[{_CJK}]{{2,4}}|[A-Za-z]{{2,20}})"
    rf"(?=[，,。.！!？?；;、 \n…]|$|好了|就行|就好|就可以|吧)"
)
#: First and last characters that make the clause a request, not a name: 叫他回家, 叫我过来.
_CALLED_NOT_FIRST = frozenset("回吃出进起上下去来到给把被让一这那我你他她们别快先再")
_CALLED_NOT_LAST = frozenset("来去了过着吧呢吗啊们下")


def _plausible_called(name: str) -> bool:
    """A clause after 我叫/叫我 that reads as a name rather than a request or a word."""
    if name.isascii():
        return name[0].isupper() or name.isupper()
    if name[0] in _CALLED_NOT_FIRST or name[-1] in _CALLED_NOT_LAST:
        return False
    if name[0] in "小老阿" and len(name) == 2:
        return False  # 叫我小王: the nickname frame reports 王
    return _word_freq().get(name, 0) < 5000 and not any(c in _STOP for c in name)


#: A clause of an answer: text between punctuation marks.
_CLAUSE = re.compile(r"[^，,。.！!？?；;、 　…\n]+")
#: Words that may open an answer before the name itself.
_LEAD_FILLER = re.compile(
    r"(?:嗯嗯|嗯|哦|啊|喂|对|是|那个|这个|就是说|就是|我是|我叫|叫|被保险人是|申请人是|"
    r"就诊人是|本人|我妈|我爸|我爱人|我老公|我老婆|我儿子|我女儿)+"
)
_TURN_NAME = re.compile(
    rf"(?:[^：:\n]{{1,6}}[：:])?[ 　]*(?:(?:对|嗯|哦|啊|是|那个|就是|我|我是)[，, ]*)*"
    rf"(?P<name>[{_CJK}]{{2,4}})[。.！!，, ]*",
)

#: Everyday words that begin with a surname character after 小/老 (小时, 老师 …).
_NICK_STOP = frozenset(
    (
        "小时 小区 小心 小孩 小姐 小说 小米 小吃 小学 小组 小麦 小额 小型 小事 小包 小票 "
        "小程 小于 小伙 小朋 小弟 小妹 小哥 小姑 小猫 小狗 小车 小金 小卖 小便 小数 小费 "
        "小号 小白 小黄 小龙 小鱼 小区 小商 小路 小店 小件 小样 小屋 小声 小葱 小肚 小点 "
        "老师 老板 老家 老人 老公 老婆 老年 老是 老实 老百 老伴 老大 老乡 老虎 老鼠 老式 "
        "老化 老用 老客 老款 老城 老街 老房 老地 老顾 老样 老毛 老母 老爸 老妈 老子 老头 "
        "老太 老爷 老总 老将 老兵 老手 老话 老朋 老同 老妹 老哥 老弟 老花 老旧 老成 老练 "
        "老牌 老汉 老远 老早 老半 老路 老位 老方 老单 老号"
    ).split()
)

#: Words with 阿 that are not nicknames (阿姨, 阿里 …), by their second character.
_A_STOP = frozenset("姨里拉婆公爸妈哥嫂弟妹伯叔胶斯富根尔联迪森司弥Q")

#: Characters that end a given name: particles, punctuation, verbs that follow a name.
_STOP = frozenset(
    "的是了在和跟与及或呢吗吧啊呀哦嗯么喔，。、！？,.!?：:；;（）()“”\"' 　\t\n"
    "为被把将从向替帮用"
    "我你他她它您们这那有没不也都就还再又很太先女小老说讲打来去到给让请要想会能可以"
    "号电手身地住先等对吧嘛哈"
)

#: Surnames spelled by their parts, as callers do to avoid homophones.
SPELLED = {
    "耳东陈": "陈",
    "弓长张": "张",
    "立早章": "章",
    "木子李": "李",
    "口天吴": "吴",
    "古月胡": "胡",
    "言午许": "许",
    "双木林": "林",
    "木易杨": "杨",
    "草头黄": "黄",
    "禾口程": "程",
    "禾呈程": "程",
    "人可何": "何",
    "走肖赵": "赵",
    "关耳郑": "郑",
    "双口吕": "吕",
    "子小孙": "孙",
    "文刀刘": "刘",
    "卯金刀刘": "刘",
    "三横王": "王",
    "三横一竖王": "王",
    "双人徐": "徐",
    "金字旁的钱": "钱",
    "三点水的汪": "汪",
    "三点水的沈": "沈",
    "三点水的江": "江",
    "三点水的潘": "潘",
    "三点水的洪": "洪",
    "三点水的汤": "汤",
    "三点水的沙": "沙",
    "提手旁的扬": "扬",
    "木字旁的杨": "杨",
    "草字头的黄": "黄",
    "草字头的范": "范",
    "草字头的萧": "萧",
    "草字头的董": "董",
    "草字头的苏": "苏",
    "草字头的蒋": "蒋",
    "单人旁的付": "付",
    "单人旁的何": "何",
    "单人旁的任": "任",
    "单人旁的侯": "侯",
    "提土旁的坤": "坤",
    "宝盖头的宋": "宋",
    "宝盖头的宫": "宫",
    "王字旁的玉": "玉",
    "日月明": "明",
    "日召昭": "昭",
    "女子好": "好",
    "干钩于": "于",
    "干勾于": "于",
    "禾木程": "程",
    "早十卓": "卓",
    "日立章": "章",
    "言身寸谢": "谢",
    "耳朵陈": "陈",
    "耳朵旁的陈": "陈",
    "木子季": "季",
    "口十古": "古",
    "马户驴": "驴",
    "竖心旁的怡": "怡",
    "门口的闫": "闫",
    "门里三横的闫": "闫",
    "反文旁的敏": "敏",
    "反犬旁的狄": "狄",
    "金字旁的钟": "钟",
    "金字旁的铁": "铁",
    "病字旁的疗": "疗",
    "月亮的月": "月",
    "周恩来的周": "周",
    "毛泽东的毛": "毛",
    "邓小平的邓": "邓",
}

#: Last characters of units and ranks before a title (信贷部经理, 党支部书记, 江西省会计学会).
_UNIT_ENDS = frozenset("部局处科委系省市县区厅院所司厂队组办室支副正总级班校")
#: Titles that only follow a person: a name that is also a word counts before them.
_PERSONAL_TITLES = frozenset(("先生", "女士", "小姐"))
#: Last characters of verbs after which a name often follows (联系王建国, 问一下张三).
_VERB_ENDS = frozenset("系找问知诉烦通")
#: Characters that make 这位, 各位 … with a following surname-like character.
_DEMONSTRATIVES = frozenset("这那各哪每诸两几该本某")


@cache
def surnames() -> dict[str, float]:
    """Surname -> share of the population in percent (0 for rare and compound ones)."""
    text = resources.files(__package__).joinpath("data", "surnames.tsv").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, weight = line.split("\t")[:2]
            table[name] = float(weight)
    return table


def surname_length(value: str) -> int:
    """Characters of the surname that opens ``value`` (2 for 欧阳娜娜, 1 for 王建国)."""
    table = surnames()
    if len(value) >= 3 and value[:2] in table:
        return 2
    if value[:1] in table:
        return 1
    return 0


@cache
def _word_freq() -> dict[str, int]:
    """Two-character words of jieba's dictionary with their frequency.

    jieba tags some everyday words as names (谢谢, 明白 are ``nr``), so every tag counts;
    real given names are rare in it (李明, 王伟 are absent).
    """
    import jieba

    path = resources.files(jieba).joinpath("dict.txt")
    freq: dict[str, int] = {}
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            parts = line.split()
            if len(parts) == 3 and len(parts[0]) == 2:
                freq[parts[0]] = int(parts[1])
    return freq


def is_word(chars: str, min_freq: int = 200) -> bool:
    """True when ``chars`` is an everyday word (高兴, 方便), not part of a name."""
    return _word_freq().get(chars, 0) >= min_freq


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    names = surnames()
    singles = "".join(sorted(n for n in names if len(n) == 1))
    compounds = "|".join(sorted((n for n in names if len(n) == 2), key=lambda n: (-len(n), n)))
    surname = f"(?:{compounds}|[{singles}])"
    titles = trie_pattern(TITLES)
    return {
        # 先生, 经理 …: the name is looked for right before the title.
        "title": re.compile(titles),
        # 小李, 老王
        "nick": re.compile(f"[小老]{surname}"),
        # 阿杰, 阿明: 阿 and one given-name character, standing alone
        "a_nick": re.compile(f"阿([{_CJK}])(?![{_CJK}])"),
        # 我叫…, 持卡人…, 客服…: the name is parsed from the end of the match.
        "intro": re.compile(
            f"(?P<word>{trie_pattern(INTRODUCERS)})[是叫为：: ]{{0,2}}(?={surname})"
        ),
        # 我姓陈, 免贵姓张
        "surname_only": re.compile(f"(?:我姓|免贵姓|贵姓|姓)(?:是)?(?={surname})"),
        "spelled": re.compile(trie_pattern(list(SPELLED))),
        "dot": re.compile(f"[{_CJK}]{{2,6}}[·•・][{_CJK}]{{2,8}}"),
        "pinyin": re.compile(r"[A-Z][a-z]{1,5}(?: [A-Z][a-z]{1,6}){1,2}"),
        "surname": re.compile(surname),
    }


_PINYIN_CUES = ("我叫", "名字", "姓名", "拼音", "叫", "name", "Name")
#: Characters of transliterated Uyghur, Tibetan and Mongolian names (阿卜杜拉, 次仁卓玛,
#: 巴特尔, 古丽娜尔): a run of them before a title or after a name question is a name.
_DOT_NAME_CHARS = frozenset(
    "阿买提古丽尔克江汗拉娜木扎力布米热依斯坦夫尼亚艾合尤素甫库玛迪吾图卜杜次仁卓格桑梅朵"
    "西多吉巴特达赛罕其其乌兰孟和旺堆央金措姆德吉帕沙哈迈麦尔巴穆罕默"
)


class ChinesePersonRecognizer(ChineseRecognizer):
    """Names of people, found through the frames they are said in."""

    ENTITY = "PERSON"
    CONTEXT = ("先生", "女士", "我叫", "我姓", "姓名", "持卡人", "收件人", "联系人")

    def find(self, text: str, start: int = 0) -> list[tuple[int, int, float]]:
        pats = _patterns()
        names = surnames()
        found: dict[tuple[int, int], float] = {}

        def add(start: int, end: int, score: float) -> None:
            key = (start, end)
            if found.get(key, 0.0) < score:
                found[key] = score

        for m in pats["spelled"].finditer(text):
            add(m.start(), m.end(), 0.95)
        for m in pats["title"].finditer(text):
            if m.start() == 0:
                continue
            span = self._before_title(text, m.start(), m.end(), names)
            if span is not None:
                add(span[0], span[1], 0.85)
        for m in pats["nick"].finditer(text):
            word = m.group()
            prev = text[m.start() - 1] if m.start() else ""
            if prev and prev in "大很最太":
                continue
            if word[:2] in _NICK_STOP:
                # 小黄, 小白 are words too; as a name they come after 的/是/员 and stand alone
                nxt = text[m.end() : m.end() + 1]
                if (
                    not prev
                    or prev not in "的是叫找员"
                    or (nxt and nxt not in "，,。.！!？? 给说\n")
                ):
                    continue
            add(m.start() + 1, m.end(), 0.7)
        if "阿" in text:
            for m in pats["a_nick"].finditer(text):
                prev = text[m.start() - 1] if m.start() else ""
                if m.group(1) not in _A_STOP and (
                    not prev or prev in "是叫找给和跟问让请" or not "\u4e00" <= prev <= "\u9fff"
                ):
                    add(m.start(1), m.end(1), 0.6)
        for m in pats["surname_only"].finditer(text):
            sm = pats["surname"].match(text, m.end())
            if sm is not None and not self._continues_as_word(text, sm.end()):
                add(sm.start(), sm.end(), 0.85)
                spelled = self._spelled_after(text, sm.end(), sm.group())
                if spelled is not None:
                    add(spelled[0], spelled[1], 0.9)
        for m in pats["intro"].finditer(text):
            word = m.group("word")
            if (
                word in ("客户", "坐席", "客服", "患者", "家属")
                and (m.start() == 0 or text[m.start() - 1] == "\n")
                and text[m.start() + len(word) : m.start() + len(word) + 1] in "：:"
            ):
                continue  # a speaker label, not an introduction
            span = self._name_at(text, m.end(), strong=word in _STRONG)
            if span is not None:
                add(span[0], span[1], 0.9 if word in _STRONG else 0.75)
        for m in _GIVEN_ONLY.finditer(text):
            name = m.group(1)
            if not any(c in _STOP for c in name) and not is_word(name, 2000):
                add(m.start(1), m.end(1), 0.75)
        for m in _CALLED.finditer(text):
            name = m.group("name")
            if _plausible_called(name):
                add(m.start("name"), m.end("name"), 0.75)
        for m in _INTRO_TRANSLITERATED.finditer(text):
            add(m.start(1), m.end(1), 0.85)
        if _NAME_QUESTION.search(text) is not None:
            for span in self._turn_answers(text):
                add(span[0], span[1], 0.8)
        if "·" in text or "•" in text or "・" in text:
            for m in pats["dot"].finditer(text):
                if sum(c in _DOT_NAME_CHARS for c in m.group()) >= 2:
                    begin = m.start()
                    while m.end() - begin > 5 and text[begin] not in _DOT_NAME_CHARS:
                        begin += 1  # 被保险人是阿卜杜拉·买买提: the name starts at 阿
                    add(begin, m.end(), 0.85)
        for m in pats["pinyin"].finditer(text):  # starts with [A-Z]: a fast scan
            before = text[max(0, m.start() - 8) : m.start()]
            if any(cue in before for cue in _PINYIN_CUES):
                add(m.start(), m.end(), 0.8)
        spans = _drop_nested(found)
        extra = find_frameless(text, spans)
        if extra:
            spans = sorted(spans + extra)
        return propagate(text, spans)

    # -- frames ------------------------------------------------------------------------

    def _before_title(
        self, text: str, title_start: int, title_end: int, names: dict[str, float]
    ) -> tuple[int, int] | None:
        """The name right before a title: 王先生 -> 王, 王建国先生 -> 王建国.

        Candidates are a surname directly before the title, or one or two given-name
        characters earlier.  A longer reading is taken only where the surname starts at
        a boundary (punctuation, a particle, an introducer) and does not make a word with
        the character after it, so "谢谢王经理" gives 王, not 谢王, and "高兴老师" nothing.
        """
        title = text[title_start:title_end]
        while title_start > 1 and text[title_start - 1] in "副正总" and len(title) > 1:
            title_start -= 1  # 王副经理, 李总经理: the name is before 副/总
        for size in (4, 3):  # 次仁卓玛女士, 阿卜杜拉先生: transliterated names, no surname
            head = text[max(0, title_start - size) : title_start]
            if len(head) == size and all(c in _DOT_NAME_CHARS for c in head):
                return title_start - size, title_start
        after = text[title_end : title_end + 1]
        short_title = len(title) == 1
        if short_title and after and "\u4e00" <= after <= "\u9fff" and after not in _STOP:
            return None  # 金总额, 报修工单: a one-character title must end the phrase (王总，)
        best: tuple[int, int] | None = None
        for given in (0, 1, 2):
            for size in (1, 2):
                start = title_start - given - size
                if start < 0:
                    continue
                sur = text[start : start + size]
                if sur not in names:
                    continue
                given_chars = text[start + size : title_start]
                if any(c in _STOP or not "\u4e00" <= c <= "\u9fff" for c in given_chars):
                    continue
                if given_chars and (
                    given_chars[-1] in _UNIT_ENDS
                    or (
                        is_word(sur + given_chars[0], 50)
                        and title not in _PERSONAL_TITLES
                        and name_chars()[0].get(given_chars[0], 0.0) < 1.0
                    )
                    or (
                        given == 2
                        and is_word(given_chars, 3000)
                        and sum(name_chars()[0].get(c, 0.0) for c in given_chars) < 0
                    )
                ):
                    continue  # 高级会计师, 党委书记, 信贷部经理, 车间主任: a unit, not a name
                prev = text[start - 1] if start else ""
                if prev in _DEMONSTRATIVES or (prev and is_word(prev + sur, 300)):
                    continue  # 这位先生, 谢谢王…: the character belongs to the word before
                boundary = not prev or prev in _STOP or not "\u4e00" <= prev <= "\u9fff"
                if short_title and (
                    given or (size == 1 and names[sur] < 0.1) or is_word(sur + title, 100)
                ):
                    continue  # 王总, 李工, 司马姐; not 关闭总阀, 晚上施工
                if given == 0:
                    if size == 1 and names[sur] < 0.01:
                        continue  # rare surname characters are mostly ordinary words
                    best = (start, title_start)
                elif boundary or prev in _VERB_ENDS:
                    # 谢谢王经理: a word (谢谢) then a common surname right before the title
                    # reads as 王经理, not as a person called 谢谢王.
                    if is_word(sur + given_chars[0], 300) and names.get(given_chars[-1], 0) >= 0.2:
                        continue
                    best = (start, title_start)
        return best

    def _continues_as_word(self, text: str, end: int) -> bool:
        return end < len(text) and text[end] in "氏"

    def _spelled_after(self, text: str, pos: int, surname: str) -> tuple[int, int] | None:
        """我姓姚，女兆姚: a short phrase after the surname that ends in it again."""
        i = pos
        while i < len(text) and text[i] in "，, 、":
            i += 1
        if i == pos:
            return None
        for size in (2, 3, 4):
            end = i + size
            if (
                text[end - len(surname) : end] == surname
                and all("\u4e00" <= c <= "\u9fff" for c in text[i:end])
                and (end == len(text) or text[end] in "，,。.！!？? 、\n叫的")
            ):
                return i, end
        return None

    def _turn_answers(self, text: str) -> list[tuple[int, int]]:
        """The name in the turn right after a turn that asked for one.

        "请问被保险人的姓名是？" / "被保险人是我妈，梁娜。": the answer's first clause that is
        only a name (2-4 characters opening with a surname, fillers aside) is taken, even
        when the name is also a word (高峰, 江河): the question says a name comes.
        """
        spans = []
        for q in _NAME_QUESTION.finditer(text):
            line_start = text.find("\n", q.end()) + 1
            if line_start == 0:
                continue
            line_end = text.find("\n", line_start)
            if line_end < 0:
                line_end = len(text)
            colon = text.find("：", line_start, min(line_end, line_start + 8))
            pos = colon + 1 if colon >= 0 else line_start
            for clause in _CLAUSE.finditer(text, pos, line_end):
                start, end = clause.span()
                lead = _LEAD_FILLER.match(text, start, end)
                if lead is not None:
                    start = lead.end()
                name = text[start:end]
                size = surname_length(name)
                if not (2 <= len(name) <= 4) or not size or any(c in _STOP for c in name):
                    dotted = 3 <= len(name) <= 5 and all(c in _DOT_NAME_CHARS for c in name)
                    if not dotted:
                        continue
                elif is_word(name, 5000) or is_word(name[: size + 1], 5000):
                    continue
                spans.append((start, end))
                break
        return spans

    def _name_at(self, text: str, pos: int, strong: bool = True) -> tuple[int, int] | None:
        """The name that starts at ``pos`` after an introducer, or None."""
        size = surname_length(text[pos : pos + 4])
        if size == 0 or text[pos] in _STOP:
            return None  # 姓名和联系方式: 和 is a surname, but here a conjunction
        if not strong and size == 1 and surnames()[text[pos]] < 0.05:
            return None  # 客户那笔, 客户方便: rare surname characters after a weak cue
        given = 0
        while given < 2:
            i = pos + size + given
            if i >= len(text):
                break
            c = text[i]
            if c in _STOP or not ("\u4e00" <= c <= "\u9fff") or _TITLE_AT.match(text, i):
                break  # 找一下王经理: the title is not part of the name
            # 王芳电话: stop where the next characters are an everyday word.
            if given >= 1 and is_word(text[i : i + 2], 1000):
                break
            given += 1
        if given == 0:
            return None
        name = text[pos : pos + size + given]
        head = name[: size + 1]
        if not strong and is_word(head, 50):
            return None  # 客户方便, 寄给公司
        if strong and is_word(name, 10000) and given == 1 and size == 1:
            return None  # 叫可以, 姓名方便
        return pos, pos + size + given


def _drop_nested(found: dict[tuple[int, int], float]) -> list[tuple[int, int, float]]:
    """Keep the longest of overlapping spans (王建国 over 王), deterministically."""
    spans = sorted(found.items(), key=lambda kv: (kv[0][0], -(kv[0][1] - kv[0][0])))
    out: list[tuple[int, int, float]] = []
    for (start, end), score in spans:
        if out and start < out[-1][1]:
            continue
        out.append((start, end, score))
    return out


#: 收件人次仁卓玛, 我老公叫乌兰其其格: a transliterated name (no surname) after a strong cue.
_INTRO_TRANSLITERATED = re.compile(
    "(?:" + trie_pattern(STRONG_INTRODUCERS) + ")[是叫为：: ]{0,2}"
    "([" + "".join(sorted(_DOT_NAME_CHARS)) + "]{3,5})(?![\u4e00-\u9fff])"
)
