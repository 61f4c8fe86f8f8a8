"""``baocao rules draft``: a first draft of a directive's obligations, read from its text.

Offline and deterministic: patterns over Vietnamese administrative phrasing, no model. Passes:
1. lines → paragraphs (wrapped lines joined) with the section number they fall under
   (I, II.3, III.5: Roman parts, numbered items, lettered points);
2. paragraphs → clauses (sentences, then ";"-separated duties: "Trạm … báo cáo Chi cục …;
   Chi cục báo cáo Cục …");
3. each clause that makes someone report (báo cáo / gửi báo cáo … về / lên …, "phản ánh kịp
   thời", "định kỳ hằng năm đánh giá"), or a plan item with "Thời gian thực hiện", becomes a
   candidate: reporters, recipient (one candidate per recipient; "Cơ quan X – Thường trực Y":
   Y, via X), via ("qua …"), a confidence, and the list of what could not be read. Its
   reports and their deadlines are read together: every report of a year the words name
   ("hàng quý, 6 tháng và hàng năm": Q1..Q4, H1, Y — one frequency when they make one), every
   deadline ("trước ngày 10/6 và ngày 10/12", "từ ngày 1 đến ngày 5 hằng tháng", "trước ngày
   15/02 năm sau", "trong vòng 5 ngày làm việc kể từ …"), each deadline given to the report
   its words name ("… đối với báo cáo 6 tháng") or that it fits (10/6: H1; 10/12: Y). The data
   window ("số liệu tính từ ngày 15 tháng trước đến ngày 14 tháng báo cáo") is the clause's or
   its paragraph's; a monthly "trước ngày 5 hằng tháng" falls in the month after the data.
   Each coded field keeps the words it was read from, each inference a note. A clause missing
   its schedule or deadline month inherits them from the clause before it in the same
   sentence (cascades), or from the paragraph's label ("Báo cáo tháng: …"); one missing its
   recipient takes that clause's, or the one of a closing "… gửi về X" with no subject. A
   lead-in ending in ":" states no duty of its own; a task that runs all year ("Thời gian
   thực hiện: Năm 2022") is proposed with a lower confidence;
4. the same words may create side duties, each a candidate of its own kind: an ad hoc report
   ("hoặc đột xuất", "kịp thời báo cáo", "khi có yêu cầu"), the compiling body's report ("để
   tổng hợp, báo cáo X"), a quantity ("mỗi quý 1 phóng sự", "ít nhất mỗi quý 3 tin, 1 bài",
   "02 tin bài/tháng") and a review every N years ("5 năm sơ kết, 10 năm tổng kết", "sơ kết 3
   năm"), counted from a date near the words when there is one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from engine.authoring.vocab import fold, schedules_named, strip_marks
from engine.model import Frequency

__all__ = ["Candidate", "Draft", "DraftDirective", "draft_data", "draft_file", "draft_text"]


@dataclass(frozen=True)
class OffsetDraft:
    """"trong vòng 5 ngày làm việc kể từ ngày kết thúc kỳ báo cáo"."""

    days: int
    working: bool
    start: str | None  # period_end | cutoff | None (an event: the author decides)


@dataclass(frozen=True)
class DeadlineDraft:
    words: str | None
    day: int | None
    month: str | int | None  # last | next | 1..12
    reading: str | None  # before | by | within
    from_day: int | None = None  # "từ ngày 1 đến ngày 5": the window's first day
    year: str | None = None  # next: "trước ngày 15/02 năm sau" (month 2 of the next year)
    offset: OffsetDraft | None = None


@dataclass(frozen=True)
class ScheduleDraft:
    """One report of a year the words name (Q1, H1, 9M, Y; M: every month), with the
    deadline that applies to it when the text gives reports different ones."""

    period: str
    deadline: DeadlineDraft | None = None


@dataclass(frozen=True)
class DataWindowDraft:
    """"số liệu tính từ ngày 15 tháng trước đến ngày 14 tháng báo cáo": ``stated`` with its
    days; ``period`` when the data are the period's own dates ("từ ngày 01 đến ngày cuối cùng
    của tháng", "từ 01/01 đến 31/12"); ``unread`` when the words fit neither."""

    form: str  # stated | period | unread
    words: str
    from_day: int | None = None
    from_month: str | None = None  # previous: the month before the period
    to_day: int | None = None  # of the period's last month


@dataclass(frozen=True)
class QuantityDraft:
    """"mỗi quý 3 tin": ``count`` items of kind ``of`` (a slug of ``words``) ``per`` period."""

    count: int
    of: str
    per: str  # monthly | quarterly | annual
    words: str  # the item as written ("tin", "phóng sự")


@dataclass(frozen=True)
class Candidate:
    section: str
    sentence: str
    kind: str | None  # periodic | task | ad_hoc | quantity | review
    reporters: tuple[str, ...]
    recipient: str | None
    via: str | None
    frequency: str | None
    deadline: DeadlineDraft | None
    window: str | None  # a task's "Thời gian thực hiện", as written
    data_window: str | None  # "số liệu tính từ ... đến ..."
    confidence: float
    unread: tuple[str, ...]  # fields left empty: the author must fill them
    line: int
    quantities: tuple[QuantityDraft, ...] = ()  # quantity
    every_years: int | None = None  # review: "5 năm sơ kết"
    anchor: str | None = None  # review: ISO date the years count from, when a date is near
    anchor_words: str | None = None  # the words the anchor was read from
    schedule: tuple[ScheduleDraft, ...] = ()  # the reports of a year, when not one frequency
    window_read: DataWindowDraft | None = None  # ``data_window`` read
    words: tuple[tuple[str, str], ...] = ()  # field -> the words it was read from
    notes: tuple[str, ...] = ()  # how a field was inferred, for the author to check


@dataclass(frozen=True)
class DraftDirective:
    number: str | None
    kind: str | None
    title: str | None
    issued_on: str | None
    source: str


@dataclass(frozen=True)
class Draft:
    directive: DraftDirective
    candidates: tuple[Candidate, ...] = field(default_factory=tuple)


# -- 1. paragraphs and sections -------------------------------------------------------------

_ROMAN = r"(?:XI{0,3}|IX|IV|VI{0,3}|I{1,3}|V)"
_HEADING = re.compile(
    rf"^\s*(?:(?:Phần|PHẦN|Mục|MỤC)\s+)?(?P<roman>{_ROMAN})[.)]\s+"
    r"|^\s*(?P<article>Điều\s+\d+)[.:]?\s+"
    r"|^\s*(?P<num>\d{1,2}(?:\.\d{1,2}){0,2})[.)]?\s+(?=\S)"
    r"|^\s*(?P<letter>[a-zđ])\)\s+"
)
_MARKER = re.compile(r"^\s*(?:[-+•*–]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|"
                     rf"{_ROMAN}[.)]\s)")


@dataclass
class _Paragraph:
    text: str
    section: str
    line: int


def _paragraphs(text: str) -> list[_Paragraph]:
    out: list[_Paragraph] = []
    roman = num = letter = ""
    current: list[str] = []
    start = 0
    section = ""

    def flush() -> None:
        if current:
            out.append(_Paragraph(" ".join(current), section, start))
            current.clear()

    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.replace("**", "").strip()
        if not line:
            flush()
            continue
        m = _HEADING.match(line)
        new_item = bool(_MARKER.match(line))
        ends = bool(current) and current[-1].rstrip().endswith((".", ":", ";", "!", "?"))
        if m or new_item or (ends and line[:1].isupper()) or not current:
            flush()
            if m and m["roman"]:
                roman, num, letter = m["roman"], "", ""
            elif m and m["article"]:
                roman, num, letter = re.sub(r"\s+", " ", m["article"]), "", ""
            elif m and m["num"] and len(line) > len(m[0]):
                num, letter = m["num"], ""
            elif m and m["letter"]:
                letter = m["letter"]
            section = ".".join(p for p in (roman, num, letter) if p)
            start = i
        current.append(line)
    flush()
    return out


