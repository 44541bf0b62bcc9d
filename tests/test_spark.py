"""The Spark path: same values as the pandas path, plans fixed on the driver, keys unseen.

One local[2] SparkSession serves the whole module (JVM start-up is the slow part).  The
module is skipped, with the reason, where Java or pyspark is missing.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import os
import random
import shutil
import subprocess
import sys
from contextlib import redirect_stdout
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")
pytest.importorskip("pyarrow")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Spark tests need Java (no java on PATH and no JAVA_HOME)", allow_module_level=True)
try:
    import pyspark  # noqa: F401
    from pyspark.sql import SparkSession
    from pyspark.sql import types as T
except ImportError:
    pytest.skip("Spark tests need pyspark: pip install 'piiguard[spark]'", allow_module_level=True)

from piiguard import spark as pspark  # noqa: E402
from piiguard import spark_cli  # noqa: E402
from piiguard.keys import Keyring  # noqa: E402
from piiguard.policy import Policy, PolicyError  # noqa: E402
from piiguard.tables import redact_dataframe  # noqa: E402

# pyspark 4.3 warns about pandas >= 3 on every Arrow job; this path uses Arrow, not pandas.
pytestmark = pytest.mark.filterwarnings(
    "ignore:PySpark does not yet fully support pandas:FutureWarning"
)

# -- data -------------------------------------------------------------------------------------

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙"
_GIVEN = ["建国", "秀英", "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳"]
_STREETS = ["朝阳区建国路", "海淀区中关村大街", "浦东新区张江路", "西湖区文三路", "天河区体育西路"]
_CITIES = ["北京市", "北京市", "上海市", "杭州市", "广州市"]


def _resident_id(rnd: random.Random) -> str:
    body = f"110105{rnd.randint(1960, 2000)}{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
    body += f"{rnd.randint(0, 999):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


def _rows(n: int, seed: int = 7) -> list[tuple]:
    """A CRM-like table: PII columns, free text, non-PII columns, nulls everywhere."""
    rnd = random.Random(seed)
    rows = []
    for i in range(n):
        name = rnd.choice(_SURNAMES) + rnd.choice(_GIVEN)
        phone = 13900000000 + rnd.randrange(10**8)
        k = rnd.randrange(len(_STREETS))
        address = f"{_CITIES[k]}{_STREETS[k]}{rnd.randint(1, 200)}号{rnd.randint(1, 30)}01室"
        note = rnd.choice(
            [
                f"客户{name[0]}先生来电，手机{phone + 7}，身份证号{_resident_id(rnd)}，要求改地址",
                f"请回电{phone}，邮箱user{i}@example.com，已登记",
                "客户询问账单，已解释，无需回访",
                f"车牌京A{rnd.randint(10000, 99999)}违章咨询，订单DD{i:08d}",
                "",
                None,
            ]
        )
        # No header hint: the first 200 values are phone numbers, later ones free words.
        # A partition deciding on its own rows would scan them; the driver's plan masks them.
        code = str(13700000000 + i) if i < 200 else rnd.choice(["好的", "稍后", "DD123"])
        rows.append(
            (
                i,
                None if i % 17 == 3 else name,
                None if i % 13 == 5 else phone,
                None if i % 11 == 7 else _resident_id(rnd),
                None if i % 9 == 2 else address,
                note,
                code,
                f"DD{i:08d}",
                rnd.randint(1, 9),
                None if i % 7 == 0 else round(rnd.uniform(1, 999), 2),
                dt.date(2024, 1, 1) + dt.timedelta(days=i % 300),
                rnd.choice(["open", "closed", " pending "]),
                i % 2 == 0,
            )
        )
    return rows


SCHEMA = T.StructType(
    [
        T.StructField("id", T.LongType()),
        T.StructField("客户姓名", T.StringType()),
        T.StructField("phone", T.LongType()),
        T.StructField("身份证号", T.StringType()),
        T.StructField("地址", T.StringType()),
        T.StructField("备注", T.StringType()),
        T.StructField("code", T.StringType()),
        T.StructField("订单号", T.StringType()),
        T.StructField("qty", T.IntegerType()),
        T.StructField("amount", T.DoubleType()),
        T.StructField("created", T.DateType()),
        T.StructField("status", T.StringType()),
        T.StructField("vip", T.BooleanType()),
    ]
)
NON_PII = ["id", "订单号", "qty", "amount", "created", "status", "vip"]


def _pandas(rows: list[tuple]):
    """The same rows as a pandas DataFrame with the types the pandas path expects."""
    names = SCHEMA.fieldNames()
    columns = {name: [r[i] for r in rows] for i, name in enumerate(names)}
    df = pd.DataFrame({n: pd.Series(v, dtype=object) for n, v in columns.items()})
    for name in ("id", "phone", "qty"):
        df[name] = pd.array(columns[name], dtype="Int64")
    df["amount"] = pd.array(columns["amount"], dtype="Float64")
    df["created"] = pd.to_datetime(columns["created"])
    df["vip"] = pd.array(columns["vip"], dtype="boolean")
    return df


def _normal(value):
    """A pandas cell as Spark would hold it (NA -> None, numpy/pandas scalars -> Python)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _assert_same(spark_rows, pandas_df, string_columns=("phone",)) -> None:
    names = list(pandas_df.columns)
    expected = [
        tuple(_normal(v) for v in row) for row in pandas_df.itertuples(index=False, name=None)
    ]
    assert len(spark_rows) == len(expected)
    for number, (got, want) in enumerate(zip(spark_rows, expected, strict=True)):
        for name, a, b in zip(names, got, want, strict=True):
            if name in string_columns and b is not None:
                b = str(b)
            if name == "created" and b is not None:
                b = b.date()
            assert a == b, f"row {number}, column {name}"


