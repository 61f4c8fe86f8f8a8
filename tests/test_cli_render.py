"""Rendering of results (tables, JSON, CSV, errors) and the CLI's own error paths.

The Evaluation and a small rule book are built by hand from the model, so these tests need
no rules on disk; every expected string below is worked out from the objects, not copied
from output.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

from cli import app as cli_app
from cli import i18n, render
from cli.commands import common
from cli.i18n import Lang
from cli.render import json as json_out
from cli.render import table as tables
from cli.render.csv import document, flatten, rows_csv, to_csv
from cli.render.texts import Texts
from engine.errors import BaocaoError, problem
from engine.model import (
    Citation,
    DeadlineSpec,
    Directive,
    Disposition,
    Due,
    DueBasis,
    Evaluation,
    Frequency,
    InForce,
    Instance,
    InstanceResult,
    MonthRef,
    Obligation,
    ObligationKind,
    Period,
    PeriodKind,
    Policy,
    Reading,
    Reason,
    Submission,
    SubmissionResult,
    Unit,
    Verdict,
)
from engine.rulebook import RuleBook
from engine.rulebook.decisions import Decisions
from engine.rulebook.registry import Registry
from engine.time.workdays import WorkCalendar
from engine.views import Listing, check_view, overdue_view, rules_view

AS_OF = date(2022, 7, 1)



def _ob(directive: str, oid: str, kind: ObligationKind = ObligationKind.PERIODIC,
        frequency: Frequency = Frequency.QUARTERLY, deadline: DeadlineSpec | None = None,
        reporters: tuple[str, ...] = ("so-tttt-tn",), recipient: str = "bo-tttt",
        via: str | None = "vu-tdkt", in_force: InForce = InForce(date(2022, 1, 1),
                                                                  date(2022, 12, 31)),
        section: str = "III.3") -> Obligation:
    return Obligation(
        id=oid, directive_id=directive, summary=oid, kind=kind, reporters=reporters,
        recipient=recipient, via=via, frequency=frequency, deadline=deadline,
        counts=__import__("engine.model", fromlist=["CountedDate"]).CountedDate.RECEIVED,
        in_force=in_force, citation=Citation(section, "..."),
    )


STATED = DeadlineSpec(DueBasis.STATED, Reading.BEFORE, 15, MonthRef("last"),
                      words="trước ngày 15 của tháng cuối quý")
ASSUMED = DeadlineSpec(DueBasis.ASSUMED, Reading.BY, 20, MonthRef("last"),
                       policy="ngay-20-thang-cuoi-ky")
OBLIGATIONS = (
    _ob("ct-103", "bao-cao-quy", deadline=STATED),
    _ob("kh-22", "bao-cao-6-thang", frequency=Frequency.SEMIANNUAL_AND_ANNUAL,
        deadline=ASSUMED, reporters=("ubnd-tc",), recipient="so-tttt-tn", via=None,
        in_force=InForce(date(2017, 1, 1)), section="IV.2"),
    _ob("kh-22", "nhiem-vu", kind=ObligationKind.TASK, frequency=Frequency.ONCE,
        deadline=DeadlineSpec(DueBasis.STATED, Reading.WITHIN), reporters=("ubnd-tc",),
        recipient="so-tttt-tn", via=None, section="V"),
    _ob("kh-22", "phong-su", kind=ObligationKind.AD_HOC, frequency=Frequency.AD_HOC,
        recipient="bo-tttt", via=None, in_force=InForce(date(2022, 2, 1)), section="V"),
)


def _directive(did: str, number: str | None) -> Directive:
    return Directive(
        id=did, number=number, kind="chi_thi", title=did, issuer="bo-tttt",
        issued_on="2021-12-13", in_force=InForce(date(2017, 1, 1)), source="",
        obligations=tuple(o for o in OBLIGATIONS if o.directive_id == did),
    )


BOOK = RuleBook(
    root=Path("."),
    registry=Registry(
        units={
            "so-tttt-tn": Unit("so-tttt-tn", "Sở Thông tin và Truyền thông tỉnh Tây Ninh", "so",
                               place="Tây Ninh", short=("Sở TT&TT",),
                               name_en="Tay Ninh Department of Information"),
            "ubnd-tc": Unit("ubnd-tc", "UBND huyện Tân Châu", "ubnd"),
            "bo-tttt": Unit("bo-tttt", "Bộ TT&TT", "bo"),
            "vu-tdkt": Unit("vu-tdkt", "Vụ TĐKT", "vu"),
        },
        groups={},
    ),
    directives=(_directive("ct-103", "103/CT-BTTTT"), _directive("kh-22", None)),
    policies={"ngay-20-thang-cuoi-ky": Policy("ngay-20-thang-cuoi-ky", 20, MonthRef("last"),
                                              Reading.BY, "ngày 20 của tháng cuối kỳ",
                                              "the 20th of the last month")},
    calendar=WorkCalendar(),
    decisions=Decisions((), ()),
    obligations={(o.directive_id, o.id): o for o in OBLIGATIONS},
)
VI = Texts(Lang.VI, BOOK)
EN = Texts(Lang.EN, BOOK)


def _period(label: str, start: date, end: date, kind: PeriodKind) -> Period:
    return Period(start=start, end=end, kind=kind, label=label)


Q1 = _period("2022-Q1", date(2022, 1, 1), date(2022, 3, 31), PeriodKind.QUARTER)
Q2 = _period("2022-Q2", date(2022, 4, 1), date(2022, 6, 30), PeriodKind.QUARTER)
Q3 = _period("2022-Q3", date(2022, 7, 1), date(2022, 9, 30), PeriodKind.QUARTER)
H1 = _period("2022-H1", date(2022, 1, 1), date(2022, 6, 30), PeriodKind.HALF)


def _result(
    directive: str,
    obligation: str,
    reporter: str,
    period: Period,
    due: date,
    verdict: Verdict,
    *,
    assumed: bool = False,
    via: str | None = None,
    recipient: str = "bo-tttt",
    received: date | None = None,
    days_late: int = 0,
    days_overdue: int = 0,
) -> InstanceResult:
    instance = Instance(
        key=f"{directive}/{obligation}/{reporter}/{period.label}",
        directive_id=directive,
        obligation_id=obligation,
        reporter=reporter,
        recipient=recipient,
        via=via,
        period=period,
        due=Due(
            nominal=due,
            last_day=due,
            due=due,
            basis=DueBasis.ASSUMED if assumed else DueBasis.STATED,
            reading=Reading.BY,
            policy="ngay-20-thang-cuoi-ky" if assumed else None,
        ),
        cutoff=None,
    )
    return InstanceResult(
        instance=instance,
        verdict=verdict,
        rule=verdict.value,
        received=received,
        submission="S1" if received else None,
        days_late=days_late,
        days_overdue=days_overdue,
    )


ON_TIME = _result(
    "ct-103", "bao-cao-quy", "so-tttt-tn", Q1, date(2022, 3, 14), Verdict.ON_TIME,
    via="vu-tdkt", received=date(2022, 3, 10),
)  # fmt: skip
LATE = _result(
    "ct-103", "bao-cao-quy", "so-tttt-tn", Q2, date(2022, 6, 14), Verdict.LATE,
    via="vu-tdkt", received=date(2022, 6, 17), days_late=3,
)  # fmt: skip
OVERDUE = _result(
    "kh-22", "bao-cao-6-thang", "ubnd-tc", H1, date(2022, 6, 20), Verdict.OVERDUE,
    assumed=True, recipient="so-tttt-tn", days_overdue=11,
)  # fmt: skip
PENDING = _result(
    "ct-103", "bao-cao-quy", "so-tttt-tn", Q3, date(2022, 9, 14), Verdict.PENDING, via="vu-tdkt"
)
EXEMPT = _result(
    "ct-103", "bao-cao-quy", "ubnd-tc", Q2, date(2022, 6, 14), Verdict.EXEMPT, via="vu-tdkt"
)


def _submission(
    sid: str, disposition: Disposition, reporter: str | None, reasons: tuple[Reason, ...] = ()
) -> SubmissionResult:
    sub = Submission(
        id=sid,
        source=f"in.yaml:{sid[-1]}",
        raw={"reporter": "Sở Không Có", "period": "quý 9/2022", "submitted_on": "hôm qua"},
        reporter=reporter,
        submitted_on=date(2022, 6, 17) if reporter else None,
        period=Q2 if reporter else None,
    )
    return SubmissionResult(submission=sub, disposition=disposition, rule=disposition.value,
                            instances=(), reasons=reasons)


EV = Evaluation(
    as_of=AS_OF,
    instances=(ON_TIME, LATE, OVERDUE, PENDING, EXEMPT),
    submissions=(
        _submission("S1", Disposition.MATCHED, "so-tttt-tn"),
        _submission("S2", Disposition.DUPLICATE, "so-tttt-tn"),
        _submission("S3", Disposition.MISROUTED, "so-tttt-tn",
                    (Reason("match.expected-recipient", {"recipients": ("bo-tttt",)}),)),
        _submission("S4", Disposition.INVALID, None, (Reason("record.bad-date", {
            "field": "submitted_on", "value": "hôm qua", "detail": "submitted_on: bad"}),)),
    ),
)


def _plain(*renderables: Any, width: int = 220) -> str:
    console = Console(width=width, no_color=True, record=True, file=io.StringIO())
    for item in renderables:
        console.print(item)
    return console.export_text()


def _column(table: Table, index: int) -> list[Text]:
    return [cell for cell in table.columns[index]._cells if isinstance(cell, Text)]


VIEW = check_view(EV, BOOK, "vi")
VIEW_EN = check_view(EV, BOOK, "en")


# ---------------------------------------------------------------------------------------
# check: tables


def test_instance_table_vi_labels_and_markers() -> None:
    out = _plain(*tables.check_view(VIEW, VI, every_row=True))
    for label in ("đúng hạn", "trễ hạn", "quá hạn", "chưa đến hạn", "miễn"):
        assert label in out
    for header in ("Đơn vị", "Văn bản, mục", "Kỳ", "Hạn", "Ngày nhận", "Kết quả"):
        assert header in out
    assert "Báo cáo phải nộp (tính đến 01/07/2022)" in out
    assert "Bộ TT&TT qua Vụ TĐKT" in out  # the clauses' legend says to whom
    assert "Sở TT&TT Tây Ninh" in out  # the short name and place, in a table
    assert "103/CT-BTTTT III.3" in out  # each row cites its clause
    assert "CT Bộ TT&TT 2021 IV.2" in out  # an unnumbered text by kind, issuer and year
    # the assumed deadline carries its policy's mark and the footnote names the policy
    assert "20/06/2022*1" in out
    assert "14/06/2022*" not in out
    assert (
        "*1 hạn giả định (văn bản không nêu): ngày 20 của tháng cuối kỳ" in out
    )
    assert "ngay-20-thang-cuoi-ky" not in out  # the policy in words, never its id


def test_problems_come_first_worst_first_with_figures() -> None:
    out = _plain(*tables.check_view(VIEW, VI))
    # the counts and the figures per directive first; per unit only with --all
    assert out.index("Tổng hợp") < out.index("Theo văn bản") < out.index("Quá hạn: 1")
    assert "Theo đơn vị" not in out
    assert out.index("Quá hạn: 1") < out.index("Trễ hạn: 1")
    assert "chưa đến hạn" not in out.split("Trễ hạn: 1")[1]
    # figures: 103/CT has 3 owed by Sở TT&TT (one exempt unit is out): on time 1 of 2 due
    assert re.search(r"103/CT-BTTTT\s+3\s+2\s+1\s+1\s+0\s+1\s+50%\s+100%", out)
    assert "--all" in out  # the hint to see every row


def test_instance_rows_have_dates_and_days() -> None:
    table = tables.instances_table(VIEW, VI)
    due = [c.plain for c in _column(table, 3)]
    received = [c.plain for c in _column(table, 4)]
    days = [c.plain for c in _column(table, 6)]
    assert due == ["14/03/2022", "14/06/2022", "20/06/2022*1", "14/09/2022", "14/06/2022"]
    assert received == ["10/03/2022", "17/06/2022", "", "", ""]
    assert days == ["", "3", "11", "", ""]


def test_overdue_and_late_rows_stand_out() -> None:
    table = tables.instances_table(VIEW, VI)
    assert [row.style for row in table.rows] == [None, "yellow", "red", None, None]
    verdict_styles = [c.style for c in _column(table, 5)]
    assert verdict_styles == ["green", "yellow", "bold red", "dim", "blue"]


def test_overdue_verdict_is_bold_red_in_a_terminal() -> None:
    console = Console(
        width=220, force_terminal=True, color_system="standard", file=io.StringIO(), record=True
    )
    console.print(tables.instances_table(VIEW_EN, EN))
    ansi = console.export_text(styles=True)
    assert "\x1b[1;31moverdue" in ansi  # bold red


def test_instance_table_en() -> None:
    out = _plain(*tables.check_view(VIEW_EN, EN, every_row=True))
    for label in ("on time", "late", "overdue", "pending", "exempt"):
        assert label in out
    assert "Reports owed (as of 01/07/2022)" in out
    assert "Bộ TT&TT via Vụ TĐKT" in out
    assert "Tay Ninh Department of Information" in out  # English name when registered
    assert "*1 assumed deadline (not stated in the text): the 20th" in out
    assert "đúng hạn" not in out


def test_verdict_filter_lists_only_those_rows() -> None:
    view = check_view(EV, BOOK, "en", Listing(frozenset({Verdict.PENDING})))
    out = _plain(*tables.check_view(view, EN))
    listed = out.split("Reports owed (as of 01/07/2022)")[1].split("Clauses cited")[0]
    assert "pending" in listed
    assert "overdue" not in listed


def test_submission_table() -> None:
    out = _plain(tables.submissions_table(VIEW, VI))
    lines = out.splitlines()
    assert [next(line for line in lines if line.startswith(s)).split()[-1]
            for s in ("S1", "S2")] == ["khớp", "trùng"]
    assert "S3  Sở TT&TT Tây Ninh  2022-Q2  17/06/2022  gửi sai nơi" in out
    # an invalid record shows what was written, since nothing resolved
    assert "S4  Sở Không Có  quý 9/2022  hôm qua  không hợp lệ" in out
    assert "nơi nhận đúng: Bộ TT&TT" in out
    assert "cột “Ngày nhận (Ngày đến)”: ngày 'hôm qua' không có thật hoặc không đọc được" in out
    en = _plain(tables.submissions_table(VIEW_EN, EN))
    assert "misrouted" in en
    assert "invalid" in en
    assert "expected recipient: Bộ TT&TT" in en
    assert "submitted_on: bad" in en  # English: the engine's own message
    # by default only the records that need attention are listed
    default = _plain(*tables.check_view(VIEW, VI))
    assert "S3  " in default
    assert "S1  " not in default


def test_summary_panel_counts_every_verdict_and_disposition() -> None:
    out = _plain(tables.summary_panel(VIEW.summary, VIEW, VI))
    assert "Tổng hợp đến ngày 01/07/2022" in out
    assert (
        "Báo cáo phải nộp: 5 — đúng hạn 1 · trễ hạn 1 · quá hạn 1 · chưa đến hạn 1 · miễn 1" in out
    )
    assert (
        "Báo cáo đã nhận: 4 — khớp 1 · trùng 1 · gửi sai nơi 1 · không khớp 0 · "
        "không rõ đơn vị 0 · không hợp lệ 1" in out
    )
    en = _plain(tables.summary_panel(VIEW_EN.summary, VIEW_EN, EN))
    assert "Reports owed: 5 — on time 1 · late 1 · overdue 1 · pending 1 · exempt 1" in en


def test_counts_are_written_with_their_thousands_grouped() -> None:
    """A national run counts in the hundreds of thousands: "958.270" in Vietnamese (a comma
    is the decimal mark there, as in "45,2%"), "958,270" in English; years, rows and days
    are not counts and stay bare."""
    from dataclasses import replace

    big = replace(VIEW.summary,
                  instances={**VIEW.summary.instances, "total": 958270, "on_time": 1234},
                  reports={**VIEW.summary.reports, "total": 958270, "on_time": 1234},
                  submissions={**VIEW.summary.submissions, "total": 1000000})
    out = _plain(tables.summary_panel(big, VIEW, VI))
    assert "Báo cáo phải nộp: 958.270 — đúng hạn 1.234 · trễ hạn 1" in out
    assert "Báo cáo đã nhận: 1.000.000 — khớp 1 ·" in out
    en = _plain(tables.summary_panel(big, VIEW_EN, EN))
    assert "Reports owed: 958,270 — on time 1,234 · late 1" in en
    assert i18n.number(999, "vi") == "999"
    assert i18n.number(1000, "vi") == "1.000"
    assert i18n.number(0, "en") == "0"
    assert i18n.number(-12345, "en") == "-12,345"
    # the bar of the files read gives their size, with the language's decimal mark
    from cli.commands.common import _megabytes
    assert (_megabytes(162_522_788, Lang.VI), _megabytes(162_522_788, Lang.EN)) == (
        "155,0", "155.0")
    assert _megabytes(0, Lang.VI) == "0,0"
    # a count placeholder is grouped; a year, a bool, a string are written as given
    assert i18n.text("title.calendar", "vi", year=2023, count=1234) == \
        "Lịch hạn báo cáo năm 2023: 1.234 hạn nộp"
    assert i18n.text("title.calendar", "en", year=2023, count=1234) == \
        "Reporting deadlines in 2023: 1,234 due dates"
    assert i18n.text("overdue.count", "vi", count="12345") == "12345 báo cáo"
    assert i18n.text("overdue.count", "vi", count=True) == "True báo cáo"


def test_fitted_lines_print_as_rich_would_print_them_only_faster() -> None:
    """A listing of 100,000 lines cut to the width already (validate's, the register's) is
    printed without Rich measuring and wrapping each again: the same characters and colours
    as the plain Text, in a fifth of the time. Where the output is narrower than the lines
    (a file written from a narrow terminal), they are wrapped as before, never cropped."""
    from cli.render.table import Fitted, fitted_lines

    lines = [Text(tables.fit(f"VT-{i:07d} Ủy ban nhân dân xã Lạc Quang", 30) + " ")
             + Text(tables.fit("hợp lệ" if i % 2 else "xung đột", 10), "red" if i % 2 else "")
             for i in range(1200)]

    def printed(parts: list[Any], colour: bool, width: int = 41) -> str:
        console = Console(width=width, file=io.StringIO(), force_terminal=colour,
                          color_system="standard" if colour else None)
        for part in parts:
            console.print(part)
        return console.file.getvalue()  # type: ignore[attr-defined]

    fitted = list(fitted_lines(lines, 41))
    assert all(isinstance(p, Fitted) for p in fitted)
    assert len(fitted) == 3  # 500 lines a renderable
    plain = [p.text for p in fitted]
    for colour in (False, True):
        assert printed(fitted, colour) == printed(plain, colour)
    assert "\x1b[31mhợp lệ" in printed(fitted, True)
    assert printed(fitted, False).count("\n") == 1200
    narrow = printed(fitted[:1], False, 20)  # wider than the output: wrapped, not cropped
    assert max(len(line) for line in narrow.splitlines()) <= 20
    assert narrow.replace("\n", "").replace(" ", "") == \
        printed(fitted[:1], False).replace("\n", "").replace(" ", "")


def test_the_brief_groups_its_counts_and_excel_keeps_them_numbers() -> None:
    """HTML and Markdown write "12.345"; the workbook keeps the number 12345, formatted with
    the grouping mark of the reader's Excel (a number still sums and sorts)."""
    from openpyxl import Workbook

    from cli.render.brief import Rate, cell_text
    from cli.render.xlsx import COUNT_FORMAT, _brief_cell

    assert cell_text(12345, VI) == "12.345"
    assert cell_text(12345, EN) == "12,345"
    assert cell_text(Rate(0.452), VI) == "45,2%"
    ws = Workbook(write_only=True).create_sheet()
    cell = _brief_cell(ws, 12345, cell_text(12345, VI))
    assert cell.value == 12345
    assert cell.number_format == COUNT_FORMAT
    assert _brief_cell(ws, "12345", "12345").number_format == "General"