# -- 2. clauses -------------------------------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÀ-ỸÂÊÔƠƯĂ\"“(-])")


def _clauses(paragraph: str) -> list[str]:
    out = []
    for sentence in _SENTENCE.split(paragraph):
        parts = [p.strip() for p in sentence.split(";") if p.strip()]
        out.append(parts)
    return [" ; ".join(p) if len(p) == 1 else "\x00".join(p) for p in out]


# -- 3. candidates ----------------------------------------------------------------------------

_ORG = (r"(?:Bộ trưởng|Thủ trưởng|Bộ|Sở|Ủy ban|Uỷ ban|UBND|UBMTTQ|Ban Thường vụ|Ban Chỉ đạo|"
        r"Ban chỉ đạo|Ban Quản lý|BCĐ|Thường trực|Ban Thường trực|Cơ quan thường trực|Cục|"
        r"Chi cục|Trạm|Vụ|Liên minh|Nhân viên|"
        r"Văn phòng|Phòng|Hội đồng|Tỉnh ủy|Huyện ủy|Chủ tịch|Thủ tướng|Chính phủ|Trung tâm|"
        r"Đài|Báo(?! cáo)|Hội|Liên đoàn|Tỉnh đoàn|Đoàn|các)")
_STOP = (r"(?=\s+(?:trước|chậm nhất|định kỳ|hằng|hàng|mỗi|theo|để|về việc|về tình hình|"
         r"về kết quả|kết quả|tình hình|trong|khi|vào|qua|hoặc|và đột|,\s*định)\b|[;.]|$"
         r"|\s*\()")
_RECIPIENT = re.compile(
    rf"(?:báo cáo|gửi(?: báo cáo)?)\s+(?:(?:về|lên|cho|đến|tới)\s+)?(?P<to>{_ORG}[^;.]*?){_STOP}"
    rf"|(?:báo cáo|gửi|phản ánh)\b[^;.]{{0,100}}?\s(?:về|lên|cho|đến|tới)\s+"
    rf"(?P<to2>{_ORG}[^;.]*?){_STOP}")
_DUTY = re.compile(r"\bbáo cáo\b|\bphản ánh kịp thời\b|\bkịp thời phản ánh\b", re.IGNORECASE)
# Ad hoc reporting, on folded text: "báo cáo đột xuất", "báo cáo … hằng quý …, hoặc đột xuất khi
# có yêu cầu", "đột xuất gửi báo cáo", "kịp thời báo cáo", "phản ánh kịp thời", "theo yêu cầu"
# (but not "theo yêu cầu hằng năm", a schedule). The words must follow or lead into the report:
# "họp đột xuất", "kiểm tra định kỳ và đột xuất, báo cáo kết quả" are no ad hoc reports.
_AD_HOC_DUTY = re.compile(
    r"(?:báo cáo|phản ánh|gửi)\b[^;.]*?(?:đột xuất|khi có yêu cầu|khi được yêu cầu|"
    r"theo yêu cầu(?!\s+(?:hằng|hàng|định kỳ|mỗi)))"
    r"|đột xuất\s+(?:gửi\s+)?(?:báo cáo|phản ánh)\b"
    r"|(?:kịp thời|khi có yêu cầu|khi được yêu cầu),?\s+(?:[^\s,;.]+\s+){0,2}?"
    r"(?:báo cáo|phản ánh)\b"
    r"|(?:báo cáo|phản ánh) kịp thời")
_NOT_DUTY = re.compile(r"hội nghị báo cáo viên|báo cáo viên|báo cáo đánh giá và công bố|"
                       r"nghe báo cáo|báo cáo tham luận", re.IGNORECASE)
_VIA = re.compile(r"\(\s*qua\s+(?P<via>[^)]+?)\s+[-–]\s+\d|\(\s*qua\s+(?P<via2>[^)]+)\)"
                  r"|\(cơ quan (?P<host>[^)]+)\)")
_COMPILE = re.compile(rf"để tổng hợp,?\s*(?:và\s*)?báo cáo\s+(?P<to>{_ORG}[^;.,]*?){_STOP}")
_WINDOW = re.compile(r"Thời gian(?: thực hiện| hoàn thành)?\s*:\s*(?P<w>[^.;\n]+)", re.IGNORECASE)
_LEAD = re.compile(r"Đơn vị(?: chủ trì)?(?: thực hiện)?\s*:\s*(?P<who>[^.;\n]+)", re.IGNORECASE)
_TIME_FRAME = re.compile(r"\((?P<w>(?:tháng|quý|năm|từ ngày)[^()]{1,60})\)\s*\.?\s*$",
                         re.IGNORECASE)
_SUBJECT = re.compile(rf"^(?:-|\+)?\s*(?P<who>(?:{_ORG}|Các|Mỗi)[^.;:]*?)\s+(?:có trách nhiệm\s+|"
                      r"tổng hợp[^.;]*?,\s*|định kỳ\s+|chủ động\s+|xây dựng\s+[^.;]*?\s+)?"
                      r"(?:báo cáo|gửi báo cáo)\b")
_NUMBER = re.compile(r"Số\s*:?\s*(?P<n>\d+\s*/\s*[A-ZĐ0-9\-]+(?:/[A-ZĐ0-9\-]+)?)")
_DATE = re.compile(r"ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})")
_KINDS = (("KẾ HOẠCH", "ke_hoach"), ("CHỈ THỊ", "chi_thi"), ("QUYẾT ĐỊNH", "quyet_dinh"),
          ("CÔNG VĂN", "cong_van"), ("THÔNG BÁO", "thong_bao"), ("THÔNG TƯ", "thong_tu"),
          ("NGHỊ ĐỊNH", "nghi_dinh"))


def draft_text(text: str, source: str) -> Draft:
    """Every candidate obligation of a directive's text, in the order of the text."""
    paragraphs = _paragraphs(text)
    candidates: list[Candidate] = []
    for i, para in enumerate(paragraphs):
        if _WINDOW.search(para.text):
            task = _task(paragraphs, i)
            if task is not None:
                candidates.append(task)
            continue
        frame = _TIME_FRAME.search(para.text)
        if frame:  # "- Tổ chức kiểm tra … (tháng 6, tháng 11 năm 2022)."
            candidates.append(_candidate(
                para, para.text, "task", _reporters_of(para.text), None, None, "once",
                DeadlineDraft(fold(frame["w"]), None, None, "within"), frame["w"], None))
            continue
        previous: Candidate | None = None
        para_subject = _reporters_of(para.text)
        label = _label_periods(para.text)
        first = len(candidates)
        places: list[int] = []  # where in the paragraph each new candidate's sentence is
        for sentence in _clauses(para.text):
            previous = None
            subject = _reporters_of(sentence) or para_subject
            place = para.text.find(sentence.split("\x00")[0][:40])
            if _data_windows(sentence) and not _DUTY.search(_LABEL.sub("", _MARKER.sub(
                    "", _masked(sentence, _data_windows(sentence)).strip(), count=1))):
                # "Số liệu báo cáo năm tính từ ngày 01/01 đến ngày 31/12": the window of the
                # paragraph's duties (below), no duty of its own.
                continue
            clauses = [c.replace(" ; ", "; ") for c in sentence.split("\x00")]
            for k, clause in enumerate(clauses):
                then = clauses[k + 1] if k + 1 < len(clauses) else None
                found = (*_duties(clause, para, previous, subject, then, label),
                         *_quantities(clause, para, subject),
                         *_reviews(clause, para, subject, paragraphs[:i]))
                candidates += found
                places += [place] * len(found)
                # A cascade continues the clause's main duty: not an ad hoc, quantity or
                # review one, nor the compiling body's report to the next level.
                previous = next((c for c in found if c.kind in (None, "periodic")), previous)
        candidates[first:] = _with_data_windows(candidates[first:], places,
                                                _data_windows(para.text))
    return Draft(_header(text, source), tuple(_dedupe(candidates)))


