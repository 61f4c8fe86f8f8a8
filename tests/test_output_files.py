"""Files a clerk owns survive (issue 15, "Safe files"): no output overwrites an input or the
register, every output is written whole or not at all, ``-o -`` is standard output."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from cli.files import refuse_clobber, write_atomic
from engine import BaocaoError
from tests._cli import ROOT, invoke

EXAMPLES = ROOT / "examples" / "submissions"
CSV = EXAMPLES / "tay-ninh-mttq-2022.csv"
AS_OF = ("--as-of", "2023-03-01")


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(CSV, folder / CSV.name)
    return folder


def _refused(run_code: int, err: str) -> None:
    assert run_code == 2, err
    assert "file.same-as-input" in err or "file.same-output" in err, err


def test_validate_output_onto_its_input_is_refused(inbox: Path) -> None:
    target = inbox / CSV.name
    before = target.read_bytes()
    run = invoke("validate", target, "-o", target, "--format", "csv", *AS_OF, cwd=inbox.parent)
    _refused(run.code, run.err)
    assert "là tệp đầu vào" in run.flat_err  # Vietnamese by default
    assert target.read_bytes() == before


def test_validate_output_onto_a_file_of_the_folder_read_is_refused(inbox: Path) -> None:
    target = inbox / CSV.name
    before = target.read_bytes()
    for option in ("-o", "--errors-out", "--annotate"):
        run = invoke("validate", inbox, option, target, *AS_OF, "--lang", "en",
                     cwd=inbox.parent)
        _refused(run.code, run.err)
        assert "would be overwritten" in run.flat_err
        assert target.read_bytes() == before


def test_two_outputs_to_one_file_are_refused(inbox: Path) -> None:
    run = invoke("validate", inbox, "--errors-out", "x.xlsx", "--annotate", "./x.xlsx", *AS_OF,
                 cwd=inbox.parent)
    _refused(run.code, run.err)
    assert not (inbox.parent / "x.xlsx").exists()


def test_register_export_onto_the_register_is_refused(inbox: Path) -> None:
    work = inbox.parent
    assert invoke("ingest", inbox, "--db", "r.db", cwd=work).code in (0, 1)  # 1: some invalid
    before = (work / "r.db").read_bytes()
    run = invoke("register", "export", "--db", "r.db", "-o", "r.db", cwd=work)
    _refused(run.code, run.err)
    assert (work / "r.db").read_bytes() == before
    run = invoke("validate", "--db", "r.db", "-o", "r.db", *AS_OF, cwd=work)
    _refused(run.code, run.err)  # was a crash (exit 70)
    assert (work / "r.db").read_bytes() == before


def test_brief_onto_a_submissions_file_is_refused(inbox: Path) -> None:
    target = inbox / CSV.name
    before = target.read_bytes()
    run = invoke("brief", "-s", target, "-o", target, *AS_OF, cwd=inbox.parent)
    _refused(run.code, run.err)
    assert target.read_bytes() == before


def test_dash_is_standard_output(inbox: Path) -> None:
    work = inbox.parent
    run = invoke("validate", inbox, "--format", "csv", "-o", "-", *AS_OF, cwd=work)
    assert run.code in (0, 1), run.err
    assert "Tệp,Dòng" in run.out
    run = invoke("calendar", "--year", "2023", "--format", "ics", "-o", "-", cwd=work)
    assert run.code == 0, run.err
    assert run.out.startswith("BEGIN:VCALENDAR")
    run = invoke("brief", "-s", inbox, *AS_OF, "--format", "md", "-o", "-", cwd=work)
    assert run.code == 0, run.err
    assert run.out.lstrip().startswith("#")
    assert not (work / "-").exists()


def test_brief_with_db_reads_the_register(inbox: Path) -> None:
    """--db on the inspector's commands: the register is read as the files would be."""
    work = inbox.parent
    assert invoke("ingest", inbox, "--db", "r.db", cwd=work).code in (0, 1)  # 1: some invalid
    from_files = invoke("brief", "-s", inbox, *AS_OF, "--format", "json", cwd=work)
    from_db = invoke("brief", "--db", "r.db", *AS_OF, "--format", "json", cwd=work)
    assert from_db.code == 0, from_db.err
    assert '"figures"' in from_db.out or '"headline"' in from_db.out
    assert from_db.out.count('"on_time"') == from_files.out.count('"on_time"')
    for command in (["upcoming", "--days", "60", "--as-of", "2022-06-01"],
                    ["overdue", *AS_OF]):
        a = invoke(*command, "-s", inbox, "--format", "csv", cwd=work)
        b = invoke(*command, "--db", "r.db", "--format", "csv", cwd=work)
        assert (a.code, a.out) == (b.code, b.out)
        assert len(a.out.splitlines()) > 1
    run = invoke("explain", "--submission", "mttq-01", "--db", "r.db", *AS_OF, cwd=work)
    assert run.code == 0, run.err
    assert "mttq-01" in run.out


def test_a_write_cut_short_leaves_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "brief.html"
    target.write_text("previous", encoding="utf-8")

    def fails_midway(fh: object) -> None:
        fh.write(b"half of the new")  # type: ignore[attr-defined]
        raise OSError(28, "No space left on device")

    with pytest.raises(BaocaoError) as err:
        write_atomic(target, fails_midway)
    assert err.value.problems[0].code == "file.unwritable"
    assert target.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html"]  # no temporary left

    write_atomic(target, lambda fh: fh.write(b"new"))
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["brief.html"]


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges on Windows")
def test_a_link_planted_at_the_old_temporary_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / ".out.html.baocao-tmp").symlink_to(victim)
    write_atomic(tmp_path / "out.html", lambda fh: fh.write(b"<html></html>"))
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / "out.html").read_bytes() == b"<html></html>"


@pytest.mark.skipif(os.name != "posix", reason="file modes")
def test_an_output_gets_the_usual_mode(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.csv", lambda fh: fh.write(b"x"))
    finally:
        os.umask(mask)
    assert (tmp_path / "a.csv").stat().st_mode & 0o777 == 0o644


def test_refuse_clobber_lets_distinct_files_through(tmp_path: Path) -> None:
    (tmp_path / "in.csv").write_text("a\n", encoding="utf-8")
    refuse_clobber([("-o", tmp_path / "out.csv"), ("--errors-out", tmp_path / "e.xlsx")],
                   [("FILE", tmp_path / "in.csv"), ("--db", None)])
    # a new file inside a folder being read is no input yet
    refuse_clobber([("-o", tmp_path / "new.csv")], [("FILE", tmp_path)])
    with pytest.raises(BaocaoError):
        refuse_clobber([("-o", tmp_path / "in.csv")], [("FILE", tmp_path)])


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals")
def test_brief_html_is_not_poured_into_a_terminal(tmp_path: Path) -> None:
    """155 KB of HTML on a screen helps no one: at a terminal, brief asks for -o."""
    import pty
    import subprocess

    controller, terminal = pty.openpty()
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
        proc = subprocess.run([sys.executable, "-m", "cli.app", "brief", *AS_OF],
                              stdout=terminal, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                              env=env, timeout=120, check=False)
    finally:
        os.close(controller)
        os.close(terminal)
    assert proc.returncode == 2
    assert "option.output" in proc.stderr
    assert "-o brief.html" in proc.stderr
