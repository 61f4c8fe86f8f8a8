"""End to end: the ``baocao`` command on ``examples/submissions``.

Every expected verdict and disposition below was worked out by hand from the directive texts
(``seeds/``) and a calendar, not copied from the program's output; ``examples/README.md``
explains each case and cites its clause. The due dates, once more:

- 103/CT-BTTTT III.3 "trước ngày 15 của tháng cuối quý": the 14th is the last on-time day —
  14/3, 14/6, 14/9, 14/12/2022 (Mon, Tue, Wed, Wed: no roll-forward). The Vụ TĐKT's compiled
  report to the Minister has no date (policy ``cuoi-ky``): 31/3, 30/6, 30/9, and 31/12/2022,
  a Saturday, with 1/1/2023 a Sunday and 2/1/2023 its observed holiday → 3/1/2023.
- 20/CT-BTTTT, 06-KH/BCĐ III, 02-KH/BCĐ III, Thái Nguyên plan III.5 state no date (policy
  ``ngay-20-thang-cuoi-ky``, inclusive): 20/6/2022 (Mon), 20/12/2022 (Tue).
- Bộ KH&CN plan III.4 "trước ngày 25 tháng 12": 24/12/2022 is a Saturday → 26/12/2022 (Mon);
  in 2023 the 24th is a Sunday → 25/12/2023 (Mon).
- 4324/KH-UBND V "trước ngày 20 tháng 12": 19/12/2022 (Mon).
- 06-KH/BCĐ II.1 "(tháng 4/2022)": 30/4/2022 is a Saturday and a holiday, 1/5 a Sunday and a
  holiday, 2/5 and 3/5 their observed days → 4/5/2022 (Wed).

One ``check --format json`` run is shared by the module. The command runs in this process
(``tests._cli.invoke``: ``cli.app.main`` under Typer's CliRunner); what only a real process
shows is tested with ``tests._cli.baocao`` (test_e2e_errors, test_output, ...).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests._cli import Run, invoke

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"
RULES = ROOT / "rules"
AS_OF = date(2023, 3, 1)


def _days(later: date, earlier: str) -> int:
    return (later - date.fromisoformat(earlier)).days


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("e2e-cli")


@pytest.fixture(scope="module")
def examples_run(workdir: Path) -> Run:
    return invoke(
        "check", "--submissions", EXAMPLES, "--as-of", AS_OF.isoformat(), "--format", "json",
        cwd=workdir,
    )


@pytest.fixture(scope="module")
def result(examples_run: Run) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(examples_run.out)
    return data


@pytest.fixture(scope="module")
def instances(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {i["key"]: i for i in result["instances"]}


@pytest.fixture(scope="module")
def submissions(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in result["submissions"]}


# ---------------------------------------------------------------------------------------
# Expected results, by hand

C103 = "ct-103-btttt-2021"
C20 = "ct-20-btttt-2013"
KHCN = "kh-bcd-bkhcn-2017"
TNG = "kh-stttt-thai-nguyen-2022"
K06 = "kh-06-bcd-tay-ninh-2022"
K02 = "kh-02-bcd-tay-ninh-2022"
K4324 = "kh-4324-ubnd-tay-ninh-2021"

# key -> (verdict, due after reading and roll-forward, days late, satisfying submission)
RECEIVED: dict[str, tuple[str, str, int, str]] = {
    # 103/CT-BTTTT III.3: "trước ngày 15"
    f"{C103}/bao-cao-quy/so-tttt-tay-ninh/2022-Q1": ("on_time", "2022-03-14", 0, "btttt-01"),
    f"{C103}/bao-cao-quy/so-tttt-tay-ninh/2022-Q2": ("on_time", "2022-06-14", 0, "btttt-02"),
    f"{C103}/bao-cao-quy/so-tttt-thai-nguyen/2022-Q2": ("late", "2022-06-14", 1, "btttt-03"),
    f"{C103}/bao-cao-quy/so-tttt-tra-vinh/2022-Q2": ("on_time", "2022-06-14", 0, "btttt-04"),
    f"{C103}/bao-cao-quy/cuc-ptth-ttdt/2022-Q3": ("late", "2022-09-14", 6, "btttt-05"),
    f"{C103}/bao-cao-quy/van-phong-btttt/2022-Q3": ("on_time", "2022-09-14", 0, "btttt-06"),
    f"{C103}/bao-cao-quy/vu-cntt-btttt/2022-Q1": ("on_time", "2022-03-14", 0, "btttt-07"),
    f"{C103}/bao-cao-quy/so-tttt-tay-ninh/2022-Q4": ("on_time", "2022-12-14", 0, "btttt-11"),
    f"{C103}/tong-hop-bao-cao-bo-truong/vu-tdkt-btttt/2022-Q4": (
        "on_time", "2023-01-03", 0, "btttt-10"),
    # 20/CT-BTTTT, closing paragraph and item 10
    f"{C20}/bao-cao-6-thang-nam/so-tttt-tay-ninh/2022-H1": ("on_time", "2022-06-20", 0, "btttt-12"),
    f"{C20}/bao-cao-6-thang-nam/so-tttt-thai-nguyen/2022": ("late", "2022-12-20", 6, "btttt-13"),
    f"{C20}/bao-cao-6-thang-nam/van-phong-btttt/2022-H1": ("on_time", "2022-06-20", 0, "btttt-14"),
    f"{C20}/bcd-bao-cao-bo-truong/bcd-cvd-btttt/2022-H1": ("late", "2022-06-30", 5, "btttt-16"),
    # Bộ KH&CN plan III.4: 24/12/2022 (Sat) -> 26/12/2022
    f"{KHCN}/bao-cao-thanh-vien-hang-nam/cuc-shtt/2022": ("on_time", "2022-12-26", 0, "khcn-01"),
    f"{KHCN}/bao-cao-thanh-vien-hang-nam/van-phong-bkhcn/2022": (
        "on_time", "2022-12-26", 0, "khcn-02"),
    f"{KHCN}/bao-cao-thanh-vien-hang-nam/trung-tam-truyen-thong-khcn/2022": (
        "late", "2022-12-26", 1, "khcn-03"),
    f"{KHCN}/bao-cao-thanh-vien-hang-nam/cong-doan-bkhcn/2022": (
        "on_time", "2022-12-26", 0, "khcn-04"),
    f"{KHCN}/bao-cao-thanh-vien-hang-nam/doan-tn-bkhcn/2022": ("late", "2022-12-26", 14, "khcn-05"),
    f"{KHCN}/bao-cao-bcd-trung-uong/bcd-cvd-bkhcn/2022": ("on_time", "2023-01-03", 0, "khcn-06"),
    # Thái Nguyên plan III.5 (semiannual) and III.1
    f"{TNG}/bao-cao-6-thang/so-cong-thuong-thai-nguyen/2022-H1": (
        "on_time", "2022-06-20", 0, "stttt-01"),
    f"{TNG}/bao-cao-6-thang/ubnd-huyen-dai-tu/2022-H1": ("on_time", "2022-06-20", 0, "stttt-02"),
    f"{TNG}/bao-cao-6-thang/bao-thai-nguyen/2022-H1": ("late", "2022-06-20", 2, "stttt-03"),
    f"{TNG}/bao-cao-6-thang/ubnd-tp-song-cong/2022-H2": ("on_time", "2022-12-20", 0, "stttt-04"),
    f"{TNG}/bao-cao-6-thang/dai-ptth-thai-nguyen/2022-H2": ("late", "2022-12-20", 16, "stttt-05"),
    f"{TNG}/bao-cao-6-thang/so-gddt-thai-nguyen/2022-H1": ("on_time", "2022-06-20", 0, "stttt-09"),
    f"{TNG}/bao-cao-6-thang/so-vhttdl-thai-nguyen/2022-H2": (
        "on_time", "2022-12-20", 0, "stttt-11"),
    f"{TNG}/so-bao-cao-mttq/so-tttt-thai-nguyen/2022-H1": ("on_time", "2022-06-30", 0, "stttt-08"),
    # 06-KH/BCĐ and 02-KH/BCĐ, III: one report counts for both plans
    f"{K06}/bao-cao-6-thang-nam/so-tttt-tay-ninh/2022-H1": ("on_time", "2022-06-20", 0, "mttq-01"),
    f"{K02}/bao-cao-6-thang-nam/so-tttt-tay-ninh/2022-H1": ("on_time", "2022-06-20", 0, "mttq-01"),
    f"{K06}/bao-cao-6-thang-nam/bcd-cvd-huyen-tan-chau/2022-H1": (
        "late", "2022-06-20", 7, "mttq-02"),
    f"{K02}/bao-cao-6-thang-nam/bcd-cvd-huyen-tan-chau/2022-H1": (
        "late", "2022-06-20", 7, "mttq-02"),
    # The year's report: "(tháng 12/2022)" (06 II.1, which 02 follows): 31/12/2022 is a
    # Saturday, 1/1/2023 Tết Dương lịch, 2/1 its observed day: due 3/1/2023.
    f"{K06}/bao-cao-6-thang-nam/hoi-nong-dan-tay-ninh/2022": (
        "on_time", "2023-01-03", 0, "mttq-03"),
    f"{K02}/bao-cao-6-thang-nam/hoi-nong-dan-tay-ninh/2022": (
        "on_time", "2023-01-03", 0, "mttq-03"),
    # 06 II.1: the 2022 review task covers 2022; its window 12/2022 ends on Saturday 31/12,
    # Monday 2/1/2023 is the observed New Year holiday: due Tuesday 3/1/2023.
    f"{K06}/bao-cao-tong-ket-2022/hoi-nong-dan-tay-ninh/2022-12": (
        "on_time", "2023-01-03", 0, "mttq-03"),
    f"{K06}/bao-cao-tong-ket-2022/bcd-cvd-tx-trang-bang/2022-12": (
        "on_time", "2023-01-03", 0, "mttq-13"),
    # mttq-04 names 02; 06 III asks the same report of the same unit: it counts for both
    f"{K02}/bao-cao-6-thang-nam/bao-tay-ninh/2022-H1": ("on_time", "2022-06-20", 0, "mttq-04"),
    f"{K06}/bao-cao-6-thang-nam/bao-tay-ninh/2022-H1": ("on_time", "2022-06-20", 0, "mttq-04"),
    f"{K06}/kich-ban-tieu-pham/so-vhttdl-tay-ninh/2022-Q3": ("on_time", "2022-09-30", 0, "mttq-09"),
    f"{K06}/xay-dung-ke-hoach-nganh/so-tttt-tay-ninh/2022-04": (
        "on_time", "2022-05-04", 0, "mttq-10"),
    f"{K06}/xay-dung-ke-hoach-nganh/so-cong-thuong-tay-ninh/2022-04": (
        "late", "2022-05-04", 1, "mttq-11"),
    f"{K06}/bao-cao-6-thang-nam/bcd-cvd-tx-trang-bang/2022": (
        "on_time", "2023-01-03", 0, "mttq-13"),
    f"{K02}/bao-cao-6-thang-nam/bcd-cvd-tx-trang-bang/2022": (
        "on_time", "2023-01-03", 0, "mttq-13"),
    f"{K06}/bao-cao-6-thang-nam/ban-tuyen-giao-tu-tay-ninh/2022-H1": (
        "late", "2022-06-20", 1, "mttq-14"),
    f"{K02}/bao-cao-6-thang-nam/ban-tuyen-giao-tu-tay-ninh/2022-H1": (
        "late", "2022-06-20", 1, "mttq-14"),
    # 4324/KH-UBND V: "trước ngày 20 tháng 12"
    f"{K4324}/bao-cao-bcd-tinh/so-cong-thuong-tay-ninh/2022": (
        "on_time", "2022-12-19", 0, "mttq-12"),
    f"{K4324}/bao-cao-ubnd-tinh/so-cong-thuong-tay-ninh/2022": ("late", "2022-12-19", 1, "ubnd-01"),
}

# key -> due; nothing counted for it (not received, misrouted, another directive named, or
# the record was invalid), so it is overdue at 1/3/2023.
OVERDUE: dict[str, str] = {
    f"{C103}/bao-cao-quy/so-tttt-thai-nguyen/2022-Q3": "2022-09-14",  # btttt-09 misrouted
    f"{C103}/bao-cao-quy/vu-khtc-btttt/2022-Q1": "2022-03-14",
    f"{C103}/tong-hop-bao-cao-bo-truong/vu-tdkt-btttt/2022-Q1": "2022-03-31",
    f"{C20}/bao-cao-6-thang-nam/so-tttt-tra-vinh/2022-H1": "2022-06-20",  # btttt-15 misrouted
    f"{C20}/bcd-bao-cao-bo-truong/bcd-cvd-btttt/2022": "2023-01-03",
    f"{KHCN}/bao-cao-thanh-vien-hang-nam/vu-khxhtn/2022": "2022-12-26",
    f"{KHCN}/bao-cao-thanh-vien-hang-nam/pho-truong-ban-bcd-bkhcn/2022": "2022-12-26",
    f"{TNG}/so-bao-cao-mttq/so-tttt-thai-nguyen/2022-H2": "2023-01-03",
    f"{TNG}/bao-cao-6-thang/trung-tam-thong-tin-thai-nguyen/2022-H1": "2022-06-20",  # invalid
    f"{TNG}/bao-cao-6-thang/ubnd-tp-song-cong/2022-H1": "2022-06-20",  # annual covers H2 only
    f"{K06}/bao-cao-6-thang-nam/so-cong-thuong-tay-ninh/2022-H1": "2022-06-20",  # ubnd-04
    f"{K02}/bao-cao-6-thang-nam/so-cong-thuong-tay-ninh/2022-H1": "2022-06-20",  # misrouted
    f"{K06}/bao-cao-6-thang-nam/so-cong-thuong-tay-ninh/2022": "2023-01-03",  # mttq-12 named 4324
    f"{K06}/bao-cao-6-thang-nam/so-noi-vu-tay-ninh/2022-H1": "2022-06-20",  # mttq-07 invalid
    f"{K06}/bao-cao-6-thang-nam/ldld-tay-ninh/2022-H1": "2022-06-20",  # mttq-08 invalid
}

PENDING: dict[str, str] = {
    f"{KHCN}/bao-cao-thanh-vien-hang-nam/cuc-shtt/2023": "2023-12-25",
    f"{C20}/bao-cao-6-thang-nam/so-tttt-tay-ninh/2023-H1": "2023-06-20",
}


def _keys(*pairs: str) -> set[str]:
    return set(pairs)


# id -> (disposition, instances it satisfies)
DISPOSITIONS: dict[str, tuple[str, set[str]]] = {
    **{sid: ("matched", {k for k, v in RECEIVED.items() if v[3] == sid})
       for sid in {v[3] for v in RECEIVED.values()}},
    "btttt-08": ("duplicate", set()),
    "btttt-09": ("misrouted", set()),
    "btttt-15": ("misrouted", set()),
    "btttt-17": ("unmatched", set()),
    "khcn-07": ("unmatched", set()),
    "khcn-08": ("duplicate", set()),
    "stttt-06": ("unknown_unit", set()),
    "stttt-07": ("unmatched", set()),
    "stttt-10": ("invalid", set()),
    "mttq-05": ("duplicate", set()),
    # "Sở TT&TT" in a Tây Ninh office's register is the Tây Ninh one: mttq-01 came first
    "mttq-06": ("duplicate", set()),
    "mttq-07": ("invalid", set()),
    "mttq-08": ("invalid", set()),
    "ubnd-02": ("unmatched", set()),
    "ubnd-03": ("unknown_unit", set()),
    "ubnd-04": ("misrouted", set()),
    # names 68-KH/TU, a plan the rules do not hold: another subject, not an invalid record
    "ubnd-05": ("unmatched", set()),
}


# ---------------------------------------------------------------------------------------
# check --format json


def test_examples_exit_1(examples_run: Run) -> None:
    assert examples_run.code == 1, examples_run.err


def test_every_record_has_exactly_one_disposition(result: dict[str, Any]) -> None:
    ids = [s["id"] for s in result["submissions"]]
    assert len(ids) == len(set(ids)) == 55
    assert set(ids) == set(DISPOSITIONS)


@pytest.mark.parametrize("sid", sorted(DISPOSITIONS))
def test_disposition(submissions: dict[str, dict[str, Any]], sid: str) -> None:
    disposition, keys = DISPOSITIONS[sid]
    got = submissions[sid]
    assert got["disposition"] == disposition, got["reasons"]
    assert set(got["instances"]) == keys


@pytest.mark.parametrize("key", sorted(RECEIVED))
def test_received_instance(instances: dict[str, dict[str, Any]], key: str) -> None:
    verdict, due, days_late, sid = RECEIVED[key]
    got = instances[key]
    assert (got["verdict"], got["due"], got["days_late"], got["submission"]) == (
        verdict, due, days_late, sid)
    assert got["days_overdue"] == 0


@pytest.mark.parametrize("key", sorted(OVERDUE))
def test_overdue_instance(instances: dict[str, dict[str, Any]], key: str) -> None:
    got = instances[key]
    assert (got["verdict"], got["due"], got["submission"]) == ("overdue", OVERDUE[key], None)
    assert got["days_overdue"] == _days(AS_OF, OVERDUE[key])


@pytest.mark.parametrize("key", sorted(PENDING))
def test_pending_instance(instances: dict[str, dict[str, Any]], key: str) -> None:
    got = instances[key]
    assert (got["verdict"], got["due"], got["days_overdue"]) == ("pending", PENDING[key], 0)


def test_summary_counts(result: dict[str, Any]) -> None:
    # 38 matched records satisfy 46 instances (mttq-01, -02, -04, -13, -14 count for 06 and
    # 02; the annual mttq-03 and -13 also fulfil 06 II.1's 2022 review task): 32 on time + 14
    # late. Instances: 103/CT 7x4 (its 8 units but Vụ TĐKT, through which the reports go) + 4
    # = 32; 20/CT (2022 and 2023: H1, year) 7x4 (all but the Cục PTTH&TTĐT, the via) + 4 = 32;
    # Bộ KH&CN (2022, 2023) 7x2 + 2 = 16; Thái Nguyên 31x2 + 2 = 64. The provincial
    # committee's members are the 16 units 02-KH/BCĐ III gives tasks to (units.yaml), with the
    # 9 district committees 25: 06: 25x2 periodic, tasks 16 (II.1 plans) + 25 (II.1 review)
    # + 1 (II.3.5), quantities 2x3 (Q2-Q4: one phóng sự; 3 tin and 1 bài a quarter) = 98 (the
    # other items of II are activities: no report owed); 02: 25x4 + 2 + the 5- and 10-year
    # reviews of Chỉ thị 03-CT/TW (windows from 19/5/2021, due 18/5/2026 and Monday
    # 19/5/2031) = 104; 4324 (2022, 2023) 4. Pending (due after 1/3/2023): 20/CT 2023 16,
    # KH&CN 2023 8, 02 2023 50 + 1 + 2 reviews, 4324 2023 2 = 79. Overdue: the rest.
    # Distinct reports: 06 III and 02 III ask the same 25 units for the same H1 and annual
    # reports, and 06 II.1's review is that annual report: 350 - 25 - 2x25 = 275; on time
    # 32 - 6 (mttq-01, -04: 1 each; mttq-03, -13: 2 each), late 14 - 2 (mttq-02, -14).
    assert result["summary"] == {
        "instances": {"on_time": 32, "late": 14, "overdue": 225, "pending": 79, "exempt": 0,
                      "total": 350},
        "submissions": {"matched": 38, "duplicate": 4, "misrouted": 3, "unmatched": 5,
                        "unknown_unit": 2, "invalid": 3, "received_later": 0,
                        "not_report": 0, "total": 55},
        "reports": {"on_time": 26, "late": 12, "overdue": 158, "pending": 79, "exempt": 0,
                    "total": 275},
    }
    assert Counter(i["verdict"] for i in result["instances"]) == {
        "on_time": 32, "late": 14, "overdue": 225, "pending": 79}


def test_before_reading_shows_day_x_and_x_minus_1(instances: dict[str, dict[str, Any]]) -> None:
    """103/CT III.3: "trước ngày 15" — the 14th is due, the 15th is the day named."""
    got = instances[f"{C103}/bao-cao-quy/so-tttt-thai-nguyen/2022-Q2"]
    assert (got["due_nominal"], got["due"], got["due_reading"], got["due_rolled"]) == (
        "2022-06-15", "2022-06-14", "before", False)
    assert got["received"] == "2022-06-15"  # the receipt counts, not sent_on 13/6
    assert got["due_basis"] == "stated"
    assert got["deadline_words"] == "trước ngày 15 của tháng cuối quý"


@pytest.mark.parametrize(
    ("key", "nominal", "due", "basis"),
    [
        (f"{KHCN}/bao-cao-thanh-vien-hang-nam/van-phong-bkhcn/2022", "2022-12-25", "2022-12-26",
         "stated"),
        (f"{K06}/xay-dung-ke-hoach-nganh/so-tttt-tay-ninh/2022-04", "2022-04-30", "2022-05-04",
         "stated"),
        (f"{C103}/tong-hop-bao-cao-bo-truong/vu-tdkt-btttt/2022-Q4", "2022-12-31", "2023-01-03",
         "assumed"),
    ],
)
def test_roll_forward(
    instances: dict[str, dict[str, Any]], key: str, nominal: str, due: str, basis: str
) -> None:
    got = instances[key]
    assert (got["due_nominal"], got["due"], got["due_rolled"], got["due_basis"]) == (
        nominal, due, True, basis)


def test_assumed_deadline_names_its_policy(instances: dict[str, dict[str, Any]]) -> None:
    got = instances[f"{C20}/bao-cao-6-thang-nam/van-phong-btttt/2022-H1"]
    assert (got["due_basis"], got["due_policy"], got["due_reading"]) == (
        "assumed", "ngay-20-thang-cuoi-ky", "by")


def test_annual_report_stands_for_second_half(instances: dict[str, dict[str, Any]]) -> None:
    got = instances[f"{TNG}/bao-cao-6-thang/ubnd-tp-song-cong/2022-H2"]
    assert {"code": "match.stands-for", "params": {"period": "2022-H2", "report": "2022"},
            "message": "báo cáo kỳ 2022 thay cho báo cáo kỳ 2022-H2"} in got["reasons"]


def test_one_report_counts_for_two_plans(submissions: dict[str, dict[str, Any]]) -> None:
    got = submissions["mttq-01"]
    assert {k.split("/")[0] for k in got["instances"]} == {K06, K02}


def test_instances_carry_citation_and_names(
    instances: dict[str, dict[str, Any]],
) -> None:
    got = instances[f"{C103}/bao-cao-quy/so-tttt-tay-ninh/2022-Q1"]
    assert got["directive"] == "103/CT-BTTTT"
    assert got["citation"]["section"] == "III.3"
    assert "trước ngày 15 của tháng cuối quý" in got["citation"]["text"]
    assert got["reporter_name"] == "Sở Thông tin và Truyền thông tỉnh Tây Ninh"
    assert (got["recipient"], got["via"]) == ("bo-tttt", "vu-tdkt-btttt")
    assert (got["cutoff_from"], got["cutoff_to"]) == ("2021-12-15", "2022-03-14")


@pytest.mark.parametrize(
    ("sid", "needles"),
    [
        ("btttt-09", ["Bộ Thông tin và Truyền thông"]),
        # read in the province of the office keeping the register, and already received
        ("mttq-06", ["Sở TT&TT", "Sở Thông tin và Truyền thông tỉnh Tây Ninh", "mttq-01"]),
        ("mttq-07", ["31/02/2022"]),
        ("mttq-08", ["Nơi nhận"]),  # the column, as the clerk knows it
        ("ubnd-03", ["Công ty TNHH MTV Xổ số kiến thiết Tây Ninh"]),
        ("ubnd-05", ["68-KH/TU"]),
        ("khcn-08", ["khcn-02"]),
    ],
)
def test_reasons_say_why(
    submissions: dict[str, dict[str, Any]], sid: str, needles: list[str]
) -> None:
    text = " ".join(r["message"] for r in submissions[sid]["reasons"])
    for needle in needles:
        assert needle in text


def test_annual_report_satisfies_the_2022_review_task(
    instances: dict[str, dict[str, Any]],
) -> None:
    got = instances[f"{K06}/bao-cao-tong-ket-2022/hoi-nong-dan-tay-ninh/2022-12"]
    assert (got["verdict"], got["submission"]) == ("on_time", "mttq-03")


# ---------------------------------------------------------------------------------------
# Tables


def test_table_vietnamese(workdir: Path) -> None:
    run = invoke("check", "-s", EXAMPLES, "--as-of", "1/3/2023", cwd=workdir)
    assert run.code == 1
    flat = run.flat_out
    for needle in [
        "Tình hình báo cáo đến ngày 01/03/2023",
        "Theo văn bản",
        # the units furthest behind first: 67 units owe something overdue (see the JSON)
        "Đơn vị chậm nhất (10 trong 67 đơn vị có báo cáo quá hạn)",
        "Quá hạn: 158 báo cáo chưa nhận, lâu nhất trước",
        "Trễ hạn: 12 báo cáo nhận sau hạn",
        "Báo cáo đã nhận cần xem lại",
        "Tổng hợp đến ngày 01/03/2023",
        "Báo cáo phải nộp: 275 — đúng hạn 26 · trễ hạn 12 · quá hạn 158 · chưa đến hạn 79 · miễn 0",
        "tính riêng từng văn bản: 350 — đúng hạn 32 · trễ hạn 14 · quá hạn 225 · "
        "chưa đến hạn 79 · miễn 0",
        "Báo cáo đã nhận: 55 — khớp 38 · trùng 4 · gửi sai nơi 3 · không khớp 5 · "
        "không rõ đơn vị 2 · không hợp lệ 3 · nhận sau ngày đối chiếu 0 · không phải báo cáo 0",
        "20/06/2022*",  # assumed deadline marked
        "hạn giả định",
        "KH Sở TT&TT Thái Nguyên 2022",  # an unnumbered plan, not its slug
    ]:
        assert needle in flat, needle
    assert "kh-stttt-thai-nguyen-2022" not in run.out
    # 275 distinct reports owed, 79 pending: 196 assessed, 26 on time = 13.2%, 38 received =
    # 19.3% (rounded down)
    assert re.search(r"Tổng cộng\s+275\s+38\s+26\s+12\s+158\s+79\s+13,2%\s+19,3%", run.out)
    # btttt-03: due 14/06, received 15/06, late by 1; Vụ KH-TC's Q1: overdue 352 days.
    assert re.search(r"Sở TT&TT Thái Nguyên\s+103/CT-BTTTT III.3 \(1\)\s+2022-Q2\s+14/06/2022\s+"
                     r"15/06/2022\s+1 *\n", run.out)
    assert re.search(r"Vụ KHTC Bộ TT&TT\s+103/CT-BTTTT III.3 \(1\)\s+2022-Q1\s+14/03/2022\s+"
                     r"352 *\n", run.out)
    assert re.search(r"btttt-09 .* gửi sai nơi", run.out)
    # 13 records to look at (3 misrouted, 5 unmatched, 2 unknown units, 3 invalid): 10 shown
    assert "… và 3 bản ghi khác cần xem lại" in flat


def test_table_english(workdir: Path) -> None:
    run = invoke("check", "-s", EXAMPLES, "--as-of", AS_OF.isoformat(), "--lang", "en",
                 "--all", cwd=workdir)
    assert run.code == 1
    flat = run.flat_out
    for needle in [
        "Reports owed (as of 01/03/2023)",
        "Reports received",
        "Summary as of 01/03/2023",
        "Reports owed: 275 — on time 26 · late 12 · overdue 158 · pending 79 · exempt 0",
        "counted per plan: 350 — on time 32 · late 14 · overdue 225 · pending 79 · exempt 0",
        "Reports received: 55 — matched 38 · duplicate 4 · misrouted 3 · unmatched 5 · "
        "unknown unit 2 · invalid 3 · received later 0 · not a report 0",
        "Tay Ninh Department of Information and Communications",
    ]:
        assert needle in flat, needle
    assert re.search(r"III.3 \(1\)\s+2022-Q2\s+14/06/2022\s+15/06/2022\s+late\s+1 *\n", run.out)
    assert re.search(r"III.3 \(1\)\s+2022-Q1\s+14/03/2022\s+overdue\s+352 *\n", run.out)
    assert "quá hạn" not in run.out


def test_a_long_listing_is_a_line_per_report_and_per_record(workdir: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """``check --all`` of a national run lists a million reports: past ``LARGE`` rows a list
    is one line per report, and a line per record with its reasons on a line under it, cut
    to the width (a Rich table of 100,000 reports took 83 s and 1.2 GB). Here ``LARGE`` is
    lowered so the examples (350 reports, 55 records) are a long listing."""
    from cli.render import table

    monkeypatch.setattr(table, "LARGE", 10)
    args = ("check", "-s", EXAMPLES, "--as-of", AS_OF.isoformat(), "--all")
    data = json.loads(invoke(*args, "--format", "json", cwd=workdir).out)
    for columns in ("80", "120"):
        run = invoke(*args, "--ids", cwd=workdir, columns=columns)
        assert run.code == 1, run.err
        lines = run.out.splitlines()
        assert max(len(line) for line in lines) <= int(columns)
        assert run.out.count("(danh sách dài: mỗi dòng một báo cáo hoặc bản ghi") == 2
        start = lines.index("Báo cáo phải nộp (tính đến 01/03/2023)")
        end = next(i for i in range(start, len(lines)) if lines[i].startswith("(danh sách"))
        assert lines[start + 1].startswith("Đơn vị")  # the header
        reports = lines[start + 2:end]
        assert len(reports) == len(data["instances"]) == 350  # every report, a line each
        verdicts = Counter(i["verdict"] for i in data["instances"])
        assert sum("quá hạn" in line for line in reports) == verdicts["overdue"]
        assert sum("trễ hạn" in line for line in reports) == verdicts["late"]
        first = lines.index("Báo cáo đã nhận")
        last = next(i for i in range(first, len(lines)) if lines[i].startswith("(danh sách"))
        listed = lines[first + 2:last]
        records = [line for line in listed if not line.startswith(" ")]
        assert [line.split()[0] for line in records] == [s["id"] for s in data["submissions"]]
        said = [line for line in listed if line.startswith("    ")]
        assert len(said) == sum(bool(s["reasons"]) for s in data["submissions"])
    wide = run.out
    # a report as grep finds it: unit and id, clause, period, due date, verdict, days
    assert re.search(r"^Vụ KHTC Bộ TT&TT \[vu-khtc-btttt\] +103/CT-BTTTT III\.3 \(1\) \[.*"
                     r" 2022-Q1 +14/03/2022 +quá hạn +352$", wide, re.M), wide
    assert re.search(r"^btttt-09 +.* gửi sai nơi *\n {4}\S", wide, re.M)
    # overdue --all and the problems of --limit N: their own columns, a line per report
    overdue = [i for i in data["instances"] if i["verdict"] == "overdue"]
    for columns in ("80", "120"):
        run = invoke("overdue", "-s", EXAMPLES, "--as-of", AS_OF.isoformat(), "--all",
                     cwd=workdir, columns=columns)
        lines = run.out.splitlines()
        assert max(len(line) for line in lines) <= int(columns)
        head = next(i for i, line in enumerate(lines) if line.startswith("Đơn vị"))
        assert lines[head].endswith("Số ngày quá hạn")
        rows = lines[head + 1:lines.index(next(x for x in lines if x.startswith("(danh")))]
        # every report overdue (counted once where several plans demand it), worst first
        assert len(rows) == data["summary"]["reports"]["overdue"] == 158
        days = [int(line.split()[-1]) for line in rows]
        assert set(days) <= {i["days_overdue"] for i in overdue}
        assert max(days) == days[0] == 352
        limited = invoke("check", "-s", EXAMPLES, "--as-of", AS_OF.isoformat(), "--limit",
                         "200", cwd=workdir, columns=columns)
        assert "Quá hạn: 158 báo cáo chưa nhận" in limited.out
        assert re.search(r"Ngày nhận +Số ngày trễ\n", limited.out)
        assert limited.out.count("(danh sách dài") == 3  # overdue, late, records to look at
        coming = invoke("upcoming", "-s", EXAMPLES, "--as-of", "2022-12-01", "--days", "120",
                        cwd=workdir, columns=columns)
        lines = coming.out.splitlines()
        assert max(len(line) for line in lines) <= int(columns)
        assert lines[2].startswith("Hạn ")
        assert lines[2].rstrip().endswith("Ngày nhận")
        due = [line[:10] for line in lines[3:] if re.match(r"\d\d/\d\d/\d{4} ", line)]
        assert len(due) > 10  # a line per report due, by due date
        assert due == sorted(due, key=lambda d: (d[6:], d[3:5], d[:2]))
        assert "(danh sách dài" in coming.out


def test_every_line_fits_80_columns_and_a_file_keeps_a_report_a_line(workdir: Path) -> None:
    """No column is squeezed to nothing at 80 columns; at 120 (or wider: COLUMNS), ``overdue
    --all`` keeps each report on one line, so grep finds each with its unit. (A pipe without
    COLUMNS or a terminal gets 80: tests/test_human_views.py.)"""
    for lang in ("vi", "en"):
        run = invoke("check", "-s", EXAMPLES, "--as-of", AS_OF.isoformat(), "--lang", lang,
                     "--all", cwd=workdir, columns="80")
        assert max(len(line) for line in run.out.splitlines()) <= 80
        for unit in ("Vụ TĐKT Bộ TT&TT", "Sở TT&TT Tây Ninh") if lang == "vi" else (
                "MIC Office",):
            assert unit in run.out
    run = invoke("overdue", "-s", EXAMPLES, "--as-of", AS_OF.isoformat(), "--all",
                 cwd=workdir, columns="120")
    assert max(len(line) for line in run.out.splitlines()) == 120
    lines = [line for line in run.out.splitlines() if "Vụ TĐKT Bộ TT&TT" in line]
    assert len(lines) == 5  # grep finds each of its 5 overdue reports, one line each


# ---------------------------------------------------------------------------------------
# overdue: worst first

# Units whose worst delay is 352 days (103/CT Q1, due 14/3/2022), by number of overdue reports
# (103/CT quarters, 20/CT H1 and year, Thái Nguyên III.1 H2), then id: Vụ KH-TC 4+2 = 6; Sở
# TT&TT Thái Nguyên 3+1+1 = 5; Sở TT&TT Trà Vinh 3+2 = 5; Văn phòng Bộ 3+1 = 4 (its 20/CT H1
# arrived: btttt-14); Cục PTTH&TTĐT 3 (the 20/CT reports pass through it: it owes none). The
# Vụ TĐKT, through which the 103/CT reports go, owes none of them: its worst is 335 days.
WORST_FIRST = [
    ("vu-khtc-btttt", 6),
    ("so-tttt-thai-nguyen", 5),
    ("so-tttt-tra-vinh", 5),
    ("van-phong-btttt", 4),
    ("cuc-ptth-ttdt", 3),
    ("vu-tdkt-btttt", 5),
]


def test_overdue_json_worst_first(workdir: Path) -> None:
    run = invoke("overdue", "-s", EXAMPLES, "--as-of", AS_OF.isoformat(), "--format", "json",
                 cwd=workdir)
    assert run.code == 1
    groups: list[dict[str, Any]] = json.loads(run.out)
    head = [(g["unit"], len(g["items"])) for g in groups[: len(WORST_FIRST)]]
    assert head == WORST_FIRST
    assert groups[0]["items"][0]["days_overdue"] == _days(AS_OF, "2022-03-14") == 352
    worst = [max(i["days_overdue"] for i in g["items"]) for g in groups]
    assert worst == sorted(worst, reverse=True)
    for g in groups:
        days = [i["days_overdue"] for i in g["items"]]
        assert days == sorted(days, reverse=True)
        assert {i["verdict"] for i in g["items"]} == {"overdue"}
    # one row per distinct report: 06 III and 02 III's identical demands are listed once
    assert sum(len(g["items"]) for g in groups) == 158
    units = {g["unit"] for g in groups}
    # Everything they owe by 1/3/2023 arrived: not listed.
    assert not units & {"cuc-shtt", "cong-doan-bkhcn", "van-phong-bkhcn", "bcd-cvd-bkhcn"}


def test_overdue_table(workdir: Path) -> None:
    """--all: one line per report, the unit on each (the default names each unit once)."""
    run = invoke("overdue", "-s", EXAMPLES, "--as-of", AS_OF.isoformat(), "--all",
                 cwd=workdir)
    assert run.code == 1
    flat = run.flat_out
    assert "Báo cáo quá hạn tính đến 01/03/2023: 158 báo cáo của" in flat
    # The unit column (first cell of each line), in order: worst unit first.
    units = [line[:24].strip() for line in run.out.splitlines() if re.search(r"\d$", line)]
    starts = ["Vụ KHTC Bộ TT&TT", "Cục PTTH&TTĐT", "Vụ TĐKT Bộ TT&TT"]
    where = [units.index(s) for s in starts]
    assert where == sorted(where)
    assert units.count("Vụ TĐKT Bộ TT&TT") == 5


# ---------------------------------------------------------------------------------------
# Exit 0 and exempt


def test_compliant_batch_exits_0(tmp_path: Path) -> None:
    """Every Bộ KH&CN report of 2022 on time (III.4, due 26/12/2022; BCĐ TW due 3/1/2023)."""
    members = [
        "Phó trưởng ban Chỉ đạo Cuộc vận động Bộ KH&CN", "Văn phòng Bộ KH&CN", "Cục SHTT",
        "Trung tâm Nghiên cứu và Phát triển truyền thông KH&CN", "Vụ KHXH&TN",
        "Công đoàn Bộ KH&CN", "Đoàn Thanh niên Bộ KH&CN",
    ]
    records = [
        {"id": f"ok-{n}", "reporter": name, "recipient": "BCĐ CVĐ Bộ KH&CN",
         "submitted_on": "26/12/2022", "period": "năm 2022"}
        for n, name in enumerate(members, 1)
    ]
    records.append({"id": "ok-bcd", "reporter": "BCĐ CVĐ Bộ KH&CN",
                    "recipient": "BCĐ CVĐ TW", "submitted_on": "2023-01-03", "period": "2022"})
    path = tmp_path / "khcn.yaml"
    path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    run = invoke("check", "-s", path, "--directive", "kh-bcd-bkhcn-2017", "--period", "2022",
                 "--as-of", AS_OF.isoformat(), "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.err
    summary = json.loads(run.out)["summary"]
    assert summary["instances"] == {"on_time": 8, "late": 0, "overdue": 0, "pending": 0,
                                    "exempt": 0, "total": 8}
    assert summary["submissions"]["matched"] == 8


def test_after_the_2025_merger_successors_owe_and_the_rest_is_excused(tmp_path: Path) -> None:
    """20/CT-BTTTT is open-ended. On 1/3/2025 the Bộ TT&TT merged into the Bộ KH&CN
    (units.yaml): its Vụ ended with nothing after them (no_successor), the Văn phòng and the
    provincial Sở TT&TT passed to their Bộ KH&CN / Sở KH&CN counterparts, and the BCĐ of the
    Bộ to the Bộ KH&CN's BCĐ. The sector's reports went to the Bộ TT&TT's standing office,
    which ended with no successor of its own inside the BCĐ, which has one: they are owed to
    the Bộ KH&CN's BCĐ (issue 14, successors through parents). The BCĐ's own report to the
    Minister passes to the Bộ KH&CN's BCĐ and Minister: owed."""
    run = invoke("check", "--directive", "20/CT-BTTTT", "--period", "2025", "--as-of",
                 "2025-12-31", "--format", "json", cwd=tmp_path)
    assert run.code == 1, run.err
    data = json.loads(run.out)
    by_key = {i["key"]: i for i in data["instances"]}
    # 8 reporters x (H1, year), Trà Vinh's Sở KH&CN passing to Vĩnh Long's in July: the 3 Vụ
    # and the Cục PTTH&TTĐT excused (gone with nothing after them; the Cục, no longer there
    # to pass reports through, is a unit of the sector like the others), the 4 others owe
    # both reports to the Bộ KH&CN's BCĐ; the BCĐ's H1 report to the Minister overdue, its
    # year pending.
    assert data["summary"]["instances"] == {"on_time": 0, "late": 0, "overdue": 9, "pending": 1,
                                            "exempt": 8, "total": 18}
    # H1: 20/6/2025 (Fri); year: 20/12/2025 (Sat) -> 22/12/2025 (Mon).
    tay_ninh = by_key[f"{C20}/bao-cao-6-thang-nam/so-khcn-tay-ninh/2025"]
    assert (tay_ninh["verdict"], tay_ninh["due"], tay_ninh["recipient"]) == (
        "overdue", "2025-12-22", "bcd-cvd-bkhcn")
    assert f"{C20}/bao-cao-6-thang-nam/so-khcn-vinh-long/2025" in by_key  # Trà Vinh's successor
    assert f"{C20}/bao-cao-6-thang-nam/so-khcn-tra-vinh/2025-H1" in by_key
    vu = by_key[f"{C20}/bao-cao-6-thang-nam/vu-cntt-btttt/2025-H1"]
    assert vu["rule"] == "exempt-unit-gone"
    ceased = [r for r in vu["reasons"] if r["code"] == "unit.ceased"]
    assert ceased[0]["params"] == {"unit": "vu-cntt-btttt", "last_day": "2025-02-28",
                                   "successor": None}
    assert by_key[f"{C20}/bao-cao-6-thang-nam/cuc-ptth-ttdt/2025"]["verdict"] == "exempt"
    assert by_key[f"{C20}/bao-cao-6-thang-nam/so-khcn-tay-ninh/2025"]["via"] is None
    # The BCĐ of the Bộ KH&CN owes the H1 2025 report to its Minister (cuoi-ky: 30/6/2025).
    owed = by_key[f"{C20}/bcd-bao-cao-bo-truong/bcd-cvd-bkhcn/2025-H1"]
    assert (owed["recipient"], owed["due"], owed["verdict"]) == (
        "bo-truong-bkhcn", "2025-06-30", "overdue")


