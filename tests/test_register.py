"""The register: idempotent ingest, conflicts kept aside, one transaction per batch, and the
same verdicts from the register as from the files.

The crash and concurrency tests run the real command in subprocesses: a `kill -9` in the
middle of a large ingest, and two ingests at once.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import engine
from engine.errors import BaocaoError
from engine.register import schema
from tests._cli import ROOT, invoke

EXAMPLES = ROOT / "examples" / "submissions"
AS_OF = "2023-03-01"
TN = "Sở TT&TT Tây Ninh"
HEADER = "id,reporter,recipient,submitted_on,period,title\n"


def dump(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Everything the register holds, to compare before and after."""
    with sqlite3.connect(db) as con:
        entries = con.execute("SELECT * FROM entries ORDER BY seq").fetchall()
        ingests = con.execute("SELECT * FROM ingests ORDER BY id").fetchall()
    return entries, ingests


def batch_csv(path: Path, n: int, prefix: str = "r") -> Path:
    rows = "".join(f"{prefix}{i},{TN},Vụ TĐKT,14/3/2022,2022-Q1,Báo cáo {i}\n" for i in range(n))
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_ingest_then_reingest_changes_nothing(tmp_path: Path, book: engine.RuleBook) -> None:
    db = tmp_path / "r.db"
    first = engine.ingest([EXAMPLES], book, db)
    assert (first.records_in, first.added, first.unchanged, first.conflicts) == (55, 55, 0, ())
    assert first.statuses == {"valid": 50, "invalid": 3, "unknown_unit": 2}
    entries, _ = dump(db)
    again = engine.ingest([EXAMPLES], book, db)
    assert (again.added, again.unchanged, again.conflicts) == (0, 55, ())
    after, ingests = dump(db)
    assert after == entries  # the records are untouched...
    assert [row[5:] for row in ingests] == [(55, 55, 0, 0), (55, 0, 55, 0)]  # ...both recorded


def test_the_same_record_in_another_format_is_unchanged(tmp_path: Path,
                                                        book: engine.RuleBook) -> None:
    db = tmp_path / "r.db"
    engine.ingest([batch_csv(tmp_path / "a.csv", 3)], book, db)
    (tmp_path / "a.json").write_text(json.dumps([
        {"id": f"r{i}", "reporter": f"  {TN} ", "recipient": "Vụ TĐKT",
         "submitted_on": "2022-03-14", "period": "quý I/2022", "title": f"Báo cáo {i}",
         "ghi chú": "a note is not the record's content"} for i in range(3)],
        ensure_ascii=False), encoding="utf-8")
    report = engine.ingest([tmp_path / "a.json"], book, db)
    assert (report.added, report.unchanged, report.conflicts) == (0, 3, ())


def test_a_known_id_with_other_content_is_a_conflict_kept_aside(tmp_path: Path,
                                                                 book: engine.RuleBook) -> None:
    db = tmp_path / "r.db"
    engine.ingest([batch_csv(tmp_path / "a.csv", 3)], book, db)
    changed = tmp_path / "b.csv"
    changed.write_text(HEADER + f"r1,{TN},Vụ TĐKT,20/3/2022,2022-Q1,Báo cáo 1\n",
                       encoding="utf-8")
    report = engine.ingest([changed], book, db)
    (conflict,) = report.conflicts
    assert (conflict.key, conflict.source, conflict.stored_source, conflict.fields) == (
        "r1", f"{changed}:2", f"{tmp_path / 'a.csv'}:3", ("submitted_on",))
    again = engine.ingest([changed], book, db)  # the same conflicting version: not stored twice
    assert len(again.conflicts) == 1
    stored = engine.register_entries(db, key="r1")
    assert [(e.conflict, e.data["submitted_on"]) for e in stored] == [(False, "14/3/2022"),
                                                                      (True, "20/3/2022")]
    batch = engine.load_batch([], book, db=db)
    kept_aside = [s for s in batch.submissions if s.id == "r1"][1]
    assert [p.code for p in kept_aside.problems] == ["register.conflict"]
    assert kept_aside.problems[0].params["stored"] == f"{tmp_path / 'a.csv'}:3"