_LABEL_PERIODS = re.compile(r"^\s*(?:[a-zđ]\)|\d{1,2}(?:\.\d{1,2})*[.)])?\s*(?P<what>Báo cáo"
                            r"[^:.;]{1,50}):", re.IGNORECASE)


def _label_periods(text: str) -> tuple[str, ...]:
    """"a) Báo cáo tháng: …", "b) Báo cáo 6 tháng và báo cáo năm: …": the reports a
    paragraph's label names, for its duties that name none."""
    m = _LABEL_PERIODS.match(text)
    return _codes(_mentions(m["what"])) if m else ()


def _with_data_windows(found: list[Candidate], places: list[int],
                       windows: list[tuple[int, int, DataWindowDraft]]) -> list[Candidate]:
    """A paragraph's periodic duties with the data window its words state ("Số liệu báo cáo
    tính từ ngày 15 của tháng trước kỳ báo cáo đến ngày 14 của tháng cuối quý", before or
    after the duties): a duty's own, else the paragraph's nearest before it (else after it).
    Then a monthly report's deadline with no month is placed after its data."""
    out = []
    for c, place in zip(found, places, strict=True):
        if c.kind in ("periodic", None) and c.window_read is None and windows:
            before = [w for start, _, w in windows if start <= place]
            window = before[-1] if before else windows[0][2]
            c = replace(c, window_read=window, data_window=window.words,
                        words=(*c.words, ("data_window", window.words)),
                        notes=(*c.notes, "data_window: the paragraph's"))
        dl = c.deadline
        if _periods_of(c) == ("M",) and dl is not None and dl.day is not None \
                and dl.month is None and dl.offset is None:
            month, why = _monthly_month(dl.day, c.window_read)
            c = replace(c, deadline=replace(dl, month=month),
                        notes=(*c.notes, f"deadline.month: {month}: {why}"))
        out.append(c)
    return out


def _dedupe(candidates: list[Candidate]) -> Iterator[Candidate]:
    seen: set[tuple[str, str | None, tuple[str, ...], str | None, int | None]] = set()
    for c in candidates:
        key = (c.sentence, c.recipient, c.reporters, c.frequency, c.every_years)
        if key not in seen:
            seen.add(key)
            yield c


def _header(text: str, source: str) -> DraftDirective:
    head = text[:3000]
    number = _NUMBER.search(head)
    date = _DATE.search(head.replace("**", ""))
    kind = next((k for word, k in _KINDS if word in head), None)
    title = None
    m = re.search(r"(?:KẾ HOẠCH|CHỈ THỊ|QUYẾT ĐỊNH|THÔNG BÁO)\**\s*(?P<t>[^\n]{10,200})", head)
    if m:
        title = re.sub(r"\*+", " ", m["t"]).strip() or None
    issued = (f"{int(date['y']):04d}-{int(date['m']):02d}-{int(date['d']):02d}"
              if date else None)
    return DraftDirective(
        number=re.sub(r"\s+", "", number["n"]) if number else None,
        kind=kind, title=title, issued_on=issued, source=source)


def _duties(clause: str, para: _Paragraph, previous: Candidate | None,
            subject: tuple[str, ...], then: str | None = None,
            label: tuple[str, ...] = ()) -> Iterator[Candidate]:
    """The reporting duties of one clause: the main one (periodic, or of a kind not read) and
    the side ones the same words create ("định kỳ 06 tháng hoặc đột xuất gửi báo cáo": a
    half-yearly report and an ad hoc one; "để tổng hợp, báo cáo Y": the compiler's report).
    ``label``: the reports a paragraph's label names ("Báo cáo tháng: …"), for a clause that
    names none."""
    folded = fold(clause)
    evaluates = bool(_EVALUATES.search(folded))
    if not (_DUTY.search(clause) or evaluates) \
            or (_NOT_DUTY.search(clause) and clause.count("báo cáo") < 2):
        return
    recipients = [r for r in _recipients(clause) if r]
    notes: list[str] = []
    if not recipients and previous is not None and previous.recipient \
            and not _reporters_of(clause):
        # "gửi báo cáo định kỳ 6 tháng về Sở …; báo cáo đột xuất khi có yêu cầu": a clause
        # with no subject and no recipient of its own reports where the one before it does.
        recipients = [previous.recipient]
        notes.append("recipient: the clause before's")
    if not recipients and then is not None and re.search(r"\bgửi\b", then) \
            and not _reporters_of(then):
        # "… báo cáo định kỳ 6 tháng, năm; phản ánh kịp thời … gửi về X": the sending that
        # closes the sentence, with no subject of its own, sends both.
        recipients = [r for r in _recipients(then) if r]
        notes.append("recipient: the sending that closes the sentence")
    reporters = _reporters_of(clause)
    if not reporters and subject:
        reporters = subject
        notes.append(f"reporters: the subject of the sentence or paragraph ({subject[0]})")
    windows = _data_windows(clause)
    text = _masked(clause, windows)  # the dates of a data window are no deadline
    named = schedules_named(text)
    ad_hoc = bool(_AD_HOC_DUTY.search(folded))
    mentions = _mentions(text)
    codes = _codes(mentions)
    words: list[tuple[str, str]] = []
    if codes:
        words.append(("schedule", " … ".join(m.words for m in mentions)))
    elif (read := _frequency(named - {Frequency.AD_HOC})) in _FREQUENCY_PERIODS:
        codes = _FREQUENCY_PERIODS[read]  # "tháng cuối quý": the quarters
        words.append(("schedule", clause.strip()))
    deadlines = _deadlines(text)
    if not codes and _REVIEW.search(folded):
        return  # "5 năm sơ kết, 10 năm tổng kết, báo cáo …": the reviews are the duties
    if clause.rstrip().endswith(":") and not recipients and not deadlines:
        return  # a lead-in ("4. Báo cáo kết quả … hằng năm:"): the items below state the duty
    if not recipients and not (codes or deadlines or ad_hoc):
        return
    if not codes and not ad_hoc and previous is not None and _periods_of(previous):
        # "Trạm … báo cáo Chi cục … hằng tháng; Chi cục báo cáo Cục …": the same reports
        codes = _periods_of(previous)
        words.append(("schedule", dict(previous.words).get("schedule", "")))
        notes.append("schedule: the clause before's")
    elif not codes and not ad_hoc and label:
        codes = label
        notes.append("schedule: the paragraph's label")
    if set(_QUARTERS) <= set(codes) and {"H1", "Y"} & set(codes):
        notes.append("schedule: every report the words name; where the quarter's report is "
                     "also the half-year's or the year's (NĐ 09/2019 practice), list each once: "
                     "[Q1, H1, 9M, Y]")
    # "hằng quý trước ngày 20 tháng cuối quý và hằng tháng trước ngày 5": a monthly report and
    # the others, two duties (a schedule lists the reports of a year, not every month).
    groups = [("M",), codes[1:]] if codes[:1] == ("M",) and len(codes) > 1 else [codes]
    for group in groups:
        yield from _routes(clause, para, previous, reporters, recipients, group, deadlines,
                           ad_hoc and group is groups[-1], (*words,), (*notes,), windows)


