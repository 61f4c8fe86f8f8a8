"""``baocao rules draft``: a first draft of a directive's obligations, read from its text.

Offline and deterministic: patterns over Vietnamese administrative phrasing, no model. Passes:
1. lines → paragraphs (wrapped lines joined) with the section number they fall under
   (I, II.3, III.5: Roman parts, numbered items, lettered points);
2. paragraphs → clauses (sentences, then ";"-separated duties: "Trạm … báo cáo Chi cục …;
   Chi cục báo cáo Cục …");
3. each clause that makes someone report (báo cáo / gửi báo cáo … về / lên …), or a plan
   item with "Thời gian thực hiện", becomes a candidate: reporters, recipient (one candidate
   per recipient), via ("qua …"), schedule and deadline (``vocab``), data window, a
   confidence, and the list of what could not be read. "để tổng hợp, báo cáo X" adds the
   compiling body's own duty to X. A clause missing its schedule or deadline month inherits
   them from the clause before it in the same sentence (cascades).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from engine.authoring.vocab import deadline_in, fold, schedules_named
from engine.model import Frequency

__all__ = ["Candidate", "Draft", "DraftDirective", "draft_data", "draft_file", "draft_text"]


@dataclass(frozen=True)
class DeadlineDraft:
    words: str | None
    day: int | None
    month: str | int | None  # last | next | 1..12
    reading: str | None  # before | by | within


@dataclass(frozen=True)
class Candidate:
    section: str
    sentence: str
    kind: str | None  # periodic | task | ad_hoc
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
        r"Ban chỉ đạo|BCĐ|Thường trực|Ban Thường trực|Cơ quan thường trực|Cục|Chi cục|Trạm|Vụ|"
        r"Văn phòng|Phòng|Hội đồng|Tỉnh ủy|Huyện ủy|Chủ tịch|Thủ tướng|Chính phủ|Trung tâm|"
        r"Đài|Báo(?! cáo)|Hội|Liên đoàn|Tỉnh đoàn|Đoàn|các)")
_STOP = (r"(?=\s+(?:trước|chậm nhất|định kỳ|hằng|hàng|mỗi|theo|để|về việc|về tình hình|"
         r"về kết quả|kết quả|tình hình|trong|khi|vào|qua|hoặc|và đột|,\s*định)\b|[;.]|$"
         r"|\s*\()")
_RECIPIENT = re.compile(
    rf"(?:báo cáo|gửi(?: báo cáo)?)\s+(?:(?:về|lên|cho|đến|tới)\s+)?(?P<to>{_ORG}[^;.]*?){_STOP}"
    rf"|(?:báo cáo|gửi)\b[^;.]{{0,100}}?\s(?:về|lên|cho|đến|tới)\s+(?P<to2>{_ORG}[^;.]*?){_STOP}")
_DUTY = re.compile(r"\bbáo cáo\b|\bgửi\b[^.;]{0,120}\bbáo cáo\b|\bbáo cáo\b", re.IGNORECASE)
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
            for clause in sentence.split("\x00"):
                for cand in _duties(clause.replace(" ; ", "; "), para, previous, subject):
                    candidates.append(cand)
                    previous = cand
    return Draft(_header(text, source), tuple(_dedupe(candidates)))


def _dedupe(candidates: list[Candidate]) -> Iterator[Candidate]:
    seen: set[tuple[str, str | None, tuple[str, ...], str | None]] = set()
    for c in candidates:
        key = (c.sentence, c.recipient, c.reporters, c.frequency)
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
            subject: tuple[str, ...]) -> Iterator[Candidate]:
    if not _DUTY.search(clause) or (_NOT_DUTY.search(clause) and clause.count("báo cáo") < 2):
        return
    recipients = [r for r in _recipients(clause) if r]
    reporters = _reporters_of(clause) or subject
    named = schedules_named(clause)
    frequency = _frequency(named)
    deadline = deadline_in(clause)
    if not recipients and not (frequency or deadline):
        return
    if previous is not None:
        frequency = frequency or previous.frequency
    via = _via(clause)
    data = _DATA.search(clause)
    dl = _deadline(deadline, previous)
    kind = ("ad_hoc" if frequency == Frequency.AD_HOC.value else
            "periodic" if frequency else None)
    compile_to = _COMPILE.search(clause)
    main: list[str | None] = [r for r in recipients
                              if not compile_to or r != _clean(compile_to["to"])]
    for recipient in main or [None]:
        yield _candidate(para, clause, kind, reporters, recipient, via, frequency, dl,
                         None, data[0] if data else None)
    if compile_to:
        # "gửi … (qua X) … để tổng hợp, báo cáo Y": X (or the recipient) reports to Y.
        compiler = via or (main[0] if main else None)
        yield _candidate(para, clause, kind, (compiler,) if compiler else (),
                         _clean(compile_to["to"]), None, frequency, None, None, None)


_VERB = re.compile(r"\s+(?:tổng hợp|hướng dẫn|xây dựng|triển khai|căn cứ|thực hiện|chủ động|"
                   r"có trách nhiệm|kịp thời|tổ chức|phổ biến|quán triệt|đánh giá|gửi|"
                   r"định kỳ)\b")
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
        to = _clean(m["to"] or m["to2"])
        if not to or re.match(r"(?i)các (?:cơ quan|đơn vị) có liên quan$", to):
            continue
        # "báo cáo Ủy ban nhân dân tỉnh, Ban Chỉ đạo Cuộc vận động tỉnh": one per recipient.
        parts = re.split(rf",\s*(?={_ORG})|\s+và\s+(?={_ORG})", to)
        found += [_clean(p) for p in parts if _clean(p)]
    return list(dict.fromkeys(found))


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
               data_window: str | None) -> Candidate:
    fields = {"reporters": bool(reporters), "recipient": bool(recipient),
              "frequency": bool(frequency or window), "deadline": bool(deadline or window)}
    confidence = round(0.2 + 0.2 * sum(fields.values()), 2)
    unread = tuple(k for k, ok in fields.items() if not ok)
    return Candidate(
        section=para.section or "?", sentence=clause.strip(), kind=kind, reporters=reporters,
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
    return _candidate(para, words, "task", reporters, None, None, "once", DeadlineDraft(
        fold(window), None, None, "within"), window, None)


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
                "unread": list(c.unread), "citation": c.sentence,
            }
            for c in draft.candidates
        ],
    }
