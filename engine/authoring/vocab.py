"""The words of Vietnamese administrative texts that name a schedule or a deadline.

Shared by ``lint`` (does the frequency agree with the cited words?) and ``draft`` (which
schedule and deadline does a sentence state?), so the two read the texts the same way.
Matching is on ``fold``ed text: NFC, case-folded, single spaces, Markdown emphasis removed;
diacritics are kept, since "năm" (year) and "nam" differ.

>>> sorted(f.value for f in schedules_named("định kỳ 6 tháng, năm báo cáo"))
['semiannual_and_annual']
>>> sorted(f.value for f in schedules_named("hàng quý, trước ngày 15 của tháng cuối quý"))
['quarterly']
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from engine.model import Frequency, MonthRef, Reading

__all__ = ["DeadlineWords", "deadline_in", "fold", "schedules_named", "strip_marks"]

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "…": "..."})


def fold(text: str) -> str:
    """NFC, case-folded, quotes made plain, ``**`` emphasis removed, spaces collapsed."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES).replace("*", "")
    return _SPACES.sub(" ", text.casefold()).strip()


def strip_marks(text: str) -> str:
    """``fold`` without diacritics (đ→d): for names typed without them."""
    decomposed = unicodedata.normalize("NFD", fold(text).replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_EVERY = r"(?:hằng|hàng|mỗi|từng|định kỳ(?: vào)?|theo định kỳ)"
_SIX = r"(?:6|06|sáu)\s*tháng"
# Order matters: "6 tháng và năm" before "6 tháng" and before "năm".
_SCHEDULES: tuple[tuple[Frequency, re.Pattern[str]], ...] = (
    (Frequency.SEMIANNUAL_AND_ANNUAL, re.compile(
        rf"{_SIX}(?: đầu năm)?\s*(?:,|và|và cả|;|/)\s*(?:{_EVERY}\s*)?(?:cả\s*)?năm\b"
        rf"|(?:sơ kết|báo cáo) {_SIX} và (?:tổng kết|báo cáo) năm")),
    (Frequency.MONTHLY, re.compile(rf"{_EVERY} tháng\b(?! *(?:đầu|cuối|trước|sau))"
                                   r"|báo cáo tháng\b|định kỳ tháng\b")),
    (Frequency.QUARTERLY, re.compile(rf"{_EVERY} quý\b|tháng (?:cuối|đầu) (?:của )?quý"
                                     r"|báo cáo quý\b|theo quý\b")),
    (Frequency.SEMIANNUAL, re.compile(rf"(?:{_EVERY}\s*)?{_SIX}(?! đầu năm)(?! cuối năm)"
                                      r"|nửa năm")),
    (Frequency.ANNUAL, re.compile(rf"{_EVERY} năm\b|báo cáo năm\b|tổng kết năm\b|cuối năm\b"
                                  r"|(?:tháng|ngày) \d{1,2}(?: tháng \d{1,2})? (?:hằng|hàng) năm")),
    (Frequency.AD_HOC, re.compile(r"đột xuất|khi có yêu cầu|theo yêu cầu|kịp thời báo cáo"
                                  r"|báo cáo kịp thời|phản ánh kịp thời")),
)


def schedules_named(text: str) -> frozenset[Frequency]:
    """The schedules the words name; "6 tháng, năm" is one schedule, not three."""
    rest = fold(text)
    found: set[Frequency] = set()
    for freq, pattern in _SCHEDULES:
        if pattern.search(rest):
            found.add(freq)
            rest = pattern.sub(" ", rest)
    return frozenset(found)


@dataclass(frozen=True)
class DeadlineWords:
    """A deadline as a sentence states it: the words, the day, its month and the reading."""

    words: str
    reading: Reading
    day: int | None
    month: MonthRef | None


_DAY = r"(?:ngày\s*)?(\d{1,2})"
_READ = (
    (Reading.BY, r"chậm nhất(?: là)?(?: vào)?(?: ngày)?|trước hoặc (?:vào|trong) ngày|"
                 r"không muộn hơn(?: ngày)?|hạn chót(?: là)?(?: ngày)?"),
    (Reading.BEFORE, r"trước ngày|trước"),
)
_MONTH_PART = (
    r"(?:\s*(?:của|trong)?\s*(?P<month>tháng (?:(?:cuối|đầu|tiếp theo|sau|kế tiếp)"
    r"(?: của)?(?: kỳ| quý| năm| kỳ báo cáo)?(?: tiếp theo| sau)?|\d{1,2}(?:/\d{4})?"
    r"(?: (?:hằng|hàng|của) năm(?: tiếp theo| sau)?)?)|quý (?:sau|tiếp theo)"
    r"|(?:năm|kỳ) (?:sau|tiếp theo)))?"
)
_DEADLINE = re.compile(
    rf"(?P<read>{'|'.join(f'(?:{p})' for _, p in _READ)})\s*(?:ngày\s*)?(?P<day>\d{{1,2}})"
    rf"(?:/(?P<slash>\d{{1,2}})(?:/\d{{4}})?)?{_MONTH_PART}"
)


def _month_ref(words: str | None, slash: str | None) -> MonthRef | None:
    if slash is not None:
        return MonthRef("absolute", int(slash)) if 1 <= int(slash) <= 12 else None
    if not words:
        return None
    number = re.search(r"tháng (\d{1,2})", words)
    if number and "tiếp theo" not in words and "sau" not in words:
        value = int(number[1])
        return MonthRef("absolute", value) if 1 <= value <= 12 else None
    if number or re.search(r"tiếp theo|sau|kế tiếp", words):
        return MonthRef("next")
    if re.search(r"cuối|đầu", words):
        return MonthRef("last")
    return None


def deadline_in(text: str) -> DeadlineWords | None:
    """The first deadline a sentence states ("trước ngày 15 của tháng cuối quý",
    "chậm nhất ngày 20/12", "trước ngày 10 của tháng tiếp theo"), or None.

    >>> d = deadline_in("gửi báo cáo trước ngày 15 của tháng cuối quý để tổng hợp")
    >>> (d.reading.value, d.day, d.month)
    ('before', 15, MonthRef(mode='last', month=None))
    """
    folded = fold(text)
    m = _DEADLINE.search(folded)
    if m is None:
        return None
    reading = next(r for r, p in _READ if re.fullmatch(p, m["read"]))
    day = int(m["day"])
    if not 1 <= day <= 31:
        return None
    return DeadlineWords(
        words=m[0].strip(),
        reading=reading,
        day=day,
        month=_month_ref(m["month"], m["slash"]),
    )
