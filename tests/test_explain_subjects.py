"""`baocao explain`: what each report considered was about, reports received after the as-of
date, and quantities — against expectations worked out by hand.

4324/KH-UBND V: the Sở Công Thương Tây Ninh reports to the UBND tỉnh "trước ngày 20 tháng 12
hàng năm". For 2022 the last on-time day is 19/12/2022, a Monday: no roll-over. As of
20/12/2022 its reports for 2022, all sent to the UBND tỉnh, in file order:

- td-kt (05/12) "Báo cáo công tác thi đua, khen thưởng …": the title names the subject of
  103/CT-BTTTT's reports, not the campaign → another subject, not counted (nor misrouted);
- chung (10/12) "Báo cáo năm 2022": names no subject → not checked, matched on unit, period and
  recipient; the earliest on the subject → counted, on time (10/12 ≤ 19/12);
- cchc (12/12) answers 99/KH-UBND, which the rules do not hold → another subject;
- cvd (15/12): its title names the campaign → same subject; chung came first;
- theo-kh (16/12) names 4324/KH-UBND → same subject; chung came first;
- muon (28/12): received after the as-of date → outside this check.

06-KH/BCĐ II.3.4: Báo Tây Ninh, at least 3 "tin" and 1 "bài" each quarter, to the standing
office (via the Ủy ban MTTQ tỉnh); no date in the text: policy cuoi-ky, 30/09/2022 for 2022-Q3
(a Friday). Items of 2022-Q3: tin-1 (05/07), tin-sai-noi (15/07, sent to the UBND tỉnh: not
counted), tin-thi-dua (01/08, about emulation: another subject), tin-2 (10/08), bai-1 (20/08),
tin-3 (02/09: the third "tin" with a "bài" already in — it makes up the number, on time),
tin-4 (20/09, counted too). Counts: tin 4 of 3, bài 1 of 1.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from cli import i18n
from tests._cli import invoke

ROOT = Path(__file__).resolve().parent.parent

_SCT = ("reporter: Sở Công Thương tỉnh Tây Ninh\n  recipient: UBND tỉnh Tây Ninh\n"
        "  period: năm 2022")
REPORTS = f"""
- id: td-kt
  {_SCT}
  submitted_on: 2022-12-05
  title: Báo cáo công tác thi đua, khen thưởng năm 2022
- id: chung
  {_SCT}
  submitted_on: 2022-12-10
  title: Báo cáo năm 2022
- id: cchc
  {_SCT}
  submitted_on: 2022-12-12
  directive: 99/KH-UBND
  title: Báo cáo kết quả thực hiện Kế hoạch số 99/KH-UBND năm 2022
- id: cvd
  {_SCT}
  submitted_on: 2022-12-15
  title: Báo cáo kết quả thực hiện Cuộc vận động Người Việt Nam ưu tiên dùng hàng Việt Nam năm 2022
- id: theo-kh
  {_SCT}
  submitted_on: 2022-12-16
  directive: 4324/KH-UBND
  title: Báo cáo năm 2022
- id: muon
  {_SCT}
  submitted_on: 2022-12-28
  title: Báo cáo kết quả thực hiện Cuộc vận động năm 2022
"""

_BTN = "reporter: Báo Tây Ninh\n  period: quý III/2022"
_MTTQ = "recipient: Ủy ban MTTQ Việt Nam tỉnh Tây Ninh"
ITEMS = f"""
- id: tin-1
  {_BTN}
  {_MTTQ}
  submitted_on: 2022-07-05
  title: "Tin: Báo Tây Ninh hưởng ứng Cuộc vận động Người Việt Nam ưu tiên dùng hàng Việt Nam"
- id: tin-sai-noi
  {_BTN}
  recipient: UBND tỉnh Tây Ninh
  submitted_on: 2022-07-15
  title: "Tin: Người tiêu dùng ưu tiên dùng hàng Việt Nam"
- id: tin-thi-dua
  {_BTN}
  {_MTTQ}
  submitted_on: 2022-08-01
  title: "Tin: Phong trào thi đua yêu nước của ngành giáo dục"
- id: tin-2
  {_BTN}
  {_MTTQ}
  submitted_on: 2022-08-10
  title: "Tin: Người tiêu dùng ưu tiên dùng hàng Việt Nam"
- id: bai-1
  {_BTN}
  {_MTTQ}
  submitted_on: 2022-08-20
  title: "Bài viết: Người Việt Nam ưu tiên dùng hàng Việt Nam trong tình hình mới"
- id: tin-3
  {_BTN}
  {_MTTQ}
  submitted_on: 2022-09-02
  title: "Tin: Doanh nghiệp Tây Ninh ưu tiên dùng hàng Việt"
- id: tin-4
  {_BTN}
  {_MTTQ}
  submitted_on: 2022-09-20
  title: "Tin: Ưu tiên dùng hàng Việt Nam dịp Trung thu"
