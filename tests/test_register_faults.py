"""Every fault of the register's file is a located message and exit 2, at every command that
touches it (issue 15, "register faults"): a damaged file, a file that is not SQLite, another
program's SQLite database (told apart from a newer baocao's register), a read-only file or
folder (where reading still works), and a lock held past the timeout.

Each fault goes through the real `baocao` command, in the test's process (``invoke``, which
fails on a traceback); a lock is held by a connection of the test, which SQLite honours
between connections of one process as between processes.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.register import schema
from tests._cli import Run, invoke

AS_OF = "2023-03-01"
HEADER = "id,reporter,recipient,submitted_on,period,title\n"
TN = "Sở TT&TT Tây Ninh"

# Every command that opens the register: (args before --db, reads only)
COMMANDS: list[tuple[tuple[str, ...], bool]] = [
    (("ingest", "a.csv"), False),
    (("register", "list"), True),
    (("register", "show", "r1"), True),
    (("register", "export"), True),
    (("check", "--as-of", AS_OF), True),
    (("overdue", "--as-of", AS_OF), True),
    (("validate", "--as-of", AS_OF), True),
]
IDS = [" ".join(args[:2]) for args, _ in COMMANDS]


def _csv(folder: Path, n: int = 3) -> Path:
    rows = "".join(f"r{i},{TN},Vụ TĐKT,14/3/2022,2022-Q1,Báo cáo {i}\n" for i in range(n))
    path = folder / "a.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def _register(folder: Path, n: int = 3, name: str = "r.db") -> Path:
    _csv(folder, n)
    run = invoke("ingest", "a.csv", "--db", name, cwd=folder)
    assert run.code == 0, run.err
    return folder / name


def _run(folder: Path, args: tuple[str, ...], db: str = "r.db", *more: str) -> Run:
    return invoke(*args, "--db", db, "--lang", "en", *more, cwd=folder)


# ---------------------------------------------------------------------------------------
# A damaged file, a file that is not SQLite, another program's database, a newer register


def _damage(db: Path, start: int) -> None:
    data = bytearray(db.read_bytes())
    data[start:] = b"\x41" * (len(data) - start)
    db.write_bytes(bytes(data))


@pytest.mark.slow
@pytest.mark.parametrize(("args", "reads"), COMMANDS, ids=IDS)
def test_a_damaged_register_is_said_at_every_command(tmp_path: Path, args: tuple[str, ...],
                                                     reads: bool) -> None:
    db = _register(tmp_path)
    _damage(db, 100)  # the header stands; the schema page after it is garbage
    run = _run(tmp_path, args)
    assert run.code == 2, (run.out, run.err)
    assert "r.db: register.damaged: the register is damaged (database disk image is " \
           "malformed); restore it from a copy made with 'baocao register backup'" \
           in run.flat_err


@pytest.mark.slow
def test_damage_found_only_while_reading_the_records_is_said_too(tmp_path: Path) -> None:
    """The schema reads well; the records' pages, read later, do not."""
    db = _register(tmp_path, n=400)
    size = db.stat().st_size
    _damage(db, size - 4 * 4096)
    for args in (("register", "list"), ("register", "export"), ("check", "--as-of", AS_OF)):
        run = _run(tmp_path, args)
        assert run.code == 2, (args, run.out, run.err)
        assert "r.db: register.damaged:" in run.flat_err, args


def test_the_damage_is_said_in_vietnamese_by_default(tmp_path: Path) -> None:
    db = _register(tmp_path)
    _damage(db, 100)
    run = invoke("register", "list", "--db", "r.db", cwd=tmp_path)
    assert run.code == 2
    assert "r.db: register.damaged: sổ bị hỏng (database disk image is malformed); hãy khôi " \
           "phục từ bản sao tạo bằng 'baocao register backup'" in run.flat_err