@pytest.mark.parametrize("listing", [
    Listing(limit=10), Listing(limit=1), Listing(frozenset({Verdict.LATE}), limit=10),
    Listing(frozenset({Verdict.ON_TIME, Verdict.PENDING}), limit=1), Listing()])
def test_check_table_with_rows_built_when_read_is_the_same(listing: Listing) -> None:
    """``check``'s table builds only the rows it lists (``held=False``): the same view, rows
    read the same through ``LazyRows``, the same table at 80 and 220 columns."""
    from engine.views.rows import LazyRows

    held = check_view(EV, BOOK, "vi", listing)
    lazy = check_view(EV, BOOK, "vi", listing, held=False)
    assert isinstance(lazy.instances, LazyRows)
    assert isinstance(lazy.submissions, LazyRows)
    assert tuple(lazy.instances) == held.instances
    assert tuple(lazy.submissions) == held.submissions
    assert len(lazy.instances) == len(held.instances)
    assert lazy.instances[1] == held.instances[1]
    assert lazy.instances[1:3] == held.instances[1:3]
    assert dataclasses.replace(lazy, instances=held.instances,
                               submissions=held.submissions) == held
    for width in (80, 220):
        assert _plain(*tables.check_view(lazy, VI), width=width) == \
            _plain(*tables.check_view(held, VI), width=width)
    empty = Evaluation(as_of=AS_OF, instances=(), submissions=())
    assert _plain(*tables.check_view(check_view(empty, BOOK, held=False), VI)) == \
        _plain(*tables.check_view(check_view(empty, BOOK), VI))


