"""CN_ADDRESS: street-level or finer Chinese addresses, written or colloquial.

An address is a chain of *parts*: administrative divisions (省/市/区县/乡镇), street-level
parts (a road 望京西路, an estate 阜通小区, a village 王庄村, a building 国贸大厦) and numbers
(5号, 3栋, 2单元, 402, 三组), with the fillers and pauses of speech between them
("望京西路那个阜通小区五栋", "金地花园，七栋，三单元，二零一").  A bare place name (北京天气,
去上海出差, 广州分行) is not an address: a chain is reported only with street-level evidence,
or with a division chain down to a town and an address cue (地址, 住在, 寄到 ...).

Speed comes from never looking at most of the text:

1. one trie regex finds *anchors*: the suffixes of street-level parts (路, 街, 小区, 村, 镇,
   区 ...) and number units (号, 栋, 单元, 室 ...); customer records add dashed flat numbers
   (兰园12-10-3376), looked for only where the text has a dash.  Cheap tests on the
   neighbouring characters drop most anchors (手机号, 知道, 路上; 客户 is not even one);
2. an anchor becomes a part: a name is read leftwards from its suffix up to a stop word
   (在, 是, 那个, punctuation ...), the previous part, or the end of a division name of the
   gazetteer (天河区|中山大道); a unit takes the numerals before it (二十二号楼, 幺七幢);
3. parts are joined into chains across fillers and pauses, extended rightwards by what has no
   anchor (a bare flat number after 3栋, an estate such as 华润城 before 十幢) and leftwards
   over the divisions of ``data/divisions.tsv`` (MCA, 2025-12-31; names, short names and
   levels), plus the abolished county names of ``data/region_codes.tsv`` (绍兴县, 江干区)
   that old customer records still use;
4. a chain is scored by what it holds: a street part with a number is sure, a road under a
   division nearly so, a road or estate alone or a bare division chain needs an address cue.

Every scan is bounded by the previous part, the previous anchor of the same suffix or a fixed
width, so the cost is linear in the text (1 MB of 路, 号, digits or 北京市 included).  The
gazetteer is read once, on first use.

Lexicons beside the gazetteer: ``data/address_suffixes.txt`` (the grammar's suffixes and
units), ``data/address_nonnames.txt`` (这条, 我们, 明天: words before a suffix that name
nothing), ``data/address_nonwords.txt`` (知道, 城中村, 客服中心: words that end like an
address part and are not one) and ``data/address_inside_places.txt`` (门诊楼, 商场: buildings
whose floors say where to go, not where someone lives).
"""

from __future__ import annotations

import gc
import heapq
import re
import threading
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import NamedTuple

from .base import ChineseRecognizer
from .context import trie_pattern

# -- characters and words ------------------------------------------------------------------

_ASCII_DIGITS = frozenset("0123456789")
_DIGITS = frozenset("0123456789０１２３４５６７８９")
_SPOKEN = frozenset("零〇○一二三四五六七八九十百千两幺壹贰叁肆伍陆柒捌玖拾洞")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzＡＢＣＤＥＦＧＨＩＪ")
_NUM_SEPARATORS = frozenset("-－—_#＃")
#: Besides CJK, what a name may hold: Latin letters and digits (798艺术区, SOHO现代城).
_NAME_EXTRA = _DIGITS | frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_NUMERALS = _DIGITS | _SPOKEN
#: What a house or flat number is spelled with: 5-2, A座, B1栋, 二十二, 幺〇幺.
_NUMBER_CHARS = _NUMERALS | _LETTERS | _NUM_SEPARATORS
#: Prefixes of Beijing-style house numbers: 甲1号, 附3号, 临9号; and 第三村民组.
_NUMBER_PREFIXES = frozenset("甲乙丙丁附临第")
_DIRECTIONS = frozenset("东西南北中")
#: Stands for "no character" before the start or after the end of the text.
_NONE = "\x00"

#: Characters that end a name read leftwards: (almost) never inside a road, estate or
#: village name, often right before an address (住在, 寄到, 我们, 就是 ...).
_STOP_CHARS = frozenset(
    "的了吗呢吧啊呀哦嗯呃哎唉喂嘛么我你您他她它们咱是在住到寄送写给往从去把被让叫"
    "说问想要也还就再又很挺最这哪啥址位于请帮靠有只另俩与及"
)
#: Words that end a name read leftwards, although their characters occur in names (那曲,
#: 家园, 老河口, 东侧村): checked as whole words.
_STOP_WORDS = frozenset(
    (
        "那个 那边 那里 那儿 那块 那头 这个 这边 这里 这儿 知道 已经 就是 然后 还有 以及 "
        "我家 你家 他家 她家 老家 新家 回家 在家 娘家 婆家 地方 具体 详细 一下 现在 目前 "
        "之前 以前 刚才 搬家 导航 搜索 打车 开车 坐车 路过 经过 应该 可能 大概 好像 确认 "
        "核实 改成 改为 换成 变更 修改 更改 默认 填的 写的 地址 地点 位置 收货 邮寄 快递 "
        "外卖 那家 这家 我们 你们 他们 对面 旁边 隔壁 楼下 楼上 里面 外面 附近 周边 一个 "
        "这么 那么 什么 怎么 麻烦 谢谢 好的 可以 没有 不是 对的 对吧 是的 清楚 明白 告诉 "
        "记一下 留一下 发货 到货 安装 维修 上门 直达 到达 通往 前往 进入 走进 离开 "
        "作为 成为 属于 来自 回到 去过 来过 举行 举办 开业 入驻 "
        "东侧 西侧 南侧 北侧 东边 西边 南边 北边 东面 西面 南面 北面 往东 往西 往南 往北 "
        "向东 向西 向南 向北 以东 以西 以南 以北 斜对面 交叉口 路口 门口 "
        "分行 支行 银行 公司 集团 公交 今天 明天 昨天 后天 前天 上午 下午 晚上 早上 中午 "
        "月底 月初 年底"
    ).split()
)
assert {len(w) for w in _STOP_WORDS} <= {2, 3}, "_name_start checks 2 and 3 characters"
#: One-character names that are a direction, a numeral or a generic word: 北路, 区中心.
_TRIVIAL_NAMES = frozenset(
    "东西南北中前后上下内外新老大小区市县省镇乡村路街道号一二三四五六七八九十"
)
#: A distance said as a road: 十几里路, 两三公里路.
_DISTANCE = re.compile(r"[0-9一二三四五六七八九十百几两多]+(?:公里|里|米)的?路")
#: A date, month or time inside a name: 7月底居委会.
_TIME_IN_NAME = re.compile(r"[0-9０-９一二三四五六七八九十两]+[年月日号点]")