def _routes(clause: str, para: _Paragraph, previous: Candidate | None,
            reporters: tuple[str, ...], recipients: list[str], codes: tuple[str, ...],
            deadlines: list[_Deadline], ad_hoc: bool, words: tuple[tuple[str, str], ...],
            notes: tuple[str, ...],
            windows: list[tuple[int, int, DataWindowDraft]]) -> Iterator[Candidate]:
    """A duty of one clause, to each of its recipients; an ad hoc one beside it; the
    compiling body's report when the clause says "để tổng hợp, báo cáo Y"."""
    deadline, entries = _calendar(codes, deadlines)
    if deadline is not None and deadline.day is not None and deadline.month is None \
            and deadline.offset is None and previous is not None \
            and previous.deadline is not None and previous.deadline.month is not None:
        # "Chi cục báo cáo Cục trước ngày 15": the same month as the clause before
        deadline = replace(deadline, month=previous.deadline.month,
                           year=previous.deadline.year)
        notes = (*notes, "deadline.month: the clause before's")
    frequency, schedule = _frequency_schedule(codes, entries)
    used = [deadline] if deadline is not None else [e.deadline for e in entries]
    said = " … ".join(dict.fromkeys(d.words for d in used if d is not None and d.words))
    if said:
        words = (*words, ("deadline", said))
    via = _via(clause)
    if via:
        words = (*words, ("via", f"(qua {via})"))
    window = windows[0][2] if windows else None
    if window is not None:
        words = (*words, ("data_window", window.words))
    compile_to = _COMPILE.search(clause)
    main: list[str | None] = [r for r in recipients
                              if not compile_to or r != _clean(compile_to["to"])]
    routes = [_standing_office(r) if r else (None, None) for r in main or [None]]
    if frequency or not ad_hoc:
        kind = "periodic" if frequency else None
        for recipient, host in routes:
            cand = _candidate(para, clause, kind, reporters, recipient, via or host, frequency,
                              deadline, None, window.words if window else None,
                              schedule=schedule, words=words, notes=notes)
            yield replace(cand, window_read=window)
    if ad_hoc:
        # "… hoặc đột xuất", "kịp thời báo cáo", "khi có yêu cầu": no calendar, no deadline of
        # its own unless the clause states one and no schedule.
        for recipient, host in routes:
            yield _candidate(para, clause, "ad_hoc", reporters, recipient, via or host,
                             Frequency.AD_HOC.value, None if frequency else deadline, None,
                             None, notes=notes)
    if compile_to:
        # "gửi … (qua X) … để tổng hợp, báo cáo Y": X (or the recipient) reports to Y, on the
        # same reports; the text gives that report no deadline of its own.
        compiler = via or (main[0] if main else None)
        kind, freq = (("periodic", frequency) if frequency else
                      ("ad_hoc", Frequency.AD_HOC.value) if ad_hoc else (None, None))
        yield _candidate(para, clause, kind, (compiler,) if compiler else (),
                         _clean(compile_to["to"]), None, freq, None, None, None,
                         schedule=tuple(ScheduleDraft(e.period) for e in schedule),
                         words=tuple(w for w in words if w[0] == "schedule"),
                         notes=("reporters: the unit the reports are sent to, to compile",))


def _periods_of(c: Candidate) -> tuple[str, ...]:
    """The reports of a year a candidate owes: its schedule, else its frequency's."""
    if c.schedule:
        return tuple(e.period for e in c.schedule)
    return _FREQUENCY_PERIODS.get(c.frequency or "", ())


def _frequency_schedule(codes: tuple[str, ...], entries: tuple[ScheduleDraft, ...]
                        ) -> tuple[str | None, tuple[ScheduleDraft, ...]]:
    """One frequency when the reports are one ("hằng quý": quarterly; "6 tháng và năm":
    semiannual_and_annual) with one deadline; else ``scheduled`` and the reports listed
    ("hàng quý, 6 tháng và hàng năm": Q1..Q4, H1, Y), each with its own deadline if any."""
    if not codes:
        return None, ()
    if entries:
        return Frequency.SCHEDULED.value, entries
    if codes in _PERIODS_FREQUENCY:
        return _PERIODS_FREQUENCY[codes], ()
    return Frequency.SCHEDULED.value, tuple(ScheduleDraft(c) for c in codes)


# -- what a duty's words say: its reports, their deadlines, its data window ----------------

_QUARTERS = ("Q1", "Q2", "Q3", "Q4")
_ORDER = ("M", *_QUARTERS, "H1", "H2", "9M", "Y")
_END_MONTH = {"M": 1, "Q1": 3, "Q2": 6, "Q3": 9, "Q4": 12, "H1": 6, "H2": 12, "9M": 9, "Y": 12}
_FREQUENCY_PERIODS: dict[str, tuple[str, ...]] = {
    Frequency.MONTHLY.value: ("M",), Frequency.QUARTERLY.value: _QUARTERS,
    Frequency.SEMIANNUAL.value: ("H1", "H2"), Frequency.SEMIANNUAL_AND_ANNUAL.value: ("H1", "Y"),
    Frequency.ANNUAL.value: ("Y",)}
_PERIODS_FREQUENCY = {v: k for k, v in _FREQUENCY_PERIODS.items()}
# The words before a period that make it a schedule: "hằng quý", "định kỳ 6 tháng", "báo cáo
# năm", "theo quý"; "6 tháng" and "9 tháng" need none. Listed items follow: "hàng quý, 6 tháng
# và hàng năm", "hằng quý, 6 tháng, 9 tháng và năm", "6 tháng, năm".
_MARK = r"(?:hằng|hàng|mỗi|từng|định kỳ|theo|báo cáo|kỳ)"
# "năm trước", "tháng sau" name another period ("trước ngày" is a deadline, not "last year").
_PAST = r"trước(?!\s*(?:ngày|hoặc|\d))"
_ITEM = (r"(?:(?:9|09|chín|6|06|sáu)\s+tháng(?:\s+(?:đầu|cuối)\s+năm)?|nửa năm"
         rf"|quý(?!\s*(?:sau|tiếp theo|{_PAST}|kế tiếp|liền|\d|(?-i:[IVX]+)(?!\w)))"
         rf"|tháng(?!\s*(?:đầu|cuối|{_PAST}|sau|tiếp theo|kế tiếp|liền|báo cáo|\d|/))"
         rf"|năm(?!\s*(?:sau|tiếp theo|{_PAST}|kế tiếp|liền|học|\d)))")
_MARKED = re.compile(rf"(?<!\w)(?:{_MARK}\s+)+(?P<item>{_ITEM})(?!\w)", re.IGNORECASE)
_BARE = re.compile(r"(?<![\w/])(?P<item>(?:9|09|chín|6|06|sáu)\s+tháng"
                   r"(?:\s+(?:đầu|cuối)\s+năm)?)(?!\w)", re.IGNORECASE)
_MORE = re.compile(rf"\s*(?:,|và|hoặc|/)\s*(?:{_MARK}\s+)*(?P<item>{_ITEM})(?!\w)",
                   re.IGNORECASE)
# "trước ngày 5 hằng tháng", "ngày 15/12 hằng năm": how often a date recurs, a schedule only
# when nothing else names one.
_AFTER_DATE = re.compile(r"(?:\d{1,2}(?:\s*/\s*\d{1,2})?|tháng\s+\d{1,2})\s*$")


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    words: str
    codes: tuple[str, ...]  # "H2?": the second half of "6 tháng", left out beside a year
    recurs: bool = False  # "hằng năm" after a date


def _item_codes(item: str) -> tuple[str, ...]:
    w = item.casefold()
    six = re.match(r"(?:6|06|sáu)\s+tháng(?:\s+(đầu|cuối)\s+năm)?", w)
    if re.match(r"(?:9|09|chín)\s+tháng", w):
        return ("9M",)
    if six:
        return {"đầu": ("H1",), "cuối": ("H2",)}.get(six[1] or "", ("H1", "H2?"))
    if w.startswith("nửa"):
        return ("H1", "H2?")
    return {"q": _QUARTERS, "t": ("M",)}.get(w[:1], ("Y",))


