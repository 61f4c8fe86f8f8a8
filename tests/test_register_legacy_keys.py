"""A register ingested before Số đến was qualified by its year (issue 15): its records are
known by their bare number, and January's "012" of 2023 was kept aside as a conflict with
2022's "012". Ingesting the same register again gives each record its year-qualified key,
and the version kept aside counts again; nothing is lost, nothing is added twice."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import engine
from engine.submissions import table
from tests._cli import ROOT, invoke

RULES = ROOT / "rules"
OFFICE = "UBMTTQ tỉnh Tây Ninh"
# Two years of one office's register: Số đến restarts at 01 every 1 January, so 012 comes
# twice (NĐ 30/2020/NĐ-CP, Phụ lục IV).
REGISTER = (
    "Số đến,Ngày đến,Tác giả,Số ký hiệu,Trích yếu\n"
    "012,07/01/2022,Liên đoàn Lao động tỉnh Tây Ninh,05/BC-LĐLĐ,"
    "Báo cáo kết quả thực hiện Cuộc vận động năm 2021\n"
    "013,10/01/2022,Sở Công Thương tỉnh Tây Ninh,85/BC-SCT,Báo cáo tình hình thị trường Tết\n"
    "012,09/01/2023,Hội Nông dân tỉnh Tây Ninh,118/BC-HND,"
    "Báo cáo kết quả thực hiện Cuộc vận động năm 2022\n"
)


def _keys(db: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(db) as con:
        return sorted(con.execute("SELECT key, conflict FROM entries").fetchall())


@pytest.fixture
def legacy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The register as the earlier baocao wrote it: the same reader, Số đến kept bare."""
    (tmp_path / "so-den.csv").write_text(REGISTER, encoding="utf-8")
    db = tmp_path / "so-den.db"
    book = engine.load_rulebook(RULES)
    with monkeypatch.context() as patch:
        patch.setattr(table, "_register_id", lambda number, received: number)
        report = engine.ingest([tmp_path / "so-den.csv"], book, db, recipient=OFFICE)
    assert (report.added, len(report.conflicts)) == (2, 1)
    assert _keys(db) == [("012", 0), ("012", 1), ("013", 0)]
    return tmp_path, db


def test_ingesting_again_gives_each_record_its_year(legacy: tuple[Path, Path]) -> None:
    work, db = legacy
    run = invoke("ingest", "so-den.csv", "--db", db, "--recipient", OFFICE, cwd=work)
    assert run.code in (0, 1), run.err
    assert "thêm mới 0 · không đổi 3 · xung đột 0" in run.flat_out
    assert _keys(db) == [("2022/012", 0), ("2022/013", 0), ("2023/012", 0)]
    entries = {e.key: e for e in engine.register_entries(db)}
    assert entries["2023/012"].data["id"] == "2023/012"  # the record reads as it is now read
    assert entries["2023/012"].state == "current"
    # and once more: the same three records, unchanged
    again = invoke("ingest", "so-den.csv", "--db", db, "--recipient", OFFICE, cwd=work)
    assert "thêm mới 0 · không đổi 3 · xung đột 0" in again.flat_out
    assert len(_keys(db)) == 3


def test_a_decided_old_key_keeps_its_history(legacy: tuple[Path, Path]) -> None:
    """A person decided on "012" already: that decision and its versions stay under the old
    key, untouched; the two records read again under their new keys are new to the register,
    and the ingest says so (2 added), so the clerk sees them."""
    work, db = legacy
    decided = invoke("register", "withdraw", "012", "--db", db, "--reason", "nhầm sổ",
                     cwd=work)
    assert decided.code == 0, decided.err
    run = invoke("ingest", "so-den.csv", "--db", db, "--recipient", OFFICE, cwd=work)
    assert "thêm mới 2 · không đổi 1 · xung đột 0" in run.flat_out
    assert _keys(db) == [("012", 0), ("012", 1), ("2022/012", 0), ("2022/013", 0),
                         ("2023/012", 0)]
    history = invoke("register", "history", "012", "--db", db, cwd=work)
    assert "nhầm sổ" in history.out
