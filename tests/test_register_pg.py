"""The register on a real PostgreSQL server (issue 19), next to the same work on a SQLite file.

The suite starts its own server (tests/_pg.py: Debian's postgresql binaries, run as the
``postgres`` user under root) and stops it at the end; without the binaries these tests are
skipped, unless BAOCAO_REQUIRE_POSTGRES=1 (set by .ci/run), where that is a failure. No mock:
every test runs the real ``baocao`` command against the server, in the test's process
(``invoke``) where only what it says and stores matters, as processes of their own where a
process is the point (clerks ingesting at once, a ``kill -9``, a connection cut, a server
that is down).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import _pg
from tests._cli import ROOT, Run, baocao, invoke

EXAMPLES = ROOT / "examples" / "submissions"
AS_OF = "2023-03-01"


@pytest.fixture(scope="module")
def server() -> Iterator[_pg.Server]:
    if _pg.binaries() is None:
        if os.environ.get("BAOCAO_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL server binaries are required here (BAOCAO_REQUIRE_POSTGRES)")
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not installed")
    running = _pg.start_server()
    try:
        yield running
    finally:
        _pg.remove(running)


@pytest.fixture
def url(server: _pg.Server, request: pytest.FixtureRequest) -> str:
    """A new empty database for one test."""
    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:50].lower()
    return server.database(name)


def _ok(run: Run) -> Run:
    assert run.code in (0, 1), run.out + run.err
    return run


def _titles_without(text: str, *names: str) -> str:
    """Output with the register's name (a file, an address) left out: what must match."""
    for name in names:
        text = text.replace(name, "<REGISTER>")
    return text


def test_the_same_batches_give_the_same_check_on_both_stores(url: str, tmp_path: Path) -> None:
    file = tmp_path / "so-den.db"
    for db in (url, file):
        first = _ok(invoke("ingest", EXAMPLES, "--db", db, "--format", "json", cwd=tmp_path))
        again = _ok(invoke("ingest", EXAMPLES, "--db", db, "--format", "json", cwd=tmp_path))
        assert (json.loads(first.out)["added"], json.loads(again.out)["unchanged"]) == (55, 55)
    on_server = _ok(invoke("check", "--db", url, "--as-of", AS_OF, cwd=tmp_path))
    on_file = _ok(invoke("check", "--db", file, "--as-of", AS_OF, cwd=tmp_path))
    assert on_server.out == on_file.out
    assert on_server.code == on_file.code == 1
    as_json = [invoke("check", "--db", db, "--as-of", AS_OF, "--format", "json",
                      cwd=tmp_path).out for db in (url, file)]
    assert as_json[0] == as_json[1]