def test_empty_evaluation_says_so() -> None:
    empty = check_view(Evaluation(as_of=AS_OF, instances=(), submissions=()), BOOK)
    out = _plain(*tables.check_view(empty, VI))
    assert "Không có báo cáo nào phải nộp" in out
    assert "Báo cáo phải nộp: 0" in out


def test_window_period_reads_as_dates() -> None:
    window = _period(
        "2022-07-01..2023-03-31", date(2022, 7, 1), date(2023, 3, 31), PeriodKind.WINDOW
    )
    res = _result("kh-22", "nhiem-vu", "ubnd-tc", window, date(2023, 3, 31), Verdict.PENDING)
    view = check_view(Evaluation(as_of=AS_OF, instances=(res,), submissions=()), BOOK)
    assert "01/07/2022–31/03/2023" in _plain(tables.instances_table(view, VI))


# ---------------------------------------------------------------------------------------
# overdue


def test_overdue_view_groups_by_unit_worst_first() -> None:
    late_overdue = _result("ct-103", "bao-cao-quy", "so-tttt-tn", Q1, date(2022, 3, 14),
                           Verdict.OVERDUE, via="vu-tdkt", days_overdue=109)
    ev = Evaluation(as_of=AS_OF, instances=(OVERDUE, ON_TIME, late_overdue), submissions=())
    view = overdue_view(ev, BOOK, "vi")
    assert [(g.unit, len(g.items)) for g in view.groups] == [("so-tttt-tn", 1), ("ubnd-tc", 1)]
    out = _plain(*tables.overdue_view(view, VI))
    assert "Báo cáo quá hạn tính đến 01/07/2022: 2 báo cáo của 2 đơn vị" in out
    assert out.index("Sở TT&TT Tây Ninh") < out.index("UBND huyện Tân Châu")
    assert "20/06/2022" not in out  # one line per unit: what it misses, its longest delay
    every = _plain(*tables.overdue_view(view, VI, every_row=True))
    assert "20/06/2022*1" in every