def _mentions(text: str) -> list[_Mention]:
    """Every schedule the words name, with where: "hàng quý, 6 tháng và hàng năm" is one
    mention of Q1..Q4, H1 (and H2, left out beside the year) and Y."""
    found = sorted([*_MARKED.finditer(text), *_BARE.finditer(text)], key=lambda m: m.start())
    out: list[_Mention] = []
    for m in found:
        if out and m.start() < out[-1].end:
            continue
        end = m.end()
        codes = list(_item_codes(m["item"]))
        while (more := _MORE.match(text, end)) is not None:
            codes += _item_codes(more["item"])
            end = more.end()
        recurs = bool(_AFTER_DATE.search(text[max(0, m.start() - 20):m.start()])) \
            and end == m.end()
        out.append(_Mention(m.start(), end, text[m.start():end].strip(),
                            tuple(dict.fromkeys(codes)), recurs))
    return out


def _codes(mentions: list[_Mention]) -> tuple[str, ...]:
    """The reports a year holds, in calendar order: a date's "hằng năm" counts only when
    nothing else is named; "6 tháng" beside an annual report is the first half (the annual
    report stands for the second)."""
    named = [m for m in mentions if not m.recurs] or mentions
    codes = {c for m in named for c in m.codes}
    if "H2?" in codes:
        codes.discard("H2?")
        if "Y" not in codes:
            codes.add("H2")
    return tuple(c for c in _ORDER if c in codes)


_READING = (r"(?P<read>chậm nhất(?:\s+là)?(?:\s+vào)?(?:\s+ngày)?|trước hoặc (?:vào|trong) ngày"
            r"|không muộn hơn(?:\s+ngày)?|hạn chót(?:\s+là)?(?:\s+ngày)?|trước(?:\s+ngày)?"
            r"|từ\s+ngày\s+(?P<from_day>\d{1,2})\s+(?:đến|tới)(?:\s+hết)?(?:\s+ngày)?)")
_DAY = (r"\s*(?:ngày\s*)?(?P<day>\d{1,2})(?!\d)"
        r"(?:\s*/\s*(?P<slash>\d{1,2})(?!\d)(?:\s*/\s*\d{4})?)?")
_MONTH_WORDS = (
    r"(?:\s*,?\s*(?:của|trong|vào)?\s*(?P<month>"
    r"tháng\s+(?:cuối|đầu)(?:\s+của)?(?:\s+(?:kỳ báo cáo|kỳ|quý|năm))?"
    r"(?:\s+(?:sau|tiếp theo|kế tiếp))?"
    r"|tháng\s+(?:tiếp theo|sau|kế tiếp|liền sau)(?:\s+của\s+kỳ báo cáo)?"
    r"|tháng\s+\d{1,2}(?:\s*/\s*\d{4})?"
    r"|(?:hằng|hàng|mỗi)\s+tháng"
    r"|(?:quý|kỳ)\s+(?:sau|tiếp theo|kế tiếp)))?"
    r"(?:\s*(?:của\s+)?(?P<year>năm\s+(?:sau|tiếp theo|kế tiếp)|(?:hằng|hàng)\s+năm))?")
_DEADLINE_WORDS = re.compile(rf"(?<!\w){_READING}{_DAY}{_MONTH_WORDS}", re.IGNORECASE)
# "trước ngày 10/6 và ngày 10/12", "trước ngày 15/6 và 15/12": a second date read as the
# first (a bare number needs its month: "15/12").
_AND_DATE = re.compile(rf"\s*(?:,|và|,\s*và)\s*(?P<ngay>ngày\s*)?(?P<day>\d{{1,2}})(?!\d)"
                       rf"(?:\s*/\s*(?P<slash>\d{{1,2}})(?!\d)(?:\s*/\s*\d{{4}})?)?"
                       rf"{_MONTH_WORDS}", re.IGNORECASE)
_OFFSET = re.compile(
    r"(?<!\w)trong\s+(?:vòng|thời hạn|thời gian|khoảng)?\s*(?P<n>\d{1,3})\s+ngày"
    r"(?P<working>\s+làm việc)?(?:\s*,?\s*(?:kể từ|tính từ)\s+(?P<start>[^,;.()]{3,60}))?",
    re.IGNORECASE)
# "(đối với báo cáo 6 tháng)", "đối với báo cáo năm": the report a deadline is for.
_FOR = re.compile(r"\s*\(?\s*(?:đối với|với|cho|áp dụng cho)\s+(?P<what>[^();.]{1,50}?)"
                  r"(?=\)|$|[,;.]|\s+và\s)", re.IGNORECASE)


@dataclass(frozen=True)
class _Deadline:
    start: int
    end: int
    draft: DeadlineDraft
    names: str | None  # the kind of report its words name: Q (quý), Y (năm), or None
    target: tuple[str, ...] = ()  # "đối với báo cáo 6 tháng": the reports it is for


def _month_of(month: str | None, slash: str | None,
              year: str | None) -> tuple[str | int | None, str | None]:
    """A deadline's month (last | next | 1..12) and year (next, when a month other than
    January of the year after the period is named: "15/02 năm sau")."""
    number = int(slash) if slash else None
    words = (month or "").casefold()
    if number is None and (m := re.match(r"tháng\s+(\d{1,2})", words)):
        number = int(m[1])
    next_year = year is not None and not re.match(r"(?:hằng|hàng)", year.casefold())
    if number is not None:
        if not 1 <= number <= 12:
            return None, None
        if next_year:
            return ("next", None) if number == 1 else (number, "next")
        return number, None
    if re.search(r"sau|tiếp theo|kế tiếp", words):
        return "next", None
    if re.search(r"cuối", words):
        return "last", None
    return None, None


def _deadlines(text: str) -> list[_Deadline]:
    """Every deadline the words state, in order, with the report each is for when they say."""
    out: list[_Deadline] = []
    for m in _DEADLINE_WORDS.finditer(text):
        read = m["read"].casefold()
        reading = ("by" if m["from_day"] or not read.startswith("trước")
                   or read.startswith("trước hoặc") else "before")
        found = [m]
        while (more := _AND_DATE.match(text, found[-1].end())) is not None \
                and (more["ngay"] or more["slash"]):
            found.append(more)
        for k, hit in enumerate(found):
            day = int(hit["day"])
            if not 1 <= day <= 31:
                continue
            month, year = _month_of(hit["month"], hit["slash"], hit["year"])
            words = text[hit.start():hit.end()].strip(" ,")
            if k:  # "chậm nhất ngày 10/6 và ngày 10/12": "chậm nhất ngày 10/12"
                words = words.lstrip(", ").removeprefix("và ").strip()
                read_words = re.sub(r"\s+ngày$", "", m["read"]) if words.startswith("ngày") \
                    else m["read"]
                words = f"{read_words} {words}"
            draft = DeadlineDraft(words, day, month, reading,
                                  int(m["from_day"]) if m["from_day"] else None, year)
            said = fold(f"{hit['month'] or ''} {hit['year'] or ''}")
            names = "Q" if "quý" in said else "Y" if "năm" in said and year else None
            target: tuple[str, ...] = ()
            if (m_for := _FOR.match(text, hit.end())) is not None:
                target = _codes(_mentions(m_for["what"]))
            out.append(_Deadline(hit.start(), hit.end(), draft, names, target))
    for m in _OFFSET.finditer(text):
        start = fold(m["start"] or "")
        begins = ("cutoff" if "chốt số liệu" in start else
                  "period_end" if re.search(r"kết thúc kỳ|hết kỳ|cuối kỳ|kỳ báo cáo", start)
                  else None)
        offset = OffsetDraft(int(m["n"]), bool(m["working"]), begins)
        out.append(_Deadline(m.start(), m.end(), DeadlineDraft(
            m[0].strip(), None, None, "by", offset=offset), None))
    return sorted(out, key=lambda d: d.start)


