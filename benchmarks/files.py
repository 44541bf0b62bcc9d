"""Throughput of `piiguard redact` on CSV and JSON Lines files, 1 and 2 workers, peak RSS.

    python benchmarks/files.py [--rows 20000] [--workers 1 2]
    python benchmarks/files.py --big-mb 1000      # peak RSS on a 1 GB CSV, 2 workers

Generates a synthetic CRM export (CSV, GBK) and a call-turn JSON Lines file, runs the
command line on each as a child process, and reports rows/s, MB/s and the peak RSS of
the largest process (parent or worker; ``ru_maxrss`` of the children).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_NAMES = "王李张刘陈杨赵黄周吴"


def make_csv(path: Path, rows: int, size: int | None = None) -> int:
    """Write the CRM export; with ``size``, as many rows as fill ``size`` bytes."""
    rnd = random.Random(1)
    with open(path, "w", encoding="gbk", newline="") as f:
        f.write("客户名称,联系方式,订单号,通话内容,金额\n")
        i = 0
        while (i < rows) if size is None else (i % 1000 or f.tell() < size):
            i += 1
            f.write(
                f"{rnd.choice(_NAMES)}建国,139{rnd.randrange(10**8):08d},DD{i:08d},"
                f"客户说手机号是138{rnd.randrange(10**8):08d}，地址不变，谢谢,{i % 97}.50\n"
            )
    return i


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


def _tree_rss(pid: int) -> tuple[int, int]:
    """(sum of PSS, largest RSS) in bytes over ``pid`` and all its descendants.

    Workers are forked after the parent has loaded the recognizers, so they share those
    pages: summing RSS would count them once per process.  PSS divides each shared page
    among the processes that map it, so its sum is the memory the job really holds.
    """
    pss: list[int] = []
    rss: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss.append(int(line.split()[1]) * 1024)
                    elif line.startswith("Pss:"):
                        pss.append(int(line.split()[1]) * 1024)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (FileNotFoundError, ProcessLookupError):
            continue
    return sum(pss), max(rss, default=0)


def big_file(size_mb: int, workers: int) -> None:
    """Peak RSS (whole process tree, sampled every 0.2 s) on one CSV of ``size_mb`` MB."""
    with tempfile.TemporaryDirectory(dir=os.environ.get("PIIGUARD_BENCH_DIR")) as tmp:
        src, out = Path(tmp) / "big.csv", Path(tmp) / "big.out.csv"
        rows = make_csv(src, 0, size_mb * 1_000_000)
        size = src.stat().st_size
        cmd = [sys.executable, "-m", "piiguard.cli", "redact", str(src), "-o", str(out),
               "-q", "--workers", str(workers)]
        start = time.perf_counter()
        proc = subprocess.Popen(cmd)
        peak_sum = peak_one = 0
        while proc.poll() is None:
            total, largest = _tree_rss(proc.pid)
            peak_sum, peak_one = max(peak_sum, total), max(peak_one, largest)
            time.sleep(0.2)
        seconds = time.perf_counter() - start
        if proc.returncode:
            raise SystemExit(f"piiguard exited with {proc.returncode}")
        print(f"{size / 1e6:.0f} MB, {rows:,} rows, {workers} workers: {seconds:.0f} s, "
              f"{rows / seconds:.0f} rows/s, {size / seconds / 1e6:.2f} MB/s; peak RSS "
              f"{peak_sum / 2**20:.0f} MB all processes (PSS), {peak_one / 2**20:.0f} MB largest "
              "process (RSS)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--big-mb", type=int, help="only: peak RSS on one CSV of this size")
    args = parser.parse_args()
    if args.big_mb:
        big_file(args.big_mb, max(args.workers))
        return
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
