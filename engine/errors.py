"""One error type for everything a user can get wrong, one for baocao's own failures, and the
registry of their codes.

A ``Problem`` is one located message with a stable ``code``; a ``BaocaoError`` carries all the
problems found in a run so the user fixes them in one go (like a compiler): exit 2. An
``EngineFailure`` is not the user's doing — the rule engine miscounted twice building the
decision table — and exits 70. Every code is registered in ``CODES`` with an explanation and an
example; ``tests/test_architecture.py`` fails when the code raises or emits a code that is not
registered, or one the README does not document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

MAX_PROBLEMS = 200

# A parameter of a problem or a reason: ids, labels, ISO dates and counts, or a list of them.
Param = str | int | bool | None | tuple[str, ...]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    code: str
    message: str  # English; the CLI may say it in Vietnamese from ``code`` and ``params``
    pointer: str = ""
    params: Mapping[str, Param] = field(default_factory=dict, compare=False, hash=False)
    # "error" stops a run; ``baocao rules lint`` also reports "warning" and "note".
    severity: str = field(default="error", compare=False)

    def __str__(self) -> str:
        return f"{self.where}: {self.code}: {self.message}"

    @property
    def where(self) -> str:
        where = self.file or "<input>"
        if self.line:
            where = f"{where}:{self.line}:{self.column or 1}"
        return where

    def to_dict(self) -> dict[str, object]:
        """The JSON form (docs/design.md#errors-and-codes): ``{code, file, line, column,
        message}``."""
        return {
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


def problem(
    code: str, message: str, file: str = "", line: int = 0, column: int = 0, pointer: str = "",
    **params: Param,
) -> Problem:
    return Problem(file, line, column, code, message, pointer, params)


class BaocaoError(Exception):
    """Raised when a run cannot proceed; carries every problem found, sorted by location."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(sorted(set(problems)))
        super().__init__("\n".join(str(p) for p in self.problems[:MAX_PROBLEMS]))

    def render(self) -> str:
        lines = [str(p) for p in self.problems[:MAX_PROBLEMS]]
        hidden = len(self.problems) - MAX_PROBLEMS
        if hidden > 0:
            lines.append(f"... and {hidden} more problems")
        return "\n".join(lines)


@dataclass(frozen=True)
class Fault:
    """One failed attempt of the rule engine at building the decision table: its answer does
    not account for the combinations it was given (``accounting``: what did not add up, in
    ``detail``)."""

    kind: str  # "accounting"
    detail: str = ""  # which combinations got how many decisions

    def __str__(self) -> str:
        return f"its answer did not account for the facts: {self.detail}"


_FAULT_CODES = {"accounting": "engine.accounting"}


class EngineFailure(Exception):
    """baocao itself failed, not the input: durable_rules miscounted twice building the
    decision table, the second time one combination at a time in a fresh rule set. The CLI
    exits 70 (EX_SOFTWARE), never 2.

    ``code`` is ``engine.<kind>`` of the last attempt; ``records`` names example combinations
    whose decision was being computed, out of ``cases`` combinations."""

    def __init__(self, attempts: Iterable[Fault], cases: int, records: Iterable[str]) -> None:
        self.attempts = tuple(attempts)
        self.cases = cases
        self.records = tuple(records)
        self.code = _FAULT_CODES[self.attempts[-1].kind]
        tried = "; ".join(
            f"{'first attempt' if n == 0 else 'again, one at a time'}: {fault}"
            for n, fault in enumerate(self.attempts)
        )
        named = f" (e.g. {'; '.join(self.records)})" if self.records else ""
        self.message = (f"the rule engine failed twice building the decision table of {cases} "
                        f"combination{'s' if cases != 1 else ''}{named}: {tried}")
        super().__init__(self.message)

    def to_dict(self) -> dict[str, object]:
        """The JSON error shape (docs/design.md#errors-and-codes): ``{code, file, line,
        column, message}``."""
        return {"code": self.code, "file": "", "line": 0, "column": 0, "message": self.message}


@dataclass(frozen=True)
class Code:
    explanation: str
    example: str