#: Fillers people put between two parts of one address: 望京西路那个阜通小区, 三好街的5栋.
_BRIDGE = re.compile(
    r"[ \t\u3000_\-－—]?[ \t\u3000]*"
    r"(?:(?:那个|这个|就是|那边的|这边的|那边|这边|旁边的|附近的|对面的|里面的|里的|的|"
    r"呃|嗯|啊|就在|就|在)[ \t\u3000]*){0,3}"
)
#: A pause inside an address: 世纪新城，20号楼; 西乡街道，那个，固戍一路.
_COMMA_BRIDGE = re.compile(
    r"[ \t\u3000]*[，,、…](?:[ \t\u3000，,、…]|那个|就是|就在|就|在|呃|嗯|啊)*"
)
#: ... and the road said after the building: 滨江花园6幢801室，就武侯大道上.
_COMMA_ROAD = re.compile(r"[ \t\u3000]*[，,][ \t\u3000]*(?:就是在|就在|就|在)")
#: A suffix between two parts that the anchors did not take: 安苑|里|1号院.
_GAP_SUFFIXES = frozenset("里院楼座区园城府庭苑湾村庄")
#: Where two roads meet: 纺工路与南溪路交叉口.
_CROSSING = re.compile(r"(?:的)?(?:十字路口|交叉路口|交叉口|路口|交汇处|交界处|交口)")
#: Between divisions: 浙江省-金华市-义乌市, 杭州市_西湖区, 郑州市，金水区……农业路.
_DIVISION_GAPS = frozenset("-_－— \u3000，,、…")
#: Between the divisions and the street in speech: 朝阳区那个望京西路.
_DIVISION_FILLERS = frozenset(("那个", "这个", "就是"))

#: Address cues shortly before a candidate, possibly in the previous turn (请问地址是？).
_CUE = re.compile(
    trie_pattern(
        (
            "地址 住址 住在 住的是 家住 居住 我家在 我家是 家在 老家在 老家是 户籍 现住 "
            "寄到 寄往 寄给 寄去 邮寄 送到 送货 配送 收货 收件 派送 上门 位于 坐落 搬到 "
            "搬去 装在 安装 装机 门牌 楼栋 哪栋 哪一栋 几栋 几号楼 几单元 小区名 小区叫 "
            "小区是 出险 事故地点 发生在 详细 具体位置 取件 寄件 接我 来接 地點 住處 門牌 住喺 "
            "哪个村 哪个组 哪个乡 哪个镇 哪个乡镇 哪个街道 哪个县 哪个区 哪个小区 哪个单元 "
            "在哪 在哪里 在哪儿 什么位置 哪个位置 什么地方 放在 放到"
        ).split()
    )
)
_CUE_WINDOW = 40
#: ... and right after it: 在望京西路附近, 阳光小区门口.
_AFTER_CUE = re.compile(
    r"[，, ]?(?:就是|就在|就)?(?:附近|旁边|门口|对面|楼下|那边|这边|那儿|这儿|隔壁|路口|一带|"
    r"[东西南北大正后侧]门)"
)
#: After a place name, a branch or a business named after it: 如家酒店(北京学院路店), 增光路
#: 总店, 卡奴迪路服饰股份有限公司.
_SHOP_AFTER = re.compile(
    r"[一二三四五六七八九十0-9]?(?:总|分|旗舰|专卖|直营|体验|门)?店|营业厅|营业部|分行|"
    r"支行|分公司|办事处|集团|股份|有限|公司|企业|协会|学会|委员会|管委会|服饰|实业|贸易|商贸"
)
_SHOP_IN_BRACKETS = re.compile(r"(?:店|营业部|营业厅|分行|支行)[)）]")
#: Organisations, not places to live: 北京亚太花园酒店 is a hotel.
_ORGANISATIONS = tuple(
    "酒店 宾馆 饭店 医院 学校 大学 学院 中学 小学 幼儿园 超市 馆 厂 公司".split()
)

#: Characters after a suffix that make it another word: 路由器, 街头, 村民, 楼下.
_BAD_NEXT: dict[str, tuple[str, ...]] = {
    word: tuple(nexts.split())
    for word, nexts in {
        "路": "由 费 况 程 径 人 线 数 演 透 途 子 面 痴",
        "街": "头 坊 舞 拍",
        "道": "歉 理 德 具 题 路 别 谢 贺 喜 士 教 观 家 长 出 破 来 去",
        "镇": "静 定 压 守 痛",
        "村": "民 里 子 长 干部 级 支书 落",
        "乡": "亲 音 愁 土 下 村 镇 间",
        "屯": "兵 粮",
        "区": "别 域 分 间 长 委",
        "中心": "思 点",
        "广场": "舞",
        "巷": "子 尾",
        "楼": "梯 下 上 道 顶 层 房 里 前 后 边 外 盘 市",
        "营": "销 业 养 运 造 地 救",
        "弄": "堂",
    }.items()
}
#: Characters after a unit that make it another word: 组合, 层次, 座谈, 段落.
_BAD_UNIT_NEXT = {
    "组": "合织成员建件图长别队",
    "层": "次面级出层",
    "座": "谈位机椅",
    "段": "时落位子",
    "区": "别域分间长委",
    "队": "员长伍",
    "楼": "盘市层梯",
}
#: Units a letter alone may number: A座, B区, C栋.
_LETTER_UNITS = frozenset(("座", "区", "栋", "幢", "号楼", "楼", "棟", "樓", "區"))
#: Units that are also measure words: 一座公园, 十三栋住宅楼, 一段公路 (but 七楼大厅 is a floor).
_COUNTED = frozenset("座栋幢段组区队期排")
#: After a count in words (一座, 三栋) these still read as a house number: 五栋三单元, 一栋楼下.
_COUNT_OK_NEXT = frozenset("楼单室号门户层的了吧呢啊呀嗯那这就是在")
#: Measure words and units: numerals before one are a quantity or a time (3个, 12点, 50米).
_MEASURES = frozenset(
    "个点分块元岁年月日天次人米里斤件台张份条位秒周倍遍趟毛角公千万百多余号栋幢室层楼单座平"
)
#: After 号, a member of staff: 226号客服为您服务.
_STAFF = re.compile(r"客服|坐席|话务|专员|技师|师傅|员工|工作人员|为您|选手|队员|运动员|病人|患者")
#: Building-unit-flat written with dashes after an estate name: 绿城兰园12-10-3376.
_DASHED = re.compile(r"[0-9]{1,4}[-－][0-9]{1,4}(?:[-－][0-9]{1,5})?(?![0-9\-－])")

# -- parts ---------------------------------------------------------------------------------

ROAD, HOME, POI, VILLAGE, TOWN, AREA, NUM, ROOM = (
    "road",
    "home",
    "poi",
    "village",
    "town",
    "area",
    "num",
    "room",
)
#: Parts that place an address below the division level on their own.
_STREET_KINDS = frozenset((ROAD, HOME, POI, VILLAGE))
#: A suffix right after the previous part: it renames that part (花园|路, 4号|路).
_MERGE = "merge"


