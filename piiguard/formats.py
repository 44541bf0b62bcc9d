"""File formats: detection, encodings, and the record-level redaction of each format.

Streaming formats (JSON Lines, CSV, TSV) are read as *records* of raw bytes with their
line numbers, so that the batch runner can cut them into chunks, hand the chunks to worker
processes, and resume at a byte offset.  Whole-document formats (JSON, ASR transcript JSON,
XLSX, Parquet) are redacted by one function each; Parquet is still streamed batch by batch.

pandas, pyarrow and openpyxl are optional (``pip install 'piiguard[files]'``) and imported
only when a file needs them.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

#: Extension -> format.
EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".log": "text",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".parquet": "parquet",
    ".pq": "parquet",
}
FORMATS = ("text", "jsonl", "json", "asr", "csv", "tsv", "xlsx", "parquet")
STREAMING = ("jsonl", "csv", "tsv")
TABLES = ("csv", "tsv", "xlsx", "parquet")
#: A record (a CSV row with quoted line breaks) longer than this is malformed.
MAX_RECORD_BYTES = 16 << 20


class RecordError(ValueError):
    """A malformed record; ``line`` is 1-based; the message never quotes the data."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line

    def __reduce__(self):
        return (RecordError, (self.line, str(self)))


class MissingExtra(ImportError):
    pass


