"""Throughput of ``Redactor.redact`` next to plain Presidio, in the same run.

    python benchmarks/throughput.py [--dialogues 300] [--seed 2026] [--json]

Both sides use the same recognizers on the same seeded call-center corpus
(:mod:`benchmarks.corpus`) and produce the same masks:

* **piiguard**: ``Redactor().redact(text)`` with the default policy (every entity), and
  with the identifiers only (phone, ID, card, e-mail, passport, plate: no names or
  addresses);
* **Presidio**: ``AnalyzerEngine`` (spaCy blank ``zh`` with jieba segmentation, the usual
  offline setup) with the pack registered, then ``AnonymizerEngine`` with the pack's
  ``cn_mask`` operator, through Presidio's normal path;
* **Presidio, no NLP**: the same with ``NoOpNlpEngine`` (``piiguard.analyzer_engine()``),
  which shows how much of Presidio's cost is the NLP pass.

Each side redacts every dialogue (whole text, ~1 K characters) and, separately, every
turn (one line, as a JSONL job would).  The process is pinned to one core.  The best of
``--repeat`` runs is reported, in characters per second.  Not a test: nothing asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate  # noqa: E402


def _best(fn: Callable[[], None], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def _presidio(nlp: str):
    from presidio_anonymizer import AnonymizerEngine
    from presidio_anonymizer.entities import OperatorConfig

    from piiguard.engine import analyzer_engine
    from piiguard.operators import ChineseMask

    analyzer = analyzer_engine(nlp=nlp)
    anonymizer = AnonymizerEngine()
    anonymizer.add_anonymizer(ChineseMask)
    operators = {"DEFAULT": OperatorConfig("cn_mask")}

    def redact(text: str) -> str:
        results = analyzer.analyze(text, language="zh")
        return anonymizer.anonymize(text, results, operators=operators).text

    return redact


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dialogues", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from piiguard import Redactor

    dialogues = [d.text for d in generate(args.dialogues, seed=args.seed)]
    turns = [line for text in dialogues for line in text.split("\n")]
    chars = sum(len(t) for t in dialogues)
    from piiguard_recognizers import IDENTIFIERS

    from piiguard import Policy

    # The cache of short texts' findings is off: the best-of-N repeats would otherwise
    # measure dictionary lookups, and Presidio has no such cache to compare with.
    redactor = Redactor(cache=False)
    sides: dict[str, Callable[[str], object]] = {
        "piiguard Redactor.redact": redactor.redact,
        "piiguard, identifiers only": Redactor(
            Policy().with_detect(IDENTIFIERS), cache=False
        ).redact,
        "Presidio (spaCy blank zh + jieba)": _presidio("spacy"),
        "Presidio (NoOpNlpEngine)": _presidio("none"),
    }
    for fn in sides.values():  # warm up: lazy tables, jieba dictionary
        for text in dialogues[:5]:
            fn(text)

    figures: dict[str, dict[str, float]] = {}
    for name, fn in sides.items():
        repeat = args.repeat if name.startswith("piiguard") else 1
        per_dialogue = _best(lambda fn=fn: [fn(t) for t in dialogues], repeat)
        per_turn = _best(lambda fn=fn: [fn(t) for t in turns], repeat)
        figures[name] = {
            "dialogue_chars_per_s": chars / per_dialogue,
            "turn_chars_per_s": sum(len(t) for t in turns) / per_turn,
        }
    base = figures["Presidio (spaCy blank zh + jieba)"]
    ours = figures["piiguard Redactor.redact"]
    report = {
        "corpus": {
            "dialogues": len(dialogues),
            "turns": len(turns),
            "characters": chars,
            "seed": args.seed,
        },
        "figures": figures,
        "ratio_vs_presidio": {
            "dialogue": ours["dialogue_chars_per_s"] / base["dialogue_chars_per_s"],
            "turn": ours["turn_chars_per_s"] / base["turn_chars_per_s"],
        },
    }
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return report
    print(
        f"corpus: {len(dialogues)} dialogues, {len(turns)} turns, {chars:,} characters "
        f"(seed {args.seed}); one core"
    )
    print(f"{'':36} {'per dialogue':>16} {'per turn':>16}")
    for name, fig in figures.items():
        print(
            f"{name:36} {fig['dialogue_chars_per_s'] / 1e6:>11.2f} M/s "
            f"{fig['turn_chars_per_s'] / 1e6:>11.2f} M/s"
        )
    ratio = report["ratio_vs_presidio"]
    print(
        f"ratio piiguard / Presidio (spaCy blank zh + jieba): "
        f"{ratio['dialogue']:.1f}x per dialogue, {ratio['turn']:.1f}x per turn"
    )
    return report


if __name__ == "__main__":
    main()
