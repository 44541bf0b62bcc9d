"""Audit log (hash chain, no personal data) and the scan report."""

from __future__ import annotations

import json

from piiguard.cli import main

PHONE = "13912345678"
ID_NUMBER = "11010519870312451X"


def run(capsys, *argv: str):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _job(capsys, tmp_path, log, name):
    src = tmp_path / f"{name}.csv"
    src.write_text(f"姓名,手机,备注\n王建国,{PHONE},身份证{ID_NUMBER}\n", encoding="utf-8")
    assert run(capsys, "redact", str(src), "-o", str(tmp_path / f"{name}.out.csv"),
               "--audit-log", str(log))[0] == 0


def test_audit_chain_verifies_and_detects_edits(capsys, tmp_path):
    log = tmp_path / "audit.jsonl"
    _job(capsys, tmp_path, log, "a")
    _job(capsys, tmp_path, log, "b")
    text = log.read_text(encoding="utf-8")
    for secret in (PHONE, ID_NUMBER, "王建国", "139****5678"):
        assert secret not in text
    records = [json.loads(line) for line in text.splitlines()]
    assert [r["kind"] for r in records] == ["file", "job", "file", "job"]
    assert records[0]["entities"] == {"CN_RESIDENT_ID": 1, "PERSON": 1, "PHONE_NUMBER": 1}
    assert records[0]["rows"] == 1 and len(records[0]["input_sha256"]) == 64
    code, out, _ = run(capsys, "audit", "verify", str(log))
    assert code == 0 and "4 record(s)" in out
    lines = text.splitlines(keepends=True)
    log.write_text(text.replace('"rows": 1', '"rows": 2', 1), encoding="utf-8")
    assert run(capsys, "audit", "verify", str(log))[0] == 1
    log.write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")
    code, _, err = run(capsys, "audit", "verify", str(log))
    assert code == 1 and ":2: chain broken" in err


def test_scan_table_json_html(capsys, tmp_path):
    src = tmp_path / "crm.csv"
    src.write_text(f"客户名称,联系方式,备注,金额\n王建国,{PHONE},身份证{ID_NUMBER},1\n李娜,,无,2\n",
                   encoding="gbk")
    code, out, _ = run(capsys, "scan", str(src))
    assert code == 0 and "CN_RESIDENT_ID" in out and "sensitive" in out and PHONE not in out
    code, out, _ = run(capsys, "scan", str(src), "--report", "json")
    report = json.loads(out)["files"][0]
    fields = {f["name"]: f for f in report["fields"]}
    assert fields["客户名称"]["rates"] == {"PERSON": 1.0}
    assert fields["联系方式"]["examples"] == {"PHONE_NUMBER": ["139****5678"]}
    assert fields["备注"]["sensitivity"] == "sensitive" and fields["金额"]["counts"] == {}
    html_path = tmp_path / "r.html"
    assert run(capsys, "scan", str(src), "--report", "html", "-o", str(html_path))[0] == 0
    page = html_path.read_text(encoding="utf-8")
    assert "<svg" in page and "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "<script" not in page and PHONE not in page and ID_NUMBER not in page


def test_scan_table_aligns_chinese_field_names():
    from piiguard.scan import _display_width, to_table

    fields = [
        {"name": name, "counts": {"PHONE_NUMBER": 1}, "rates": {"PHONE_NUMBER": 1.0},
         "examples": {"PHONE_NUMBER": ["138****5678"]}}
        for name in ("联系方式", "phone", "客户的第二个联系电话号码（备用，仅限工作日拨打）")
    ]
    report = {"path": "x.csv", "format": "csv", "rows": 1, "sensitivity": "personal",
              "fields": fields, "totals": {"PHONE_NUMBER": 3}}
    rows = [line for line in to_table([report]).splitlines() if "PHONE_NUMBER" in line]
    # The entity column starts at the same terminal column on every row.
    starts = {_display_width(line[: line.index("PHONE_NUMBER")]) for line in rows}
    assert len(rows) == 3 and len(starts) == 1
