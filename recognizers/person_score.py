"""PERSON without a frame: names in running text (王强表示…, 朱学军，男，…, 张伟、李娜).

News, résumés and posts name people without the call-center frames that
:mod:`piiguard_recognizers.person` looks for (先生, 我叫, 持卡人 …).  Running a segmenter over
all text would cost more than everything else together, so this module works in two steps:

1. **candidates**, cheaply: one compiled pattern finds a surname character followed by a
   character that can be in a given name (about 20 places per 1 000 characters of call
   text, at some 100 M characters per second);
2. **a score** where a candidate is, a log-likelihood ratio of "a name" against "ordinary
   words": the surname's and the given-name characters' own ratios
   (``data/name_chars.tsv``, built from jieba's dictionary and HMM and faker's name lists,
   see ``tools/build_given_names.py``), plus evidence around the candidate:

   * what precedes and follows it: punctuation, 和/与/、, a role (记者, 主持人), a verb of
     speech (说, 表示), a résumé cue (，男，/汉族/1965年出生) count for a name; a dictionary
     word made with the character before or after (这张卡, 李明天) counts against;
   * the candidate itself: a dictionary word (高兴, 马上, 王牌, 李子) counts against in
     proportion to its frequency; a place or organisation right after (曹县, 张杨路,
     吴家村, 华鑫证券) or a division name (邵阳) counts against; a transliteration-looking
     candidate inside a longer foreign word (佛罗伦萨) counts against;
   * the document: a name found once (in a frame, or with a high score) is found again
     wherever it recurs, and a weaker candidate in a list with a found name (、 和 与) is
     taken too.

The candidates it takes are scored 0.5-0.6, below the frames (0.6-0.95) and below most
addresses, so that a place that looks like a name (赵湾村) goes to the address recognizer.
"""

from __future__ import annotations

import math
import re
from functools import cache
from importlib import resources

from .context import trie_pattern