def test_records_read_back_are_those_the_files_gave_held_as_a_table_holds_them(
        tmp_path: Path, book: engine.RuleBook) -> None:
    """``check --db`` reads a province's register whole before building it: a row of a
    table comes back as its line and a column map shared by the rows of its file, its
    repeating values (names, dates, periods) one string each, as ``read_batch`` holds a
    file. At 100,000 records this took ``check --db`` from 620 MB to 283 MB."""
    from engine import register
    from engine.sources.located import RowPositions
    from engine.submissions.reading import read_batch

    files = [EXAMPLES, batch_csv(tmp_path / "a.csv", 4)]
    db = tmp_path / "r.db"
    engine.ingest(files, book, db)
    back, _ = register.read(register.location(db))
    read, _, _ = read_batch(files)
    assert len(back) == len(read) == 59
    for stored, given in zip(back, read, strict=True):
        assert (stored.line, stored.problems, stored.defaults) == \
            (given.line, given.problems, given.defaults)
        assert stored.located.data == given.located.data
        assert stored.located.file == given.located.file
        assert dict(stored.located.positions) == dict(given.located.positions)
        assert dict(stored.located.key_positions) == dict(given.located.key_positions)
        assert stored.located.where("/title") == given.located.where("/title")
    rows = [r for r in back if r.located.file.endswith("a.csv")]
    assert all(isinstance(r.located.positions, RowPositions) for r in rows)
    assert len({id(r.located.positions._columns) for r in rows}) == 1
    assert len({id(r.located.data["reporter"]) for r in rows}) == 1  # one string, 4 rows
    assert len({id(r.located.data["title"]) for r in rows}) == 4
    assert len({id(next(iter(r.located.data))) for r in back}) == 1  # "id": one string
    yaml_rows = [r for r in back if r.located.file.endswith(".yaml")]
    assert yaml_rows
    assert not any(isinstance(r.located.positions, RowPositions) for r in yaml_rows)


def test_a_batch_stores_for_each_record_the_texts_it_would_get_alone(tmp_path: Path) -> None:
    """Ingest works out a table's positions text once per column map (the line left as a
    gap) and a repeated value's canonical form once per value: the stored texts and
    fingerprints are those of each record on its own, a column whose name holds the gap's
    mark included."""
    from engine.register import store
    from engine.submissions.reading import read_batch

    marked = tmp_path / "marked.csv"
    marked.write_text(HEADER.rstrip("\n") + f",Ghi chú {store._MARK}\n"
                      f"m1,{TN},Vụ TĐKT,14/3/2022,2022-Q1,x,1\n"
                      f"m2,{TN},Vụ TĐKT,14/03/2022,quý 1/2022,y,\n", encoding="utf-8")
    files = [EXAMPLES, batch_csv(tmp_path / "a.csv", 30), marked]
    records, _, _ = read_batch(files)
    positions, canon = store._Positions(), store._Canon()
    for r in records * 2:  # the second time from what was remembered
        alone = json.dumps({"positions": dict(r.located.positions),
                            "keys": dict(r.located.key_positions)})
        assert positions(r.located) == alone
        assert json.loads(alone)["positions"][""][0] == r.line
        assert store.fingerprint(r, canon) == store.fingerprint(r)
    row = next(r for r in records if r.located.data.get("id") == "m2")
    assert f'"/Ghi ch\\u00fa {store._MARK}": [{row.line}, 7]' in positions(row.located)
    # the same day and period written two ways are one record's fields
    m1, m2 = (next(r for r in records if r.located.data.get("id") == k) for k in ("m1", "m2"))
    assert store._canon("submitted_on", "14/03/2022") == canon("submitted_on", "14/3/2022")
    assert canon("period", "quý 1/2022") == canon("period", "2022-Q1") == "2022-Q1"
    assert canon("title", "14/3/2022") == "14/3/2022"  # a date only where a date is meant
    assert m1.located.data["period"] != m2.located.data["period"]


