"""Corrections with history (issue 15): `register replace`, `register withdraw`,
`register history`, end to end through the `baocao` command. Every version and every decision
is kept; `check --db` and `validate --db` count the register's version only, never a
withdrawn record."""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import engine
from engine.register import schema
from tests._cli import invoke

AS_OF = ("--as-of", "2023-03-01")
HEADER = "id,reporter,recipient,submitted_on,period,title\n"
WRONG = "Sở TT&TT Tây Nin"  # typed wrong in the first batch...
RIGHT = "Sở TT&TT Tây Ninh"  # ...and corrected in Excel


def _batch(folder: Path, name: str, reporter: str) -> None:
    (folder / name).write_text(
        HEADER + f"r1,{reporter},Vụ TĐKT,14/3/2022,2022-Q1,Báo cáo quý I\n"
        f"r2,{RIGHT},Vụ TĐKT,14/6/2022,2022-Q2,Báo cáo quý II\n", encoding="utf-8")


@pytest.fixture
def corrected(tmp_path: Path) -> Path:
    """A register holding r1 as typed wrong, and its corrected version kept aside."""
    _batch(tmp_path, "a.csv", WRONG)
    _batch(tmp_path, "b.csv", RIGHT)
    invoke("ingest", "a.csv", "--db", "r.db", cwd=tmp_path)
    run = invoke("ingest", "b.csv", "--db", "r.db", "--format", "json", cwd=tmp_path)
    assert [c["key"] for c in json.loads(run.out)["conflicts"]] == ["r1"]
    return tmp_path


def _validate(folder: Path) -> list[tuple[str, str]]:
    run = invoke("validate", "--db", "r.db", *AS_OF, "--format", "json", cwd=folder)
    return [(r["id"], r["disposition"]) for r in json.loads(run.out)["records"]]


def _en(folder: Path, *args: str) -> tuple[int, str]:
    run = invoke(*args, "--db", "r.db", "--lang", "en", cwd=folder)
    return run.code, run.flat_out + " " + run.flat_err


def test_replace_makes_the_corrected_version_count(corrected: Path) -> None:
    before = _validate(corrected)
    assert before == [("r1", "unknown_unit"), ("r2", "matched"), ("r1", "invalid")]
    code, said = _en(corrected, "register", "replace", "r1", "--reason", "sửa tên đơn vị")
    assert code == 0, said
    assert re.search(r"Record r1: version 2 replaces version 1 \(decision 1, "
                     r"\d\d/\d\d/\d{4} \d\d:\d\d Vietnam time; reason: sửa tên đơn vị\)", said)
    assert _validate(corrected) == [("r2", "matched"), ("r1", "matched")]
    check = json.loads(invoke("check", "--db", "r.db", *AS_OF, "--format", "json",
                              cwd=corrected).out)
    assert "register.conflict" not in json.dumps(check)
    listed = json.loads(invoke("register", "list", "--db", "r.db", "--format", "json",
                               cwd=corrected).out)
    assert [(e["key"], e["version"], e["state"]) for e in listed] == [
        ("r1", 1, "superseded"), ("r2", 1, "current"), ("r1", 2, "current")]
    conflicts = invoke("register", "list", "--db", "r.db", "--conflicts", "--format", "json",
                       cwd=corrected)
    assert json.loads(conflicts.out) == []
    none = invoke("register", "list", "--db", "r.db", "--conflicts", cwd=corrected)
    assert "Không có bản xung đột nào đang chờ quyết định trong sổ." in none.flat_out
    # the old file ingested once more: its version was decided on, it is no conflict again
    again = json.loads(invoke("ingest", "a.csv", "--db", "r.db", "--format", "json",
                              cwd=corrected).out)
    assert (again["added"], again["unchanged"], again["conflicts"]) == (0, 2, [])
    # and the export takes the register's version
    invoke("register", "export", "--db", "r.db", "-o", "out.csv", cwd=corrected)
    assert WRONG + "," not in (corrected / "out.csv").read_text(encoding="utf-8-sig")


def test_replace_with_a_given_version_and_its_refusals(corrected: Path) -> None:
    assert _en(corrected, "register", "replace", "r1")[0] == 0
    code, said = _en(corrected, "register", "replace", "r1")
    assert code == 2
    assert ("r.db: register.no-version: no other version of 'r1' waits for a decision; name "
            "one with --version N ('baocao register history r1' lists them)") in said
    code, said = _en(corrected, "register", "replace", "r1", "--version", "2")
    assert code == 2
    assert "r.db: register.already-current: version 2 is already the register's version of " \
           "'r1'" in said
    code, said = _en(corrected, "register", "replace", "r1", "--version", "5")
    assert code == 2
    assert "r.db: register.unknown-version: 'r1' has no version 5; it has versions 1 to 2" \
           in said
    code, said = _en(corrected, "register", "replace", "r9")
    assert code == 2
    assert "r.db: register.unknown-id: no record 'r9' in the register" in said
    back = invoke("register", "replace", "r1", "--db", "r.db", "--version", "1", "--reason",
                  "bản đầu mới đúng", cwd=corrected)
    assert back.code == 0, back.err
    assert "Bản ghi r1: bản 1 thay bản 2" in back.flat_out
    assert _validate(corrected) == [("r1", "unknown_unit"), ("r2", "matched")]
    vi = invoke("register", "replace", "r1", "--db", "r.db", cwd=corrected)
    assert "r.db: register.no-version: không có bản nào khác của 'r1' đang chờ quyết định" \
           in vi.flat_err