def test_overdue_view_empty() -> None:
    view = overdue_view(Evaluation(as_of=AS_OF, instances=(ON_TIME,), submissions=()), BOOK)
    out = _plain(*tables.overdue_view(view, EN))
    assert "Nothing is overdue as of 01/07/2022." in out


def test_overdue_json_lists_units_with_their_rows() -> None:
    view = overdue_view(EV, BOOK, "vi")
    data = json.loads(json_out.dumps(view.groups, VI))
    assert [(g["unit"], g["unit_name"]) for g in data] == [("ubnd-tc", "UBND huyện Tân Châu")]
    assert [i["key"] for i in data[0]["items"]] == ["kh-22/bao-cao-6-thang/ubnd-tc/2022-H1"]
    assert "unit_label" not in data[0]  # display-only fields stay out of JSON


def test_overdue_json_streamed_is_the_bytes_of_dumps() -> None:
    """``overdue --format json`` writes a unit at a time: the bytes of the list dumped whole
    (and the newline ``write`` adds), for no unit, one, and several."""
    group = overdue_view(EV, BOOK, "vi").groups[0]
    for groups in ([], [group], [group, group, group]):
        out = io.BytesIO()
        json_out.stream_list(out, iter(groups), VI)
        assert out.getvalue() == (json_out.dumps(groups, VI) + "\n").encode()