def _fit(code: str, d: _Deadline) -> tuple[int, int]:
    """How well a deadline fits a report (lower is better): words naming the report's kind,
    then the distance in months from the report's last month to the deadline's."""
    kind = "Q" if code in _QUARTERS else "Y" if code == "Y" else None
    named = 0 if d.names is not None and d.names == kind else 2 if d.names else 1
    month = d.draft.month
    if isinstance(month, int):
        distance = abs(month + (12 if d.draft.year else 0) - _END_MONTH[code])
    else:
        distance = 1 if month == "next" else 0
    return named, distance


def _calendar(codes: tuple[str, ...],
              deadlines: list[_Deadline]) -> tuple[DeadlineDraft | None,
                                                   tuple[ScheduleDraft, ...]]:
    """The deadline of each report: the one whose words say it is for it ("trước ngày 15
    tháng 7 đối với báo cáo 6 tháng đầu năm"), else the one that fits it best ("trước ngày
    10/6 và ngày 10/12": H1 and Y; "tháng cuối quý": the quarters). One deadline for all:
    (deadline, ()); else (None, one entry per report)."""
    if not deadlines or not codes:
        return (deadlines[0].draft if deadlines else None), ()
    if len(deadlines) == 1:
        return deadlines[0].draft, ()
    chosen: dict[str, DeadlineDraft] = {}
    for code in codes:
        meant = [d for d in deadlines if code in d.target]
        free = [d for d in deadlines if not d.target]
        pool = meant or free or deadlines
        chosen[code] = min(pool, key=lambda d: _fit(code, d)).draft
    if len(set(chosen.values())) == 1:
        return next(iter(chosen.values())), ()
    return None, tuple(ScheduleDraft(c, chosen[c]) for c in codes)


_DATA_WINDOW = re.compile(
    r"(?:thời gian\s+)?(?:chốt\s+)?số liệu[^.;]{0,60}?(?<!\w)từ\s+(?:ngày\s+)?"
    r"(?P<from>\d{1,2}(?:\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?)?"
    r"(?:\s+(?:của\s+)?tháng\s+(?:trước|liền trước)(?:\s+(?:của\s+)?kỳ báo cáo)?"
    r"(?:\s+năm\s+trước)?)?(?:\s+năm\s+trước)?)"
    r"\s+(?:đến|tới)\s+(?:hết\s+)?(?:ngày\s+)?"
    r"(?P<to>cuối cùng\s+(?:của\s+)?(?:tháng|quý|kỳ(?:\s+báo cáo)?|năm)"
    r"|\d{1,2}(?:\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?)?"
    r"(?:\s+(?:của\s+)?tháng\s+(?:báo cáo|cuối quý|cuối kỳ(?:\s+báo cáo)?|cuối cùng của kỳ"
    r"(?:\s+báo cáo)?|thuộc kỳ báo cáo)(?:\s+thuộc kỳ báo cáo)?)?)",
    re.IGNORECASE)
_MONTH_DAYS = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30,
               12: 31}


def _data_windows(text: str) -> list[tuple[int, int, DataWindowDraft]]:
    """The data windows the words state, with where."""
    out = []
    for m in _DATA_WINDOW.finditer(text):
        words = m[0].strip()
        start, end = fold(m["from"]), fold(m["to"])
        first = re.match(r"(\d{1,2})(?:\s*/\s*(\d{1,2}))?", start)
        last = re.match(r"(\d{1,2})(?:\s*/\s*(\d{1,2}))?", end)
        assert first is not None
        day = int(first[1])
        if "trước" in start and last is not None:
            window = DataWindowDraft("stated", words, day, "previous", int(last[1]))
        elif day == 1 and (end.startswith("cuối cùng") or (
                last is not None and last[2] and first[2] and int(first[2]) in (1, 4, 7, 10)
                and 1 <= int(last[2]) <= 12 and int(last[1]) >= _MONTH_DAYS[int(last[2])])):
            window = DataWindowDraft("period", words)
        elif last is not None and first[2] and last[2] and day == int(last[1]) + 1:
            # "từ ngày 15/12 năm trước đến ngày 14/12": from the month before the period
            window = DataWindowDraft("stated", words, day, "previous", int(last[1]))
        else:
            window = DataWindowDraft("unread", words)
        out.append((m.start(), m.end(), window))
    return out


def _masked(text: str, spans: list[tuple[int, int, DataWindowDraft]]) -> str:
    """``text`` with its data windows blanked out (same length): their dates are no deadline."""
    for start, end, _ in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _monthly_month(day: int, window: DataWindowDraft | None) -> tuple[str, str]:
    """The month of a monthly report's "trước ngày N hằng tháng": the report is written
    after its data end — on the 14th (NĐ 09/2019, Điều 12), on the stated day, or with the
    month — so a day after that end is in the report's own month, any other in the next."""
    if window is not None and window.form == "period":
        return "next", "the data run to the month's end: the report is due the month after"
    end = window.to_day if window is not None and window.to_day else 14
    why = ("the data end on day 14 (NĐ 09/2019, Điều 12)" if window is None
           or not window.to_day else f"the data end on day {end}")
    if day > end:
        return "last", f"{why}: day {day} is after them, in the report's own month"
    return "next", f"{why}: day {day} is before them, so in the month after"


# -- quantities and multi-year reviews --------------------------------------------------------

_PER = {"tháng": Frequency.MONTHLY.value, "quý": Frequency.QUARTERLY.value,
        "năm": Frequency.ANNUAL.value}
_AT_LEAST = r"(?:(?:ít nhất|tối thiểu|không ít hơn)(?: là)?\s+)"
_MAKE = (r"(?:(?:có|đạt|thực hiện|xây dựng|sản xuất|đăng(?: tải)?|phát(?: sóng)?|viết|đưa|"
         r"cung cấp)\s+)")
# "mỗi quý 1 phóng sự", "ít nhất mỗi quý 3 tin, 1 bài", "hằng tháng đăng tối thiểu 02 tin bài"
_QTY_HEAD = re.compile(rf"{_AT_LEAST}?(?:mỗi|hằng|hàng|trong mỗi)\s+(?P<per>tháng|quý|năm)\s*"
                       rf"[:,]?\s*{_MAKE}?{_AT_LEAST}?(?=\d)")
# An item: a count and up to four words, ended by punctuation or a word that starts what the
# item is about ("2 tin bài về chuyển đổi số").
_QTY_ITEM = re.compile(
    r"(?<!\d)(?P<n>\d{1,3})(?!\d)\s+(?P<item>[^\W\d]+(?:\s+[^\W\d]+){0,3}?)"
    r"(?=\s*(?:[,;.:()/]|$)|\s+(?:và|về|trên|tại|của|cho|để|nhằm|phản ánh|tuyên truyền|"
    r"giới thiệu|gửi|được|mỗi|hằng|hàng|trong)\b)")
# "02 tin bài/tháng", "1 phóng sự mỗi quý"
_QTY_TAIL = re.compile(
    r"(?<!\d)(?P<n>\d{1,3})(?!\d)\s+(?P<item>[^\W\d]+(?:\s+[^\W\d]+){0,3}?)\s*"
    r"(?:/\s*|(?:trong\s+)?(?:mỗi|một)\s+)(?P<per>tháng|quý|năm)\b")
_NOT_ITEM = re.compile(r"^(?:lần|đợt|kỳ|ngày|tháng|quý|năm|người|học viên|lượt|giờ|%)\b")
_LABEL_UNIT = re.compile(rf"^(?:[-+•*–]\s*)?(?:Trên|Tại)?\s*(?P<who>{_ORG}[^:;.]*?)\s*:")


