"""A report is one report: about one period, or an answer to one request, or a review of one
span of years — end to end, with the bundled rules.

Every expected value is worked out by hand from the rule files and a calendar:
- 02-KH/BCĐ II.7 ("5 năm sơ kết, 10 năm tiến hành tổng kết"): the Ban Chỉ đạo tỉnh reviews
  to the Ban Chỉ đạo Trung ương, windows from 19/5/2021; the first sơ kết window is
  19/5/2021–18/5/2026, due on its last day (policy cuoi-ky): Monday 18/5/2026. The same clause
  asks for a yearly evaluation ("Định kỳ hằng năm đánh giá"), due 31/12 (cuoi-ky): Wednesday
  31/12/2025 for 2025.
- 06-KH/BCĐ III and 02-KH/BCĐ III: the members' half-year report, assumed due on the 20th of
  June (policy ngay-20-thang-cuoi-ky, inclusive): Monday 20/6/2022. 4324/KH-UBND V: the Sở
  Công Thương's yearly report "trước ngày 20 tháng 12": 19/12/2021 is a Sunday, so Monday
  20/12/2021; 19/12/2022 is a Monday.
- KH Sở TT&TT Thái Nguyên III.5: "định kỳ 06 tháng hoặc đột xuất" to the Sở (qua Phòng TT-BC-XB):
  the half-year report assumed due Monday 20/6/2022; the ad hoc one owed only on request.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests._cli import invoke


def _check(tmp_path: Path, records: str, as_of: str, *extra: str | Path) -> dict[str, Any]:
    subs = tmp_path / "s.yaml"
    subs.write_text(records, encoding="utf-8")
    run = invoke("check", "-s", subs, "--as-of", as_of, "--format", "json", *extra,
                 cwd=tmp_path)
    assert run.code in (0, 1), run.err
    data: dict[str, Any] = json.loads(run.out)
    return data


def _instance(data: dict[str, Any], key: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [i for i in data["instances"] if i["key"] == key]
    assert len(found) == 1, key
    return found[0]


def _verdict(data: dict[str, Any], key: str) -> tuple[Any, ...]:
    got = _instance(data, key)
    return (got["verdict"], got["due"], got["submission"] or got["days_overdue"])


def _subs(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in data["submissions"]}


def _codes(sub: dict[str, Any]) -> list[str]:
    return [r["code"] for r in sub["reasons"]]


# ---------------------------------------------------------------------------------------
# Reviews


REVIEW = "kh-02-bcd-tay-ninh-2022/so-ket-5-nam/bcd-cvd-tay-ninh/2021-05-19..2026-05-18"
YEARLY_2025 = "kh-02-bcd-tay-ninh-2022/danh-gia-hang-nam/bcd-cvd-tay-ninh/2025"
_BCD = "reporter: bcd-cvd-tay-ninh\n  recipient: bcd-cvd-tw"


def test_a_half_year_report_is_not_the_five_year_review(tmp_path: Path) -> None:
    """The reviewer's case. "Báo cáo sơ kết 6 tháng đầu năm 2025" (10/07/2025) falls in the
    review window's last year (from 17/5/2025) but is a half-year report: the Ban Chỉ đạo
    tỉnh owes the Trung ương no half-year report, so it is unmatched. The "sơ kết 5 năm" report
    of 12/05/2026 is the review, on time; naming no period, it is not also taken for the 2025
    yearly evaluation, which stays overdue: 152 days on 01/06/2026."""
    data = _check(tmp_path, f"""
- id: h1
  {_BCD}
  submitted_on: 2025-07-10
  title: "Báo cáo sơ kết 6 tháng đầu năm 2025"
- id: sk
  {_BCD}
  submitted_on: 2026-05-12
  title: "Báo cáo sơ kết 5 năm thực hiện Chỉ thị số 03-CT/TW"