def require(module: str):
    """Import an optional dependency, or fail naming the extra that provides it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(
            f"this format needs {module.split('.')[0]}, which is not installed: "
            "pip install 'piiguard[files]'"
        ) from None


def format_of(path: str | Path, default: str = "text") -> str:
    """The format of ``path`` by its extension; ``.json`` with ASR segments is ``asr``."""
    suffix = Path(str(path)).suffix.lower()
    fmt = EXTENSIONS.get(suffix, default)
    if fmt == "json" and str(path) != "-" and looks_like_asr(path):
        return "asr"
    return fmt


def looks_like_asr(path: str | Path) -> bool:
    """A JSON document with a ``segments`` list of objects with start, end and text."""
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return False
    text = head.decode("utf-8", "ignore")
    return bool(
        re.search(r'"segments"\s*:\s*\[', text)
        and re.search(r'"start"\s*:', text)
        and re.search(r'"end"\s*:', text)
    )


# -- encodings ---------------------------------------------------------------------------


def detect_encoding(path: str | Path, sample: int = 1 << 20) -> str:
    """``utf-8-sig``, ``utf-8`` or ``gb18030`` (which reads GBK exactly), from a sample.

    GBK is decoded with the GB18030 codec: it is a superset that maps every GBK byte
    sequence to the same characters, and encodes them back to the same bytes.
    """
    with open(path, "rb") as f:
        head = f.read(sample)
        more = bool(f.read(1))
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if more and b"\n" in head:
        head = head[: head.rindex(b"\n") + 1]
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        head.decode("gb18030")
        return "gb18030"
    except UnicodeDecodeError:
        return "utf-8"  # fails later with a precise line number and a hint


def codec_name(encoding: str) -> str:
    """Normalize user spellings; GBK family -> gb18030 (see :func:`detect_encoding`)."""
    name = codecs.lookup(encoding).name
    if name in ("gbk", "gb2312", "cp936", "gb18030"):
        return "gb18030"
    return name


def describe_encoding(path: str | Path, codec: str) -> str:
    """A label for the summary: gbk when the sample is GBK, else the codec."""
    if codec != "gb18030":
        return codec
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 20)
        head = head[: head.rindex(b"\n") + 1] if b"\n" in head else head
        head.decode("gbk")
        return "gbk"
    except (OSError, UnicodeDecodeError, ValueError):
        return "gb18030"


def decode(raw: bytes, codec: str, line: int) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise RecordError(
            line,
            f"bytes at offset {exc.start + 1} of the record are not valid {codec}; pass "
            "--encoding (e.g. gbk or gb18030) if the file uses another",
        ) from None


# -- records -----------------------------------------------------------------------------


def iter_lines(stream: BinaryIO, first_line: int = 1) -> Iterator[tuple[int, bytes]]:
    """``(line_number, raw_line)`` for JSON Lines."""
    yield from enumerate(stream, first_line)


def iter_csv_records(stream: BinaryIO, first_line: int = 1) -> Iterator[tuple[int, bytes]]:
    """``(first_line_number, raw_record)``: physical lines joined while a quote is open.

    Counting quote bytes is exact for RFC 4180 (a quote inside a quoted field is doubled)
    and safe for GBK/GB18030 (0x22 is never part of a multi-byte character).
    """
    number = first_line - 1
    pending: list[bytes] = []
    start = first_line
    quotes = 0
    size = 0
    for raw in stream:
        number += 1
        if not pending:
            start = number
        pending.append(raw)
        size += len(raw)
        quotes += raw.count(b'"')
        if quotes % 2 == 0:
            yield start, b"".join(pending)
            pending, quotes, size = [], 0, 0
        elif size > MAX_RECORD_BYTES:
            raise RecordError(start, "a quoted field is never closed (runaway quote)")
    if pending:
        raise RecordError(start, "a quoted field is never closed before the end of the file")


def _field_pattern(delimiter: str) -> re.Pattern[str]:
    d = re.escape(delimiter)
    return re.compile(rf'"(?:[^"]|"")*"(?={d}|$)|[^{d}\r\n]*')


_PATTERNS = {",": _field_pattern(","), "\t": _field_pattern("\t")}


def split_row(body: str, delimiter: str) -> list[tuple[int, int]]:
    """Spans of the fields of one CSV record (without its line ending)."""
    pattern = _PATTERNS.get(delimiter) or _field_pattern(delimiter)
    spans = []
    pos = 0
    n = len(body)
    while True:
        m = pattern.match(body, pos)
        spans.append((m.start(), m.end()))
        pos = m.end()
        if pos >= n:
            return spans
        if body[pos] != delimiter:
            raise ValueError("unexpected character after a field")
        pos += 1
        if pos == n:
            spans.append((n, n))
            return spans


def field_value(body: str, span: tuple[int, int]) -> str:
    a, b = span
    if b - a >= 2 and body[a] == '"' and body[b - 1] == '"':
        return body[a + 1 : b - 1].replace('""', '"')
    return body[a:b]


def quote_field(value: str, delimiter: str, was_quoted: bool) -> str:
    if was_quoted or any(c in value for c in (delimiter, '"', "\n", "\r")):
        return '"' + value.replace('"', '""') + '"'
    return value


def split_ending(text: str) -> tuple[str, str]:
    body = text.rstrip("\r\n")
    return body, text[len(body) :]


def parse_row(raw: bytes, codec: str, line: int, delimiter: str, width: int | None):
    """``(body, ending, spans)`` of one CSV record, or :class:`RecordError`."""
    text = decode(raw, codec, line)
    body, ending = split_ending(text)
    try:
        spans = split_row(body, delimiter)
    except ValueError:
        raise RecordError(line, "a field has text after its closing quote") from None
    if width is not None and len(spans) != width:
        raise RecordError(
            line,
            f"the row has {len(spans)} fields where the header has {width} (ragged row); "
            "fix the row or use --on-error quarantine",
        )
    return body, ending, spans


# -- chunk processors (run in worker processes) -------------------------------------------


class ChunkResult:
    """What a chunk produced: output bytes, counts, good rows, and bad records."""

    __slots__ = ("out", "counts", "rows", "bad")

    def __init__(self) -> None:
        self.out: list[bytes] = []
        self.counts: Counter[tuple[str, str]] = Counter()
        self.rows = 0
        self.bad: list[tuple[int, bytes, str]] = []


def process_csv_chunk(cells, plans, codec, delimiter, records, on_error) -> ChunkResult:
    """Redact CSV records (``(line, raw)``) under column ``plans``."""
    result = ChunkResult()
    width = len(plans)
    for line, raw in records:
        if not raw.strip(b"\r\n"):
            result.out.append(raw)
            continue
        try:
            body, ending, spans = parse_row(raw, codec, line, delimiter, width)
            parts = []
            cursor = 0
            for plan, span in zip(plans, spans, strict=True):
                value = field_value(body, span)
                new = cells.cell(plan, value)
                if new != value:
                    quoted = span[1] - span[0] >= 2 and body[span[0]] == '"'
                    parts.append(body[cursor : span[0]])
                    parts.append(quote_field(new, delimiter, quoted))
                    cursor = span[1]
            if cursor == 0:
                result.out.append(raw)
            else:
                parts.append(body[cursor:])
                parts.append(ending)
                out = "".join(parts).encode(codec)
                result.out.append(out)
        except RecordError as exc:
            if on_error != "quarantine":
                raise
            result.bad.append((line, raw, str(exc)))
            continue
        except UnicodeEncodeError:
            err = RecordError(line, f"a replacement cannot be written in {codec}")
            if on_error != "quarantine":
                raise err from None
            result.bad.append((line, raw, str(err)))
            continue
        result.rows += 1
    result.counts = cells.counts.copy()
    cells.counts.clear()
    return result


def process_jsonl_chunk(redactor, paths, warm, records, on_error, context_chars=200):
    """Redact JSON Lines records; ``warm`` records before the chunk only build context."""
    from piiguard.fields import DuplicateKeyError, loads, splice, transform

    result = ChunkResult()
    previous: dict[object, str] = {}
    counting = [True]

    def fn(text: str, path) -> str:
        context = previous.get(path)
        red = redactor.redact(text, context=context)
        previous[path] = (f"{context}\n{text}" if context else text)[-context_chars:]
        if counting[0]:
            for item in red.items:
                result.counts[(item.entity, item.operator)] += 1
        return red.text

    counting[0] = False
    for _line, raw in warm:
        try:
            record = loads(raw.decode("utf-8-sig").rstrip("\r\n"))
            transform(record, paths, fn)
        except (ValueError, UnicodeDecodeError):
            continue
    counting[0] = True
    for line, raw in records:
        try:
            text = decode(raw, "utf-8-sig" if line == 1 else "utf-8", line)
            body, ending = split_ending(text)
            if not body.strip():
                result.out.append(raw)
                continue
            try:
                record = loads(body)
            except json.JSONDecodeError as exc:
                raise RecordError(
                    line,
                    f"not valid JSON ({exc.msg} at column {exc.colno}); fix or remove the "
                    "line, or use --on-error quarantine",
                ) from None
            except DuplicateKeyError as exc:
                raise RecordError(
                    line, f"{exc}; an earlier value would escape redaction, so the line is refused"
                ) from None
            changes = transform(record, paths, fn)
            result.out.append((splice(body, changes) + ending).encode() if changes else raw)
        except RecordError as exc:
            if on_error != "quarantine":
                raise
            result.bad.append((line, raw, str(exc)))
            continue
        result.rows += 1
    return result


# -- ASR transcripts -----------------------------------------------------------------------


def _word_offsets(text: str, words: list[Any]) -> list[tuple[int, int, float, float, dict]]:
    """``(start, end, t0, t1, word)`` in ``text`` of each timed word found there, in order."""
    spans = []
    cursor = 0
    for w in words:
        if not isinstance(w, dict):
            continue
        token = w.get("word", w.get("text"))
        t0, t1 = w.get("start"), w.get("end")
        if not isinstance(token, str) or not token or not _is_time(t0) or not _is_time(t1):
            continue
        at = text.find(token, cursor)
        if at < 0:
            continue
        spans.append((at, at + len(token), float(t0), float(t1), w))
        cursor = at + len(token)
    return spans


def _is_time(x: Any) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def finding_interval(segment: dict, text: str, start: int, end: int, words) -> tuple[float, float]:
    """The audio interval of ``text[start:end]``: from word timestamps, else proportional."""
    hit = [(t0, t1) for a, b, t0, t1, _w in words if a < end and b > start]
    if hit:
        return min(t for t, _ in hit), max(t for _, t in hit)
    s0, s1 = float(segment["start"]), float(segment["end"])
    n = max(len(text), 1)
    return s0 + (s1 - s0) * start / n, s0 + (s1 - s0) * end / n


def redact_asr(redactor, document: Any, label: str, context_chars: int = 200):
    """``(redacted_document, findings, counts)`` of an ASR transcript.

    ``document`` is ``{"segments": [{"speaker", "start", "end", "text", "words": [...]}]}``
    (or a bare list of segments).  Word texts inside a finding are masked too.  Each finding
    is ``{"segment", "speaker", "entity", "operator", "start", "end"}`` with times in the
    transcript's unit (seconds, usually): mute the recording there.
    """
    segments = document.get("segments") if isinstance(document, dict) else document
    if not isinstance(segments, list):
        raise RecordError(1, f"{label}: no 'segments' list: not an ASR transcript")
    counts: Counter[tuple[str, str]] = Counter()
    findings = []
    previous = ""
    for index, seg in enumerate(segments):
        if not isinstance(seg, dict) or not isinstance(seg.get("text"), str):
            raise RecordError(1, f"segment {index}: expected an object with a 'text' string")
        if not (_is_time(seg.get("start")) and _is_time(seg.get("end"))):
            raise RecordError(1, f"segment {index}: 'start' and 'end' must be numbers")
        text = seg["text"]
        words = seg.get("words") if isinstance(seg.get("words"), list) else []
        offsets = _word_offsets(text, words)
        result = redactor.redact(text, context=previous[-context_chars:] or None)
        previous = text
        for item in result.items:
            counts[(item.entity, item.operator)] += 1
            t0, t1 = finding_interval(seg, text, item.start, item.end, offsets)
            findings.append(
                {
                    "segment": index,
                    "speaker": seg.get("speaker"),
                    "entity": item.entity,
                    "operator": item.operator,
                    "start": round(t0, 3),
                    "end": round(t1, 3),
                }
            )
        if result.items:
            seg["text"] = result.text
            _redact_words(offsets, result.items)
    return document, findings, counts


def _redact_words(offsets, items) -> None:
    """Mask the words that overlap a finding (their text is personal data too)."""
    for a, b, _t0, _t1, w in offsets:
        if any(item.start < b and item.end > a for item in items):
            key = "word" if "word" in w else "text"
            w[key] = "*" * len(w[key])


# -- XLSX --------------------------------------------------------------------------------


def redact_xlsx(redactor, source, target, pins, on_error="stop"):
    """Redact every sheet of a workbook; the first row of each sheet is its header.

    Values are written back (formulas stay formulas; styles are not copied).  Returns
    ``(counts, rows, plans_by_sheet)``.
    """
    openpyxl = require("openpyxl")
    from piiguard.tables import SAMPLE_ROWS, CellRedactor, plan_columns

    cells = CellRedactor(redactor)
    book = openpyxl.load_workbook(source, read_only=True, data_only=False)
    out = openpyxl.Workbook(write_only=True)
    rows = 0
    plans_by_sheet = {}
    try:
        for sheet in book.worksheets:
            target_sheet = out.create_sheet(title=sheet.title)
            iterator = sheet.iter_rows(values_only=True)
            header = next(iterator, None)
            if header is None:
                continue
            target_sheet.append(list(header))
            sample = []
            for row in sheet.iter_rows(min_row=2, max_row=SAMPLE_ROWS + 1, values_only=True):
                sample.append(["" if v is None else str(v) for v in row])
            names = ["" if h is None else str(h) for h in header]
            plans = plan_columns(redactor, names, sample, pins)
            plans_by_sheet[sheet.title] = plans
            for row in iterator:
                new_row = []
                for i, value in enumerate(row):
                    if i >= len(plans) or value is None or isinstance(value, bool):
                        new_row.append(value)
                        continue
                    if isinstance(value, str):
                        if value.startswith("="):
                            new_row.append(value)
                            continue
                        new_row.append(cells.cell(plans[i], value))
                    elif isinstance(value, int) or (
                        isinstance(value, float) and value.is_integer()
                    ):
                        text = str(int(value))
                        new = cells.cell(plans[i], text) if len(text) >= 5 else text
                        new_row.append(value if new == text else new)
                    else:
                        new_row.append(value)
                target_sheet.append(new_row)
                rows += 1
        out.save(target)
    finally:
        book.close()
    return cells.counts, rows, plans_by_sheet


# -- Parquet -------------------------------------------------------------------------------


def redact_parquet(redactor, source, target, pins, batch_rows=65536):
    """Redact the string columns of a Parquet file batch by batch; schema and metadata kept.

    A non-string column that holds personal data (a phone number stored as an integer)
    cannot hold a mask: the file is refused, naming the column.  Returns
    ``(counts, rows, plans)``.
    """
    pa = require("pyarrow")
    pq = require("pyarrow.parquet")
    from piiguard.tables import SAMPLE_ROWS, CellRedactor, classify

    cells = CellRedactor(redactor)
    reader = pq.ParquetFile(source)
    schema = reader.schema_arrow
    first = next(reader.iter_batches(batch_size=SAMPLE_ROWS), None)
    plans = {}
    for i, field in enumerate(schema):
        if first is None:
            break
        values = [v for v in first.column(i).to_pylist() if v is not None]
        is_string = pa.types.is_string(field.type) or pa.types.is_large_string(field.type)
        is_int = pa.types.is_integer(field.type)
        if not (is_string or is_int):
            continue
        plan = classify(redactor, field.name, [str(v) for v in values], pins.get(field.name))
        if is_int:
            if plan.kind == "entity":
                raise RecordError(
                    0,
                    f"column {field.name!r} holds {plan.entity} values as integers, which "
                    "cannot hold a mask: cast it to string first, or pin it to keep in the "
                    "policy's columns section",
                )
            continue
        plans[i] = plan
    rows = 0
    writer = pq.ParquetWriter(target, schema)
    try:
        for batch in reader.iter_batches(batch_size=batch_rows):
            arrays = []
            for i, column in enumerate(batch.columns):
                plan = plans.get(i)
                if plan is None or plan.kind == "keep":
                    arrays.append(column)
                    continue
                values = column.to_pylist()
                new = [v if v is None else cells.cell(plan, v) for v in values]
                arrays.append(pa.array(new, type=column.type) if new != values else column)
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            rows += batch.num_rows
    finally:
        writer.close()
    return cells.counts, rows, plans


def csv_header(stream: BinaryIO, codec: str, delimiter: str) -> list[str]:
    """The header names of a CSV stream's first record (for tests and the scan report)."""
    raw = next(iter_csv_records(stream), (1, b""))[1]
    return next(csv.reader(io.StringIO(raw.decode(codec)), delimiter=delimiter), [])