def test_a_report_filed_under_an_old_name_counts_for_the_successor(tmp_path: Path) -> None:
    """The BCĐ of the Bộ TT&TT, writing under its old name to the old Minister on 27/6/2025,
    fulfils what its successor owes: the H1 2025 report, due 30/6/2025."""
    path = tmp_path / "s.yaml"
    path.write_text(
        "- id: old-name\n  reporter: BCĐ CVĐ Bộ TT&TT\n  recipient: Bộ trưởng Bộ TT&TT\n"
        "  submitted_on: 27/6/2025\n  title: Báo cáo kết quả thực hiện Chỉ thị 20/CT-BTTTT 6 "
        "tháng đầu năm 2025\n", encoding="utf-8")
    run = invoke("check", "-s", path, "--directive", "20/CT-BTTTT", "--unit", "bcd-cvd-bkhcn",
                 "--period", "2025-H1", "--as-of", "2025-12-31", "--format", "json", cwd=tmp_path)
    data = json.loads(run.out)
    (sub,) = data["submissions"]
    assert sub["disposition"] == "matched"
    assert sub["reporter"] == "bcd-cvd-btttt"  # as written; the duty is its successor's
    (inst,) = data["instances"]
    assert (inst["reporter"], inst["verdict"], inst["submission"]) == (
        "bcd-cvd-bkhcn", "on_time", "old-name")