""", "2026-06-01", "--unit", "bcd-cvd-tay-ninh")
    assert _verdict(data, REVIEW) == ("on_time", "2026-05-18", "sk")
    assert _verdict(data, YEARLY_2025) == ("overdue", "2025-12-31", 152)
    subs = _subs(data)
    assert (subs["h1"]["disposition"], subs["h1"]["instances"]) == ("unmatched", [])
    assert (subs["sk"]["disposition"], subs["sk"]["instances"]) == ("matched", [REVIEW])
    assert "match.period-inferred" not in _codes(subs["sk"])


def test_a_review_naming_its_years_counts_late(tmp_path: Path) -> None:
    """"giai đoạn 2021 – 2025" names the first window (from 2021, four years on): received
    02/06/2026, 15 days after 18/5/2026."""
    data = _check(tmp_path, f"""
- id: sk
  {_BCD}
  submitted_on: 2026-06-02
  title: "Báo cáo sơ kết việc thực hiện Chỉ thị 03-CT/TW giai đoạn 2021 – 2025"
""", "2026-06-10", "--unit", "bcd-cvd-tay-ninh")
    got = _instance(data, REVIEW)
    assert (got["verdict"], got["days_late"], got["submission"]) == ("late", 15, "sk")


# ---------------------------------------------------------------------------------------
# One period


SCT = "so-cong-thuong-tay-ninh"
H1 = [f"kh-02-bcd-tay-ninh-2022/bao-cao-6-thang-nam/{SCT}/2022-H1",
      f"kh-06-bcd-tay-ninh-2022/bao-cao-6-thang-nam/{SCT}/2022-H1"]


def test_an_undated_report_counts_for_one_period(tmp_path: Path) -> None:
    """The reviewer's case. The Sở Công Thương's campaign report reaches the Ủy ban MTTQ tỉnh
    (the committee's via for 06, 02 and 4324) on 15/06/2022 naming no period. Due dates: the
    H1 report of 06 and 02 on 20/6/2022 (5 days on), 4324's 2021 report on 20/12/2021 (177
    days back) and 2022 report on 19/12/2022 (187 days on). It is the H1 report — of both
    plans, which ask for the same report — and not also 4324's 2021 report, which stays
    overdue: 193 days on 01/07/2022."""
    data = _check(tmp_path, """
- id: u1
  reporter: Sở Công Thương tỉnh Tây Ninh
  recipient: UBMTTQ tỉnh Tây Ninh
  submitted_on: 15/06/2022
  title: "Báo cáo kết quả thực hiện Cuộc vận động"
""", "2022-07-01", "--unit", SCT)
    for key in H1:
        assert _verdict(data, key) == ("on_time", "2022-06-20", "u1")
    key = f"kh-4324-ubnd-tay-ninh-2021/bao-cao-bcd-tinh/{SCT}/2021"
    assert _verdict(data, key) == ("overdue", "2021-12-20", 193)
    (u1,) = data["submissions"]
    assert (u1["disposition"], sorted(u1["instances"])) == ("matched", H1)
    (inferred,) = [r for r in u1["reasons"] if r["code"] == "match.period-inferred"]
    assert inferred["params"] == {"periods": ["2022-H1"]}


# ---------------------------------------------------------------------------------------
# Requests


def _tn(key: str, unit: str) -> str:
    period = "2022-06-01..2022-06-15#r1" if key == "bao-cao-dot-xuat" else "2022-H1"
    return f"kh-stttt-thai-nguyen-2022/{key}/{unit}-thai-nguyen/{period}"


def test_a_request_is_answered_only_by_a_report_that_names_it(tmp_path: Path) -> None:
    """Request r1 (letter 123/STTTT-TTBCXB) of 01/06/2022 asks every unit of the plan to report
    by Wednesday 15/06/2022. On 01/07/2022:
    - the Sở Công Thương's report of 14/06 names neither a period nor the request: it is its
      half-year report (due 20/6, 6 days on), on time; the request stays overdue, 16 days;
    - the Sở Y tế's "Báo cáo đột xuất" of 14/06 answers the request, on time, and is not its
      half-year report (overdue 11 days);
    - the Sở Tài chính's report of 16/06 cites the letter in its title: the answer, 1 day late;
    - the Sở Nội vụ's of 14/06 gives the letter as its directive: the answer, on time — the
      letter is not a text the rules lack."""
    requests = tmp_path / "yeu-cau.csv"
    requests.write_text(
        "id,directive,obligation,reporter,requested_on,due,number\n"
        "r1,kh-stttt-thai-nguyen-2022,bao-cao-dot-xuat,don-vi-kh-tuyen-truyen-thai-nguyen,"
        "1/6/2022,15/6/2022,123/STTTT-TTBCXB\n", encoding="utf-8")
    to = "recipient: so-tttt-thai-nguyen"
    data = _check(tmp_path, f"""
