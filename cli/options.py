"""Options shared by the commands: one definition, one help text each."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cli.i18n import Lang
from engine import DateParseError
from engine import parse_date as engine_parse_date


class CsvDialect(StrEnum):
    """--csv-dialect: the separator the spreadsheet opening the file expects."""

    EXCEL = "excel"  # comma
    EXCEL_VN = "excel-vn"  # semicolon: Excel in the Vietnamese locale (decimal comma)

    @property
    def delimiter(self) -> str:
        return ";" if self is CsvDialect.EXCEL_VN else ","


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"


def parse_date(value: str) -> date:
    """ISO or the Vietnamese forms offices write (docs/domain.md#dates-and-periods-as-written);
    day first, never month first."""
    try:
        return engine_parse_date(value)
    except DateParseError as err:
        raise typer.BadParameter(str(err)) from None


RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        metavar="DIR",
        help="Folder of rule files (directives/, units.yaml, calendar/). "
        "Default: the rules bundled with baocao. Example: --rules ./my-rules",
        show_default=False,
    ),
]
SubmissionsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--submissions",
        "-s",
        metavar="PATH",
        help="Report metadata received: a .yaml/.yml/.json/.csv file or a folder of them. "
        "Repeat for several. Without it nothing counts as received, so every report past "
        "its due date is overdue. Example: -s examples/submissions",
        show_default=False,
    ),
]
# validate and ingest take their files as arguments; -s is what check taught the user to type
BatchSubmissionsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--submissions",
        "-s",
        metavar="PATH",
        help="The same as FILE_OR_FOLDER (the option check takes): a register or a folder. "
        "Repeat for several. Example: -s so-den.xlsx",
        show_default=False,
    ),
]
RequestsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--requests",
        metavar="PATH",
        help="Recorded requests for ad hoc reports (đột xuất): a .yaml/.json/.csv file with "
        "id, directive, obligation, reporter, requested_on, due (and the request letter's "
        "number). An ad hoc duty is owed only when requested. Example: --requests yeu-cau.csv",
        show_default=False,
    ),
]
AsOfOption = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        parser=parse_date,
        help="Judge as on this day. Accepts 2023-03-01, 1/3/2023 or 'ngày 1 tháng 3 năm 2023'. "
        "Default: today in Vietnam (Asia/Ho_Chi_Minh).",
        show_default=False,
    ),
]
SinceOption = Annotated[
    date | None,
    typer.Option(
        "--since",
        metavar="DATE",
        parser=parse_date,
        help="Only periods ending on or after this day. Same forms as --as-of. "
        "Default: 1 January of the year before --as-of.",
        show_default=False,
    ),
]
DirectiveOption = Annotated[
    list[str] | None,
    typer.Option(
        "--directive",
        metavar="NUMBER",
        help="Only this directive: its number as written or its id; repeat it for several. "
        "Example: --directive 103/CT-BTTTT --directive 06-KH/BCĐ",
        show_default=False,
    ),
]
UnitOption = Annotated[
    list[str] | None,
    typer.Option(
        "--unit",
        metavar="UNIT",
        help="Only reports owed by this unit: its id or any registered name; repeat it for "
        "several. Example: --unit 'Sở TT&TT Tây Ninh'",
        show_default=False,
    ),
]
PeriodOption = Annotated[
    list[str] | None,
    typer.Option(
        "--period",
        metavar="PERIOD",
        help="Only periods inside this one: 2022, 2022-H1, 2022-Q3, 2022-05 or a Vietnamese "
        "phrase such as 'quý III/2022'; repeat it for several.",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="table for people; json (one object), jsonl (one object per line, for very "
        "large runs) or csv (one row per report) for scripts. With json or jsonl, errors are "
        "printed as JSON too: {\"errors\": [...]}.",
    ),
]
class VerdictChoice(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    OVERDUE = "overdue"
    PENDING = "pending"
    EXEMPT = "exempt"


VerdictOption = Annotated[
    list[VerdictChoice] | None,
    typer.Option(
        "--verdict",
        case_sensitive=False,
        help="List only the reports with this verdict (repeat for several): on_time, late, "
        "overdue, pending, exempt. The figures and the exit code still cover the whole "
        "selection. Example: --verdict overdue --verdict late",
        show_default=False,
    ),
]
LimitOption = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=1,
        metavar="N",
        help="List at most N rows of each list (overdue, late, records to look at; default "
        "10, about a screenful); --all lists every row.",
        show_default=False,
    ),
]
IdsOption = Annotated[
    bool,
    typer.Option(
        "--ids",
        help="Also show the internal ids (unit, obligation, report key) beside the labels, as "
        "JSON and --requests files write them.",
    ),
]
AllOption = Annotated[
    bool,
    typer.Option(
        "--all",
        help="List every expected report and every record received, not only the problems.",
    ),
]
LangOption = Annotated[
    Lang,
    typer.Option(
        "--lang",
        case_sensitive=False,
        help="Language of labels, headings and messages: vi (Vietnamese) or en (English). "
        "Codes in JSON are the same in both.",
    ),
]


# The rule author's commands: a rules folder as an argument, and their own formats.

class LintFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


RulesArgument = Annotated[
    Path | None,
    typer.Argument(
        metavar="[DIR]",
        help="Folder of rule files (directives/, units.yaml, calendar/, tests/). "
        "Default: the rules bundled with baocao.",
        show_default=False,
    ),
]
LintFormatOption = Annotated[
    LintFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="text: file:line:col: severity: message [code], like a compiler; json: a list "
        "of {code, severity, file, line, column, message}.",
    ),
]
CasesOption = Annotated[
    Path | None,
    typer.Option(
        "--cases",
        metavar="DIR",
        help="Folder of test case files (*.yaml). Default: tests/ inside the rules folder.",
        show_default=False,
    ),
]
CoverageOption = Annotated[
    bool,
    typer.Option(
        "--coverage",
        help="Also show, per obligation, which verdicts and dispositions the cases exercise "
        "and which they never do.",
    ),
]


class DraftFormat(StrEnum):
    YAML = "yaml"
    JSON = "json"


DraftFormatOption = Annotated[
    DraftFormat,
    typer.Option("--format", "-f", case_sensitive=False,
                 help="yaml (to edit into a directive file) or json."),
]


class ExportFormat(StrEnum):
    JSON = "json"
    YAML = "yaml"
    MD = "md"


ExportFormatOption = Annotated[
    ExportFormat,
    typer.Option("--format", "-f", case_sensitive=False,
                 help="json or yaml (for tools), md (a legal review to print, Markdown)."),
]


# baocao upcoming, calendar and brief

DaysOption = Annotated[
    int,
    typer.Option("--days", min=0, max=3660, metavar="N",
                 help="How many days ahead of --as-of to look (both days included). "
                 "Example: --days 30"),
]
YearOption = Annotated[
    int | None,
    typer.Option("--year", min=1900, max=2200, metavar="YEAR",
                 help="The calendar year whose due dates to list. Default: the year of "
                 "today in Vietnam. Example: --year 2023", show_default=False),
]
OutputFileOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE",
                 help="Write to this file instead of standard output. Example: -o lich.ics, "
                 "-o ket-qua.xlsx",
                 show_default=False, dir_okay=False),
]


class CalendarFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    ICS = "ics"


CalendarFormatOption = Annotated[
    CalendarFormat,
    typer.Option("--format", "-f", case_sensitive=False,
                 help="table for people; json for scripts; ics (iCalendar) to import into a "
                 "calendar: one event per due date with an alarm three working days before."),
]
NextMeetingOption = Annotated[
    date | None,
    typer.Option("--next-meeting", metavar="DATE", parser=parse_date,
                 help="Day of the next steering-committee meeting: the brief lists what falls "
                 "due after --as-of and by that day. Default: 30 days after --as-of. Example: "
                 "--next-meeting 15/11/2022", show_default=False),
]


class BriefFormat(StrEnum):
    HTML = "html"
    MD = "md"
    XLSX = "xlsx"
    JSON = "json"


BriefFormatOption = Annotated[
    BriefFormat,
    typer.Option("--format", "-f", case_sensitive=False,
                 help="html (one self-contained file, prints on A4), md (Markdown), xlsx (the "
                 "'Tóm tắt' sheet first, the annex's sheets with --full; needs -o) or json "
                 "(the same figures and every row, for scripts)."),
]


# ---------------------------------------------------------------------------------------
# The secretariat's batch: validate, ingest, register


class BatchFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


BatchFormatOption = Annotated[
    BatchFormat,
    typer.Option(
        "--format",
        "-f",
        case_sensitive=False,
        help="table for people; json (one object) for scripts; csv or xlsx (one row per "
        "record) for a spreadsheet. xlsx needs --output, or standard output redirected.",
    ),
]
PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="FILE_OR_FOLDER...",
        help="Registers of reports received: .xlsx, .csv, .txt (Excel 'Unicode text'), "
        ".yaml, .json files, or folders of them; '-' reads standard input.",
        show_default=False,
    ),
]
CsvDialectOption = Annotated[
    CsvDialect,
    typer.Option(
        "--csv-dialect",
        case_sensitive=False,
        help="CSV for Excel: 'excel' separates cells with ',', 'excel-vn' with ';' (Excel in "
        "the Vietnamese locale). Both are UTF-8 with a byte-order mark.",
    ),
]
ErrorsOutOption = Annotated[
    Path | None,
    typer.Option(
        "--errors-out",
        metavar="FILE",
        help="Also write the records that need a person (misrouted, unmatched, unknown unit, "
        "invalid) to FILE: .xlsx, .json, or CSV for any other name. Example: "
        "--errors-out can-xu-ly.xlsx",
        show_default=False,
    ),
]
AnnotateOption = Annotated[
    Path | None,
    typer.Option(
        "--annotate",
        metavar="OUT.xlsx",
        help="Write the registers read back as a workbook, row for row, with the result of "
        "each record (and what to fix) in columns added at the right.",
        show_default=False,
    ),
]
DbOption = Annotated[
    list[str] | None,
    typer.Option(
        "--db",
        metavar="FILE|URL",
        help="The register (a SQLite file, or a PostgreSQL database: "
        "postgresql://user@host/dbname; filled by 'baocao ingest'): evaluate everything "
        "received so far, with any files given too; repeat it for several registers. "
        "Example: --db so-den.db",
        show_default=False,
    ),
]
RegisterDbOption = Annotated[
    str,
    typer.Option(
        "--db",
        metavar="FILE|URL",
        envvar="BAOCAO_DB",
        help="The register: a SQLite file (created by the first ingest), or a PostgreSQL "
        "database shared by an office's clerks: postgresql://user:password@host/dbname. "
        "Default: $BAOCAO_DB. Example: --db so-den.db",
        show_default=False,
    ),
]
OFFICE_HELP = (
    "Your office's own view: only the reports owed to this office, directly or passed "
    "through it, and the records sent to it; a ministry's or another province's duties "
    "are left out. Its id or any registered name. Example: --office 'UBMTTQ tỉnh Tây "
    "Ninh'"
)
OfficeOption = Annotated[
    str | None,
    typer.Option(
        "--office",
        metavar="UNIT",
        help=OFFICE_HELP,
        show_default=False,
    ),
]
RecipientOption = Annotated[
    str | None,
    typer.Option(
        "--recipient",
        metavar="UNIT",
        help="The recipient of every record that names none: the office keeping a register "
        "of documents received (sổ đăng ký văn bản đến), which has no recipient column. Its "
        "id or any registered name; a recipient written in a record wins, and each record "
        "that takes it says so. Example: --recipient 'Sở TT&TT Thái Nguyên'",
        show_default=False,
    ),
]
