"""CN_ADDRESS: street-level addresses in call-center text, and what is not one.

Every sentence here was written for this test file (none comes from a corpus).  Each
positive names the exact span text expected; negatives must give no span at all.
"""

from __future__ import annotations

import time

import pytest
from piiguard_recognizers.address import ChineseAddressRecognizer, division_prefix_length

ADDRESS = "CN_ADDRESS"


@pytest.fixture(scope="module")
def recognizer() -> ChineseAddressRecognizer:
    return ChineseAddressRecognizer()


def found(recognizer: ChineseAddressRecognizer, text: str) -> list[str]:
    spans = recognizer.find(text)
    for start, end, score in spans:
        assert 0 <= start < end <= len(text)
        assert 0.5 <= score <= 1.0
    return [text[start:end] for start, end, _ in spans]


# -- positives -----------------------------------------------------------------------------

POSITIVES: list[tuple[str, list[str]]] = [
    # written, full
    (
        "客户：我家住在北京市朝阳区望京西路阜通小区5栋2单元1201。",
        ["北京市朝阳区望京西路阜通小区5栋2单元1201"],
    ),
    (
        "客户：地址是广州市天河区体育西路103号维多利广场B座2808室",
        ["广州市天河区体育西路103号维多利广场B座2808室"],
    ),
    (
        "客户：寄到杭州市西湖区文三路478号华星时代广场A座15楼，谢谢",
        ["杭州市西湖区文三路478号华星时代广场A座15楼"],
    ),
    (
        "坐席：请问您的详细地址？\n客户：上海市浦东新区张杨路1230弄12号601室",
        ["上海市浦东新区张杨路1230弄12号601室"],
    ),
    ("客户：我在成都市武侯区人民南路四段27号", ["成都市武侯区人民南路四段27号"]),
    (
        "客户：家住湖南省长沙市岳麓区麓谷街道枫林三路88号",
        ["湖南省长沙市岳麓区麓谷街道枫林三路88号"],
    ),
    ("客户：收货地址改成南京市鼓楼区中山北路200号吧", ["南京市鼓楼区中山北路200号"]),
    ("客户：昆明市五华区护国街道东风西路11号", ["昆明市五华区护国街道东风西路11号"]),
    ("客户：麻烦寄到重庆市渝中区民族路188号", ["重庆市渝中区民族路188号"]),
    ("客户：北京海淀中关村大街27号", ["北京海淀中关村大街27号"]),
    ("客户：天津市河西区友谊路35号，到了打电话", ["天津市河西区友谊路35号"]),
    ("客户：青岛市市南区香港中路8号", ["青岛市市南区香港中路8号"]),
    ("客户：哈尔滨市南岗区西大直街92号", ["哈尔滨市南岗区西大直街92号"]),
    ("客户：东莞市长安镇振安中路368号", ["东莞市长安镇振安中路368号"]),
    ("客户：武汉江岸区解放大道1688号", ["武汉江岸区解放大道1688号"]),
    (
        "客户：装机地址是石家庄市裕华区槐安东路136号5号楼1单元301",
        ["石家庄市裕华区槐安东路136号5号楼1单元301"],
    ),
    (
        "坐席：跟您核对一下，收货地址南昌市红谷滩区丰和中大道1099号，对吗？",
        ["南昌市红谷滩区丰和中大道1099号"],
    ),
    ("客户：天津市南开区鞍山西道", ["天津市南开区鞍山西道"]),
    # colloquial and partial
    ("客户：就是望京西路那个阜通小区5栋", ["望京西路那个阜通小区5栋"]),
    ("客户：17幢402，麻烦放门口", ["17幢402"]),
    ("客户：嗯，三单元五零二", ["三单元五零二"]),
    ("客户：幺七幢三零一，到了打电话", ["幺七幢三零一"]),
    ("客户：10号楼3单元1304", ["10号楼3单元1304"]),
    ("客户：就在那个万达广场旁边的金色家园小区", ["万达广场旁边的金色家园小区"]),
    ("客户：我住在锦绣华城3期7栋", ["锦绣华城3期7栋"]),
    ("客户：我现在住的是幸福里小区12号楼3门401", ["幸福里小区12号楼3门401"]),
    ("客户：小区叫翠湖花园，在7号楼", ["翠湖花园，在7号楼"]),
    ("客户：放到朝阳路18号院就行", ["朝阳路18号院"]),
    (
        "客户：嗯对地址就是深圳市龙华区民治街道梅龙路七号嗯就这个",
        ["深圳市龙华区民治街道梅龙路七号"],
    ),
    ("客户：在东三环中路和建国路交叉口那儿出的事", ["东三环中路和建国路交叉口"]),
    ("客户：快递放丰台区南苑路怡海花园富润园3号楼", ["丰台区南苑路怡海花园富润园3号楼"]),
    ("客户：我家在幸福路那边的阳光新村，二十号楼", ["幸福路那边的阳光新村，二十号楼"]),
    ("客户：住在前进村", ["前进村"]),
    ("客户：我住那个，呃，金地花园，七栋，三单元，二零一", ["金地花园，七栋，三单元，二零一"]),
    ("客户：三号院二号楼五零幺", ["三号院二号楼五零幺"]),
    (
        "客户：嗯就是朝阳区那个望京西路啊阜通西里小区十二号楼两单元六零三",
        ["朝阳区那个望京西路啊阜通西里小区十二号楼两单元六零三"],
    ),
    ("客户：我在宝安区西乡街道，那个，固戍一路，168号", ["宝安区西乡街道，那个，固戍一路，168号"]),
    ("客户：地址是海淀区学院路30号院，8号楼，1门，502", ["海淀区学院路30号院，8号楼，1门，502"]),
    ("客户：就是那个，郑州市二七区大学路与陇海路交叉口", ["郑州市二七区大学路与陇海路交叉口"]),
    ("客户：是锦绣花园A区12栋", ["锦绣花园A区12栋"]),
    ("客户：您送到西二旗地铁站旁边的领秀新硅谷C区7号楼就行", ["领秀新硅谷C区7号楼"]),
    ("客户：就在万科城市花园东门", ["万科城市花园东门"]),
    ("客户：具体是哪一栋？\n客户：5栋", ["5栋"]),
    # customer records
    ("杭州市下城区绿城兰园12-10-3376", ["杭州市下城区绿城兰园12-10-3376"]),
    (
        "收件人：王芳 电话：13812345678 地址：浙江省-金华市-义乌市稠州北路58号",
        ["浙江省-金华市-义乌市稠州北路58号"],
    ),
    # rural
    (
        "客户：安徽省六安市霍邱县冯井镇李圩村六组",
        ["安徽省六安市霍邱县冯井镇李圩村六组"],
    ),
    ("客户：兰陵县卞庄街道东关村第三村民组", ["兰陵县卞庄街道东关村第三村民组"]),
    ("客户：四川省南充市嘉陵区李渡镇王家村三社", ["四川省南充市嘉陵区李渡镇王家村三社"]),
    ("客户：桐乡市石门镇李庄", ["桐乡市石门镇李庄"]),
    ("客户：郑州市，金水区，农业路，5号", ["郑州市，金水区，农业路，5号"]),
    ("客户：地址是……嗯……金水区……农业路……五号", ["金水区……农业路……五号"]),
    # one address told over two turns: two spans
    (
        "坐席：请说一下邮寄地址。\n客户：安徽省六安市霍邱县冯井镇\n坐席：嗯，然后呢？\n"
        "客户：李圩村三组",
        ["安徽省六安市霍邱县冯井镇", "李圩村三组"],
    ),
    # historic county names live on in old records
    ("客户：户籍地址浙江省绍兴县华舍街道蜀阜村", ["浙江省绍兴县华舍街道蜀阜村"]),
    # traditional characters
    ("客戶：地址是台北市大安區復興南路一段390號", ["台北市大安區復興南路一段390號"]),
]