# -- session --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    session = (
        SparkSession.builder.master("local[2]")
        .appName("piiguard-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "5")
        # Small Arrow batches: many batches per task, so "once per process" is tested.
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "64")
        .config("spark.sql.session.timeZone", "UTC")
        # A short-lived test JVM: the quick JIT only, a simple GC (start-up is most of it).
        .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
        # Workers forked with the stack already imported (see docs/spark.md).
        .config("spark.python.daemon.module", "piiguard.spark")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def table(spark):
    rows = _rows(320)
    # Local rows: five partitions (spark.default.parallelism) in row order, cached.
    sdf = spark.createDataFrame(rows, SCHEMA).cache()
    assert sdf.count() == len(rows) and sdf.rdd.getNumPartitions() == 5
    return rows, sdf


@pytest.fixture(scope="module")
def default_out(table):
    """The default policy's output, collected once for the tests that read it."""
    return pspark.redact_dataframe(table[1]).collect()


# -- API: equality --------------------------------------------------------------------------


def test_default_policy_equals_pandas_path(table, default_out):
    rows, sdf = table
    out = pspark.redact_dataframe(sdf)
    assert dict(out.dtypes)["phone"] == "string"  # an integer PII column becomes strings
    assert [f.dataType for f in out.schema.fields if f.name in NON_PII] == [
        f.dataType for f in SCHEMA.fields if f.name in NON_PII
    ]
    got = default_out
    reference = redact_dataframe(_pandas(rows))
    _assert_same(got, reference)
    # the plans really did something, and were the driver's for every partition
    assert reference.attrs["piiguard_columns"]["code"] == "PHONE_NUMBER (values)"
    assert all(row["code"] != rows[i][6] for i, row in enumerate(got))
    assert (
        got[0]["客户姓名"] != rows[0][1]
        and got[0]["phone"] == str(rows[0][2])[:3] + "****" + (str(rows[0][2])[-4:])
    )
    # non-PII columns are identical, and untouched strings keep their exact value
    original = sdf.collect()
    for name in NON_PII:
        assert [r[name] for r in got] == [r[name] for r in original], name
    assert sum(r["备注"] == "客户询问账单，已解释，无需回访" for r in got) > 0
    assert [r["备注"] is None for r in got] == [r[5] is None for r in rows]


def test_plans_are_decided_once_on_the_driver(spark, table, default_out):
    rows, sdf = table
    plans = pspark.plan_dataframe(sdf)
    assert plans["code"].entity == "PHONE_NUMBER" and plans["phone"].reason == "header"
    assert "qty" not in plans and "amount" not in plans and plans["备注"].kind == "scan"
    # The same plans applied to a reshuffled DataFrame give the same value per row.
    again = pspark.redact_dataframe(sdf.repartition(3, "status"), plans=plans)
    by_id = {r["id"]: r for r in again.collect()}
    first = {r["id"]: r for r in default_out}
    assert by_id == first