- id: a1
  reporter: so-cong-thuong-thai-nguyen
  {to}
  submitted_on: 14/06/2022
  title: "Báo cáo kết quả thực hiện Kế hoạch tuyên truyền Cuộc vận động"
- id: a2
  reporter: so-y-te-thai-nguyen
  {to}
  submitted_on: 14/06/2022
  title: "Báo cáo đột xuất tình hình thực hiện Kế hoạch tuyên truyền Cuộc vận động"
- id: a3
  reporter: so-tai-chinh-thai-nguyen
  {to}
  submitted_on: 16/06/2022
  title: "Báo cáo theo Công văn số 123/STTTT-TTBCXB"
- id: a4
  reporter: so-noi-vu-thai-nguyen
  {to}
  submitted_on: 14/06/2022
  directive: 123/STTTT-TTBCXB
  title: "Báo cáo tình hình thực hiện"
""", "2022-07-01", "--requests", requests)
    assert _verdict(data, _tn("bao-cao-6-thang", "so-cong-thuong")) == (
        "on_time", "2022-06-20", "a1")
    assert _verdict(data, _tn("bao-cao-dot-xuat", "so-cong-thuong")) == (
        "overdue", "2022-06-15", 16)
    for unit, sid in (("so-y-te", "a2"), ("so-noi-vu", "a4")):
        assert _verdict(data, _tn("bao-cao-dot-xuat", unit)) == ("on_time", "2022-06-15", sid)
        assert _verdict(data, _tn("bao-cao-6-thang", unit)) == ("overdue", "2022-06-20", 11)
    got = _instance(data, _tn("bao-cao-dot-xuat", "so-tai-chinh"))
    assert (got["verdict"], got["days_late"], got["submission"]) == ("late", 1, "a3")
    subs = _subs(data)
    assert {k: (v["disposition"], len(v["instances"])) for k, v in subs.items()} == {
        "a1": ("matched", 1), "a2": ("matched", 1), "a3": ("matched", 1), "a4": ("matched", 1)}
    assert "match.unknown-directive" not in _codes(subs["a4"])


def test_a_unit_owing_no_periodic_report_answers_the_request_by_date(tmp_path: Path) -> None:
    """4324/KH-UBND V: the district UBND owe only the ad hoc "kịp thời báo cáo" (to the UBND
    tỉnh). Asked on 01/08/2022 to report by Monday 15/08/2022, the UBND huyện Gò Dầu's report
    of 12/08 names no request, but it can be no periodic report: it is the answer, on time."""
    requests = tmp_path / "yeu-cau.yaml"
    requests.write_text("- {id: r2, directive: 4324/KH-UBND, obligation: bao-cao-kip-thoi, "
                        "reporter: UBND huyện Gò Dầu, requested_on: 1/8/2022, "
                        "due: 15/8/2022}\n", encoding="utf-8")
    data = _check(tmp_path, """
- id: g1
  reporter: UBND huyện Gò Dầu
  recipient: UBND tỉnh Tây Ninh
  submitted_on: 12/08/2022
  title: "Báo cáo kết quả thực hiện Kế hoạch 4324/KH-UBND"
""", "2022-09-01", "--requests", requests)
    key = ("kh-4324-ubnd-tay-ninh-2021/bao-cao-kip-thoi/ubnd-huyen-go-dau/"
           "2022-08-01..2022-08-15#r2")
    assert _verdict(data, key) == ("on_time", "2022-08-15", "g1")
