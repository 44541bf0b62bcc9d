"""Files and batch jobs: CSV/TSV encodings, XLSX, Parquet, ASR, quarantine, resume, audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from piiguard import batch
from piiguard.cli import main

PHONE = "13912345678"
ID_NUMBER = "11010519870312451X"
ROOT = Path(__file__).resolve().parents[1]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _csv(rows: int = 3) -> str:
    lines = ["姓名,手机,订单号,备注,金额\n"]
    for i in range(rows):
        lines.append(f"王建国,{PHONE},DD{i:08d},身份证号{ID_NUMBER},{i}.50\n")
    return "".join(lines)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_encodings_detected_and_kept(capsys, tmp_path, encoding):
    src = tmp_path / "crm.csv"
    src.write_bytes(_csv().encode(encoding))
    out = tmp_path / "out.csv"
    code, _, err = run(capsys, "redact", str(src), "-o", str(out))
    assert code == 0, err
    text = out.read_bytes().decode(encoding)
    assert PHONE not in text and ID_NUMBER not in text and "王建国" not in text
    assert "王**,139****5678,DD00000000,身份证号110105********451X,0.50" in text
    assert PHONE not in err and "3 rows in = 3 out + 0 quarantined" in err
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")


def test_csv_clean_columns_byte_identical_and_pins(capsys, tmp_path):
    src = tmp_path / "crm.csv"
    src.write_text('姓名,"订单号",note\n张三,"DD 001",  plain  \n', encoding="utf-8")
    policy = tmp_path / "p.yaml"
    policy.write_text("columns:\n  姓名: keep\n  note: {entity: PERSON, operator: redact}\n")
    out = tmp_path / "out.csv"
    assert run(capsys, "redact", str(src), "-o", str(out), "--policy", str(policy))[0] == 0
    assert out.read_text(encoding="utf-8") == '姓名,"订单号",note\n张三,"DD 001",    \n'


def test_tsv_and_ragged_row_errors_name_line(capsys, tmp_path):
    src = tmp_path / "a.tsv"
    src.write_text(f"name\tphone\n王五\t{PHONE}\nonly-one-field\n", encoding="utf-8")
    code, _, err = run(capsys, "redact", str(src), "-o", str(tmp_path / "o.tsv"))
    assert code == 1 and "a.tsv:3" in err and "ragged" in err and PHONE not in err
    assert not (tmp_path / "o.tsv").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["a.tsv"]


def test_quarantine_rows_balance(capsys, tmp_path):
    src = tmp_path / "a.csv"
    src.write_bytes(f"a,phone\n1,{PHONE}\n2\n3,\xff{PHONE}\n4,x\n".encode("latin-1"))
    out = tmp_path / "o.csv"
    code, _, err = run(
        capsys, "redact", str(src), "-o", str(out), "--encoding", "utf-8",
        "--on-error", "quarantine",
    )
    assert code == 0, err
    assert out.read_text() == "a,phone\n1,139****5678\n4,*\n"  # hinted column: whole cell
    quarantine = tmp_path / "o.quarantine.csv"
    assert quarantine.read_bytes().count(b"\n") == 3  # header + 2 bad rows, raw
    assert "4 rows in = 2 out + 2 quarantined" in err and PHONE not in err


def test_workers_same_output(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "CHUNK_RECORDS", 7)
    src = tmp_path / "a.jsonl"
    src.write_text(
        "".join(json.dumps({"i": i, "t": f"手机{PHONE}"}, ensure_ascii=False) + "\n"
                for i in range(60)),
        encoding="utf-8",
    )
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert run(capsys, "redact", str(src), "-o", str(one), "--workers", "1", "--audit-log",
               str(tmp_path / "audit.jsonl"))[0] == 0
    assert run(capsys, "redact", str(src), "-o", str(two), "--workers", "2")[0] == 0
    assert one.read_bytes() == two.read_bytes()
    assert one.read_text().count("139****5678") == 60


def test_resume_after_interruption_identical(capsys, tmp_path, monkeypatch):
    monkeypatch.setattr(batch, "CHUNK_RECORDS", 5)
    src = tmp_path / "a.csv"
    src.write_text(_csv(40), encoding="gbk")
    ref = tmp_path / "ref.csv"
    assert run(capsys, "redact", str(src), "-o", str(ref))[0] == 0
    out = tmp_path / "out.csv"
    real_save = batch._save_checkpoint
    calls = []

    def interrupting(path, data):
        real_save(path, data)
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(batch, "_save_checkpoint", interrupting)
    code, _, err = run(capsys, "redact", str(src), "-o", str(out))
    assert code == 130 and "--resume" in err and not out.exists()
    monkeypatch.setattr(batch, "_save_checkpoint", real_save)
    partial, checkpoint, _ = batch.sidecars(out)
    with open(partial, "ab") as f:  # as if killed after a write, before the checkpoint
        f.write(b"half a row")
    code, _, err = run(capsys, "redact", str(src), "-o", str(out), "--resume")
    assert code == 0, err
    assert out.read_bytes() == ref.read_bytes()
    assert not partial.exists() and not checkpoint.exists()
    assert "40 rows in = 40 out" in err


def test_directory_mirrored_and_no_overwrite(capsys, tmp_path):
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "a.csv").write_text(_csv(1), encoding="utf-8")
    (src / "sub" / "b.jsonl").write_text(json.dumps({"t": PHONE}) + "\n", encoding="utf-8")
    (src / "sub" / "c.txt").write_text(f"手机{PHONE}\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in src.rglob("*") if p.is_file()}
    out = tmp_path / "out"
    assert run(capsys, "redact", str(src), "-o", str(out))[0] == 0
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "a.csv", "sub/b.jsonl", "sub/c.txt"
    ]
    assert PHONE not in (out / "sub" / "c.txt").read_text()
    assert {p: p.read_bytes() for p in src.rglob("*") if p.is_file()} == before
    code, _, err = run(capsys, "redact", str(src), "-o", str(out))
    assert code == 2 and "--force" in err


def test_xlsx_every_sheet(capsys, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.active.title = "客户"
    book.active.append(["姓名", "电话", "金额"])
    book.active.append(["李娜", int(PHONE), 12.5])
    second = book.create_sheet("备注")
    second.append(["备注"])
    second.append([f"身份证{ID_NUMBER}"])
    src = tmp_path / "a.xlsx"
    book.save(src)
    out = tmp_path / "o.xlsx"
    assert run(capsys, "redact", str(src), "-o", str(out))[0] == 0
    result = openpyxl.load_workbook(out)
    rows = [list(r) for ws in result.worksheets for r in ws.iter_rows(values_only=True)]
    assert rows == [["姓名", "电话", "金额"], ["李*", "139****5678", 12.5], ["备注"],
                    ["身份证110105********451X"]]


def test_parquet_schema_preserved(capsys, tmp_path):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"手机": [PHONE, None], "amount": [1.5, 2.0], "n": [1, 2]})
    table = table.replace_schema_metadata({"origin": "crm"})
    src, out = tmp_path / "a.parquet", tmp_path / "o.parquet"
    pq.write_table(table, src)
    assert run(capsys, "redact", str(src), "-o", str(out))[0] == 0
    result = pq.read_table(out)
    assert result.schema == table.schema and result.schema.metadata == table.schema.metadata
    assert result.column("手机").to_pylist() == ["139****5678", None]
    assert result.column("amount").to_pylist() == [1.5, 2.0]


def test_asr_intervals(capsys, tmp_path):
    out = tmp_path / "o.json"
    src = ROOT / "examples" / "asr_transcript.json"
    assert run(capsys, "redact", str(src), "-o", str(out))[0] == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert PHONE not in out.read_text(encoding="utf-8")
    phone, ident = doc["redactions"]
    assert (phone["entity"], phone["start"], phone["end"]) == ("PHONE_NUMBER", 3.7, 5.8)
    assert ident["entity"] == "CN_RESIDENT_ID" and 6.2 < ident["start"] < ident["end"] == 9.0
    assert doc["segments"][1]["words"][3]["word"] == "*" * 11


def test_redact_dataframe():
    pd = pytest.importorskip("pandas")
    import piiguard as tables

    df = pd.DataFrame({"客户名称": ["王建国"], "phone": [int(PHONE)], "qty": [3]})
    out = tables.redact_dataframe(df)
    assert out["客户名称"].tolist() == ["王**"] and out["phone"].tolist() == ["139****5678"]
    assert out["qty"].tolist() == [3] and df["客户名称"].tolist() == ["王建国"]


def test_fpe_refused_for_tables(capsys, tmp_path):
    src = tmp_path / "a.csv"
    src.write_text(_csv(1), encoding="utf-8")
    policy = tmp_path / "p.yaml"
    policy.write_text("default: fpe\n")
    code, _, err = run(capsys, "redact", str(src), "-o", str(tmp_path / "o.csv"), "--policy",
                       str(policy), "--keyring", str(tmp_path / "k.json"))
    assert code == 2 and "fpe" in err


def test_kill_9_then_resume_is_identical(tmp_path):
    """A real ``kill -9`` in the middle of a job, then ``--resume``: same bytes, no row lost."""
    import os
    import signal
    import subprocess
    import sys
    import time

    src = tmp_path / "calls.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for i in range(6000):
            text = f"客户{i}：我的手机号是139{i:08d}，订单号DD{i:08d}，身份证号{ID_NUMBER}"
            f.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    ref = tmp_path / "ref.jsonl"
    assert main(["redact", str(src), "-o", str(ref), "-q"]) == 0
    out = tmp_path / "out.jsonl"
    cmd = [sys.executable, "-m", "piiguard.cli", "redact", str(src), "-o", str(out), "-q",
           "--resume"]
    _partial, checkpoint, _ = batch.sidecars(out)
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not checkpoint.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the job ended before its first checkpoint; use a larger input")
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists()  # nothing half-written under the final name
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == ref.read_bytes()
    assert not checkpoint.exists()


def _stdin(monkeypatch, data: bytes) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_streaming_formats_read_stdin(capsys, monkeypatch, tmp_path, workers):
    _stdin(monkeypatch, _csv(5).encode("gbk"))
    out = tmp_path / "out.csv"
    code, _, err = run(capsys, "redact", "--format", "csv", "--workers", workers, "-",
                       "-o", str(out))
    assert code == 0, err
    assert out.read_bytes().decode("gbk").count("王**,139****5678") == 5
    assert "<stdin> [gbk]" in err and "5 rows in = 5 out + 0 quarantined" in err
    # The spooled copy of standard input is gone, and its temporary name never shows.
    assert "piiguard-stdin" not in err
    assert not list(Path(batch.tempfile.gettempdir()).glob("piiguard-stdin.*"))


def test_stdin_bad_line_is_named_and_resume_refused(capsys, monkeypatch, tmp_path):
    _stdin(monkeypatch, b'{"text": "a"}\n{bad\n')
    code, out, err = run(capsys, "redact", "--format", "jsonl", "--workers", "2", "-")
    assert code == 1 and "<stdin>:2" in err and out == ""
    _stdin(monkeypatch, b'{"text": "a"}\n')
    code, _, err = run(capsys, "redact", "--format", "jsonl", "--resume", "-",
                       "-o", str(tmp_path / "o.jsonl"))
    assert code == 2 and "--resume needs an input file" in err