#: A candidate is taken at or above this log-likelihood ratio ...
THRESHOLD = 8.0
#: ... or this much lower when it stands in a list with a name already taken (张三、李四).
LIST_SLACK = 4.0
#: Characters that never stand in a given name: particles, pronouns, negations.
_GIVEN_STOP = frozenset("的了吗呢吧啊呀嘛哦嗯我你他她它您们这那不没也都就还很说是在个")
#: Punctuation and spaces: a name may begin or end here.
_PUNCT = frozenset("，。、；：！？“”‘’（）《》「」【】〈〉,.;:!?()[]\"' \n\t\r—-…·/|#@~～")
#: Before a name: conjunctions and prepositions (和张伟, 对李娜, 由王强).
_BEFORE = frozenset("和与及跟同对向给让被把由将为是叫请找问称")
#: Last characters of roles said right before a name (记者王强, 主持人李静, 董事长张伟).
_ROLE_END = frozenset("者员长人师手家理授任席演主士官生将帅")
#: After a name: verbs of speech and frequent function words (王强表示, 李娜在, 张伟的).
_AFTER = frozenset(
    "说表示认为指出称介绍透露告诉强调解释回忆坦言笑问答在是的和与等也都就还曾已将对向从把被为则又"
    "今昨近随当率带饰获担出现任拿打进发看去来给让觉希要会能却便并于因已正再"
)
#: Places and buildings that end a name (吴家村, 曹县, 张杨路, 杨桥镇).
_PLACE = frozenset("村镇乡县市区省州路街巷道庄湾营寨屯港桥山河湖江岛园寺庙宫馆站厂矿堡")
#: Organisations after a name-like word (华鑫证券, 岳阳林纸股份).
_ORG = frozenset(
    "公司 集团 银行 证券 保险 大学 学院 医院 中学 小学 协会 学会 中心 研究 委员 政府 大厦 "
    "广场 酒店 宾馆 饭店 商场 超市 工厂 社区 小区 花园 派出 法院 电视 日报 晚报 体育 俱乐 "
    "足球 球队 联队 影业 科技 股份 有限 控股 国际 集体 基金 投资 实业 电器 地产 药业 纸业".split()
)
#: Résumé and register cues right after a name: 朱学军，男，/ 李娜：女 / 王强，汉族 / ，1965年生.
_CUE_AFTER = re.compile(
    r"[，,：:（(]?(?:[男女](?:[，,、；;）)。 ]|$)|汉族|回族|满族|\d{2,4}年(?:\d{1,2}月)?(?:出)?生"
    r"|\d{2}岁|中国国籍|籍贯)"
)
#: 这张卡, 两张票, 那位: a classifier after a numeral or a demonstrative.
_COUNTERS = frozenset("这那一二三四五六七八九十两几每哪某各整半首本此该")
_CLASSIFIERS = frozenset("张支条只封间名位份项句本片段座台辆门把头匹件首")
#: Characters of transliterated foreign names (Xinhua's transliteration table) and the part
#: of them that Chinese given names rarely use.  A candidate made only of them, inside a
#: longer run of them, is a piece of a foreign word (佛|罗伦萨, 法|兰克福).
_TRANSLIT = frozenset(
    "阿埃艾爱安昂奥巴拜班邦保鲍贝本比彼毕宾波伯博布查达戴黛丹道德登邓迪蒂丁东杜多厄恩尔法范"
    "菲芬丰弗福富盖甘冈高戈格根古圭哈海汉豪赫亨胡华怀惠霍基吉加贾简杰金卡凯坎康考柯科克肯库"
    "夸奎昆拉莱赖兰朗劳勒雷蕾里理利莉丽列林琳卢鲁路伦罗洛马玛迈麦曼芒梅门蒙米密明莫默姆穆纳"
    "娜奈南内尼妮涅宁纽努诺欧帕派潘庞佩彭皮珀普奇齐契恰乔切琼丘屈热任瑞若萨塞桑瑟森沙莎尚舍"
    "施什史斯松苏索塔泰坦汤唐特提廷图托瓦万旺威韦维温文翁沃乌伍西希锡夏谢辛休许雅亚扬耶伊因"
    "英尤约扎泽詹兹佐茨琴哥堡顿逊"
)
_TRANSLIT_STRONG = frozenset(
    "斯尔克特姆德拉纳吉亚尼里利维夫基布伊奥诺塔莫卡科蒂迪普沃格契乔瓦尤埃赫曼希茨兹佩帕萨塞瑟"
    "莱洛鲁卢穆默努涅阿乌欧桑罗雷"
)
#: Said like names, but are not (an e-mail's @ read aloud).
_NOT_NAMES = frozenset(("艾特",))


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


@cache
def name_chars() -> tuple[dict[str, float], dict[str, float]]:
    """(given-name LLR per character, surname LLR per surname) from ``data/name_chars.tsv``."""
    text = resources.files(__package__).joinpath("data", "name_chars.tsv").read_text("utf-8")
    given: dict[str, float] = {}
    surname: dict[str, float] = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        c, g, s = line.split("\t")
        if g and g != "0.0":
            given[c] = float(g)
        if s:
            surname[c] = float(s)
    return given, surname


@cache
def words() -> tuple[dict[str, int], dict[str, int], frozenset[str]]:
    """jieba's two- and three-character words with their frequency, and the three-character
    ones tagged as person names (秦始皇, 刘德华: well-known names, not counted as words)."""
    import jieba

    two: dict[str, int] = {}
    three: dict[str, int] = {}
    named: set[str] = set()
    path = resources.files(jieba).joinpath("dict.txt")
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            parts = line.split()
            if len(parts) != 3:
                continue
            word, freq, tag = parts
            if len(word) == 2:
                two[word] = max(two.get(word, 0), int(freq))
            elif len(word) == 3:
                three[word] = max(three.get(word, 0), int(freq))
                if tag == "nr":
                    named.add(word)
    return two, three, frozenset(named)


@cache
def _word_logs() -> tuple[dict[str, float], dict[str, float]]:
    """ln(frequency) of the two-character words seen 5 times or more, and of the
    three-character words seen 3 times or more that are not names."""
    two, three, named = words()
    return (
        {w: math.log(f) for w, f in two.items() if f >= 5},
        {
            w: math.log(f)
            for w, f in three.items()
            if f >= 3 and (w not in named or _foreign_like(w))  # 卢森堡 is tagged nr too
        },
    )