class _Part(NamedTuple):
    """One component of an address at ``[start, end)``."""

    start: int
    end: int
    kind: str
    #: NUM: a unit that alone names a building or flat (栋, 单元, 室); TOWN: known to the
    #: gazetteer; POI: found by an anchor suffix (大厦, 广场), not guessed from a number
    strong: bool = False


# -- reference data ------------------------------------------------------------------------


class _Division(NamedTuple):
    """One division of the gazetteer under one of its names."""

    code: str
    #: 0 country, 1 province, 2 prefecture, 3 county, 4 town
    level: int
    parent: str
    #: the name is the full name (北京市), not a short form (北京)
    full: bool
    #: the name is also a street name or a word and counts only right after its parent:
    #: short county names (朝阳, 南山) and two-character 区 names (城区, 郊区, 东区)
    needs_parent: bool = False


_LEVELS = {"province": 1, "prefecture": 2, "county": 3, "town": 4}


class _Tables:
    """The gazetteer and the lexicons, read once (see :func:`_tables`)."""

    def __init__(self) -> None:
        # Some 100 000 small objects: the cyclic collector would walk them again and again
        # while they are made, and there is no cycle among them.
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._load()
        finally:
            if enabled:
                gc.enable()

    def _load(self) -> None:
        data = resources.files(__package__).joinpath("data")
        names: dict[str, list[_Division]] = {}
        for line in data.joinpath("divisions.tsv").read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            code, level_name, name, shorts, parent = (line.split("\t") + [""] * 5)[:5]
            level = _LEVELS[level_name]
            generic = level == 3 and len(name) == 2 and name.endswith("区")
            names.setdefault(name, []).append(_Division(code, level, parent, True, generic))
            for short in shorts.split(","):
                if short and short != name:
                    division = _Division(code, level, parent, False, level == 3)
                    names.setdefault(short, []).append(division)
        names.setdefault("中国", []).append(_Division("000000", 0, "", True))
        _add_historic_counties(names, data.joinpath("region_codes.tsv").read_text("utf-8"))
        self.divisions = names
        self.max_division = max(map(len, self.divisions))
        #: last characters of usable names: a cheap test before any dictionary lookup
        self.division_last = frozenset(
            name[-1]
            for name, entries in self.divisions.items()
            if any(d.full or d.level <= 3 for d in entries)
        )
        lengths: dict[str, set[int]] = {}
        for name in self.divisions:
            lengths.setdefault(name[-1], set()).add(len(name))
        #: for each last character, the lengths of the names ending in it, longest first
        self.lengths_by_last = {c: tuple(sorted(v, reverse=True)) for c, v in lengths.items()}
        #: first characters of full county-level-or-above names (路|桥区 is not a road)
        self.county_first = frozenset(
            name[0]
            for name, entries in self.divisions.items()
            if any(d.full and d.level <= 3 for d in entries)
        )

        kinds_of: dict[str, list[str]] = {}
        anchors: set[str] = set()
        named_anchors: set[str] = set()
        grammar = data.joinpath("address_suffixes.txt").read_text(encoding="utf-8")
        for line in grammar.splitlines():
            if not line or line.startswith("#"):
                continue
            kind, anchor, words = line.split("\t")
            for word in words.split():
                kinds_of.setdefault(word, []).append(kind)
                if anchor == "y":
                    anchors.add(word)
                    if not kind.startswith("unit"):
                        named_anchors.add(word)
        self.units = frozenset(w for w, k in kinds_of.items() if {"unit", "unit_strong"} & set(k))
        self.strong_units = frozenset(w for w, k in kinds_of.items() if "unit_strong" in k)
        #: units the anchors do not look for, read after a bare number: 39-164户, 7141房
        self.room_units = self.units - anchors
        #: suffix -> the kind of part it ends (a road first: 弄 is a lane, 759弄 a number)
        self.kind_of = {
            w: _first_kind(k)
            for w, k in kinds_of.items()
            if not all(x.startswith("unit") for x in k)
        }
        #: suffixes that make a part on their own (弄 does so only after a numeral)
        self.named_anchors = frozenset(named_anchors)
        self.max_suffix = max(map(len, kinds_of))
        self.anchor = re.compile(trie_pattern(sorted(anchors)))
        self.nonnames = _word_list(data.joinpath("address_nonnames.txt").read_text("utf-8"))
        #: buildings inside a hospital, shop or school (门诊楼, 商场): non-words too
        self.inside_places = _word_list(
            data.joinpath("address_inside_places.txt").read_text("utf-8")
        )
        self.nonwords = (
            _word_list(data.joinpath("address_nonwords.txt").read_text("utf-8"))
            | self.inside_places
        )

    def division_ending_at(
        self,
        text: str,
        end: int,
        lo: int,
        towns: bool = False,
        full_only: bool = False,
        depth: int = 0,
    ) -> int | None:
        """Start of the longest usable division name ending at ``end``, not before ``lo``.

        A name that needs its parent (朝阳, 城区) counts only right after it (北京朝阳); a
        short town name never counts (there are thousands, many of them common words); a
        full town name only where ``towns`` says so.
        """
        if end - lo < 2 or text[end - 1] not in self.division_last:
            return None
        for k in self.lengths_by_last[text[end - 1]]:
            if k > end - lo or k < 2:
                continue
            entries = self.divisions.get(text[end - k : end])
            if entries is None:
                continue
            for d in entries:
                if (d.level == 4 and not (d.full and towns)) or (full_only and not d.full):
                    continue
                if not d.needs_parent:
                    return end - k
                if depth == 0:
                    parent = self.division_ending_at(text, end - k, lo, depth=1)
                    if parent is not None and self._is_parent(text[parent : end - k], d):
                        return end - k
        return None

    def division_at(self, text: str, start: int, parents: list[_Division]) -> int | None:
        """End of the longest county-level-or-above name starting at ``start``."""
        for k in range(min(self.max_division, len(text) - start), 1, -1):
            for d in self.divisions.get(text[start : start + k], ()):
                if d.level == 4:
                    continue
                if d.needs_parent and not any(p.code == d.parent for p in parents):
                    continue
                return start + k
        return None

    def level_of(self, name: str) -> int:
        """The deepest level a division name can have (朝阳: county)."""
        return max((d.level for d in self.divisions.get(name, ())), default=0)

    def _is_parent(self, name: str, child: _Division) -> bool:
        return any(p.code == child.parent for p in self.divisions.get(name, ()))

    def starts_full_division(self, text: str, start: int) -> bool:
        """True when a full county-level-or-above name starts at ``start`` (路桥区, 镇江市)."""
        for k in range(2, min(8, len(text) - start) + 1):
            entries = self.divisions.get(text[start : start + k])
            if entries and any(d.full and d.level <= 3 for d in entries):
                return True
        return False

    def is_town(self, name: str) -> bool:
        return any(d.full and d.level == 4 for d in self.divisions.get(name, ()))


