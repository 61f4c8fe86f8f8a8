"""`baocao register backup` (issue 15, "backup"): a consistent copy of the register, what its
-wal still holds included; an existing file replaced only with --force; never the register
itself."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path

import engine
from tests._cli import invoke

HEADER = "id,reporter,recipient,submitted_on,period,title\n"
TN = "Sở TT&TT Tây Ninh"


def _csv(path: Path, ids: range) -> Path:
    rows = "".join(f"r{i},{TN},Vụ TĐKT,14/3/2022,2022-Q1,Báo cáo {i}\n" for i in ids)
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_the_backup_holds_what_the_wal_still_holds(tmp_path: Path) -> None:
    _csv(tmp_path / "a.csv", range(3))
    _csv(tmp_path / "b.csv", range(3, 6))
    assert invoke("ingest", "a.csv", "--db", "r.db", cwd=tmp_path).code == 0
    # Another process keeps the register open, so the second batch stays in the -wal.
    with contextlib.closing(sqlite3.connect(tmp_path / "r.db")) as other:
        other.execute("PRAGMA wal_autocheckpoint = 0")
        other.execute("SELECT count(*) FROM entries").fetchone()
        assert invoke("ingest", "b.csv", "--db", "r.db", cwd=tmp_path).code == 0
        assert (tmp_path / "r.db-wal").stat().st_size > 0
        shutil.copyfile(tmp_path / "r.db", tmp_path / "alone.db")  # what not to do
        run = invoke("register", "backup", "--db", "r.db", "copy.db", "--lang", "en",
                     cwd=tmp_path)
        assert run.code == 0, run.err
        assert "copied the register r.db to copy.db: 6 records" in run.flat_err
        original = engine.register_entries(tmp_path / "r.db")
    copy = engine.register_entries(tmp_path / "copy.db")
    assert [e.key for e in copy] == [f"r{i}" for i in range(6)]
    assert copy == original  # every record, as stored: fields, source, batch, status
    assert engine.register_ingests(tmp_path / "copy.db") == engine.register_ingests(
        tmp_path / "r.db")
    with contextlib.closing(sqlite3.connect(tmp_path / "alone.db")) as con:
        assert con.execute("SELECT count(*) FROM entries").fetchone()[0] == 3  # batch 2 lost
    assert sorted(p.name for p in tmp_path.glob("copy.db*")) == ["copy.db"]  # one file


def test_the_backup_is_a_register_like_the_first(tmp_path: Path) -> None:
    _csv(tmp_path / "a.csv", range(3))
    invoke("ingest", "a.csv", "--db", "r.db", cwd=tmp_path)
    assert invoke("register", "backup", "--db", "r.db", "copy.db", cwd=tmp_path).code == 0
    as_of = ("--as-of", "2023-03-01", "--format", "json")
    first = invoke("check", "--db", "r.db", *as_of, cwd=tmp_path)
    second = invoke("check", "--db", "copy.db", *as_of, cwd=tmp_path)
    assert json.loads(first.out) == json.loads(second.out)
    _csv(tmp_path / "b.csv", range(3, 5))
    more = invoke("ingest", "b.csv", "--db", "copy.db", "--format", "json", cwd=tmp_path)
    assert json.loads(more.out)["added"] == 2
    with contextlib.closing(sqlite3.connect(tmp_path / "copy.db")) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # as a register is


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    _csv(tmp_path / "a.csv", range(2))
    invoke("ingest", "a.csv", "--db", "r.db", cwd=tmp_path)
    (tmp_path / "copy.db").write_text("yesterday's copy", encoding="utf-8")
    run = invoke("register", "backup", "--db", "r.db", "copy.db", "--lang", "en", cwd=tmp_path)
    assert run.code == 2
    assert ("copy.db: register.backup-exists: this file exists already; give another name, or "
            "--force to replace it") in run.flat_err
    assert (tmp_path / "copy.db").read_text(encoding="utf-8") == "yesterday's copy"
    vi = invoke("register", "backup", "--db", "r.db", "copy.db", cwd=tmp_path)
    assert "copy.db: register.backup-exists: tệp này đã có; hãy đặt tên khác, hoặc thêm " \
           "--force để thay nó" in vi.flat_err
    forced = invoke("register", "backup", "--db", "r.db", "copy.db", "--force", cwd=tmp_path)
    assert forced.code == 0, forced.err
    assert [e.key for e in engine.register_entries(tmp_path / "copy.db")] == ["r0", "r1"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "copy.db", "r.db"]


def test_the_register_itself_is_refused(tmp_path: Path) -> None:
    _csv(tmp_path / "a.csv", range(2))
    invoke("ingest", "a.csv", "--db", "r.db", cwd=tmp_path)
    before = (tmp_path / "r.db").read_bytes()
    for name in ("r.db", "./r.db", str(tmp_path / "r.db"), "r.db-wal"):
        run = invoke("register", "backup", "--db", "r.db", name, "--force", "--lang", "en",
                     cwd=tmp_path)
        assert run.code == 2, name
        assert "register.backup-self: this is the register itself: give the copy another " \
               "name" in run.flat_err
    assert (tmp_path / "r.db").read_bytes() == before


def test_a_missing_register_or_folder_is_said(tmp_path: Path) -> None:
    run = invoke("register", "backup", "--db", "none.db", "copy.db", "--lang", "en",
                 cwd=tmp_path)
    assert run.code == 2
    assert "none.db: file.missing: no such register" in run.flat_err
    _csv(tmp_path / "a.csv", range(1))
    invoke("ingest", "a.csv", "--db", "r.db", cwd=tmp_path)
    run = invoke("register", "backup", "--db", "r.db", "no/such/folder/copy.db", "--lang", "en",
                 cwd=tmp_path)
    assert run.code == 2
    assert "no/such/folder/copy.db: file.unwritable: cannot write the copy" in run.flat_err