@cache
def _divisions() -> frozenset[str]:
    """Two- and three-character names of administrative divisions (邵阳, 杨浦)."""
    from .address import _tables

    return frozenset(n for n in _tables().divisions if 2 <= len(n) <= 3)


def _char_class(chars: set[str]) -> str:
    """A regular-expression class body for ``chars``, written as ranges."""
    ordered = sorted(chars)
    out = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ord(ordered[j + 1]) == ord(ordered[j]) + 1:
            j += 1
        out.append(re.escape(ordered[i]) if i == j else f"{ordered[i]}-{ordered[j]}")
        i = j + 1
    return "".join(out)


#: Surnames whose ratio is below this are not looked at: 上, 查, 单, 方 open far more words
#: than names (measured: it costs well under 1 % of the names found in news text).
_SURNAME_FLOOR = 0.5
#: A given-name character with a ratio at or below this never follows in a candidate.
_GIVEN_FLOOR = -2.5


@cache
def _candidates() -> tuple[re.Pattern[str], frozenset[str]]:
    """The candidate pattern (a surname, then a possible given-name character) and the
    compound surnames."""
    from .person import surnames

    given, sur = name_chars()
    shares = surnames()
    firsts = {
        n for n in shares if len(n) == 1 and shares[n] >= 0.01 and sur.get(n, 0) >= _SURNAME_FLOOR
    }
    compounds = frozenset(n for n in shares if len(n) == 2)
    firsts.update(n[0] for n in compounds)
    bad = {c for c, v in given.items() if v <= _GIVEN_FLOOR} | _GIVEN_STOP
    good = {chr(i) for i in range(0x4E00, 0xA000)} - bad
    pattern = re.compile(f"[{_char_class(firsts)}](?=[{_char_class(good)}])")
    return pattern, compounds


def _foreign_like(name: str) -> bool:
    return all(c in _TRANSLIT for c in name) and sum(c in _TRANSLIT_STRONG for c in name) >= 2


#: Evidence from the character before a candidate (a Han character not listed: 0).
_BEFORE_SCORE = {c: 1.5 for c in _PUNCT} | {c: 1.0 for c in _BEFORE}
_LN10 = math.log(10)
#: A word made with the character before or after counts from this frequency on (ln 20).
_LN20 = math.log(20)
#: A candidate that makes a word this frequent (ln 1000), with its own next character or
#: with the one before, is not looked at further (高兴, 明白; 谢谢|王).
_LN_WORD = math.log(1000)
#: ... and with the one before, from this frequency (ln 50): 流程|大概, 订单|详情.
_LN_PREV = math.log(50)
#: A given name that is a word counts against from this frequency on (ln 200).
_LN200 = math.log(200)


def find_frameless(
    text: str, taken: list[tuple[int, int, float]]
) -> list[tuple[int, int, float]]:
    """Names in ``text`` without a frame, not overlapping ``taken`` (the frames' finds)."""
    scored = candidates(text, THRESHOLD - LIST_SLACK)  # loads _STATE
    if "、" in text or _STATE[1].search(text) is not None:
        scored += _foreign(text)
    if not scored or (not taken and max(scored)[0] < THRESHOLD):
        return []  # nothing sure, and nothing a weak candidate could be listed with
    return _select(text, scored, taken)


#: Roles said right before a foreign name (主帅穆里尼奥, 导演斯皮尔伯格, 总统奥巴马).
FOREIGN_ROLES = (
    "主帅 主教练 教练 球员 前锋 后卫 中场 门将 总统 首相 总理 导演 演员 歌手 作家 主席 部长 外长 "
    "国务卿 队长 名将 球星 影星 明星 总裁 记者 教授 博士 丈夫 妻子 女友 男友 王子 公主 国王 女王 "
    "画家 作曲家 设计师 制片人 编剧 主演 老板 经纪人"
).split()
#: After a foreign-looking word, characters that say it is a place or a team (桑德兰队, 乌克兰人).
_FOREIGN_PLACE_AFTER = frozenset("队市州岛港城省县河湖山堡湾国人语族军")


