"""`baocao upcoming` and `baocao calendar` (issue 9): what falls due, as a table, JSON and
iCalendar. The .ics is read back by a small RFC 5545 reader written here (unfolding, escapes,
one property per line) that shares no code with the ``icalendar`` library that wrote it."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests._cli import invoke

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"


# ---------------------------------------------------------------------------------------
# An independent reader of the iCalendar subset baocao writes


def _unfold(text: str) -> list[str]:
    """RFC 5545 §3.1: a CRLF followed by a space or tab continues the line."""
    lines: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def read_ics(text: str) -> list[dict[str, Any]]:
    """The VEVENTs, each a dict of property name → value (VALARM's under 'ALARM')."""
    events: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for line in _unfold(text):
        name_params, _, value = line.partition(":")
        name = name_params.split(";")[0].upper()
        if name == "BEGIN":
            stack.append({"_kind": value})
        elif name == "END":
            done = stack.pop()
            if value == "VEVENT":
                events.append(done)
            elif value == "VALARM" and stack:
                stack[-1]["ALARM"] = done
        elif stack:
            stack[-1][name] = _unescape(value)
    return events


def _ics_date(value: str) -> date:
    return datetime.strptime(value, "%Y%m%d").date()


# ---------------------------------------------------------------------------------------
# upcoming


def test_upcoming_lists_what_falls_due_in_the_window(tmp_path: Path) -> None:
    run = invoke("upcoming", "--days", "30", "--as-of", "2022-12-10", "-s", str(EXAMPLES),
                 "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.err
    data = json.loads(run.out)
    dues = [date.fromisoformat(i["due"]) for i in data["items"]]
    assert dues == sorted(dues)
    assert all(date(2022, 12, 10) <= d <= date(2023, 1, 9) for d in dues)
    # 103/CT III.3: the Q4 reports of its 8 units but the Vụ TĐKT (they go through it), due
    # 14/12/2022 ("trước ngày 15")
    q4 = [i for i in data["items"] if i["directive"] == "103/CT-BTTTT" and i["period"] ==
          "2022-Q4" and i["obligation"] == "bao-cao-quy"]
    assert len(q4) == 7
    assert {i["due"] for i in q4} == {"2022-12-14"}
    assert {i["due_basis"] for i in q4} == {"stated"}
    # one of them already arrived (btttt-12, 09/12/2022): it says so
    assert sorted(i["verdict"] for i in q4).count("on_time") == 1
    assumed = [i for i in data["items"] if i["due_basis"] == "assumed"]
    assert assumed
    assert all(i["due_policy"] for i in assumed)


def test_upcoming_reaches_periods_that_have_not_started(tmp_path: Path) -> None:
    """As of 21/12/2022, 200 days ahead: 20/CT's first-half report of 2023 (assumed due
    20/06/2023) is for a period that starts after the as-of date."""
    run = invoke("upcoming", "--days", "200", "--as-of", "2022-12-21", "--directive",
                 "20/CT-BTTTT", "--format", "json", cwd=tmp_path)
    items = json.loads(run.out)["items"]
    assert {(i["period"], i["due"]) for i in items} >= {("2023-H1", "2023-06-20"),
                                                         ("2022", "2023-01-03")}
    assert all(i["verdict"] == "pending" for i in items)


def test_upcoming_table_says_the_policy(tmp_path: Path) -> None:
    """The assumed deadline's footnote says the policy in words; its id is JSON's."""
    run = invoke("upcoming", "--days", "30", "--as-of", "2022-12-01", "--lang", "en",
                 cwd=tmp_path, columns="100")
    assert run.code == 0
    assert "Reports due from 01/12/2022 to 31/12/2022" in run.out
    assert "assumed *1" in run.out
    assert "*1 assumed deadline (not stated in the text): The text states no date: assumed " \
        "to be the 20th of the" in " ".join(run.out.split())
    assert "ngay-20-thang-cuoi-ky" not in run.out


# ---------------------------------------------------------------------------------------
# calendar


@pytest.fixture(scope="module")
def calendar_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("calendar")
    args = ["calendar", "--year", "2023", "--unit", "Sở TT&TT Tây Ninh"]
    table = invoke(*args, cwd=work, columns="160")
    as_json = json.loads(invoke(*args, "--format", "json", cwd=work).out)
    ics_file = work / "han.ics"
    written = invoke(*args, "--format", "ics", "-o", str(ics_file), cwd=work)
    again = invoke(*args, "--format", "ics", cwd=work)
    return {"table": table, "json": as_json, "ics": ics_file.read_text(encoding="utf-8"),
            "written": written, "again": again.out}


def test_ics_events_equal_the_tables_due_dates(calendar_runs: dict[str, Any]) -> None:
    events = read_ics(calendar_runs["ics"])
    entries = calendar_runs["json"]["entries"]
    assert len(events) == len(entries) == 6
    assert [_ics_date(e["DTSTART"]) for e in events] == [
        date.fromisoformat(x["due"]) for x in entries]
    table_dates = re.findall(r"^(\d\d/\d\d/\d{4})", calendar_runs["table"].out, re.M)
    assert table_dates == [f"{_ics_date(e['DTSTART']):%d/%m/%Y}" for e in events]
    for event in events:
        assert _ics_date(event["DTEND"]) == _ics_date(event["DTSTART"]) + timedelta(days=1)


def test_ics_alarm_description_and_uids(calendar_runs: dict[str, Any]) -> None:
    events = read_ics(calendar_runs["ics"])
    entries = calendar_runs["json"]["entries"]
    for event, entry in zip(events, entries, strict=True):
        assert event["UID"] == entry["uid"]
        # 08:00 in Vietnam (01:00 UTC) on remind_on, three working days before the due date
        assert event["ALARM"]["TRIGGER"] == (
            f"{date.fromisoformat(entry['remind_on']):%Y%m%d}T010000Z")
        assert event["ALARM"]["ACTION"] == "DISPLAY"
        assert entry["citation"]["text"] in event["DESCRIPTION"]
        basis = "giả định" if entry["due_basis"] == "assumed" else "nêu trong văn bản"
        assert basis in event["DESCRIPTION"]
        if entry["due_policy"]:  # the policy in words, not its id
            assert entry["due_policy_text"] in event["DESCRIPTION"]
            assert entry["due_policy"] not in event["DESCRIPTION"]
    # 20/06/2023 is a Tuesday: three working days before is Thursday 15/06/2023
    june = next(e for e in entries if e["due"] == "2023-06-20")
    assert june["remind_on"] == "2023-06-15"
    # stable: the same run gives the same UIDs (a re-import updates, not duplicates)
    assert [e["UID"] for e in read_ics(calendar_runs["again"])] == [e["UID"] for e in events]
    assert len({e["UID"] for e in events}) == len(events)


def test_calendar_writes_a_file_and_says_so(calendar_runs: dict[str, Any], tmp_path: Path
                                            ) -> None:
    assert calendar_runs["written"].code == 0
    assert "han.ics" in calendar_runs["written"].err
    bad = invoke("calendar", "--year", "2023", "--format", "ics", "-o",
                 str(tmp_path / "no" / "such" / "dir.ics"), cwd=tmp_path)
    assert bad.code == 2
    assert "file.unwritable" in bad.err


def test_calendar_without_unit_has_one_event_per_due_date(tmp_path: Path) -> None:
    """20/CT-BTTTT "6 tháng và năm", no date (policy ngay-20-thang-cuoi-ky): in 2023 the
    first half is due 20/06 and the year 20/12, each one event for its 7 units (the Cục
    PTTH&TTĐT, through which they go, owes none); the Ban Chỉ
    đạo's report to the Minister (policy cuoi-ky) falls on 03/01/2023 for 2022 (31/12 a
    Saturday, 1/1 a Sunday, 2/1 its observed holiday) and 30/06/2023."""
    data = json.loads(invoke("calendar", "--year", "2023", "--directive", "20/CT-BTTTT",
                             "--format", "json", cwd=tmp_path).out)
    got = [(e["obligation"], e["period"], e["due"], len(e["reporters"]))
           for e in data["entries"]]
    assert got == [
        ("bcd-bao-cao-bo-truong", "2022", "2023-01-03", 1),
        ("bao-cao-6-thang-nam", "2023-H1", "2023-06-20", 7),
        ("bcd-bao-cao-bo-truong", "2023-H1", "2023-06-30", 1),
        ("bao-cao-6-thang-nam", "2023", "2023-12-20", 7),
    ]
    h1 = data["entries"][1]
    # issued in 2013, before Nghị định 09/2019: its data are the half-year's own dates
    assert (h1["cutoff_from"], h1["cutoff_to"], h1["data_window"]) == (
        "2023-01-01", "2023-06-30", "period")


@pytest.mark.parametrize(("args", "needle"), [
    (["upcoming", "--days", "-3"], "--days"),
    (["upcoming", "--days", "many"], "--days"),
    (["calendar", "--year", "20233"], "--year"),
    (["calendar", "--format", "pdf"], "--format"),
    (["check", "--verdict", "lost"], "--verdict"),
    (["brief", "--next-meeting", "31/02/2023"], "--next-meeting"),
])
def test_bad_options_of_the_new_commands_are_usage_errors(tmp_path: Path, args: list[str],
                                                          needle: str) -> None:
    run = invoke(*args, "--lang", "en", cwd=tmp_path)
    assert run.code == 2
    assert needle in run.err
    assert run.out == ""