def test_check_from_the_register_equals_check_from_the_files(tmp_path: Path) -> None:
    run = invoke("ingest", EXAMPLES, "--db", "r.db", cwd=tmp_path)
    assert run.code == 1, run.err  # the examples hold records that need a person
    files = invoke("check", "-s", EXAMPLES, "--as-of", AS_OF, "--format", "json", cwd=tmp_path)
    register = invoke("check", "--db", "r.db", "--as-of", AS_OF, "--format", "json",
                      cwd=tmp_path)
    assert files.code == register.code == 1
    assert json.loads(files.out) == json.loads(register.out)
    over_files = invoke("overdue", "-s", EXAMPLES, "--as-of", AS_OF, "--format", "json",
                        cwd=tmp_path)
    over_db = invoke("overdue", "--db", "r.db", "--as-of", AS_OF, "--format", "json",
                     cwd=tmp_path)
    assert json.loads(over_files.out) == json.loads(over_db.out)
    validate = invoke("validate", "--db", "r.db", "--as-of", AS_OF, "--format", "json",
                      cwd=tmp_path)
    assert json.loads(validate.out)["summary"]["total"] == 55


def test_stored_results_are_codes_in_both_languages(tmp_path: Path) -> None:
    invoke("ingest", EXAMPLES, "--db", "r.db", cwd=tmp_path)
    with sqlite3.connect(tmp_path / "r.db") as con:
        reasons = [json.loads(r) for (r,) in con.execute("SELECT reasons FROM entries")]
    codes = {r["code"] for rs in reasons for r in rs}
    assert codes == {"record.bad-date", "schema.required", "unit.ambiguous", "unit.unknown",
                     "unit.resolved-place"}
    assert all("message" not in r for rs in reasons for r in rs)  # no words stored
    vi = json.loads(invoke("register", "show", "stttt-06", "--db", "r.db", "--format", "json",
                           "--lang", "vi", cwd=tmp_path).out)
    en = json.loads(invoke("register", "show", "stttt-06", "--db", "r.db", "--format", "json",
                           "--lang", "en", cwd=tmp_path).out)
    assert vi[0]["reasons"][0]["message"] != en[0]["reasons"][0]["message"]
    for doc in (vi, en):
        del doc[0]["reasons"][0]["message"]
    assert vi == en


def test_register_commands(tmp_path: Path) -> None:
    batch_csv(tmp_path / "big.csv", 1200)
    big = invoke("ingest", "big.csv", "--db", "big.db", cwd=tmp_path, columns="80")
    assert big.code == 0
    # the title is a line of its own, not wrapped to the width of the two-column table under
    # it; the count read is grouped as every count is
    assert re.match(r"Lô 1 đã nhận vào sổ big\.db \(\d\d/\d\d/\d{4} \d\d:\d\d\)\n",
                    big.out), big.out
    assert re.search(r"│ big\.csv +│ +1\.200 │", big.out), big.out
    batch_csv(tmp_path / "a.csv", 3)
    assert invoke("ingest", "a.csv", "--db", "r.db", cwd=tmp_path).code == 0
    (tmp_path / "b.csv").write_text(HEADER + f"r1,{TN},Vụ TĐKT,20/3/2022,2022-Q1,x\n",
                                    encoding="utf-8")
    run = invoke("ingest", "b.csv", "--db", "r.db", "--lang", "en", cwd=tmp_path)
    assert run.code == 1  # a conflict is reported
    assert "Read 1 records: added 0 · unchanged 0 · conflicts 1" in run.flat_out
    assert "r1 b.csv:2 a.csv:3 Received" in run.flat_out  # the field as its column is named
    listed = invoke("register", "list", "--db", "r.db", "--format", "json", cwd=tmp_path)
    assert [(e["key"], e["conflict"]) for e in json.loads(listed.out)] == [
        ("r0", False), ("r1", False), ("r2", False), ("r1", True)]
    ingests = json.loads(invoke("register", "list", "--db", "r.db", "--ingests", "--format",
                                "json", cwd=tmp_path).out)
    assert [(i["id"], i["files"], i["added"], i["conflicts"]) for i in ingests] == [
        (1, ["a.csv"], 3, 0), (2, ["b.csv"], 0, 1)]
    shown = invoke("register", "show", "r1", "--db", "r.db", "--lang", "en", cwd=tmp_path,
                   columns="120")
    assert "Record r1 — a.csv:3, batch 1" in shown.flat_out
    assert "Conflicting version (kept aside) of r1 — b.csv:2, batch 2" in shown.flat_out
    missing = invoke("register", "show", "r9", "--db", "r.db", "--lang", "en", cwd=tmp_path)
    assert missing.code == 2
    assert "r.db: register.unknown-id: no record 'r9' in the register" in missing.flat_err
    export = invoke("register", "export", "--db", "r.db", "--format", "json", "-o", "x.json",
                    cwd=tmp_path)
    assert export.code == 0
    assert [r["id"] for r in json.loads((tmp_path / "x.json").read_text("utf-8"))] == [
        "r0", "r1", "r2"]
    again = invoke("ingest", "x.json", "--db", "r.db", "--format", "json", cwd=tmp_path)
    assert (json.loads(again.out)["added"], json.loads(again.out)["unchanged"]) == (0, 3)
    csv_out = invoke("register", "export", "--db", "r.db", cwd=tmp_path)
    assert csv_out.out.startswith("\ufeffid,reporter,recipient,submitted_on")


