"""Precision and recall per entity, on labelled text.

    python benchmarks/accuracy.py [--dialogues 300] [--seed 2026] [--limit N] [--markdown FILE]

Corpora:

* ``synthetic``: the seeded call-center generator (:mod:`benchmarks.corpus`);
* ``handwritten``: ``tests/data/handwritten_identifiers.jsonl``, written by hand, not
  generated, never used to tune rules (held-out);
* ``handwritten-names``: ``tests/data/handwritten_names_addresses.jsonl``, call transcripts,
  work orders and CRM fields written by hand by an author who did not see the detectors
  (PERSON and CN_ADDRESS; its error list was read once to find missing rule families, so
  its figures are somewhat optimistic);
* the real annotated corpora in ``../shared/datasets/`` when that folder exists (it is
  for evaluation only and never copied into this repository).  Which entities are scored
  where follows that folder's README: PERSON everywhere it is labelled, street-level
  addresses on CrossWOZ and address_parsing, phones where a phone class exists (CCF,
  CrossWOZ, NLPCC), e-mail on CCF (its ``email`` tag).

Metrics, per corpus and entity:

* recall (overlap): gold spans that a prediction of the same entity overlaps;
* recall (full): gold spans whose every character is covered by such predictions;
* precision: predictions that overlap a gold span of the same entity;
* F1 of the overlap precision and recall;
* char precision: of all predicted characters of the scored entities, the share inside a
  gold span of any scored entity (what a user loses to false alarms).

Only entities the Redactor detects are scored; rows for the rest say "not detected".
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATASETS = ROOT.parent / "shared" / "datasets"

#: dataset label (or ``orig`` tag) -> our entity
_LABELS = {"PERSON": "PERSON", "ADDRESS": "CN_ADDRESS", "PHONE": "PHONE_NUMBER"}
_ORIG = {"email": "EMAIL_ADDRESS"}

#: which entities each real corpus can score (see shared/datasets/README.md)
REAL_CORPORA: dict[str, tuple[str, ...]] = {
    "ccf2020_privacy.part-a": ("PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS"),
    "crosswoz.val": ("PHONE_NUMBER", "CN_ADDRESS"),
    "nlpcc2018_slu.train": ("PERSON", "PHONE_NUMBER"),
    "address_parsing.train": ("CN_ADDRESS",),
    "cluener.train": ("PERSON",),
    "weibo.train": ("PERSON",),
    "resume.train": ("PERSON",),
    "smp2019_ecdt.train": ("PERSON",),
}
from piiguard_recognizers import IDENTIFIERS  # noqa: E402

SYNTHETIC_ENTITIES = (*IDENTIFIERS, "PERSON", "CN_ADDRESS")


@dataclass
class Record:
    text: str
    #: (start, end, entity)
    gold: list[tuple[int, int, str]]


@dataclass
class Tally:
    gold: int = 0
    pred: int = 0
    gold_hit: int = 0
    gold_full: int = 0
    pred_hit: int = 0


@dataclass
class Score:
    corpus: str
    records: int
    tallies: dict[str, Tally] = field(default_factory=dict)
    pred_chars: int = 0
    pred_chars_in_gold: int = 0


def _jsonl(path: Path, limit: int | None) -> Iterator[dict]:
    with path.open(encoding="utf-8") as stream:
        for i, line in enumerate(stream):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


def load_dataset(path: Path, limit: int | None = None) -> list[Record]:
    """Records of a corpus in the shared format, labels mapped to our entities."""
    records = []
    for raw in _jsonl(path, limit):
        gold = []
        for span in raw["spans"]:
            entity = _ORIG.get(span.get("orig", "")) or _LABELS.get(span["label"])
            if entity:
                gold.append((span["start"], span["end"], entity))
        records.append(Record(raw["text"], gold))
    return records


def synthetic(n: int, seed: int) -> list[Record]:
    from benchmarks.corpus import generate

    return [
        Record(d.text, [(s.start, s.end, s.label) for s in d.spans]) for d in generate(n, seed)
    ]


def score(name: str, records: Iterable[Record], entities: tuple[str, ...], redactor) -> Score:
    """Score ``redactor`` on ``records`` for ``entities``."""
    result = Score(name, 0)
    for entity in entities:
        result.tallies[entity] = Tally()
    scored = set(entities)
    for record in records:
        result.records += 1
        predicted = [
            (r.start, r.end, r.entity_type)
            for r in redactor.analyze(record.text)
            if r.entity_type in scored
        ]
        gold = [g for g in record.gold if g[2] in scored]
        covered: dict[str, set[int]] = defaultdict(set)
        for start, end, entity in predicted:
            covered[entity].update(range(start, end))
        gold_chars = set()
        for start, end, _ in gold:
            gold_chars.update(range(start, end))
        for start, end, entity in gold:
            tally = result.tallies[entity]
            tally.gold += 1
            chars = covered[entity]
            hit = sum(1 for i in range(start, end) if i in chars)
            tally.gold_hit += hit > 0
            tally.gold_full += hit == end - start
        for start, end, entity in predicted:
            tally = result.tallies[entity]
            tally.pred += 1
            tally.pred_hit += any(
                g[2] == entity and g[0] < end and start < g[1] for g in gold
            )
            result.pred_chars += end - start
            result.pred_chars_in_gold += sum(1 for i in range(start, end) if i in gold_chars)
    return result


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def rows(scores: list[Score], detected: set[str]) -> list[list[str]]:
    """Table rows: corpus, entity, gold, predicted, P, R(overlap), R(full), F1, char P."""
    out = []
    for s in scores:
        char_p = _ratio(s.pred_chars_in_gold, s.pred_chars)
        for i, (entity, t) in enumerate(s.tallies.items()):
            if entity not in detected:
                out.append([s.corpus, entity, str(t.gold), "not detected", "", "", "", "", ""])
                continue
            p = _ratio(t.pred_hit, t.pred)
            r = _ratio(t.gold_hit, t.gold)
            f1 = 2 * p * r / (p + r) if p and r else None
            out.append(
                [
                    s.corpus,
                    entity,
                    str(t.gold),
                    str(t.pred),
                    _fmt(p),
                    _fmt(r),
                    _fmt(_ratio(t.gold_full, t.gold)),
                    _fmt(f1),
                    _fmt(char_p) if i == 0 else "",
                ]
            )
    return out


HEADER = ["corpus", "entity", "gold", "pred", "P", "R overlap", "R full", "F1", "char P"]


def render_text(table: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEADER, *table]) for i in range(len(HEADER))]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADER, widths, strict=True))]
    for row in table:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    return "\n".join(lines)


def render_markdown(table: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row) + " |" for row in table]
    return "\n".join(lines)


def _commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main(argv: list[str] | None = None) -> list[Score]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dialogues", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--limit", type=int, default=None, help="records per real corpus")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)

    from piiguard import Redactor

    redactor = Redactor()
    detected = set(redactor.policy.detect)
    scores = [
        score("synthetic", synthetic(args.dialogues, args.seed), SYNTHETIC_ENTITIES, redactor)
    ]
    for label, file, entities in (
        ("handwritten", "handwritten_identifiers.jsonl", IDENTIFIERS),
        ("handwritten-names", "handwritten_names_addresses.jsonl", ("PERSON", "CN_ADDRESS")),
    ):
        handwritten = ROOT / "tests" / "data" / file
        if handwritten.exists():
            records = [
                Record(r["text"], [(s["start"], s["end"], s["label"]) for s in r["spans"]])
                for r in _jsonl(handwritten, None)
            ]
            scores.append(score(label, records, entities, redactor))
    if DATASETS.is_dir():
        for name, entities in REAL_CORPORA.items():
            path = DATASETS / f"{name}.jsonl"
            if path.exists():
                scores.append(score(name, load_dataset(path, args.limit), entities, redactor))
    else:
        print(f"({DATASETS} not found: real corpora skipped)", file=sys.stderr)

    table = rows(scores, detected)
    print(render_text(table))
    if args.markdown:
        stamp = f"{dt.date.today().isoformat()}, commit {_commit()}"
        body = (
            "# Accuracy\n\n"
            f"Measured {stamp} with `python benchmarks/accuracy.py"
            f"{' --limit ' + str(args.limit) if args.limit else ''}` "
            f"(synthetic: {args.dialogues} dialogues, seed {args.seed}).\n"
            "Definitions are in the docstring of `benchmarks/accuracy.py`. Real corpora are read "
            "from `../shared/datasets/` and never copied here.\n\n"
            + render_markdown(table)
            + "\n"
        )
        args.markdown.write_text(body, encoding="utf-8")
    return scores


if __name__ == "__main__":
    main()
