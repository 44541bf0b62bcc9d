"""Find phone, resident-ID and bank-card numbers, in any written or spoken form.

One scan serves three recognizers.  The text is searched once for runs of numerals
(:data:`normalize.NUMERAL_RUN`: digits, full-width digits, spoken 一三八/幺/两/洞, with
separators); each run is normalized with an offset map and parsed into values:

1. *Whole values* are read greedily at group boundaries: an 11-digit mobile of the number
   plan (optionally +86/0086/86-), a landline with a known area code, an 18-digit ID with
   region, birth date and MOD 11-2 check, a legacy 15-digit ID, a 16-19 digit Luhn card.
   The run "13812345678 13912345678" therefore gives two phones, and in
   "010-62751234-806" the extension stays out.
2. What is left of a run is a *piece*: "前三位一五八", "后面六七零三二九一四", or a turn that is
   only digits.  A piece is reported only where the context shows which number is being
   read (an entity cue near it, or a reading cue near it and an entity cue further back,
   possibly in an earlier turn).

Context decides between readings and vetoes non-personal numbers (订单号, 验证码, 工号,
转806, amounts, dates, hotlines such as 95588 and 400-…).  Validation raises the score but
is not a hard filter where the context is explicit: 身份证号 followed by 18 digits with a
broken check digit is still an ID number.
"""

from __future__ import annotations

import re
import threading
from typing import NamedTuple

from .checksums import id15_birth_ok, id18_birth_ok, id18_checksum_ok, luhn_ok
from .context import CueHit, cues_after, cues_before, governs, nearest_entity_or_neg
from .normalize import (
    DIGIT_VALUES,
    NUMERAL_RUN,
    Normalized,
    country_mark_start,
    is_spoken,
    normalize_digits,
)
from .reference_data import (
    PROVINCE_CODES,
    area_code_of,
    card_prefix_ok,
    mobile_prefix_ok,
    prefecture_codes,
    region_codes,
)

PHONE = "PHONE_NUMBER"
ID = "CN_RESIDENT_ID"
CARD = "CN_BANK_CARD"

_ENTITY_OF_CUE = {"PHONE": PHONE, "ID": ID, "CARD": CARD}

#: How far back (characters) a cue may stand from a whole value and still describe it.
NEAR = 16
#: How far back an entity cue may stand when a reading cue links a piece to it.
FAR = 240
#: Measure words and units: a numeral directly before one is a quantity, not a digit string.
_UNITS = frozenset(
    "元块圆角毛万亿千百十年月日号时点分秒岁个次位天件台张份条米克斤斗里%‰℃楼层栋室期届"
)
_AMOUNT_UNITS = frozenset("元块圆万亿%‰")
#: A spoken numeral followed by one of these is part of a word (一下, 一样, 两个), not a digit.
_WORD_TAILS = frozenset("下样些般起直共切边会道向律定致头半早晚块个位遍次天件台张份条种点号年月日")
#: Labels that may stand right before a number although they are Latin letters.
_LATIN_LABELS = ("tel", "no", "id", "phone", "mobile", "card", "num")
#: Fillers that may surround a piece of a number read out as a whole turn.
_FILLER = frozenset(" \t\u3000,，。.、!！?？~～:：;；“”\"'‘’嗯啊哦呃噢对是的呀吧呢哈好那个就然后")

#: What may stand between a cue and the piece it names: punctuation, fillers, a question
#: mark and the next speaker's label (手机号是？\n客户：那个，一五三).
_ONLY_GLUE = re.compile(
    r"(?:[\s,，。.、!！?？~～:：;；“”\"'‘’…是的啊嗯哦呃对吧呢呀那个就多少请问您说]"
    r"|[\u4e00-\u9fff]{1,4}[：:])*"
)

_HOTLINE_5 = ("95", "96", "100", "101", "123", "121", "118", "114", "125")


class NumberFinding(NamedTuple):
    """A number found in the text: which entity, where (original offsets), how sure."""

    entity: str
    start: int
    end: int
    score: float
    #: mobile, landline, id18, id15, card, or piece
    kind: str
    #: the normalized value (ASCII digits, maybe a final X); never logged
    value: str


