"""``piiguard scan``: where the personal data is, how much, and how sensitive.

Per file and per column (tables) or field (JSON; list indices blanked, ``segments[*].text``),
the report counts findings per entity, the share of rows that hold each entity, up to three
*masked* examples, and a sensitivity class:

* ``sensitive``  -- PIPL sensitive personal information (Art. 28: specific identity and
  financial accounts): resident ID, passport and bank card numbers;
* ``personal``   -- other personal information (names, phones, e-mail, addresses, plates);
* ``none``       -- nothing found.

Output as a terminal table, JSON, or a self-contained HTML page with inline SVG charts (no
script, no font or style from the network).  Examples are masked with the default masks;
the report never holds a full value.
"""

from __future__ import annotations

import html
import json
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from piiguard.formats import (
    codec_name,
    decode,
    detect_encoding,
    field_value,
    format_of,
    iter_csv_records,
    require,
    split_ending,
    split_row,
)
from piiguard.operators import OperatorSpec, apply

SENSITIVE = frozenset({"CN_RESIDENT_ID", "CN_BANK_CARD", "CN_PASSPORT"})
EXAMPLES = 3
_MASK = OperatorSpec("mask")


def sensitivity(entities) -> str:
    entities = set(entities)
    if entities & SENSITIVE:
        return "sensitive"
    return "personal" if entities else "none"


class _Field:
    def __init__(self, name: str, plan: str = "") -> None:
        self.name = name
        self.plan = plan
        self.rows = 0
        self.counts: Counter[str] = Counter()
        self.rows_with: Counter[str] = Counter()
        self.examples: dict[str, list[str]] = defaultdict(list)

    def add(self, redactor, value: str, entity_plan: str | None = None) -> None:
        self.rows += 1
        if not value or value.isspace():
            return
        found = [(r.entity_type, r.start, r.end) for r in redactor.analyze(value)]
        if not found and entity_plan:
            core = value.strip()
            found = [(entity_plan, value.index(core), value.index(core) + len(core))]
        seen = set()
        for entity, start, end in found:
            self.counts[entity] += 1
            seen.add(entity)
            if len(self.examples[entity]) < EXAMPLES:
                masked = apply(_MASK, entity, value[start:end])
                if masked not in self.examples[entity]:
                    self.examples[entity].append(masked)
        for entity in seen:
            self.rows_with[entity] += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "plan": self.plan,
            "rows": self.rows,
            "counts": dict(self.counts.most_common()),
            "rates": {e: round(n / self.rows, 4) if self.rows else 0 for e, n in
                      self.rows_with.most_common()},
            "examples": {e: v for e, v in self.examples.items() if v},
            "sensitivity": sensitivity(self.counts),
        }


