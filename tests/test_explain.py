"""`baocao explain`: a rolled-over deadline, step by step, against steps worked out by hand.

06-KH/BCĐ II.1, first bullet, "(tháng 4/2022)": a task due on the last day of April 2022.
By hand: 30/4/2022 is a Saturday and Ngày Chiến thắng; 1/5 is a Sunday and Ngày Quốc tế Lao
động; 2/5 and 3/5 (Mon, Tue) are their observed days off; Wednesday 4/5/2022 is the due date.
The Sở Công Thương's plan (mttq-11) arrived on 5/5/2022: one day late.

103/CT-BTTTT III.3, the Vụ TĐKT's compiled report for 2022-Q4 (no date in the text, policy
cuoi-ky): 31/12/2022 is a Saturday, 1/1/2023 a Sunday (Tết Dương lịch), 2/1/2023 its observed
day off; due Tuesday 3/1/2023, and btttt-10 arrived that day.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests._cli import invoke

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"
TASK = ["explain", "--directive", "06-KH/BCĐ", "--obligation", "xay-dung-ke-hoach-nganh",
        "--unit", "Sở Công Thương tỉnh Tây Ninh", "--period", "tháng 4/2022", "-s", EXAMPLES,
        "--as-of", "2023-03-01"]


def test_rolled_over_deadline_step_by_step_json(tmp_path: Path) -> None:
    run = invoke(*TASK, "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert (data["key"], data["outcome"], data["rule"]) == (
        "kh-06-bcd-tay-ninh-2022/xay-dung-ke-hoach-nganh/so-cong-thuong-tay-ninh/2022-04",
        "late", "late")
    due = [(s["kind"], s["params"]) for s in data["steps"] if s["kind"].startswith("due.")]
    assert due == [
        ("due.stated", {"nominal": "2022-04-30", "reading": "within"}),
        ("due.reading.within", {"nominal": "2022-04-30", "last_day": "2022-04-30"}),
        ("due.skip.holiday", {"day": "2022-04-30", "weekday": 5, "holiday": "Ngày Chiến thắng"}),
        ("due.skip.holiday", {"day": "2022-05-01", "weekday": 6,
                              "holiday": "Ngày Quốc tế Lao động"}),
        ("due.skip.holiday", {"day": "2022-05-02", "weekday": 0,
                              "holiday": "Ngày Chiến thắng (nghỉ bù)"}),
        ("due.skip.holiday", {"day": "2022-05-03", "weekday": 1,
                              "holiday": "Ngày Quốc tế Lao động (nghỉ bù)"}),
        ("due.final", {"due": "2022-05-04", "basis": "stated", "rolled": True}),
    ]
    taken = [s for s in data["steps"] if s["kind"] == "submission.taken"]
    assert [t["params"]["id"] for t in taken] == ["mttq-11"]
    assert data["steps"][-1]["params"]["conditions"] == ["received = true", "days_after_due > 0",
                                                       "before_inputs = false"]


def test_rolled_over_deadline_text_in_english(tmp_path: Path) -> None:
    run = invoke(*TASK, "--lang", "en", cwd=tmp_path, columns="400")  # a step a line
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    # the report as people name it: the unit, the text and clause, the period
    assert lines[0] == ("Explanation: Tay Ninh Department of Industry and Trade — 06-KH/BCĐ "
                        "II.1, gạch đầu dòng 1 — period 2022-04 — late")
    verbose = invoke(*TASK, "--lang", "en", "--verbose", cwd=tmp_path).out.splitlines()
    assert verbose[0] == ("Explanation: kh-06-bcd-tay-ninh-2022/xay-dung-ke-hoach-nganh/"
                          "so-cong-thuong-tay-ninh/2022-04 — late")
    assert lines[3:13] == [
        " 3. Period 2022-04: from 01/04/2022 to 30/04/2022",
        " 4. Day the text states: 30/04/2022 (“(tháng 4/2022)”)",
        " 5. Within the window: due on its last day, 30/04/2022",
        " 6. 30/04/2022 (Saturday) is a day off: Ngày Chiến thắng; moved to the next working day",
        " 7. 01/05/2022 (Sunday) is a day off: Ngày Quốc tế Lao động; moved to the next working "
        "day",
        " 8. 02/05/2022 (Monday) is a day off: Ngày Chiến thắng (nghỉ bù); moved to the next "
        "working day",
        " 9. 03/05/2022 (Tuesday) is a day off: Ngày Quốc tế Lao động (nghỉ bù); moved to the "
        "next working day",
        "10. Due date: 04/05/2022",
        "11. Report mttq-11 names obligation II.1, gạch đầu dòng 1: the same subject",
        "12. Report mttq-11 received 05/05/2022: same unit, same period, right recipient, "
        "earliest — counted (date counted: 05/05/2022)",
    ]
    # The unit's reports for other periods follow, each with why it was not a candidate; its
    # H1 report under 06-KH/BCĐ (sent to the wrong office) among them: the directive filter
    # keeps the records that concern it.
    assert lines[13] == "13. Report mttq-12 received 19/12/2022: for 2022, not this period"
    assert lines[-2] == "15. Report ubnd-04 received 12/07/2022: for 2022-H1, not this period"
    assert lines[-1] == "16. Conclusion: late, 1 day late (the decision rule: add --verbose)"


def test_weekend_and_assumed_deadline_in_vietnamese(tmp_path: Path) -> None:
    run = invoke("explain", "--directive", "103/CT-BTTTT", "--obligation",
                 "tong-hop-bao-cao-bo-truong", "--unit", "vu-tdkt-btttt", "--period", "2022-Q4",
                 "-s", EXAMPLES, "--as-of", "2023-03-01", cwd=tmp_path)
    assert run.code == 0, run.err
    out = run.out.splitlines()
    assert " 4. Số liệu tính từ 15/09/2022 đến 14/12/2022 (Nghị định 09/2019/NĐ-CP, Điều 12)" in out
    assert (" 7. 31/12/2022 là thứ Bảy, ngày nghỉ hằng tuần: lùi sang ngày làm việc tiếp theo "
            "(Bộ luật Dân sự 2015, Điều 148 khoản 5)") in out
    assert " 8. 01/01/2023 (Chủ nhật) là ngày nghỉ: Tết Dương lịch; lùi sang ngày làm việc " \
           "tiếp theo" in out
    assert "10. Hạn nộp: 03/01/2023 (giả định)" in out
    assert out[0].endswith("— đúng hạn")


def test_misrouted_and_earlier_reports_are_named(tmp_path: Path) -> None:
    run = invoke("explain", "--directive", "103/CT-BTTTT", "--obligation", "bao-cao-quy",
                 "--unit", "so-tttt-thai-nguyen", "--period", "2022-Q3", "-s", EXAMPLES,
                 "--as-of", "2023-03-01", "--lang", "en", cwd=tmp_path)
    assert run.code == 0, run.err
    assert "Report btttt-09 received 13/09/2022: sent to Authority of Broadcasting" in run.out
    assert "Conclusion: overdue, 168 days overdue" in run.out


def test_submission(tmp_path: Path) -> None:
    run = invoke("explain", "--submission", "khcn-08", "-s", EXAMPLES, "--as-of", "2023-03-01",
                 "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert (data["outcome"], data["rule"]) == ("duplicate", "further-report")
    kinds = [s["kind"] for s in data["steps"]]
    assert kinds[0] == "record"
    assert "candidate.earlier" in kinds


def test_bad_options_exit_2(tmp_path: Path) -> None:
    run = invoke("explain", "--submission", "nope", "-s", EXAMPLES, "--lang", "en",
                 cwd=tmp_path)
    assert run.code == 2
    assert "--submission: option.submission: no record with id 'nope'" in run.flat_err
    run = invoke("explain", "--directive", "103/CT-BTTTT", "--obligation", "x", "--unit",
                 "so-tttt-tay-ninh", "--period", "2022-Q9", cwd=tmp_path)
    assert run.code == 2
    assert "option.obligation" in run.err
    assert "option.period" in run.err
    run = invoke("explain", "--directive", "103/CT-BTTTT", "--obligation", "bao-cao-quy",
                 "--unit", "so-tttt-tay-ninh", "--period", "2021-Q1", "--as-of", "2022-06-01",
                 "--format", "json", cwd=tmp_path)
    assert run.code == 2
    (error,) = json.loads(run.out)["errors"]
    assert error["code"] == "option.instance"
    assert "periods owed: 2022-Q1, 2022-Q2" in error["message"]
    run = invoke("explain", "--directive", "103/CT-BTTTT", cwd=tmp_path)
    assert run.code == 2
    assert "còn thiếu: --obligation, --unit, --period" in run.flat_err  # Vietnamese by default
