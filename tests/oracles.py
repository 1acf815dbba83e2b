"""Independent restatements of the rules, written from rules.md, for oracle tests.

Deliberately naive: no shared code with pixcore beyond the input types.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

CORE = [f"{a}.{i}" for a, n in ((1, 3), (2, 4), (3, 4), (4, 3), (5, 2)) for i in range(1, n + 1)]


def eligible(pix: dict[str, int]) -> tuple[bool, int]:
    """D1: level = pix // 8 per core competence; eligible iff >= 5 have level >= 1."""
    count = len([c for c in CORE if pix.get(c, 0) // 8 >= 1])
    return count >= 5, count


def allowed_minutes(p: Decimal) -> int:
    """D2: ceil(105 * (1 + p)), exact decimal arithmetic."""
    return int((Decimal(105) * (1 + p)).to_integral_value(rounding=ROUND_CEILING))


def utc_us(moment: dt.datetime) -> int:
    """Microseconds since the epoch of an aware datetime, through ``timestamp()`` parts."""
    utc = moment.astimezone(dt.UTC)
    days = (utc.date() - dt.date(1970, 1, 1)).days
    return ((days * 86400 + utc.hour * 3600 + utc.minute * 60 + utc.second) * 10**6
            + utc.microsecond)  # fmt: skip


def deadline_us(noted_us: int, p: Decimal, first_us: int | None) -> int:
    """D2 on UTC timestamps: the later start plus the allowed minutes."""
    start = noted_us if first_us is None else max(noted_us, first_us)
    return start + allowed_minutes(p) * 60 * 10**6


def deadline(noted: dt.datetime, p: Decimal, first: dt.datetime | None) -> dt.datetime:
    """D2: later of noted start and first start, plus allowed minutes, on elapsed time."""
    end = deadline_us(utc_us(noted), p, None if first is None else utc_us(first))
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    return (epoch + dt.timedelta(microseconds=end)).astimezone(noted.tzinfo)


def pix_normalize(text: str) -> str:
    """Pix normalize: NFD, drop U+0300-U+036F, upper, keep [0-9A-Z]."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not 0x300 <= ord(ch) <= 0x36F).upper()
    return "".join(ch for ch in kept if ch in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def fold_ligatures(text: str) -> str:
    """Issue 9 §4, from how French civil records transliterate these letters."""
    for letters, spelled in (
        ("œ", "oe"), ("Œ", "OE"), ("æ", "ae"), ("Æ", "AE"), ("ß", "ss"), ("ẞ", "SS"),
        ("ø", "o"), ("Ø", "O"), ("ł", "l"), ("Ł", "L"), ("đ", "d"), ("Đ", "D"),
        ("ð", "d"), ("Ð", "D"), ("þ", "th"), ("Þ", "TH"), ("ħ", "h"), ("Ħ", "H"),
        ("ŧ", "t"), ("Ŧ", "T"), ("ı", "i"),
    ):  # fmt: skip
        text = text.replace(letters, spelled)
    return text


def normalize(text: str) -> str:
    """pixcore's D8 normalisation: ligatures spelled out, NFKD, then Pix's normalize."""
    return pix_normalize(unicodedata.normalize("NFKD", fold_ligatures(text)))


def end_screen(finished: bool, seen: bool, auto_reject: bool) -> str:
    """D3."""
    if not finished:
        return "not_applicable"
    if seen:
        return "seen"
    return "rejected" if auto_reject else "proposal_reject"


DESCRIPTION_REQUIRED = {
    "CANDIDATE_INFORMATIONS_CHANGES",
    "SIGNATURE_ISSUE",
    "NON_BLOCKING_TECHNICAL_ISSUE",
    "NON_BLOCKING_CANDIDATE_ISSUE",
    "IN_CHALLENGE",
}
SUBCATEGORIES = {
    "CANDIDATE_INFORMATIONS_CHANGES": {"NAME_OR_BIRTHDATE", "EXTRA_TIME_PERCENTAGE"},
    "IN_CHALLENGE": {
        "IMAGE_NOT_DISPLAYING", "EMBED_NOT_WORKING", "FILE_NOT_OPENING", "WEBSITE_UNAVAILABLE",
        "WEBSITE_BLOCKED", "EXTRA_TIME_EXCEEDED", "SOFTWARE_NOT_WORKING",
        "UNINTENTIONAL_FOCUS_OUT", "SKIP_ON_OOPS", "ACCESSIBILITY_ISSUE",
    },
}  # fmt: skip
CURRENT = {
    "SIGNATURE_ISSUE",
    "FRAUD",
    "NON_BLOCKING_TECHNICAL_ISSUE",
    "NON_BLOCKING_CANDIDATE_ISSUE",
}
CURRENT |= set(SUBCATEGORIES)
DEPRECATED = {"TECHNICAL_PROBLEM", "OTHER", "LATE_OR_LEAVING", "CONNECTION_OR_END_SCREEN"}
DEPRECATED_SUB = {"LINK_NOT_WORKING", "OTHER", "LEFT_EXAM_ROOM"}


def report_valid(
    category: str, subcategory: str | None, question: int | None, description: str | None
) -> bool:
    """D4 validity for a report filed by the invigilator, in a known certification."""
    if category not in CURRENT:
        return False
    if subcategory in DEPRECATED_SUB:
        return False
    if category in SUBCATEGORIES and subcategory not in SUBCATEGORIES[category]:
        return False
    if category == "IN_CHALLENGE" and (question is None or not 1 <= question <= 500):
        return False
    blank = description is None or not description.strip()
    if category in DESCRIPTION_REQUIRED and blank:
        return False
    return description is None or len(description.strip()) <= 500


def impactful(category: str, subcategory: str | None) -> bool:
    """§8.3: FRAUD, C1 and every E code."""
    return category == "FRAUD" or subcategory == "NAME_OR_BIRTHDATE" or category == "IN_CHALLENGE"


# rules.md §10.4, row by row: (questions, correct, neutralised) → verdict per band
# (R ≥ 80, 70 ≤ R < 80, R < 70); "x" rows are written out for every neutralised count.
CERTIFIED_LEVEL_TABLE: dict[tuple[int, int, int], str] = {
    (3, 3, 0): "VVV", (3, 2, 0): "VDD", (3, 2, 1): "VVV", (3, 1, 0): "III",
    (3, 1, 1): "VDI", (3, 1, 2): "VVD",
    (3, 0, 0): "III", (3, 0, 1): "III", (3, 0, 2): "III", (3, 0, 3): "III",
    (2, 2, 0): "VVV", (2, 1, 0): "VDI", (2, 1, 1): "VVD",
    (2, 0, 0): "III", (2, 0, 1): "III", (2, 0, 2): "III",
    (1, 1, 0): "VVD", (1, 0, 0): "III", (1, 0, 1): "III",
}  # fmt: skip


def certified_level(questions: int, correct: int, neutralised: int, rate: int) -> str | None:
    """§10.4's verdict, or None for a combination the table does not list."""
    row = CERTIFIED_LEVEL_TABLE.get((questions, correct, neutralised))
    if row is None:
        return None
    return row[0 if rate >= 80 else 1 if rate >= 70 else 2]


def rate(correct: int, answered: int) -> int:
    """round(100 × correct / answered), halves up (Pix's ReproducibilityRate); 0 if none."""
    if not answered:
        return 0
    return int((Decimal(100 * correct) / answered).to_integral_value(rounding=ROUND_HALF_UP))