# ---------------------------------------------------------------------------------------
# rules show


def test_rules_table_vi() -> None:
    out = _plain(tables.rules_table(rules_view(BOOK), VI), width=300)
    assert "“trước ngày 15 của tháng cuối quý” (trước ngày X: hạn cuối là X−1)" in out
    assert "giả định: ngày 20 của tháng cuối kỳ" in out
    assert "theo yêu cầu" in out  # no deadline: ad hoc
    assert "Bộ TT&TT qua Vụ TĐKT" in out
    assert "hằng quý" in out
    assert "6 tháng và năm" in out
    assert "01/01/2022–31/12/2022" in out
    assert "từ 01/01/2017" in out
    assert "UBND huyện Tân Châu" in out
    assert "CT Bộ TT&TT 2021 IV.2 — bao-cao-6-thang" in out  # unnumbered: kind, issuer, year
    assert "kh-22/bao-cao-6-thang" not in out  # its id only with --ids, for rule authors
    with_ids = _plain(tables.rules_table(rules_view(BOOK), VI, ids=True), width=300)
    assert "kh-22/bao-cao-6-thang" in with_ids
    assert "khi có yêu cầu" in out  # ad hoc: owed only on request
    assert "Nghĩa vụ báo cáo (4)" in out


def test_rules_blocks_read_at_80_columns() -> None:
    out = _plain(tables.rules_table(rules_view(BOOK), VI), width=80)
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80
    assert "103/CT-BTTTT III.3 — bao-cao-quy" in out


