"""Build ``recognizers/data/name_chars.tsv``: how name-like each character is.

For every character the table gives two log-likelihood ratios (natural log, one decimal):

* ``given``: log P(c | a given-name character) - log P(c | ordinary text);
* ``surname`` (surnames only): log P(a name opens with c) - log P(c | ordinary text).

The frame-less PERSON scorer (:mod:`piiguard_recognizers.person_score`) adds them up over a
candidate (王 + 建 + 国) with boundary and dictionary evidence.  Sources, all MIT-licensed:

* given-name characters: a mixture of (a) the given names of the 3-character person names
  (tag ``nr``/``nrfg``, opening with a surname of share >= 0.03 %) in jieba's dictionary
  ``dict.txt``, counted once per name; (b) jieba's part-of-speech HMM emission
  probabilities for the middle and end characters of person names (``posseg/prob_emit.py``,
  states (M, nr) and (E, nr)); (c) the given-name characters of faker's ``zh_CN`` person
  provider (common modern names);
* ordinary text: the frequency of each character over the words of jieba's ``dict.txt``
  that are not tagged as person names (``nr*``), weighted by word frequency;
* surname shares: ``recognizers/data/surnames.tsv`` (faker ``zh_CN``, public rankings).

Nothing here comes from an annotated corpus.  Run (faker is build-time only)::

    pip install --no-deps --target /tmp/faker-src faker==40.63.0
    PYTHONPATH=/tmp/faker-src /work/venv/bin/python tools/build_given_names.py
"""

from __future__ import annotations

import importlib.metadata
import math
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "recognizers" / "data" / "name_chars.tsv"
SURNAMES = ROOT / "recognizers" / "data" / "surnames.tsv"

#: mixture weights of the three given-name sources
WEIGHTS = {"dict": 0.45, "hmm": 0.35, "faker": 0.2}
#: LLRs are clipped to this range; characters within NEUTRAL of 0 are left out (read as 0)
CLIP = (-8.0, 9.0)
NEUTRAL = 0.25
#: share (percent) given to a surname listed without a frequency
RARE_SHARE = 0.005


def _is_han(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _surnames() -> dict[str, float]:
    table = {}
    for line in SURNAMES.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            name, weight = line.split("\t")[:2]
            table[name] = float(weight)
    return table


def _norm(counts: Counter) -> dict[str, float]:
    total = sum(counts.values())
    return {c: v / total for c, v in counts.items()}


def main() -> None:
    import jieba
    from faker.providers.person.zh_CN import Provider
    from jieba.posseg.prob_emit import P as EMIT

    surnames = _surnames()
    from_dict: Counter = Counter()
    text: Counter = Counter()
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as stream:
        for line in stream:
            word, freq, tag = line.split()
            if tag in ("nr", "nrfg") and len(word) == 3 and surnames.get(word[0], 0) >= 0.03:
                from_dict.update(word[1:])
            elif not tag.startswith("nr"):
                for c in word:
                    text[c] += int(freq)
    from_hmm: Counter = Counter()
    for state in (("M", "nr"), ("E", "nr")):
        for c, logp in EMIT[state].items():
            from_hmm[c] += math.exp(logp) / 2
    from_faker: Counter = Counter()
    for name in Provider.first_names:
        from_faker.update(name)

    sources = {"dict": _norm(from_dict), "hmm": _norm(from_hmm), "faker": _norm(from_faker)}
    given = Counter()
    for key, dist in sources.items():
        for c, p in dist.items():
            given[c] += WEIGHTS[key] * p
    total_text = sum(text.values())

    def p_text(c: str) -> float:
        return (text.get(c, 0) + 5) / total_text

    def clip(x: float) -> float:
        return round(min(max(x, CLIP[0]), CLIP[1]), 1)

    rows: dict[str, list[str]] = {}
    for c in set(given) | set(text):
        if not _is_han(c):
            continue
        llr = clip(math.log(given.get(c, 0) + 1e-6) - math.log(p_text(c)))
        if c not in given:
            llr = min(llr, 0.0)  # never seen in a name: no evidence for one
        if abs(llr) >= NEUTRAL:
            rows[c] = [f"{llr:.1f}", ""]
    share_total = sum(surnames.values())
    for name, share in surnames.items():
        llr = clip(math.log(max(share, RARE_SHARE) / share_total) - math.log(p_text(name[0])))
        rows.setdefault(name, ["0.0", ""])[1] = f"{llr:.1f}"

    faker_version = importlib.metadata.version("faker")
    header = (
        "# char\tgiven\tsurname -- log-likelihood ratios (natural log) of a character as a "
        "given-name character / as a surname vs ordinary text; absent = 0. Built by "
        f"tools/build_given_names.py from jieba {jieba.__version__} (dict.txt, posseg HMM) "
        f"and faker {faker_version} zh_CN (MIT); see PROVENANCE.md.\n"
    )
    body = "".join(f"{c}\t{g}\t{s}\n" for c, (g, s) in sorted(rows.items()))
    OUT.write_text(header + body, encoding="utf-8")
    print(f"{OUT}: {len(rows)} rows, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