def test_a_large_register_is_listed_one_line_per_record(tmp_path: Path,
                                                        book: engine.RuleBook) -> None:
    """A province's register (100,000 records) as a Rich table took a minute and 860 MB;
    past 1,000 records it is one line each, cut to the terminal, every record listed."""
    from cli.render.table import LARGE

    n = LARGE + 200
    engine.ingest([batch_csv(tmp_path / "a.csv", n)], book, tmp_path / "r.db")
    (tmp_path / "b.csv").write_text(HEADER + f"r7,{TN},Vụ TĐKT,20/3/2022,2022-Q1,x\n",
                                    encoding="utf-8")
    engine.ingest([tmp_path / "b.csv"], book, tmp_path / "r.db")
    for columns in ("80", "120"):
        run = invoke("register", "list", "--db", "r.db", cwd=tmp_path, columns=columns)
        assert run.code == 0, run.err
        lines = run.out.splitlines()
        assert max(len(line) for line in lines) <= int(columns)
        rows = [line for line in lines if re.match(r"r\d+ ", line)]
        assert len(rows) == n + 1  # every version, the conflict's too
        assert rows[0].split()[0] == "r0"
        assert rows[-1].split()[0] == "r7"
        assert "xung đột" in rows[-1]  # the version kept aside says so
        assert f"{n:,}".replace(",", ".") + " bản ghi, và 1 bản khác" in run.out
        assert "sổ lớn: mỗi bản ghi một dòng" in run.flat_out
    assert "14/3/2022 · 2022-Q1" in rows[0]
    kept = invoke("register", "list", "--db", "r.db", "--conflicts", cwd=tmp_path)
    assert "Sổ r.db: 1 bản xung đột được giữ riêng" in kept.out
    assert [line.split()[0] for line in kept.out.splitlines() if "r7" in line] == ["r7"]
    with engine.register_snapshot(tmp_path / "r.db") as register:
        assert register.counts() == (n + 1, n)
        assert register.counts(conflicts_only=True) == (1, 1)
        assert sum(1 for _ in register.entries()) == n + 1


@pytest.mark.parametrize("items", [
    [], [{"a": 1}], [{"id": "r1", "data": {"tên": "Sở Y tế", "lồng": [1, {"x": None}]}},
                     {"id": "x\ud800y", "empty": {}, "list": []}, "chuỗi"]])
def test_a_json_list_written_an_item_at_a_time_is_the_list_dumped_whole(
        items: list[object]) -> None:
    """``register list`` and ``export`` write their JSON an entry at a time: the same text
    as ``json.dumps`` of the whole list (a stored lone surrogate replaced, as before). The
    collector is on while they write (json.dumps with an indent leaves cycles) and off
    again after, as ``cli.app.main`` set it."""
    import gc
    import io

    from cli.render.register import _SURROGATE, write_json_list

    out = io.StringIO()
    gc.disable()
    try:
        write_json_list(out, iter(items))
        assert not gc.isenabled()
    finally:
        gc.enable()
    whole = json.dumps(items, ensure_ascii=False, indent=2)
    assert out.getvalue() == _SURROGATE.sub("\ufffd", whole) + "\n"


# ---------------------------------------------------------------------------------------
# The file: versioned, refused when it is not a register


