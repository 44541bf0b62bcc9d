"""The batch runner: files and directories in, mirrored outputs out, streamed and parallel.

Streaming formats (JSON Lines, CSV, TSV) are read record by record and cut into chunks of
at most :data:`CHUNK_RECORDS` records (or :data:`CHUNK_BYTES`); the chunks are redacted in
``--workers`` processes, at most ``2 * workers`` chunks in flight, and written in input
order.  Memory is bounded by the chunk size and the window, not by the file size.

Chunk boundaries depend only on the data, so the output is the same whatever the number
of workers, and the same after ``--resume``.

Safety:

* an output is written to ``.NAME.piiguard-partial`` beside it and renamed over ``NAME``
  only when complete; inputs are only ever opened for reading;
* after every chunk a checkpoint ``.NAME.piiguard-resume.json`` records the input offset
  and the output size (offsets and counts, no data); ``--resume`` truncates the partial
  output to that size and goes on from there -- the result is byte-identical to an
  uninterrupted run, even after ``kill -9``;
* a malformed record stops the job (the message names file, line and what to do), or with
  ``--on-error quarantine`` goes, as its raw bytes, to ``NAME.quarantine.EXT``; rows in =
  rows out + rows quarantined, always.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from piiguard.formats import (
    STREAMING,
    TABLES,
    RecordError,
    codec_name,
    describe_encoding,
    detect_encoding,
    format_of,
    iter_csv_records,
    iter_lines,
    process_csv_chunk,
    process_jsonl_chunk,
)

CHUNK_RECORDS = 1000
CHUNK_BYTES = 2 << 20
WARM_RECORDS = 2
_SIDECARS = (".piiguard-partial", ".piiguard-resume.json", ".manifest.json")


class BatchError(Exception):
    """An error for the user: one line, an exit code (see :mod:`piiguard.cli`)."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


EXIT_DATA, EXIT_USAGE, EXIT_IO = 1, 2, 3


@dataclass
class Options:
    fmt: str = "auto"
    encoding: str | None = None
    paths: Any = None
    workers: int = 1
    on_error: str = "stop"
    resume: bool = False
    force: bool = False
    progress: bool = False
    pins: dict = field(default_factory=dict)


@dataclass
class FileResult:
    source: str
    target: str | None
    fmt: str
    encoding: str | None = None
    rows: int = 0
    rows_out: int = 0
    quarantined: int = 0
    quarantine: str | None = None
    counts: Counter = field(default_factory=Counter)
    bad_lines: list = field(default_factory=list)
    duration: float = 0.0
    skipped: bool = False
    resumed: bool = False
    columns: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


#: Temporary copies of standard input (see :func:`_spool_stdin`), named "<stdin>".
_SPOOLED: set[str] = set()


def _label(source) -> str:
    return "<stdin>" if str(source) == "-" or str(source) in _SPOOLED else str(source)


@contextlib.contextmanager
def _spool_stdin(suffix: str) -> Iterator[str]:
    """Standard input copied to a private temporary file, removed afterwards.

    The streaming path reads by byte offset (chunks for the workers, encoding detection,
    resume checkpoints), which a pipe cannot give; the copy goes to disk in 1 MB pieces,
    so memory stays bounded however much is piped in.
    """
    fd, path = tempfile.mkstemp(prefix="piiguard-stdin.", suffix=suffix)
    _SPOOLED.add(path)
    try:
        with os.fdopen(fd, "wb") as spool:
            while piece := sys.stdin.buffer.read(1 << 20):
                spool.write(piece)
        yield path
    finally:
        _SPOOLED.discard(path)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


# -- planning ------------------------------------------------------------------------------


def _hidden_or_sidecar(path: Path) -> bool:
    name = path.name
    return (
        name.startswith(".")
        or any(name.endswith(s) for s in _SIDECARS)
        or ".quarantine." in name
    )