def test_rules_table_en_and_empty() -> None:
    out = _plain(tables.rules_table(rules_view(BOOK, lang="en"), EN), width=300)
    assert "'before day X': last day is X−1" in out
    assert "assumed: the 20th of the last month" in out
    assert "half-yearly and annual" in out
    assert "from 01/01/2017" in out
    assert "No obligations match" in _plain(tables.rules_table((), EN))


def test_rules_json_keeps_the_documented_shape() -> None:
    data = json.loads(json_out.dumps(rules_view(BOOK), VI))
    first = data[0]
    assert first["directive"]["number"] == "103/CT-BTTTT"
    assert first["in_force"] == {"from": "2022-01-01", "to": "2022-12-31"}
    assert first["citation"] == {"section": "III.3", "text": "..."}
    assert first["deadline"]["reading"] == "before"
    assert "recipient_label" not in first


# ---------------------------------------------------------------------------------------
# JSON and CSV


def test_json_keeps_vietnamese_readable_and_valid() -> None:
    text = json_out.dumps(VIEW, VI)
    assert "Sở Thông tin và Truyền thông tỉnh Tây Ninh" in text
    assert "\\u" not in text
    data = json.loads(text)
    assert set(data) == {"as_of", "instances", "submissions", "summary", "awaiting_request",
                         "selection", "rates"}


def test_json_reasons_are_codes_with_messages() -> None:
    vi = json.loads(json_out.dumps(VIEW, VI))["submissions"][2]["reasons"]
    en = json.loads(json_out.dumps(VIEW_EN, EN))["submissions"][2]["reasons"]
    assert vi == [{"code": "match.expected-recipient", "params": {"recipients": ["bo-tttt"]},
                   "message": "nơi nhận đúng: Bộ TT&TT"}]
    assert en[0]["message"] == "expected recipient: Bộ TT&TT"
    assert {k: v for k, v in en[0].items() if k != "message"} == {
        k: v for k, v in vi[0].items() if k != "message"}


def test_streamed_json_is_the_same_object_as_dumps() -> None:
    out = io.BytesIO()
    json_out.stream_view(out, VIEW, VI, frozenset({"instances", "submissions"}))
    assert json.loads(out.getvalue()) == json.loads(json_out.dumps(VIEW, VI))
    empty = io.BytesIO()
    json_out.stream_object(empty, [("rows", []), ("n", 0)], VI, lambda key: key == "rows")
    assert json.loads(empty.getvalue()) == {"rows": [], "n": 0}


def test_check_parts_stream_the_same_object_as_the_view() -> None:
    """``check --format json`` writes check_parts (rows built as written), not the view."""
    from engine.views import check_parts
    from engine.views.rows import CheckView

    parts = list(check_parts(EV, BOOK, "vi"))
    exported = [f.metadata.get("name", f.name) for f in dataclasses.fields(CheckView)
                if not f.metadata.get("display")]
    assert [key for key, _ in parts] == exported
    out = io.BytesIO()
    json_out.stream_object(out, parts, VI, {"instances", "submissions"}.__contains__)
    assert json.loads(out.getvalue()) == json.loads(json_out.dumps(VIEW, VI))


def test_check_parts_with_verdicts_list_only_those_instances() -> None:
    """``check --verdict late --format json``: the instances with that verdict, the summary,
    selection and rates of the whole selection, as the view filtered the same way."""
    from engine.views import check_parts

    chosen = (Verdict.LATE, Verdict.OVERDUE)
    parts = list(check_parts(EV, BOOK, "vi", Listing(frozenset(chosen))))
    out = io.BytesIO()
    json_out.stream_object(out, parts, VI, {"instances", "submissions"}.__contains__)
    data = json.loads(out.getvalue())
    filtered = dataclasses.replace(
        VIEW, instances=tuple(r for r in VIEW.instances if r.verdict in chosen))
    assert data == json.loads(json_out.dumps(filtered, VI))
    assert [r["verdict"] for r in data["instances"]] == ["late", "overdue"]
    assert data["rates"]["total"]["expected"] == 4  # every instance but the exempt one


def test_jsonl_summary_carries_the_rest_of_the_json_object() -> None:
    from cli.commands.check import check_lines

    out = io.BytesIO()
    json_out.stream_lines(out, check_lines(EV, BOOK, Lang.VI, Listing(frozenset({Verdict.LATE}))),
                          VI)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    whole = json.loads(json_out.dumps(VIEW, VI))
    assert [r["type"] for r in lines] == ["instance"] + ["submission"] * 4 + ["summary"]
    assert lines[0]["verdict"] == "late"
    summary = lines[-1]
    assert set(summary) - {"type"} == set(whole) - {"instances", "submissions", "summary"} \
        | set(whole["summary"])
    assert summary["rates"] == whole["rates"]
    assert summary["selection"] == whole["selection"]


def test_json_keeps_what_orjson_refuses_escaped() -> None:
    """A lone surrogate in a record's raw text, an integer beyond 64 bits: still valid JSON."""
    raw = {"title": "B\udc80o cáo", "n": 10**30}
    text = json_out.dumps(raw, VI)
    assert json.loads(text) == raw


def test_a_reason_is_worded_once_per_distinct_reason() -> None:
    calls: list[str] = []

    class Counting(Texts):
        def reason(self, reason: Reason) -> str:
            calls.append(reason.code)
            return super().reason(reason)

    enc = json_out.Encoder(Counting(Lang.VI))
    same = [Reason("match.expected-recipient", {"recipients": ("bo-tttt",)}) for _ in range(50)]
    encoded = [enc.reason(r) for r in same]
    assert calls == ["match.expected-recipient"]
    assert all(e == encoded[0] for e in encoded)