@cache
def _foreign_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    run = f"[{_char_class(set(_TRANSLIT))}]{{3,7}}"
    return re.compile(run), re.compile(f"(?:{trie_pattern(FOREIGN_ROLES)})({run})")


def _foreign(text: str) -> list[tuple[float, int, int]]:
    """Runs of transliteration characters (穆里尼奥, 斯皮尔伯格): taken after a role (主帅…),
    or in a list with a name found otherwise (丹尼斯、哈姆西克); never alone."""
    run, after_role = _foreign_patterns()
    out = []
    for m in after_role.finditer(text):
        if _foreign_ok(text, m.start(1), m.end(1)):
            out.append((THRESHOLD, m.start(1), m.end(1)))
    if "、" in text:  # a list: the runs may join a name found otherwise
        for m in run.finditer(text):
            if _foreign_ok(text, m.start(), m.end()):
                out.append((THRESHOLD - LIST_SLACK, m.start(), m.end()))
    return out


def _foreign_ok(text: str, a: int, b: int) -> bool:
    return (
        sum(c in _TRANSLIT_STRONG for c in text[a:b]) >= 2
        and text[b : b + 1] not in _FOREIGN_PLACE_AFTER
    )


#: The tables, loaded on first use (module-level: this runs on every text of a job).
_STATE: tuple = ()


def _load() -> tuple:
    global _STATE
    pattern, compounds = _candidates()
    given, sur_table = name_chars()
    two, three = _word_logs()
    roles = re.compile(trie_pattern(FOREIGN_ROLES))
    _STATE = (pattern, roles, compounds, given, sur_table, two, three, _divisions())
    return _STATE


def candidates(text: str, floor: float) -> list[tuple[float, int, int]]:
    """(log-likelihood ratio, start, end) of the candidates scored ``floor`` or more."""
    pattern, _, compounds, given, sur_table, two, three, divisions = _STATE or _load()
    n = len(text)
    title = "《" in text
    scored: list[tuple[float, int, int]] = []
    for m in pattern.finditer(text):
        s = m.start()
        prev = text[s - 1] if s else ""
        c0 = text[s]
        if prev in _COUNTERS and c0 in _CLASSIFIERS:
            continue  # 这张卡, 两位
        head = text[s : s + 2]
        w2 = two.get(head)
        if w2 is not None and w2 >= _LN_WORD:
            continue  # 高兴, 马上, 明白: an everyday word (the cheap, frequent case)
        k = 2 if head in compounds else 1
        if s + k >= n or (k == 1 and c0 not in sur_table):
            continue  # the first character of a compound surname, alone
        # evidence shared by both readings (one or two given-name characters)
        base = sur_table.get(text[s : s + k], 0.0) + given.get(text[s + k], 0.0)
        if w2 is not None:
            base -= w2  # 王牌, 李子: a word
        if prev:
            if prev in _BEFORE_SCORE:
                base += _BEFORE_SCORE[prev]
            elif not "\u4e00" <= prev <= "\u9fff":
                base += 1.5
            else:
                w = two.get(prev + c0)
                if w is not None and w >= _LN20:
                    if w >= _LN_PREV:
                        continue  # 谢谢|王…, 一张|…: the character belongs to the word before
                    base -= 3 + w / _LN10
                elif prev in _ROLE_END:
                    base += 0.5
        else:
            base += 1.5
        best = -99.0
        best_end = 0
        for size in (1, 2):
            e = s + k + size
            if e > n:
                break
            score = base
            last = text[e - 1]
            if size == 2:
                if last in _GIVEN_STOP or not "\u4e00" <= last <= "\u9fff":
                    break
                g = given.get(last, 0.0)
                if g <= _GIVEN_FLOOR:
                    break
                score += g
                name = text[s:e]
                w = three.get(name)
                if w is not None:
                    score -= 2 + w  # 向日葵, 高速路
                w = two.get(text[s + k : e])
                if w is not None and w >= _LN200:
                    score -= 0.5 * w / _LN10  # 建国, 海燕: many given names are words
            else:
                score -= 0.8  # one-character given names are the rarer kind
                name = text[s:e]
            nxt = text[e] if e < n else ""
            if not nxt or nxt in _PUNCT or not "\u4e00" <= nxt <= "\u9fff":
                score += 1.5
            else:
                w = two.get(last + nxt)
                if w is not None and w >= _LN20:
                    score -= 2 + w / _LN10  # 李明|天: the last character belongs after
                if nxt in _AFTER:
                    score += 1.0
                elif nxt in _PLACE:
                    score -= 3.0  # 曹县, 张杨路
                if text[e : e + 2] in _ORG:
                    score -= 4.0  # 华鑫证券
            if score + 4.0 < floor:
                continue  # not even a résumé cue could lift it
            if _CUE_AFTER.match(text, e):
                score += 4.0
            if last in _PLACE:
                score -= 2.5  # 吴家村
            elif last in "之某":
                score -= 4.0  # 王之怒, 李某
            if c0 in _TRANSLIT and _foreign_like(name):
                score -= 2.5
                if prev in _TRANSLIT or nxt in _TRANSLIT:
                    score -= 3.0  # 佛|罗伦萨: a piece of a longer foreign word
            if name in divisions:
                score -= 3.0  # 邵阳, 杨浦
            if title:
                before = text[max(0, s - 12) : s]
                if "《" in before and "》" not in before and "》" in text[e : e + 12]:
                    continue  # a name in a title (《寻找李慧珍》) is the title's
            if score > best and name not in _NOT_NAMES:
                best = score
                best_end = e
        if best >= floor:
            scored.append((best, s, best_end))
    return scored