def expand(inputs: list[str]) -> list[tuple[str, Path | None]]:
    """``(file, relative path for mirroring or None)`` for files and directories."""
    found: list[tuple[str, Path | None]] = []
    for item in inputs:
        path = Path(item)
        if item != "-" and path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(_hidden_or_sidecar(Path(p)) for p in rel.parts):
                    if format_of(child, default="") or child.suffix.lower() in (".txt",):
                        found.append((str(child), rel))
        elif item != "-" and not path.exists():
            raise BatchError(f"{item}: input not found", EXIT_IO)
        else:
            found.append((item, None))
    return found


def plan(inputs: list[str], output: str | None, force: bool, resume: bool):
    """``[(source, target or None for stdout)]``; refuses overwrites and in-place writes."""
    if output is None:
        for item in inputs:
            if item != "-" and Path(item).is_dir():
                raise BatchError(
                    f"{item}: input is a directory; pass -o DIRECTORY to redact it into a "
                    "mirrored directory",
                    EXIT_IO,
                )
    files = expand(inputs)
    has_dir = any(rel is not None for _, rel in files)
    if not files:
        raise BatchError("no input files found", EXIT_USAGE)
    if output is None:
        if len(files) > 1 or has_dir:
            raise BatchError("several inputs need -o DIRECTORY", EXIT_USAGE)
        return [(files[0][0], None)]
    out = Path(output)
    to_dir = has_dir or len(files) > 1 or out.is_dir()
    if to_dir and out.exists() and not out.is_dir():
        raise BatchError(f"{out}: not a directory (several inputs need a directory)", EXIT_USAGE)
    targets = []
    for source, rel in files:
        if to_dir:
            target = out / (rel if rel is not None else Path(source).name)
        else:
            target = out
        if source != "-" and target.exists() and target.resolve() == Path(source).resolve():
            raise BatchError(f"{target}: output would overwrite its input", EXIT_USAGE)
        if target.exists() and not (force or resume):
            raise BatchError(f"{target}: output exists; use --force to overwrite", EXIT_USAGE)
        targets.append((source, target))
    seen = set()
    for _, target in targets:
        if target in seen:
            raise BatchError(f"{target}: two inputs would write the same output", EXIT_USAGE)
        seen.add(target)
    if not to_dir and not out.parent.is_dir() and str(out.parent):
        raise BatchError(f"{out.parent}: output directory does not exist", EXIT_IO)
    return targets


def sidecars(target: Path) -> tuple[Path, Path, Path]:
    """``(partial, checkpoint, quarantine)`` paths of an output."""
    partial = target.with_name(f".{target.name}.piiguard-partial")
    checkpoint = target.with_name(f".{target.name}.piiguard-resume.json")
    suffix = target.suffix
    quarantine = target.with_name(f"{target.name[: len(target.name) - len(suffix)]}"
                                  f".quarantine{suffix}")
    return partial, checkpoint, quarantine


# -- progress ----------------------------------------------------------------------------------


