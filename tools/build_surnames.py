"""Build ``recognizers/data/surnames.tsv`` from facts in the ``faker`` package.

Faker's ``zh_CN`` person provider (MIT licence) lists the 400 most frequent mainland
surnames with their share of the population in percent, taken from the public ranking
(zh.wikipedia, 中国姓氏排名).  Compound surnames (复姓) and a few rare single surnames
that callers spell out are added from the public 百家姓 lists; they carry no frequency
(written as 0).  A few shares that faker's table gets wrong or lacks are set from the
public household-register rankings (``OVERRIDES``).

    pip install --no-deps --target /tmp/faker-src faker==40.63.0
    PYTHONPATH=/tmp/faker-src python tools/build_surnames.py
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "recognizers" / "data" / "surnames.tsv"

COMPOUND = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 令狐 夏侯 端木 轩辕 南宫 "
    "独孤 西门 申屠 澹台 公冶 呼延 赫连 闻人 万俟 拓跋 百里 东郭 钟离 太史 公羊 濮阳 淳于 "
    "单于 仲孙 宗政 公良 漆雕 乐正 壤驷 梁丘 左丘 谷梁 第五 巫马 公西 司空 亓官 司寇 子车 "
    "颛孙 鲜于 段干 呼衍"
).split()
#: Shares where faker's table is clearly off or silent, from the public rankings of the
#: Ministry of Public Security's household register (于 ranks around 40th; 付 around 100th).
OVERRIDES = {"于": 0.62, "付": 0.13}
#: Simplified forms that the historical ranking lists under another character (萧 -> 肖).
VARIANTS = {"肖": "萧", "闫": "阎"}
RARE = "佘 亓 乜 仉 谯 禚 厍 訾 逄 靳 麹 笪 蒯 郄 隗 璩 沙 查 区 仇 单 解 朴 盖 缪 逯 艾 阙".split()


def main() -> None:
    from faker.providers.person.zh_CN import Provider

    version = importlib.metadata.version("faker")
    rows = [(name, weight) for name, weight in Provider.last_names.items()]
    known = {name for name, _ in rows}
    weights = dict(rows)
    rows += [(v, weights[src]) for v, src in VARIANTS.items() if v not in known]
    rows = [(name, OVERRIDES.get(name, weight)) for name, weight in rows]
    known = {name for name, _ in rows}
    rows += [(name, weight) for name, weight in OVERRIDES.items() if name not in known]
    known = {name for name, _ in rows}
    rows += [(name, 0.0) for name in COMPOUND + RARE if name not in known]
    lines = [
        f"# surname\tpercent -- faker {version} zh_CN (MIT) + public compound/rare surname lists;"
        " see PROVENANCE.md"
    ]
    lines += [f"{name}\t{weight:g}" for name, weight in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(rows)} surnames")


if __name__ == "__main__":
    main()