# Every code baocao emits: errors that stop a run (exit 2), faults of one record (its
# disposition says so and the batch goes on), and the reasons results carry. A family written
# ``name.*`` covers codes made from a name (``schema.required``, ``decision.<rule>``).
CODES: Mapping[str, Code] = {
    # files and formats
    "file.missing": Code("a file or folder named on the command line or required in the "
                         "rules folder does not exist", "rules/units.yaml not found"),
    "file.unreadable": Code("the file exists but cannot be read (permissions, a folder "
                            "where a file was expected)", "cannot read file: Permission denied"),
    "file.encoding": Code("the file is not text in UTF-8, UTF-16 or Windows-1258 "
                          "Vietnamese (or is binary)", "byte 0xe0 cannot be decoded"),
    "file.format": Code("a file type baocao does not read", "unsupported file type '.txt'"),
    "file.unwritable": Code("an output file (-o/--output, --errors-out, --annotate) cannot be "
                            "written: no such folder, no permission",
                            "cannot write the file: Permission denied"),
    "file.same-as-input": Code("an output would overwrite an input (the register, a file "
                               "being checked, a file in a folder being read): refused, "
                               "nothing written", "-o so-den.xlsx is the input given with "
                               "FILE"),
    "file.same-output": Code("two outputs name the same file", "--errors-out and --annotate "
                             "name the same file"),
    "file.not-regular": Code("a named pipe, device or socket: refused without opening it "
                             "(baocao never waits on one); in a folder, listed as not read",
                             "in.csv is a named pipe (FIFO)"),
    "file.too-large": Code("a workbook past a limit no office register comes near, refused "
                           "before it is read whole: it unzips to more than 256 MB, a part "
                           "packs more than 200:1 (a zip bomb), more than 10,000 parts or "
                           "2,000,000 shared strings, rows past Excel's last row or column, "
                           "more than 10,000,000 cells or 500,000 merged ranges",
                           "the workbook unzips to 2.5 GB, more than the 256 MB baocao reads"),
    "file.old-excel": Code("an Excel 97-2003 workbook (.xls): save it as .xlsx or CSV UTF-8",
                           "register.xls cannot be read"),
    "file.stdin": Code("'-' (standard input) is a terminal or closed, so there is nothing to "
                       "read", "standard input is a terminal"),
    "file.repeated": Code("a file given twice (or in a folder and by name): read once",
                          "a.csv: already read as ./a.csv"),
    "sheet.blank-merged": Code("a date cell inside merged cells whose first cell is blank: "
                               "Excel keeps only the first cell's value of a merge",
                               "submitted_on: the cell is blank inside the merged cells "
                               "C5:C8"),
    "file.not-read": Code("a file found in a folder given cannot be read (a damaged workbook, a "
                          "file in no format baocao reads): listed as not read, the other files "
                          "are read", "hong.xlsx: not read (file.format)"),
    "file.skipped-folder": Code("a subfolder of a folder given: not read (name it to read it)",
                                "2022/ not read"),
    "file.skipped-type": Code("a file in a folder of a type baocao does not read",
                              "notes.docx not read"),
    "file.skipped-hidden": Code("a hidden file in a folder (its name starts with '.')",
                                ".DS_Store not read"),
    "file.skipped-lock": Code("Excel's lock file of an open workbook (~$name.xlsx)",
                              "~$register.xlsx not read"),
    "file.no-header": Code("a .txt file in a folder that is not a table of records",
                           "readme.txt: no header naming id, reporter, ..."),
    # tables: CSV files and the sheets of a workbook
    "sheet.title-rows": Code("rows above the header (the register's title): not records",
                             "rows 1–4 are the title"),
    "sheet.numbering-row": Code("a row numbering the columns under the header: not a record",
                                "row 6: (1) (2) (3) ..."),
    "sheet.group-header": Code("a two-row header: group labels above the header row (merged "
                               "across, or followed by empty cells), read with it",
                               "row 5: 'Văn bản đến' over 'Số đến | Ngày đến' on row 6"),
    "sheet.numbered-blank-rows": Code("rows holding only a row number (STT), numbered in "
                                      "advance: not records", "rows 58–500"),
    "sheet.section-rows": Code("rows holding one merged cell across the table (a heading "
                               "such as 'Quý I'): not records", "rows 7, 31"),
    "sheet.footer-rows": Code("rows under the last record that begin with a total ('Tổng "
                              "cộng') or a signature block ('Người lập biểu', '(Ký, ghi rõ họ "
                              "tên)', 'Tây Ninh, ngày ...'), without an id or a date: not "
                              "records", "rows 60–63"),
    "sheet.no-header": Code("a sheet of a workbook without a header naming the required "
                            "fields (when another sheet has one)", "sheet 'Danh mục'"),
    "sheet.empty": Code("an empty sheet of a workbook", "sheet 'Sheet2'"),
    "sheet.hidden": Code("the sheet read is hidden in Excel", "sheet 'Cũ' is hidden"),
    "yaml.syntax": Code("the YAML cannot be parsed", "mapping values are not allowed here"),
    "yaml.duplicate-key": Code("a key appears twice in one mapping", "duplicate key 'id'"),
    "yaml.alias": Code("anchors and aliases are refused in rule files", "&a / *a"),
    "yaml.alias-bomb": Code("aliases expand beyond the safe limit", "a billion laughs"),
    "yaml.tag": Code("an explicit YAML tag baocao does not accept", "!!python/object"),
    "json.unicode": Code("a string holds a lone surrogate escape (\\ud800): valid JSON, but "
                         "not a character", "the string holds \\ud800"),
    "json.syntax": Code("the JSON cannot be parsed", "Expecting ',' delimiter"),
    "json.duplicate-key": Code("a key appears twice in one JSON object", "duplicate key 'id'"),
    "csv.syntax": Code("the CSV cannot be parsed", "a quoted value is never closed"),
    "csv.missing-column": Code("a required column is missing from the header of a CSV "
                               "file or sheet",
                               "missing required column(s) reporter"),
    "csv.duplicate-column": Code("two columns of the header mean the same field",
                                 "columns 'ngày nhận' and 'submitted_on' both mean ..."),
    "csv.extra-cells": Code("a row has more cells than the header (one record; invalid)",
                            "row has 6 cells but the header has 5 columns"),
    "schema.*": Code("the file does not have the shape its JSON Schema (schemas/) requires; "
                     "the suffix is the schema keyword", "schema.required: missing 'id'"),
    "submissions.shape": Code("a submissions file is neither a list of records nor "
                              "{submissions: [...]}", "found a mapping without 'submissions'"),
    # the unit registry, policies, the calendar
    "units.duplicate-id": Code("two units or groups share an id", "id 'bo-tttt' is already used"),
    "units.unknown-ref": Code("a parent, successor or group member that is not registered",
                              "member 'so-x' of group 'g' is not a unit or group id"),
    "units.group-cycle": Code("groups contain each other", "a → b → a"),
    "units.successor-cycle": Code("successors lead back to where they started", "a → b → a"),
    "units.bad-date": Code("a unit's valid_from/valid_to is not a real date, or ends before "
                           "it starts", "'2025-02-30' is not a real date"),
    "policies.duplicate-id": Code("two deadline policies share an id", "policy 'cuoi-ky'"),
    "doctypes.duplicate": Code("a kind of document, an abbreviation or opening words listed "
                               "twice in doctypes.yaml", "the abbreviation 'BC' already names "
                               "another kind"),
    "calendar.bad-date": Code("a date in vn-adjustments.yaml that does not exist",
                              "'2024-02-30' is not a real date"),
    "calendar.out-of-range": Code("a due date or working day falls outside the public-holiday "
                                  "calendar baocao knows (1901–2100): it cannot be judged",
                                  "a due date needs the working days of 2101"),
    "calendar.conflict": Code("a date listed twice, or both as a day off and a working day",
                              "2024-05-04 is also listed in days_off"),
    "calendar.unrecorded-year": Code("a day off or make-up working day in vn-adjustments.yaml "
                                     "whose year recorded_years does not list",
                                     "2027-01-04 is in 2027, which recorded_years does not "
                                     "list"),
    "calendar.bad-years": Code("a recorded_years span, or a from_year/to_year pair, that ends "
                               "before it starts or leaves 1901–2100",
                               "'2025-2013' ends before it starts"),
    "calendar.overlap": Code("a year recorded by two recorded_years entries, or a package "
                             "holiday set aside twice for the same year",
                             "year 2024 already recorded by recorded_years entry 2"),
    "calendar.unknown-holiday": Code("package_holidays_not_observed names a holiday the "
                                     "holidays package does not give in its from_year",
                                     "no holiday named 'Ngày Văn Hoá Việt Nam' in 2026"),
    # directive files
    "rules.unread-file": Code("a rule file no command would read (a directive at the root of "
                              "the rules folder, or in a subfolder of directives/): refused, "
                              "never dropped", "plan.yaml at the root: move it to directives/"),
    "rules.duplicate-directive": Code("two directive files use the same id",
                                      "directive id 'ct-103' is already defined"),
    "rules.unknown-doctype": Code("a deliverable names a kind of document doctypes.yaml does "
                                  "not list", "deliverable kind 'ke-hoach' is not in "
                                  "doctypes.yaml"),
    "rules.duplicate-obligation": Code("two obligations of a directive share an id",
                                       "obligation id 'bao-cao-quy' is already used"),
    "rules.unknown-unit": Code("a reporter, recipient, via or issuer that is not in "
                               "units.yaml", "recipient 'bo-tt' is not in units.yaml"),
    "rules.unknown-kind": Code("a reporter or recipient by kind names a kind no unit of "
                               "units.yaml has", "no unit in units.yaml is of kind 'tram-thuy'"),
    "rules.unknown-area": Code("a reporter by kind names an area units.yaml does not list",
                               "area 'an-gaing' is not in units.yaml (areas)"),
    "rules.empty-selection": Code("no unit of the kind lies in the area named",
                                  "no unit of kind 'tram-thu-y' lies in 'an-giang'"),
    "rules.role-unresolved": Code("a recipient by role finds no unit for some reporters",
                                  "recipient Chi cục Thú y cùng tỉnh với đơn vị báo cáo: none "
                                  "found for 2 reporter(s)"),
    "rules.role-ambiguous": Code("a recipient by role finds several units for a reporter",
                                 "recipient … : several units for Trạm Thú y huyện Châu Phú"),
    "rules.unknown-obligation": Code("an after: names no obligation of the rule book",
                                     "after: 'tram-bao-cao' is no obligation"),
    "rules.cascade-cycle": Code("a summary that is, through after:, its own input",
                                "after: 'a' is itself a summary of 'b'"),
    "rules.unknown-policy": Code("an assumed deadline names no known policy",
                                 "unknown deadline policy 'x'"),
    "rules.deadline-outside-period": Code("a deadline that names a day that does not exist "
                                          "or lies outside its period",
                                          "day 31 does not exist in 06/2022"),
    "rules.deadline-conflict": Code("a deadline mixes stated and assumed fields",
                                    "an assumed deadline takes 'day' from its policy"),
    "rules.in-force": Code("in-force windows that end before they start or lie outside the "
                           "directive's", "obligation in force from 2021-01-01, before ..."),
    "rules.bad-date": Code("a date in a directive file that does not exist",
                           "'2022-02-30' is not a real date"),
    "rules.bad-window": Code("a task window that cannot be read or ends before it starts",
                             "window ends before it starts"),
    "rules.schedule": Code("a report listed twice in an obligation's schedule",
                           "'Q1' is listed twice in the schedule"),
    "rules.kind-mismatch": Code("fields or a frequency that do not belong to the obligation's "
                                "kind", "kind 'task' cannot have frequency 'quarterly'"),
    # decisions.yaml and the engine
    "decisions.bad-condition": Code("a decision rule tests an unknown fact field, or with the "
                                    "wrong type", "unknown fact field 'recieved'"),
    "decisions.duplicate-name": Code("two decision rules share a name", "rule name 'late'"),
    "decisions.gap": Code("a combination of fact values that can occur is decided by no "
                          "decision rule: the case is named, with the rules nearest to "
                          "deciding it (found when the rules load, before any data)",
                          "no instance decision rule decides received=true, "
                          "days_after_due<=0, before_inputs=false"),
    "decisions.overlap": Code("a combination of fact values is decided by several decision "
                              "rules (the case and the rules named; located at the later rule; "
                              "found when the rules load, before any data)",
                              "2 instance decision rules decide received=true, "
                              "-9<days_after_due<=0, before_inputs=false: on-time (line 44), "
                              "late (line 52)"),
    # internal errors (exit 70): the rule engine miscounted twice building the decision table
    "engine.accounting": Code("durable_rules' decision table does not account for the "
                              "combinations it was given (a decision missing, doubled, other "
                              "than the rule whose conditions hold, or about other facts), "
                              "again when asserted one at a time",
                              "0 decisions (none) where the conditions of on-time hold"),
    # output (exit 2): not the input's fault, but the user's to fix, and not a bug
    "output.write": Code("the output cannot be written (disk full, a failing device); a reader "
                         "that goes away (| head) is not an error", "No space left on device"),
    # command-line options
    "usage": Code("a command-line option or argument the parser refuses (exit 2)",
                  "Invalid value for '--as-of': ... there is no day 31 in 02/2023"),
    "option.directive": Code("--directive names no directive, or several", "unknown directive"),
    "option.unit": Code("--unit names no unit, or several", "ambiguous unit name 'Sở TT&TT'"),
    "option.period": Code("--period cannot be read", "expected a period like 2022-H1"),
    "option.next-meeting": Code("--next-meeting is before --as-of",
                                "--next-meeting 01/02/2023 is before --as-of 01/03/2023"),
    "option.output": Code("the format needs an output file (-o): XLSX is not text",
                          "--format xlsx writes a file: give -o brief.xlsx"),
    "option.since": Code("--since contradicts --as-of (it is later) or --period (it is after "
                         "the period's end), or --period starts after --as-of: nothing could "
                         "be shown",
                         "--since 01/06/2023 is after --as-of 01/03/2023"),
    "option.recipient": Code("--recipient names no unit, several, or a group (did you mean "
                             "...?)", "unknown unit 'Sở TT&TT Thai Nguyen'"),
    # one record of a batch (its disposition is invalid or unknown_unit; the batch goes on)
    "record.shape": Code("a record that is not a mapping of fields", "- just a string"),
    "record.bad-date": Code("a date field that cannot be read or does not exist",
                            "submitted_on: '31/02/2022'"),
    "record.sent-on": Code("the sending date is after the receipt date, or more than a year "
                           "before it: one of the two is wrong (never judged by a rule that "
                           "counts the sending date)", "sent 2022-07-20, received 2022-07-15"),
    "record.bad-period": Code("a period that cannot be read", "period: 'quý 5/2022'"),
    "record.title-period": Code("the title names a period that cannot be read, or several; "
                                "the period column must say which",
                                "title: 'Báo cáo quý I, II năm 2022'"),
    "record.period-far": Code("a period implausibly far from the receipt date (a typo?): more "
                              "than a year ahead of it or five years behind",
                              "period 2202-H1 received 2022-07-15"),
    "record.unknown-directive": Code("the directive named could be several of the rules' "
                                     "directives", "directive: '06/KH'"),
    "record.unknown-obligation": Code("the obligation named is not in the rules, or in "
                                      "several directives", "obligation: 'bao-cao-thang'"),
    "record.duplicate-id": Code("the id was already used by an earlier record",
                                "id 'S1' already used at a.csv:2"),
    "record.after-as-of": Code("received after --as-of: outside this run (disposition "
                               "received_later), never counted",
                               "received 05/03/2023, after the as-of date 01/03/2023"),
    "record.recipient-default": Code("the record names no recipient (a register of documents "
                                     "received has no such column): the unit given with "
                                     "--recipient, the office keeping the register, was "
                                     "taken", "recipient: so-tttt-thai-nguyen (--recipient)"),
    "record.too-long": Code("a cell longer than any real value (300 characters; a title "
                            "2,000; another column 32,767)", "id: 5000 characters"),
    "record.bad-text": Code("a cell holding a character that is not text (a lone surrogate, "
                            "a control character)", "reporter: holds the character U+D800"),
    "unit.unknown": Code("a reporter or recipient that is not a registered unit",
                         "unknown unit 'Sở TTTT' (did you mean ...?)"),
    "unit.ambiguous": Code("a name that fits several units (candidates listed)",
                           "'Sở TT&TT' matches 3 units"),
    "unit.group": Code("a group named where one unit was expected",
                       "'Các sở, ban, ngành' is a group"),
    "request.invalid": Code("an entry of a --requests file that cannot be used (unknown or "
                            "not ad hoc obligation, unknown unit, bad date)",
                            "obligation: 'bao-cao-quy' is a periodic obligation"),
    # reasons carried by results
    "decision.*": Code("the decision rule of rules/decisions.yaml that fired and carries a "
                       "reason; the suffix is the rule's name", "decision.wrong-recipient"),
    "match.period-inferred": Code("the record names no period; the one whose due date is "
                                  "nearest its receipt was taken", "2022-H1"),
    "match.expected-recipient": Code("the recipients the unit owes this report to",
                                     "expected recipient: Bộ TT&TT"),
    "match.already-satisfied": Code("an earlier report already counts for this instance",
                                    "already satisfied by the earlier report S1"),
    "match.inputs-missing": Code("a summary (after:) was received before some of its inputs "
                                 "were in", "received on 2023-04-06 without the report of "
                                 "Trạm Thú y Phú Tân"),
    "match.stands-for": Code("a report on a longer period stands for the one it includes: the "
                             "annual report for the second half of a half-yearly duty, the "
                             "nine-month report for the third quarter, the year for a task "
                             "that covers it", "báo cáo kỳ 2022 thay cho báo cáo kỳ 2022-H2"),
    "match.unknown-directive": Code("the report answers a directive the rules do not hold, so it "
                                    "counts for none of the unit's duties",
                                    "directive: '68-KH/TU'"),
    "match.other-subject": Code("the report is about another subject than what the unit owes "
                                "for the period (the duties it owes are listed)",
                                "owed: kh-06-bcd-tay-ninh-2022/bao-cao-6-thang-nam"),
    "match.too-early": Code("the record names a period it was received too early for: a "
                            "report is written after what it reports on (rules/README.md, "
                            "received_from); the clerk decides", "2022 received 25/04/2022, "
                            "counts from 01/11/2022"),
    "match.same-report": Code("the record names one plan; other plans demand the same report "
                              "from the same unit, to the same office, for the same period, "
                              "and it counts for them too",
                              "also kh-06-bcd-tay-ninh-2022/bao-cao-6-thang-nam"),
    "doctype.not-report": Code("the record is a document of a kind that is not a report (an "
                               "invitation, a plan, a decision, a công văn) and no duty asks "
                               "for it", "giay_moi"),
    "doctype.unread": Code("the kind of document cannot be read (no title opening with its "
                           "kind, no document number, no kind column): judged as a report",
                           "no title"),
    "unit.resolved-short": Code("a short name without its place that fits one registered unit "
                                "was taken as that unit", "'Hội LHPN tỉnh' → hoi-lhpn-tay-ninh"),
    "unit.resolved-place": Code("a name that fits several units was read in the province of the "
                                "record's recipient (the office keeping the register)",
                                "'Sở Y tế' → so-y-te-tay-ninh"),
    "subject.not-checked": Code("the report names no subject (no title or a generic one, no "
                                "directive): it was matched on unit, period and recipient only",
                                "'Báo cáo 6 tháng đầu năm 2022'"),
    "quantity.count": Code("how many items of each kind fell in the window, of how many asked "
                           "('mỗi quý 1 phóng sự')", "phong-su=1/1"),
    "unit.ceased": Code("the reporting unit ceased before the due date (successor named)",
                        "unit ceased after 28/02/2025 → Sở KH&CN"),
    # baocao rules lint: what loading accepts but a rule author should look at
    "lint.unread-file": Code("a file in the rules folder that baocao does not read (and why)",
                             "directives/x.yml: only *.yaml files are read"),
    "lint.empty-group": Code("reporters that name no unit existing while the obligation is "
                             "in force", "group 'g' has no member in force in 2022"),
    "lint.deadline-before-period-end": Code("a task due before its window ends",
                                            "due 2022-03-14, before 2022-Q1 ends"),
    "lint.deadline-before-cutoff": Code("a periodic report due before its NĐ 09/2019 data "
                                        "cut-off", "due 2022-03-09, cut-off 2022-03-14"),
    "lint.no-working-day": Code("no working day between the data cut-off (NĐ 09/2019/NĐ-CP) "
                                "and the due date", "cut-off 14/03, due 14/03"),
    "lint.overlap": Code("two obligations demand the same report from the same unit, to the "
                         "same recipient, for the same period", "06 III and 02 III, 2022-H1"),
    "lint.schedule-words": Code("the frequency yields periods the cited words do not name",
                                "quarterly, but the words say '6 tháng'"),
    "lint.citation-unquoted": Code("a citation that quotes no words of the text",
                                   "text: 'xem mục III'"),
    "lint.citation-not-in-source": Code("cited words not found in the source text",
                                        "'trước ngày 15' is not in seeds/001_...txt"),
    "lint.source-missing": Code("the directive's source text is not available, so its "
                                "citations were not checked", "seeds/001_...txt not found"),
    "lint.inferred-recipient": Code("the cited words do not name the recipient and the notes "
                                    "do not say it was inferred (suy luận)",
                                    "recipient 'bo-tttt' is not in the quoted words"),
    "lint.deadline-words": Code("a deadline's words name another day than the day encoded",
                                "words 'trước ngày 25', day: 20"),
    "lint.reading-words": Code("a deadline reading written in Vietnamese, and how it was read",
                               "reading 'chậm nhất' read as 'by'"),
    # baocao rules test, baocao explain
    "case.bad-date": Code("a date in a rule test case that cannot be read",
                          "as_of: '2023-02-30'"),
    "case.duplicate-name": Code("two cases of a test file share a name",
                                "case 'q1 on time' is already defined at line 4"),
    "case.unknown-directive": Code("a test case names a directive the rules do not have",
                                   "directive: '99/CT-X'"),
    "case.bad-instance": Code("an instance key of a test case that is not directive/obligation/"
                              "reporter/period (or obligation/reporter/period with directive:)",
                              "bao-cao-quy/2022-Q1: names no directive"),
    "case.unknown-obligation": Code("an instance key names an obligation the directive does not "
                                    "have, or an activity (did you mean ...?)",
                                    "103/CT-BTTTT has no obligation 'bao-cao-qui'"),
    "case.unknown-unit": Code("an instance key names a reporter that is not a unit id of "
                              "units.yaml (did you mean ...?)",
                              "'so-tttt-tay-nin' is not a unit id of units.yaml"),
    "case.bad-period": Code("an instance key's period cannot be read (did you mean ...?)",
                            "period '2022-Q5' cannot be read"),
    "case.period-not-owed": Code("an instance key names a period its obligation never asks a "
                                 "report for: not in its schedule, or not while it is in force "
                                 "(did you mean ...?)",
                                 "bao-cao-quy asks for no report of period '2022-05'"),
    "option.obligation": Code("--obligation names no obligation of the directive",
                              "unknown obligation 'bao-cao-thang'"),
    "option.instance": Code("the options name no expected report (instance)",
                            "no report of so-tttt-tay-ninh for 2022-Q1"),
    "option.submission": Code("--submission names no record of the files given",
                              "no record with id 'S9'"),
    # the register (baocao ingest, --db)
    "register.not-a-register": Code("the --db file is not a baocao register (another SQLite "
                                    "file, or not SQLite at all)", "file is not a database"),
    "register.newer": Code("the register was written by a newer baocao (a schema version this "
                           "one does not know)", "schema version 3; this baocao knows 1"),
    "register.busy": Code("another baocao held the register's lock for too long",
                          "the register stayed locked for 120 s"),
    "register.damaged": Code("the register's file is damaged (a malformed database, a table "
                             "gone): restore it from a copy made with 'baocao register backup'",
                             "database disk image is malformed"),
    "register.read-only": Code("the register cannot be written where it is (a read-only file, "
                               "or in a read-only folder); it can still be read", "ingest into "
                               "a register on a read-only share"),
    "register.unreachable": Code("the register's PostgreSQL server cannot be reached (down, or "
                                 "a wrong address)", "connection refused"),
    "register.denied": Code("the PostgreSQL server refused the user or the password of --db",
                            "password authentication failed for user 'van-thu'"),
    "register.connection-lost": Code("the connection to the register's server was lost while "
                                     "it was used; nothing of the batch was stored",
                                     "server closed the connection unexpectedly"),
    "register.copy-not-empty": Code("register copy: the new register named with --to exists "
                                    "already (a file) or holds batches (a database)",
                                    "--to so-den.db: this file exists already"),
    "register.backup-exists": Code("register backup: the file named for the copy exists "
                                   "(give --force to replace it) or is a folder",
                                   "so-den-backup.db exists already"),
    "register.backup-self": Code("register backup: the file named for the copy is the register "
                                 "itself (or its -wal, -shm)", "baocao register backup --db "
                                 "so-den.db so-den.db"),
    "register.unknown-id": Code("register show: no record with this id", "no record 'S9'"),
    "register.no-version": Code("register replace: no other version of the record waits for a "
                                "decision; name one with --version N", "no other version of "
                                "'S1' waits for a decision"),
    "register.unknown-version": Code("register replace --version: the record has no version of "
                                     "this number", "'S1' has no version 4; it has versions 1 "
                                     "to 2"),
    "register.already-current": Code("register replace: the version named is already the "
                                     "register's", "version 2 is already the register's"),
    "register.withdrawn": Code("register withdraw: the record is withdrawn already",
                               "'S1' is withdrawn already"),
    "register.conflict": Code("a version of a record whose id the register holds with other "
                              "content: kept aside, never counted",
                              "id 'S1' is already in the register (a.csv:2)"),
    "fix.conflict": Code("compare the versions (register history); the new one right: register "
                         "replace; neither to count: register withdraw; else correct the record "
                         "or give it another id", "baocao register replace S1"),
    # what to fix (baocao validate): the action a record's reasons call for
    "fix.recipient": Code("send it to the recipient it is owed to (or correct the recipient "
                          "typed)", "send it to Bộ TT&TT"),
    "fix.choose-unit": Code("an ambiguous name: write one of the units it fits",
                            "reporter: write one of so-tttt-tay-ninh; ..."),
    "fix.did-you-mean": Code("an unknown name close to registered ones",
                             "reporter: did you mean so-tttt-tay-ninh?"),
    "fix.unknown-unit": Code("an unknown name: check it, or register the unit",
                             "reporter: check 'Sở X'"),
    "fix.one-unit": Code("a group named: name the one unit that sent the report",
                         "reporter: name one unit"),
    "fix.date": Code("correct the date", "submitted_on: written like 14/6/2022"),
    "fix.period": Code("correct the period, or leave it blank to read it from the title",
                       "quý II/2022"),
    "fix.directive": Code("correct the directive number, or leave it blank", "103/CT-BTTTT"),
    "fix.obligation": Code("correct the obligation id, or leave it blank", "bao-cao-quy"),
    "fix.id": Code("give the record an id of its own", "id already used at a.csv:2"),
    "fix.retype": Code("retype a value that is too long or not text", "title: retype"),
    "fix.as-of": Code("check the receipt date, or judge as of a later day",
                      "--as-of 2023-03-31"),
    "fix.quote": Code("quote a value holding the separator, or delete the extra cell",
                      "'Sở A, B' in quotes"),
    "fix.shape": Code("write the record as fields", "- id: ..."),
    "fix.fill": Code("fill in a required field", "fill in reporter"),
    "fix.other-directive": Code("the report names a directive the rules do not hold: nothing to "
                                "do for a report on another text, else correct the number",
                                "68-KH/TU is not in the rules"),
    "fix.subject": Code("the title is about another subject than the report owed: nothing to "
                        "do for another report, else name the directive",
                        "owed: 103/CT-BTTTT/bao-cao-quy"),
    "fix.too-early": Code("a report received before one on the period it names can count: "
                          "check the receipt date and the period; if it is the report, the "
                          "clerk decides", "2022 counts from 01/11/2022"),
    "fix.nothing-owed": Code("no obligation asks for this report: check its reporter, period and "
                             "directive", "check the period"),
}


def registered(code: str) -> bool:
    """Whether ``code`` is in CODES, itself or through its ``family.*`` entry."""
    return code in CODES or f"{code.split('.', 1)[0]}.*" in CODES