class Progress:
    """``rows, MB/s, ETA`` on stderr, only when enabled (a terminal)."""

    def __init__(self, label: str, total: int, enabled: bool) -> None:
        self.label, self.total, self.enabled = label, total, enabled
        self.start = time.monotonic()
        self.last = 0.0

    def update(self, done: int, rows: int, final: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not final and now - self.last < 0.2:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        rate = done / elapsed
        eta = (self.total - done) / rate if rate > 0 and self.total else 0
        pct = 100 * done / self.total if self.total else 100
        sys.stderr.write(
            f"\r{self.label}: {pct:5.1f}%  {rows:,} rows  {rate / 1e6:6.2f} MB/s  "
            f"ETA {int(eta) // 60:d}:{int(eta) % 60:02d} "
        )
        if final:
            sys.stderr.write("\n")
        sys.stderr.flush()


# -- workers ---------------------------------------------------------------------------------

_STATE: dict[str, Any] = {}
#: A sentence that makes every recognizer load its data (used before forking workers).
_WARM_UP_TEXT = (
    "王先生您好，我叫王建国，住在北京市朝阳区望京西路1号院3号楼502，手机13812345678，"
    "邮箱wang@qq.com，身份证11010519870312451X，车牌京A12345，护照E12345678"
)


def _work(kind: str, warm, records, on_error):
    state = _STATE
    if kind == "jsonl":
        return process_jsonl_chunk(state["redactor"], state["paths"], warm, records, on_error)
    return process_csv_chunk(
        state["cells"], state["plans"], state["codec"], state["delimiter"], records, on_error
    )


def _chunks(records: Iterator[tuple[int, bytes]], offset: int, warm: list):
    """``(warm, records, end_offset, warm_offset, warm_line)`` per chunk.

    ``warm`` holds the last records of the previous chunk (JSON Lines context); the warm
    offset and line say where the last records of this chunk start, for a checkpoint.
    """
    chunk: list[tuple[int, bytes]] = []
    offsets: list[int] = []
    size = 0
    for line, raw in records:
        chunk.append((line, raw))
        offsets.append(offset)
        offset += len(raw)
        size += len(raw)
        if len(chunk) >= CHUNK_RECORDS or size >= CHUNK_BYTES:
            k = min(WARM_RECORDS, len(chunk))
            yield warm, chunk, offset, offsets[-k], chunk[-k][0]
            warm = chunk[-WARM_RECORDS:]
            chunk, offsets, size = [], [], 0
    if chunk:
        k = min(WARM_RECORDS, len(chunk))
        yield warm, chunk, offset, offsets[-k], chunk[-k][0]


def _settings_digest(redactor, opts: Options, fmt: str, codec: str) -> str:
    data = {
        "policy": redactor.policy.fingerprint(),
        "fmt": fmt,
        "codec": codec,
        "paths": repr(opts.paths),
        "pins": repr(sorted((k, repr(v)) for k, v in opts.pins.items())),
        "on_error": opts.on_error,
        "chunk": [CHUNK_RECORDS, CHUNK_BYTES, WARM_RECORDS],
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def run_streaming(redactor, source: str, target: Path | None, fmt: str, opts: Options):
    """Redact one JSON Lines / CSV / TSV file; see the module docstring."""
    from piiguard.tables import SAMPLE_ROWS, CellRedactor, plan_columns

    started = time.monotonic()
    result = FileResult(_label(source), None if target is None else str(target), fmt)
    if source == "-":
        if opts.resume:
            raise BatchError("--resume needs an input file: standard input cannot be read "
                             "again", EXIT_USAGE)
        with _spool_stdin("." + fmt) as spooled:
            return run_streaming(redactor, spooled, target, fmt, opts)
    if fmt == "jsonl":
        codec = "utf-8"
        result.encoding = "utf-8"
    elif opts.encoding:
        codec = codec_name(opts.encoding)
        result.encoding = opts.encoding
    else:
        codec = detect_encoding(source)
        result.encoding = describe_encoding(source, codec)
    delimiter = "\t" if fmt == "tsv" else ","
    size = os.path.getsize(source)
    stat = os.stat(source)
    partial = checkpoint = qpath = None
    if target is not None:
        partial, checkpoint, qpath = sidecars(target)
    if opts.on_error == "quarantine" and target is None:
        raise BatchError("--on-error quarantine needs -o (the quarantine file goes beside it)",
                         EXIT_USAGE)
    digest = _settings_digest(redactor, opts, fmt, codec)
    state: dict[str, Any] = {}
    if opts.resume and checkpoint is not None and checkpoint.exists():
        state = json.loads(checkpoint.read_text())
        if (
            state.get("settings") != digest
            or state.get("input_size") != size
            or state.get("input_mtime") != stat.st_mtime_ns
        ):
            raise BatchError(
                f"{_label(source)}: the input or the settings changed since the interrupted "
                "run; run again without --resume (and with --force) to start over",
                EXIT_USAGE,
            )
        result.resumed = True

    stream = open(source, "rb")  # noqa: SIM115
    header_raw = b""
    plans = None
    with stream:
        first_line = 1
        offset = 0
        if fmt != "jsonl":
            start_codec = "utf-8-sig" if codec == "utf-8-sig" else codec
            codec = "utf-8" if codec == "utf-8-sig" else codec
            records = iter_csv_records(stream)
            try:
                header_line, header_raw = next(records)
            except StopIteration:
                header_line, header_raw = 1, b""
            except RecordError as exc:
                raise BatchError(f"{_label(source)}:{exc.line}: {exc}", EXIT_DATA) from None
            from piiguard.formats import decode, field_value, split_ending, split_row

            try:
                header_text = decode(header_raw, start_codec, 1)
            except RecordError as exc:
                raise BatchError(f"{_label(source)}:1: {exc}", EXIT_DATA) from None
            hbody, _ = split_ending(header_text)
            names = [field_value(hbody, s) for s in split_row(hbody, delimiter)] if hbody else []
            sample = []
            try:
                for _line, raw in records:
                    if len(sample) >= SAMPLE_ROWS:
                        break
                    try:
                        text = raw.decode(codec)
                    except UnicodeDecodeError:
                        continue
                    body, _ = split_ending(text)
                    with contextlib.suppress(ValueError):
                        sample.append([field_value(body, s) for s in split_row(body, delimiter)])
            except RecordError:
                pass
            plans = plan_columns(redactor, names, sample, opts.pins)
            result.columns = {p.name: p.describe() for p in plans}
            offset = len(header_raw)
            first_line = header_line + header_raw.count(b"\n")
        warm_from: list = []
        if state:
            result.rows_out = state["rows_out"]
            result.quarantined = state["quarantined"]
            result.counts = Counter({tuple(k.split("|")): v for k, v in state["counts"].items()})
            result.bad_lines = state["bad_lines"]
            stream.seek(state["warm_offset"])
            warm_line = state["warm_line"]
            for _ in range(state["line"] - warm_line):
                raw = stream.readline()
                warm_from.append((warm_line, raw))
                warm_line += 1
            warm_from = warm_from[-WARM_RECORDS:] if fmt == "jsonl" else []
            offset = state["offset"]
            first_line = state["line"]
            stream.seek(offset)
        else:
            stream.seek(offset)
        records = iter_lines(stream, first_line) if fmt == "jsonl" else iter_csv_records(
            stream, first_line
        )

        _STATE.clear()
        _STATE.update(
            redactor=redactor,
            paths=opts.paths,
            plans=plans,
            codec=codec,
            delimiter=delimiter,
            cells=CellRedactor(redactor) if plans is not None else None,
        )
        out_ctx = _open_output(target, partial, state, header_raw)
        progress = Progress(_label(source), size, opts.progress)
        qstream = None
        pool = None
        frozen = False
        try:
            with out_ctx as out:
                if state and qpath is not None and state.get("q_size"):
                    qstream = open(_q_partial(qpath), "r+b")  # noqa: SIM115
                    qstream.truncate(state["q_size"])
                    qstream.seek(state["q_size"])
                pending: deque = deque()
                if opts.workers > 1:
                    import multiprocessing

                    # Load every lazy table (surnames, jieba's dictionary, the gazetteer)
                    # once here, so that the forked workers share it instead of each
                    # spending a second loading its own.
                    redactor.redact(_WARM_UP_TEXT)
                    # Move everything loaded so far out of the collector's reach: a
                    # collection in a worker would otherwise write to every object's
                    # header and so copy the parent's pages that the fork shares.  The
                    # parent keeps them frozen too while the workers live (measured on a
                    # 2-worker job: 291 MB of memory in all processes without, 192 with).
                    gc.collect()
                    gc.freeze()
                    frozen = True
                    pool = multiprocessing.get_context("fork").Pool(opts.workers)
                kind = "jsonl" if fmt == "jsonl" else "csv"

                def drain(item) -> None:
                    nonlocal qstream
                    handle, end_offset, next_line, warm_offset, warm_line = item
                    chunk = handle.get() if pool is not None else handle
                    out.write(b"".join(chunk.out))
                    result.rows_out += chunk.rows
                    result.counts.update(chunk.counts)
                    if chunk.bad:
                        if qstream is None:
                            qstream = open(_q_partial(qpath), "wb")  # noqa: SIM115
                            if header_raw:
                                qstream.write(header_raw)
                        for line, raw, _reason in chunk.bad:
                            qstream.write(raw if raw.endswith(b"\n") else raw + b"\n")
                            result.quarantined += 1
                            if len(result.bad_lines) < 100:
                                result.bad_lines.append(line)
                    if checkpoint is not None:
                        out.flush()
                        if qstream is not None:
                            qstream.flush()
                        _save_checkpoint(
                            checkpoint,
                            {
                                "settings": digest,
                                "input_size": size,
                                "input_mtime": stat.st_mtime_ns,
                                "offset": end_offset,
                                "line": next_line,
                                "warm_offset": warm_offset,
                                "warm_line": warm_line,
                                "out_size": out.tell(),
                                "q_size": qstream.tell() if qstream is not None else 0,
                                "rows_out": result.rows_out,
                                "quarantined": result.quarantined,
                                "bad_lines": result.bad_lines,
                                "counts": {f"{e}|{o}": n for (e, o), n in result.counts.items()},
                            },
                        )
                    progress.update(end_offset, result.rows_out + result.quarantined)

                try:
                    for warm, chunk, end_offset, warm_offset, warm_line in _chunks(
                        records, offset, warm_from
                    ):
                        next_line = chunk[-1][0] + max(chunk[-1][1].count(b"\n"), 1)
                        if pool is None:
                            handle = _work(kind, warm, chunk, opts.on_error)
                        else:
                            handle = pool.apply_async(_work, (kind, warm, chunk, opts.on_error))
                        pending.append((handle, end_offset, next_line, warm_offset, warm_line))
                        while len(pending) >= max(2 * opts.workers, 1):
                            drain(pending.popleft())
                    while pending:
                        drain(pending.popleft())
                except RecordError as exc:
                    raise BatchError(
                        f"{_label(source)}:{exc.line}: {exc}", EXIT_DATA
                    ) from None
                progress.update(size, result.rows_out + result.quarantined, final=True)
                if qstream is not None:
                    qstream.flush()
                    os.fsync(qstream.fileno())
                    qstream.close()
                    qstream = None
                    os.replace(_q_partial(qpath), qpath)
                    result.quarantine = str(qpath)
        except KeyboardInterrupt:
            if pool is not None:
                pool.terminate()
                pool = None
            raise
        except BaseException:
            if pool is not None:
                pool.terminate()
                pool = None
            if qstream is not None:
                qstream.close()
                qstream = None
            if qpath is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(_q_partial(qpath))
            if checkpoint is not None:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(checkpoint)
            raise
        finally:
            if pool is not None:
                pool.close()
                pool.join()
            if frozen:
                gc.unfreeze()
            if qstream is not None:
                qstream.close()
    if checkpoint is not None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(checkpoint)
    result.rows = result.rows_out + result.quarantined
    result.duration = time.monotonic() - started
    return result


def _q_partial(qpath: Path) -> Path:
    return qpath.with_name(f".{qpath.name}.piiguard-partial")


def _save_checkpoint(path: Path, data: dict) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data))
    os.replace(tmp, path)