@pytest.mark.slow
@pytest.mark.parametrize(("args", "reads"), COMMANDS, ids=IDS)
def test_a_file_that_is_not_sqlite_is_said_at_every_command(tmp_path: Path,
                                                            args: tuple[str, ...],
                                                            reads: bool) -> None:
    _csv(tmp_path)
    (tmp_path / "r.db").write_text("not a database, just some text " * 60, encoding="utf-8")
    run = _run(tmp_path, args)
    assert run.code == 2, run.err
    assert "r.db: register.not-a-register: not a baocao register: not a SQLite database " \
           "(file is not a database)" in run.flat_err


@pytest.mark.parametrize(("args", "kind"), [
    *((args, "user_version") for args, _ in COMMANDS),
    (("ingest", "a.csv"), "tables"), (("register", "list"), "tables"),
    (("ingest", "a.csv"), "application_id"), (("check", "--as-of", AS_OF), "application_id"),
], ids=[*(f"{i}-user_version" for i in IDS), "ingest-tables", "list-tables",
        "ingest-application_id", "check-application_id"])
@pytest.mark.slow
def test_another_programs_database_is_not_called_a_newer_register(
        tmp_path: Path, args: tuple[str, ...], kind: str) -> None:
    _csv(tmp_path)
    with contextlib.closing(sqlite3.connect(tmp_path / "r.db")) as con:
        if kind == "tables":
            con.execute("CREATE TABLE accounts (id INTEGER)")
        elif kind == "user_version":
            con.execute("PRAGMA user_version = 7")  # no table, no application_id
        else:
            con.execute("PRAGMA application_id = 1234")
        con.commit()
    before = (tmp_path / "r.db").read_bytes()
    run = _run(tmp_path, args)
    assert run.code == 2, run.err
    mark = {"tables": "no baocao mark", "user_version": "no baocao mark, user_version 7",
            "application_id": "application_id 0x4d2"}[kind]
    assert (f"r.db: register.not-a-register: this SQLite file is another program's database "
            f"({mark}), not a baocao register") in run.flat_err
    assert "newer" not in run.err
    assert (tmp_path / "r.db").read_bytes() == before  # never written into


@pytest.mark.slow
def test_a_newer_baocaos_register_is_still_called_newer(tmp_path: Path) -> None:
    db = _register(tmp_path)
    with contextlib.closing(sqlite3.connect(db)) as con:
        con.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION + 1}")
    for args, _ in COMMANDS:
        run = _run(tmp_path, args)
        assert run.code == 2, args
        assert f"r.db: register.newer: this register has schema version " \
               f"{schema.SCHEMA_VERSION + 1}, written by a newer baocao" in run.flat_err


# ---------------------------------------------------------------------------------------
# Read-only: a file, a folder. Reading works there; writing is a located refusal.


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[None]:
    """``path`` (a file or a folder) made read-only for this process: by its mode, or for
    root (whom modes do not stop) by Linux's immutable flag; skipped where neither holds."""
    mode = path.stat().st_mode
    immutable = False
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        chattr = shutil.which("chattr")
        if chattr is None or subprocess.run([chattr, "+i", str(path)],
                                            capture_output=True).returncode:
            pytest.skip("running as root without chattr: nothing is read-only")
        immutable = True
    else:
        path.chmod(stat.S_IREAD | stat.S_IEXEC if path.is_dir() else stat.S_IREAD)
    try:
        probe = path / "probe" if path.is_dir() else path
        try:
            with probe.open("a"):
                pass
        except OSError:
            pass
        else:
            if path.is_dir():
                probe.unlink()
            pytest.skip("this file system lets the file be written anyway")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        else:
            path.chmod(mode)


def _reads_work(folder: Path, db: str) -> None:
    for args, reads in COMMANDS:
        if reads:
            run = _run(folder, args, db)
            assert run.code in (0, 1), (args, run.out, run.err)
    listed = _run(folder, ("register", "list"), db, "--format", "json")
    assert '"key": "r2"' in listed.out


READ_ONLY = ("r.db: register.read-only: the register cannot be written here (a read-only "
             "file, or in a read-only folder: SQLite needs to make its -wal and -shm beside "
             "it); it can still be read")


