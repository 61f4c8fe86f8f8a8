"""``baocao rules draft``: a first draft of a directive's obligations, read from its text.

Offline and deterministic: patterns over Vietnamese administrative phrasing, no model. Passes:
1. lines → paragraphs (wrapped lines joined) with the section number they fall under
   (I, II.3, III.5: Roman parts, numbered items, lettered points);
2. paragraphs → clauses (sentences, then ";"-separated duties: "Trạm … báo cáo Chi cục …;
   Chi cục báo cáo Cục …");
3. each clause that makes someone report (báo cáo / gửi báo cáo … về / lên …, "phản ánh kịp
   thời", "định kỳ hằng năm đánh giá"), or a plan item with "Thời gian thực hiện", becomes a
   candidate: reporters, recipient (one candidate per recipient; "Cơ quan X – Thường trực Y":
   Y, via X), via ("qua …"), schedule and deadline (``vocab``), data window, a confidence, and
   the list of what could not be read. A clause missing its schedule or deadline month
   inherits them from the clause before it in the same sentence (cascades); one missing its
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

from engine.authoring.vocab import deadline_in, fold, schedules_named, strip_marks
from engine.model import Frequency

__all__ = ["Candidate", "Draft", "DraftDirective", "draft_data", "draft_file", "draft_text"]


@dataclass(frozen=True)
class DeadlineDraft:
    words: str | None
    day: int | None
    month: str | int | None  # last | next | 1..12
    reading: str | None  # before | by | within


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
        r"Chi cục|Trạm|Vụ|"
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
_DATA = re.compile(r"số liệu(?: báo cáo(?: \w+)?)?(?: được)? tính từ (?:ngày )?(?P<from>[\d/]+)"
                   r" đến (?:hết )?(?:ngày )?(?P<to>[\d/]+)", re.IGNORECASE)
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
        for sentence in _clauses(para.text):
            previous = None
            subject = _reporters_of(sentence) or para_subject
            data = _DATA.search(sentence)
            if data and not _recipients(sentence) and candidates \
                    and candidates[-1].line == para.line:
                # "Số liệu báo cáo năm tính từ ngày 01/01 đến ngày 31/12": the window of the
                # duty just read.
                candidates[-1] = replace(candidates[-1], data_window=data[0])
                continue
            clauses = [c.replace(" ; ", "; ") for c in sentence.split("\x00")]
            for k, clause in enumerate(clauses):
                then = clauses[k + 1] if k + 1 < len(clauses) else None
                found = (*_duties(clause, para, previous, subject, then),
                         *_quantities(clause, para, subject),
                         *_reviews(clause, para, subject, paragraphs[:i]))
                candidates += found
                # A cascade continues the clause's main duty: not an ad hoc, quantity or
                # review one, nor the compiling body's report to the next level.
                previous = next((c for c in found if c.kind in (None, "periodic")), previous)
    return Draft(_header(text, source), tuple(_dedupe(candidates)))


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
            subject: tuple[str, ...], then: str | None = None) -> Iterator[Candidate]:
    """The reporting duties of one clause: the main one (periodic, or of a kind not read) and
    the side ones the same words create ("định kỳ 06 tháng hoặc đột xuất gửi báo cáo": a
    half-yearly report and an ad hoc one; "để tổng hợp, báo cáo Y": the compiler's report)."""
    folded = fold(clause)
    evaluates = bool(_EVALUATES.search(folded))
    if not (_DUTY.search(clause) or evaluates) \
            or (_NOT_DUTY.search(clause) and clause.count("báo cáo") < 2):
        return
    recipients = [r for r in _recipients(clause) if r]
    if not recipients and previous is not None and previous.recipient \
            and not _reporters_of(clause):
        # "gửi báo cáo định kỳ 6 tháng về Sở …; báo cáo đột xuất khi có yêu cầu": a clause
        # with no subject and no recipient of its own reports where the one before it does.
        recipients = [previous.recipient]
    if not recipients and then is not None and re.search(r"\bgửi\b", then) \
            and not _reporters_of(then):
        # "… báo cáo định kỳ 6 tháng, năm; phản ánh kịp thời … gửi về X": the sending that
        # closes the sentence, with no subject of its own, sends both.
        recipients = [r for r in _recipients(then) if r]
    reporters = _reporters_of(clause) or subject
    named = schedules_named(clause)
    ad_hoc = bool(_AD_HOC_DUTY.search(folded))
    frequency = _frequency(named - {Frequency.AD_HOC})
    deadline = deadline_in(clause)
    if frequency is None and _REVIEW.search(folded):
        return  # "5 năm sơ kết, 10 năm tổng kết, báo cáo …": the reviews are the duties
    if clause.rstrip().endswith(":") and not recipients and deadline is None:
        return  # a lead-in ("4. Báo cáo kết quả … hằng năm:"): the items below state the duty
    if not recipients and not (frequency or deadline or ad_hoc):
        return
    if previous is not None and not ad_hoc:
        frequency = frequency or previous.frequency
    via = _via(clause)
    data = _DATA.search(clause)
    dl = _deadline(deadline, previous)
    compile_to = _COMPILE.search(clause)
    main: list[str | None] = [r for r in recipients
                              if not compile_to or r != _clean(compile_to["to"])]
    routes = [_standing_office(r) if r else (None, None) for r in main or [None]]
    if frequency or not ad_hoc:
        kind = "periodic" if frequency else None
        for recipient, host in routes:
            yield _candidate(para, clause, kind, reporters, recipient, via or host, frequency,
                             dl, None, data[0] if data else None)
    if ad_hoc:
        # "… hoặc đột xuất", "kịp thời báo cáo", "khi có yêu cầu": no calendar, no deadline of
        # its own unless the clause states one and no schedule.
        for recipient, host in routes:
            yield _candidate(para, clause, "ad_hoc", reporters, recipient, via or host,
                             Frequency.AD_HOC.value, None if frequency else dl, None, None)
    if compile_to:
        # "gửi … (qua X) … để tổng hợp, báo cáo Y": X (or the recipient) reports to Y.
        compiler = via or (main[0] if main else None)
        kind, freq = (("periodic", frequency) if frequency else
                      ("ad_hoc", Frequency.AD_HOC.value) if ad_hoc else (None, None))
        yield _candidate(para, clause, kind, (compiler,) if compiler else (),
                         _clean(compile_to["to"]), None, freq, None, None, None)


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
                   r"có trách nhiệm|kịp thời|tổ chức|phổ biến|quán triệt|đánh giá|gửi|"
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


def _deadline(found: object, previous: Candidate | None) -> DeadlineDraft | None:
    if found is None:
        return None
    from engine.authoring.vocab import DeadlineWords

    assert isinstance(found, DeadlineWords)
    month: str | int | None = None
    if found.month is not None:
        month = found.month.month if found.month.mode == "absolute" else found.month.mode
    elif previous is not None and previous.deadline is not None:
        month = previous.deadline.month  # "Chi cục báo cáo Cục trước ngày 15" (same month)
    return DeadlineDraft(found.words, found.day, month, found.reading.value)


def _candidate(para: _Paragraph, clause: str, kind: str | None, reporters: tuple[str, ...],
               recipient: str | None, via: str | None, frequency: str | None,
               deadline: DeadlineDraft | None, window: str | None,
               data_window: str | None, extra: dict[str, bool] | None = None) -> Candidate:
    """A candidate, its confidence (0.2 + 0.8 × the share of its fields read) and the fields
    left for the author. An ad hoc duty has no calendar deadline and a review none of its own;
    a quantity or a review has fields of its own (``extra``: read or not)."""
    fields = {"reporters": bool(reporters), "recipient": bool(recipient),
              "frequency": bool(frequency or window), "deadline": bool(deadline or window)}
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
        data_window=data_window, confidence=confidence, unread=unread, line=para.line)


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
    what could not be read left empty (null) and listed under ``unread``."""
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
                "deadline": None if c.deadline is None else {
                    "words": c.deadline.words, "day": c.deadline.day,
                    "month": c.deadline.month, "reading": c.deadline.reading},
                "window": c.window, "data_window": c.data_window,
                **_kind_fields(c),
                "unread": list(c.unread), "citation": c.sentence,
            }
            for c in draft.candidates
        ],
    }


def _kind_fields(c: Candidate) -> dict[str, Any]:
    """The fields only a quantity or a review has, named as in a directive file."""
    if c.kind == "quantity":
        return {"quantities": [{"count": q.count, "of": q.of, "per": q.per, "words": [q.words]}
                               for q in c.quantities]}
    if c.kind == "review":
        return {"every_years": c.every_years, "anchor": c.anchor, "anchor_words": c.anchor_words}
    return {}