def _first_kind(kinds: Iterable[str]) -> str:
    for kind in (ROAD, TOWN, VILLAGE, HOME, POI, AREA):
        if kind in kinds:
            return kind
    return POI


def _word_list(text: str) -> frozenset[str]:
    return frozenset(
        word for line in text.splitlines() if not line.startswith("#") for word in line.split()
    )


def _add_historic_counties(names: dict[str, list[_Division]], region_codes: str) -> None:
    """Abolished county-level names (绍兴县, 江干区, 富阳市) from ``region_codes.tsv``.

    Old addresses live on in customer records for decades.  That table gives each code's
    full name (浙江省绍兴市绍兴县); the county name is what is left after its province and
    prefecture.  Names already in the gazetteer, and two-character 区/市 names (新区, 北市),
    are left out.
    """
    full: dict[str, str] = {}
    for line in region_codes.splitlines():
        if line and not line.startswith("#"):
            code, _, name = line.partition("\t")
            full[code] = name
    for code, name in full.items():
        if code.endswith("00"):
            continue
        rest = name
        for prefix in (full.get(code[:4] + "00", ""), full.get(code[:2] + "0000", "")):
            if prefix and rest.startswith(prefix):
                rest = rest[len(prefix) :]
                break
        if len(rest) < 2 or rest[-1] not in "县区市旗" or "辖" in rest or rest in names:
            continue
        if len(rest) == 2 and rest[-1] != "县":
            continue
        parent = code[:4] + "00" if code[:4] + "00" in full else code[:2] + "0000"
        names[rest] = [_Division(code, 3, parent, True)]


_TABLES: _Tables | None = None
_LOCK = threading.Lock()


def _tables() -> _Tables:
    """The gazetteer and lexicons, loaded on first use, once per process."""
    global _TABLES
    if _TABLES is None:
        with _LOCK:
            if _TABLES is None:
                _TABLES = _Tables()
    return _TABLES


# -- the division prefix (what the default mask keeps) -------------------------------------

_GENERIC_DIVISION = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:自治县|自治旗|县|市|区|旗)")


def division_prefix_length(value: str) -> int:
    """How many leading characters of ``value`` are divisions down to district/county level.

    "北京市朝阳区望京西路…" -> 6, "朝阳区望京…" -> 3, "望京西路…" -> 0,
    "广东深圳南山科技园…" -> 6 (and "广东深圳南山区科技园…" -> 7).  The default mask keeps
    them (北京市朝阳区******): they say where, not who.  A short name that starts a street
    is not a division (朝阳北路, 长安街, 中山大道); after a known division, an abolished or
    unknown county such as 绍兴县 still counts.
    """
    t = _tables()
    p = 2 if value.startswith("中国") else 0
    found = False
    parents: list[_Division] = []
    while p < len(value):
        end = t.division_at(value, p, parents)
        if end is not None and value[end - 1] not in "省市区县旗州盟":
            if _starts_street(value, end, t):
                end = None
        if end is None and found:
            m = _GENERIC_DIVISION.match(value, p)
            if m and not _is_zone(m.group(), t) and not _starts_street(value, m.end(), t):
                end = m.end()
        if end is None:
            break
        parents = t.divisions.get(value[p:end], [])
        p = end
        found = True
    return p if found else 0


def _starts_street(text: str, end: int, t: _Tables) -> bool:
    """True when a short division name starts a street: 北京|路, 朝阳|北路, 中山|大道.

    南山|科技园 stays a division: only road suffixes and one-character suffixes count.
    """
    rest = end + 1 if end < len(text) and text[end] in _DIRECTIONS else end
    for n in range(min(t.max_suffix, len(text) - rest), 0, -1):
        kind = t.kind_of.get(text[rest : rest + n])
        if kind is not None and (n == 1 or kind == ROAD):
            return True
    return False


def _is_zone(word: str, t: _Tables) -> bool:
    """A 区 that is an estate, campus or zone (阜通小区, 开发区), not a division."""
    return word in t.nonwords or word.endswith(("小区", "社区", "园区", "校区"))


# -- the recognizer ------------------------------------------------------------------------


class ChineseAddressRecognizer(ChineseRecognizer):
    """Street-level or finer addresses: divisions, then roads, estates, villages, numbers.

    Scores: 0.9 for a street part with a number (经十路292号, 阜通小区5栋, 王庄村三组); 0.85
    for a road or village under a division; 0.8 for numbers alone (17幢402); 0.7-0.75 for
    two street parts (望京西路那个阜通小区) or an estate under a city; 0.55-0.65 where an
    address cue is needed (住在前进村; 地址是 and a division chain down to a town).
    """

    ENTITY = "CN_ADDRESS"
    CONTEXT = (
        "地址",
        "住址",
        "住在",
        "家住",
        "现住址",
        "户籍地址",
        "收货地址",
        "寄到",
        "送到",
        "上门",
        "位于",
        "附近",
    )

    def find(self, text: str, start: int = 0) -> list[tuple[int, int, float]]:
        """Address spans: from the first division or street word to the last number."""
        t = _tables()
        parts = _anchored_parts(text, t)
        found: list[tuple[int, int, float]] = []
        previous_end = 0
        i = 0
        while i < len(parts):
            chain, i = _chain(text, parts, i, t)
            start, levels = _divisions_left(text, chain[0].start, previous_end, t)
            end = _close(text, chain)
            score = _score(text, chain, start, end, levels)
            tail, home = _tail(text, end)
            if home and not score and any(p.kind in _STREET_KINDS for p in chain):
                score = 0.7  # 万达广场对面那个小区: a landmark and where from it
            if score:
                end = tail
                found.append((start, end, score))
                previous_end = end
                while i < len(parts) and parts[i].start < end:
                    i += 1  # inside the note in brackets
        return found


# -- parts from anchors --------------------------------------------------------------------


def _anchors(text: str, t: _Tables) -> Iterator[re.Match[str]]:
    """Suffix and unit anchors, and dashed flat numbers after a word, in text order.

    Dashes are rare in speech, so the dashed numbers are looked for from each dash rather
    than by a second scan of every digit.
    """
    dashed: list[re.Match[str]] = []
    for dash in ("-", "－"):
        i = text.find(dash, 1)
        while i > 0:
            a = i
            while a > 0 and i - a < 4 and text[a - 1] in _ASCII_DIGITS:
                a -= 1
            if 0 < a < i and _is_word_char(text[a - 1]):
                m = _DASHED.match(text, a)
                if m:
                    dashed.append(m)
            i = text.find(dash, i + 1)
    if not dashed:
        return t.anchor.finditer(text)
    dashed.sort(key=re.Match.start)
    return heapq.merge(t.anchor.finditer(text), dashed, key=re.Match.start)