"""
AS_OF = "2022-12-20"
CAMPAIGN = "Người Việt Nam ưu tiên dùng hàng Việt Nam"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "reports.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _json(tmp_path: Path, *args: str | Path) -> dict[str, Any]:
    run = invoke("explain", *args, "--as-of", AS_OF, "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.err
    data: dict[str, Any] = json.loads(run.out)
    return data


def _considered(data: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(s["kind"], s["params"].get("id")) for s in data["steps"]
            if s["kind"].startswith(("subject.", "submission."))]


def test_instance_says_what_each_report_was_about(tmp_path: Path) -> None:
    reports = _write(tmp_path, REPORTS)
    data = _json(tmp_path, "--directive", "4324/KH-UBND", "--obligation", "bao-cao-ubnd-tinh",
                 "--unit", "Sở Công Thương tỉnh Tây Ninh", "--period", "2022", "-s", reports)
    assert (data["outcome"], data["rule"]) == ("on_time", "on-time")
    due = [s["params"] for s in data["steps"] if s["kind"] == "due.final"]
    assert due == [{"due": "2022-12-19", "basis": "stated", "rolled": False}]
    assert _considered(data) == [
        ("subject.other.title", "td-kt"),
        ("subject.unchecked.title", "chung"),
        ("submission.taken", "chung"),
        ("subject.other.directive", "cchc"),
        ("subject.same.title", "cvd"),
        ("submission.earlier", "cvd"),
        ("subject.same.directive", "theo-kh"),
        ("submission.earlier", "theo-kh"),
        ("submission.received-later", "muon"),
    ]
    params = {(s["kind"], s["params"].get("id")): s["params"] for s in data["steps"]}
    assert params[("subject.other.title", "td-kt")]["subject"] == CAMPAIGN
    assert params[("subject.other.directive", "cchc")]["directive"] == "99/KH-UBND"
    assert params[("subject.same.directive", "theo-kh")]["directive"] == "4324/KH-UBND"
    assert params[("submission.taken", "chung")]["counted"] == "2022-12-10"
    assert params[("submission.earlier", "cvd")]["by"] == "chung"
    assert params[("submission.received-later", "muon")] == {
        "id": "muon", "received": "2022-12-28", "as_of": "2022-12-20"}


def test_instance_subject_steps_in_both_languages(tmp_path: Path) -> None:
    reports = _write(tmp_path, REPORTS)
    args = ("explain", "--directive", "4324/KH-UBND", "--obligation", "bao-cao-ubnd-tinh",
            "--unit", "so-cong-thuong-tay-ninh", "--period", "năm 2022", "-s", reports,
            "--as-of", AS_OF)
    vi = invoke(*args, cwd=tmp_path)
    assert vi.code == 0, vi.err
    assert (" 8. Báo cáo td-kt: trích yếu “Báo cáo công tác thi đua, khen thưởng năm 2022” nói về "
            f"nội dung khác, không phải “{CAMPAIGN}” — không tính, cũng không coi là gửi sai "
            "nơi") in vi.out.splitlines()
    assert ("16. Báo cáo muon nhận ngày 28/12/2022, sau ngày đối chiếu 20/12/2022: không xét "
            "trong lần kiểm tra này") in vi.out.splitlines()
    en = invoke(*args, "--lang", "en", cwd=tmp_path)
    assert en.code == 0, en.err
    lines = en.out.splitlines()
    assert (" 9. Report chung: its title “Báo cáo năm 2022” names no subject and no directive — "
            "the subject could not be checked; matched on unit, period and recipient only") in lines
    assert "14. Report theo-kh names directive 4324/KH-UBND: the obligation's subject" in lines
    assert lines[-1] == "17. Conclusion: on time (the decision rule: add --verbose)"
    trace = invoke(*args, "--lang", "en", "--verbose", cwd=tmp_path).out.splitlines()
    assert trace[-1] == ("17. Decision rule that fired: on-time (received = true, "
                         "days_after_due ≤ 0, before_inputs = false) → on time")


def test_submission_on_another_subject(tmp_path: Path) -> None:
    """td-kt: one subject step for its five candidates (all on the campaign), then each
    candidate not counted; unmatched by the rule other-subject."""
    reports = _write(tmp_path, REPORTS)
    data = _json(tmp_path, "--submission", "td-kt", "-s", reports)
    assert (data["outcome"], data["rule"]) == ("unmatched", "other-subject")
    kinds = [s["kind"] for s in data["steps"]]
    assert kinds.count("subject.other.title") == 1
    others = [s["params"]["instance"] for s in data["steps"]
              if s["kind"] == "candidate.other-subject"]
    assert others == [
        "kh-02-bcd-tay-ninh-2022/bao-cao-6-thang-nam/so-cong-thuong-tay-ninh/2022",
        "kh-06-bcd-tay-ninh-2022/bao-cao-6-thang-nam/so-cong-thuong-tay-ninh/2022",
        "kh-06-bcd-tay-ninh-2022/bao-cao-tong-ket-2022/so-cong-thuong-tay-ninh/2022-12",
        "kh-4324-ubnd-tay-ninh-2021/bao-cao-ubnd-tinh/so-cong-thuong-tay-ninh/2022",
        "kh-4324-ubnd-tay-ninh-2021/bao-cao-bcd-tinh/so-cong-thuong-tay-ninh/2022",
    ]
    assert "candidate.wrong-recipient" not in kinds  # another subject is not misrouted


def test_submission_received_later(tmp_path: Path) -> None:
    """muon: no candidates are looked for after the as-of date; the explanation says so and
    how to count it, instead of "owes no report"."""
    reports = _write(tmp_path, REPORTS)
    data = _json(tmp_path, "--submission", "muon", "-s", reports)
    assert (data["outcome"], data["rule"]) == ("received_later", "received-later")
    assert [s["kind"] for s in data["steps"]] == [
        "record", "reason", "reason", "candidate.after-as-of", "decision"]
    assert data["steps"][3]["params"] == {"received": "2022-12-28", "as_of": "2022-12-20"}
    assert data["steps"][3]["message"] == (
        "Nhận sau ngày đối chiếu 20/12/2022: không xét trong lần kiểm tra này; chạy lại với "
        "--as-of 28/12/2022 hoặc muộn hơn để xét")


def test_quantity_items(tmp_path: Path) -> None:
    items = _write(tmp_path, ITEMS)
    data = _json(tmp_path, "--directive", "06-KH/BCĐ", "--obligation",
                 "so-tin-bai-bao-tay-ninh", "--unit", "Báo Tây Ninh", "--period", "2022-Q3",
                 "-s", items)
    assert (data["outcome"], data["rule"]) == ("on_time", "on-time")
    assert _considered(data) == [
        ("subject.same.title", "tin-1"), ("submission.item", "tin-1"),
        ("subject.same.title", "tin-sai-noi"), ("submission.wrong-recipient", "tin-sai-noi"),
        ("subject.other.title", "tin-thi-dua"),
        ("subject.same.title", "tin-2"), ("submission.item", "tin-2"),
        ("subject.same.title", "bai-1"), ("submission.item", "bai-1"),
        ("subject.same.title", "tin-3"), ("submission.item-completes", "tin-3"),
        ("subject.same.title", "tin-4"), ("submission.item", "tin-4"),
    ]
    counts = [s["params"] for s in data["steps"] if s["kind"] == "reason"]
    assert counts == [{"code": "quantity.count", "counts": ["tin=4/3", "bai=1/1"]}]
    assert [s["params"]["due"] for s in data["steps"] if s["kind"] == "due.final"] == [
        "2022-09-30"]
    item = _json(tmp_path, "--submission", "tin-4", "-s", items, "--lang", "en")
    assert [s["message"] for s in item["steps"] if s["kind"] == "candidate.item"] == [
        "kh-06-bcd-tay-ninh-2022/so-tin-bai-bao-tay-ninh/bao-tay-ninh/2022-Q3: counted as one "
        "item in the window (tin=4/3, bai=1/1)"]


def test_every_step_kind_has_words_in_both_languages() -> None:
    source = (ROOT / "engine" / "views" / "explain.py").read_text(encoding="utf-8")
    kinds = set(re.findall(r'"((?:subject|submission|candidate|record|due)(?:\.[a-z-]+)+)"',
                           source))
    kinds.discard("due.reading")  # a prefix: due.reading.<reading>
    kinds |= {"rule", "owed", "period", "cutoff", "record", "reason", "decision",
              "due.reading.before", "due.reading.by", "due.reading.within"}
    missing = sorted(k for k in kinds if k not in i18n.EXPLAIN)
    assert not missing
    assert all(vi.strip() and en.strip() for vi, en in i18n.EXPLAIN.values())


def test_submission_naming_its_obligation(tmp_path: Path) -> None:
    """A record that names the obligation it answers is on that obligation's subject whatever
    its title says; it is a candidate for that obligation only."""
    reports = _write(tmp_path, f"""
- id: theo-nghia-vu
  {_SCT}
  submitted_on: 2022-12-10
  directive: 4324/KH-UBND
  obligation: bao-cao-ubnd-tinh
  title: Báo cáo
""")
    data = _json(tmp_path, "--submission", "theo-nghia-vu", "-s", reports, "--lang", "en")
    assert data["outcome"] == "matched"
    steps = [(s["kind"], s["message"]) for s in data["steps"]
             if s["kind"].startswith(("subject.", "candidate."))]
    assert steps == [
        ("subject.same.obligation",
         "Report theo-nghia-vu names obligation bao-cao-ubnd-tinh: the same subject"),
        ("candidate.satisfies",
         "Fulfils kh-4324-ubnd-tay-ninh-2021/bao-cao-ubnd-tinh/so-cong-thuong-tay-ninh/2022"),
    ]
