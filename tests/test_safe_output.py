"""Text from a user's files is shown, never run (issue 15): escape sequences, C1 controls and
bidi overrides in file names and cells reach no terminal, HTML, Markdown or CSV raw, and Rich
markup in a path or a name is printed as written."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from cli.render.safe import visible
from tests._cli import baocao

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ESC = "\x1b"
ROW = ("x1,Sở A\x1b[2J\x1b]8;;http://x\x07link,bo-x,2022-03-01,"
       "Báo cáo \u202equý I\u202c/2022 \x9b31m\n")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="control characters in file names")
def test_a_hostile_file_name_and_cells_reach_no_output_raw(tmp_path: Path) -> None:
    name = f"so-den{ESC}[31m{ESC}]8;;x\x07\u202e.csv"
    (tmp_path / name).write_text("id,reporter,recipient,submitted_on,title\n" + ROW,
                                 encoding="utf-8")
    for fmt in ("table", "csv", "json"):
        run = baocao("validate", name, "--as-of", "2023-01-01", "--format", fmt, cwd=tmp_path)
        assert run.code in (1, 2), run.err
        # JSON is for programs: the exact name, its controls escaped by JSON itself
        assert not (CONTROL if fmt == "json" else RAW).search(run.out), (fmt, run.out)
        assert not RAW.search(run.err), (fmt, run.err)
    run = baocao("validate", name, "--as-of", "2023-01-01", cwd=tmp_path)
    assert "so-den\\x1b[31m" in run.out  # shown, so that the clerk sees something is odd
    for fmt, out in (("html", "b.html"), ("md", "b.md")):
        run = baocao("brief", "-s", name, "--as-of", "2023-01-01", "--format", fmt, "-o", out,
                     cwd=tmp_path)
        assert run.code == 0, run.err
        assert not RAW.search((tmp_path / out).read_text(encoding="utf-8"))
        assert not RAW.search(run.err)


def test_markup_in_a_path_is_printed_as_written(tmp_path: Path) -> None:
    (tmp_path / "[bold]x[").mkdir()
    target = "[bold]x[/b.csv"
    (tmp_path / "[bold]x[" / "b.csv").write_text("", encoding="utf-8")
    run = baocao("calendar", "--year", "2023", "--format", "json", "-o", target, cwd=tmp_path)
    assert run.code == 0, run.err
    assert target in run.err  # "đã ghi [bold]x[/b.csv", not a styled or broken line


def test_visible_keeps_what_is_safe() -> None:
    assert visible("Sở Thông tin và Truyền thông\ttỉnh\nTây Ninh") == (
        "Sở Thông tin và Truyền thông\ttỉnh\nTây Ninh")
    assert visible("a\x1bb\x85c\u2067d") == "a\\x1bb\\x85c\\u2067d"