def _anchored_parts(text: str, t: _Tables) -> list[_Part]:
    """Every part that an anchor makes, left to right, never overlapping."""
    parts: list[_Part] = []
    lo = 0
    # Where each suffix was last seen: a name never holds its own suffix (路1路, 小区X小区),
    # so it is read leftwards no further than that.  This keeps 1 MB of 路1 or 路街 at a few
    # steps per character.
    last_seen: dict[str, int] = {}
    for m in _anchors(text, t):
        a, b = m.span()
        if a < lo or (a > 0 and text[a - 1] == text[a]):
            continue  # inside a part already, or 路路, 号号: never a suffix
        word = m.group()
        new: list[_Part] | None = None
        if word[0] in _ASCII_DIGITS:
            new = _dashed_part(text, a, b, lo, parts, t)
        elif word in t.units and a > lo and text[a - 1] in _NUMBER_CHARS:
            new = _number_part(text, a, b, word, lo, t)
        if new is None and word in t.named_anchors:
            new = _named_part(text, a, b, word, lo, max(lo, last_seen.get(word, 0)), parts, t)
            last_seen[word] = b
        if not new:
            continue
        if new[0].kind == _MERGE:
            last = parts[-1]
            kind = t.kind_of[word]
            if kind not in (ROAD, TOWN):
                kind = last.kind
            parts[-1] = _Part(last.start, new[0].end, kind, last.strong)
        else:
            parts.extend(new)
        lo = parts[-1].end
    return parts


def _dashed_part(
    text: str, a: int, b: int, lo: int, parts: list[_Part], t: _Tables
) -> list[_Part] | None:
    """An estate and its 12-10-3376; not a date (2023-11-24), a score (3-1) or a range."""
    groups = re.split("[-－]", text[a:b])
    if len(groups) == 3 and len(groups[0]) == 4 and groups[0][:2] in ("19", "20"):
        return None
    if len(groups[-1]) < 3 or (b < len(text) and text[b] in _MEASURES):
        return None  # 3-1, 人均消费100-150元
    room = _Part(a, b, ROOM)
    if parts and parts[-1].end == a:
        return [room]  # 东方名苑|7-2225
    ns = _name_start(text, a, lo, 10)
    name = text[ns:a]
    if len(name) < 2 or name in t.nonnames:
        return None
    start = _split_divisions(text, ns, a, lo, t)
    if start == a or not (start > ns or _ends_with_suffix(name, t)):
        return None  # 拨打400-820-8820: only an estate, or a place under a county, has flats
    return [_Part(start, a, POI), room]


def _number_part(text: str, a: int, b: int, word: str, lo: int, t: _Tables) -> list[_Part] | None:
    """5号, 3栋, 二十二号楼, A座, 5-2号: the numerals before a unit, and maybe a name.

    The name before the numerals is an estate or building (绿地新都会29幢, 翠宫饭店2楼) when
    the unit names a building or flat, when the name ends like one, or when it goes on from
    the part before (地安门外大街|前海东沿14号).
    """
    s = a
    limit = max(lo, a - 12)
    while s > limit and text[s - 1] in _NUMBER_CHARS:
        s -= 1
    while s < a and text[s] in _NUM_SEPARATORS:
        s += 1
    if s == a:
        return None
    numerals = text[s:a]
    digits = sum(c in _DIGITS for c in numerals)
    letters = not digits and not any(c in _SPOKEN for c in numerals)
    if letters and (len(numerals) > 1 or word not in _LETTER_UNITS):
        return None  # e组, HIT区: a word, not a number
    if digits > 6 and not any(c in _NUM_SEPARATORS for c in numerals):
        return None  # a phone, order or ticket number
    nxt = text[b] if b < len(text) else _NONE
    prev = text[s - 1] if s > 0 else _NONE
    if nxt in _BAD_UNIT_NEXT.get(word, ""):
        return None
    if not digits and word in _COUNTED and _is_word_char(nxt) and prev not in _DIRECTIONS:
        if nxt not in _COUNT_OK_NEXT and nxt not in _NUMERALS:
            return None  # 一座公园, 十三栋住宅楼, 一段公路: a count
    if prev in "哪几每各整多共约近超":
        return None  # 哪一栋, 几单元: a question; 共102层: a count
    if word in ("号", "号房", "号门"):
        if nxt in "码线外称召位数机段卡" or prev in "月第" or text[s - 2 : s] in ("星期", "礼拜"):
            return None  # 号码, 三号线, 5月3号, 星期五号
        if _STAFF.match(text, b):
            return None
    elif word == "室" and nxt in "厅卫户":
        return None  # 三室两厅: a flat's layout
    elif word == "座" and nxt in "机位椅":
        return None
    elif word in ("层", "楼") and (nxt in "高楼" or prev == "第"):
        return None
    elif prev == "第" and word not in ("组", "村民组", "村民小组", "期", "区"):
        return None  # 第三单元 (a textbook), 第五栋
    if prev in _NUMBER_PREFIXES and s - 1 >= lo:
        s -= 1
    strong = word in t.strong_units
    number = _Part(s, b, NUM, strong)
    if s <= lo:
        return [number]
    ns = _name_start(text, s, lo, 10)
    if ns < s and word in t.named_anchors:
        return None  # 北一巷, 银海三区: a street or zone whose name ends in a numeral
    name = text[ns:s]
    attached = ns == lo > 0
    if (len(name) < 2 and not (name and attached)) or name in t.nonnames:
        return [number]
    if not attached and (name[-3:] in t.inside_places or name[-2:] in t.inside_places):
        return [number]  # 门诊楼|三楼, 商场|5楼: the floor of a hospital or a shop
    if strong or letters or attached or _ends_with_suffix(name, t):
        split = _split_divisions(text, ns, s, lo, t)
        if split < s:
            return [_Part(split, s, POI), number]
    elif word == "号":
        # 松阳县|荷塘坌80号, 海淀区|北蜂窝8号: a place right under a county or a town
        split = _split_divisions(text, ns, s, lo, t)
        if split > ns and s - split <= 4 and t.level_of(text[ns:split]) >= 3:
            return [_Part(split, s, POI), number]
    return [number]


