"""`baocao calendar` with the register: each due date says who has already reported."""

from __future__ import annotations

import json
from pathlib import Path

from tests._cli import ROOT, invoke

# Hội Nông dân tỉnh Tây Ninh's annual summary of 2022, received 20/12/2022: 06-KH/BCĐ asks
# it (as a member of the provincial committee) for its 6-month/annual report (III) and for
# the year's summary (II.1, third dash), both of 2022 and due 03/01/2023; one report
# answers both (one report owed once). The two quarterly press duties (II.3.4) are someone
# else's.
ONE = ("id,document_number,reporter,recipient,submitted_on,period,directive,title\n"
       "x-01,118/BC-HND,Hội Nông dân tỉnh Tây Ninh,UBMTTQ tỉnh Tây Ninh,20/12/2022,năm 2022,"
       "06-KH/BCĐ,Báo cáo tổng kết hoạt động năm 2022 và phương hướng năm 2023\n")


def _calendar(tmp_path: Path, *extra: str) -> dict:
    run = invoke("calendar", "--year", "2023", "--directive", "06-KH/BCĐ", "--format", "json",
                 *extra, cwd=tmp_path)
    assert run.code == 0, run.err
    return json.loads(run.out)


def test_calendar_names_who_has_reported(tmp_path: Path) -> None:
    (tmp_path / "one.csv").write_text(ONE, encoding="utf-8")
    view = _calendar(tmp_path, "-s", "one.csv", "--rules", str(ROOT / "rules"))
    assert view["reports_read"] is True
    got = {(e["obligation"], e["period"]): e["received"] for e in view["entries"]}
    assert got[("bao-cao-6-thang-nam", "2022")] == ["hoi-nong-dan-tay-ninh"]
    assert got[("bao-cao-tong-ket-2022", "2022-12")] == ["hoi-nong-dan-tay-ninh"]
    assert got[("so-phong-su-dai-ptth", "2022-Q4")] == []


def test_calendar_reads_the_register(tmp_path: Path) -> None:
    (tmp_path / "one.csv").write_text(ONE, encoding="utf-8")
    rules = str(ROOT / "rules")
    ingest = invoke("ingest", "one.csv", "--db", "so.db", "--rules", rules, cwd=tmp_path)
    assert ingest.code == 0, ingest.err
    view = _calendar(tmp_path, "--db", "so.db", "--rules", rules)
    got = {(e["obligation"], e["period"]): e["received"] for e in view["entries"]}
    assert got[("bao-cao-6-thang-nam", "2022")] == ["hoi-nong-dan-tay-ninh"]
    table = invoke("calendar", "--year", "2023", "--directive", "06-KH/BCĐ", "--db", "so.db",
                   "--rules", rules, cwd=tmp_path)
    assert "(đã nhận 1/25)" in table.flat_out
    ics = invoke("calendar", "--year", "2023", "--directive", "06-KH/BCĐ", "--db", "so.db",
                 "--rules", rules, "--format", "ics", cwd=tmp_path)
    assert "Chưa nhận (24/25)" in ics.out.replace("\r\n ", "")


def test_calendar_without_reports_says_nothing_of_them(tmp_path: Path) -> None:
    view = _calendar(tmp_path, "--rules", str(ROOT / "rules"))
    assert view["reports_read"] is False
    assert all(e["received"] == [] for e in view["entries"])


def test_calendar_refuses_to_write_over_its_register(tmp_path: Path) -> None:
    (tmp_path / "one.csv").write_text(ONE, encoding="utf-8")
    run = invoke("calendar", "--year", "2023", "-s", "one.csv", "--format", "ics", "-o",
                 "one.csv", "--rules", str(ROOT / "rules"), cwd=tmp_path)
    assert run.code == 2
    assert "file.same-as-input" in run.err
    assert (tmp_path / "one.csv").read_text(encoding="utf-8") == ONE
