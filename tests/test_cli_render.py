"""Rendering of results (tables, JSON, CSV, errors) and the CLI's own error paths.

The Evaluation is built by hand from the model, so these tests need no rules on disk; every
expected string below is worked out from the objects, not copied from output.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import pytest
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from typer.testing import CliRunner

from cli import app as cli_app
from cli import i18n, render
from cli.i18n import Lang
from engine.errors import BaocaoError, problem
from engine.model import (
    Disposition,
    Due,
    DueBasis,
    Evaluation,
    Instance,
    InstanceResult,
    Period,
    PeriodKind,
    Reading,
    Submission,
    SubmissionResult,
    Verdict,
)

AS_OF = date(2022, 7, 1)

NAMES = render.Names.from_maps(
    units={
        "so-tttt-tn": "Sở TT&TT Tây Ninh",
        "ubnd-tc": "UBND huyện Tân Châu",
        "bo-tttt": "Bộ TT&TT",
        "vu-tdkt": "Vụ TĐKT",
    },
    directives={"ct-103": "103/CT-BTTTT", "kh-22": "22/KH-UBND"},
    policies={"ngay-20-thang-cuoi-ky": "ngày 20 của tháng cuối kỳ"},
)


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
            rolled=False,
            basis=DueBasis.ASSUMED if assumed else DueBasis.STATED,
            reading=Reading.BY,
            policy="ngay-20-thang-cuoi-ky" if assumed else None,
        ),
        cutoff=None,
    )
    return InstanceResult(
        instance=instance,
        verdict=verdict,
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
    sid: str, disposition: Disposition, reporter: str | None, reasons: tuple[str, ...] = ()
) -> SubmissionResult:
    sub = Submission(
        id=sid,
        source=f"in.yaml:{sid[-1]}",
        raw={"reporter": "Sở Không Có", "period": "quý 9/2022", "submitted_on": "hôm qua"},
        reporter=reporter,
        submitted_on=date(2022, 6, 17) if reporter else None,
        period=Q2 if reporter else None,
    )
    return SubmissionResult(submission=sub, disposition=disposition, instances=(), reasons=reasons)


EV = Evaluation(
    as_of=AS_OF,
    instances=(ON_TIME, LATE, OVERDUE, PENDING, EXEMPT),
    submissions=(
        _submission("S1", Disposition.MATCHED, "so-tttt-tn"),
        _submission("S2", Disposition.DUPLICATE, "so-tttt-tn"),
        _submission("S3", Disposition.MISROUTED, "so-tttt-tn", ("gửi Sở Nội vụ",)),
        _submission("S4", Disposition.INVALID, None, ("submitted_on: không đọc được ngày",)),
    ),
)


def _plain(*renderables: Any, width: int = 220) -> str:
    console = Console(width=width, no_color=True, record=True, file=io.StringIO())
    for item in renderables:
        console.print(item)
    return console.export_text()


def _column(table: Table, index: int) -> list[Text]:
    return [cell for cell in table.columns[index]._cells if isinstance(cell, Text)]


# ---------------------------------------------------------------------------------------
# check: tables


def test_instance_table_vi_labels_and_markers() -> None:
    out = _plain(*render.check_view(EV, NAMES, Lang.VI))
    for label in ("đúng hạn", "trễ hạn", "quá hạn", "chưa đến hạn", "miễn"):
        assert label in out
    for header in ("Văn bản", "Nghĩa vụ", "Đơn vị báo cáo", "Nơi nhận", "Hạn", "Ngày nhận"):
        assert header in out
    assert "Báo cáo phải nộp (tính đến 01/07/2022)" in out
    assert "Bộ TT&TT qua Vụ TĐKT" in out
    assert "103/CT-BTTTT" in out
    # the assumed deadline carries its marker and the footnote names the policy
    assert "20/06/2022*" in out
    assert "14/06/2022*" not in out
    assert (
        "* hạn giả định (không nêu trong văn bản), theo chính sách ngay-20-thang-cuoi-ky: "
        "ngày 20 của tháng cuối kỳ" in out
    )


def test_instance_rows_have_dates_and_days() -> None:
    table = render.instances_table(EV, NAMES, Lang.VI)
    due = [c.plain for c in _column(table, 5)]
    received = [c.plain for c in _column(table, 6)]
    days = [c.plain for c in _column(table, 8)]
    assert due == ["14/03/2022", "14/06/2022", "20/06/2022*", "14/09/2022", "14/06/2022"]
    assert received == ["10/03/2022", "17/06/2022", "", "", ""]
    assert days == ["", "3", "11", "", ""]


def test_overdue_and_late_rows_stand_out() -> None:
    table = render.instances_table(EV, NAMES, Lang.VI)
    assert [row.style for row in table.rows] == [None, "yellow", "red", None, None]
    verdict_styles = [c.style for c in _column(table, 7)]
    assert verdict_styles == ["green", "yellow", "bold red", "dim", "blue"]


def test_overdue_verdict_is_bold_red_in_a_terminal() -> None:
    console = Console(
        width=220, force_terminal=True, color_system="standard", file=io.StringIO(), record=True
    )
    console.print(render.instances_table(EV, NAMES, Lang.EN))
    ansi = console.export_text(styles=True)
    assert "\x1b[1;31moverdue" in ansi  # bold red


def test_instance_table_en() -> None:
    out = _plain(*render.check_view(EV, NAMES, Lang.EN))
    for label in ("on time", "late", "overdue", "pending", "exempt"):
        assert label in out
    assert "Reports owed (as of 01/07/2022)" in out
    assert "Bộ TT&TT via Vụ TĐKT" in out
    assert "* assumed deadline (not stated in the text), policy ngay-20-thang-cuoi-ky" in out
    assert "đúng hạn" not in out


def test_submission_table() -> None:
    table = render.submissions_table(EV, NAMES, Lang.VI)
    assert [c.plain for c in _column(table, 4)] == ["khớp", "trùng", "gửi sai nơi", "không hợp lệ"]
    assert [row.style for row in table.rows] == [None, None, "red", "red"]
    out = _plain(table)
    # an invalid record shows what was written, since nothing resolved
    assert "Sở Không Có" in out
    assert "quý 9/2022" in out
    assert "hôm qua" in out
    assert "gửi Sở Nội vụ" in out
    en = _plain(render.submissions_table(EV, NAMES, Lang.EN))
    assert "misrouted" in en
    assert "invalid" in en


def test_summary_panel_counts_every_verdict_and_disposition() -> None:
    out = _plain(render.summary_panel(EV, Lang.VI))
    assert "Tổng hợp đến ngày 01/07/2022" in out
    assert (
        "Báo cáo phải nộp: 5 — đúng hạn 1 · trễ hạn 1 · quá hạn 1 · chưa đến hạn 1 · miễn 1" in out
    )
    assert (
        "Báo cáo đã nhận: 4 — khớp 1 · trùng 1 · gửi sai nơi 1 · không khớp 0 · "
        "không rõ đơn vị 0 · không hợp lệ 1" in out
    )
    en = _plain(render.summary_panel(EV, Lang.EN))
    assert "Reports owed: 5 — on time 1 · late 1 · overdue 1 · pending 1 · exempt 1" in en


def test_empty_evaluation_says_so() -> None:
    empty = Evaluation(as_of=AS_OF, instances=(), submissions=())
    out = _plain(*render.check_view(empty, NAMES, Lang.VI))
    assert "Không có báo cáo nào phải nộp" in out
    assert "Báo cáo phải nộp: 0" in out


def test_window_period_reads_as_dates() -> None:
    window = _period(
        "2022-07-01..2023-03-31", date(2022, 7, 1), date(2023, 3, 31), PeriodKind.WINDOW
    )
    res = _result("kh-22", "nhiem-vu", "ubnd-tc", window, date(2023, 3, 31), Verdict.PENDING)
    ev = Evaluation(as_of=AS_OF, instances=(res,), submissions=())
    assert "01/07/2022–31/03/2023" in _plain(render.instances_table(ev, NAMES, Lang.VI))


# ---------------------------------------------------------------------------------------
# overdue


def test_overdue_view_groups_by_unit() -> None:
    groups = [("ubnd-tc", (OVERDUE,)), ("so-tttt-tn", (LATE,))]
    out = _plain(*render.overdue_view(AS_OF, groups, NAMES, Lang.VI))
    assert "Báo cáo quá hạn (tính đến 01/07/2022)" in out
    assert out.index("UBND huyện Tân Châu") < out.index("Sở TT&TT Tây Ninh")
    assert "1 báo cáo" in out
    assert "20/06/2022*" in out


def test_overdue_view_empty() -> None:
    out = _plain(*render.overdue_view(AS_OF, [], NAMES, Lang.EN))
    assert "Nothing is overdue as of 01/07/2022." in out


def test_overdue_json_regroups_exported_rows_by_key() -> None:
    exported = [
        {"key": LATE.instance.key, "verdict": "late"},
        {"key": OVERDUE.instance.key, "verdict": "overdue"},
    ]
    data = render.overdue_json([("ubnd-tc", (OVERDUE,))], exported, NAMES)
    assert data == [
        {
            "unit": "ubnd-tc",
            "unit_name": "UBND huyện Tân Châu",
            "items": [{"key": "kh-22/bao-cao-6-thang/ubnd-tc/2022-H1", "verdict": "overdue"}],
        }
    ]


# ---------------------------------------------------------------------------------------
# rules show

OBLIGATIONS: list[dict[str, Any]] = [
    {
        "directive": {"id": "ct-103", "number": "103/CT-BTTTT"},
        "id": "bao-cao-quy",
        "reporters": ["toan-nganh"],
        "reporter_names": ["Các cơ quan, đơn vị trong toàn ngành"],
        "recipient": "bo-tttt",
        "recipient_name": "Bộ TT&TT",
        "via": "vu-tdkt",
        "via_name": "Vụ TĐKT",
        "frequency": "quarterly",
        "deadline": {
            "basis": "stated",
            "reading": "before",
            "words": "trước ngày 15 của tháng cuối quý",
        },
        "in_force": {"from": "2022-01-01", "to": "2022-12-31"},
        "citation": {"section": "III.3", "text": "..."},
        "evaluated": True,
    },
    {
        "directive": {"id": "kh-22", "number": None},
        "id": "bao-cao-6-thang",
        "reporters": ["ubnd-tc"],
        "recipient": "so-tttt-tn",
        "recipient_name": "Sở TT&TT Tây Ninh",
        "via": None,
        "frequency": "semiannual_and_annual",
        "deadline": {"basis": "assumed", "policy": "p", "description": "ngày 20 tháng cuối kỳ"},
        "in_force": {"from": "2017-01-01", "to": None},
        "citation": {"section": "IV.2"},
        "evaluated": True,
    },
    {
        "directive": {"id": "kh-22", "number": None},
        "id": "phong-su",
        "reporters": ["so-tttt-tn"],
        "recipient": "bo-tttt",
        "frequency": "ad_hoc",
        "deadline": None,
        "in_force": {"from": "2022-02", "to": None},
        "citation": {"section": "V"},
        "evaluated": False,
    },
]


def test_rules_table_vi() -> None:
    table = render.rules_table(OBLIGATIONS, NAMES, Lang.VI)
    assert isinstance(table, Table)
    out = _plain(table, width=300)
    assert "trước ngày 15 của tháng cuối quý (trước ngày X: hạn cuối là X−1)" in out
    assert "giả định (p): ngày 20 tháng cuối kỳ" in out
    assert "theo yêu cầu" in out  # no deadline: ad hoc
    assert "Bộ TT&TT qua Vụ TĐKT" in out
    assert "hằng quý" in out
    assert "6 tháng và năm" in out
    assert "01/01/2022–31/12/2022" in out
    assert "từ 01/01/2017" in out
    assert "từ 2022-02" in out  # a month without a day is shown as written
    assert "UBND huyện Tân Châu" in out  # reporter name looked up when the export has none
    assert "kh-22" in out  # a directive without a number shows its id
    assert "chưa đánh giá" in out
    assert [row.style for row in table.rows] == [None, None, "dim"]


def test_rules_table_en_and_empty() -> None:
    out = _plain(render.rules_table(OBLIGATIONS, NAMES, Lang.EN), width=300)
    assert "'before day X': last day is X−1" in out
    assert "assumed (p): ngày 20 tháng cuối kỳ" in out
    assert "half-yearly and annual" in out
    assert "from 01/01/2017" in out
    assert "No obligations match" in _plain(render.rules_table([], NAMES, Lang.EN))


# ---------------------------------------------------------------------------------------
# JSON and CSV


def test_json_keeps_vietnamese_readable_and_valid() -> None:
    data = {"reporter_name": "Sở Thông tin và Truyền thông", "days": [1, 2]}
    text = render.to_json(data)
    assert "Sở Thông tin và Truyền thông" in text
    assert "\\u" not in text
    assert json.loads(text) == data


def test_csv_header_and_rows() -> None:
    rows = [
        {"directive": "103/CT-BTTTT", "verdict": "late", "days_late": 3, "received": None},
        {"directive": "22/KH-UBND", "verdict": "overdue", "days_late": 0, "received": None},
    ]
    text = render.to_csv(rows)
    lines = text.splitlines()
    assert lines[0] == "directive,verdict,days_late,received"
    assert lines[1] == "103/CT-BTTTT,late,3,"
    assert list(csv.DictReader(io.StringIO(text)))[1]["verdict"] == "overdue"


def test_csv_quotes_commas_and_joins_lists() -> None:
    text = render.to_csv([{"name": "Sở A, tỉnh B", "windows": ["2022-Q3", "2022-Q4"]}])
    assert text.splitlines()[1] == '"Sở A, tỉnh B",2022-Q3; 2022-Q4'


def test_csv_header_is_union_of_keys() -> None:
    rows = [render.flatten(ob) for ob in OBLIGATIONS]
    header = render.to_csv(rows).splitlines()[0].split(",")
    assert header[:3] == ["directive_id", "directive_number", "id"]
    assert "deadline_basis" in header
    assert "deadline" in header  # the third obligation has none
    assert render.to_csv([]) == ""


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
    assert "rules/x.yaml:7:5: schema.required: 'recipient' is required" in lines[1:]
    one = _plain(render.error_view(BaocaoError([problem("c.d", "msg [x]")]), Lang.EN))
    assert one.splitlines() == ["error: 1 problem in the input:", "<input>: c.d: msg [x]"]


def test_run_turns_baocao_error_into_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    def work() -> int:
        raise BaocaoError([problem("file.missing", "rules directory not found: /nope")])

    with pytest.raises(typer.Exit) as caught:
        cli_app._run(work, Lang.VI)
    assert caught.value.exit_code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "lỗi:" in captured.err
    assert "file.missing: rules directory not found: /nope" in captured.err


def test_run_turns_a_bug_into_exit_70(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BAOCAO_DEBUG", raising=False)

    def work() -> int:
        raise ZeroDivisionError("division by zero")

    with pytest.raises(typer.Exit) as caught:
        cli_app._run(work, Lang.EN)
    assert caught.value.exit_code == 70
    err = capsys.readouterr().err
    assert "internal error: ZeroDivisionError: division by zero" in err
    assert "BAOCAO_DEBUG=1" in err
    assert "Traceback" not in err

    monkeypatch.setenv("BAOCAO_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        cli_app._run(work, Lang.EN)


def test_run_passes_exit_codes_through() -> None:
    with pytest.raises(typer.Exit) as caught:
        cli_app._run(lambda: 1, Lang.VI)
    assert caught.value.exit_code == 1
    cli_app._run(lambda: 0, Lang.VI)  # 0: returns, no exception


def test_check_exit_code() -> None:
    assert cli_app.check_exit_code(EV) == 1
    calm = Evaluation(
        as_of=AS_OF,
        instances=(ON_TIME, PENDING, EXEMPT),
        submissions=(_submission("S2", Disposition.DUPLICATE, "so-tttt-tn"),),
    )
    assert cli_app.check_exit_code(calm) == 0
    unmatched = Evaluation(
        as_of=AS_OF,
        instances=(ON_TIME,),
        submissions=(_submission("S5", Disposition.UNMATCHED, "so-tttt-tn"),),
    )
    assert cli_app.check_exit_code(unmatched) == 1


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
        ("03/01/23", "expected a date like 2022-06-14, 14/6/2022 .* got '03/01/23'"),
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
