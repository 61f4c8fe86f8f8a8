"""Screenshots of the real output of the commands the guides document.

    python scripts/screens.py            # every screen, into docs/screens/
    python scripts/screens.py check-vi   # only those named

Each command of ``SCREENS`` runs with the installed code (``python -m cli.app``) in a scratch
workspace that holds what the guides use (``workspace``: the bundled ``examples/``, and
``so-den.xlsx``, the Tây Ninh register of ``examples/registers/`` saved as Excel), at 80
columns with colour on; its output is saved as ``docs/screens/NAME.svg`` (rich's SVG export)
and ``NAME.txt`` (the same text, plain). Nothing in them depends on the day or the machine,
so running it again changes a screen only when the output changed. Exit 1 means "problems
found" (late, overdue, records to look at): a screen like any other; any other code, or a
traceback, stops the script before any screen is written. ``tests/test_readme.py`` uses
``workspace`` too.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screens"
REGISTER_CSV = ROOT / "examples" / "registers" / "so-den-ubmttq-tay-ninh-2022-2023.csv"

#: The fix a clerk makes in Excel for the register's correction example (docs/van-thu.md): row
#: Số đến 476 was typed with a date that does not exist.
CORRECTION = ("476", "31/06/2022", "30/06/2022")

S = "examples/submissions"
AS_OF = ("--as-of", "2023-03-01")
TN = ("--recipient", "UBMTTQ tỉnh Tây Ninh")

#: name, title, the command's arguments (after ``baocao``); run in this order, in one workspace.
SCREENS: list[tuple[str, str, tuple[str, ...]]] = [
    ("check", "baocao check", ("check", "--submissions", S, *AS_OF)),
    ("check-en", "baocao check --lang en", ("check", "--submissions", S, *AS_OF, "--lang", "en")),
    ("validate", "baocao validate (sổ đăng ký văn bản đến)",
     ("validate", "so-den.xlsx", *TN, *AS_OF)),
    ("ingest", "baocao ingest", ("ingest", "so-den.xlsx", "--db", "so-den.db", *TN)),
    ("ingest-sua", "baocao ingest (bản đã sửa)",
     ("ingest", "so-den-sua.xlsx", "--db", "so-den.db", *TN)),
    ("register-history", "baocao register history",
     ("register", "history", "2022/476", "--db", "so-den.db")),
    ("register-replace", "baocao register replace",
     ("register", "replace", "2022/476", "--db", "so-den.db", "--reason", "sửa ngày đến")),
    ("register-list", "baocao register list", ("register", "list", "--db", "so-den.db")),
    ("check-db", "baocao check --db --office",
     ("check", "--db", "so-den.db", *AS_OF, "--office", "UBMTTQ tỉnh Tây Ninh")),
    ("overdue", "baocao overdue", ("overdue", "--submissions", S, *AS_OF)),
    ("upcoming", "baocao upcoming",
     ("upcoming", "--days", "30", "--as-of", "2022-12-10", "-s", S)),
    ("calendar", "baocao calendar",
     ("calendar", "--year", "2023", "--unit", "Sở TT&TT Tây Ninh")),
    ("explain", "baocao explain",
     ("explain", "--submission", "btttt-09", "-s", S, *AS_OF)),
    ("rules-lint", "baocao rules lint", ("rules", "lint", "rules")),
    ("rules-test", "baocao rules test", ("rules", "test", "rules")),
    ("rules-draft", "baocao rules draft",
     ("rules", "draft", "tests/fixtures/authoring/ke-hoach-chuyen-doi-so.txt")),
]


def _cell(header: str, value: str) -> str | dt.datetime:
    """A register's cell as Excel holds it: a date typed in a date column is a date cell."""
    if header.startswith("Ngày") and re.fullmatch(r"\d{2}/\d{2}/\d{4}", value):
        day, month, year = map(int, value.split("/"))
        try:
            return dt.datetime(year, month, day)
        except ValueError:
            return value  # Excel keeps a date that does not exist as the text typed
    return value


