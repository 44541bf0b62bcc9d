"""Throughput of `piiguard redact` on CSV and JSON Lines files, 1 and 2 workers, peak RSS.

    python benchmarks/files.py [--rows 20000] [--workers 1 2]

Generates a synthetic CRM export (CSV, GBK) and a call-turn JSON Lines file, runs the
command line on each as a child process, and reports rows/s, MB/s and the peak RSS of
the largest process (parent or worker; ``ru_maxrss`` of the children).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

_NAMES = "王李张刘陈杨赵黄周吴"


def make_csv(path: Path, rows: int) -> None:
    rnd = random.Random(1)
    with open(path, "w", encoding="gbk", newline="") as f:
        f.write("客户名称,联系方式,订单号,通话内容,金额\n")
        for i in range(rows):
            f.write(
                f"{rnd.choice(_NAMES)}建国,139{rnd.randrange(10**8):08d},DD{i:08d},"
                f"客户说手机号是138{rnd.randrange(10**8):08d}，地址不变，谢谢,{i % 97}.50\n"
            )


def make_jsonl(path: Path, rows: int) -> None:
    rnd = random.Random(2)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(rows):
            text = (
                f"客户：我的手机号是138{rnd.randrange(10**8):08d}，身份证号11010519870312451X，"
                "订单号DD20240101，金额12.50元，请尽快处理。"
            )
            f.write(json.dumps({"id": i, "speaker": "customer", "text": text}, ensure_ascii=False))
            f.write("\n")


def run(src: Path, workers: int) -> tuple[float, int]:
    out = src.with_name(f"out.{workers}{src.suffix}")
    cmd = [sys.executable, "-m", "piiguard.cli", "redact", str(src), "-o", str(out), "--force",
           "-q", "--workers", str(workers)]
    code = (
        "import resource,subprocess,sys,time;t=time.perf_counter();"
        f"subprocess.run({cmd!r},check=True);"
        "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    line = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                          text=True).stdout.split()
    return float(line[0]), int(line[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = {"csv": Path(tmp) / "crm.csv", "jsonl": Path(tmp) / "turns.jsonl"}
        make_csv(files["csv"], args.rows)
        make_jsonl(files["jsonl"], args.rows)
        print(f"{'format':<6} {'workers':>7} {'rows/s':>9} {'MB/s':>7} {'peak RSS MB':>12} "
              f"{'speed-up':>9}  (start-up subtracted)")
        for fmt, path in files.items():
            size = path.stat().st_size
            # The fixed cost of starting Python and importing the stack (~2-3 s), measured
            # on a one-record file, is subtracted: rows/s is the job's own throughput.
            tiny = path.with_name("tiny" + path.suffix)
            tiny.write_bytes(b"".join(path.open("rb").readlines()[:2]))
            startup = min(run(tiny, w)[0] for w in (1, 1))
            base = None
            for workers in args.workers:
                total, rss_kb = run(path, workers)
                seconds = max(total - startup, 1e-3)
                base = base or seconds
                print(f"{fmt:<6} {workers:>7} {args.rows / seconds:>9.0f} "
                      f"{size / seconds / 1e6:>7.2f} {rss_kb / 1024:>12.0f} "
                      f"{base / seconds:>8.2f}x")


if __name__ == "__main__":
    main()
