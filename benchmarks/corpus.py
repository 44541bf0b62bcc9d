"""Seeded, deterministic generator of labelled Chinese call-center dialogues.

The corpus feeds the throughput and accuracy benchmarks.  Every dialogue is a list of
turns ("坐席：…" / "客户：…") joined with "\\n"; each personal-data mention carries a
character span (end exclusive) with one of :data:`LABELS`.

Determinism: only ``random.Random`` instances seeded with integers are used (never the
global random state), no sets or hash-dependent orderings are iterated, so the same
``seed`` gives byte-identical output on any machine and Python >= 3.10.  The i-th dialogue
depends only on ``(seed, i)``, so ``generate(10, s) == generate(20, s)[:10]``.

Labelling rules (the contract) in brief:

* PHONE_NUMBER: mobile or landline incl. +86/0086/86- (and spoken 加八六) prefixes and
  separators; an extension (转806, 分机806) is outside the span.  A number dictated in pieces
  gets one span per piece, a piece being the contiguous digit groups of one turn (so
  "六七零三，二九一四" is one span), and the agent's echo of a piece is a piece too.  In a
  self-correction both readings are labelled when each is a full number; otherwise the
  pieces are: "幺三八，不对，幺三九，幺二三四，五六七八" -> "幺三八" + "幺三九，幺二三四，五六七八".
* CN_RESIDENT_ID: 18 digits (valid MOD 11-2, X also x or 叉) or legacy 15 digits;
  CN_BANK_CARD: 16-19 digits, Luhn-valid.  Only whole numbers are labelled.
* EMAIL_ADDRESS: written or spoken; the span runs from the local part to the domain end.
* PERSON: exactly the name characters (王先生 -> 王, 小李 -> 李, 我姓陈，耳东陈 -> 陈 + 耳东陈,
  阿卜杜拉先生 -> 阿卜杜拉); agents', doctors' and couriers' names are names too.
* CN_ADDRESS: street level or finer; an address continued in the next turn gets two spans.
* Readbacks by the agent are labelled like the customer's own mention.
* Hard negatives (hotlines, order/tracking/policy/claim/work-order numbers, amounts, dates,
  verification codes, extensions, staff numbers, credit codes, postcodes, the last four
  digits of a card or ID ("尾号5678", "后四位"), bare city names, name-like words such as
  高兴/高明/高峰 in "很高兴为您服务") are never labelled.

CLI::

    python benchmarks/corpus.py --n 100 --seed 1 -o out.jsonl   # default: stdout
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import random
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

__all__ = ["LABELS", "Dialogue", "Span", "generate", "write_jsonl"]

PHONE = "PHONE_NUMBER"
RID = "CN_RESIDENT_ID"
CARD = "CN_BANK_CARD"
EMAIL = "EMAIL_ADDRESS"
PASSPORT = "CN_PASSPORT"
PLATE = "CN_LICENSE_PLATE"
PERSON = "PERSON"
ADDR = "CN_ADDRESS"

LABELS: tuple[str, ...] = (PHONE, RID, CARD, EMAIL, PASSPORT, PLATE, PERSON, ADDR)

MIN_TURNS = 8
MAX_TURNS = 25


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Dialogue:
    id: str
    text: str
    spans: tuple[Span, ...]
    turns: tuple[str, ...]


# --------------------------------------------------------------------------------------
# Static data (tuples only: iteration order is fixed)
# --------------------------------------------------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"
_FULLWIDTH = str.maketrans("0123456789+-()@", "０１２３４５６７８９＋－（）＠")

_MOBILE_PREFIXES: tuple[str, ...] = tuple(
    str(p)
    for p in (
        *range(130, 140),
        *range(145, 150),
        150, 151, 152, 153, 155, 156, 157, 158, 159,
        162, 165, 166, 167,
        *range(170, 179),
        *range(180, 190),
        *range(190, 200),
    )
)  # fmt: skip

# (area code, local number length)
_AREA_CODES: tuple[tuple[str, int], ...] = (
    ("010", 8), ("020", 8), ("021", 8), ("022", 8), ("023", 8), ("024", 8),
    ("025", 8), ("027", 8), ("028", 8), ("029", 8), ("0755", 8), ("0571", 8),
    ("0512", 8), ("0531", 8), ("0371", 8), ("0731", 8), ("0592", 7), ("0591", 8),
    ("0871", 8), ("0451", 8), ("0311", 8), ("0532", 8), ("0769", 8), ("0757", 8),
    ("0394", 7), ("0898", 8), ("0917", 7), ("0551", 8),
)  # fmt: skip

# Real county-level administrative division codes across provinces.
_COUNTY_CODES: tuple[str, ...] = (
    "110101", "110102", "110105", "110106", "110108", "120101", "120104", "130102",
    "130104", "140105", "150102", "210102", "210202", "220102", "230103", "310101",
    "310104", "310105", "310115", "320102", "320106", "320508", "320581", "320582",
    "330102", "330106", "330108", "330203", "330302", "340104", "350102", "350203",
    "360102", "370102", "370202", "410105", "411625", "420102", "420106", "420111",
    "430103", "430104", "440103", "440106", "440303", "440304", "440305", "441900",
    "450102", "460105", "500103", "500112", "510104", "510107", "511324", "520102",
    "530102", "540102", "610103", "610113", "620102", "630102", "640104", "650102",
    "652801", "653101",
)  # fmt: skip

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

# (issuer prefix, card length)
_CREDIT_ISSUERS: tuple[tuple[str, int], ...] = (
    ("625955", 16),
    ("625956", 16),
    ("625966", 16),
    ("625919", 16),
    ("625907", 16),
)
_BANKS: tuple[tuple[str, str, tuple[tuple[str, int], ...]], ...] = (
    ("工商银行", "95588", (("622202", 19), ("955880", 19), ("621226", 19))),
    ("建设银行", "95533", (("621700", 19), ("436742", 19), ("622700", 19))),
    ("农业银行", "95599", (("622848", 19),)),
    ("招商银行", "95555", (("622588", 16), ("621483", 16))),
    ("中国银行", "95566", (("621661", 19), ("601382", 19))),
    ("交通银行", "95559", (("622262", 19),)),
    ("邮储银行", "95580", (("621799", 19), ("622188", 19))),
    ("平安银行", "95511", (("623058", 19),)),
)

_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
)
_COMPOUND_SURNAMES = (
    "欧阳", "司马", "诸葛", "上官", "慕容", "司徒", "东方", "皇甫", "夏侯", "令狐",
    "尉迟", "公孙", "端木",
)  # fmt: skip
_GIVEN_MALE = (
    "伟", "强", "磊", "军", "勇", "杰", "涛", "明", "超", "刚", "平", "辉", "鹏", "华",
    "飞", "鑫", "波", "斌", "宇", "浩", "建国", "建华", "志强", "晓东", "国庆", "立新",
    "德华", "俊杰", "宇航", "浩然", "子轩", "明轩", "家豪", "思远", "文博", "振华",
    "海涛", "永刚", "学军", "嘉诚", "天佑", "一鸣",
)  # fmt: skip
_GIVEN_FEMALE = (
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "桂英", "丽娟", "海燕",
    "晓燕", "春梅", "红梅", "玉兰", "秀兰", "淑珍", "欣怡", "雨桐", "子涵", "诗涵",
    "嘉欣", "婷婷", "佳怡", "一诺", "梦瑶", "思琪", "雅婷", "慧敏", "晓丽", "凤英",
    "娜娜", "文丽",
)  # fmt: skip
# (full name, name used before 先生/女士, male)
_MINORITY_NAMES: tuple[tuple[str, str, bool], ...] = (
    ("阿卜杜拉·买买提", "阿卜杜拉", True),
    ("艾力·吐尔逊", "艾力", True),
    ("买买提江·艾则孜", "买买提江", True),
    ("努尔兰·吐尔洪", "努尔兰", True),
    ("古丽娜尔·艾买提", "古丽娜尔", False),
    ("阿依古丽·托合提", "阿依古丽", False),
    ("热依拉·阿不都热依木", "热依拉", False),
    ("迪丽娜扎·吾斯曼", "迪丽娜扎", False),
    ("扎西多吉", "扎西多吉", True),
    ("次仁卓玛", "次仁卓玛", False),
    ("格桑梅朵", "格桑梅朵", False),
    ("巴特尔", "巴特尔", True),
    ("乌兰其其格", "乌兰其其格", False),
    ("阿木古郎", "阿木古郎", True),
)
# Names that are also ordinary words (labelled only when used as a name).
_WORDLIKE_NAMES: tuple[tuple[str, str, bool], ...] = (
    ("高", "明", True), ("文", "静", False), ("李", "海燕", False), ("王", "海燕", False),
    ("高", "峰", True), ("向", "阳", True), ("夏", "雪", False), ("常", "青", True),
    ("白", "云", False), ("高", "兴", True), ("金", "星", True), ("江", "河", True),
)  # fmt: skip
_SPELLED_SURNAMES: tuple[tuple[str, str], ...] = (
    ("张", "弓长张"), ("章", "立早章"), ("陈", "耳东陈"), ("李", "木子李"), ("吴", "口天吴"),
    ("林", "双木林"), ("胡", "古月胡"), ("许", "言午许"), ("黄", "草头黄"), ("程", "禾呈程"),
    ("吕", "双口吕"), ("何", "人可何"), ("杨", "木易杨"), ("徐", "双人徐"), ("王", "三横王"),
    ("刘", "文刀刘"), ("赵", "走肖赵"), ("郑", "关耳郑"), ("孙", "子小孙"), ("杜", "木土杜"),
    ("罗", "四维罗"), ("谢", "言身寸谢"), ("钟", "金中钟"), ("江", "水工江"), ("姚", "女兆姚"),
    ("蒋", "草头蒋"),
)  # fmt: skip

_PINYIN_SURNAMES = (
    "zhang", "wang", "li", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu",
    "sun", "ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo", "zheng", "liang", "xie",
    "song", "tang", "han", "feng", "deng", "cao", "peng", "ouyang", "sima",
)  # fmt: skip
_PINYIN_GIVEN = (
    "wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong",
    "yan", "jie", "juan", "tao", "ming", "chao", "xiaoming", "jianguo", "haiyan",
    "xiaodong", "tingting", "yuxuan", "haoran", "zihan", "lili", "dandan", "feifei",
)  # fmt: skip
_EN_NAMES = (
    "tony", "lucy", "kevin", "cathy", "jack", "amy", "leo", "sunny", "grace", "eric",
    "vivian", "jason", "coco", "angel", "david", "helen", "peter", "lily",
)  # fmt: skip
_EMAIL_DOMAINS = (
    "163.com", "163.com", "qq.com", "qq.com", "126.com", "sina.com", "sohu.com",
    "gmail.com", "outlook.com", "hotmail.com", "foxmail.com", "139.com", "yeah.net",
    "aliyun.com", "vip.163.com", "189.cn",
)  # fmt: skip

# (province prefix or "", city, district, streets)
_URBAN: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("", "北京市", "朝阳区", ("望京西路", "阜通东大街", "建国路", "朝阳北路", "酒仙桥路")),
    ("", "北京市", "海淀区", ("中关村大街", "学院路", "知春路", "西三旗路")),
    ("", "北京市", "丰台区", ("南三环西路", "科学城路", "丰台北路")),
    ("", "上海市", "浦东新区", ("张杨路", "世纪大道", "金桥路", "川沙路", "杨高南路")),
    ("", "上海市", "徐汇区", ("漕溪北路", "田林路", "虹漕路")),
    ("", "上海市", "闵行区", ("七莘路", "莘庄路", "都市路")),
    ("广东省", "深圳市", "南山区", ("科技园南路", "南海大道", "后海大道", "桃园路")),
    ("广东省", "深圳市", "福田区", ("深南大道", "福华三路", "益田路")),
    ("广东省", "广州市", "天河区", ("天河路", "体育西路", "黄埔大道西", "中山大道")),
    ("广东省", "东莞市", "南城街道", ("鸿福路", "宏图路")),
    ("浙江省", "杭州市", "西湖区", ("文三路", "古墩路", "天目山路", "学院路")),
    ("浙江省", "杭州市", "余杭区", ("文一西路", "五常大道")),
    ("四川省", "成都市", "武侯区", ("人民南路四段", "科华北路", "武侯大道")),
    ("湖北省", "武汉市", "洪山区", ("珞喻路", "雄楚大道", "关山大道")),
    ("江苏省", "南京市", "鼓楼区", ("中山北路", "湖南路", "汉中路")),
    ("江苏省", "苏州市", "姑苏区", ("干将西路", "人民路", "十全街")),
    ("陕西省", "西安市", "雁塔区", ("小寨东路", "科技路", "高新路")),
    ("", "重庆市", "渝北区", ("新南路", "金开大道", "红锦大道")),
    ("", "天津市", "南开区", ("鞍山西道", "黄河道", "卫津路")),
    ("山东省", "济南市", "历下区", ("泉城路", "经十路", "历山路")),
    ("河南省", "郑州市", "金水区", ("花园路", "农业路", "经三路")),
    ("湖南省", "长沙市", "岳麓区", ("麓山南路", "桐梓坡路", "枫林三路")),
    ("福建省", "厦门市", "思明区", ("湖滨南路", "厦禾路", "莲前西路")),
    ("辽宁省", "沈阳市", "和平区", ("南京南街", "三好街")),
    ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", ("解放南路", "新华北路")),
)
_COMMUNITIES = (
    "阳光花园", "金色家园", "翠苑", "幸福里", "华润城", "万科城", "碧桂园", "龙湖天街",
    "保利花园", "绿地新都会", "富力城", "锦绣华庭", "滨江花园", "紫荆苑", "世纪新城",
    "阜通小区", "望京花园", "康乐小区", "和平里", "融创壹号院", "东方名苑", "金地格林",
)  # fmt: skip
_BUILDINGS = ("大厦", "中心", "广场", "科技园")
# (province, city, county, towns)
_RURAL: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("河南省", "周口市", "郸城县", ("汲冢镇", "宁平镇", "胡集乡")),
    ("山东省", "菏泽市", "曹县", ("庄寨镇", "青堌集镇")),
    ("四川省", "南充市", "仪陇县", ("马鞍镇", "金城镇")),
    ("湖南省", "邵阳市", "隆回县", ("六都寨镇", "桃洪镇")),
    ("安徽省", "阜阳市", "临泉县", ("杨桥镇", "瓦店镇")),
    ("江西省", "赣州市", "于都县", ("贡江镇", "银坑镇")),
    ("河北省", "保定市", "涞源县", ("银坊镇", "王安镇")),
    ("广西壮族自治区", "河池市", "都安瑶族自治县", ("安阳镇", "高岭镇")),
    ("甘肃省", "定西市", "通渭县", ("平襄镇", "马营镇")),
    ("贵州省", "遵义市", "湄潭县", ("湄江镇", "永兴镇")),
)
_VILLAGE_SUFFIX = ("庄村", "楼村", "营村", "家村", "寨村", "湾村", "集村", "庄")
_VILLAGE_NAMES = ("前进村", "新河村", "红星村", "大柳树村", "后营村", "东岗村", "石桥村")

_CITIES = (
    "北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆",
    "天津", "苏州", "长沙", "郑州", "青岛", "厦门", "昆明", "哈尔滨",
)  # fmt: skip
_PROVINCES = ("河南", "山东", "四川", "湖南", "安徽", "河北", "江西", "广西", "湖北", "东北")

_PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"

_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

_GENERIC_HOTLINES = (
    "95588", "95533", "10086", "10010", "12345", "400-820-8820", "800-830-1888",
    "95338", "95511", "12315", "400-610-1360",
)  # fmt: skip

_LEADING_ACK = re.compile(r"^(?:好的|嗯好的|嗯|明白|好|了解|收到|好嘞|可以|是这样的|嗯嗯)，")
_AMOUNTS = (
    5,
    8,
    12,
    20,
    25,
    39,
    50,
    58,
    88,
    99,
    128,
    199,
    288,
    399,
    650,
    1200,
    1299,
    3980,
    5000,
    8600,
    12000,
    15600,
)
_SERVICE_NUMBERS = ("400-820-8820", "800-830-1888", "400-610-1360", "4008-123-123", "95105888",
                    "400 888 6666", "800-820-9999")  # fmt: skip
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

_CLIENT_FILLERS = (
    "", "", "", "", "", "嗯，", "啊，", "那个，", "就是，", "呃，", "嗯嗯，", "这个，",
    "那个就是，", "对，", "哦，", "喂，", "那个那个，", "就是说，", "我我，",
)  # fmt: skip
_AGENT_ACKS = ("好的", "嗯", "明白", "好", "了解", "收到", "好嘞", "嗯好的", "可以")
_AGENT_FILLERS = ("", "", "", "", "好的，", "嗯，", "嗯好的，", "是这样的，", "明白，")
_ACKS = (
    "好的", "嗯", "行", "可以", "明白", "好", "对对对", "是的", "没问题", "嗯嗯", "对的",
    "明白了", "好嘞",
)  # fmt: skip

_AGENT_LEADS = (
    "为了保障您的信息安全，需要先跟您核实几项信息。",
    "我这边需要登记一下相关信息，方便后续跟进。",
    "您别着急，我一步一步帮您处理。",
    "明白您的情况了。",
    "好的，我已经看到您的来电记录了。",
    "这边需要跟您确认几个信息。",
    "不好意思，刚才信号有点不好。",
    "嗯，这个问题我们是可以帮您处理的。",
    "稍等，系统有点慢。",
    "我先把情况记录下来。",
    "嗯，您说的情况我了解了，我们这边需要按流程走一下。",
    "不好意思让您久等了。",
    "您先别着急，这个情况比较常见。",
)
_AGENT_TAILS = (
    "请您放心，我们会尽快为您处理。",
    "如果有任何变化，我们会第一时间短信通知您。",
    "这些信息只用于本次业务办理，我们会严格保密。",
    "后续有疑问也可以在官方APP上在线咨询，不用排队。",
    "麻烦您留意一下短信，可能会有一条确认通知。",
    "整个流程大概需要几分钟，请您耐心等一下。",
    "本次通话可能会被录音，以便提升服务质量。",
    "您这边还有什么不清楚的可以随时问我。",
    "我这边也给您做了备注，下次来电客服可以直接看到处理记录。",
    "处理结果出来以后，系统会自动给您发送短信提醒。",
    "如果这段时间有人冒充我们的工作人员联系您，请一定不要透露验证码。",
    "您说的情况我都记下来了，不用担心。",
    "办理过程中有任何疑问，您可以随时再来电咨询。",
)
_SCENE_TAILS: dict[str, tuple[str, ...]] = {
    "bank": (
        "挂失以后原卡就不能再用了，找到了也不要再用，直接剪掉就行。",
        "新卡寄到之后需要本人携带身份证激活。",
        "建议您同时修改一下手机银行的登录密码。",
        "如果发现有可疑交易，可以申请调单处理。",
    ),
    "telecom": (
        "新套餐下个月一号生效，本月还是按原来的套餐计费。",
        "剩余的流量不会清零，可以结转到下个月使用。",
        "如果是合约套餐，提前解约可能会产生违约金。",
    ),
    "insurance": (
        "住院期间的费用清单、发票和出院小结都要保留原件。",
        "理赔款会在审核通过后直接打到您提供的银行卡上。",
        "如果材料不全，理赔专员会打电话联系您补充。",
    ),
    "ecommerce": (
        "退货的时候请把配件和赠品一起寄回，包装尽量保持完整。",
        "退款会原路返回，银行卡支付的话可能要晚一两天到账。",
        "您也可以在订单详情页随时查看处理进度。",
    ),
    "courier": (
        "贵重物品建议您保价，保价费是声明价值的千分之五。",
        "易碎品请提前包装好，快递员上门也可以帮您加固。",
        "取件前快递员会先电话联系您，请保持电话畅通。",
    ),
    "utility": (
        "在师傅到之前，请先关闭总阀，注意安全。",
        "如果闻到明显的燃气味，请不要开关电器，先开窗通风。",
        "维修完成后会有回访电话，请您对师傅的服务做个评价。",
    ),
    "hospital": (
        "就诊当天请提前半小时到门诊大厅自助机取号。",
        "如需取消预约，请至少提前一天操作，否则会记爽约一次。",
        "专家号比较紧张，建议您准时到达。",
    ),
    "gov": (
        "您反映的问题我们会转交属地街道和相关部门办理。",
        "承办单位一般会在五个工作日内联系您核实情况。",
        "如果对办理结果不满意，可以再次来电反映。",
    ),
    "car": (
        "请您先在车后方放置三角警示牌，注意自身安全。",
        "如果车辆还能正常行驶，拍照后请尽快挪到路边，避免二次事故。",
        "定损完成后可以选择到合作的维修厂维修。",
    ),
    "passport": (
        "领取证件的时候需要携带本人身份证原件。",
        "邮寄费用是到付的，请您注意查收。",
        "如果护照有效期不足六个月，部分国家可能会拒绝入境。",
    ),
}
_CLIENT_STORIES: dict[str, tuple[str, ...]] = {
    "bank": (
        "我早上出门的时候还在，中午吃饭付钱的时候才发现钱包不见了，找了一圈也没找到。",
        "卡里还有我这个月的工资，万一被人刷了就麻烦了，我现在特别着急。",
        "之前也丢过一次，那次是在柜台办的，这次人在外地，只能打电话了。",
        "我手机银行也登不上去，提示密码错了好几次，现在被锁了。",
        "我平时不怎么用这张卡，就是每个月还房贷用的，所以一直没注意。",
    ),
    "telecom": (
        "我一个月流量根本用不完，通话也就一两百分钟，感觉交的钱都浪费了。",
        "我家里还有两张副卡，是给我爸妈用的，不知道能不能一起改。",
        "营业厅离我家太远了，我不想专门跑一趟，能不能电话里直接办？",
        "上个月账单突然多了好几十块，我也不知道是扣的什么钱。",
    ),
    "insurance": (
        "当时是晚上突然肚子疼，送到急诊说是阑尾炎，要马上手术。",
        "保险是前年在你们业务员那里买的，合同我翻了半天才找到。",
        "医院那边说要先自己垫付，出院以后再找保险公司报销。",
        "我们也不太懂这个流程，就怕材料没准备好来回跑。",
    ),
    "ecommerce": (
        "页面上写的是三天送达，现在都一个礼拜了，物流信息一直没更新。",
        "我拆开一看外壳都裂了，插上电也没反应，肯定是运输的时候摔坏了。",
        "我给商家发消息一直没回，只能打你们平台的电话了。",
        "这个是买给我妈的生日礼物，下周就要用了，你们帮我催一下。",
    ),
    "courier": (
        "里面是给我女儿寄的冬天的衣服，还有点吃的，不算贵重。",
        "我腿脚不方便，没法自己送到快递点去，麻烦派个人上门。",
        "上次寄件的时候快递员没打电话就直接走了，这次麻烦提醒一下。",
    ),
    "utility": (
        "我下班回来就发现不对劲，物业说不归他们管，让我打你们电话。",
        "家里有老人和小孩，挺担心的，你们能不能尽快派人过来看看？",
        "邻居说前几天也出过一次这个问题，当时修好了没过几天又坏了。",
    ),
    "hospital": (
        "最近老是说胸闷，在社区医院看了说要去大医院查一下。",
        "网上挂号一直抢不到，放号一分钟就没了，只能打电话试试。",
        "上次看完医生说两周以后复查，现在时间差不多了。",
    ),
    "gov": (
        "这个情况已经持续快一个月了，孩子马上要中考了，天天受影响。",
        "我们跟物业反映过好几次，物业说管不了，让我们找政府。",
        "楼里好多老人都有意见，就是没人出头，我就打这个电话了。",
    ),
    "car": (
        "我在等红灯，后面那辆车没刹住直接撞上来了，后保险杠都掉了。",
        "对方司机态度还行，说走保险，让我先报案。",
        "现在车停在路边打着双闪，后面车都在按喇叭，我有点慌。",
    ),
    "passport": (
        "我是去年十二月份交的材料，当时说一个月左右能办好，现在都两个多月了。",
        "我下个月要出国参加一个展会，机票都订好了，就等护照了。",
        "我之前的护照是十年前办的，马上就过期了，也不知道要不要重新拍照。",
    ),
}
# Per-scenario customer questions and agent answers (no personal data inside).
_FAQ: dict[str, tuple[tuple[str, str], ...]] = {
    "bank": (
        ("挂失要收费吗？我记得以前要十块钱。",
         "电话挂失是免费的，只有补办新卡的时候收取工本费，部分卡种还可以免收，具体以网点办理时为准。"),
        ("我那张卡上还有一笔定期，会不会受影响？",
         "定期存款是单独计息的，挂失不会影响到期和利息，到期后会按照您原来约定的方式自动处理。"),
        ("那我卡里的钱会不会有影响？挂失以后还能转账吗？",
         "卡里的资金是安全的，挂失只是冻结卡片交易，不影响账户余额。补卡以后余额会自动转到新卡上。"),
        ("我手机银行绑的是这张卡，是不是也用不了了？",
         "挂失期间手机银行上这张卡的转账和支付功能会暂停，查询还是可以的，新卡办好后重新绑定就行。"),
        ("信用卡有年费吗？我听说刷够次数就能免？",
         "这张卡首年免年费，之后每年刷卡满六次就可以免次年年费，具体可以在APP的卡片权益里查看。"),
        ("要是有人已经盗刷了怎么办？",
         "如果发现不是您本人的交易，建议尽快到派出所报案并保留回执，我们同步提交争议交易调查。"),
        ("补卡要本人去吗？我最近在外地。",
         "补卡原则上需要本人携带有效身份证件办理，在外地的话可以就近去我行任意网点，不一定回开户行。"),
    ),
    "telecom": (
        ("我下个月出国，能不能开个国际漫游？",
         "可以的，国际漫游功能现在是免费开通的，出境后按目的地资费标准收费，也可以提前订一个出境流量包。"),
        ("换套餐要不要去营业厅签字？",
         "在电话里核实身份以后就可以直接办理，不需要去营业厅，办理成功以后会有短信回执作为凭证。"),
        ("换了套餐以后原来的号码会不会变？",
         "号码是不会变的，只是资费方案调整，话费余额、积分和宽带都会保留，下月起按新套餐计费。"),
        ("那我原来的流量包要不要退订？",
         "原来的流量叠加包是按月自动续订的，新套餐流量够用的话建议退订，我可以现在就帮您操作。"),
        ("有没有家庭共享的那种？我老婆孩子都用你们的卡。",
         "有的，可以办理家庭共享，主卡的流量和通话可以共享给最多四张副卡，每张副卡每月十块功能费。"),
        ("5G信号我们小区老是不好，能解决吗？",
         "信号问题我可以给您登记网络投诉，网络优化的工程师会在三个工作日内联系您，必要时上门测试。"),
    ),
    "insurance": (
        ("我们在外地住的院，也能报吗？",
         "可以的，只要是二级及以上的公立医院普通部都在保障范围内，异地就医同样可以申请理赔。"),
        ("理赔款大概多久能到账？",
         "材料审核通过以后，赔款一般在三到五个工作日内到账，到账时会有短信通知您。"),
        ("门诊的费用能报吗？还是只能报住院的？",
         "您这份是住院医疗险，住院前后三十天内和本次疾病相关的门诊费用也可以一起报，需要发票和病历。"),
        ("医保报完了剩下的还能报吗？",
         "可以的，医保报销后剩余的自付部分，扣除免赔额以后按合同约定的比例赔付，提供医保结算单就行。"),
        ("材料是要原件还是复印件？",
         "发票需要原件，原件已经给医保报销用了的话，可以提供分割单或者加盖医院公章的复印件。"),
        ("要是审核不通过怎么办？",
         "如果对审核结论有异议，您可以申请复核，我们会安排理赔人员重新审查，十个工作日内给您答复。"),
    ),
    "ecommerce": (
        ("我能不能先退款，东西我过两天再寄回去？",
         "极速退款需要满足信用条件，我这边看了一下您的账户是符合的，提交退货物流单号以后就可以先退款。"),
        ("商家不同意退货怎么办？",
         "如果商家拒绝售后申请，您可以在订单页面申请平台介入，我们会根据双方提供的凭证进行处理。"),
        ("退货的运费谁出？",
         "商品有质量问题的，退货运费由商家承担，您选上门取件不用先垫付；七天无理由退货的运费需要自己承担。"),
        ("我用的优惠券会退回来吗？",
         "整单退款的话，优惠券会在退款完成后退回您的账户，还在有效期内可以继续用，过期的就没法恢复了。"),
        ("能直接换一个新的吗？我不想退款。",
         "可以申请换货，商家确认收到退回的商品以后会重新给您发一个新的，一般三到五天能处理完。"),
        ("包裹要是丢了怎么办？",
         "如果物流超过七天没有更新，我们会联系快递公司核实，确认丢件的话直接给您全额退款或者补发。"),
    ),
    "courier": (
        ("东西要是寄丢了或者坏了怎么赔？",
         "保价的物品按照声明价值赔偿，未保价的按照运费的几倍赔偿，具体以电子运单上的契约条款为准。"),
        ("能不能到付？对方付钱。",
         "可以选择到付，收件人签收的时候付款，到付的话需要对方同意，如果拒付会退回给您。"),
        ("寄到那边大概要几天？",
         "走标准快递一般两到三天送达，偏远地区会慢一点，如果着急可以选特快，次日就能到。"),
        ("能不能帮我打包？我没有箱子。",
         "可以的，快递员上门会带包装材料，纸箱按大小收费，一般几块钱到十几块不等，您现场确认就行。"),
        ("寄食品可以吗？有没有什么不能寄的？",
         "密封包装的食品可以寄，液体、易燃易爆物品、单独的锂电池都不行，生鲜的话建议选冷链。"),
    ),
    "utility": (
        ("这个月的费用会不会因为这个多算？",
         "故障期间的计量如果有异常，维修师傅会现场核对表计读数，确实多算的部分会在下期账单里扣减。"),
        ("需要我准备什么吗？",
         "请您提前清理一下维修区域，家里留一位成年人，师傅上门时会出示工作证，请核对后再开门。"),
        ("我白天要上班，家里没人怎么办？",
         "可以跟师傅约晚上或者周末上门，接到师傅电话时直接商量时间就行，我也会在工单里备注。"),
        ("修好以后还会再坏吗？有保修吗？",
         "更换的配件有三个月保修期，保修期内同样的问题再出现，您直接打电话报修，上门和配件都免费。"),
        ("费用怎么付？能用微信吗？",
         "维修完成后师傅会出示收费明细，可以用微信或者支付宝扫码支付，也可以在公众号上缴费。"),
    ),
    "hospital": (
        ("需要带之前的片子吗？",
         "建议您把之前的检查报告和影像资料都带上，医生可以对比病情变化，避免重复检查。"),
        ("老人行动不方便，医院有轮椅吗？",
         "门诊大厅服务台可以免费借用轮椅，押金凭身份证登记就可以，也可以联系导医帮忙。"),
        ("医保卡能直接用吗？还是要先自己垫钱？",
         "本市医保可以直接刷卡结算，异地医保需要先在参保地办理异地就医备案，备案后也能直接结算。"),
        ("要不要空腹？可能要抽血。",
         "如果医生开了抽血化验，一般需要空腹八小时以上，建议早上不要吃早饭，带点吃的抽完血再吃。"),
        ("能不能帮我改到下午？上午送孩子上学来不及。",
         "下午的号目前已经约满了，您可以先保留这个号，每天晚上八点会放出退号，可以在公众号上关注。"),
    ),
    "gov": (
        ("我能不能自己查办理进度？",
         "可以的，您可以通过12345的公众号或者网站，输入工单编号和手机号查询办理进度。"),
        ("要是一直没人联系我呢？",
         "如果超过办理时限还没有人联系您，可以再次来电催办，我们会督促承办单位尽快处理。"),
        ("你们会不会把我的信息告诉对方？",
         "您放心，来电人的个人信息严格保密，转办的时候只写明诉求内容，不会透露您的姓名和电话。"),
        ("多久能有结果？",
         "一般承办单位会在五个工作日内联系您，复杂的问题可能延长到十五个工作日，办结后会有回访。"),
        ("要是他们处理完还这样呢？",
         "如果问题没有解决，您可以在回访时如实反映不满意，我们会要求承办单位重新办理。"),
    ),
    "car": (
        ("车能开的话还需要等查勘员过来吗？",
         "如果事故很小、车辆能正常行驶，拍好照片以后可以先撤离现场，后续通过线上自助定损就可以。"),
        ("对方要是不认账怎么办？",
         "现场的照片、行车记录仪视频都是很重要的证据，如果对方不认可，可以申请交警出具事故认定书。"),
        ("这个要不要报警啊？",
         "只有财产损失、没有人受伤的话，双方可以快速处理，拍好照片后在交管APP上在线定责就可以。"),
        ("我的车险明年会不会涨价？",
         "出险一次对下一年的保费会有一定影响，具体看全年的出险次数和金额，小额损失也可以考虑自己处理。"),
        ("修车的时候能不能去我常去的那家4S店？",
         "可以的，定损以后您可以选择任意一家有资质的维修厂，合作厂的话可以直接结算，不用您垫付。"),
    ),
    "passport": (
        ("护照照片能用我自己拍的吗？",
         "需要在出入境窗口或者有资质的照相馆拍摄，系统会对照片进行合规检测，自拍的照片一般不能通过。"),
        ("户口不在本地可以办吗？",
         "现在全国通办了，非本地户籍的居民凭身份证就可以在居住地的出入境窗口申请，不需要回户籍地。"),
        ("需要我本人去拿吗？能不能让家里人代领？",
         "可以委托他人代领，代领人带上本人身份证原件、您的受理回执和身份证复印件到原窗口领取。"),
        ("加急能办吗？我下个月就要走。",
         "如果有紧急出国的事由，比如奔丧、就医或者商务急需，提供相关证明可以申请加急。"),
        ("旧护照上的签证还能用吗？",
         "旧护照上还在有效期内的签证仍然有效，出行时新旧护照一起带上，旧护照剪角后会退还给您。"),
    ),
}  # fmt: skip
_RESTATE: dict[str, tuple[str, ...]] = {
    "bank": (
        "{h}您先别着急，卡片的问题我来帮您处理，涉及账户安全的业务都需要先核实持卡人本人身份。",
        "明白了，您说的情况我已经记录下来了，这边先帮您查一下卡片状态，麻烦您配合核实几项信息。",
    ),
    "telecom": (
        "好的，套餐变更是可以在电话里直接办理的，我先帮您查一下您目前的套餐和使用情况。",
        "明白，我这边先看一下您近三个月的话费和流量使用情况，根据您的习惯给您推荐。",
    ),
    "insurance": (
        "首先祝家人早日康复。理赔这边我来给您详细说明，先帮您登记报案，需要核实一下保单信息。",
        "您先别着急，住院理赔的流程不复杂，我先帮您查一下保单的保障范围。",
    ),
    "ecommerce": (
        "非常抱歉给您带来不好的购物体验，我这边马上帮您查一下订单情况。",
        "理解您的心情，这个问题我来帮您跟进处理，先核实一下订单信息。",
    ),
    "courier": (
        "可以的，我们支持上门取件，我这边帮您下一个预约单，需要登记一下寄件和收件信息。",
        "好的，没问题，上门取件不收额外费用，我先帮您登记一下。",
    ),
    "utility": (
        "好的，您先注意安全，我马上帮您登记报修，需要核实一下具体的地址和联系方式。",
        "明白了，这种情况比较紧急，我这边优先给您派单。",
    ),
    "hospital": (
        "可以的，我帮您查一下号源情况，预约需要登记就诊人的实名信息。",
        "好的，专家号比较紧张，我先帮您查一下最近一周的排班。",
    ),
    "gov": (
        "感谢您的反映，您说的情况我这边会详细记录，然后转交给相关部门处理。",
        "理解您的心情，这种情况确实影响休息，我先帮您登记一下。",
    ),
    "car": (
        "{h}您先别着急，人没事最重要，我这边马上帮您报案，麻烦您配合提供几个信息。",
        "好的，请您先打开双闪，在车后放好三角警示牌，注意自身安全，我来帮您登记报案。",
    ),
    "passport": (
        "好的，我这边帮您查一下办理进度，需要核实一下申请人的信息。",
        "可以的，出入境证件的问题我来帮您解答，先核实一下您的身份信息。",
    ),
}  # fmt: skip
_SUMMARIES: dict[str, tuple[str, ...]] = {
    "bank": (
        "那我跟您总结一下，今天为您处理的卡片业务已经办好了，后续有任何异常交易请第一时间联系我们。",
        "跟您确认一下，本次业务已经受理成功，稍后会有短信通知，请注意查收，不要把短信转发给任何人。",
    ),
    "telecom": (
        "跟您确认一下，今天为您办理的是套餐变更，新套餐下月一号生效，变更结果会以短信形式通知您。",
        "那我总结一下，套餐变更已经提交，本月费用还是按原套餐收取，下个月起按新资费计算。",
    ),
    "insurance": (
        "我跟您总结一下，本次已经为您登记了报案，后续请您把材料准备齐全，提交以后我们会尽快审核。",
        "跟您确认一下，理赔申请已经受理，审核进度可以在APP上查询，有问题理赔专员会主动联系您。",
    ),
    "ecommerce": (
        "那我这边总结一下，您的问题已经记录并提交处理，进度可以在订单详情里查看，有结果会第一时间通知您。",
        "跟您确认一下，售后申请已经提交成功，商家会在四十八小时内处理，超时未处理平台会介入。",
    ),
    "courier": (
        "总结一下，您的寄件订单已经下好了，快递员上门前会先联系您，物品请提前准备好。",
        "跟您确认一下，取件已经预约成功，运费以快递员现场称重为准，可以在小程序上查看物流。",
    ),
    "utility": (
        "跟您确认一下，报修工单已经派发，师傅上门前会先电话联系您，请您保持电话畅通。",
        "那我总结一下，您的报修已经登记，维修完成后会有回访，请您对本次服务做个评价。",
    ),
    "hospital": (
        "跟您确认一下，预约已经成功，就诊当天请携带身份证和医保卡，提前到门诊取号。",
        "那我总结一下，号已经给您约好了，如果临时去不了，请至少提前一天取消，避免记爽约。",
    ),
    "gov": (
        "我跟您确认一下，您反映的问题已经登记并转办，承办单位会在规定时限内联系您，办结后我们会进行回访。",
        "跟您确认一下，诉求已经受理，办理进度可以通过工单编号在网上查询。",
    ),
    "car": (
        "跟您确认一下，本次事故已经报案，查勘员会尽快联系您，请保持电话畅通，注意现场安全。",
        "那我总结一下，报案已经完成，定损以后按照责任比例赔付，维修发票请保存好。",
    ),
    "passport": (
        "跟您确认一下，您的证件会按照您提供的地址邮寄，寄出后会有短信通知，请注意查收。",
        "那我总结一下，您的申请已经登记，办理进度可以在移民局的公众号上查询。",
    ),
}  # fmt: skip
_CLIENT_TAILS = (
    "麻烦你了啊，我也不太懂这些。",
    "你们尽快啊，我挺着急的。",
    "我旁边有点吵，你说大声一点。",
    "那行，我等你们消息。",
)
_CLIENT_REMARKS: dict[str, tuple[str, ...]] = {
    "bank": (
        "卡是我去年在你们网点办的。", "我现在人在外面，不方便去网点。",
        "这张卡绑了我的微信和支付宝。", "我最近换了手机，不知道有没有影响。",
        "你们短信能不能别老发广告了。", "我每个月工资都打到这张卡上。",
    ),
    "telecom": (
        "我这个号用了十几年了，不想换号。", "我每个月基本就在家用Wi-Fi。",
        "我老伴也是你们的卡，到时候一起看看。", "上次营业厅的人说可以优惠，结果也没优惠。",
    ),
    "insurance": (
        "医院的发票我都留着呢，一张没丢。", "出院小结还没拿到，医生说过两天给。",
        "合同上写的是每年保费两千多。", "住院押金交了五千，还没退。",
    ),
    "ecommerce": (
        "快递盒子我还留着。", "我在评价里也写了，商家一直没回复。",
        "我是会员，应该有优先处理吧。", "包装都没拆，我看着就不对劲。",
    ),
    "courier": (
        "到了小区门口打我电话，门卫不让外人进。", "东西不大，一个鞋盒那么大。",
        "我下午三点以后都在家。", "最好今天能取走，对方着急用。",
    ),
    "utility": (
        "我已经把总阀关了。", "楼道里的灯也不亮了。", "物业的电话一直没人接。",
        "我们这栋楼都是老房子，管子都旧了。",
    ),
    "hospital": (
        "老人家腿脚不好，得坐轮椅。", "之前的检查报告我都带着。",
        "他有高血压，一直在吃药。", "能安排个靠前一点的号最好。",
    ),
    "gov": (
        "我们都录了视频，可以发给你们。", "白天晚上都这样，没人管。",
        "周围几栋楼都受影响。", "我们不是故意找事，就是真的影响生活。",
    ),
    "car": (
        "我这边有行车记录仪。", "后备箱都变形了，打不开了。", "车是去年刚买的新车。",
        "对方说他全责。",
    ),
    "passport": (
        "我当时是在区里的出入境窗口办的。", "照片是在窗口现场拍的。",
        "我签证材料都准备好了。", "公司那边等着我出差。",
    ),
}  # fmt: skip


# --------------------------------------------------------------------------------------
# Small pure helpers
# --------------------------------------------------------------------------------------


def _luhn_complete(body: str) -> str:
    """Return body + the Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def _id_check(body17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(body17, _ID_WEIGHTS, strict=False)) % 11]