@pytest.mark.parametrize(("text", "expected"), POSITIVES)
def test_address_positive(recognizer, text, expected):
    assert found(recognizer, text) == expected


def test_presidio_entry_point(recognizer_spans):
    text = "客户：地址是南京市鼓楼区中山北路200号"
    assert recognizer_spans(ChineseAddressRecognizer, text) == ["南京市鼓楼区中山北路200号"]


# -- negatives -----------------------------------------------------------------------------

NEGATIVES: list[str] = [
    "客户：我在路上了，马上到",
    "坐席：祝您一路顺风，再见",
    "客户：这条路太堵了",
    "客户：快递放门口就行",
    "客户：我在楼下等你",
    "客户：我的手机号码是13812345678",
    "客户：坐地铁三号线换乘",
    "客户：一号线转二号线",
    "客户：五点半之前到",
    "客户：第三个选项",
    "客户：孩子有三个单元的作业没写",
    "客户：第三单元的课文",
    "客户：我是中国银行北京分行的员工",
    "客户：北京今天天气怎么样",
    "客户：下周去上海出差",
    "客户：我是湖南的",
    "客户：在武汉打工好几年了",
    "客户：广州分行的客服说可以办",
    "坐席：您可以拨打客服热线95588",
    "客户：订单号是2023112400135",
    "客户：快递单号SF1234567890",
    "客户：一共三百二十块钱",
    "客户：我3号去办的",
    "客户：十二月五号下午两点",
    "客户：那套房子是三室两厅",
    "客户：我住的那个小区物业不管事",
    "客户：我们小区停水了",
    "客户：村里信号不好",
    "客户：我刚从农村老家回来",
    "坐席：工号1234为您服务",
    "坐席：您好，226号客服为您服务",
    "客户：他们公司在二十五层",
    "客户：这栋楼有三十层",
    "客户：市中心那边堵车",
    "客户：路由器坏了",
    "客户：你们的售后服务中心电话多少",
    "客户：我知道了，谢谢",
    "客户：我刚下班在回家的路上",
    "客户：一栋楼都停电了",
    "客户：我们组有五个人",
    "客户：小镇上的人都认识我",
    "客户：老乡介绍的",
    "客户：开车上高速公路了",
    "客户：那个渠道的价格便宜",
    "客户：我在街上逛街呢",
    "坐席：您好，欢迎致电中国移动客服中心",
    "客户：退款原路返回到卡里吗",
    "客户：这个事我找过居委会",
    "客户：去年在深圳打工，现在回湖南了",
    "客户：我在地铁上弄丢了",
    "客户：我们这边是老小区没有电梯",
    "客户：这个月3号到15号之间",
    "客户：送货员说在小区门口等",
    "客户：我是在万达广场买的",
    "客户：我坐的G123次列车，3车厢12F座",
    "客户：我的车停在B2层",
    "坐席：您的快递已到达北京顺义分拨中心",
    "客户：刚才打了好几遍400-820-8820都没人接",
    "客户：人均消费100-150元的餐馆",
    "客户：比分是3-1",
    "客户：房子在十八楼",
    "客户：电梯到18层就不动了",
    "客户：我在第一人民医院住院部三楼",
    "客户：会议在301室开，三室一厅那套",
    "客户：帝国大厦共102层",
    "客户：八栋那边有人在装修",
    "客户：我坐的是五路公交车",
    "坐席：您好，这里是95599农业银行客服中心",
    "客户：这栋楼一共三十层",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_address_negative(recognizer, text):
    assert found(recognizer, text) == []


# -- division prefix (what the default mask keeps) -----------------------------------------

PREFIXES: list[tuple[str, int]] = [
    ("北京市朝阳区望京西路阜通小区", 6),
    ("朝阳区望京西路", 3),
    ("望京西路阜通小区", 0),
    ("广东深圳南山区科技园", 7),
    ("广东深圳南山科技园", 6),
    ("浙江省杭州市西湖区文三路", 9),
    ("北京朝阳北路", 2),
    ("朝阳北路", 0),
    ("长安街", 0),
    ("中山大道", 0),
    ("新疆维吾尔自治区乌鲁木齐市天山区解放南路", 16),
    ("浙江省绍兴县华舍街道", 6),
    ("中国浙江省杭州市余杭区", 11),
    ("17幢402", 0),
    ("", 0),
]


@pytest.mark.parametrize(("value", "expected"), PREFIXES)
def test_division_prefix_length(value, expected):
    assert division_prefix_length(value) == expected


# -- speed and robustness ------------------------------------------------------------------

#: 1 MB of one anchor, digit or division name: nothing may be quadratic.
ADVERSARIAL = ["路", "号", "1", "北京市"]
#: 50 KB of other repeated material, much of it real address parts back to back.
DENSE = [
    "一",
    "0-",
    "号楼单元室",
    "北京市朝阳区",
    "1号",
    "路1",
    "路街",
    "阜通小区",
    "村三组",
    "中山路",
]


@pytest.mark.parametrize("unit", ADVERSARIAL)
def test_linear_time(recognizer, unit):
    text = unit * (1_000_000 // len(unit))
    started = time.perf_counter()
    recognizer.find(text)
    assert time.perf_counter() - started < 5.0


@pytest.mark.parametrize("unit", DENSE)
def test_linear_time_dense(recognizer, unit):
    text = unit * (50_000 // len(unit))
    started = time.perf_counter()
    recognizer.find(text)
    assert time.perf_counter() - started < 2.0


def test_mixed_adversarial(recognizer):
    text = ("客户：北京市朝阳区望京西路阜通小区5栋2单元1201，" * 20 + "路" * 5000) * 5
    started = time.perf_counter()
    spans = recognizer.find(text)
    assert time.perf_counter() - started < 5.0
    assert len(spans) == 100


def test_empty_and_type(recognizer):
    assert recognizer.find("") == []
    with pytest.raises(TypeError):
        recognizer.analyze(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # where from the address is part of it: position, distance, the n-th house
        ("送到万达广场对面那个小区，到了打我电话", ["万达广场对面那个小区"]),
        ("人民路与解放路交叉口往北二百米", ["人民路与解放路交叉口往北二百米"]),
        ("保定市清苑区东闾乡南王庄村村口往里第三家", ["保定市清苑区东闾乡南王庄村村口往里第三家"]),
        ("沈河区青年大街三百二十号一号楼四门", ["沈河区青年大街三百二十号一号楼四门"]),
        ("我在建国路88号附近等你", ["建国路88号附近"]),
        # a town of the gazetteer is read whole even with 嘛 inside
        ("客户：我是梨树县喇嘛甸镇杨树屯的老杨", ["梨树县喇嘛甸镇杨树屯"]),
        # the answer to a location question
        ("坐席：您在哪个乡镇？\n客户：凤阳县武店镇。", ["凤阳县武店镇"]),
    ],
)
def test_address_tail_and_answers(recognizer, text, expected):
    assert [text[s:e] for s, e, _ in recognizer.find(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "请到门诊楼三楼眼科候诊",
        "请至门诊楼2楼5号诊室候诊",
        "您到了在你们商场5楼，服务台让我等",
        "离乡里还有十几里路。",
        "患者住在心内科3病区12床",
    ],
)
def test_not_an_address_inside_hospitals_and_shops(recognizer, text):
    assert recognizer.find(text) == []