def scan_file(redactor, path: str, fmt: str = "auto", encoding: str | None = None,
              limit: int | None = None, pins=None) -> dict[str, Any]:
    """The report of one file (see the module docstring)."""
    fmt = format_of(path) if fmt == "auto" else fmt
    fields: dict[str, _Field] = {}
    rows = 0

    def get(name: str, plan: str = "") -> _Field:
        if name not in fields:
            fields[name] = _Field(name, plan)
        return fields[name]

    if fmt in ("csv", "tsv"):
        from piiguard.tables import SAMPLE_ROWS, plan_columns

        delimiter = "\t" if fmt == "tsv" else ","
        codec = codec_name(encoding) if encoding else detect_encoding(path)
        with open(path, "rb") as f:
            records = iter_csv_records(f)
            head = [r for _, (_, r) in zip(range(SAMPLE_ROWS + 1), records, strict=False)]
            if not head:
                return _report(path, fmt, 0, fields)
            htext, _ = split_ending(decode(head[0], "utf-8-sig" if codec == "utf-8-sig"
                                           else codec, 1))
            body_codec = "utf-8" if codec == "utf-8-sig" else codec
            names = [field_value(htext, s) for s in split_row(htext, delimiter)]

            def cells(raw, line):
                body, _ = split_ending(decode(raw, body_codec, line))
                return [field_value(body, s) for s in split_row(body, delimiter)]

            sample = [cells(raw, 0) for raw in head[1:]]
            plans = plan_columns(redactor, names, sample, pins)
            line = 1
            import itertools

            for raw in itertools.chain(head[1:], (r for _, r in records)):
                line += 1
                if limit is not None and rows >= limit:
                    break
                if not raw.strip(b"\r\n"):
                    continue
                rows += 1
                try:
                    values = cells(raw, line)
                except (ValueError, UnicodeDecodeError):
                    continue
                for plan, value in zip(plans, values, strict=False):
                    entity = plan.entity if plan.kind == "entity" else None
                    if plan.kind != "keep":
                        get(plan.name, plan.describe()).add(redactor, value, entity)
    elif fmt in ("jsonl", "json", "asr"):
        from piiguard.fields import _leaves, loads

        def walk(record):
            for at, value in _leaves(record):
                if isinstance(value, str):
                    name = "".join(f"[{'*'}]" if isinstance(s, int) else f".{s}" for s in at)
                    get(name.lstrip(".") or "$").add(redactor, value)

        if fmt == "jsonl":
            with open(path, encoding="utf-8-sig") as f:
                for text in f:
                    if limit is not None and rows >= limit:
                        break
                    if text.strip():
                        rows += 1
                        try:
                            walk(loads(text))
                        except ValueError:
                            continue
        else:
            walk(loads(Path(path).read_text(encoding="utf-8-sig")))
            rows = 1
    elif fmt == "xlsx":
        from piiguard.tables import plan_columns

        openpyxl = require("openpyxl")
        book = openpyxl.load_workbook(path, read_only=True)
        for sheet in book.worksheets:
            it = sheet.iter_rows(values_only=True)
            header = next(it, None)
            if header is None:
                continue
            names = ["" if h is None else str(h) for h in header]
            sample = [["" if v is None else str(v) for v in r]
                      for r in sheet.iter_rows(min_row=2, max_row=201, values_only=True)]
            plans = plan_columns(redactor, names, sample, pins)
            for r in it:
                if limit is not None and rows >= limit:
                    break
                rows += 1
                for plan, value in zip(plans, r, strict=False):
                    if value is None or plan.kind == "keep":
                        continue
                    entity = plan.entity if plan.kind == "entity" else None
                    get(f"{sheet.title}!{plan.name}", plan.describe()).add(
                        redactor, str(value), entity
                    )
        book.close()
    elif fmt == "parquet":
        from piiguard.tables import classify

        pq = require("pyarrow.parquet")
        reader = pq.ParquetFile(path)
        plans = None
        for batch in reader.iter_batches(batch_size=8192):
            if plans is None:
                plans = {
                    i: classify(redactor, f.name,
                                [str(v) for v in batch.column(i).to_pylist()[:200] if v])
                    for i, f in enumerate(batch.schema)
                    if str(f.type) in ("string", "large_string")
                    or str(f.type).startswith("int")
                }
            for i, plan in plans.items():
                for value in batch.column(i).to_pylist():
                    entity = plan.entity if plan.kind == "entity" else None
                    if value is not None:
                        get(plan.name, plan.describe()).add(redactor, str(value), entity)
            rows += batch.num_rows
            if limit is not None and rows >= limit:
                break
    else:
        with open(path, encoding=encoding or "utf-8-sig") as f:
            field = get("text")
            for text in f:
                if limit is not None and rows >= limit:
                    break
                rows += 1
                field.add(redactor, text.rstrip("\n"))
    return _report(path, fmt, rows, fields)


def _report(path, fmt, rows, fields) -> dict[str, Any]:
    listed = [f.to_dict() for f in fields.values()]
    totals: Counter[str] = Counter()
    for f in fields.values():
        totals.update(f.counts)
    return {
        "path": str(path),
        "format": fmt,
        "rows": rows,
        "totals": dict(totals.most_common()),
        "sensitivity": sensitivity(totals),
        "fields": listed,
    }


def to_json(reports: list[dict[str, Any]]) -> str:
    from piiguard._version import __version__

    return json.dumps({"tool": f"piiguard {__version__}", "files": reports},
                      ensure_ascii=False, indent=2) + "\n"