#: Between the names of a list: 张伟、李娜和刘洋.
_LIST_SEPARATORS = frozenset("、和与及")


def _select(
    text: str, scored: list[tuple[float, int, int]], taken: list[tuple[int, int, float]]
) -> list[tuple[int, int, float]]:
    """The best-scored candidates that do not overlap, and weaker ones listed with them."""
    scored.sort(key=lambda x: (-x[0], x[1]))
    covered = bytearray(len(text) + 1)  # positions inside a found name
    starts: set[int] = set()
    ends: set[int] = set()

    def take(a: int, b: int) -> None:
        covered[a:b] = b"\x01" * (b - a)
        starts.add(a)
        ends.add(b)

    for a, b, _ in taken:
        take(a, b)
    accepted: list[tuple[int, int, float]] = []
    weak: list[tuple[float, int, int]] = []
    for sc, a, b in scored:
        if any(covered[a:b]):
            continue
        if sc >= THRESHOLD:
            take(a, b)
            accepted.append((a, b, sc))
        else:
            weak.append((sc, a, b))
    # a list of names: 张伟、李娜和刘洋 (a weak candidate next to a found name, either side)
    changed = bool(starts)
    while weak and changed:
        changed = False
        rest = []
        for sc, a, b in weak:
            if any(covered[a:b]):
                continue
            if (a - 1 in ends and text[a - 1] in _LIST_SEPARATORS) or (
                b + 1 in starts and text[b] in _LIST_SEPARATORS
            ):
                take(a, b)
                accepted.append((a, b, sc))
                changed = True
            else:
                rest.append((sc, a, b))
        weak = rest
    return [(a, b, _confidence(sc)) for a, b, sc in sorted(accepted)]


def _confidence(llr: float) -> float:
    """0.5 at the threshold, up to 0.6 well above it."""
    return round(min(0.6, 0.5 + 0.01 * max(0.0, llr - THRESHOLD)), 3)


def propagate(text: str, spans: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Find again, elsewhere in ``text``, the names of two or more characters in ``spans``."""
    if not spans:
        return spans
    names = {text[a:b] for a, b, _ in spans if b - a >= 2 and _is_han(text[a])}
    if not names:
        return spans
    covered = bytearray(len(text) + 1)
    for a, b, _ in spans:
        covered[a:b] = b"\x01" * (b - a)
    extra = []
    for name in sorted(names, key=lambda n: (-len(n), n)):
        i = text.find(name)
        while i >= 0:
            j = i + len(name)
            if not any(covered[i:j]):
                covered[i:j] = b"\x01" * (j - i)
                extra.append((i, j, 0.55))
            i = text.find(name, j)
    return sorted(spans + extra) if extra else spans