def _named_part(
    text: str, a: int, b: int, word: str, lo: int, walk_lo: int, parts: list[_Part], t: _Tables
) -> list[_Part] | None:
    """望京西路, 阜通小区, 王庄村, 汲冢镇: a name read leftwards from its suffix at ``a``."""
    kind = t.kind_of[word]
    bad = _BAD_NEXT.get(word)
    if bad and text.startswith(bad, b):
        return None
    if kind == TOWN and not (a == lo and parts):
        known = t.division_ending_at(text, b, max(lo, b - t.max_division), towns=True)
        if known is not None and known < a and t.is_town(text[known:b]):
            # A town of the gazetteer is read whole, even with a character that usually
            # ends a name inside it (喇嘛甸镇, 在城镇).
            return [_Part(known, b, TOWN, True)]
    if word == "区" and t.division_ending_at(text, b, max(lo, b - t.max_division)) is not None:
        return None  # 天河区 is a division: read with the divisions
    if a == lo and parts:
        if parts[-1].kind == kind and len(word) == 1:
            return None  # 中山路|路口
        return [_Part(a, b, _MERGE)]
    maxlen = 8 if kind in (HOME, POI, AREA) else 6
    run_start = _name_start(text, a, walk_lo, maxlen + 4)
    run = a - run_start
    attached = bool(parts) and parts[-1].end == run_start
    if kind != TOWN and run and not attached and text[a - 1 : b] in t.nonwords:
        return None  # 知道, 原路退回, 农村 (but 长岭镇|徐山村; 金城镇 is a town, 城镇 a word)
    if run < 2 and not attached:
        if run == 0 and len(word) < 3:
            return None  # 路上, 小区门口
        if t.division_ending_at(text, run_start, max(lo, run_start - t.max_division)) is None:
            return None  # 一路, 马路: one character is a name only after a division (牛街)
    if not attached:
        for k in range(2, min(4, run) + 1):
            if text[a - k : b] in t.nonwords:
                return None  # 中国人寿|客服中心, 杭州|市中心
    if text[a] in t.county_first and t.starts_full_division(text, a):
        return None  # 路|桥区, 镇|江市: a division, read with the divisions
    if run > maxlen:
        # Too long for one name: it starts after a division inside it (西城区|西单大木仓北一巷),
        # right after the part before (金蝉西路|东四环小武基北路), or maxlen back.
        if _split_divisions(text, run_start, a, lo, t) == run_start and not attached:
            run_start = a - maxlen
    if len(word) == 1 and t.division_ending_at(
        text, a, max(lo, a - t.max_division), full_only=True
    ):
        return None  # 永吉县|道口: a division and a word, no street
    start = _split_divisions(text, run_start, a, lo, t, allow_empty=len(word) >= 3)
    name = text[start:a]
    after_part = start == lo and bool(parts) and parts[-1].end == lo
    after_division = start > run_start or (
        t.division_ending_at(text, start, max(0, start - t.max_division)) is not None
    )
    if not name:
        if not (after_division and len(word) >= 3):
            return None  # only a long suffix stands alone after a division: 南山区科技园
    elif len(name) == 1 and not after_part:
        if not after_division:
            return None
        if name in _TRIVIAL_NAMES and not (
            kind == ROAD
            and name in "东西南北中新老"
            and t.division_ending_at(text, start, max(0, start - t.max_division), full_only=True)
        ):
            return None  # 北京|北路 is no street; 越城区|东街 and 顺城区|新路 are
    known_town = kind == TOWN and (t.is_town(name + word) or t.is_town(name))
    if name and not known_town:
        if name in t.nonnames or (text[a - 1 : b] in t.nonwords and not after_part):
            return None  # 这条路, 香港文汇报|报道
        if name + word in t.nonwords and not (after_part and parts[-1].kind == ROAD):
            return None  # 后花园, 步行街 (but 南京路|步行街)
        if _TIME_IN_NAME.search(name):
            return None  # 7月底居委会
    if word == "路" and name.isascii() and name.isdigit():
        return None  # 11路: a bus line
    if kind == ROAD and _DISTANCE.fullmatch(name + word):
        return None  # 十几里路, 三公里路: a distance
    if word == "道" and not after_division and not _good_dao(text, a, b, name):
        return None
    if kind == TOWN:
        return [_Part(start, b, TOWN, known_town)]
    return [_Part(start, b, kind, kind == POI)]


def _good_dao(text: str, a: int, b: int, name: str) -> bool:
    """道 is a street in Tianjin (鞍山西道, 黄河道5号) and a word elsewhere (知道, 渠道)."""
    if name and name[-1] in _DIRECTIONS:
        return True
    nxt = text[b] if b < len(text) else _NONE
    return nxt in _NUMERALS or nxt in _LETTERS


def _ends_with_suffix(name: str, t: _Tables) -> bool:
    """True when a name ends like an estate, building or road (翠宫饭店, 国贸大厦)."""
    for n in range(min(t.max_suffix, len(name) - 1), 0, -1):
        if name[-n:] in t.kind_of:
            return True
    return False


def _name_start(text: str, end: int, lo: int, maxlen: int) -> int:
    """Where a name ending at ``end`` starts: after a stop word, at ``lo``, or maxlen back."""
    j = end
    limit = max(lo, end - maxlen)
    while j > limit:
        c = text[j - 1]
        if c in _STOP_CHARS or not ("\u4e00" <= c <= "\u9fff" or c in _NAME_EXTRA):
            break
        if (j - 2 >= lo and text[j - 2 : j] in _STOP_WORDS) or (
            j - 3 >= lo and text[j - 3 : j] in _STOP_WORDS
        ):
            break
        j -= 1
    return j


def _is_word_char(c: str) -> bool:
    """A CJK character."""
    return "\u4e00" <= c <= "\u9fff"


def _is_name_char(c: str) -> bool:
    """A character that can be in a name: CJK, Latin letters and digits (798艺术区)."""
    return "\u4e00" <= c <= "\u9fff" or c in _NAME_EXTRA


def _split_divisions(
    text: str, run_start: int, end: int, lo: int, t: _Tables, allow_empty: bool = False
) -> int:
    """Where a name proper starts: after the last division inside ``[run_start, end)``.

    The shortest name wins (天河区|中山大道, 北京|朝阳北路), but a one-character or
    direction-only name needs a full division name before it, so that a short division
    name inside a street name stays in it (中山大道, 南京南街, 香港中路).
    """
    if allow_empty and t.division_ending_at(
        text, end, max(lo, end - t.max_division), full_only=True
    ):
        return end
    for s in range(end - 1, run_start, -1):
        trivial = end - s == 1 or all(c in _TRIVIAL_NAMES for c in text[s:end])
        found = t.division_ending_at(text, s, max(lo, s - t.max_division), full_only=trivial)
        if found is not None:
            return s
    return run_start


# -- chains ----------------------------------------------------------------------------------


def _chain(text: str, parts: list[_Part], i: int, t: _Tables) -> tuple[list[_Part], int]:
    """The parts from ``parts[i]`` on that form one address, and the index after them."""
    chain = [parts[i]]
    i += 1
    while True:
        p = chain[-1].end
        limit = parts[i].start if i < len(parts) else len(text)
        if i < len(parts) and (
            _bridged(text, p, limit, chain[-1], parts[i])
            or _divisions_left(text, limit, p, t)[0] == p
        ):
            chain.append(parts[i])
            i += 1
            continue
        extra = _extend(text, p, limit, chain[-1], t)
        if extra is None:
            return chain, i
        chain.append(extra)