def test_schema_is_versioned_and_a_newer_register_is_refused(tmp_path: Path,
                                                            book: engine.RuleBook) -> None:
    db = tmp_path / "r.db"
    engine.ingest([batch_csv(tmp_path / "a.csv", 1)], book, db)
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert con.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        con.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    with pytest.raises(BaocaoError) as exc:
        engine.register_entries(db)
    assert [p.code for p in exc.value.problems] == ["register.newer"]
    run = invoke("check", "--db", db, "--as-of", AS_OF, "--lang", "en", cwd=tmp_path)
    assert run.code == 2
    assert (f"{db}: register.newer: this register has schema version "
            f"{schema.SCHEMA_VERSION + 1}, written by a newer baocao") in run.flat_err


def test_an_empty_file_becomes_a_register(tmp_path: Path, book: engine.RuleBook) -> None:
    db = tmp_path / "r.db"
    db.write_bytes(b"")
    report = engine.ingest([batch_csv(tmp_path / "a.csv", 2)], book, db)
    assert report.added == 2


@pytest.mark.parametrize("kind", ["other-sqlite", "text"])
def test_a_file_that_is_not_a_register_is_refused(tmp_path: Path, kind: str) -> None:
    db = tmp_path / "r.db"
    if kind == "text":
        db.write_text("not a database at all, just some text " * 40, encoding="utf-8")
    else:
        with sqlite3.connect(db) as con:
            con.execute("CREATE TABLE accounts (id INTEGER)")
    run = invoke("ingest", batch_csv(tmp_path / "a.csv", 1), "--db", "r.db", cwd=tmp_path)
    assert run.code == 2
    assert "r.db: register.not-a-register:" in run.flat_err
    if kind == "other-sqlite":
        with sqlite3.connect(db) as con:  # and nothing was written into it
            assert [t for (t,) in con.execute("SELECT name FROM sqlite_master")] == ["accounts"]


def test_check_with_a_missing_register_exits_2(tmp_path: Path) -> None:
    run = invoke("check", "--db", "none.db", "--as-of", AS_OF, "--lang", "en", cwd=tmp_path)
    assert run.code == 2
    assert "none.db: file.missing: no such register" in run.flat_err
    assert not (tmp_path / "none.db").exists()


# ---------------------------------------------------------------------------------------
# One transaction per batch: a kill -9 half-way, and two ingests at once


def _command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "cli.app", *map(str, args)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}