# ---------------------------------------------------------------------------------------
# rules show


def _directive_files() -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((RULES / "directives").glob("*.yaml"))]


def test_rules_show_lists_every_obligation(workdir: Path) -> None:
    run = invoke("rules", "show", "--format", "json", cwd=workdir)
    assert run.code == 0, run.err
    shown: list[dict[str, Any]] = json.loads(run.out)
    files = _directive_files()
    expected = {(f["directive"]["id"], ob["id"]) for f in files for ob in f["obligations"] or []}
    assert {(o["directive"]["id"], o["id"]) for o in shown} == expected
    assert len(shown) == len(expected)
    by_key = {(o["directive"]["id"], o["id"]): o for o in shown}
    for f in files:
        d = f["directive"]
        for ob in f["obligations"] or []:
            got = by_key[(d["id"], ob["id"])]
            assert got["citation"] == ob["citation"]
            meta = got["directive"]
            assert meta["number"] == d.get("number")
            assert meta["title"] == d["title"]
            assert meta["issuer"] == d["issuer"]
            assert meta["issuer_name"]
            assert meta["issued_on"] == str(d["issued_on"])


# ---------------------------------------------------------------------------------------
# README commands


def _readme_commands(readme: Path) -> list[list[str]]:
    commands, fenced = [], False
    for line in readme.read_text(encoding="utf-8").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        text = line.strip().removeprefix("$ ")
        if fenced and text.startswith("baocao "):
            words = shlex.split(text.rstrip("\\"), comments=True)
            cut = next((i for i, w in enumerate(words) if w in {"|", ">", ">>", "&&", ";"}),
                       len(words))
            commands.append(words[1:cut])
    return commands


