"""Registers as offices keep them, decided record by record as a careful clerk would (issue 14).

The expectations in ``examples/registers/expected/*.yaml`` were written by reading the seed
texts and working every date out by hand (their headers say how), not by running baocao:

- ``so-den-ubmttq-tay-ninh-2022-2023.csv``: the Ủy ban MTTQ tỉnh Tây Ninh's "Sổ đăng ký văn
  bản đến" (NĐ 30/2020, Phụ lục IV) for 2022 and early 2023 — reports, plans, invitations,
  công văn, decisions, notices, reports on other subjects, early reports, clerk-written names,
  and a second year whose Số đến restarts at 001;
- ``clerk-titles.yaml``: thirty single records as clerks of several offices write them, each
  judged alone.

Each record's disposition is compared, and for a matched record every instance it counts for,
with its verdict; the kind of document read is compared too.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import engine
from tests._cli import invoke

ROOT = Path(__file__).resolve().parent.parent
REGISTERS = ROOT / "examples" / "registers"
REGISTER = REGISTERS / "so-den-ubmttq-tay-ninh-2022-2023.csv"
EXPECTED = yaml.safe_load((REGISTERS / "expected" / "so-den-ubmttq-tay-ninh-2022-2023.yaml")
                          .read_text(encoding="utf-8"))
TITLES = yaml.safe_load((REGISTERS / "expected" / "clerk-titles.yaml").read_text(encoding="utf-8"))
# The kinds the clerk names that are items of a quantity, not kinds of rules/doctypes.yaml.
ITEMS = frozenset({"tin", "bai", "phong_su"})


def _period(key: str, obligation: str) -> str:
    """The period of an instance key; a task covering a period ("báo cáo tổng kết năm
    2022", window 2022-12) is compared by the period it covers, as the clerk writes it."""
    period = key.split("/", 3)[3]
    return "2022" if obligation == "bao-cao-tong-ket-2022" else period


def _fulfils(sub: dict[str, Any], instances: dict[str, dict[str, Any]]) -> list[tuple[Any, ...]]:
    out = []
    for key in sub["instances"]:
        obligation = key.split("/")[1]
        inst = instances[key]
        out.append((obligation, _period(key, obligation), inst["verdict"], inst["days_late"]))
    return sorted(out)


def _wanted(expected: dict[str, Any]) -> list[tuple[Any, ...]]:
    return sorted((f["obligation"], str(f["period"]), f["verdict"], f.get("days_late", 0))
                  for f in expected.get("fulfils", ()))


@pytest.fixture(scope="module")
def register_run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    run = invoke("check", "-s", REGISTER, "--recipient", "UBMTTQ tỉnh Tây Ninh", "--as-of",
                 str(EXPECTED["as_of"]), "--since", "2021-01-01", "--format", "json",
                 cwd=tmp_path_factory.mktemp("reg"))
    assert run.code == 1, run.err  # late and overdue reports, records for the clerk
    data: dict[str, Any] = json.loads(run.out)
    return data


@pytest.mark.parametrize("key", sorted(EXPECTED["records"]))
def test_register_record(register_run: dict[str, Any], key: str) -> None:
    want = EXPECTED["records"][key]
    subs = {s["id"]: s for s in register_run["submissions"]}
    instances = {i["key"]: i for i in register_run["instances"]}
    got = subs[key]
    assert got["disposition"] == want["disposition"], (want["reason"], got["reasons"])
    if want["disposition"] == "matched":
        assert _fulfils(got, instances) == _wanted(want), want["reason"]
    if want.get("type") and want["type"] not in ITEMS:
        assert got["document_type"] == want["type"]


def test_register_second_year_restarts_its_numbers(register_run: dict[str, Any]) -> None:
    """Số đến 012 and 041 of 2023 are other documents than 012 and 041 of 2022 (NĐ 30/2020,
    Phụ lục IV: numbering restarts on 1 January): known as 2022/012 and 2023/012, both read,
    neither a duplicate id."""
    ids = [s["id"] for s in register_run["submissions"]]
    assert len(ids) == len(set(ids)) == len(EXPECTED["records"])
    assert {"2022/012", "2023/012", "2022/041", "2023/041"} <= set(ids)
    codes = {r["code"] for s in register_run["submissions"] for r in s["reasons"]}
    assert "record.duplicate-id" not in codes


def test_register_owes_each_missing_report_once(register_run: dict[str, Any]) -> None:
    """What the clerk lists as still owed to this office on 1/3/2023, from the register's
    years: each distinct report once, though two or three plans demand it (06 III, 02 III, 06
    II.1). (A report owed to another office, or for 2021, is another register's.)"""
    office = {"ubmttq-tay-ninh", "thuong-truc-bcd-cvd-tay-ninh"}
    by_report: dict[str, list[dict[str, Any]]] = {}
    for inst in register_run["instances"]:
        if {inst["recipient"], inst["via"]} & office and inst["due"] >= "2022-01-01":
            by_report.setdefault(inst["report"], []).append(inst)
    owed: dict[str, set[tuple[str, str]]] = {}
    for members in by_report.values():
        first = min(members, key=lambda i: (i["due"], i["key"]))
        if first["verdict"] == "overdue":
            obligation = first["obligation"]
            owed.setdefault(first["reporter"], set()).add(
                (_period(first["key"], obligation), first["due"]))
    for unit, entry in EXPECTED["owed_but_missing"]["units"].items():
        want = {(str(i["period"]), str(i["due"])) for i in entry["owes"]}
        assert owed.get(unit, set()) == want, unit
        assert len(want) == entry["distinct_reports_owed"]


def test_not_a_report_never_needs_attention(tmp_path: Path) -> None:
    """An invitation, a plan no duty asks for: counted in every total, never "cần xử lý", and
    never the cause of exit 1 (a batch of them alone exits 0)."""
    not_reports = [k for k, v in EXPECTED["records"].items() if v["disposition"] == "not_report"]
    run = invoke("validate", REGISTER, "--recipient", "UBMTTQ tỉnh Tây Ninh", "--as-of",
                 str(EXPECTED["as_of"]), "--format", "json", cwd=tmp_path)
    data = json.loads(run.out)
    assert data["summary"]["not_report"] == len(not_reports)
    assert data["summary"]["total"] == len(EXPECTED["records"])
    attention = {r["id"] for r in data["records"] if r["fixes"]}
    assert not attention & set(not_reports)
    invite = tmp_path / "giay-moi.csv"
    invite.write_text("id,reporter,recipient,submitted_on,document_number,title\n"
                      "g1,Sở Công Thương tỉnh Tây Ninh,UBMTTQ tỉnh Tây Ninh,08/06/2022,"
                      "1380/GM-SCT,Giấy mời dự Hội nghị kết nối cung cầu quý II năm 2022\n",
                      encoding="utf-8")
    alone = invoke("validate", invite, "--as-of", "2022-07-01", "--format", "json",
                   cwd=tmp_path)
    assert alone.code == 0, alone.out
    (record,) = json.loads(alone.out)["records"]
    assert record["disposition"] == "not_report"


@pytest.mark.parametrize("record", TITLES["records"], ids=lambda r: r["id"])
def test_clerk_written_record(record: dict[str, Any], book: engine.RuleBook,
                              tmp_path: Path) -> None:
    """Each record judged alone, as the clerk's note says."""
    want = record["expected"]
    fields = ("id", "reporter", "recipient", "submitted_on", "document_number", "title")
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump([{k: record[k] for k in fields if record.get(k)}],
                                   allow_unicode=True), encoding="utf-8")
    subs = engine.load_submissions([path], book)
    ev = engine.check(book, subs, date(2023, 3, 1), engine.Filters(since=date(2021, 1, 1)))
    (result,) = ev.submissions
    assert result.disposition.value == want["disposition"], (want["reason"], result.reasons)
    assert result.submission.reporter == want["unit"]
    if want["disposition"] == "matched":
        verdicts = {r.instance.key: r for r in ev.instances}
        got = sorted((k.split("/")[1], _period(k, k.split("/")[1]),
                      verdicts[k].verdict.value, verdicts[k].days_late)
                     for k in result.instances)
        assert got == _wanted(want), want["reason"]
    if want["type"] not in ITEMS:
        assert result.document_type == want["type"]