def _display_width(text: str) -> int:
    """Terminal columns: CJK and full-width characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    """``text`` cut and padded to ``width`` terminal columns (CJK-aware ``:<width``)."""
    out, used = [], 0
    for ch in text:
        w = _display_width(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out) + " " * (width - used)


def to_table(reports: list[dict[str, Any]]) -> str:
    """The report as an aligned terminal table (field names may be Chinese)."""
    lines = []
    for rep in reports:
        lines.append(f"{rep['path']}  ({rep['format']}, {rep['rows']} rows, "
                     f"{rep['sensitivity']})")
        lines.append(f"  {'field':<28} {'entity':<18} {'count':>7} {'rate':>7}  "
                     f"{'class':<9} examples")
        for f in rep["fields"]:
            if not f["counts"]:
                continue
            for entity, n in f["counts"].items():
                rate = f["rates"].get(entity, 0)
                klass = "sensitive" if entity in SENSITIVE else "personal"
                ex = ", ".join(f["examples"].get(entity, []))
                lines.append(f"  {_pad(f['name'], 28)} {entity:<18} {n:>7} {rate:>7.1%}  "
                             f"{klass:<9} {ex}")
        if not rep["totals"]:
            lines.append("  no personal data found")
        lines.append("")
    return "\n".join(lines)


_COLORS = {"sensitive": "#c0392b", "personal": "#e67e22", "none": "#7f8c8d"}


def _bar_chart(title: str, data: dict[str, int]) -> str:
    if not data:
        return ""
    width, bar_h, label_w = 640, 22, 220
    top = max(data.values()) or 1
    height = 30 + bar_h * len(data)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'role="img" aria-label="{html.escape(title)}">',
             f'<text x="0" y="16" font-size="14" font-weight="bold">{html.escape(title)}</text>']
    for i, (name, n) in enumerate(data.items()):
        y = 26 + i * bar_h
        w = max(2, int((width - label_w - 60) * n / top))
        color = _COLORS["sensitive" if name in SENSITIVE else "personal"]
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{html.escape(name)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w}" height="{bar_h - 6}" '
                     f'fill="{color}"/>')
        parts.append(f'<text x="{label_w + w + 6}" y="{y + 15}" font-size="12">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def to_html(reports: list[dict[str, Any]]) -> str:
    from piiguard._version import __version__

    esc = html.escape
    totals: Counter[str] = Counter()
    for rep in reports:
        totals.update(rep["totals"])
    out = [
        "<!DOCTYPE html><html lang=\"zh\"><head><meta charset=\"utf-8\">",
        "<title>piiguard scan report</title><style>",
        "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;"
        "margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}"
        "th{background:#f3f3f3}.sensitive{color:#c0392b;font-weight:bold}"
        ".personal{color:#e67e22}.none{color:#7f8c8d}.num{text-align:right}",
        "</style></head><body>",
        f"<h1>piiguard scan report</h1><p>piiguard {esc(__version__)} &middot; "
        f"{len(reports)} file(s). Examples are masked; sensitive = PIPL sensitive personal "
        "information (identity documents, financial accounts).</p>",
        _bar_chart("Findings per entity, all files", dict(totals.most_common())),
    ]
    for rep in reports:
        out.append(f"<h2>{esc(rep['path'])}</h2><p>{esc(rep['format'])}, {rep['rows']} rows, "
                   f"class <span class=\"{rep['sensitivity']}\">{rep['sensitivity']}</span></p>")
        per_field = {f["name"]: sum(f["counts"].values()) for f in rep["fields"] if f["counts"]}
        out.append(_bar_chart("Findings per column / field", per_field))
        out.append("<table><tr><th>column / field</th><th>plan</th><th>entity</th>"
                   "<th>count</th><th>rows with it</th><th>class</th><th>masked examples</th></tr>")
        for f in rep["fields"]:
            if not f["counts"]:
                out.append(f"<tr><td>{esc(f['name'])}</td><td>{esc(f['plan'])}</td>"
                           "<td colspan=\"5\" class=\"none\">none</td></tr>")
                continue
            for entity, n in f["counts"].items():
                klass = "sensitive" if entity in SENSITIVE else "personal"
                ex = ", ".join(f["examples"].get(entity, []))
                out.append(
                    f"<tr><td>{esc(f['name'])}</td><td>{esc(f['plan'])}</td><td>{esc(entity)}"
                    f"</td><td class=\"num\">{n}</td><td class=\"num\">"
                    f"{f['rates'].get(entity, 0):.1%}</td><td class=\"{klass}\">{klass}</td>"
                    f"<td>{esc(ex)}</td></tr>"
                )
        out.append("</table>")
    out.append("</body></html>\n")
    return "\n".join(out)