@pytest.mark.slow
def test_kill_9_in_the_middle_of_a_large_ingest_leaves_the_register_as_it_was(
        tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    first = subprocess.run(_command("ingest", batch_csv(tmp_path / "small.csv", 10, "s"),
                                    "--db", db), env=_env(), capture_output=True, check=False)
    assert first.returncode == 0, first.stderr
    before = dump(db)
    big = batch_csv(tmp_path / "big.csv", 60_000, "b")
    wal = Path(f"{db}-wal")
    proc = subprocess.Popen(_command("ingest", big, "--db", db), env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 240
    try:
        # The batch is in its transaction once pages of it spill into the write-ahead log.
        while (not wal.exists() or wal.stat().st_size < 2_000_000) and proc.poll() is None:
            assert time.monotonic() < deadline, "the ingest never started writing"
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL  # killed, not finished
    assert dump(db) == before
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    after = subprocess.run(_command("ingest", tmp_path / "small.csv", "--db", db), env=_env(),
                           capture_output=True, check=False)
    assert after.returncode == 0, after.stderr  # and the register works on


@pytest.mark.slow
def test_two_ingests_at_once_lose_no_record(tmp_path: Path) -> None:
    db = tmp_path / "r.db"
    a = batch_csv(tmp_path / "a.csv", 4000, "a")
    b = batch_csv(tmp_path / "b.csv", 4000, "b")
    procs = [subprocess.Popen(_command("ingest", path, "--db", db, "--format", "json"),
                              env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for path in (a, b, a)]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        reports.append(json.loads(out))
    entries, ingests = dump(db)
    assert len(entries) == 8000
    assert len({row[1] for row in entries}) == 8000
    assert len(ingests) == 3
    added = sorted(r["added"] for r in reports)
    assert added == [0, 4000, 4000]  # the batch given twice was added once


# ---------------------------------------------------------------------------------------
# A register of documents received: the recipient given with --recipient is kept


SO_TTTT_TNG = "Sở TT&TT Thái Nguyên"


@pytest.fixture
def incoming(tmp_path: Path) -> Path:
    from tests.test_e2e_validate import incoming_register

    return incoming_register(tmp_path / "so-den-2022.xlsx")


def test_the_recipient_given_at_ingest_is_kept_with_the_records(incoming: Path) -> None:
    cwd = incoming.parent
    run = invoke("ingest", incoming.name, "--db", "r.db", "--recipient", SO_TTTT_TNG,
                 "--format", "json", cwd=cwd)
    assert run.code == 1, run.err  # records that need a person (see test_e2e_validate)
    report = json.loads(run.out)
    assert (report["added"], report["statuses"]) == (
        9, {"valid": 7, "invalid": 1, "unknown_unit": 1})
    # check --db needs no --recipient: the same verdicts as the file with the option
    files = invoke("check", "-s", incoming.name, "--recipient", SO_TTTT_TNG, "--as-of", AS_OF,
                   "--format", "json", cwd=cwd)
    register = invoke("check", "--db", "r.db", "--as-of", AS_OF, "--format", "json", cwd=cwd)
    assert files.code == register.code == 1
    assert json.loads(files.out) == json.loads(register.out)
    (entry,) = engine.register_entries(cwd / "r.db", key="2022/1203")
    assert "recipient" not in entry.data  # stored as written...
    assert entry.supplied == {"recipient": "so-tttt-thai-nguyen"}  # ...with what was given
    assert [r.code for r in entry.reasons] == ["record.recipient-default"]
    shown = invoke("register", "show", "2022/1203", "--db", "r.db", "--lang", "en", cwd=cwd,
                   columns="160")
    # the unit by its name (the bundled registry), never its id
    name = "Thai Nguyen Department of Information and Communications"
    assert f"recipient {name} (not written: from --recipient)" in shown.flat_out
    assert ("recipient taken from --recipient (the office keeping the register): "
            f"{name}") in shown.flat_out
    assert "so-tttt-thai-nguyen" not in shown.out
    # the same register again, with the option: unchanged; the export reads back unchanged
    again = invoke("ingest", incoming.name, "--db", "r.db", "--recipient",
                   "so-tttt-thai-nguyen", "--format", "json", cwd=cwd)
    assert (json.loads(again.out)["added"], json.loads(again.out)["unchanged"]) == (0, 9)
    invoke("register", "export", "--db", "r.db", "--format", "json", "-o", "x.json", cwd=cwd)
    exported = json.loads((cwd / "x.json").read_text("utf-8"))
    assert {r["recipient"] for r in exported} == {"so-tttt-thai-nguyen"}
    back = invoke("ingest", "x.json", "--db", "r.db", "--format", "json", cwd=cwd)
    assert (json.loads(back.out)["added"], json.loads(back.out)["unchanged"]) == (0, 9)


def test_another_recipient_for_the_same_register_is_a_conflict(incoming: Path,
                                                               book: engine.RuleBook) -> None:
    db = incoming.parent / "r.db"
    engine.ingest([incoming], book, db, recipient=SO_TTTT_TNG)
    report = engine.ingest([incoming], book, db, recipient="Sở TT&TT Tây Ninh")
    assert report.added == 0
    assert {c.fields for c in report.conflicts} == {("recipient",)}
    assert len(report.conflicts) == 9


def test_a_register_of_schema_version_1_is_migrated(tmp_path: Path,
                                                   book: engine.RuleBook) -> None:
    """Version 1 had no column for values given by an option: its records gave none."""
    db = tmp_path / "r.db"
    engine.ingest([batch_csv(tmp_path / "a.csv", 2)], book, db)
    with sqlite3.connect(db) as con:
        con.execute("ALTER TABLE entries DROP COLUMN supplied")
        con.execute("PRAGMA user_version = 1")
    assert [e.supplied for e in engine.register_entries(db)] == [{}, {}]
    with sqlite3.connect(db) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 3
    assert engine.ingest([tmp_path / "a.csv"], book, db).unchanged == 2