def _quantities(clause: str, para: _Paragraph,
                subject: tuple[str, ...]) -> Iterator[Candidate]:
    """"mỗi quý 1 phóng sự", "ít nhất mỗi quý 3 tin, 1 bài", "02 tin bài/tháng": a quantity,
    counted per period. The producer is the unit the line is about ("Trên Báo X: …"), else
    the clause's or paragraph's subject."""
    folded = fold(clause)
    found: list[QuantityDraft] = []
    for head in _QTY_HEAD.finditer(folded):
        rest = folded[head.end():]
        while (m := _QTY_ITEM.match(rest)) is not None:
            found += _quantity(m["n"], m["item"], _PER[head["per"]])
            rest = rest[m.end():]
            sep = re.match(r"\s*(?:,|và|;)\s*(?=\d)", rest)
            if sep is None:
                break
            rest = rest[sep.end():]
    if not found:
        for m in _QTY_TAIL.finditer(folded):
            found += _quantity(m["n"], m["item"], _PER[m["per"]])
    if not found:
        return
    label = _LABEL_UNIT.match(_MARKER.sub("", clause, count=1)) or _LABEL_UNIT.match(clause)
    reporters = (_clean(label["who"]),) if label else (_reporters_of(clause) or subject)
    pers = {q.per for q in found}
    frequency = pers.pop() if len(pers) == 1 else None
    yield replace(_candidate(para, clause, "quantity", reporters, _first(_recipients(clause)),
                             _via(clause), frequency, None, None, None,
                             extra={"quantities": True}),
                  quantities=tuple(found))


def _quantity(count: str, item: str, per: str) -> list[QuantityDraft]:
    item = item.strip()
    if _NOT_ITEM.match(item) or int(count) == 0:
        return []
    slug = re.sub(r"[^a-z0-9]+", "-", strip_marks(item)).strip("-")
    return [QuantityDraft(int(count), slug, per, item)]


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


_REVIEW = re.compile(
    r"(?<!\d)(?P<n>\d{1,2})\s+năm\s+(?:(?:một|1|01)\s+lần\s+)?(?:(?:tiến hành|tổ chức)\s+)?"
    r"(?P<w>sơ kết|tổng kết)"
    r"|(?P<w2>sơ kết|tổng kết)\s+(?:sau\s+)?(?P<n2>\d{1,2})\s+năm(?!\s*\d)")
_EVALUATES = re.compile(
    r"(?:định kỳ\s+)?(?:hằng|hàng|mỗi|định kỳ)\s+(?:tháng|quý|năm|(?:6|06|sáu) tháng)\s*,?\s+"
    r"(?:tổ chức\s+|tiến hành\s+)?(?:đánh giá|sơ kết|tổng kết)\b")
_DATE_WORDS = re.compile(
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})"
    r"|ngày\s+(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s+năm\s+(?P<y2>\d{4})",
    re.IGNORECASE)
_TEXT_TYPES = (r"Chỉ thị|Nghị quyết|Kết luận|Quyết định|Kế hoạch|Chương trình|Đề án|Luật|"
               r"Nghị định|Thông tư")
_REFERS = re.compile(rf"(?:thực hiện|triển khai)\s+(?:các\s+)?(?P<type>{_TEXT_TYPES})"
                     r"(?:\s+(?:số\s+)?(?P<number>\d+[\w/\-Đđ]*))?", re.IGNORECASE)


def _reviews(clause: str, para: _Paragraph, subject: tuple[str, ...],
             before: list[_Paragraph]) -> Iterator[Candidate]:
    """"5 năm sơ kết, 10 năm tổng kết", "sơ kết 5 năm": a review every N years (N ≥ 2),
    counted from a date near the words (``anchor``): one in the clause or its paragraph, or
    the date of the text the clause says it implements ("việc thực hiện Chỉ thị"), as last
    written before it ("Chỉ thị số 03-CT/TW, ngày 19/5/2021")."""
    folded = fold(clause)
    reviews = [(int(m["n"] or m["n2"]), m["w"] or m["w2"]) for m in _REVIEW.finditer(folded)]
    reviews = [(n, w) for n, w in reviews if n >= 2]
    if not reviews:
        return
    anchor = _anchor(clause, para, before)
    recipient = _first(_recipients(clause))
    reporters = _reporters_of(clause) or subject
    for years, _word in reviews:
        cand = _candidate(para, clause, "review", reporters, recipient, _via(clause),
                          Frequency.MULTI_YEAR.value, None, None, None,
                          extra={"anchor": anchor is not None})
        yield replace(cand, every_years=years, anchor=anchor[0] if anchor else None,
                      anchor_words=anchor[1] if anchor else None)


def _anchor(clause: str, para: _Paragraph,
            before: list[_Paragraph]) -> tuple[str, str] | None:
    for text in (clause, para.text):
        m = _DATE_WORDS.search(text)
        if m:
            return _iso(m), m[0]
    refers = _REFERS.search(clause)
    if refers is None:
        return None
    number = re.escape(refers["number"]) if refers["number"] else r"[\w/\-]+"
    pattern = re.compile(
        rf"(?P<t>{re.escape(refers['type'])}\s+(?:số\s+)?{number}[,\s]+{_DATE_WORDS.pattern})",
        re.IGNORECASE)
    for p in reversed(before):
        hits = list(pattern.finditer(p.text))
        if hits:
            m = _DATE_WORDS.search(hits[-1]["t"])
            assert m is not None
            return _iso(m), hits[-1]["t"]
    return None


def _iso(m: re.Match[str]) -> str:
    d, mo, y = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
    return f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"


_VERB = re.compile(r"\s+(?:tổng hợp|hướng dẫn|xây dựng|triển khai|căn cứ|thực hiện|chủ động|"
                   r"cập nhật|có trách nhiệm|kịp thời|tổ chức|phổ biến|quán triệt|đánh giá|gửi|"
                   r"định kỳ|chủ trì|theo dõi|đôn đốc|là cơ quan)\b")
_LEADING = re.compile(rf"^(?:Nhận được [^,]+,\s*)?(?P<who>(?:{_ORG}|Các|Thủ trưởng)[^;:]*)")


_LABEL = re.compile(r"^(?:Báo cáo|Thời hạn|Chế độ)[^:]{0,30}:\s*")


def _reporters_of(text: str) -> tuple[str, ...]:
    text = _LABEL.sub("", _MARKER.sub("", text, count=1))
    m = _SUBJECT.search(text) or _LEADING.search(text)
    if not m:
        return ()
    who = _VERB.split(m["who"], maxsplit=1)[0]
    return (_clean(who),) if len(_clean(who)) > 2 else ()


def _recipients(clause: str) -> list[str]:
    found = []
    for m in _RECIPIENT.finditer(clause):
        to = m["to"] or m["to2"]
        end = m.end("to") if m["to"] else m.end("to2")
        if to.count("“") > to.count("”") and "”" in clause[end:]:
            # A name in quotes ("Ban Chỉ đạo Cuộc vận động “Người Việt Nam ưu tiên dùng hàng
            # Việt Nam” tỉnh") runs to its closing quote, whatever words it holds.
            rest = clause[end:]
            close = rest.index("”") + 1
            to += rest[:close] + re.split(r"[,;.(]", rest[close:], maxsplit=1)[0]
        to = _clean(to)
        if not to or re.match(r"(?i)các (?:cơ quan|đơn vị) có liên quan$", to):
            continue
        # "báo cáo Ủy ban nhân dân tỉnh, Ban Chỉ đạo Cuộc vận động tỉnh": one per recipient.
        parts = re.split(rf",\s*(?={_ORG})|\s+và\s+(?={_ORG})", to)
        found += [_clean(p) for p in parts if _clean(p)]
    return list(dict.fromkeys(found))


_STANDING = re.compile(r"^(?P<host>.+?)\s+[-–]\s+(?P<office>(?:Cơ quan )?[Tt]hường trực\b.+)$")