def test_csv_header_and_rows() -> None:
    rows = [
        {"directive": "103/CT-BTTTT", "verdict": "late", "days_late": 3, "received": None},
        {"directive": "22/KH-UBND", "verdict": "overdue", "days_late": 0, "received": None},
    ]
    text = to_csv(rows)
    lines = text.splitlines()
    assert lines[0] == "directive,verdict,days_late,received"
    assert lines[1] == "103/CT-BTTTT,late,3,"
    assert list(csv.DictReader(io.StringIO(text)))[1]["verdict"] == "overdue"


def test_csv_quotes_commas_and_joins_lists() -> None:
    text = to_csv([{"name": "Sở A, tỉnh B", "windows": ["2022-Q3", "2022-Q4"]}])
    assert text.splitlines()[1] == '"Sở A, tỉnh B",2022-Q3; 2022-Q4'


def test_csv_of_rows_flattens_and_writes_words_in_the_language() -> None:
    text = rows_csv(VIEW.submissions, VI)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["Xử lý"] for r in rows] == ["khớp", "trùng", "gửi sai nơi", "không hợp lệ"]
    assert rows[2]["Lý do"] == "nơi nhận đúng: Bộ TT&TT"
    en = list(csv.DictReader(io.StringIO(rows_csv(VIEW.submissions, EN))))
    assert [r["Disposition"] for r in en] == ["matched", "duplicate", "misrouted", "invalid"]
    header = rows_csv(rules_view(BOOK), VI).splitlines()[0].split(",")
    assert header[:3] == ["Mã văn bản", "Số văn bản", "Tên văn bản"]
    assert "Căn cứ hạn" in header
    assert "Hiệu lực từ" in header
    assert flatten({"a": {"b": 1}}) == {"a_b": 1}
    assert to_csv([]) == ""


def test_csv_neutralises_formulas_and_uses_the_dialect() -> None:
    text = to_csv([{"a": "=HYPERLINK(\"http://x\",\"y\")", "b": "+1", "c": "-2", "d": "@x",
                    "e": "\tx", "f": "\rx", "g": "ok", "h": -3}], delimiter=";")
    header, row = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert header == list("abcdefgh")
    assert row == ["'=HYPERLINK(\"http://x\",\"y\")", "'+1", "'-2", "'@x", "'\tx", "'\rx",
                   "ok", "-3"]
    assert document("a\n").startswith("\ufeff")
    assert document("") == ""


def test_every_csv_column_has_words_in_both_languages() -> None:
    """Headers are in the reader's language: every field a CSV can carry has a label."""
    from cli.i18n import COLUMNS
    from cli.render.json import jsonable

    missing = set()
    for rows in (VIEW.instances, VIEW.submissions, rules_view(BOOK)):
        for row in rows:
            data = jsonable(row, EN)
            data.pop("raw", None)  # the record as written: its own headers
            missing |= {k for k in flatten(data) if k not in COLUMNS}
    assert not missing, missing


# ---------------------------------------------------------------------------------------
# errors


def test_error_view_lists_located_problems() -> None:
    err = BaocaoError(
        [
            problem("schema.required", "'recipient' is required", "rules/x.yaml", 7, 5),
            problem("option.unit", "unknown unit 'Sở XYZ'"),
        ]
    )
    out = _plain(render.error_view(err, Lang.VI))
    lines = out.splitlines()
    assert lines[0] == "lỗi: 2 vấn đề trong dữ liệu đầu vào:"
    assert "<input>: option.unit: unknown unit 'Sở XYZ'" in lines[1:]
    # issue 15: a problem without its template's parameters is said by its family's template
    assert ("rules/x.yaml:7:5: schema.required: giá trị ở đây không đúng dạng tệp yêu cầu "
            "(lược đồ JSON, quy tắc schema.required): 'recipient' is required") in lines[1:]
    one = _plain(render.error_view(BaocaoError([problem("c.d", "msg [x]")]), Lang.EN))
    assert one.splitlines() == ["error: 1 problem in the input:", "<input>: c.d: msg [x]"]


def test_run_turns_baocao_error_into_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    def work() -> int:
        raise BaocaoError([problem("file.missing", "rules directory not found: /nope")])

    with pytest.raises(typer.Exit) as caught:
        common.run(work, Lang.VI)
    assert caught.value.exit_code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "lỗi:" in captured.err
    assert "file.missing: không có tệp hoặc thư mục này" in captured.err