def test_sparse_columns_sample_the_same_values_as_pandas(table):
    rows, sdf = table
    from pyspark.sql import functions as F

    sparse = sdf.withColumn("sparse", F.when(F.col("id") % 50 == 7, F.col("备注")))
    # sample=10: 10, 40, 160 rows hold too few values, so the column gets its own query
    heads = pspark._heads(sparse, ["sparse", "客户姓名"], 10)
    want = pd.Series([r[5] if r[0] % 50 == 7 else None for r in rows], dtype=object)
    assert heads["sparse"] == want.dropna().head(10).tolist()
    assert heads["客户姓名"] == _pandas(rows)["客户姓名"].dropna().head(10).tolist()


def _keyed_policy() -> Policy:
    return Policy.from_dict(
        {
            "entities": {
                "PERSON": "pseudonym",
                "PHONE_NUMBER": {"operator": "pseudonym", "length": 12},
                "CN_RESIDENT_ID": "surrogate",
                "EMAIL_ADDRESS": {"operator": "replace", "with": "<邮箱>"},
            }
        }
    )


def test_keyed_operators_equal_and_keys_never_in_the_plan(spark, table):
    rows, sdf = table
    secrets_ = {1: bytes(range(32)), 2: bytes(range(100, 132))}
    ring = Keyring.in_memory(secrets_, active=2)
    seed = b"s" * 32
    pins = {
        "地址": {"entity": "CN_ADDRESS", "operator": {"operator": "pseudonym", "key_version": 1}}
    }
    policy = _keyed_policy()
    out = pspark.redact_dataframe(sdf, policy, keyring=ring, columns=pins, surrogate_seed=seed)
    got = out.collect()
    reference = redact_dataframe(
        _pandas(rows), policy, keyring=ring, columns=pins, surrogate_seed=seed
    )
    _assert_same(got, reference)
    assert got[0]["phone"].startswith("<PHONE_NUMBER_") and got[0]["地址"].startswith(
        "<CN_ADDRESS_"
    )

    job = pspark._Job(policy, (), pspark._ShippedKeys(secrets_, 2), seed, False)
    text = io.StringIO()
    with redirect_stdout(text):
        out.explain(extended=True)
        out.explain(mode="formatted")
    shown = "\n".join(
        [
            text.getvalue(),
            out._jdf.queryExecution().toString(),
            str(out),
            repr(out),
            repr(job),
            repr(pspark._RedactBatches(job)),
            str(spark.sparkContext.getConf().getAll()),
        ]
    )
    assert "piiguard_redact" in shown
    for secret in [*secrets_.values(), seed]:
        for form in (secret.hex(), base64.b64encode(secret).decode(), repr(secret)[2:-1]):
            assert form[:16] not in shown


def test_only_the_versions_used_are_shipped_and_nothing_shows_them():
    ring = Keyring.in_memory({1: b"a" * 32, 2: b"b" * 32, 3: b"c" * 32}, active=3)
    policy = Policy.from_dict({"entities": {"PHONE_NUMBER": "pseudonym"}})
    pins = pspark._pins({"card": {"entity": "CN_BANK_CARD", "operator": "pseudonym"}})
    shipped = pspark._ship_keys(policy, pins, ring)
    assert [v for v, _ in shipped.checks] == [3]
    pins = pspark._pins(
        {
            "card": {
                "entity": "CN_BANK_CARD",
                "operator": {"operator": "pseudonym", "key_version": 1},
            }
        }
    )
    shipped = pspark._ship_keys(policy, pins, ring)
    assert [v for v, _ in shipped.checks] == [1, 3]
    assert "aaaa" not in repr(shipped) and "6161" not in repr(shipped)
    assert pspark._ship_keys(Policy.default_policy(), {}, ring) is None
    with pytest.raises(PolicyError, match="keyring"):
        pspark._ship_keys(policy, {}, None)


def test_engine_is_built_once_per_worker_process(spark, table):
    _, sdf = table
    policy = Policy.from_dict({"entities": {"PERSON": {"operator": "replace", "with": "某"}}})
    out = pspark.redact_dataframe(sdf, policy)
    assert len(out.collect()) == 320
    fingerprint = pspark._Job(policy, (), None, None, False).fingerprint

    def stats(batches):
        import os as os_

        import pyarrow as pa

        from piiguard import spark as module

        for _ in batches:
            builds = module._BUILDS.get(fingerprint, 0)
            yield pa.RecordBatch.from_pydict({"pid": [os_.getpid()], "builds": [builds]})

    probe = spark.range(0, 8, numPartitions=8).mapInArrow(stats, "pid long, builds long")
    seen = {r["pid"]: r["builds"] for r in probe.collect()}
    assert seen and set(seen.values()) <= {0, 1} and 1 in seen.values()