def _standing_office(recipient: str) -> tuple[str, str | None]:
    """"Ủy ban MTTQ Việt Nam tỉnh – Thường trực Ban Chỉ đạo …": the standing office is the
    recipient, the agency hosting it the ``via`` (a report sent to it is rightly routed)."""
    m = _STANDING.match(recipient)
    return (m["office"], m["host"]) if m else (recipient, None)


def _clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,:-–")
    return re.sub(r"\s*\($", "", text)


def _via(clause: str) -> str | None:
    m = _VIA.search(clause)
    if not m:
        return None
    return _clean(m["via"] or m["via2"] or m["host"])


def _frequency(named: frozenset[Frequency]) -> str | None:
    for f in (Frequency.SEMIANNUAL_AND_ANNUAL, Frequency.MONTHLY, Frequency.QUARTERLY,
              Frequency.SEMIANNUAL, Frequency.ANNUAL, Frequency.AD_HOC):
        if f in named:
            return f.value
    return None


def _candidate(para: _Paragraph, clause: str, kind: str | None, reporters: tuple[str, ...],
               recipient: str | None, via: str | None, frequency: str | None,
               deadline: DeadlineDraft | None, window: str | None,
               data_window: str | None, extra: dict[str, bool] | None = None, *,
               schedule: tuple[ScheduleDraft, ...] = (),
               words: tuple[tuple[str, str], ...] = (),
               notes: tuple[str, ...] = ()) -> Candidate:
    """A candidate, its confidence (0.2 + 0.8 × the share of its fields read) and the fields
    left for the author. An ad hoc duty has no calendar deadline and a review none of its own;
    a quantity or a review has fields of its own (``extra``: read or not)."""
    fields = {"reporters": bool(reporters), "recipient": bool(recipient),
              "frequency": bool(frequency or window),
              "deadline": bool(deadline or window or (schedule and all(
                  e.deadline for e in schedule)))}
    if kind in ("ad_hoc", "review"):
        del fields["deadline"]
    fields.update(extra or {})
    confidence = round(0.2 + 0.8 * sum(fields.values()) / len(fields), 2)
    unread = tuple(k for k, ok in fields.items() if not ok)
    sentence = clause.strip()
    who = reporters[0] if reporters else None
    if who and who not in sentence and who in para.text:
        # The subject stated earlier in the sentence or paragraph is quoted with the duty, as a
        # citation would: "Các Thủ trưởng … ... kịp thời báo cáo kết quả …".
        sentence = f"{who} ... {sentence}"
    return Candidate(
        section=para.section or "?", sentence=sentence, kind=kind, reporters=reporters,
        recipient=recipient, via=via, frequency=frequency, deadline=deadline, window=window,
        data_window=data_window, confidence=confidence, unread=unread, line=para.line,
        schedule=schedule, words=words, notes=notes)


def _task(paragraphs: list[_Paragraph], i: int) -> Candidate | None:
    """A plan item: its title and content above, "Đơn vị chủ trì …" and "Thời gian thực
    hiện: …" lines (a "Thời gian thực hiện" table row reads the same)."""
    para = paragraphs[i]
    window = _clean(_WINDOW.search(para.text)["w"])  # type: ignore[index]
    item = [p for p in paragraphs if p.section == para.section and p.line <= para.line]
    lead = next((m for p in reversed(item) if (m := _LEAD.search(p.text))), None)
    reporters: tuple[str, ...] = ()
    if lead:
        who = re.split(r"\s+phối hợp|,\s*phối hợp", lead["who"], maxsplit=1)[0]
        reporters = tuple(_clean(w) for w in re.split(r",\s*(?=[A-ZĐ])", who) if _clean(w))
    title = item[0].text if item else para.text
    words = " ... ".join(dict.fromkeys((title, *(p.text for p in item[1:] if _LEAD.search(
        p.text)), para.text)))
    cand = _candidate(para, words, "task", reporters, None, None, "once", DeadlineDraft(
        fold(window), None, None, "within"), window, None)
    if _YEAR_LONG.search(fold(window)):
        # "Thời gian thực hiện: Năm 2022", "Thường xuyên": an activity that runs all year is
        # usually reported through the plan's periodic reports, not delivered on its own.
        cand = replace(cand, confidence=round(max(0.2, cand.confidence - 0.2), 2))
    return cand


_YEAR_LONG = re.compile(r"^(?:trong |cả |suốt )?năm \d{4}$|^cả năm|thường xuyên|hằng năm|"
                        r"hàng năm")


def bullets_with_time_frames(text: str) -> Iterator[tuple[str, str]]:
    """Bullets ending with a time frame in brackets: "... (tháng 4/2022)."."""
    for para in _paragraphs(text):
        m = _TIME_FRAME.search(para.text)
        if m:
            yield para.section, m["w"]


def draft_file(path: Path) -> Draft:
    """The draft of a directive's text file (UTF-8); a located error when it cannot be read."""
    from engine.sources.text import read_text

    return draft_text(read_text(path, str(path)), path.name)


def draft_data(draft: Draft) -> dict[str, Any]:
    """The draft as the YAML/JSON an author edits into a directive file: every field present,
    what could not be read left empty (null) and listed under ``unread``; ``words`` says
    which words each coded field (schedule, deadline, data window, via) was read from,
    ``notes`` what was inferred."""
    d = draft.directive
    return {
        "directive": {"id": None, "number": d.number, "kind": d.kind, "title": d.title,
                      "issuer": None, "issued_on": d.issued_on, "in_force": None,
                      "source": d.source},
        "candidates": [
            {
                "section": c.section, "line": c.line, "confidence": c.confidence,
                "kind": c.kind, "reporters": list(c.reporters), "recipient": c.recipient,
                "via": c.via, "frequency": c.frequency,
                "schedule": [_entry_data(e) for e in c.schedule] or None,
                "deadline": _deadline_data(c.deadline),
                "window": c.window, "data_window": _window_data(c.window_read),
                **_kind_fields(c),
                "words": dict(c.words) or None,
                "notes": list(c.notes) + ([f"data_window: stated, not read: {c.window_read.words}"]
                                          if c.window_read and c.window_read.form == "unread"
                                          else []),
                "unread": list(c.unread), "citation": c.sentence,
            }
            for c in draft.candidates
        ],
    }


def _deadline_data(dl: DeadlineDraft | None) -> dict[str, Any] | None:
    if dl is None:
        return None
    out: dict[str, Any] = {"basis": "stated", "day": dl.day}
    if dl.from_day is not None:
        out["from_day"] = dl.from_day
    out["month"] = dl.month
    if dl.year is not None:
        out["year"] = dl.year
    out["reading"] = dl.reading
    if dl.offset is not None:
        out["offset"] = {"days": dl.offset.days, "working": dl.offset.working,
                         "from": dl.offset.start}
    out["words"] = dl.words
    return out


def _entry_data(e: ScheduleDraft) -> str | dict[str, Any]:
    return e.period if e.deadline is None else {"period": e.period,
                                                "deadline": _deadline_data(e.deadline)}


def _window_data(w: DataWindowDraft | None) -> str | dict[str, Any] | None:
    if w is None or w.form == "unread":
        return None
    if w.form == "period":
        return "period"
    return {"from_day": w.from_day, "from_month": w.from_month, "to_day": w.to_day}


def _kind_fields(c: Candidate) -> dict[str, Any]:
    """The fields only a quantity or a review has, named as in a directive file."""
    if c.kind == "quantity":
        return {"quantities": [{"count": q.count, "of": q.of, "per": q.per, "words": [q.words]}
                               for q in c.quantities]}
    if c.kind == "review":
        return {"every_years": c.every_years, "anchor": c.anchor, "anchor_words": c.anchor_words}
    return {}
