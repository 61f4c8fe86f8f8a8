"""A real PostgreSQL server for the register's tests, started and stopped by the test suite.

The server binaries are Debian's ``postgresql`` package (``.ci/run`` installs it); where they
are missing the PostgreSQL tests are skipped with the reason. ``initdb`` refuses to run as
root, so under root the server runs as the ``postgres`` user, in a folder that user owns.
Host connections need a password (scram-sha-256), so a wrong one can be tested.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

USER = "baocao"
PASSWORD = "mat-khau-thu"


def binaries() -> Path | None:
    """The folder of ``initdb`` and ``pg_ctl``, or None."""
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(candidate) / "initdb").is_file():
            return Path(candidate)
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    bindir: Path
    data: Path
    port: int
    as_user: list[str]

    def url(self, database: str = "baocao", password: str = PASSWORD) -> str:
        return f"postgresql://{USER}:{password}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.as_user, *args], capture_output=True, text=True,
                              check=False, timeout=120)

    def start(self) -> None:
        log = self.data.parent / "server.log"
        done = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(log),
                         "-w", "-t", "60", "-o",
                         f"-p {self.port} -c listen_addresses=127.0.0.1 "
                         f"-k {self.data.parent} -c fsync=off", "start")
        if done.returncode != 0:
            raise RuntimeError(f"pg_ctl start failed: {done.stderr}{log.read_text()}")

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w",
                  "stop")

    def database(self, name: str) -> str:
        """A new empty database; its URL."""
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}" OWNER {USER}')
        return self.url(name)


def start_server() -> Server:
    bindir = binaries()
    if bindir is None:
        raise FileNotFoundError("PostgreSQL server binaries (initdb, pg_ctl) not found: "
                                "install Debian's postgresql package")
    root = Path(tempfile.mkdtemp(prefix="baocao-pg-", dir="/tmp"))
    as_user: list[str] = []
    if getattr(os, "geteuid", lambda: -1)() == 0:  # initdb refuses root: postgres runs it
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(root, "postgres", "postgres")
    root.chmod(0o700)
    pwfile = root / "pw"
    pwfile.write_text(PASSWORD + "\n", encoding="utf-8")
    if as_user:
        shutil.chown(pwfile, "postgres", "postgres")
    data = root / "data"
    done = subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", USER,
                           "--pwfile", str(pwfile), "--auth-local=trust",
                           "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"],
                          capture_output=True, text=True, check=False, timeout=180)
    if done.returncode != 0:
        raise RuntimeError(f"initdb failed: {done.stderr}")
    server = Server(bindir, data, _free_port(), as_user)
    server.start()
    deadline = time.monotonic() + 30
    import psycopg

    while True:
        try:
            with psycopg.connect(server.url("postgres"), connect_timeout=5) as conn:
                conn.execute("SELECT 1")
            break
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    return server


def remove(server: Server) -> None:
    server.stop()
    with contextlib.suppress(OSError):
        shutil.rmtree(server.data.parent)