def _bridged(text: str, p: int, q: int, last: _Part, nxt: _Part) -> bool:
    """True when only fillers, or a pause people make inside an address, separate two
    parts: 望京西路|那个|阜通小区, 世纪新城，|20号楼, 西乡街道，那个，|固戍一路."""
    if p == q:
        return True
    if q - p > 10:
        return False
    if text[p:q] in _GAP_SUFFIXES or _BRIDGE.fullmatch(text, p, q):
        return True
    comma = _COMMA_BRIDGE.fullmatch(text, p, q) is not None
    if nxt.kind == NUM:
        if q - p == 1 and text[p] in "东西南北":
            return True  # 黄埔大道西|5号
        # 世纪新城，20号楼; 大王庄村，三组，二十八号; 固戍一路，168号
        return comma and (nxt.strong or last.kind in (NUM, ROOM, VILLAGE, ROAD))
    if comma and last.kind == TOWN:
        return True  # 西乡街道，固戍一路
    if nxt.kind != ROAD:
        return False
    if text[p:q] in ("与", "和", "跟", "及") and _CROSSING.match(text, nxt.end):
        return True  # 纺工路与南溪路交叉口
    return _COMMA_ROAD.fullmatch(text, p, q) is not None  # 6幢801室，就|武侯大道上


def _extend(text: str, p: int, limit: int, last: _Part, t: _Tables) -> _Part | None:
    """A part right after ``last`` that no anchor finds: a bare flat number (3栋|402,
    三单元，二零一, 浦阳路|146), or an estate without an anchor suffix (那边的|世纪新城)."""
    if p >= limit:
        return None
    c = text[p]
    if c in "，,、…" and last.kind in (NUM, ROOM):
        m = _COMMA_BRIDGE.match(text, p, limit)
        if m and m.end() < limit and text[m.end()] in _NUMBER_CHARS:
            return _room(text, m.end(), limit, last, t)
        return None
    if c in _NUMBER_CHARS:
        room = _room(text, p, limit, last, t)
        if room is not None or c not in _SPOKEN:
            return room
    m = _BRIDGE.match(text, p, limit)
    q = m.end() if m else p
    if q >= limit or not _is_name_char(text[q]) or text[q] in _STOP_CHARS:
        return None
    if last.kind not in _STREET_KINDS and last.kind not in (NUM, ROOM, AREA, TOWN):
        return None
    return _named_ahead(text, q, limit, last, t, filler=q > p)


def _room(text: str, p: int, limit: int, last: _Part, t: _Tables) -> _Part | None:
    """402 after 17幢, 146 after 浦阳路, 7-2225 after an estate, spoken 四零二 after 3单元;
    a unit the anchors do not look for may close it (39-164户, 5门, 7141房)."""
    r = p
    while r < limit and r - p < 14 and text[r] in _NUMBER_CHARS:
        r += 1
    body = text[p:r].rstrip("-－—_#＃")
    if not body or (r < len(text) and text[r] in _NUMBER_CHARS):
        return None  # nothing, or a number longer than a flat's
    end = p + len(body)
    digits = sum(c in _DIGITS for c in body)
    spoken = sum(c in _SPOKEN for c in body)
    dashed = any(c in _NUM_SEPARATORS for c in body)
    unit = next((text[end : end + n] for n in (2, 1) if text[end : end + n] in t.room_units), "")
    if not unit and not dashed and end < len(text) and text[end] in _MEASURES:
        return None  # a quantity or a time: 3个, 12点, 50米
    if any(c in "十百千" for c in body):
        return None  # 三十: a count, not digits read out
    if last.kind in (NUM, ROOM):
        ok = digits >= 2 or spoken >= 3 or (unit != "" and digits > 0)
    elif last.kind in _STREET_KINDS or last.kind == AREA:
        # 浦阳路|146, 东明锦园|7-2225, 王家村|三社, 幸福里|2期
        ok = 2 <= digits <= 6 or (dashed and digits >= 2) or (unit != "" and digits + spoken > 0)
    else:
        ok = False
    if not ok or digits + spoken > 8:
        return None
    if unit:
        return _Part(p, end + len(unit), NUM, unit in t.strong_units)
    return _Part(p, end, ROOM)


def _named_ahead(
    text: str, q: int, limit: int, last: _Part, t: _Tables, filler: bool
) -> _Part | None:
    """A name and a suffix starting at ``q``: 世纪新城, 商服楼, 故宫博物院."""
    if text[q] in "与及或跟和" and text[q : q + 2] != "和平":
        return None  # 苏州街|和八大处公园: a list of places, not one address
    end = min(limit, q + 10)
    for r in range(q + 1, end):
        c = text[r]
        if c in _STOP_CHARS or not _is_name_char(c):
            return None
        if text[r : r + 2] in _STOP_WORDS or text[r : r + 3] in _STOP_WORDS:
            return None
        if filler and r - q < 2:
            continue
        for n in range(min(t.max_suffix, limit - r), 0, -1):
            word = text[r : r + n]
            kind = t.kind_of.get(word)
            if kind is None:
                continue
            name = text[q:r]
            bad = _BAD_NEXT.get(word)
            if name in t.nonnames or name + word in t.nonwords or text[r - 1 : r + n] in t.nonwords:
                return None  # 动漫sky|现场
            if (bad and text.startswith(bad, r + n)) or (
                filler and kind not in (HOME, ROAD, VILLAGE)
            ):
                return None  # 戴窑镇政府的|相关负责人专门
            if kind == VILLAGE and last.kind not in (TOWN, VILLAGE):
                return None  # 亚太区|运营, 融资中心|清理小组: 营, 组 name villages under a town
            if r - q < 2 and kind not in (ROAD, VILLAGE):
                return None  # one character and a suffix: a word (运营); but 二条, 李庄
            return _Part(q, r + n, POI if kind == AREA else kind)
    return None


def _divisions_left(text: str, start: int, lo: int, t: _Tables) -> tuple[int, list[int]]:
    """Extend an address leftwards over the divisions before it (广东省深圳市|南山区…).

    Returns the new start and the level of each division passed (1 province ... 4 town).
    """
    levels: list[int] = []
    for _ in range(8):
        s = t.division_ending_at(text, start, max(lo, start - t.max_division), towns=True)
        end = start
        if s is None:
            # 浙江省-金华市, 杭州市_西湖区; 朝阳区那个望京西路; 郑州市，金水区……农业路
            end = _gap_before(text, start, lo)
            if end is not None:
                s = t.division_ending_at(text, end, max(lo, end - t.max_division), towns=True)
        if s is None or end is None:
            break
        levels.append(t.level_of(text[s:end]))
        start = s
    return start, levels


def _gap_before(text: str, end: int, lo: int) -> int | None:
    """Where a separator, a pause or a filler before ``end`` starts, if there is one."""
    if end - 2 >= lo and text[end - 2 : end] in _DIVISION_FILLERS:
        return end - 2
    j = end
    while j > lo and end - j < 3 and text[j - 1] in _DIVISION_GAPS:
        j -= 1
    return j if j < end else None