def _only_filler(chunk: str) -> bool:
    """Fillers, punctuation and other numerals only: the turn is a number being read."""
    return all(c in _FILLER or c in DIGIT_VALUES for c in chunk)


def is_hotline(digits: str) -> bool:
    """Service numbers that are not personal data: 95588, 10086, 12345, 110, 400-/800-."""
    n = len(digits)
    if n == 3 and digits[:2] in ("11", "12"):
        return True
    if n == 5 and digits.startswith(_HOTLINE_5):
        return True
    if n == 6 and digits.startswith(("955", "965", "1010", "1258")):
        return True
    if n == 10 and digits[:3] in ("400", "800"):
        return True
    if n in (7, 8) and digits[:4] in ("4006", "4008", "4009", "8008"):
        return True
    return False


def _looks_like_date(norm: Normalized) -> bool:
    """2023-11-24, 2023.11.24, 20231124 written with separators: a date, not a number."""
    if not norm.breaks or not norm.text.isdigit():
        return False
    groups = _groups(norm)
    if len(groups) % 3:
        return False
    for k in range(0, len(groups), 3):
        year, month, day = groups[k : k + 3]
        if len(year) != 4 or len(month) > 2 or len(day) > 2:
            return False
        if not (1900 <= int(year) <= 2100 and 1 <= int(month) <= 12 and 1 <= int(day) <= 31):
            return False
    return True


