"""The secretariat's loop, closed (issue 15), on the Front committee's register of documents
received (examples/registers, two years whose Số đến restarts): validate → ingest → a
correction → check and brief for the office, every message in Vietnamese."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests._cli import ROOT, Run, baocao

REGISTER = ROOT / "examples" / "registers" / "so-den-ubmttq-tay-ninh-2022-2023.csv"
OFFICE = "UBMTTQ tỉnh Tây Ninh"
AS_OF = ("--as-of", "2023-03-01")
# English that must not reach a Vietnamese run (words of the English messages and labels)
ENGLISH = re.compile(r"\b(cannot|expected|missing|records?|received|conflicts?|wrote|"
                     r"give it|no such|batch|version|withdrawn|replaced)\b")


def _vietnamese(run: Run) -> None:
    text = run.out + run.err
    assert not ENGLISH.search(text), ENGLISH.search(text)


def _lines(path: Path, numbers: range) -> list[str]:
    return path.read_text(encoding="utf-8-sig").splitlines()[numbers.start:numbers.stop]


@pytest.mark.slow
def test_the_whole_loop(tmp_path: Path) -> None:
    header = _lines(REGISTER, range(7))  # the title rows and the two-row header

    # 1. validate the register as received
    run = baocao("validate", REGISTER, "--recipient", OFFICE, *AS_OF, cwd=tmp_path)
    assert run.code == 1, run.err  # some records need a person
    _vietnamese(run)

    # 2. ingest both years: 2022's Số đến 012 and 2023's Số đến 012 are two records
    run = baocao("ingest", REGISTER, "--db", "r.db", "--recipient", OFFICE, cwd=tmp_path)
    assert run.code in (0, 1), run.err
    _vietnamese(run)
    listed = baocao("register", "list", "--db", "r.db", "--format", "json", cwd=tmp_path)
    ids = {e["id"] for e in json.loads(listed.out)["records"]} if listed.out.startswith("{") \
        else set(re.findall(r"\b20\d\d/\d{3}\b", listed.out))
    assert {"2022/012", "2023/012"} <= ids, listed.out[:500]

    # 3. a correction typed in Excel and ingested again is a conflict until decided
    row = next(line for line in _lines(REGISTER, range(7, 200)) if ",428,16/06/2022," in line)
    fixed = tmp_path / "sua.csv"
    fixed.write_text("\n".join([*header, row.replace("Sở Thông tin và Truyền thông",
                                                     "Sở TT&TT Tây Ninh")]) + "\n",
                     encoding="utf-8")
    run = baocao("ingest", fixed, "--db", "r.db", "--recipient", OFFICE, cwd=tmp_path)
    _vietnamese(run)
    assert "xung đột 1" in run.flat_out
    run = baocao("register", "replace", "2022/428", "--db", "r.db", "--reason",
                 "sửa tên đơn vị", cwd=tmp_path)
    assert run.code == 0, run.err
    _vietnamese(run)
    run = baocao("register", "withdraw", "2022/401", "--db", "r.db", "--reason",
                 "giấy mời, nhập nhầm sổ", cwd=tmp_path)
    assert run.code == 0, run.err
    run = baocao("register", "history", "2022/428", "--db", "r.db", cwd=tmp_path)
    assert run.code == 0, run.err
    _vietnamese(run)
    assert "sửa tên đơn vị" in run.flat_out
    assert "giờ Việt Nam" in run.flat_out

    # 4. the inspector's view of the office, from the register
    run = baocao("check", "--db", "r.db", "--office", OFFICE, *AS_OF, "--format", "json",
                 "--all", cwd=tmp_path)
    assert run.code == 1, run.err
    data = json.loads(run.out)
    subs = {s["id"]: s for s in data["submissions"]}
    assert "2022/401" not in subs  # withdrawn: counted nowhere
    assert subs["2022/428"]["reporter_name"].startswith("Sở Thông tin và Truyền thông")
    assert all(OFFICE_ID in (r["recipient"], r.get("via")) for r in data["instances"])
    run = baocao("brief", "--db", "r.db", "--office", OFFICE, *AS_OF, "-o", "brief.html",
                 cwd=tmp_path)
    assert run.code == 0, run.err
    _vietnamese(run)
    page = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "gửi Ủy ban" in page or "gửi UBMTTQ" in page


OFFICE_ID = "ubmttq-tay-ninh"


def test_register_show_speaks_the_clerks_columns_in_local_time(tmp_path: Path) -> None:
    run = baocao("ingest", REGISTER, "--db", "r.db", "--recipient", OFFICE, cwd=tmp_path)
    assert "UTC" not in run.out
    run = baocao("register", "show", "2022/428", "--db", "r.db", cwd=tmp_path)
    assert run.code == 0, run.err
    assert "Ngày nhận (Ngày đến)" in run.out
    assert "submitted_on" not in run.out
    assert "UTC" not in run.out
    assert "Bản xung đột" not in run.out  # the register's own version