def _cn_number(n: int, liang: bool = False) -> str:
    """0 < n < 100000 as a Chinese numeral (一千二百, 三千九百八十, 十二)."""
    units = ("", "十", "百", "千", "万")
    s = str(n)
    out: list[str] = []
    pending_zero = False
    for i, ch in enumerate(s):
        d = int(ch)
        pos = len(s) - 1 - i
        if d == 0:
            pending_zero = True
            continue
        if pending_zero and out:
            out.append("零")
        pending_zero = False
        digit = _CN_DIGITS[d]
        if liang and d == 2 and pos >= 2:
            digit = "两"
        out.append(digit + units[pos])
    text = "".join(out) or "零"
    if text.startswith("一十"):
        text = text[1:]
    return text


def _split(s: str, sizes: Iterable[int]) -> list[str]:
    out, i = [], 0
    for n in sizes:
        out.append(s[i : i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return [g for g in out if g]


def _flatten(out: list, value: object) -> None:
    if isinstance(value, int):
        out.append(str(value))
    elif isinstance(value, str):
        if value:
            out.append(value)
    elif isinstance(value, tuple):
        text, label = value
        if not text or text != text.strip():
            raise ValueError(f"bad entity text {text!r}")
        out.append((text, label))
    elif isinstance(value, list):
        for item in value:
            _flatten(out, item)
    else:  # pragma: no cover - programming error
        raise TypeError(f"unsupported segment {value!r}")


def _close(segs: list) -> None:
    """End a turn's segments with sentence punctuation before more text is appended."""
    last = segs[-1] if segs else "。"
    text = last if isinstance(last, str) else last[0]
    if text[-1:] not in ("。", "？", "！", "，", "…"):
        segs.append("。")


@dataclass
class _Person:
    surname: str  # used for 先生/女士/小X/老X; for minority names the personal name
    given: str
    full: str
    male: bool
    kind: str  # han | compound | minority | word


# --------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------


class _Gen:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.turns: list[tuple[str, list]] = []
        self.used: list[str] = []
        self.decorate = False
        self.scene = ""
        self.budget = MAX_TURNS - 3
        self.told = False
        self.tails_left = 0
        self.faqs: list[tuple[str, str]] = []
        self.cust = _Person("", "", "", True, "han")

    # ---- random helpers ---------------------------------------------------------------
    def ch(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def p(self, prob: float) -> bool:
        return self.rng.random() < prob

    def wch(self, pairs):
        total = sum(w for _, w in pairs)
        r = self.rng.random() * total
        for item, w in pairs:
            r -= w
            if r < 0:
                return item
        return pairs[-1][0]

    def digits(self, n: int, first: str = "0123456789") -> str:
        if n <= 0:
            return ""
        return self.ch(first) + "".join(str(self.rng.randrange(10)) for _ in range(n - 1))

    def ack(self) -> str:
        return self.ch(_ACKS)

    # ---- turns ------------------------------------------------------------------------
    def fmt(self, tpl: str, kw: dict, agent: bool) -> list:
        parts = _PLACEHOLDER.split(tpl)
        out: list = []
        for i, part in enumerate(parts):
            if i % 2 == 0:
                _flatten(out, part)
            elif part == "f":
                _flatten(out, self.ch(_AGENT_FILLERS if agent else _CLIENT_FILLERS))
            elif part == "ok":
                _flatten(out, self.ch(_AGENT_ACKS) if agent else self.ack())
            else:
                _flatten(out, kw[part])
        return out

    def a(self, tpl, **kw) -> None:
        if not isinstance(tpl, str):
            tpl = self.ch(tpl)
        segs = self.fmt(tpl, kw, True)
        if self.decorate:
            if tpl.endswith("？"):
                if self.p(0.65):
                    if segs and isinstance(segs[0], str):
                        segs[0] = _LEADING_ACK.sub("", segs[0])
                    segs.insert(0, self.fresh(_AGENT_LEADS))
            elif self.tails_left > 0 and self.p(0.8):
                _close(segs)
                pool = _AGENT_TAILS + _SCENE_TAILS.get(self.scene, ())
                for _ in range(2 if self.p(0.35) else 1):
                    segs.append(self.fresh(pool))
                    self.tails_left -= 1
        self.push("坐席", segs)

    def c(self, tpl, **kw) -> None:
        if not isinstance(tpl, str):
            tpl = self.ch(tpl)
        segs = self.fmt(tpl, kw, False)
        first = len(self.turns) == 1
        if self.decorate and not first and not tpl.endswith("？") and self.p(0.4):
            _close(segs)
            remarks = _CLIENT_REMARKS.get(self.scene, ())
            segs.append(self.fresh(remarks if remarks and self.p(0.75) else _CLIENT_TAILS))
        plain = all(isinstance(x, str) for x in segs)
        short = plain and sum(len(x) for x in segs) <= 8
        if self.decorate and not first and short and self.faqs and self.p(0.5):
            # a short acknowledgement followed by a question of the customer's own
            q, ans = self.faqs.pop(self.rng.randrange(len(self.faqs)))
            _close(segs)
            segs.append(q)
            self.push("客户", segs)
            self.a("{f}" + ans)
            return
        self.push("客户", segs)
        if self.decorate and not self.told and len(self.turns) == 2:
            self.told = True  # the customer's first turn: add a little back story
            self.story()
            restate = _RESTATE.get(self.scene, ())
            if restate and self.p(0.75):
                self.a(self.ch(restate), h=self.hon(self.cust, bare_ok=False))

    def push(self, speaker: str, segs: list) -> None:
        """Append a turn; a second consecutive turn of the same speaker is merged into it."""
        if self.turns and self.turns[-1][0] == speaker:
            prev = self.turns[-1][1]
            _close(prev)
            if segs and isinstance(segs[0], str):
                segs[0] = _LEADING_ACK.sub("", segs[0])
            prev.extend(segs)
        else:
            self.turns.append((speaker, segs))

    def story(self) -> None:
        """A client narrative sentence merged into the client's current turn."""
        pool = _CLIENT_STORIES.get(self.scene, ())
        if pool and self.p(0.8):
            self.c(self.fresh(pool))
            if self.p(0.35):
                self.c(self.fresh(pool))

    def fresh(self, pool: tuple[str, ...]) -> str:
        """A pool item not used yet in this dialogue ("" once the pool is exhausted)."""
        unused = [x for x in pool if x not in self.used]
        if not unused:
            return ""
        item = self.ch(unused)
        self.used.append(item)
        return item

    # ---- spoken digits ----------------------------------------------------------------
    def speak(self, s: str, yao: float = 0.65) -> str:
        """Digit string -> spoken numerals (1:1 per character, ASR style)."""
        one = "幺" if self.p(yao) else "一"
        zero = self.wch((("零", 72), ("〇", 21), ("洞", 7)))
        out = []
        for c in s:
            if c == "1":
                out.append(one)
            elif c == "0":
                out.append(zero)
            elif c == "2":
                out.append("两" if self.p(0.08) else "二")
            elif c in "Xx":
                out.append("叉" if self.p(0.75) else "X")
            elif c.isdigit():
                out.append(_CN_DIGITS[int(c)])
            else:
                out.append(c)
        return "".join(out)

    # ---- persons ----------------------------------------------------------------------
    def person(self, male: bool | None = None, kind: str | None = None) -> _Person:
        if male is None:
            male = self.p(0.5)
        if kind is None:
            kind = self.wch((("han", 80), ("compound", 6), ("minority", 6), ("word", 8)))
        if kind == "minority":
            full, call, m = self.ch(_MINORITY_NAMES)
            return _Person(call, "", full, m, kind)
        if kind == "word":
            s, g, m = self.ch(_WORDLIKE_NAMES)
            return _Person(s, g, s + g, m, kind)
        surname = self.ch(_COMPOUND_SURNAMES) if kind == "compound" else self.ch(_SURNAMES)
        given = self.ch(_GIVEN_MALE if male else _GIVEN_FEMALE)
        return _Person(surname, given, surname + given, male, kind)

    @staticmethod
    def spelled(p: _Person) -> str | None:
        if p.kind not in ("han", "word"):
            return None
        for s, sp in _SPELLED_SURNAMES:
            if s == p.surname:
                return sp
        return None

    def hon(self, p: _Person, bare_ok: bool = True) -> list:
        """王先生 / 张女士 / 李姐 / 您 ... (surname span only)."""
        title = "先生" if p.male else "女士"
        r = self.rng.random()
        if bare_ok and r < 0.15:
            return [title]
        if p.kind != "minority" and r > 0.93:
            return [(p.surname, PERSON), "哥" if p.male else "姐"]
        return [(p.surname, PERSON), title]

    def intro(self, p: _Person) -> list:
        """The customer saying their own name."""
        full = (p.full, PERSON)
        if p.kind == "minority":
            forms = [
                ["我叫", full],
                ["我的名字是", full],
                [full],
                ["我叫", full, "，你叫我", (p.surname, PERSON), "就行"]
                if p.surname != p.full
                else ["我是", full],
            ]
            return self.ch(forms)
        sp = self.spelled(p)
        forms: list[list] = [
            ["我叫", full],
            ["我是", full],
            [full],
            ["免贵姓", (p.surname, PERSON), "，叫", full],
            ["我的名字叫", full],
            ["名字是", full],
        ]
        if sp:
            forms += [
                ["我姓", (p.surname, PERSON), "，", (sp, PERSON), "，叫", full],
                ["我姓", (p.surname, PERSON), "，", (sp, PERSON), "，名字叫", (p.given, PERSON)],
                ["姓", (p.surname, PERSON), "，", (sp, PERSON), "，全名", full],
            ]
        if p.kind == "han" and self.p(0.1):
            forms.append(["我姓", (p.surname, PERSON), "，你叫我老", (p.surname, PERSON), "就行"])
        return self.ch(forms)

    def agent_ref(self, agent: _Person) -> list:
        return self.wch(
            (
                (["客服", (agent.full, PERSON)], 3),
                (["小", (agent.surname, PERSON)], 3 if agent.kind == "han" else 0),
                (["客服代表", (agent.full, PERSON)], 1),
                ([f"{self.rng.randint(1, 320)}号客服"], 2),
                (["客服专员"], 1),
            )
        )

    # ---- phones -----------------------------------------------------------------------
    def mobile(self) -> str:
        return self.ch(_MOBILE_PREFIXES) + self.digits(8)

    def landline(self) -> tuple[str, str]:
        area, n = self.ch(_AREA_CODES)
        return area, self.digits(n, "2345678")

    def mobile_text(self, num: str, mode: str | None = None) -> str:
        if mode is None:
            mode = self.wch(
                (
                    ("plain", 18),
                    ("sep", 10),
                    ("intl", 8),
                    ("full", 5),
                    ("spoken", 20),
                    ("spoken_grouped", 22),
                    ("mixed", 12),
                )
            )
        groups = _split(num, (3, 4, 4))
        if mode == "plain":
            return num
        if mode == "sep":
            sep = self.ch(("-", " ", " "))
            return sep.join(groups)
        if mode == "intl":
            pre = self.ch(("+86 ", "+86", "+86-", "0086 ", "0086-", "86-", "+86 "))
            body = " ".join(groups) if pre.endswith(" ") and self.p(0.4) else num
            return pre + body
        if mode == "full":
            inner = self.mobile_text(num, self.ch(("plain", "sep", "intl")))
            return inner.translate(_FULLWIDTH)
        spoken = self.speak(num)
        if mode == "spoken":
            if self.p(0.15):
                return self.ch(("+86 ", "加八六 ")) + spoken
            return spoken
        sgroups = _split(spoken, (3, 4, 4))
        if mode == "spoken_grouped":
            sep = self.ch((" ", "，", " ", "，", "、"))
            return sep.join(sgroups)
        # mixed: some groups digits, some spoken
        flags = [self.p(0.5) for _ in groups]
        if all(flags) or not any(flags):
            flags[1] = not flags[0]
        sep = self.ch(("", "", " "))
        return sep.join(sg if f else g for g, sg, f in zip(groups, sgroups, flags, strict=False))

    def landline_text(self, area: str, local: str) -> str:
        mode = self.wch(
            (
                ("dash", 30),
                ("paren", 15),
                ("space", 12),
                ("plain", 8),
                ("spoken", 20),
                ("intl", 8),
                ("full", 7),
            )
        )
        half = len(local) // 2
        loc = local if self.p(0.6) else f"{local[:half]} {local[half:]}"
        if mode == "dash":
            return f"{area}-{loc}"
        if mode == "paren":
            lp, rp = self.ch((("(", ")"), ("（", "）")))
            return f"{lp}{area}{rp}{loc}"
        if mode == "space":
            return f"{area} {loc}"
        if mode == "plain":
            return area + local
        if mode == "intl":
            return self.ch(("+86-", "+86 ", "0086-")) + area[1:] + self.ch(("-", " ")) + local
        if mode == "full":
            return f"{area}-{local}".translate(_FULLWIDTH)
        sp = self.speak(area + local, yao=0.5)
        sep = self.ch(("，", " ", "，"))
        return sp[: len(area)] + sep + sp[len(area) :]

    def extension(self) -> str:
        ext = self.digits(self.ch((3, 3, 4)), "123456789")
        return self.wch(
            (
                (f"转{ext}", 5),
                (f"转{self.speak(ext)}", 2),
                (f"，分机{ext}", 2),
                (f"，分机号是{ext}", 1),
                (f" 转 {ext}", 1),
            )
        )

    def phone_ent(self, num: str | None = None) -> tuple[str, str]:
        return (self.mobile_text(num or self.mobile()), PHONE)

    def landline_seg(self, with_ext: float = 0.35) -> list:
        area, local = self.landline()
        seg: list = [(self.landline_text(area, local), PHONE)]
        if self.p(with_ext):
            seg.append(self.extension())
        return seg

    # ---- phone dialogue blocks --------------------------------------------------------
    def ask_phone(self, num: str, landline_ok: bool = True) -> None:
        """Agent asks for a phone number; the customer gives it in one of several ways."""
        mode = self.wch(
            (
                ("direct", 50),
                ("pieces", 16),
                ("correct", 12),
                ("landline", 14 if landline_ok else 0),
                ("direct_readback", 10),
            )
        )
        asks = (
            "{f}后续需要跟您联系，请问您的联系电话是多少？",
            "麻烦您留一个能联系到您的手机号，后面有进展我们会第一时间打给您。",
            "方便留个电话吗？后续有进展我们这边会第一时间联系您。",
            "{f}为了方便后续回访，您登记的手机号码是多少呢？",
            "您再报一下手机号，我这边核对一下系统里预留的信息。",
            "请问您的联系方式是？最好是白天能接通的号码。",
            "那您这边留一个手机号吧，我记一下，您慢点说。",
        )
        answers = (
            "{f}{ph}",
            "我手机号是{ph}",
            "号码是{ph}，{f}就这个。",
            "打{ph}就行，一般都开着机。",
            "{ph}，这个是我本人的号。",
            "{f}你记一下啊，{ph}",
            "电话{ph}",
            "就是{ph}这个号码，用了十几年了",
            "{f}我念一下，{ph}，你记好",
        )
        if mode in ("direct", "direct_readback"):
            self.a(asks)
            self.c(answers, ph=self.phone_ent(num))
            if mode == "direct_readback":
                self.a(
                    (
                        "好的，跟您核对一下，{ph}，对吗？",
                        "{ph}，是吧？",
                        "我重复一遍，{ph}，没错吧？",
                    ),
                    ph=self.phone_ent(num),
                )
                self.c(("对", "对对对", "对的，没错", "嗯，是的"))
            return
        if mode == "landline":
            self.a(asks)
            self.c(
                (
                    "手机不方便，打我单位座机吧，{ll}",
                    "{f}座机{ll}，上班时间都有人接",
                    "你打{ll}，或者打我手机{ph}也行",
                    "家里电话是{ll}",
                ),
                ll=self.landline_seg(),
                ph=self.phone_ent(num),
            )
            return
        if mode == "pieces":
            self.pieces(num)
            return
        self.correction(num)

    def pieces(self, num: str) -> None:
        """A number read in pieces across turns; each piece (turn-contiguous) is a span."""
        deco, self.decorate = self.decorate, False
        try:
            self._pieces(num)
        finally:
            self.decorate = deco

    def _pieces(self, num: str) -> None:
        cut = self.ch(((3, 4, 4), (3, 8), (7, 4), (3, 4, 4)))
        groups = _split(num, cut)
        style = self.ch(("spoken", "spoken", "digits", "mixed"))

        def render(g: str) -> str:
            if style == "digits" or (style == "mixed" and self.p(0.5)):
                return g
            return self.speak(g)

        self.a(
            (
                "您说，我记一下。前三位是？",
                "{f}您慢慢说，我这边记录。",
                "电话多少？您慢点说，我这边记一下。",
                "好的，您报一下号码，慢一点。",
            )
        )
        prev = render(groups[0])
        self.c(("{p}", "{f}{p}", "前面是{p}", "{p}，嗯"), p=(prev, PHONE))
        for g in groups[1:]:
            self.a(
                ("嗯，然后呢？", "{ok}，{echo}，后面呢？", "嗯，您继续。", "{ok}，然后？", "嗯嗯"),
                echo=(prev, PHONE),
            )
            if len(g) == 8 and self.p(0.5):
                prev = render(g[:4]) + self.ch(("，", " ", "，")) + render(g[4:])
            else:
                prev = render(g)
            self.c(("{p}", "{f}{p}", "{p}，对", "然后是{p}"), p=(prev, PHONE))
        if self.p(0.6):
            self.a(
                ("好的，我重复一遍，{ph}，对吗？", "{ph}，是这个号吧？", "跟您确认一下，{ph}。"),
                ph=self.phone_ent(num),
            )
            self.c(("对", "对对对", "是的", "没错", "嗯对"))

    def correction(self, num: str) -> None:
        """ASR self-correction: '幺三八，不对，幺三九…'."""
        self.a(("请问您的手机号是？", "留个联系电话吧。", "{f}您的联系电话是？"))
        kind = self.ch(("full", "prefix", "middle"))
        wrong = list(num)
        if kind == "full":
            i = self.rng.randrange(3, 11)
        elif kind == "prefix":
            i = 2
        else:
            i = self.rng.randrange(3, 7)
        options = [d for d in "0123456789" if d != num[i]]
        if kind == "prefix":
            options = [d for d in options if num[:2] + d in _MOBILE_PREFIXES]
            if not options:
                kind, i = "middle", self.rng.randrange(3, 7)
                options = [d for d in "0123456789" if d != num[i]]
        wrong[i] = self.ch(options)
        wrong_num = "".join(wrong)
        oops = self.ch(("不对", "不对不对", "哦不是", "说错了", "啊不对", "等一下，不对"))
        spoken = self.p(0.75)

        def r(s: str) -> str:
            return self.speak(s) if spoken else s

        if kind == "full":
            self.c(
                ("{w}，{oops}，是{n}", "{f}{w}……{oops}，{n}", "{w}，呃{oops}，应该是{n}"),
                w=(self.mobile_text(wrong_num, "spoken_grouped" if spoken else "plain"), PHONE),
                n=(self.mobile_text(num, "spoken_grouped" if spoken else "sep"), PHONE),
                oops=oops,
            )
        elif kind == "prefix":
            groups = _split(num, (3, 4, 4))
            sep = self.ch(("，", " "))
            self.c(
                ("{w}，{oops}，{n}", "{f}{w}，{oops}，{n}"),
                w=(r(wrong_num[:3]), PHONE),
                n=(sep.join(r(g) for g in groups), PHONE),
                oops=oops,
            )
        else:
            # wrong digit inside the second group: first piece = g1 + wrong g2
            g1, g2, g3 = _split(num, (3, 4, 4))
            w2 = wrong_num[3:7]
            self.c(
                ("{a}，{oops}，{b}", "{f}{a}……{oops}，{b}"),
                a=(f"{r(g1)}，{r(w2)}", PHONE),
                b=(f"{r(g2)}，{r(g3)}", PHONE),
                oops=oops,
            )
        if self.p(0.5):
            self.a(("好的，{ph}，对吧？", "嗯，那我记{ph}了啊。"), ph=self.phone_ent(num))
            self.c(("对", "对对", "是的，刚才说错了", "嗯，没错"))

    # ---- identity documents -----------------------------------------------------------
    def resident_id(self, legacy: bool = False) -> str:
        county = self.ch(_COUNTY_CODES)
        lo = _dt.date(1950, 1, 1).toordinal()
        hi = _dt.date(1984 if legacy else 2008, 12, 31).toordinal()
        birth = _dt.date.fromordinal(self.rng.randint(lo, hi))
        seq = f"{self.rng.randint(1, 999):03d}"
        if legacy:
            return county + birth.strftime("%y%m%d") + seq
        body = county + birth.strftime("%Y%m%d") + seq
        return body + _id_check(body)

    def id_text(self, idn: str) -> str:
        if len(idn) == 15:
            mode = self.ch(("plain", "plain", "spoken", "group"))
            if mode == "plain":
                return idn
            if mode == "group":
                return " ".join(_split(idn, (6, 6, 3)))
            return self.speak(idn)
        mode = self.wch(
            (
                ("plain", 32),
                ("lower", 6 if idn.endswith("X") else 0),
                ("group", 14),
                ("spoken", 28),
                ("spoken_group", 16),
                ("mixed", 6),
            )
        )
        if mode == "plain":
            return idn
        if mode == "lower":
            return idn.lower()
        groups = _split(idn, (6, 8, 4))
        if mode == "group":
            return self.ch((" ", " ", "-")).join(groups)
        sp = self.speak(idn, yao=0.5)
        if mode == "spoken":
            return sp
        sgroups = _split(sp, (6, 8, 4))
        if mode == "spoken_group":
            return self.ch(("，", " ", "，")).join(sgroups)
        return self.ch(("", " ")).join((groups[0], sgroups[1], groups[2]))

    def ask_id(self, idn: str, third: bool = False) -> None:
        whose = "被保险人的" if third else "您的"
        self.a(
            (
                "为了核实身份，麻烦报一下" + whose + "身份证号码，我这边和系统登记的信息比对一下。",
                "请提供一下" + whose + "证件号码，身份证就可以，十八位的。",
                "{f}" + whose + "身份证号是多少？我这边核对一下，核对通过才能继续办理。",
                "需要先验证一下身份，请您说一下" + whose + "身份证号，这是为了保护您的信息安全。",
                "身份证号码方便提供一下吗？只用于本次身份核验。",
            )
        )
        answers = [
            "{id}",
            "身份证号是{id}",
            "{f}我念啊，{id}",
            "{f}{id}，你核对一下",
            "号码是{id}",
        ]
        if len(idn) == 15:
            answers = ["我这个还是老身份证，十五位的，{id}", "老证件，{id}，一直没换"]
        elif idn.endswith("X"):
            answers.append("{id}，最后一位是叉")
        self.c(answers, id=(self.id_text(idn), RID))
        if self.p(0.25):
            self.a(
                ("{id}，对吗？", "好的，{id}，我复述一遍您听一下对不对。"),
                id=(self.id_text(idn), RID),
            )
            self.c(("对", "对的", "嗯没错", "是的"))
        elif self.p(0.2):
            self.a(
                (
                    "好的，身份证后四位{tail}，核实通过。",
                    "{ok}，后四位是{tail}对吧，已经核实了。",
                ),
                tail=idn[-4:],
            )
            self.c(("对", "嗯", "是的"))

    def passport(self) -> str:
        kind = self.ch(("E8", "E8", "EA", "G"))
        if kind == "E8":
            return "E" + self.digits(8, "123456789")
        if kind == "EA":
            return "E" + self.ch("ABCDEFGHJKLMNPQRSTUVWXYZ") + self.digits(7)
        return "G" + self.digits(8, "123456789")

    def passport_text(self, pp: str) -> str:
        mode = self.wch((("plain", 65), ("lower", 6), ("space", 12), ("spoken", 17)))
        if mode == "plain":
            return pp
        if mode == "lower":
            return pp[0].lower() + pp[1:]
        if mode == "space":
            head = 1 if pp[1].isdigit() else 2
            return pp[:head] + " " + " ".join(_split(pp[head:], (4, 4)))
        head = 1 if pp[1].isdigit() else 2
        return pp[:head] + self.speak(pp[head:])

    # ---- bank cards -------------------------------------------------------------------
    def card(self, issuers: tuple[tuple[str, int], ...]) -> str:
        prefix, length = self.ch(issuers)
        return _luhn_complete(prefix + self.digits(length - len(prefix) - 1))

    def card_text(self, num: str) -> str:
        mode = self.wch(
            (
                ("plain", 22),
                ("group", 30),
                ("dash", 4),
                ("spoken_group", 26),
                ("spoken", 10),
                ("full", 4),
                ("mixed", 4),
            )
        )
        groups = _split(num, [4] * 5)
        if mode == "plain":
            return num
        if mode == "group":
            return " ".join(groups)
        if mode == "dash":
            return "-".join(groups)
        if mode == "full":
            return " ".join(groups).translate(_FULLWIDTH)
        sp = self.speak(num, yao=0.55)
        if mode == "spoken":
            return sp
        sgroups = _split(sp, [4] * 5)
        if mode == "spoken_group":
            return self.ch((" ", "，", " ")).join(sgroups)
        return " ".join(
            g if i % 2 == 0 else s for i, (g, s) in enumerate(zip(groups, sgroups, strict=False))
        )

    # ---- e-mail -----------------------------------------------------------------------
    def email(self) -> tuple[str, str]:
        kind = self.wch((("pinyin", 50), ("qq", 15), ("en", 20), ("initials", 15)))
        sur, giv = self.ch(_PINYIN_SURNAMES), self.ch(_PINYIN_GIVEN)
        tail = self.ch(
            (
                "",
                "",
                str(self.rng.randint(1, 99)),
                str(self.rng.randint(1960, 2010)),
                "88",
                "666",
                "520",
                "123",
            )
        )
        if kind == "qq":
            return self.digits(self.rng.randint(6, 10), "123456789"), "qq.com"
        if kind == "pinyin":
            sep = self.ch(("", "", ".", "_"))
            local = sur + sep + giv if self.p(0.7) else giv + sep + sur
            local += tail if sep != "_" or not tail else "_" + tail
        elif kind == "en":
            local = (
                self.ch(_EN_NAMES) + self.ch(("", ".", "_", "")) + (sur if self.p(0.5) else tail)
            )
            local = local.rstrip("._") or "mail"
        else:
            local = sur[0] + giv[0] + (tail or str(self.rng.randint(100, 999)))
        return local, self.ch(_EMAIL_DOMAINS)

    def email_text(self, local: str, domain: str) -> str:
        mode = self.wch((("written", 55), ("fullwidth", 10), ("spoken", 35)))
        if mode == "written":
            return f"{local}@{domain}"
        if mode == "fullwidth":
            return f"{local}＠{domain}"
        sp = self.ch((" ", " ", ""))
        digits_spoken = self.p(0.4)

        def tokens(s: str) -> list[str]:
            out = []
            for tok in re.findall(r"[a-z]+|\d+|[._-]", s):
                if tok == ".":
                    out.append(self.ch(("点", "点", "dot")))
                elif tok == "_":
                    out.append("下划线")
                elif tok == "-":
                    out.append(self.ch(("横杠", "中划线")))
                elif tok.isdigit() and digits_spoken:
                    out.append(self.speak(tok, yao=0.3))
                else:
                    out.append(tok)
            return out

        at = self.ch(("艾特", "艾特", "at", "圈a")) if sp else "艾特"
        return sp.join([*tokens(local), at, *tokens(domain)])

    # ---- plates -----------------------------------------------------------------------
    def plate_text(self) -> str:
        prov = self.ch(_PLATE_PROVINCES)
        city = self.ch(_PLATE_LETTERS)
        if self.p(0.25):  # new-energy vehicle
            body = self.ch("DF") + self.digits(5) if self.p(0.8) else self.digits(5) + self.ch("DF")
        else:
            chars = [str(self.rng.randrange(10)) for _ in range(5)]
            for _ in range(self.ch((0, 0, 1, 1, 2))):
                chars[self.rng.randrange(5)] = self.ch(_PLATE_LETTERS)
            body = "".join(chars)
        mode = self.wch((("plain", 60), ("dot", 20), ("space", 10), ("spoken", 10)))
        if mode == "dot":
            return f"{prov}{city}·{body}"
        if mode == "space":
            return f"{prov}{city} {body}"
        if mode == "spoken":
            return prov + city + self.speak(body, yao=0.7)
        return prov + city + body

    # ---- addresses --------------------------------------------------------------------
    def num_cn(self, n: int) -> str:
        return _cn_number(n) if self.p(0.25) else str(n)

    def room(self) -> str:
        floor = self.rng.randint(1, 28)
        r = f"{floor}{self.rng.randint(1, 4):02d}"
        if self.p(0.15):
            return self.speak(r, yao=0.7)
        return r + self.ch(("", "", "室", "号"))

    def urban_address(self) -> tuple[str, str]:
        """Returns (head, tail); head + tail is the full written address."""
        prov, city, district, streets = self.ch(_URBAN)
        street = self.ch(streets)
        admin = self.wch(((prov + city + district, 40), (city + district, 35), (district, 25)))
        num = f"{self.rng.randint(1, 399)}号"
        detail_kind = self.ch(("community", "yard", "tower", "community"))
        b = self.num_cn(self.rng.randint(1, 32))
        u = self.num_cn(self.rng.randint(1, 6))
        if detail_kind == "community":
            comm = self.ch(_COMMUNITIES)
            unit = f"{u}单元" if self.p(0.6) else ""
            tail = f"{comm}{b}{self.ch(('栋', '幢', '号楼'))}{unit}{self.room()}"
            head = admin + street + (num if self.p(0.5) else "")
        elif detail_kind == "yard":
            head = admin + street + num.replace("号", "号院")
            tail = f"{b}号楼{u}单元{self.room()}"
        else:
            head = admin + street + num
            name = self.ch(("国贸", "华润", "中信", "万达", "金融", "时代", "创业"))
            floor = self.rng.randint(2, 36)
            room = f"{floor}{self.rng.randint(1, 30):02d}室"
            building = name + self.ch(_BUILDINGS)
            tail = f"{building}{floor}层{room}" if self.p(0.5) else building + room
        return head, tail

    def colloquial_address(self) -> str:
        _, _, district, streets = self.ch(_URBAN)
        street = self.ch(streets)
        comm = self.ch(_COMMUNITIES)
        b = self.num_cn(self.rng.randint(1, 30))
        return self.ch(
            (
                f"{street}那个{comm}{b}栋",
                f"{street}{comm}{b}幢{self.room()}",
                f"{district}{street}那边的{comm}，{b}号楼",
                f"{street}那个{comm}{b}栋{self.num_cn(self.rng.randint(1, 5))}单元{self.room()}",
                f"{comm}{b}幢{self.room()}，就{street}上",
            )
        )

    def rural_address(self) -> tuple[str, str]:
        prov, city, county, towns = self.ch(_RURAL)
        town = self.ch(towns)
        if self.p(0.6):
            village = self.ch(_SURNAMES[:30]) + self.ch(_VILLAGE_SUFFIX)
            if not village.endswith("村"):
                village += "村"
        else:
            village = self.ch(_VILLAGE_NAMES)
        group = self.ch(
            (
                _cn_number(self.rng.randint(1, 12)) + "组",
                f"{self.rng.randint(1, 12)}组",
                f"第{_cn_number(self.rng.randint(1, 9))}村民组",
            )
        )
        admin = self.wch(((prov + city + county, 55), (city + county, 25), (county, 20)))
        tail = village + group + (f"{self.rng.randint(1, 88)}号" if self.p(0.3) else "")
        return admin + town, tail

    def address_ent(self, allow_rural: bool = True) -> list:
        """One address mention in a single turn (one span)."""
        kind = self.wch((("urban", 55), ("colloquial", 20), ("rural", 25 if allow_rural else 0)))
        if kind == "colloquial":
            return [(self.colloquial_address(), ADDR)]
        head, tail = self.rural_address() if kind == "rural" else self.urban_address()
        return [(head + tail, ADDR)]

    def ask_address(self, purpose: str = "", allow_rural: bool = True) -> None:
        asks = (
            "请问{purpose}地址是哪里？麻烦说详细一点，省市区和门牌号都要。",
            "{f}麻烦说一下{purpose}详细地址，具体到门牌号，地址不全的话可能会耽误。",
            "{purpose}地址您说一下，我这边登记，小区名和楼栋号也说一下。",
            "好的，您的{purpose}地址是？",
        )
        self.a(asks, purpose=purpose)
        if self.p(0.3):  # continued in the next turn: two spans
            kind = "rural" if allow_rural and self.p(0.35) else "urban"
            head, tail = self.rural_address() if kind == "rural" else self.urban_address()
            self.c(("{h}", "{f}在{h}", "就是{h}", "{h}，就这儿"), h=(head, ADDR))
            self.a(("嗯，具体门牌呢？", "{ok}，然后呢？", "嗯，您继续说。", "具体是哪一栋？"))
            self.c(("{t}", "{f}{t}", "{t}，就这个", "是{t}"), t=(tail, ADDR))
        else:
            self.c(
                (
                    "{f}{addr}",
                    "地址是{addr}",
                    "在{addr}",
                    "{f}我住在{addr}",
                    "{addr}，{f}您记一下",
                    "{f}就写{addr}吧",
                ),
                addr=self.address_ent(allow_rural),
            )
        if self.p(0.3):
            self.a(("邮编知道吗？", "{ok}，邮编方便说一下吗？"))
            self.c(
                ("邮编{pc}", "{f}邮编是{pc}吧，我也记不太清", "不知道，你查一下吧"),
                pc=self.postcode(),
            )

    # ---- hard negatives ---------------------------------------------------------------
    def postcode(self) -> str:
        return self.ch(("1", "2", "3", "4", "5", "6", "7")) + self.digits(2) + "0" + self.digits(2)

    def date_str(self) -> str:
        y = self.ch(("2023", "2024", "2025"))
        m, d = self.rng.randint(1, 12), self.rng.randint(1, 28)
        return self.ch(
            (
                f"{y}年{m}月{d}日",
                f"{m}月{d}号",
                f"{m}月{d}日",
                "上周五",
                "昨天",
                "前天",
                f"{d}号",
                f"{y}-{m:02d}-{d:02d}",
                f"{_cn_number(m)}月{_cn_number(d)}号",
            )
        )

    def time_str(self, with_day: bool = True) -> str:
        h = self.rng.randint(8, 20)
        clock = self.ch(
            (
                "下午三点半",
                "上午十点",
                f"{h}:{self.ch(('00', '30', '15', '45'))}",
                "晚上八点左右",
                "上午九点到十二点",
                "下午两点到五点之间",
                "中午十二点以后",
                ("下午" if h > 12 else "上午") + _cn_number(h - 12 if h > 12 else h) + "点",
            )
        )
        if with_day and self.p(0.5):
            return self.ch(("明天", "今天", "后天", "周三", "这周六")) + clock
        return clock

    def amount(self, lo: int = 5, hi: int = 20000) -> str:
        values = [v for v in _AMOUNTS if lo <= v <= hi] or [lo]
        n = self.ch(values)
        return self.ch(
            (
                f"{n}元",
                f"{_cn_number(n, liang=True)}块",
                f"{n}块钱",
                f"¥{n:,}.00",
                f"{_cn_number(n)}元",
                f"{n}.00元",
            )
        )

    def vcode(self) -> str:
        code = self.digits(self.ch((6, 6, 4)))
        return self.speak(code, yao=0.5) if self.p(0.45) else code

    def staff_no(self) -> str:
        n = self.digits(self.ch((4, 4, 5, 6)), "123456789")
        return self.speak(n, yao=0.9) if self.p(0.3) else n

    def order_no(self) -> str:
        y = self.ch(("2023", "2024", "2025"))
        md = f"{self.rng.randint(1, 12):02d}{self.rng.randint(1, 28):02d}"
        return self.ch(
            (
                y + md + self.digits(8),
                "3" + self.digits(18),
                y + md + self.digits(11),
                "DD" + y + md + self.digits(6),
            )
        )

    def tracking_no(self) -> str:
        return self.ch(
            (
                "SF" + self.digits(13, "123456789"),
                "7730" + self.digits(11),
                "YT" + self.digits(13, "123456789"),
                "JDV" + self.digits(12),
                "E" + self.ch("ABCMLR") + self.digits(9) + "CN",
                "75" + self.digits(13),
                "4312" + self.digits(9),
            )
        )

    def policy_no(self) -> str:
        y = self.ch(("2022", "2023", "2024"))
        return self.ch(
            (
                "P" + self.digits(14),
                "PDAA" + y + self.digits(14),
                "8" + self.digits(17),
                "PDZA" + y + self.digits(12),
                "2" + self.digits(21),
            )
        )

    def claim_no(self) -> str:
        y = self.ch(("2023", "2024"))
        return self.ch(
            (
                "RDAA" + y + self.digits(14),
                y + self.digits(12),
                "BA" + self.digits(16),
                "9" + self.digits(17),
            )
        )

    def work_order(self) -> str:
        y = self.ch(("2023", "2024", "2025"))
        md = f"{self.rng.randint(1, 12):02d}{self.rng.randint(1, 28):02d}"
        return self.ch(
            (
                "GD" + y + md + self.digits(4),
                y + md + self.digits(6),
                f"{y}{md}-{self.digits(4)}",
                "WO" + self.digits(10),
                "ZX" + y + self.digits(7),
            )
        )

    def uscc(self) -> str:
        head = self.ch(("91", "91", "91", "92", "12", "52"))
        region = self.ch(_COUNTY_CODES)
        org = "".join(self.ch(_USCC_CHARS) for _ in range(8))
        org_sum = sum(
            (int(c) if c.isdigit() else ord(c) - 55) * w
            for c, w in zip(org, _ORG_WEIGHTS, strict=False)
        )
        c9 = 11 - org_sum % 11
        org += "X" if c9 == 10 else ("0" if c9 == 11 else str(c9))
        body = head + region + org
        total = sum(_USCC_CHARS.index(c) * w for c, w in zip(body, _USCC_WEIGHTS, strict=False))
        return body + _USCC_CHARS[(31 - total % 31) % 31]

    def city_small_talk(self) -> None:
        city, prov = self.ch(_CITIES), self.ch(_PROVINCES)
        self.c(
            (
                "{f}我这两天在" + city + "出差，信号可能不太好，你大点声",
                city + "这两天降温了，冻得不行，{f}我长话短说",
                "我下周要去" + city + "开会，能不能在那之前弄好？",
                "我老家是" + prov + "的，现在在" + city + "打工，{f}所以不方便过去办",
                "上个月刚从" + city + "回来，一直没顾上这个事",
                "我人在" + city + "，卡是在老家办的，能远程处理吗？",
            )
        )

    def word_small_talk(self) -> None:
        self.c(
            (
                "我女儿性格比较文静，不太爱说话，所以我替她打的",
                "你们这个办法倒是挺高明的，{f}就是太麻烦了",
                "能帮我解决我就很高兴了，{f}真的谢谢",
                "明白明白，好的，谢谢你啊",
                "那个海燕牌的热水器我家也有，{f}不过跟这个没关系",
                "可以可以，你们效率挺高，明天就能好吧？",
                "我爸平安到家了，{f}现在就剩这个事没办",
            )
        )

    # ---- common blocks ----------------------------------------------------------------
    def opening(self, org: str, agent: _Person) -> None:
        self.a(
            (
                "您好，{org}客服中心，工号{staff}，{aref}为您服务，请问有什么可以帮您？",
                "您好，这里是{org}，我是{aref}，很高兴为您服务，请问您需要办理什么业务？",
                "喂，您好，欢迎致电{org}，{f}请问有什么可以帮到您？",
                "您好，{org}，{aref}，工号{staff}，请讲。",
                "您好，感谢您耐心等待，{org}{aref}为您服务，请问您遇到了什么问题？",
                "您好，{org}热线，我是工号{staff}的{aref}，请问有什么需要？",
            ),
            org=org,
            staff=self.staff_no(),
            aref=self.agent_ref(agent),
        )
        self.decorate = True

    def ask_name(self, p: _Person, third: str = "") -> None:
        self.a(
            (
                "{f}请问您怎么称呼？",
                "请问您贵姓？我这边先登记一下。",
                "麻烦提供一下" + (third or "机主") + "姓名，需要和登记的信息一致。",
                "{f}" + (third or "您") + "的姓名是？",
                "先跟您核实一下，请问" + (third or "您") + "叫什么名字？",
                "办理之前需要核实一下身份，请问" + (third or "您") + "的全名是？",
            )
        )
        if third:
            self.c(
                ("{f}{rel}叫{n}", "{rel}的名字是{n}", "{rel}是{n}"), rel=third, n=(p.full, PERSON)
            )
        else:
            self.c(("{f}{i}", "{i}", "{i}，{f}你记一下", "哦，{i}"), i=self.intro(p))
        if self.p(0.25) and p.kind in ("han", "word") and not third:
            sp = self.spelled(p)
            if sp:
                self.a(("请问是哪个{s}？", "{ok}，{s}是哪个字？"), s=(p.surname, PERSON))
                self.c(("{sp}", "{f}{sp}", "{sp}的{s}"), sp=(sp, PERSON), s=(p.surname, PERSON))

    def closing(self, hotline: str, cust: _Person) -> None:
        summaries = _SUMMARIES.get(self.scene, ())
        if summaries and self.p(0.85):
            self.a(self.ch(summaries))
        self.decorate = False
        self.a(
            (
                "{h}，请问还有其他可以帮您的吗？",
                "{ok}，{h}，还有别的问题吗？",
                "请问还有什么需要帮您处理的吗？",
            ),
            h=self.hon(cust),
        )
        self.c(
            (
                "没有了，谢谢",
                "暂时没有了",
                "好的，就这些，辛苦你了",
                "没了没了，谢谢啊",
                "{f}没有了",
            )
        )
        self.a(
            (
                "感谢您的来电，如有疑问可以随时拨打{hot}，稍后可能会邀请您对本次服务进行评价，祝您生活愉快，再见！",
                "不客气，后续有问题您再打{hot}就行，感谢来电，再见。",
                "好的，那不打扰您了，稍后请对我的服务做出评价，满意请按1，谢谢，再见。",
                "感谢您的耐心，{f}祝您生活愉快，再见！",
            ),
            hot=hotline,
        )

    def hold(self) -> None:
        self.a(
            (
                "麻烦您稍等一下，我帮您查询。",
                "请稍等，我这边看一下系统。",
                "{f}您先别挂机，我查一下。",
            )
        )
        self.c(("好的", "嗯，你查", "行，我等着", "{f}好"))
        self.a(("感谢您的耐心等待。", "让您久等了。", "好的，查到了。"))

    def extras(self, cust: _Person, num: str, budget: int) -> None:
        """Optional padding blocks (each 1-3 turns) while there is room."""
        pool = ["faq", "city", "words", "hold", "vcode", "landline", "thirdparty", "wait", "faq"]
        pool.append("hotline")
        self.rng.shuffle(pool)
        pool.insert(0, "faq")
        faqs = self.faqs
        for name in pool:
            if len(self.turns) + 2 > budget:
                break
            if name == "faq" and faqs:
                q, ans = faqs.pop(self.rng.randrange(len(faqs)))
                self.c("{f}" + q)
                self.a("{f}" + ans)
                continue
            if self.p(0.45):
                continue
            if name == "city":
                self.city_small_talk()
                self.a(
                    ("理解理解，我尽快帮您处理。", "{ok}，不影响的，我们继续。", "好的，您放心。")
                )
            elif name == "words":
                self.word_small_talk()
                self.a(("哈哈，是的，{ok}。", "理解，那我们继续。", "不客气，这是我们应该做的。"))
            elif name == "hold":
                self.hold()
            elif name == "vcode":
                self.a(
                    (
                        "稍后系统会给您发一条验证码短信，收到后请告诉我。",
                        "{f}现在给您{ph}发了一个验证码，麻烦念一下。",
                    ),
                    ph=self.phone_ent(num),
                )
                self.c(("验证码是{v}", "{f}收到了，{v}", "{v}"), v=self.vcode())
            elif name == "landline":
                self.a(("有没有备用电话？", "{f}方便再留一个备用号码吗？"))
                self.c(
                    ("有，{ll}", "{f}家里座机{ll}", "备用的是{ph}，我爱人的"),
                    ll=self.landline_seg(),
                    ph=self.phone_ent(),
                )
            elif name == "thirdparty":
                other = self.person(kind="han")
                self.c(
                    (
                        "上次是你们的小{s}给我打的电话，说会有人跟进，结果也没消息",
                        "之前跟一个姓{s}的客服说过一遍了，{f}怎么又要重新说",
                        "我爱人{n}也打过电话，你们那边应该有记录",
                    ),
                    s=(other.surname, PERSON),
                    n=(other.full, PERSON),
                )
                self.a(
                    ("{ok}，抱歉给您带来不便，我这边帮您跟进。", "非常抱歉，这次我来帮您处理到底。")
                )
            elif name == "wait":
                self.c(
                    ("你们这个电话太难打了，我等了快{n}分钟", "{f}我刚才打了好几遍{hot}都没人接"),
                    n=_cn_number(self.rng.randint(5, 40)),
                    hot=self.ch(_GENERIC_HOTLINES),
                )
                self.a(("非常抱歉让您久等了，现在是业务高峰期。", "抱歉抱歉，今天来电比较多。"))
            elif name == "hotline":
                self.c(("你们有没有别的电话？这个老占线。", "{f}除了这个号，还有别的客服电话吗？"))
                self.a(
                    (
                        "您也可以拨打{hot}，或者关注官方公众号在线咨询，效果是一样的。",
                        "有的，{hot}也可以受理，工作日早上八点到晚上八点都有人工服务。",
                    ),
                    hot=self.ch(_SERVICE_NUMBERS),
                )

    # ==================================================================================
    # Scenarios
    # ==================================================================================
    def sc_bank(self, cust: _Person, agent: _Person) -> str:
        bank, hot, issuers = self.ch(_BANKS)
        lost = self.p(0.6)
        num = self.mobile()
        self.opening(bank + self.ch(("信用卡中心", "", "客服")), agent)
        credit = not lost or self.p(0.3)
        card = self.card(_CREDIT_ISSUERS if credit and self.p(0.5) else issuers)
        if lost:
            self.c(
                (
                    "{f}我的银行卡丢了，想挂失一下。",
                    "我卡找不到了，可能是{d}在地铁上弄丢的，赶紧帮我冻结一下。",
                    "你好，我钱包被偷了，里面有张你们的卡，要挂失。",
                    "{f}我那个储蓄卡不见了，{f}怕被人盗刷，能先帮我锁一下吗？",
                ),
                d=self.date_str(),
            )
            self.a(
                (
                    "{h}您别着急，我先帮您核实一下身份。",
                    "{ok}，我马上帮您处理，先核实一下身份信息。",
                ),
                h=self.hon(cust),
            )
        else:
            self.c(
                (
                    "我刚收到你们寄过来的信用卡，想激活一下。",
                    "{f}新卡到了，怎么激活啊？",
                    "你好，我想开通一下这张卡，顺便问问额度。",
                )
            )
            self.a(
                ("好的，激活之前需要核实一下持卡人身份。", "{ok}，我来帮您激活，先核实几个信息。")
            )
        self.ask_name(cust)
        self.ask_id(self.resident_id(legacy=self.p(0.06)))
        self.a(
            (
                "请问您要" + ("挂失" if lost else "激活") + "的卡号是多少？",
                "{f}麻烦报一下卡号。",
                "卡号您方便提供一下吗？",
            )
        )
        if lost and self.p(0.3):
            self.c(("卡号我记不全了，尾号是{t}", "{f}记不住，只记得最后四位{t}"), t=card[-4:])
            self.a(
                ("好的，查到您名下尾号{t}的借记卡，是这张吗？", "{ok}，尾号{t}这张对吧？"),
                t=card[-4:],
            )
            self.c(("对，就是这张", "对对对", "是的"))
        else:
            self.c(
                ("{cd}", "卡号是{cd}", "{f}我看一下啊，{cd}", "{cd}，{f}就这张"),
                cd=(self.card_text(card), CARD),
            )
            if self.p(0.3):
                self.a(
                    ("跟您核对一下卡号，{cd}，对吗？", "{cd}，是这张卡吧？"),
                    cd=(self.card_text(card), CARD),
                )
                self.c(("对", "对的", "是"))
        if lost:
            self.a(
                (
                    "已经为您办理了临时挂失，挂失期间该卡无法交易，最近一笔交易是{d}消费{amt}，是您本人吗？",
                    "{h}，这张卡已经冻结了，{d}有一笔{amt}的支出，是您自己用的吗？",
                ),
                d=self.date_str(),
                amt=self.amount(20, 5000),
                h=self.hon(cust),
            )
            self.c(("是我自己刷的", "{f}那笔是我的，没问题", "不是我，我那天没买东西啊！"))
            self.a(
                (
                    "需要帮您补办新卡并邮寄到家吗？补卡工本费{amt}。",
                    "可以给您补办新卡，邮寄的话要收{amt}工本费。",
                ),
                amt=self.amount(5, 25),
            )
            self.c(("要的，寄到家里吧", "{f}行，寄过来吧"))
            self.ask_address("邮寄")
            self.a(
                (
                    "新卡预计{n}个工作日寄到，快递员会联系您预留的手机号{ph}。",
                    "好的，补卡申请已提交，寄出后会短信通知到{ph}。",
                ),
                n=_cn_number(self.rng.randint(3, 7)),
                ph=self.phone_ent(num),
            )
            self.c(("好的", "嗯，那就这样", "行，谢谢"))
        else:
            self.ask_phone(num)
            self.a(
                (
                    "卡片已经激活成功，您的信用额度是{amt}，每月{d}号是账单日。",
                    "激活好了，额度{amt}，账单日每月{d}号，还款日是账单日后{n}天。",
                ),
                amt=self.amount(5000, 20000),
                d=self.rng.randint(1, 28),
                n=_cn_number(self.rng.randint(18, 25)),
            )
            self.c(("这么低啊，能提额吗？", "{ok}，那电子账单能发邮箱吗？", "行，知道了"))
            if self.p(0.7):
                local, domain = self.email()
                self.a(("可以的，请问您的邮箱地址是？", "{f}电子账单发到哪个邮箱？"))
                self.c(
                    ("{em}", "邮箱是{em}", "{f}发到{em}吧", "{em}，全是小写"),
                    em=(self.email_text(local, domain), EMAIL),
                )
                if self.p(0.3):
                    self.a(
                        ("我重复一下，{em}，对吗？",), em=(self.email_text(local, domain), EMAIL)
                    )
                    self.c(("对", "对的"))
        self.extras(cust, num, self.budget)
        self.closing(hot, cust)
        return "bank"

    def sc_telecom(self, cust: _Person, agent: _Person) -> str:
        org, hot = self.ch((("中国移动", "10086"), ("中国联通", "10010"), ("中国电信", "10000")))
        num = self.mobile()
        self.opening(org, agent)
        self.c(
            (
                "{f}我想换个套餐，现在这个{amt}一个月的太贵了。",
                "你好，我这个月流量又超了，扣了我{amt}，想改个流量多点的套餐。",
                "我要办宽带，顺便把手机套餐也改一下。",
                "{f}我想问问有没有便宜点的套餐，我家老人用，只打电话。",
            ),
            amt=self.amount(39, 399),
        )
        self.a(("好的，请问您要办理业务的号码是？", "{ok}，麻烦提供一下需要变更的手机号码。"))
        self.c(("{ph}", "就是我现在打的这个，{ph}", "{f}{ph}"), ph=self.phone_ent(num))
        self.ask_name(cust, third="" if self.p(0.8) else "机主")
        self.ask_id(self.resident_id(legacy=self.p(0.05)))
        self.a(
            (
                "核实通过。目前有{a1}的套餐，包含{g}G流量和{m}分钟通话，还有{a2}的，流量{g2}G。",
                "{h}，给您推荐{a1}这档，流量{g}G，通话{m}分钟，下月{d}号生效。",
            ),
            a1=self.amount(39, 99),
            a2=self.amount(128, 399),
            g=self.rng.randint(10, 60),
            g2=self.rng.randint(60, 200),
            m=self.rng.randint(100, 1000),
            d=_cn_number(1),
            h=self.hon(cust),
        )
        self.c(("那就换第一个吧", "{f}这个可以，怎么办？", "有没有合约？要是不用签合约就办了"))
        if self.p(0.5):
            self.a(("宽带的安装地址是哪里？", "{ok}，宽带需要上门安装，请说一下装机地址。"))
            self.c(("{f}{addr}", "装在{addr}"), addr=self.address_ent(allow_rural=False))
            self.a(
                (
                    "好的，装维师傅会在{t}联系您上门。",
                    "已经预约了，{t}师傅上门，上门前会先打电话。",
                ),
                t=self.time_str(),
            )
        self.a(
            (
                "已为您预约办理，稍后会发送一条验证码到{ph}，请告诉我。",
                "现在给您号码发一个验证码，收到请念给我。",
            ),
            ph=self.phone_ent(num),
        )
        self.c(("验证码是{v}", "收到了，{v}", "{f}{v}"), v=self.vcode())
        if self.p(0.5):
            local, domain = self.email()
            self.a(("需要开电子发票吗？可以发到您的邮箱。", "发票要吗？我们可以发到邮箱。"))
            self.c(
                ("要，{em}", "发到{em}吧", "{f}邮箱是{em}"),
                em=(self.email_text(local, domain), EMAIL),
            )
        self.extras(cust, num, self.budget)
        self.closing(hot, cust)
        return "telecom"

    def sc_insurance(self, cust: _Person, agent: _Person) -> str:
        org, hot = self.ch(
            (
                ("平安保险", "95511"),
                ("中国人保", "95518"),
                ("太平洋保险", "95500"),
                ("中国人寿", "95519"),
                ("泰康保险", "95522"),
            )
        )
        num = self.mobile()
        rel = self.ch(("我爸", "我妈", "我爱人", "", "我老公", "我儿子"))
        insured = cust if not rel else self.person(male=rel in ("我爸", "我老公", "我儿子"))
        self.opening(org, agent)
        doctor = self.person(kind="han")
        self.c(
            (
                "{f}" + (rel or "我") + "前几天住院了，想问一下理赔怎么报。",
                (rel or "我") + "{d}做了个手术，花了{amt}，{f}这个能报多少？",
                "你好，我要报案，" + (rel or "我") + "在医院，{dr}主任说要住两个礼拜。",
            ),
            d=self.date_str(),
            amt=self.amount(1200, 20000),
            dr=(doctor.surname, PERSON),
        )
        self.a(("好的，请问被保险人的姓名是？", "{ok}，先提供一下被保险人的姓名。"))
        if rel:
            self.c(
                ("{rel}叫{n}", "{f}{n}", "被保险人是{rel}，{n}"), rel=rel, n=(insured.full, PERSON)
            )
            self.a(("请问您和被保险人是什么关系？您怎么称呼？", "那您怎么称呼？"))
            self.c(
                ("{f}{i}，我是" + ("他" if insured.male else "她") + "家属", "{i}"),
                i=self.intro(cust),
            )
        else:
            self.c(("{i}", "{f}{i}，就是我自己"), i=self.intro(cust))
        self.a(("保单号码是多少？", "{f}麻烦提供一下保单号。"))
        self.c(("保单号是{pol}", "{f}{pol}", "我看一下合同啊……{pol}"), pol=self.policy_no())
        self.ask_id(self.resident_id(legacy=self.p(0.1)), third=bool(rel))
        self.a(
            (
                "已经给您报案了，报案号是{cl}，请记录一下。{f}住院发票和出院小结要保留好。",
                "报案成功，报案号{cl}，后续材料可以在APP上传，也可以邮寄到我们分公司。",
            ),
            cl=self.claim_no(),
        )
        self.c(("好的，记下了", "{f}那钱打到哪里？", "大概多久能到账？"))
        bank_name, _, issuers = self.ch(_BANKS)
        card = self.card(issuers)
        self.a(
            (
                "理赔款会打到被保险人本人名下的银行卡，请提供一下卡号。",
                "赔款需要一张银行卡，卡号是？",
            )
        )
        self.c(
            ("{cd}", "{f}卡号{cd}", "用这张吧，{cd}，{bank}的"),
            cd=(self.card_text(card), CARD),
            bank=bank_name,
        )
        self.ask_phone(num)
        if self.p(0.5):
            local, domain = self.email()
            self.a(("理赔结果需要发邮件通知吗？",))
            self.c(("要，发到{em}", "{f}邮箱是{em}"), em=(self.email_text(local, domain), EMAIL))
        self.a(
            (
                "材料齐全的话一般{n}个工作日审核完成，自付部分{amt}按条款赔付。",
                "预计{d}前会有审核结果，到时候会电话通知您。",
            ),
            n=_cn_number(self.rng.randint(3, 10)),
            amt=self.amount(650, 15600),
            d=self.date_str(),
        )
        self.extras(cust, num, self.budget)
        self.closing(hot, cust)
        return "insurance"

    def sc_ecommerce(self, cust: _Person, agent: _Person) -> str:
        org, hot = self.ch(
            (
                ("京东客服", "950618"),
                ("淘宝官方客服", "9510211"),
                ("唯品会", "400-6789-888"),
                ("苏宁易购", "4008-365-365"),
            )
        )
        num = self.mobile()
        item = self.ch(("空气炸锅", "羽绒服", "扫地机器人", "手机壳", "奶粉", "电动牙刷", "洗衣机"))
        refund = self.p(0.5)
        self.opening(org, agent)
        if refund:
            self.c(
                ("我{d}买的{it}有质量问题，想退货退款。", "{f}我买的{it}收到就是坏的，要退货。"),
                d=self.date_str(),
                it=item,
            )
        else:
            self.c(
                (
                    "我{d}买的{it}到现在还没到，怎么回事？",
                    "{f}我的快递好几天没动了，{it}，帮我查一下。",
                ),
                d=self.date_str(),
                it=item,
            )
        self.a(("请提供一下订单号。", "{f}麻烦告诉我订单编号。", "好的，订单号是多少？"))
        self.c(("订单号是{o}", "{f}{o}", "我看一下……{o}"), o=self.order_no())
        if self.p(0.4):
            self.hold()
        head, tail = self.urban_address()
        self.a(
            (
                "查到了，收货人{n}，手机{ph}，地址是{addr}，对吗？",
                "这个订单收货人是{n}，地址{addr}，{f}是您本人吗？",
            ),
            n=(cust.full, PERSON),
            ph=self.phone_ent(num),
            addr=(head + tail, ADDR),
        )
        if self.p(0.5):
            self.c(("{f}对，是我", "对对对", "是我，没错"))
        else:
            self.c(("地址不对，我搬家了，要改一下。", "{f}地址要改，我现在不住那儿了。"))
            self.ask_address("新的收货", allow_rural=False)
        if refund:
            self.a(
                (
                    "已经给您提交了退货申请，快递员会上门取件，退款{amt}会在{n}个工作日内原路退回。",
                    "{h}，退货已受理，退款{amt}审核通过后原路返回，工单号{wo}。",
                ),
                amt=self.amount(39, 5000),
                n=_cn_number(self.rng.randint(1, 7)),
                wo=self.work_order(),
                h=self.hon(cust),
            )
            self.c(("好的，那快递员什么时候来？", "{f}退款能快点吗？"))
            self.a(
                ("预计{t}上门，运单号是{tr}。", "取件时间是{t}，运单号{tr}，您可以随时查询。"),
                t=self.time_str(),
                tr=self.tracking_no(),
            )
        else:
            self.a(
                (
                    "您的包裹运单号是{tr}，目前在{city}转运中心，预计{t}送达。",
                    "物流显示运单号{tr}，{d}已经到{city}了，{f}今天应该能派送。",
                ),
                tr=self.tracking_no(),
                city=self.ch(_CITIES),
                t=self.time_str(),
                d=self.date_str(),
            )
            self.c(("那快递员电话多少？我自己去拿。", "{f}好吧，再等等"))
            if self.p(0.5):
                courier = self.person(male=True, kind="han")
                self.a(
                    ("派送员是{n}，电话{ph}，您可以直接联系。", "快递小哥姓{s}，电话{ph}。"),
                    n=(courier.full, PERSON),
                    s=(courier.surname, PERSON),
                    ph=self.phone_ent(),
                )
        if self.p(0.45):
            self.c(("对了，我要开发票，公司抬头的。", "{f}能开专票吗？我们公司报销要用。"))
            self.a(("可以，请提供一下公司名称和税号。",))
            self.c(("税号是{u}，{f}抬头就写公司全称", "统一社会信用代码{u}"), u=self.uscc())
            local, domain = self.email()
            self.a(("电子发票发到哪个邮箱？",))
            self.c(("{em}", "发{em}", "{f}我邮箱{em}"), em=(self.email_text(local, domain), EMAIL))
        else:
            self.ask_phone(num, landline_ok=False)
        self.extras(cust, num, self.budget)
        self.closing(hot, cust)
        return "ecommerce"

    def sc_courier(self, cust: _Person, agent: _Person) -> str:
        org, hot = self.ch(
            (
                ("顺丰速运", "95338"),
                ("中通快递", "95311"),
                ("圆通速递", "95554"),
                ("京东物流", "950616"),
                ("韵达快递", "95546"),
                ("EMS", "11183"),
            )
        )
        num = self.mobile()
        self.opening(org, agent)
        self.c(
            (
                "{f}我要寄个快递，能上门取件吗？",
                "你好，我有一箱东西要寄到{city}，能派人来拿吗？",
                "{f}我想预约个上门取件，大概{w}公斤。",
            ),
            city=self.ch(_CITIES),
            w=_cn_number(self.rng.randint(2, 30)),
        )
        self.a(("可以的，请问寄件地址是哪里？", "{ok}，取件地址说一下。"))
        if self.p(0.3):
            head, tail = self.urban_address()
            self.c(("{f}{h}", "在{h}"), h=(head, ADDR))
            self.a(("嗯，具体到哪一栋？", "{ok}，几栋几号？"))
            self.c(("{t}", "{f}{t}"), t=(tail, ADDR))
        else:
            self.c(("{addr}", "{f}{addr}，到了打电话", "地址是{addr}"), addr=self.address_ent())
        self.a(("寄件人怎么称呼？", "{ok}，寄件人姓名？"))
        self.c(("{i}", "{f}{i}"), i=self.intro(cust))
        self.ask_phone(num)
        rec = self.person()
        self.a(("收件人信息呢？", "请说一下收件人姓名、电话和地址。"))
        self.c(
            ("收件人{n}，电话{ph}，地址{addr}", "{f}寄给{n}，{addr}，电话是{ph}"),
            n=(rec.full, PERSON),
            ph=self.phone_ent(),
            addr=self.address_ent(),
        )
        self.a(
            (
                "好的，运费预估{amt}，快递员预计{t}上门。",
                "已下单，运单号{tr}，首重{amt}，预计{t}取件。",
            ),
            amt=self.amount(8, 50),
            t=self.time_str(),
            tr=self.tracking_no(),
        )
        cour = self.person(male=True, kind="han")
        self.c(("好的，来之前打个电话", "{f}能早点吗？我下午要出门"))
        self.a(
            ("快递员小{s}会先给您打电话，工号{st}。", "负责您那片的是{s}师傅，上门前会联系您。"),
            s=(cour.surname, PERSON),
            st=self.staff_no(),
        )
        self.extras(cust, num, self.budget)
        self.closing(hot, cust)
        return "courier"

    def sc_utility(self, cust: _Person, agent: _Person) -> str:
        org, hot, issue = self.ch(
            (
                ("国家电网", "95598", "家里突然停电了，邻居家都有电"),
                ("燃气公司", "96777", "厨房燃气有股味道，{f}是不是漏气了"),
                ("自来水公司", "96116", "家里水管爆了，{f}水流得到处都是"),
                ("物业服务中心", "96345", "卫生间漏水，楼下邻居找上门了"),
            )
        )
        num = self.mobile()
        self.opening(org, agent)
        self.c(("{f}你好，我要报修，" + issue + "。", issue + "，{f}能派人来看看吗？"))
        self.a(("{ok}，请问您的具体地址是？", "请问是哪个地址？"))
        if self.p(0.35):
            head, tail = self.rural_address() if self.p(0.5) else self.urban_address()
            self.c(("{f}{h}", "在{h}"), h=(head, ADDR))
            self.a(("嗯，具体门牌呢？", "{ok}，然后呢？"))
            self.c(("{t}", "{f}{t}"), t=(tail, ADDR))
        else:
            self.c(("{addr}", "{f}{addr}", "我家在{addr}"), addr=self.address_ent())
        self.ask_name(cust)
        self.ask_phone(num)
        self.a(
            (
                "已为您生成报修工单，工单号{wo}，师傅预计{t}上门。",
                "{h}，报修已登记，工单号是{wo}，维修师傅会在{t}上门。",
            ),
            wo=self.work_order(),
            t=self.time_str(),
            h=self.hon(cust),
        )
        self.c(("上门要收费吗？", "{f}好的，尽快啊", "我白天不在家，能晚上来吗？"))
        tech = self.person(male=True, kind="han")
        self.a(
            (
                "上门检测免费，换零件的话按实际收，一般{amt}左右。上门的是{s}师傅，工号{st}。",
                "师傅姓{s}，工号{st}，到了会先打您电话{ph}。",
            ),
            amt=self.amount(20, 399),
            s=(tech.surname, PERSON),
            st=self.staff_no(),
            ph=self.phone_ent(num),
        )
        self.extras(cust, num, self.budget)
        self.closing(hot, cust)
        return "utility"

    def sc_hospital(self, cust: _Person, agent: _Person) -> str:
        org = self.ch(
            ("市第一人民医院预约挂号中心", "省人民医院", "12320卫生热线", "114预约挂号平台")
        )
        hot = self.ch(("12320", "114"))
        num = self.mobile()
        dept = self.ch(("心内科", "骨科", "消化内科", "眼科", "儿科", "皮肤科", "内分泌科"))
        doc = self.person(kind="han")
        patient = cust if self.p(0.5) else self.person()
        third = "" if patient is cust else self.ch(("我妈", "我爸", "我孩子", "我爱人"))
        self.opening(org, agent)
        self.c(
            (
                "{f}我想挂一个"
                + dept
                + "的专家号，{s}主任的"
                + ("，给" + third + "看。" if third else "。"),
                "你好，我想给" + (third or "自己") + "预约" + dept + "，{f}最近哪天有号？",
                "我想问一下"
                + dept
                + "{s}医生哪天出诊？"
                + ("我" + third + "想去看看。" if third else ""),
            ),
            s=(doc.surname, PERSON),
        )
        self.a(("请问就诊人的姓名？", "{ok}，就诊人叫什么名字？"))
        if third:
            self.c(("{rel}叫{n}", "{f}{n}，是我{rel}"), rel=third, n=(patient.full, PERSON))
        else:
            self.c(("{i}", "{f}{i}，就是我本人"), i=self.intro(patient))
        self.ask_id(self.resident_id(legacy=bool(third) and self.p(0.2)))
        self.ask_phone(num)
        self.a(
            (
                "{dr}主任{d}{t}有号，挂号费{amt}，需要给您约上吗？",
                "可以约{d}{t}的号，挂号费{amt}，请提前半小时到门诊取号。",
            ),
            dr=(doc.surname, PERSON),
            d=self.date_str(),
            t=self.time_str(False),
            amt=self.amount(5, 99),
        )
        self.c(("行，约上吧", "{f}好的，那就这个时间", "能不能早一点？"))
        self.a(
            (
                "已经预约成功，就诊时请携带身份证和医保卡，短信会发到您手机上。",
                "预约好了，取号码是{n}号，{f}请按时就诊。",
            ),
            n=self.rng.randint(1, 60),
        )
        self.extras(cust, num, self.budget)
        self.closing(hot, cust)
        return "hospital"

    def sc_gov(self, cust: _Person, agent: _Person) -> str:
        num = self.mobile()
        self.opening(self.ch(("12345政务服务便民热线", "12345市民热线", "市长热线")), agent)
        parking = self.p(0.35)
        if parking:
            self.c(
                (
                    "我要反映一下，我们小区门口天天有车乱停，把消防通道都堵了。",
                    "{f}我们楼下有辆车停了一个多月了，没人管，是僵尸车。",
                )
            )
        else:
            self.c(
                (
                    "我要投诉，我们小区旁边的工地天天晚上施工，吵得睡不着。",
                    "{f}我们楼下新开了个烧烤店，油烟特别大，投诉好几次了。",
                )
            )
        self.a(("请问具体是哪个位置？", "{ok}，麻烦说一下具体地址。"))
        if self.p(0.3):
            head, tail = self.urban_address()
            self.c(("{f}{h}", "{h}"), h=(head, ADDR))
            self.a(("嗯，哪一栋？", "具体到哪栋楼？"))
            self.c(("{t}", "{f}{t}，我家就在这"), t=(tail, ADDR))
        else:
            self.c(("{addr}", "{f}在{addr}", "就在{addr}，我家楼下"), addr=self.address_ent())
        if parking:
            self.a(("车牌号码看到了吗？", "{ok}，那辆车的车牌号是多少？"))
            self.c(("{pl}", "车牌是{pl}", "{f}{pl}，白色的"), pl=(self.plate_text(), PLATE))
        else:
            self.a(("知道是哪家单位吗？", "施工单位名称知道吗？"))
            self.c(
                ("围挡上写着公司名字，统一社会信用代码{u}", "{f}不知道叫啥，门口牌子上有个代码{u}"),
                u=self.uscc(),
            )
        self.a(("请问您贵姓？需要匿名吗？", "{ok}，您的姓名和联系方式需要保密吗？"))
        self.c(
            ("我姓{s}，不用匿名", "{i}，{f}要保密", "{f}{i}"),
            s=(cust.surname, PERSON),
            i=self.intro(cust),
        )
        self.ask_phone(num)
        self.a(
            (
                "已经给您登记了，工单号{wo}，会在{n}个工作日内转交相关部门处理。",
                "好的{h}，诉求已记录，编号{wo}，处理结果会短信通知您。",
            ),
            wo=self.work_order(),
            n=_cn_number(self.rng.randint(3, 15)),
            h=self.hon(cust),
        )
        self.c(
            (
                "上次打12345也是这个事，到现在都没解决。",
                "{f}好的，希望这次能管用",
                "谢谢，麻烦你们了",
            )
        )
        self.extras(cust, num, self.budget)
        self.closing("12345", cust)
        return "gov"

    def sc_car(self, cust: _Person, agent: _Person) -> str:
        org, hot = self.ch(
            (
                ("平安车险", "95511"),
                ("人保财险", "95518"),
                ("太平洋车险", "95500"),
                ("大地保险", "95590"),
            )
        )
        num = self.mobile()
        self.opening(org, agent)
        self.c(
            (
                "{f}我刚才出了个小事故，追尾了，想报案。",
                "你好，我车被剐了，要报案。",
                "{f}我倒车的时候撞到别人车了，怎么处理？",
            )
        )
        self.a(("先确认一下，人员有没有受伤？", "请问现场有人受伤吗？"))
        self.c(("没有，人都没事", "{f}人没事，就是车头瘪了"))
        self.a(("好的，请问出险车辆的车牌号是多少？", "车牌号码是？"))
        self.c(("{pl}", "{f}车牌{pl}", "是{pl}"), pl=(self.plate_text(), PLATE))
        self.ask_name(cust, third="" if self.p(0.8) else "被保险人")
        self.a(("事故地点在哪里？", "{ok}，具体出险地点是？"))
        if self.p(0.7):
            head, tail = self.urban_address()
            self.c(("在{h}附近", "{f}{h}门口", "就在{h}"), h=(head, ADDR))
        else:
            self.c(("{f}{addr}", "在{addr}，楼下停车场"), addr=self.address_ent(allow_rural=False))
        if self.p(0.6):
            self.a(("对方车牌号知道吗？", "对方车辆信息有吗？"))
            self.c(("对方是{pl}", "{f}{pl}，一辆白色的车"), pl=(self.plate_text(), PLATE))
        self.ask_phone(num)
        sv = self.person(male=True, kind="han")
        self.a(
            (
                "已经为您报案，报案号{cl}，查勘员{s}师傅会在{n}分钟内联系您。",
                "报案成功，报案号是{cl}，保单号{pol}，稍后查勘员会联系您。",
            ),
            cl=self.claim_no(),
            s=(sv.surname, PERSON),
            n=_cn_number(self.rng.randint(10, 40)),
            pol=self.policy_no(),
        )
        self.c(("好的，那我车先挪到边上吧？", "{f}行，我在这等着"))
        self.a(("可以的，先拍照留证，{f}注意安全。", "先拍好现场照片再挪车，注意安全。"))
        if self.p(0.4):
            self.c(("对方司机电话是{ph}，{f}要给你们吗？",), ph=self.phone_ent())
            self.a(("好的，我记录一下。",))
        self.extras(cust, num, self.budget)
        self.closing(hot, cust)
        return "car"

    def sc_passport(self, cust: _Person, agent: _Person) -> str:
        num = self.mobile()
        self.opening(self.ch(("出入境管理局", "12367移民管理服务热线", "出入境服务中心")), agent)
        self.c(
            (
                "{f}我想问一下我的护照办好了没有。",
                "你好，我下个月要去{city}转机出国，护照快过期了，怎么换？",
                "{f}我要去日本，签证需要什么材料？",
            ),
            city=self.ch(_CITIES),
        )
        self.a(("请提供一下申请人的姓名。", "{ok}，请问申请人叫什么名字？"))
        self.c(("{i}", "{f}{i}"), i=self.intro(cust))
        self.a(("护照号码是多少？", "请报一下您的护照号。", "{f}旧护照的号码方便提供吗？"))
        pp = self.passport()
        self.c(("{pp}", "护照号{pp}", "{f}我看一下……{pp}"), pp=(self.passport_text(pp), PASSPORT))
        if self.p(0.3):
            self.a(("{pp}，对吗？",), pp=(self.passport_text(pp), PASSPORT))
            self.c(("对", "对的"))
        self.ask_id(self.resident_id())
        self.a(
            (
                "查到了，受理编号{no}，证件已经制作完成，可以选择邮寄或者自取。",
                "您的申请{d}受理，目前在审批中，预计{n}个工作日办好。",
            ),
            no="SL" + self.digits(12),
            d=self.date_str(),
            n=_cn_number(self.rng.randint(5, 20)),
        )
        self.c(("邮寄吧", "{f}能寄到家吗？", "寄过来吧，我没空去"))
        self.ask_address("邮寄")
        if self.p(0.7):
            local, domain = self.email()
            self.a(("办理进度会通过邮件通知，请留一下邮箱。", "{ok}，邮箱地址也留一个吧。"))
            self.c(
                ("{em}", "{f}邮箱{em}", "我邮箱是{em}"), em=(self.email_text(local, domain), EMAIL)
            )
        else:
            self.ask_phone(num)
        self.extras(cust, num, self.budget)
        self.closing("12367", cust)
        return "passport"

    SCENARIOS = (
        "sc_bank", "sc_telecom", "sc_insurance", "sc_ecommerce", "sc_courier",
        "sc_utility", "sc_hospital", "sc_gov", "sc_car", "sc_passport",
    )  # fmt: skip

    def dialogue(self) -> list[tuple[str, list]]:
        for _ in range(20):
            self.turns, self.used, self.decorate, self.told = [], [], False, False
            self.tails_left = self.rng.randint(5, 9)
            name = self.ch(self.SCENARIOS)
            self.scene = name[3:]
            self.faqs = list(_FAQ.get(self.scene, ()))
            self.budget = self.rng.randint(17, MAX_TURNS - 3)
            cust = self.cust = self.person()
            agent = self.person(kind=self.ch(("han", "han", "han", "word")))
            getattr(self, name)(cust, agent)
            if MIN_TURNS <= len(self.turns) <= MAX_TURNS:
                return self.turns
        raise RuntimeError("could not build a dialogue within the turn limits")  # pragma: no cover


def _compile(turns: list[tuple[str, list]]) -> tuple[str, tuple[Span, ...], tuple[str, ...]]:
    texts: list[str] = []
    spans: list[Span] = []
    pos = 0
    for i, (speaker, segs) in enumerate(turns):
        if i:
            pos += 1  # "\n"
        buf = [speaker, "："]
        pos += len(speaker) + 1
        for seg in segs:
            if isinstance(seg, tuple):
                text, label = seg
                if spans and spans[-1].end == pos and spans[-1].label == label:
                    raise RuntimeError("adjacent spans with the same label")  # pragma: no cover
                spans.append(Span(pos, pos + len(text), label))
            else:
                text = seg
            buf.append(text)
            pos += len(text)
        texts.append("".join(buf))
    return "\n".join(texts), tuple(spans), tuple(texts)


def generate(n: int, seed: int = 2026) -> list[Dialogue]:
    """Generate ``n`` labelled dialogues; identical output for identical ``(n, seed)``."""
    if n < 0:
        raise ValueError("n must be >= 0")
    master = random.Random(int(seed))
    out: list[Dialogue] = []
    for i in range(n):
        gen = _Gen(random.Random(master.getrandbits(64)))
        text, spans, turns = _compile(gen.dialogue())
        out.append(Dialogue(id=f"cc-{seed}-{i:06d}", text=text, spans=spans, turns=turns))
    return out


def _record(d: Dialogue) -> dict:
    return {
        "id": d.id,
        "text": d.text,
        "spans": [
            {"start": s.start, "end": s.end, "label": s.label, "text": d.text[s.start : s.end]}
            for s in d.spans
        ],
    }


def _dump(dialogues: Iterable[Dialogue], fh: IO[str]) -> None:
    for d in dialogues:
        fh.write(json.dumps(_record(d), ensure_ascii=False))
        fh.write("\n")


def write_jsonl(dialogues: Iterable[Dialogue], path: str | Path) -> None:
    """Write one JSON object per line: {"id", "text", "spans": [{start, end, label, text}]}."""
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        _dump(dialogues, fh)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Generate labelled synthetic call-center dialogues.")
    ap.add_argument("--n", type=int, default=100, help="number of dialogues (default 100)")
    ap.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    ap.add_argument("-o", "--output", default="-", help="output .jsonl path (default stdout)")
    args = ap.parse_args(argv)
    dialogues = generate(args.n, args.seed)
    if args.output == "-":
        out = sys.stdout
        if hasattr(out, "reconfigure"):
            out.reconfigure(encoding="utf-8", newline="\n")
        try:
            _dump(dialogues, out)
            out.flush()
        except BrokenPipeError:  # e.g. piped into `head`
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0
    else:
        write_jsonl(dialogues, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