_TREE_SCRIPT = """
import json, typer
from cli.app import app
def walk(node):
    kids = getattr(node, "commands", None)
    return None if kids is None else {name: walk(kid) for name, kid in kids.items()}
print(json.dumps(walk(typer.main.get_command(app))))
"""


def _command_tree(cwd: Path) -> dict[str, Any]:
    """The real command tree (groups map names to children, commands to None), read in a
    child process like every other run here: typer vendors its own click."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", _TREE_SCRIPT], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60, check=True)
    tree: dict[str, Any] = json.loads(proc.stdout)
    return tree


def _command_path(words: list[str], tree: dict[str, Any]) -> list[str]:
    """The subcommand words of a README line, walking the command tree."""
    node: dict[str, Any] | None = tree
    path: list[str] = []
    for word in words:
        if node is None or word.startswith("-"):
            break
        path.append(word)  # kept even when unknown: the --help run then fails, as it should
        if word not in node:
            break
        node = node[word]
    return path


def test_readme_commands_have_help(tmp_path: Path) -> None:
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md not written yet")
    tree = _command_tree(tmp_path)
    paths = {tuple(_command_path(words, tree)) for words in _readme_commands(readme)}
    assert paths, "README.md shows no `baocao ...` command in a code block"
    for path in sorted(paths):
        run = invoke(*path, "--help", cwd=tmp_path)
        assert run.code == 0, (path, run.err)
        assert "Cách dùng:" in run.out  # the help screen, in Vietnamese by default


def test_every_command_is_in_the_readme(tmp_path: Path) -> None:
    readme = ROOT / "README.md"
    if not readme.exists():
        pytest.skip("README.md not written yet")
    text = readme.read_text(encoding="utf-8")

    def leaves(node: dict[str, Any], prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        out: list[tuple[str, ...]] = []
        for name, child in node.items():
            out += [(*prefix, name)] if child is None else leaves(child, (*prefix, name))
        return out

    missing = [" ".join(p) for p in leaves(_command_tree(tmp_path), ()) if
               f"baocao {' '.join(p)}" not in text]
    assert not missing, f"commands not shown in README.md: {missing}"


def test_directive_filter_keeps_unattributed_records(workdir: Path) -> None:
    """Nothing dropped silently: records that cannot be attributed to any directive (invalid,
    unknown unit) stay visible under --directive."""
    run = invoke("check", "-s", EXAMPLES, "--as-of", "2023-03-01", "--directive",
                 "103/CT-BTTTT", "--format", "json", cwd=workdir)
    shown = {s["id"]: s["disposition"] for s in json.loads(run.out)["submissions"]}
    for sid in ("stttt-10", "mttq-07", "mttq-08"):  # the 3 invalid records
        assert shown[sid] == "invalid"
    for sid in ("stttt-06", "ubnd-03"):  # the 2 unknown-unit records
        assert shown[sid] == "unknown_unit"


def test_ad_hoc_duties_await_a_request_under_the_directive_filter(workdir: Path) -> None:
    # 1512/UBND-KT owes nothing itself; 02-KH/BCĐ's "phản ánh kịp thời" is ad hoc.
    for directive, expected in (("1512/UBND-KT", []), ("02-KH/BCĐ", [
            "kh-02-bcd-tay-ninh-2022/phan-anh-vuong-mac"])):
        run = invoke("check", "--as-of", "2023-03-01", "--directive", directive,
                     "--format", "json", cwd=workdir)
        assert sorted(json.loads(run.out)["awaiting_request"]) == expected


# ---------------------------------------------------------------------------------------
# Language independence: codes, ids and numbers are the same in vi and en

TEXT_FIELDS = {"message", "reporter_name", "recipient_name", "via_name", "due_policy_text",
               "unit_name", "issuer_name", "reporter_names", "description",
               # the legal review's names: a group's, its members', further via units', the
               # units of a role and the duties a summary sums up
               "name", "member_names", "via_also_names", "routes", "after"}


def _without_text(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_text(v) for k, v in value.items() if k not in TEXT_FIELDS}
    if isinstance(value, list):
        return [_without_text(v) for v in value]
    return value


@pytest.mark.parametrize("command", [["check"], ["overdue"], ["rules", "show"]])
def test_json_is_the_same_in_both_languages_but_for_text(workdir: Path, command: list[str]) -> None:
    args = [*command, "--format", "json"]
    if command != ["rules", "show"]:
        args += ["-s", str(EXAMPLES), "--as-of", AS_OF.isoformat()]
    vi = json.loads(invoke(*args, "--lang", "vi", cwd=workdir).out)
    en = json.loads(invoke(*args, "--lang", "en", cwd=workdir).out)
    assert vi != en  # the text fields do differ...
    assert _without_text(vi) == _without_text(en)  # ...and nothing else


def test_every_reason_has_a_code_and_a_message(result: dict[str, Any]) -> None:
    reasons = [r for item in (*result["instances"], *result["submissions"])
               for r in item["reasons"]]
    assert reasons
    for reason in reasons:
        assert set(reason) == {"code", "params", "message"}
        assert re.fullmatch(r"[a-z]+\.[a-z0-9-]+", reason["code"]), reason
        assert reason["message"]


def test_every_result_names_the_decision_rule_that_fired(result: dict[str, Any]) -> None:
    rules = yaml.safe_load((RULES / "decisions.yaml").read_text(encoding="utf-8"))
    outcome = {r["name"]: r.get("verdict") or r.get("disposition")
               for section in ("instance_rules", "submission_rules") for r in rules[section]}
    for item in result["instances"]:
        assert outcome[item["rule"]] == item["verdict"]
    for item in result["submissions"]:
        assert outcome[item["rule"]] == item["disposition"]


def test_errors_come_out_as_json_with_format_json(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("id,reporter\nx,y\n", encoding="utf-8")
    run = invoke("check", "-s", bad, "--format", "json", cwd=tmp_path)
    assert run.code == 2
    assert run.err == ""
    (error,) = json.loads(run.out)["errors"]
    assert error == {
        "code": "csv.missing-column", "file": str(bad), "line": 1, "column": 1,
        "message": "missing required column(s) recipient, submitted_on; the header has: id, "
                   "reporter; expected e.g. id,reporter,recipient,submitted_on (or: mã,đơn vị "
                   "báo cáo,nơi nhận,ngày nhận); a register of documents received has no "
                   "recipient column: the office keeping it is the recipient; give it with "
                   "--recipient UNIT (e.g. --recipient 'Sở TT&TT Thái Nguyên')",
    }
    usage = invoke("check", "--as-of", "31/02/2023", "--format", "json", cwd=tmp_path)
    assert usage.code == 2
    assert json.loads(usage.out)["errors"][0]["code"] == "usage"
    assert "there is no day 31 in 02/2023" in json.loads(usage.out)["errors"][0]["message"]


def test_json_rows_are_one_per_line(examples_run: Run, result: dict[str, Any]) -> None:
    """A million rows stream out: every instance and submission is one compact line."""
    lines = examples_run.out.splitlines()
    rows = [line for line in lines if line.startswith("    {")]
    assert len(rows) == len(result["instances"]) + len(result["submissions"])
    assert [json.loads(line.strip().rstrip(",")) for line in rows] == \
        result["instances"] + result["submissions"]


def test_jsonl_is_the_json_one_object_per_line(workdir: Path, result: dict[str, Any]) -> None:
    run = invoke("check", "-s", EXAMPLES, "--as-of", AS_OF.isoformat(), "--format", "jsonl",
                 cwd=workdir)
    assert run.code == 1, run.err
    objects = [json.loads(line) for line in run.out.splitlines()]
    kinds = Counter(o.pop("type") for o in objects)
    assert kinds == {"instance": len(result["instances"]),
                     "submission": len(result["submissions"]), "summary": 1}
    assert objects[: len(result["instances"])] == result["instances"]
    summary = objects[-1]
    assert summary == {"as_of": result["as_of"], **result["summary"],
                       "awaiting_request": result["awaiting_request"],
                       "selection": result["selection"], "rates": result["rates"]}
    bad = invoke("check", "--as-of", "31/02/2023", "--format", "jsonl", cwd=workdir)
    assert bad.code == 2
    assert json.loads(bad.out)["errors"][0]["code"] == "usage"


def test_version(tmp_path: Path) -> None:
    run = invoke("--version", cwd=tmp_path)
    assert run.code == 0
    assert re.fullmatch(r"baocao \d+\.\d+\.\d+\n", run.out)