def _groups(norm: Normalized) -> list[str]:
    bounds = [0, *sorted(norm.breaks), len(norm.text)]
    return [norm.text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


class _Reading(NamedTuple):
    """One way to read a slice of a run as a whole value."""

    entity: str
    kind: str
    #: score when no cue says anything
    score: float
    #: False: only reported when a cue of the same entity is near
    needs_cue: bool


def _read_neighbour(seg: str, country: str) -> list[_Reading]:
    """Hong Kong and Macau: 8 digits; Taiwan: 9-digit mobile (9…) or area code + 7-8."""
    n = len(seg)
    if country in ("852", "853") and n == 8 and seg[0] in "235679":
        return [_Reading(PHONE, "landline" if seg[0] in "23" else "mobile", 0.85, False)]
    if country == "886" and seg[0] == "9" and n == 9:
        return [_Reading(PHONE, "mobile", 0.85, False)]
    if country == "886" and seg[0] in "2345678" and 8 <= n <= 9:
        return [_Reading(PHONE, "landline", 0.8, False)]
    return []


def _read_whole(seg: str, country: str) -> list[_Reading]:
    """The ways ``seg`` (normalized digits) can be a whole phone, ID or card number."""
    readings: list[_Reading] = []
    n = len(seg)
    if "X" in seg:
        if n == 18 and seg[:17].isdigit():
            readings.extend(_read_id18(seg))
        return readings
    if country in _NEIGHBOURS:
        return _read_neighbour(seg, country)
    if country:
        if n == 11 and seg[0] == "1" and seg[1] in "3456789":
            readings.append(_Reading(PHONE, "mobile", 0.95, False))
        elif 9 <= n <= 11 and seg[0] != "0" and area_code_of("0" + seg) is not None:
            readings.append(_Reading(PHONE, "landline", 0.9, False))
        return readings
    if n == 11 and seg[0] == "1" and seg[1] in "3456789":
        if mobile_prefix_ok(seg):
            readings.append(_Reading(PHONE, "mobile", 0.9, False))
        else:
            # A prefix the plan has not allocated yet, or an ASR slip in the first digits.
            readings.append(_Reading(PHONE, "mobile", 0.55, False))
    if seg[0] == "0" and 10 <= n <= 12:
        code = area_code_of(seg)
        if code is not None and 7 <= n - len(code) <= 8 and seg[len(code)] not in "01":
            readings.append(_Reading(PHONE, "landline", 0.85, False))
        elif n == 10 and seg[1] == "9":
            # A Taiwan mobile written domestically (0912 345 678), where a cue says phone.
            readings.append(_Reading(PHONE, "mobile", 0.6, True))
    if n in (7, 8) and seg[0] in "2345678":
        # A local landline without its area code (电话是57859826): only where a cue says phone.
        readings.append(_Reading(PHONE, "local", 0.7, True))
    if n == 18:
        readings.extend(_read_id18(seg))
    elif n == 15:
        if seg[:6] in region_codes() and id15_birth_ok(seg):
            readings.append(_Reading(ID, "id15", 0.6, False))
        elif seg[:2] in PROVINCE_CODES and id15_birth_ok(seg):
            readings.append(_Reading(ID, "id15", 0.55, True))
    if 16 <= n <= 19:
        if luhn_ok(seg):
            if card_prefix_ok(seg):
                readings.append(_Reading(CARD, "card", 0.9, False))
            else:
                readings.append(_Reading(CARD, "card", 0.65, True))
        else:
            readings.append(_Reading(CARD, "card", 0.55, True))
    return readings


def _read_id18(seg: str) -> list[_Reading]:
    region = seg[:6]
    birth = id18_birth_ok(seg)
    check = id18_checksum_ok(seg)
    if region in region_codes():
        place = 2
    elif region[:4] in prefecture_codes():
        place = 1
    elif region[:2] in PROVINCE_CODES:
        place = 0
    else:
        place = -1
    if check and birth and place >= 1:
        return [_Reading(ID, "id18", 0.95 if place == 2 else 0.85, False)]
    if check and birth and place == 0:
        return [_Reading(ID, "id18", 0.7, False)]
    # An ASR slip or a typo breaks one check: the number is still an ID where context says so.
    if birth or check or place >= 1:
        return [_Reading(ID, "id18", 0.6, True)]
    return []


_NEIGHBOURS = ("852", "853", "886")


def _prefix_options(
    digits: str, p: int, plus: bool, breaks: frozenset[int]
) -> tuple[tuple[int, str], ...]:
    """Where the national number may start, and the country code before it.

    Right away (``""``: a mainland number without prefix), or after 0086 / +86 / 86-, or
    after an explicit +852 / +853 / +886 (Hong Kong, Macau, Taiwan), which needs a plus,
    a 00 or a separator after the code, so that 85212345678 is not read as one.
    """
    options: list[tuple[int, str]] = [(p, "")]
    at = p + 2 if digits.startswith("00", p) else p
    if digits.startswith("86", at) and (
        at > p or plus or (at + 2) in breaks or digits[at + 2 : at + 3] in ("1", "")
    ):
        options.append((at + 2, "86"))
    for code in _NEIGHBOURS:
        if digits.startswith(code, at) and (at > p or plus or (at + 3) in breaks):
            options.append((at + 3, code))
    return tuple(options)


class _Scan:
    """Parse every numeral run of one text.  Instances live for one text only."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[NumberFinding] = []

    def run(self, begin: int = 0) -> list[NumberFinding]:
        text = self.text
        for m in NUMERAL_RUN.finditer(text, begin):
            start, end = m.span()
            start = country_mark_start(text, start)
            end = self._trim_word_tail(start, end)
            if end - start < 3 or self._embedded(start, end):
                continue
            norm = normalize_digits(text, start, end)
            digits = norm.text
            if len(digits) < 3 or is_hotline(digits.rstrip("X")) or _looks_like_date(norm):
                continue
            self._parse_run(norm, start)
        return self.found

    # -- run boundaries -------------------------------------------------------------

    def _trim_word_tail(self, start: int, end: int) -> int:
        """Drop a final spoken numeral that belongs to the next word (一下, 两个)."""
        text = self.text
        if end < len(text) and text[end] in _WORD_TAILS and is_spoken(text[end - 1]):
            end -= 1
            while end > start and not (text[end - 1].isdigit() or is_spoken(text[end - 1])):
                end -= 1
        return end

    def _embedded(self, start: int, end: int) -> bool:
        """True inside a Latin alphanumeric code (SF123…, 91310000MA…, an e-mail)."""
        text = self.text
        after = text[end] if end < len(text) else ""
        if after in ("@", "*", "＊"):
            return True
        if after and after.isascii() and after.isalpha():
            # 91310000MA…, 12345abc: one code; 13911960587Email: a number, then a word.
            word_end = end
            while word_end < len(text) and text[word_end].isascii() and text[word_end].isalpha():
                word_end += 1
            joined = word_end < len(text) and text[word_end].isascii() and text[word_end].isdigit()
            if word_end - end < 3 or joined:
                return True
        if start == 0:
            return False
        before = text[start - 1]
        if before in "@_*＊" or (before.isascii() and before.isdigit()):
            return True
        if before.isascii() and before.isalpha():
            word_start = start - 1
            while (
                word_start > 0 and text[word_start - 1].isascii() and text[word_start - 1].isalpha()
            ):
                word_start -= 1
            return text[word_start:start].lower() not in _LATIN_LABELS
        return False

    # -- parsing ---------------------------------------------------------------------

    def _parse_run(self, norm: Normalized, run_start: int) -> None:
        digits = norm.text
        bounds = [0, *sorted(norm.breaks), len(digits)]
        i = 0
        piece_from: int | None = None
        while i < len(bounds) - 1:
            best = self._best_whole(norm, bounds, i, run_start)
            if best is None:
                if piece_from is None:
                    piece_from = bounds[i]
                i += 1
                continue
            if piece_from is not None:
                self._piece(norm, piece_from, bounds[i])
                piece_from = None
            finding, j = best
            self.found.append(finding)
            i = j
        if piece_from is not None:
            self._piece(norm, piece_from, len(digits))

    def _best_whole(
        self, norm: Normalized, bounds: list[int], i: int, run_start: int
    ) -> tuple[NumberFinding, int] | None:
        """The best whole value starting at group boundary ``i``, and where it ends."""
        digits = norm.text
        p = bounds[i]
        start = norm.offsets[p]
        if p == 0 and self.text[run_start] in "+＋加(（":
            start = run_start
        plus = p == 0 and self.text[run_start] in "+＋加"
        hit: CueHit | None | bool = False  # looked up on the first reading only
        best: tuple[float, int, NumberFinding, int] | None = None
        for j in range(i + 1, len(bounds)):
            q = bounds[j]
            size = q - p
            if size > 23:
                break
            if size < 7:
                continue
            end = norm.offsets[q - 1] + 1
            for seg_from, country in _prefix_options(digits, p, plus, norm.breaks):
                seg = digits[seg_from:q]
                if not seg:
                    continue
                for reading in _read_whole(seg, country):
                    if hit is False:
                        hit = nearest_entity_or_neg(cues_before(self.text, start, NEAR))
                    finding = self._decide(start, end, seg, reading, hit)
                    if finding is None:
                        continue
                    rank = (finding.score, size)
                    if best is None or rank > best[:2]:
                        best = (finding.score, size, finding, j)
        if best is None:
            return None
        return best[2], best[3]

    def _decide(
        self, start: int, end: int, seg: str, reading: _Reading, hit: CueHit | None
    ) -> NumberFinding | None:
        """Weigh one reading of a value against the nearest cue before it."""
        score = reading.score
        cue_entity = None
        if hit is not None:
            if hit.cue.kind == "NEG":
                if governs(hit, len(seg)) and start - hit.end <= 12:
                    return None
            else:
                cue_entity = _ENTITY_OF_CUE.get(hit.cue.kind)
        if cue_entity == reading.entity:
            score = min(1.0, score + 0.1)
        elif reading.needs_cue or (cue_entity is not None and score < 0.9 and start - hit.end <= 8):
            # 宽带账号 02787654321 is an account, not a landline: a cue naming another
            # entity overrules all but the strongest validation.
            return None
        if self._unit_after(end, _AMOUNT_UNITS) and not (
            reading.entity == ID and reading.score >= 0.85
        ):
            return None
        return NumberFinding(reading.entity, start, end, score, reading.kind, seg)

    def _unit_after(self, end: int, units: frozenset[str] = _UNITS) -> bool:
        """True when a unit or measure word follows (3980元, 302室): a quantity."""
        text = self.text
        while end < len(text) and text[end] in " \u3000":
            end += 1
        return end < len(text) and text[end] in units

    # -- pieces ----------------------------------------------------------------------

    def _piece(self, norm: Normalized, p: int, q: int) -> None:
        """Report ``digits[p:q]`` if the context shows it is part of a number being read."""
        seg = norm.text[p:q]
        if not 3 <= len(seg) <= 19 or is_hotline(seg.rstrip("X")):
            return
        if "X" in seg[:-1]:
            return
        start, end = norm.to_original(p, q)
        if self._unit_after(end):
            return
        entity = self._piece_entity(start, end, len(seg))
        if entity is None:
            return
        if entity == PHONE and len(seg) > 12:
            return
        if len(seg) <= 4 and self._tail_echo(start, entity):
            return
        self.found.append(NumberFinding(entity, start, end, 0.6, "piece", seg))

    def _tail_echo(self, start: int, entity: str) -> bool:
        """尾号5679, 身份证后四位2048 said on its own: the last digits every mask shows.

        Such an echo is not reported (it is the verification dialogue, and the masked
        number keeps those digits anyway).  The same tail is reported when it completes a
        number being read out in pieces, or corrects one (不对，后四位是…).
        """
        hits = cues_before(self.text, start, 10)
        if not any(h.tail for h in hits):
            return False
        if any(h.correction for h in cues_before(self.text, start, 24)):
            return False
        return not any(
            f.kind == "piece" and f.entity == entity and start - f.end <= FAR for f in self.found
        )

    def _piece_entity(self, start: int, end: int, size: int) -> str | None:
        """Which number a piece belongs to, from the context; None if it is not one.

        In order: a cue right before it (手机号前三位一五八; across a speaker label and
        fillers: 手机号是？\n客户：那个，一五三), a cue right after it (尾号5679的手机), and,
        where the piece is being read out (a reading cue, or a turn of digits only), the
        piece read just before it, then the nearest entity cue further back.
        """
        text = self.text
        near = cues_before(text, start, 24)
        hit = nearest_entity_or_neg(near)
        if hit is not None:
            gap = start - hit.end
            if hit.cue.kind == "NEG":
                if gap <= 8:
                    return None
            elif gap <= 8 or _ONLY_GLUE.fullmatch(text, hit.end, start):
                entity = _ENTITY_OF_CUE.get(hit.cue.kind)
                if entity is not None:
                    return entity
        after = nearest_entity_or_neg(cues_after(text, end, 4))
        if after is not None and after.cue.kind in _ENTITY_OF_CUE:
            return _ENTITY_OF_CUE[after.cue.kind]
        read_cue = any(h.cue.kind == "READ" and start - h.end <= 14 for h in near)
        if not (read_cue or self._alone_in_turn(start, end)):
            return None
        for f in reversed(self.found):
            # 幺八三 … 二幺三三 … 零六五九: the read-out continues the number begun before.
            if f.kind == "piece" and start - f.end <= 120:
                return f.entity
            break
        hits = [
            h
            for h in cues_before(text, start, FAR)
            if h.cue.kind != "NEG" or start - h.end <= 24  # a far 验证码 says nothing here
        ]
        far = nearest_entity_or_neg(hits, generic=True)
        if far is None:
            # Digits read out with 前三位/然后是 and no word for what they are: in a call,
            # that is a phone number far more often than anything else.
            return PHONE if read_cue else None
        if far.cue.kind == "NEG":
            return None
        return _ENTITY_OF_CUE.get(far.cue.kind, PHONE)

    def _alone_in_turn(self, start: int, end: int) -> bool:
        """True when the piece is all its line says (after a speaker label and fillers)."""
        text = self.text
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        if line_end < 0:
            line_end = len(text)
        head = text[line_start:start]
        colon = max(head.find("："), head.find(":"))
        if 0 <= colon <= 8:
            head = head[colon + 1 :]
        return _only_filler(head) and _only_filler(text[end:line_end])


_local = threading.local()


def scan_numbers(text: str, start: int = 0) -> list[NumberFinding]:
    """All phone, ID and card numbers in ``text[start:]``, in order.

    ``text[:start]`` is read for cues only (the previous turns), so a long context costs
    little.  The last result is kept per thread, so the three recognizers that share this
    scan pay for it once when Presidio calls them one after another on the same text.
    """
    cached = getattr(_local, "entry", None)
    if cached is not None and cached[0] is text and cached[1] == start:
        return cached[2]
    found = _Scan(text).run(start)
    _local.entry = (text, start, found)
    return found


__all__ = ["NumberFinding", "scan_numbers", "is_hotline", "CueHit", "PHONE", "ID", "CARD"]