def test_both_stores_have_the_same_tables_and_columns(url: str, tmp_path: Path) -> None:
    """The server's migrations (engine/register/postgres.py) are SQLite's in PostgreSQL's
    words, and ``register copy`` names the columns once for both (``_TABLES``): the three
    must not drift apart."""
    import sqlite3

    import psycopg

    from engine import register

    for db in (url, "r.db"):
        _ok(invoke("ingest", EXAMPLES, "--db", db, cwd=tmp_path))
    with sqlite3.connect(tmp_path / "r.db") as lite:
        on_file = {table: tuple(row[1] for row in lite.execute(f"PRAGMA table_info({table})"))
                   for table, _ in register._TABLES}
    with psycopg.connect(url) as conn:
        on_server = {table: tuple(row[0] for row in conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = %s ORDER BY ordinal_position", (table,)))
            for table, _ in register._TABLES}
    assert on_file == on_server == dict(register._TABLES)


def test_the_password_never_shows(url: str, tmp_path: Path) -> None:
    _ok(invoke("ingest", EXAMPLES, "--db", url, cwd=tmp_path))
    listed = invoke("register", "list", "--db", url, cwd=tmp_path, columns="200")
    assert _pg.PASSWORD not in listed.out + listed.err
    assert f"postgresql://{_pg.USER}:***@127.0.0.1" in listed.out


def test_corrections_and_their_history_on_both_stores(url: str, tmp_path: Path) -> None:
    """A record sent again with other content is kept aside as a conflict; replacing it and
    withdrawing it are decisions with a history, the same on the server as in a file."""
    first = tmp_path / "dot-1.csv"
    second = tmp_path / "dot-2.csv"
    header = "Mã;Đơn vị gửi;Nơi nhận;Ngày đến;Kỳ báo cáo;Trích yếu\n"
    row = ("stttt-01;Sở Công Thương tỉnh Thái Nguyên;Sở TT&TT Thái Nguyên;{day}/6/2022;"
           "6 tháng đầu năm 2022;Báo cáo kết quả tuyên truyền Cuộc vận động 6 tháng đầu năm "
           "2022\n")
    first.write_text(header + row.format(day=15), encoding="utf-8")
    second.write_text(header + row.format(day=16), encoding="utf-8")
    file = tmp_path / "so-den.db"
    outputs = []
    for db in (url, file):
        _ok(invoke("ingest", first, "--db", db, cwd=tmp_path))
        conflict = invoke("ingest", second, "--db", db, cwd=tmp_path)
        assert conflict.code == 1
        assert "stttt-01" in conflict.out
        replaced = invoke("register", "replace", "stttt-01", "--db", db, "--reason", "sửa ngày",
                          cwd=tmp_path)
        assert replaced.code == 0, replaced.err
        withdrawn = invoke("register", "withdraw", "stttt-01", "--db", db, "--reason",
                           "nhập trùng", cwd=tmp_path)
        assert withdrawn.code == 0, withdrawn.err
        history = invoke("register", "history", "stttt-01", "--db", db, "--format", "json",
                         cwd=tmp_path)
        assert history.code == 0, history.err
        check = invoke("check", "--db", db, "--as-of", AS_OF, "--format", "json", cwd=tmp_path)
        outputs.append((_titles_without(history.out, str(file), url), check.out))
    # the times of the batches and decisions differ; what was decided must not
    server_history, file_history = (json.loads(h) for h, _ in outputs)
    for h in (server_history, file_history):
        for item in (*h.get("versions", ()), *h.get("decisions", ())):
            item.pop("at", None)
            item.pop("received_at", None)
    assert server_history == file_history
    assert [d["action"] for d in server_history["decisions"]] == ["replace", "withdraw"]
    assert outputs[0][1] == outputs[1][1]


def _batch(path: Path, start: int, count: int) -> Path:
    """``count`` reports numbered from ``start``: overlapping batches share numbers."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(["Mã", "Đơn vị gửi", "Nơi nhận", "Ngày đến", "Kỳ báo cáo", "Trích yếu"])
    for n in range(start, start + count):
        writer.writerow([f"r-{n:06d}", "Sở Công Thương tỉnh Thái Nguyên", "Sở TT&TT Thái Nguyên",
                         f"{1 + n % 28}/6/2022", "6 tháng đầu năm 2022",
                         f"Báo cáo kết quả tuyên truyền Cuộc vận động số {n}"])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "cli.app", *map(str, args)]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "BAOCAO_DEBUG")}
    env.update({"PYTHONPATH": str(ROOT), "COLUMNS": "120", "NO_COLOR": "1"})
    return env


def _count(url: str, sql: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(sql).fetchone()
        assert row is not None
        return int(row[0])


def test_eight_clerks_ingesting_overlapping_batches_at_once(url: str, tmp_path: Path) -> None:
    """Eight batches of 300, each overlapping the next by 150, ingested at the same time: the
    unique key decides, so each of the 1,350 records is stored once, none is lost, none is
    a conflict, and every run ends cleanly."""
    batches = [_batch(tmp_path / f"lo-{i}.csv", i * 150, 300) for i in range(8)]
    procs = [subprocess.Popen(_command("ingest", b, "--db", url), cwd=tmp_path, env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for b in batches]
    results = [(*p.communicate(timeout=600), p.returncode) for p in procs]
    for out, err, code in results:
        assert code in (0, 1), out + err
        assert "Traceback" not in err
    assert _count(url, "SELECT count(*) FROM entries") == 7 * 150 + 300
    assert _count(url, "SELECT count(DISTINCT key) FROM entries") == 1350
    assert _count(url, "SELECT count(*) FROM entries WHERE conflict = 1") == 0
    assert _count(url, "SELECT count(*) FROM ingests") == 8
    assert _count(url, "SELECT sum(added) FROM ingests") == 1350


def _wait_for_a_batch_under_way(url: str, seconds: float = 60) -> int:
    """The backend pid of an ingest whose transaction has stored records but not committed."""
    import psycopg

    deadline = time.monotonic() + seconds
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'baocao' "
                "AND xact_start IS NOT NULL AND datname = current_database() "
                "AND pid <> pg_backend_pid() AND now() - xact_start > interval '300 ms'"
            ).fetchone()
            if row is not None:
                return int(row[0])
            time.sleep(0.05)
    raise AssertionError("no ingest was seen under way")


def test_an_ingest_killed_half_way_leaves_the_register_as_it_was(url: str, tmp_path: Path
                                                                 ) -> None:
    _ok(baocao("ingest", _batch(tmp_path / "first.csv", 0, 10), "--db", url, cwd=tmp_path))
    big = _batch(tmp_path / "big.csv", 100, 20000)
    proc = subprocess.Popen(_command("ingest", big, "--db", url), cwd=tmp_path, env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for_a_batch_under_way(url)
    proc.kill()  # SIGKILL (kill -9); TerminateProcess on Windows
    proc.wait(timeout=60)
    time.sleep(0.5)  # the server notices the client is gone and rolls back
    assert _count(url, "SELECT count(*) FROM entries") == 10
    assert _count(url, "SELECT count(*) FROM ingests") == 1
    again = _ok(baocao("ingest", big, "--db", url, cwd=tmp_path, timeout=600))
    assert "20000" in again.out.replace(".", "").replace(",", "")
    assert _count(url, "SELECT count(*) FROM entries") == 20010


def test_a_connection_lost_half_way_is_said_and_nothing_is_half_written(url: str,
                                                                        tmp_path: Path) -> None:
    import psycopg

    big = _batch(tmp_path / "big.csv", 0, 20000)
    proc = subprocess.Popen(_command("ingest", big, "--db", url), cwd=tmp_path, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    pid = _wait_for_a_batch_under_way(url)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, out + err
    assert "Traceback" not in err
    assert "register.connection-lost" in err or "mất kết nối với máy chủ của sổ" in err, err
    assert _count(url, "SELECT count(*) FROM entries") == 0
    assert _count(url, "SELECT count(*) FROM ingests") == 0


def test_a_server_down_and_a_wrong_password_are_located_errors(server: _pg.Server,
                                                                tmp_path: Path) -> None:
    wrong = baocao("check", "--db", server.url("postgres", password="sai"), "--as-of", AS_OF,
                   "--lang", "en", cwd=tmp_path)
    assert wrong.code == 2
    assert "register.denied: the server refused the user or the password" in wrong.flat_err
    assert "sai" not in wrong.err.replace("postgresql://baocao:***", "")
    down = f"postgresql://{_pg.USER}:x@127.0.0.1:{_pg._free_port()}/baocao"
    for args in (("check", "--db", down, "--as-of", AS_OF), ("ingest", EXAMPLES, "--db", down),
                 ("register", "list", "--db", down)):
        run = baocao(*args, "--lang", "en", cwd=tmp_path)
        assert run.code == 2, run.out + run.err
        assert "register.unreachable: cannot reach the register's server" in run.flat_err
    vi = baocao("register", "list", "--db", down, cwd=tmp_path)
    assert "không kết nối được máy chủ của sổ" in vi.flat_err


def test_another_programs_database_is_refused(url: str, tmp_path: Path) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE khach_hang (id int)")
    run = baocao("ingest", EXAMPLES, "--db", url, "--lang", "en", cwd=tmp_path)
    assert run.code == 2
    assert "register.not-a-register" in run.err
    assert "another program's tables" in run.flat_err
    empty = baocao("register", "list", "--db", url.rsplit("/", 1)[0] + "/postgres", "--lang",
                   "en", cwd=tmp_path)
    assert empty.code == 2
    assert "no register in this database yet" in empty.flat_err


def test_register_copy_round_trips_the_examples_register(server: _pg.Server, url: str,
                                                         tmp_path: Path) -> None:
    """Examples' register, with a conflict and a decision, copied file → server → file: the
    records, versions and decisions come back unchanged, and check reads the same."""
    source = tmp_path / "so-den.db"
    _ok(invoke("ingest", EXAMPLES, "--db", source, cwd=tmp_path))
    changed = tmp_path / "sua.csv"
    changed.write_text((EXAMPLES / "thai-nguyen-stttt-2022.csv").read_text(encoding="utf-8")
                       .replace("15/6/2022", "16/6/2022", 1), encoding="utf-8")
    _ok(invoke("ingest", changed, "--db", source, cwd=tmp_path))
    assert invoke("register", "replace", "stttt-01", "--db", source, "--reason", "sửa",
                  cwd=tmp_path).code == 0
    to_server = invoke("register", "copy", "--from", source, "--to", url, cwd=tmp_path)
    assert to_server.code == 0, to_server.err
    back = tmp_path / "tro-lai.db"
    to_file = invoke("register", "copy", "--from", url, "--to", back, cwd=tmp_path)
    assert to_file.code == 0, to_file.err
    for what in (("register", "list", "--format", "json"),
                 ("register", "history", "stttt-01", "--format", "json"),
                 ("register", "list", "--ingests", "--format", "json")):
        seen = [invoke(*what, "--db", db, cwd=tmp_path).out for db in (source, url, back)]
        assert seen[0] == seen[1] == seen[2], what
    checks = [invoke("check", "--db", db, "--as-of", AS_OF, "--format", "json",
                     cwd=tmp_path).out for db in (source, url, back)]
    assert checks[0] == checks[1] == checks[2]
    # the next batch on the copy gets the next number, after the copied ones
    _ok(invoke("ingest", _batch(tmp_path / "moi.csv", 0, 3), "--db", url, cwd=tmp_path))
    assert _count(url, "SELECT max(id) FROM ingests") == 3
    # a copy never goes into a register that holds batches, nor over a file
    again = invoke("register", "copy", "--from", source, "--to", url, "--lang", "en",
                   cwd=tmp_path)
    assert again.code == 2
    assert "register.copy-not-empty" in again.err
    over = invoke("register", "copy", "--from", url, "--to", back, "--lang", "en", cwd=tmp_path)
    assert over.code == 2
    assert "this file exists already" in over.flat_err


def test_the_register_address_may_come_from_the_environment(url: str, tmp_path: Path) -> None:
    empty = subprocess.run(_command("register", "list", "--lang", "en"), cwd=tmp_path,
                           env={**_env(), "BAOCAO_DB": url}, capture_output=True, text=True,
                           timeout=120, check=False)
    assert empty.returncode == 2
    assert "no register in this database yet" in " ".join(empty.stderr.split())
    _ok(invoke("ingest", EXAMPLES, "--db", url, cwd=tmp_path))
    listed = subprocess.run(_command("register", "list", "--format", "json"), cwd=tmp_path,
                            env={**_env(), "BAOCAO_DB": url}, capture_output=True, text=True,
                            timeout=120, check=False)
    assert listed.returncode == 0, listed.stderr
    assert '"key": "stttt-01"' in listed.stdout


@pytest.mark.parametrize("command", [
    ("overdue", "--as-of", AS_OF, "--format", "json"),
    ("upcoming", "--as-of", "2022-12-01", "--format", "json"),
    ("validate", "--format", "json"),
    ("explain", "--submission", "btttt-09", "--as-of", AS_OF, "--format", "json"),
    ("brief", "--as-of", AS_OF, "--format", "json"),
])
def test_every_reading_command_reads_the_server_as_the_file(
        url: str, tmp_path: Path, command: tuple[str, ...]) -> None:
    file = tmp_path / "so-den.db"
    for db in (url, file):
        _ok(invoke("ingest", EXAMPLES, "--db", db, cwd=tmp_path))
    seen = [invoke(*command, "--db", db, cwd=tmp_path) for db in (url, file)]
    assert seen[0].code == seen[1].code, seen[0].err + seen[1].err
    assert seen[0].code in (0, 1), seen[0].err
    assert _titles_without(seen[0].out, url) == _titles_without(seen[1].out, str(file))


def test_a_server_register_is_backed_up_into_one_file(url: str, tmp_path: Path) -> None:
    _ok(invoke("ingest", EXAMPLES, "--db", url, cwd=tmp_path))
    copy = tmp_path / "sao-luu.db"
    done = invoke("register", "backup", "--db", url, copy, "--lang", "en", cwd=tmp_path)
    assert done.code == 0, done.err
    assert "55 records" in done.flat_err  # said on stderr, as every note
    assert _pg.PASSWORD not in done.out + done.err
    seen = [invoke("register", "list", "--format", "json", "--db", db, cwd=tmp_path).out
            for db in (url, copy)]
    assert seen[0] == seen[1]
    assert not list(tmp_path.glob(".sao-luu.db.*"))  # nothing left beside it