def test_run_turns_a_bug_into_exit_70(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BAOCAO_DEBUG", raising=False)

    def work() -> int:
        raise ZeroDivisionError("division by zero")

    with pytest.raises(typer.Exit) as caught:
        common.run(work, Lang.EN)
    assert caught.value.exit_code == 70
    err = capsys.readouterr().err
    assert "internal error: ZeroDivisionError: division by zero" in err
    assert "BAOCAO_DEBUG=1" in err
    assert "Traceback" not in err

    monkeypatch.setenv("BAOCAO_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        common.run(work, Lang.EN)


def test_run_passes_exit_codes_through() -> None:
    with pytest.raises(typer.Exit) as caught:
        common.run(lambda: 1, Lang.VI)
    assert caught.value.exit_code == 1
    common.run(lambda: 0, Lang.VI)  # 0: returns, no exception


def test_check_exit_code() -> None:
    assert common.check_exit_code(EV) == 1
    calm = Evaluation(
        as_of=AS_OF,
        instances=(ON_TIME, PENDING, EXEMPT),
        submissions=(_submission("S2", Disposition.DUPLICATE, "so-tttt-tn"),),
    )
    assert common.check_exit_code(calm) == 0
    unmatched = Evaluation(
        as_of=AS_OF,
        instances=(ON_TIME,),
        submissions=(_submission("S5", Disposition.UNMATCHED, "so-tttt-tn"),),
    )
    assert common.check_exit_code(unmatched) == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-03-01", date(2023, 3, 1)),
        ("1/3/2023", date(2023, 3, 1)),
        ("01/03/2023", date(2023, 3, 1)),
        ("1.3.2023", date(2023, 3, 1)),
        ("ngày 1 tháng 3 năm 2023", date(2023, 3, 1)),
        ("Ngay 01 thang 03 nam 2023", date(2023, 3, 1)),
        (" 13/12/2021 ", date(2021, 12, 13)),
    ],
)
def test_parse_date_forms(text: str, expected: date) -> None:
    assert cli_app.parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("03/01-23", "expected a date like 2022-06-14, 14/6/2022 .* got '03/01-23'"),
        ("tomorrow", "got 'tomorrow'"),
        ("31/02/2023", "got '31/02/2023': there is no day 31 in 02/2023"),
        ("2023-13-01", "got '2023-13-01': there is no month 13"),
    ],
)
def test_parse_date_rejects(text: str, message: str) -> None:
    with pytest.raises(typer.BadParameter, match=message):
        cli_app.parse_date(text)


runner = CliRunner()


def test_bad_as_of_is_a_usage_error() -> None:
    result = runner.invoke(cli_app.app, ["check", "--as-of", "31/02/2023"], env={"COLUMNS": "120"})
    assert result.exit_code == 2
    assert "there is no day 31 in 02/2023" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_format_is_a_usage_error() -> None:
    result = runner.invoke(cli_app.app, ["check", "--format", "xml"], env={"COLUMNS": "120"})
    assert result.exit_code == 2
    assert "'xml' is not one of" in result.stderr


def test_no_arguments_shows_help() -> None:
    result = runner.invoke(cli_app.app, [], env={"COLUMNS": "120"})
    assert result.exit_code == 2
    for command in ("check", "overdue", "rules"):
        assert command in result.output


# ---------------------------------------------------------------------------------------
# consoles and i18n


def test_console_honours_columns_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "123")
    monkeypatch.setenv("NO_COLOR", "1")
    console = render.stdout_console()
    assert console.width == 123
    assert console.no_color


def test_every_verdict_and_disposition_has_both_languages() -> None:
    for verdict in Verdict:
        assert i18n.verdict(verdict, "vi") != i18n.verdict(verdict, "en")
    for disposition in Disposition:
        assert i18n.disposition(disposition, Lang.EN)
    assert i18n.frequency("semiannual", "vi") == "6 tháng"
    assert i18n.frequency("fortnightly", "en") == "fortnightly"  # unknown passes through


@pytest.mark.parametrize("n", [0, 1, 255, 256, 257, 512, 600])
def test_streamed_rows_are_one_valid_object_whatever_their_number(n: int) -> None:
    """Rows are written a few hundred at a time (cli/render/json.py): no count of rows, on or
    either side of a chunk's end, loses a row, doubles one or leaves a stray comma; each row
    stays on its own line."""
    from cli.render.json import stream_object
    from cli.render.texts import Texts

    out = io.BytesIO()
    rows = [{"i": i, "t": f"hàng {i}"} for i in range(n)]
    stream_object(out, [("as_of", date(2023, 3, 1)), ("instances", iter(rows)),
                        ("summary", {"n": n})], Texts(Lang.VI), lambda key: key == "instances")
    text = out.getvalue().decode()
    assert json.loads(text) == {"as_of": "2023-03-01", "instances": rows, "summary": {"n": n}}
    lines = text.splitlines()
    assert sum(1 for line in lines if line.startswith('    {"i":')) == n
    assert ('"instances": []' in text) == (n == 0)


def test_a_note_many_rows_share_is_encoded_once_and_one_records_own_is_not_kept() -> None:
    """JSON of a national run: a note grouping made once for thousands of records is
    looked up by the object after its second row; a note naming one record (the record it
    duplicates) is encoded, not remembered twice over a million records."""
    from engine import Reason

    enc = json_out.Encoder(VI)
    shared = Reason("match.too-early", {"period": "2024-01", "received": "2023-12-12",
                                        "opens": "2024-01-01"})
    rows = [{"reasons": (shared,)} for _ in range(3)]
    own = [{"reasons": (Reason("match.already-satisfied",
                               {"instance": f"k{n}", "by": f"VT-{n}"}),)} for n in range(3)]
    written = [enc.dumps(r, pretty=False) for r in rows + own]
    assert len(set(written[:3])) == 1
    assert json.loads(written[0])["reasons"][0]["code"] == "match.too-early"
    assert [json.loads(w)["reasons"][0]["params"]["by"] for w in written[3:]] == [
        "VT-0", "VT-1", "VT-2"]
    assert enc._known[id(shared)][0] is shared
    assert not any(isinstance(v, Reason) and v.code == "match.already-satisfied"
                   for v, _ in enc._known.values())
    assert written == [json_out.Encoder(VI).dumps(r, pretty=False) for r in rows + own]