def _close(text: str, chain: list[_Part]) -> int:
    """Where the address ends: after its last part, a note in brackets, or a crossing."""
    end = _parenthesis(text, chain[-1].end, chain)
    if chain[-1].kind == ROAD:
        if chain[-2:-1] and chain[-2].kind in (NUM, ROOM) and text[end : end + 1] == "上":
            return end + 1  # 3栋402，就中山路上: the road said after the building, with 上
        m = _CROSSING.match(text, end)
        if m:
            return m.end()  # 文明路与雅新中街|交叉口
    return end


_N = "0-9０-９一二三四五六七八九十百两几幺"
#: Where from the address, said right after it: 对面, 东北角, 往北200米, 进去第三栋, 四门.
_TAIL = re.compile(
    rf"(?:的)?(?:"
    rf"斜?对面|旁边|隔壁|后面|后头|后边|前面|里面|门口|附近|边上|"
    rf"(?:东北|东南|西北|西南)角|[东西南北](?:侧|角|门|口|头)|"
    rf"(?:再)?(?:往|向|朝)(?:东北|东南|西北|西南|[东西南北左右前里])(?:走|拐)?"
    rf"(?:大概|约|大约)?(?:[{_N}]{{1,5}}(?:米|公里|步))?|"
    rf"(?:往里|进去|进门|进村|进院)(?:走)?|"
    rf"(?:数)?第[{_N}]{{1,3}}(?:个|排|条)?(?:家|户|栋|幢|排|间|门|路口|院子|单元|号楼|巷)|"
    rf"[{_N}]{{1,5}}米|"
    rf"[东西南北中][户门]|[{_N}]{{1,2}}[门户](?![课店诊市])|亭子间|前台|[0-9]{{1,5}}档|"
    rf"(?:村委会|居委会|村委|村部|村口|路口|街口|巷口|口(?![罩味腔岸红服号令气才头]))"
    rf")"
)
#: ... and a home named by where it is: 对面|那个小区, 后面的|院子.
_TAIL_HOME = re.compile(
    r"(?:那个|那栋|那家|的)?(?:小区|院子|大院|巷子|胡同|平房|宿舍楼|宿舍|老楼|单元楼|楼)"
)
_TAIL_POSITION = frozenset(("对面", "旁边", "隔壁", "后面", "后头", "后边", "前面", "附近"))


def _tail(text: str, end: int) -> tuple[int, bool]:
    """The end of the address with where-from words after it, and whether a home is named
    by its position (万达广场对面那个小区).  At most four steps, each a short match."""
    home = False
    for _ in range(4):
        m = _TAIL.match(text, end)
        if m is None or m.end() == end:
            break
        end = m.end()
        word = m.group().removeprefix("的").removeprefix("斜")
        if word in _TAIL_POSITION:
            h = _TAIL_HOME.match(text, end)
            if h is not None:
                end, home = h.end(), True
    return end, home


def _parenthesis(text: str, end: int, chain: list[_Part]) -> int:
    """A short note in brackets right after a street address: 1号(清真超市旁)."""
    if end >= len(text) or text[end] not in "(（":
        return end
    if not any(p.kind in _STREET_KINDS for p in chain):
        return end
    for k in range(end + 1, min(len(text), end + 30)):
        c = text[k]
        if c in ")）":
            return k + 1
        if c in "\n(（。；;":
            break
    return end


# -- scoring -------------------------------------------------------------------------------


def _score(text: str, chain: list[_Part], start: int, end: int, levels: list[int]) -> float:
    """How sure the chain ``[start, end)`` is an address; 0 when it is not one.

    ``levels`` are the levels of the divisions before the chain (1 province ... 4 town).
    """
    numbers = [p for p in chain if p.kind in (NUM, ROOM)]
    if not numbers:
        if _SHOP_AFTER.match(text, end) or _names_organisation(text, chain):
            return 0.0  # 如家酒店(北京学院路店), 北京亚太花园酒店: a business
        if end > chain[-1].end and _SHOP_IN_BRACKETS.search(text, end - 5, end):
            return 0.0  # 稻香村（灯市口第2营业部）
    street = [p for p in chain if p.kind in _STREET_KINDS]
    roads = [p for p in street if p.kind in (ROAD, VILLAGE)]
    homes = [p for p in street if p.kind == HOME]
    towns = [p for p in chain if p.kind == TOWN]
    has_area = any(p.kind == AREA for p in chain)
    strong_numbers = [p for p in numbers if p.kind == NUM and p.strong]
    deepest = max(levels, default=0)
    if towns and (levels or any(p.strong for p in towns)):
        deepest = 4
    if street and numbers:
        return 0.9
    if (has_area or towns) and numbers:
        return 0.85
    if roads and deepest:
        return 0.85
    if len(numbers) >= 2 and strong_numbers:
        return 0.8
    if roads and homes:
        return 0.75
    if homes and len(street) >= 2:
        return 0.7  # 万达广场旁边的金色家园小区
    if roads and (has_area or any(p.kind == POI and p.strong for p in street)):
        return 0.7  # 新港工业园区大成八路
    if sum(p.kind == ROAD for p in chain) >= 2 and _CROSSING.match(text, chain[-1].end):
        return 0.7  # 沙田街与海珠路交叉口
    if homes and deepest >= 2:
        return 0.7  # 深圳市阳光花园
    if deepest >= 3 and any(p.kind == POI and p.strong for p in street):
        return 0.6  # 下沙街道东城大厦, 上虞区沥海工业园区: a named building or park
    if roads or homes:
        return 0.65 if _has_cue(text, start, end) else 0.0
    if towns and not street and not numbers:
        known = any(p.strong for p in towns)
        if (levels or known) and _has_cue(text, start, end):
            return 0.6  # 地址是…郸城县汲冢镇
        if len(levels) >= 2 and known and _ends_utterance(text, end):
            return 0.55  # 甘肃省定西市通渭县马营镇。: a division chain given as the answer
        return 0.0
    if len(chain) == 1 and strong_numbers and _cue_before(text, start):
        return 0.55  # 具体是哪一栋？5栋
    return 0.0


def _names_organisation(text: str, chain: list[_Part]) -> bool:
    """True for a chain without street or number that ends in an organisation (花园酒店)."""
    last = chain[-1]
    if not text.endswith(_ORGANISATIONS, last.start, last.end):
        return False
    return not any(p.kind in (NUM, ROOM, ROAD, VILLAGE) for p in chain)


def _ends_utterance(text: str, end: int) -> bool:
    """True when only punctuation or a particle follows: the chain is the whole answer."""
    return end >= len(text) or text[end] in "。，,.！!？?；;\n 吧呢啊呀的"


def _cue_before(text: str, start: int) -> bool:
    """An address cue shortly before ``start``, possibly in the previous turn."""
    return _CUE.search(text, max(0, start - _CUE_WINDOW), start) is not None


def _has_cue(text: str, start: int, end: int) -> bool:
    """An address cue shortly before the chain, or a place word right after it (附近)."""
    return _cue_before(text, start) or _AFTER_CUE.match(text, end) is not None