@contextlib.contextmanager
def _open_output(target: Path | None, partial: Path | None, state: dict, header: bytes):
    """The output byte stream: stdout, or the partial file renamed into place on success."""
    if target is None:
        out = sys.stdout.buffer
        out.write(header)
        yield out
        out.flush()
        return
    if state:
        if not partial.exists():
            raise BatchError(f"{target}: the partial output to resume is missing", EXIT_USAGE)
        stream = open(partial, "r+b")  # noqa: SIM115
        stream.truncate(state["out_size"])
        stream.seek(state["out_size"])
    else:
        stream = open(partial, "wb")  # noqa: SIM115
        stream.write(header)
    try:
        yield stream
        stream.flush()
        os.fsync(stream.fileno())
        stream.close()
        os.replace(partial, target)
    except KeyboardInterrupt:
        stream.close()  # keep the partial output and the checkpoint for --resume
        raise
    except BaseException:
        stream.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(partial)
        raise


# -- whole-document formats -----------------------------------------------------------------


@contextlib.contextmanager
def _temp_beside(target: Path):
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def run_document(redactor, source: str, target: Path | None, fmt: str, opts: Options):
    """XLSX, Parquet or ASR transcript JSON, written atomically."""
    from piiguard.formats import MissingExtra, redact_asr, redact_parquet, redact_xlsx

    started = time.monotonic()
    result = FileResult(_label(source), None if target is None else str(target), fmt)
    if fmt in ("xlsx", "parquet") and target is None:
        raise BatchError(f"{_label(source)}: {fmt} output needs -o FILE", EXIT_USAGE)
    try:
        if fmt == "asr":
            from piiguard.atomic import atomic_writer
            from piiguard.fields import DuplicateKeyError, loads

            try:
                raw = sys.stdin.read() if source == "-" else Path(source).read_bytes().decode(
                    "utf-8-sig"
                )
                document = loads(raw)
            except UnicodeDecodeError:
                raise BatchError(f"{_label(source)}: not UTF-8 JSON", EXIT_DATA) from None
            except json.JSONDecodeError as exc:
                raise BatchError(
                    f"{_label(source)}:{exc.lineno}: not valid JSON ({exc.msg} at column "
                    f"{exc.colno})",
                    EXIT_DATA,
                ) from None
            except DuplicateKeyError as exc:
                raise BatchError(f"{_label(source)}: {exc}", EXIT_DATA) from None
            document, findings, counts = redact_asr(redactor, document, _label(source))
            if isinstance(document, list):
                document = {"segments": document}
            document["redactions"] = findings
            text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
            if target is None:
                sys.stdout.write(text)
            else:
                with atomic_writer(target) as out:
                    out.write(text)
            result.counts = Counter(counts)
            result.rows = result.rows_out = len(document.get("segments", []))
            result.extra["mute_intervals"] = len(findings)
        else:
            with _temp_beside(target) as tmp:
                if fmt == "xlsx":
                    counts, rows, plans = redact_xlsx(redactor, source, tmp, opts.pins)
                    result.columns = {
                        f"{sheet}!{p.name}": p.describe() for sheet, ps in plans.items() for p in ps
                    }
                else:
                    counts, rows, plans = redact_parquet(redactor, source, tmp, opts.pins)
                    result.columns = {p.name: p.describe() for p in plans.values()}
            result.counts = Counter(counts)
            result.rows = result.rows_out = rows
    except MissingExtra as exc:
        raise BatchError(str(exc), EXIT_USAGE) from None
    except RecordError as exc:
        raise BatchError(f"{_label(source)}: {exc}", EXIT_DATA) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        if isinstance(exc, OSError) and exc.strerror:
            message = f"{_label(source)}: cannot process ({exc.strerror})"
            raise BatchError(message, EXIT_IO) from None
        raise BatchError(
            f"{_label(source)}: cannot read this {fmt} file ({type(exc).__name__}); "
            "check that the file is complete and of this format",
            EXIT_DATA,
        ) from None
    result.duration = time.monotonic() - started
    return result


def run_file(redactor, source: str, target: Path | None, fmt: str, opts: Options,
             legacy: Callable | None = None) -> FileResult:
    """Redact one file in the format ``fmt``."""
    if fmt in STREAMING:
        return run_streaming(redactor, source, target, fmt, opts)
    if fmt in TABLES or fmt == "asr":
        return run_document(redactor, source, target, fmt, opts)
    started = time.monotonic()
    entity_counts = legacy(source, target, fmt)
    result = FileResult(_label(source), None if target is None else str(target), fmt)
    for entity, n in entity_counts.items():
        result.counts[(entity, redactor.policy.operator_for(entity).name)] += n
    result.duration = time.monotonic() - started
    return result