def test_withdraw_makes_a_record_stop_counting_and_keeps_it(corrected: Path) -> None:
    code, said = _en(corrected, "register", "withdraw", "r2", "--reason", "nhập trùng")
    assert code == 0, said
    assert "Record r2 (version 1) withdrawn, no longer counted (decision 1," in said
    assert "reason: nhập trùng" in said
    assert [k for k, _ in _validate(corrected)] == ["r1", "r1"]  # r2 left out
    check = json.loads(invoke("check", "--db", "r.db", *AS_OF, "--format", "json",
                              cwd=corrected).out)
    assert "r2" not in {s.get("id") for s in check.get("submissions", [])}
    invoke("register", "export", "--db", "r.db", "--format", "json", "-o", "out.json",
           cwd=corrected)
    exported = json.loads((corrected / "out.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in exported] == ["r1"]
    kept = engine.register_entries(corrected / "r.db", key="r2")
    assert [(e.state, e.data["reporter"]) for e in kept] == [("withdrawn", RIGHT)]  # kept
    code, said = _en(corrected, "register", "withdraw", "r2", "--reason", "again")
    assert code == 2
    assert "r.db: register.withdrawn: 'r2' is withdrawn already" in said
    assert _en(corrected, "register", "replace", "r2", "--version", "1")[0] == 0  # reinstated
    assert ("r2", "matched") in _validate(corrected)
    missing = invoke("register", "withdraw", "r2", "--db", "r.db", cwd=corrected)
    assert missing.code == 2  # --reason is required
    assert "--reason" in missing.err


def test_history_lists_every_version_and_decision_in_vietnam_time(corrected: Path) -> None:
    invoke("register", "replace", "r1", "--db", "r.db", "--reason", "sửa tên", cwd=corrected)
    invoke("register", "withdraw", "r1", "--db", "r.db", "--reason", "thu hồi", cwd=corrected)
    found = json.loads(invoke("register", "history", "r1", "--db", "r.db", "--format", "json",
                              cwd=corrected).out)
    assert found["state"] == "withdrawn"
    assert [(v["number"], v["source"], v["state"], v["changed"]) for v in found["versions"]] == [
        (1, "a.csv:2", "superseded", []), (2, "b.csv:2", "withdrawn", ["reporter"])]
    assert [(d["action"], d["version"], d["previous"], d["reason"])
            for d in found["decisions"]] == [("replace", 2, 1, "sửa tên"),
                                             ("withdraw", 2, 2, "thu hồi")]
    at = datetime.fromisoformat(found["decisions"][0]["at"])
    local = (at + timedelta(hours=7)).strftime("%d/%m/%Y %H:%M")  # Asia/Ho_Chi_Minh: UTC+7
    shown = invoke("register", "history", "r1", "--db", "r.db", "--lang", "en", cwd=corrected,
                   columns="300")
    assert shown.code == 0, shown.err
    text = shown.flat_out
    assert "History of record r1 (Vietnam time)" in text
    assert f"{local} decision: version 2 replaces version 1" in text
    assert "differs from the one before in Reporter: Sở TT&TT Tây Ninh" in text
    assert "thu hồi" in text
    assert "Now: withdrawn (version 2), not counted." in text
    vi = invoke("register", "history", "r1", "--db", "r.db", cwd=corrected, columns="300")
    assert "Lịch sử bản ghi r1 (giờ Việt Nam)" in vi.flat_out
    assert "quyết định: bản 2 thay bản 1" in vi.flat_out


def test_a_version_received_after_a_decision_waits_for_one(corrected: Path) -> None:
    invoke("register", "replace", "r1", "--db", "r.db", cwd=corrected)
    (corrected / "c.csv").write_text(HEADER + f"r1,{RIGHT},Vụ TĐKT,15/3/2022,2022-Q1,Báo cáo "
                                     "quý I\n", encoding="utf-8")
    run = json.loads(invoke("ingest", "c.csv", "--db", "r.db", "--format", "json",
                            cwd=corrected).out)
    assert [c["key"] for c in run["conflicts"]] == ["r1"]
    history = invoke("register", "history", "r1", "--db", "r.db", "--lang", "en",
                     cwd=corrected, columns="300")
    assert "1 versions wait for a decision: the new one right, 'baocao register replace r1'" \
           in history.flat_out
    assert _en(corrected, "register", "replace", "r1")[0] == 0
    assert [e.version for e in engine.register_entries(corrected / "r.db", key="r1")
            if e.state == "current"] == [3]


def test_the_conflict_advice_leads_to_the_commands(corrected: Path) -> None:
    run = invoke("validate", "--db", "r.db", *AS_OF, "--lang", "en", cwd=corrected,
                 columns="250")
    assert "'baocao register replace r1'" in run.flat_out
    assert "'baocao register withdraw r1 --reason ...'" in run.flat_out


def test_decisions_are_never_changed_and_an_older_register_gains_the_table(
        tmp_path: Path) -> None:
    _batch(tmp_path, "a.csv", RIGHT)
    invoke("ingest", "a.csv", "--db", "r.db", cwd=tmp_path)
    with contextlib.closing(sqlite3.connect(tmp_path / "r.db")) as con:
        con.execute("DROP TABLE decisions")  # as version 2 was
        con.execute("PRAGMA user_version = 2")
        con.commit()
        before = con.execute("SELECT * FROM entries ORDER BY seq").fetchall()
    assert invoke("register", "withdraw", "r1", "--db", "r.db", "--reason", "x",
                  cwd=tmp_path).code == 0
    with contextlib.closing(sqlite3.connect(tmp_path / "r.db")) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 3
        assert con.execute("SELECT * FROM entries ORDER BY seq").fetchall() == before
        with pytest.raises(sqlite3.IntegrityError, match="never changed"):
            con.execute("UPDATE decisions SET reason = 'y'")
        with pytest.raises(sqlite3.IntegrityError, match="never deleted"):
            con.execute("DELETE FROM decisions")