def test_refusals_happen_on_the_driver(spark):
    nested = spark.createDataFrame(
        [("王建国", ["13912345678"])], "name string, phones array<string>"
    )
    with pytest.raises(ValueError, match="'phones' is nested") as info:
        pspark.redact_dataframe(nested)
    assert "13912345678" not in str(info.value)
    kept = pspark.redact_dataframe(nested, columns={"phones": "keep"}).collect()
    assert kept[0]["phones"] == ["13912345678"] and kept[0]["name"] == "王**"
    with pytest.raises(PolicyError, match="fpe"):
        pspark.redact_dataframe(
            nested,
            Policy.from_dict({"default": "fpe"}),
            keyring=Keyring.in_memory(),
            columns={"phones": "keep"},
        )
    with pytest.raises(PolicyError, match="keyring"):
        pspark.redact_dataframe(nested, Policy.from_dict({"default": "pseudonym"}))


# -- command line ---------------------------------------------------------------------------


def _write_csv(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def _read_csv_dir(path: Path) -> list[dict]:
    rows = []
    for part in sorted(path.glob("part-*.csv")):
        with part.open(encoding="utf-8", newline="") as f:
            rows.extend(csv.DictReader(f))
    return rows


CSV_HEADER = ["id", "客户姓名", "手机", "备注", "订单号"]


def _csv_rows(n: int, start: int = 0) -> list[list]:
    rnd = random.Random(start)
    out = []
    for i in range(start, start + n):
        name = rnd.choice(_SURNAMES) + rnd.choice(_GIVEN)
        note = f"客户说手机号是138{i:08d}，\n地址不变" if i % 3 == 0 else "无"
        out.append([str(i), name, f"139{i:08d}", note, f"DD{i:08d}"])
    return out


def test_cli_csv_directory_equals_api_and_refuses_overwrite(spark, tmp_path, capsys):
    src = tmp_path / "crm"
    src.mkdir()
    _write_csv(src / "a.csv", CSV_HEADER, _csv_rows(40))
    _write_csv(src / "b.csv", CSV_HEADER, _csv_rows(25, start=40))
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    out = tmp_path / "clean"
    assert spark_cli.main([str(src), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "客户姓名: PERSON (header)" in err and "wrote" in err
    got = sorted(_read_csv_dir(out), key=lambda r: int(r["id"]))
    assert list(got[0]) == CSV_HEADER and len(got) == 65
    reference_in = pd.DataFrame(
        sorted(_csv_rows(40) + _csv_rows(25, start=40), key=lambda r: int(r[0])),
        columns=CSV_HEADER,
        dtype=object,
    )
    reference = redact_dataframe(reference_in)
    assert [list(r.values()) for r in got] == reference.astype(object).values.tolist()
    assert got[0]["备注"] == "客户说手机号是138****0000，\n地址不变"
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before  # inputs untouched
    assert not [p for p in tmp_path.iterdir() if "piiguard-partial" in p.name]

    marker = out / "keep-me"
    marker.write_text("x")
    assert spark_cli.main([str(src), "-o", str(out), "-q"]) == 2
    assert "--force" in capsys.readouterr().err and marker.exists()
    assert spark_cli.main([str(src), "-o", str(out), "-q", "--force", "--partitions", "3"]) == 0
    assert not marker.exists() and len(_read_csv_dir(out)) == 65
    assert not [p for p in tmp_path.iterdir() if "piiguard" in p.name]


def test_cli_malformed_csv_is_a_data_error_without_data(spark, tmp_path, capsys):
    src = tmp_path / "bad.csv"
    rows = _csv_rows(5)
    rows[3] = rows[3] + ["13912340000"]  # one field too many
    _write_csv(src, CSV_HEADER, rows)
    out = tmp_path / "out"
    assert spark_cli.main([str(src), "-o", str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "bad.csv" in err and "number of fields" in err
    assert "139" not in err and not out.exists()
    assert not [p for p in tmp_path.iterdir() if "piiguard" in p.name]


def test_cli_jsonl_and_parquet_with_keyring(spark, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PIIGUARD_MASTER_KEY", base64.b64encode(b"k" * 32).decode())
    keyfile = tmp_path / "keys.json"
    ring = Keyring.create(keyfile)
    policy = tmp_path / "p.yaml"
    policy.write_text("entities:\n  PHONE_NUMBER: pseudonym\ncolumns:\n  extra: keep\n")
    jsonl = tmp_path / "turns.jsonl"
    with jsonl.open("w", encoding="utf-8") as f:
        for i in range(30):
            record = {"id": i, "mobile": 13900000000 + i, "text": f"我叫王建国，电话1380000{i:04d}"}
            record["extra"] = {"k": i}
            record["card"] = 6222021234567890128  # too long for a long: read as decimal
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
    parquet_src = tmp_path / "crm.parquet"
    rows = _rows(50)
    spark.createDataFrame(rows, SCHEMA).coalesce(1).write.parquet(str(parquet_src))
    out = tmp_path / "out"
    args = [str(jsonl), str(parquet_src), "-o", str(out), "--policy", str(policy)]
    assert spark_cli.main(args) == 2  # pseudonym without --keyring
    assert "--keyring" in capsys.readouterr().err
    assert spark_cli.main([*args, "--keyring", str(keyfile)]) == 0
    err = capsys.readouterr().err
    assert "mobile: PHONE_NUMBER (header), integer -> string" in err
    assert "k" * 8 not in err

    lines = [
        json.loads(line)
        for part in sorted((out / "turns.jsonl").glob("part-*"))
        for line in part.read_text(encoding="utf-8").splitlines()
    ]
    assert len(lines) == 30 and lines[0]["extra"] == {"k": 0}
    assert lines[0]["card"] == "622202*********0128"
    token = lines[0]["mobile"]
    assert token.startswith("<PHONE_NUMBER_") and "<PHONE_NUMBER_" in lines[0]["text"]
    assert "王**" in lines[0]["text"]

    result = spark.read.parquet(str(out / "crm.parquet")).orderBy("id")
    assert dict(result.dtypes)["phone"] == "string"
    reference = redact_dataframe(
        _pandas(rows), Policy.from_dict({"entities": {"PHONE_NUMBER": "pseudonym"}}), keyring=ring
    )
    _assert_same(result.collect(), reference)


def test_cli_usage_and_data_errors(spark, tmp_path, capsys):
    src = tmp_path / "x.txt"
    src.write_text("a\n")
    assert spark_cli.main([str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o")]) == 3
    assert "input not found" in capsys.readouterr().err
    assert spark_cli.main([str(src), "-o", str(tmp_path / "o")]) == 2
    assert "--format" in capsys.readouterr().err
    assert spark_cli.main([str(src), "-o", str(tmp_path / "o"), "--partitions", "0"]) == 2
    nested = tmp_path / "n.jsonl"
    nested.write_text('{"name": "王建国", "phones": ["13912345678"]}\n', encoding="utf-8")
    assert spark_cli.main([str(nested), "-o", str(tmp_path / "o2")]) == 1
    err = capsys.readouterr().err
    assert "n.jsonl" in err and "'phones' is nested" in err and "139" not in err
    partitioned = tmp_path / "by_city"
    people = spark.createDataFrame([("王建国", "京"), ("李秀英", "沪")], "name string, city string")
    people.write.partitionBy("city").parquet(str(partitioned))
    assert spark_cli.main([str(partitioned), "-o", str(tmp_path / "o4"), "-q"]) == 0
    names = {r["name"] for r in spark.read.parquet(str(tmp_path / "o4")).collect()}
    assert names == {"王**", "李**"}
    broken = tmp_path / "broken.parquet"
    broken.write_text("王建国 13912345678", encoding="utf-8")
    assert spark_cli.main([str(broken), "-o", str(tmp_path / "o5")]) == 1
    err = capsys.readouterr().err
    assert "broken.parquet: Spark could not read" in err and "139" not in err
    gbk = tmp_path / "g.csv"
    gbk.write_bytes("姓名,备注\n王建国,你好\n".encode("gbk"))
    assert spark_cli.main([str(gbk), "-o", str(tmp_path / "o3")]) == 1
    assert "not UTF-8" in capsys.readouterr().err


def test_register_adds_the_spark_command(capsys):
    import argparse

    parser = argparse.ArgumentParser(prog="piiguard")
    spark_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["spark", "in.csv", "-o", "out", "--partitions", "0"])
    assert args.command == "spark" and args.master is None and args.format is None
    assert spark_cli.run(args) == 2  # refused before Spark starts
    assert "--partitions must be at least 1" in capsys.readouterr().err


def test_module_entry_point_help():
    result = subprocess.run(
        [sys.executable, "-m", "piiguard.spark_cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "--partitions" in result.stdout