def register_xlsx(source: Path, target: Path, fix: tuple[str, str, str] | None = None) -> None:
    """The CSV export of ``examples/registers/`` as the office's workbook: title rows merged
    across the table, the two-row header with its group labels merged, dates as date cells,
    Số đến as text ("012"). With ``fix`` (Số đến, old, new), that row's date is corrected."""
    from openpyxl import Workbook  # noqa: TID251 (a scratch register, as Excel writes it)

    rows = list(csv.reader(source.read_text(encoding="utf-8-sig").splitlines()))
    width = max(len(r) for r in rows)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sổ đến"
    header = rows[5]
    for r, row in enumerate(rows, start=1):
        if fix and len(row) > 2 and row[1] == fix[0] and row[2] == fix[1]:
            row = [row[0], row[1], fix[2], *row[3:]]
        for c, value in enumerate(row, start=1):
            if value:
                ws.cell(r, c, _cell(header[c - 1], value) if r > 7 else value)
    for r in (1, 2, 3):
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
    group, sub = rows[4], rows[5]
    for c in range(width):
        if not group[c]:
            continue
        if not sub[c]:  # a label with no sub-label ("STT", "Tác giả"): merged down
            ws.merge_cells(start_row=5, start_column=c + 1, end_row=6, end_column=c + 1)
            continue
        end = c + 1  # a group label ("Văn bản đến") over its sub-columns
        while end < width and not group[end] and sub[end]:
            end += 1
        if end > c + 1:
            ws.merge_cells(start_row=5, start_column=c + 1, end_row=5, end_column=end)
    for col, w in zip("ABCDEFGHIJ", (5, 7, 11, 24, 18, 11, 60, 18, 8, 10), strict=False):
        ws.column_dimensions[col].width = w
    wb.save(target)


def workspace(dest: Path) -> Path:
    """A folder holding what the documented commands use, as a user's folder would."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "examples", dest / "examples", dirs_exist_ok=True)
    shutil.copytree(ROOT / "rules", dest / "rules", dirs_exist_ok=True)
    fixtures = dest / "tests" / "fixtures" / "authoring"
    fixtures.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests" / "fixtures" / "authoring" / "ke-hoach-chuyen-doi-so.txt", fixtures)
    register_xlsx(REGISTER_CSV, dest / "so-den.xlsx")
    register_xlsx(REGISTER_CSV, dest / "so-den-sua.xlsx", fix=CORRECTION)
    return dest


#: The register notes when each batch came in and each decision was made: the screens show the
#: register as it is at 08:30 on 01/03/2023 (Vietnam), the day the examples are judged as of
#: (only the register's clock is set: loaded before the command, its modules see this one).
CLOCK = """
import datetime as _dt

import engine.register.decisions
import engine.register.store

_AT = _dt.datetime(2023, 3, 1, 1, 30, tzinfo=_dt.UTC)


class _Clock(_dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return _AT.astimezone(tz) if tz else _AT.replace(tzinfo=None)


engine.register.store.datetime = _Clock
engine.register.decisions.datetime = _Clock
"""


def run(args: Sequence[str], cwd: Path, clock: Path | None = None) -> tuple[int, str]:
    """The command as a user sees it at 80 columns in a colour terminal (stderr after stdout);
    with ``clock``, a folder holding CLOCK as ``sitecustomize.py``, at that fixed time."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "BAOCAO_DEBUG")}
    path = os.pathsep.join(str(p) for p in (clock, ROOT) if p)
    env.update({"COLUMNS": "80", "LINES": "50", "FORCE_COLOR": "1", "TERM": "xterm-256color",
                "PYTHONPATH": path, "SOURCE_DATE_EPOCH": "1677634200"})
    proc = subprocess.run([sys.executable, "-m", "cli.app", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", check=False,
                          timeout=300)
    return proc.returncode, proc.stdout + proc.stderr


def save(name: str, title: str, args: Sequence[str], output: str) -> None:
    from rich.console import Console  # noqa: TID251
    from rich.text import Text  # noqa: TID251

    console = Console(record=True, width=80, force_terminal=True, color_system="truecolor",
                      file=open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    shown = "$ " + shlex.join(["baocao", *args])
    text = Text.from_ansi(output.rstrip("\n"))
    console.print(Text(shown, style="bold"))
    console.print(text)
    console.save_svg(str(OUT / f"{name}.svg"), title=title)
    (OUT / f"{name}.txt").write_text(f"{shown}\n{text.plain}\n", encoding="utf-8")
    console.file.close()


def main(argv: Sequence[str]) -> int:
    wanted = set(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="baocao-screens-") as tmp:
        work = workspace(Path(tmp) / "work")
        clock = Path(tmp) / "clock"
        clock.mkdir()
        (clock / "sitecustomize.py").write_text(CLOCK, encoding="utf-8")
        shots = []
        for name, title, args in SCREENS:
            code, output = run(args, work, clock)
            if wanted and name not in wanted:
                continue  # run for what the next screens need, not shown
            if code not in (0, 1) or "Traceback" in output:
                print(f"{name}: baocao {shlex.join(args)} exited {code}\n{output}",
                      file=sys.stderr)
                return 1  # nothing saved: the screens stay as they were
            shots.append((name, title, args, output, code))
    for name, title, args, output, code in shots:
        save(name, title, args, output)
        print(f"docs/screens/{name}.svg ({code})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
