"""End to end: what a report is about, the shapes of obligations, units that change.

Every expected date and verdict below was worked out by hand from the rule text and a 2024
calendar (checked against Decision 1579/QĐ-TTg's Tết 2024: Thu 8/2 to Wed 14/2 off; 29/4/2024
off in exchange for the make-up working Saturday 4/5/2024), not copied from output.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests._cli import invoke
from tests._gen import directive_doc, dump, write_rules

UNITS: list[dict[str, Any]] = [
    {"id": "ubnd-x", "name": "Ủy ban nhân dân tỉnh X", "kind": "ubnd"},
    {"id": "so-ct-x", "name": "Sở Công Thương tỉnh X", "kind": "so"},
    {"id": "so-nv-x", "name": "Sở Nội vụ tỉnh X", "kind": "so"},
    {"id": "dai-x", "name": "Đài Phát thanh - Truyền hình tỉnh X", "kind": "bao-chi"},
]
CAMPAIGN = {"phrases": ["ưu tiên dùng hàng Việt Nam"]}


def _ob(oid: str, **fields: Any) -> dict[str, Any]:
    ob: dict[str, Any] = {"id": oid, "summary": f"Báo cáo {oid}", "kind": "periodic",
                          "reporters": ["so-ct-x"], "recipient": "ubnd-x"}
    ob.update(fields)
    ob["citation"] = {"section": "1", "text": f"Báo cáo {oid}"}
    return ob


def _rules(tmp: Path, obligations: list[dict[str, Any]]) -> Path:
    doc = directive_doc("kh-1", "ubnd-x", date(2024, 1, 1), date(2024, 12, 31), obligations)
    doc["directive"]["subject"] = CAMPAIGN
    return write_rules(tmp / "rules", UNITS, [], [doc])


def _check(tmp: Path, rules: Path, records: list[dict[str, Any]], as_of: str,
           *extra: str) -> dict[str, Any]:
    subs = tmp / "s.yaml"
    subs.write_text(dump(records), encoding="utf-8")
    run = invoke("check", "--rules", rules, "-s", subs, "--as-of", as_of, "--since",
                 "2024-01-01", "--format", "json", *extra, cwd=tmp)
    assert run.code in (0, 1), run.err
    data: dict[str, Any] = json.loads(run.out)
    return data


def _by_key(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["key"].split("/", 1)[1]: i for i in data["instances"]}


def _disp(data: dict[str, Any]) -> dict[str, str]:
    return {s["id"]: s["disposition"] for s in data["submissions"]}


# ---------------------------------------------------------------------------------------
# Subjects


YEARLY = _ob("nam", frequency="annual",
             deadline={"basis": "stated", "day": 20, "month": 12, "reading": "before",
                       "words": "trước ngày 20 tháng 12 hằng năm"})


def test_a_report_on_another_subject_to_the_right_recipient(tmp_path: Path) -> None:
    """Due "trước ngày 20 tháng 12": Thursday 19/12/2024. The socio-economic report reaches the
    UBND on 15/12 and is about something else; the campaign report of 16/12 counts, on time,
    and is not a duplicate."""
    rules = _rules(tmp_path, [YEARLY])
    data = _check(tmp_path, rules, [
        {"id": "ktxh", "reporter": "so-ct-x", "recipient": "ubnd-x", "submitted_on": "15/12/2024",
         "title": "Báo cáo tình hình kinh tế - xã hội năm 2024"},
        {"id": "cvd", "reporter": "so-ct-x", "recipient": "ubnd-x", "submitted_on": "16/12/2024",
         "title": "Báo cáo kết quả thực hiện Cuộc vận động Người Việt Nam ưu tiên dùng hàng Việt "
                  "Nam năm 2024"},
    ], "2025-01-10")
    assert _disp(data) == {"ktxh": "unmatched", "cvd": "matched"}
    got = _by_key(data)["nam/so-ct-x/2024"]
    assert (got["verdict"], got["due"], got["submission"]) == ("on_time", "2024-12-19", "cvd")
    ktxh = next(s for s in data["submissions"] if s["id"] == "ktxh")
    assert [r["code"] for r in ktxh["reasons"]] == ["decision.other-subject",
                                                     "match.other-subject"]


def test_another_subject_to_another_office_is_not_misrouted(tmp_path: Path) -> None:
    """An administrative-reform report to the Sở Nội vụ is about something else: unmatched,
    and its reason names no recipient of an unrelated obligation."""
    rules = _rules(tmp_path, [YEARLY])
    data = _check(tmp_path, rules, [
        {"id": "cchc", "reporter": "so-ct-x", "recipient": "so-nv-x", "submitted_on": "10/12/2024",
         "title": "Báo cáo công tác cải cách hành chính năm 2024"},
    ], "2025-01-10")
    (sub,) = data["submissions"]
    assert sub["disposition"] == "unmatched"
    assert "ubnd-x" not in json.dumps(sub["reasons"])
    assert _by_key(data)["nam/so-ct-x/2024"]["verdict"] == "overdue"


def test_a_report_that_names_no_subject_is_matched_and_says_so(tmp_path: Path) -> None:
    rules = _rules(tmp_path, [YEARLY])
    data = _check(tmp_path, rules, [
        {"id": "bc", "reporter": "so-ct-x", "recipient": "ubnd-x", "submitted_on": "18/12/2024",
         "period": "2024"},
    ], "2025-01-10")
    (sub,) = data["submissions"]
    assert sub["disposition"] == "matched"
    assert "subject.not-checked" in [r["code"] for r in sub["reasons"]]


# ---------------------------------------------------------------------------------------
# Schedules and periods


def test_the_four_reports_of_nd09_over_a_year_and_a_nine_month_report(tmp_path: Path) -> None:
    """"hàng quý, 6 tháng, 9 tháng và năm", each "chậm nhất ngày 20 của tháng cuối kỳ": Wed
    20/3, Thu 20/6, Fri 20/9, Fri 20/12/2024. The "9 tháng đầu năm 2024" report (18/9) is the
    9M report, on time — and neither the half-year's nor anything else's."""
    nd09 = _ob("nd09", schedule=["Q1", "H1", "9M", "Y"],
               deadline={"basis": "stated", "day": 20, "month": "last", "reading": "by",
                         "words": "chậm nhất ngày 20 của tháng cuối kỳ"})
    rules = _rules(tmp_path, [nd09])
    data = _check(tmp_path, rules, [
        {"id": "q1", "reporter": "so-ct-x", "recipient": "ubnd-x", "submitted_on": "19/3/2024",
         "title": "Báo cáo kết quả thực hiện ưu tiên dùng hàng Việt Nam quý I/2024"},
        {"id": "9m", "reporter": "so-ct-x", "recipient": "ubnd-x", "submitted_on": "18/9/2024",
         "title": "Báo cáo kết quả thực hiện ưu tiên dùng hàng Việt Nam 9 tháng đầu năm 2024"},
    ], "2025-01-10")
    got = {k: (v["verdict"], v["due"]) for k, v in _by_key(data).items()}
    assert got == {
        "nd09/so-ct-x/2024-Q1": ("on_time", "2024-03-20"),
        "nd09/so-ct-x/2024-H1": ("overdue", "2024-06-20"),
        "nd09/so-ct-x/2024-9M": ("on_time", "2024-09-20"),
        "nd09/so-ct-x/2024": ("overdue", "2024-12-20"),
    }
    assert _disp(data) == {"q1": "matched", "9m": "matched"}


@pytest.mark.parametrize(
    ("deadline", "month", "due", "skipped"),
    [
        # "trước ngày 7 của tháng sau", March 2024: 6/4 is a Saturday -> Monday 8/4
        ({"day": 7, "reading": "before"}, "2024-03", "2024-04-08",
         [["2024-04-06", None], ["2024-04-07", None]]),
        # "trước ngày 10 của tháng sau", January 2024: 9/2 is Giao thừa; Tết to Wed 14/2
        ({"day": 10, "reading": "before"}, "2024-01", "2024-02-15",
         [["2024-02-09", "Giao thừa Tết Nguyên Đán"], ["2024-02-10", "Tết Nguyên Đán"],
          ["2024-02-11", "Mùng hai Tết Nguyên Đán"], ["2024-02-12", "Mùng ba Tết Nguyên Đán"],
          ["2024-02-13", "Mùng bốn Tết Nguyên Đán"], ["2024-02-14", "Mùng năm Tết Nguyên Đán"]]),
        # "chậm nhất ngày 4 của tháng sau", April 2024: Saturday 4/5 is a make-up working day
        ({"day": 4, "reading": "by"}, "2024-04", "2024-05-04", []),
        # "chậm nhất ngày 5 của tháng sau", May 2024: Wednesday 5/6, nothing to roll
        ({"day": 5, "reading": "by"}, "2024-05", "2024-06-05", []),
    ],
)
def test_monthly_deadlines_in_the_month_after(
    tmp_path: Path, deadline: dict[str, Any], month: str, due: str, skipped: list[Any]
) -> None:
    monthly = _ob("thang", frequency="monthly",
                  deadline={"basis": "stated", "month": "next", "words": "của tháng sau",
                            **deadline})
    data = _check(tmp_path, _rules(tmp_path, [monthly]), [], "2024-12-31")
    got = _by_key(data)[f"thang/so-ct-x/{month}"]
    assert got["due"] == due
    assert [[d["day"], d["holiday"]] for d in got["due_skipped"]] == skipped


# ---------------------------------------------------------------------------------------
# Quantities and requests


def test_a_quantity_met_and_unmet(tmp_path: Path) -> None:
    """"mỗi quý 1 phóng sự", due at the quarter's end (policy cuoi-ky): Q1 ends Sunday 31/3
    -> Monday 1/4/2024; Q2 ends Sunday 30/6 -> Monday 1/7/2024. One phóng sự in Q1 (10/2)
    meets Q1; Q2 has a "Tin" only, which is not a phóng sự."""
    qty = _ob("phong-su", kind="quantity", reporters=["dai-x"], frequency="quarterly",
              quantities=[{"count": 1, "of": "phong-su", "per": "quarterly",
                           "words": ["phóng sự"]}],
              deadline={"basis": "assumed", "policy": "cuoi-ky"})
    data = _check(tmp_path, _rules(tmp_path, [qty]), [
        {"id": "p1", "reporter": "dai-x", "recipient": "ubnd-x", "submitted_on": "10/2/2024",
         "title": "Phóng sự: Người dân ưu tiên dùng hàng Việt Nam"},
        {"id": "t1", "reporter": "dai-x", "recipient": "ubnd-x", "submitted_on": "10/5/2024",
         "title": "Tin: Hội chợ ưu tiên dùng hàng Việt Nam"},
    ], "2024-07-15")
    got = _by_key(data)
    q1, q2 = got["phong-su/dai-x/2024-Q1"], got["phong-su/dai-x/2024-Q2"]
    assert (q1["verdict"], q1["due"], q1["submission"]) == ("on_time", "2024-04-01", "p1")
    assert (q2["verdict"], q2["due"]) == ("overdue", "2024-07-01")
    counts = {i: next(r["params"]["counts"] for r in v["reasons"] if r["code"] == "quantity.count")
              for i, v in (("q1", q1),)}
    assert counts == {"q1": ["phong-su=1/1"]}
    assert _disp(data) == {"p1": "matched", "t1": "unmatched"}


def test_an_ad_hoc_report_is_owed_only_when_requested(tmp_path: Path) -> None:
    """Requested 1/8/2024 to report by Thursday 15/8: received 14/8, on time. A second request
    (due Friday 20/9) got nothing: overdue on 1/10. Without requests nothing is owed."""
    adhoc = _ob("dot-xuat", kind="ad_hoc", frequency="ad_hoc")
    rules = _rules(tmp_path, [adhoc])
    requests = tmp_path / "yeu-cau.csv"
    requests.write_text(
        "id,directive,obligation,reporter,requested_on,due\n"
        "r1,kh-1,dot-xuat,Sở Công Thương tỉnh X,1/8/2024,15/8/2024\n"
        "r2,kh-1,dot-xuat,so-ct-x,9/9/2024,20/9/2024\n", encoding="utf-8")
    record = {"id": "a1", "reporter": "so-ct-x", "recipient": "ubnd-x",
              "submitted_on": "14/8/2024",
              "title": "Báo cáo đột xuất về việc ưu tiên dùng hàng Việt Nam"}
    data = _check(tmp_path, rules, [record], "2024-10-01", "--requests", requests)
    got = _by_key(data)
    first = got["dot-xuat/so-ct-x/2024-08-01..2024-08-15#r1"]
    second = got["dot-xuat/so-ct-x/2024-09-09..2024-09-20#r2"]
    assert (first["verdict"], first["due"], first["submission"]) == ("on_time", "2024-08-15",
                                                                      "a1")
    assert (second["verdict"], second["due"], second["days_overdue"]) == ("overdue",
                                                                           "2024-09-20", 11)
    none = _check(tmp_path, rules, [record], "2024-10-01")
    assert none["instances"] == []
    assert none["awaiting_request"] == ["kh-1/dot-xuat"]


def test_a_request_for_a_periodic_duty_is_refused(tmp_path: Path) -> None:
    rules = _rules(tmp_path, [YEARLY])
    requests = tmp_path / "yeu-cau.yaml"
    requests.write_text("- {id: r1, directive: kh-1, obligation: nam, reporter: so-ct-x, "
                        "requested_on: 1/8/2024, due: 15/8/2024}\n", encoding="utf-8")
    run = invoke("check", "--rules", rules, "--requests", requests, "--as-of", "2024-10-01",
                 "--lang", "en", cwd=tmp_path)
    assert run.code == 2
    assert "request.invalid: obligation: 'nam' is a periodic obligation" in run.flat_err