@pytest.mark.slow
def test_a_read_only_register_is_read_and_refused_for_writing(tmp_path: Path) -> None:
    db = _register(tmp_path)
    before = db.read_bytes()
    with _read_only(db):
        _reads_work(tmp_path, "r.db")
        run = _run(tmp_path, ("ingest", "a.csv"))
        assert run.code == 2, run.err
        assert READ_ONLY in run.flat_err
        vi = invoke("ingest", "a.csv", "--db", "r.db", cwd=tmp_path)
        assert vi.code == 2
        assert "r.db: register.read-only: không ghi được vào sổ ở đây" in vi.flat_err
    assert db.read_bytes() == before


@pytest.mark.slow
def test_a_register_in_a_read_only_folder_is_read_and_refused_for_writing(
        tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    db = _register(tmp_path)
    shutil.move(db, share / "r.db")
    with _read_only(share):
        _reads_work(tmp_path, "share/r.db")
        assert sorted(p.name for p in share.iterdir()) == ["r.db"]  # nothing made beside it
        run = _run(tmp_path, ("ingest", "a.csv"), "share/r.db")
        assert run.code == 2, run.err
        assert READ_ONLY.replace("r.db", "share/r.db", 1) in run.flat_err
        new = _run(tmp_path, ("ingest", "a.csv"), "share/new.db")
        assert new.code == 2, new.err
        assert "share/new.db: register.read-only:" in new.flat_err


@pytest.mark.slow
def test_an_older_register_in_a_read_only_folder_is_read_migrated_in_memory(
        tmp_path: Path) -> None:
    share = tmp_path / "share"
    share.mkdir()
    _register(share)
    with contextlib.closing(sqlite3.connect(share / "r.db")) as con:
        con.execute("ALTER TABLE entries DROP COLUMN supplied")  # as schema version 1 was
        con.execute("PRAGMA user_version = 1")
        con.commit()
    before = (share / "r.db").read_bytes()
    with _read_only(share):
        _reads_work(tmp_path, "share/r.db")
    assert (share / "r.db").read_bytes() == before  # read, never migrated in place


# ---------------------------------------------------------------------------------------
# Locked past the timeout


def _with_timeout(folder: Path, *args: str) -> Run:
    """The command, its wait for the lock cut to one second (engine/register/schema.py reads
    BUSY_TIMEOUT_S when it connects). SQLite's locks hold between two connections of one
    process as between processes: the test's connection holds the lock, the command waits."""
    kept = schema.BUSY_TIMEOUT_S
    schema.BUSY_TIMEOUT_S = 1.0
    try:
        return invoke(*args, cwd=folder)
    finally:
        schema.BUSY_TIMEOUT_S = kept


@pytest.mark.slow
def test_a_register_locked_past_the_timeout_is_busy(tmp_path: Path) -> None:
    db = _register(tmp_path)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another ingest, stuck
        run = _with_timeout(tmp_path, "ingest", "a.csv", "--db", "r.db", "--lang", "en")
        assert run.code == 2, run.err
        assert ("r.db: register.busy: the register stayed locked by another baocao for 1 s; "
                "try again when it has finished") in " ".join(run.err.split())
        listed = _with_timeout(tmp_path, "register", "list", "--db", "r.db")  # WAL: readers
        assert listed.code == 0, listed.err                                  # still read
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.slow
def test_a_register_locked_against_readers_is_busy_for_them_too(tmp_path: Path) -> None:
    db = _register(tmp_path)
    holder = sqlite3.connect(db, isolation_level=None)
    try:
        holder.execute("PRAGMA journal_mode = DELETE")  # as a tool that takes it out of WAL
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("UPDATE ingests SET added = added")
        for args, _ in COMMANDS:
            run = _with_timeout(tmp_path, *args, "--db", "r.db", "--lang", "en")
            assert run.code == 2, (args, run.err)
            assert "r.db: register.busy:" in " ".join(run.err.split()), args
    finally:
        holder.execute("ROLLBACK")
        holder.close()
