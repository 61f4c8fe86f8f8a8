"""Terminal views written for people (issue 16): no internal id in a human view, the worst
first and a screenful by default, every line within the screen's width, words never split.

The ids are collected from the rule book itself (directives, obligations, units, groups,
policies), so a new rule file's slug is caught as soon as a view prints it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

import engine
from tests._cli import ROOT, invoke

EXAMPLES = ROOT / "examples" / "submissions"
REGISTER = ROOT / "examples" / "registers" / "so-den-ubmttq-tay-ninh-2022-2023.csv"
AS_OF = "2023-03-01"


def _ids() -> re.Pattern[str]:
    book = engine.load_rulebook(None)
    ids = set(book.registry.units) | set(book.registry.groups) | set(book.policies)
    for d in book.directives:
        ids.add(d.id)
        ids.update(o.id for o in d.obligations)
    ids = {i for i in ids if "-" in i}  # a slug; a bare word could be Vietnamese text
    alternatives = "|".join(sorted(map(re.escape, ids), key=len, reverse=True))
    # a whole token: not part of a longer word, nor a file's name ("bo-tttt.db")
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-]|\.\w)")


IDS = _ids()

# What the README and the guides show people: each command as a user types it.
HUMAN_VIEWS = {
    "check": ["check", "-s", EXAMPLES, "--as-of", AS_OF],
    "check-all": ["check", "-s", EXAMPLES, "--as-of", AS_OF, "--all"],
    "overdue": ["overdue", "-s", EXAMPLES, "--as-of", AS_OF],
    "overdue-all": ["overdue", "-s", EXAMPLES, "--as-of", AS_OF, "--all"],
    "upcoming": ["upcoming", "--days", "60", "--as-of", "2022-12-01", "-s", EXAMPLES],
    "calendar": ["calendar", "--year", "2023", "-s", EXAMPLES],
    "validate": ["validate", EXAMPLES, "--as-of", AS_OF],
    "validate-register": ["validate", REGISTER, "--recipient", "UBMTTQ tỉnh Tây Ninh",
                          "--as-of", AS_OF],
    "explain": ["explain", "--directive", "103/CT-BTTTT", "--obligation", "bao-cao-quy",
                "--unit", "Sở TT&TT Tây Ninh", "--period", "2022-Q2", "-s", EXAMPLES,
                "--as-of", AS_OF],
    "explain-record": ["explain", "--submission", "ubnd-04", "-s", EXAMPLES, "--as-of", AS_OF],
    "rules-show": ["rules", "show"],
    "check-office": ["check", "-s", REGISTER, "--recipient", "UBMTTQ tỉnh Tây Ninh", "--office",
                     "UBMTTQ tỉnh Tây Ninh", "--as-of", AS_OF],
}


def squeezed(out: str) -> list[str]:
    """Runs of lines holding one character each: a column squeezed to nothing, its words
    spelled down the screen."""
    run: list[str] = []
    for line in out.splitlines():
        if len(line.strip()) == 1 and len(line) > 20:
            run.append(line)
            if len(run) >= 4:
                return run
        else:
            run = []
    return []


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(HUMAN_VIEWS))
def test_no_internal_id_in_a_human_view_and_every_line_fits(name: str, lang: str,
                                                             tmp_path: Path) -> None:
    run = invoke(*HUMAN_VIEWS[name], "--lang", lang, cwd=tmp_path, columns="80")
    assert run.code in (0, 1), run.err
    found = sorted({m.group(1) for m in IDS.finditer(run.out)})
    assert not found, f"{name}: internal ids in a human view: {found}"
    too_long = [line for line in run.out.splitlines() if len(line) > 80]
    assert not too_long, too_long[:3]
    assert not squeezed(run.out)


def test_the_ids_are_behind_an_option(tmp_path: Path) -> None:
    checked = invoke("check", "-s", EXAMPLES, "--as-of", AS_OF, "--ids", cwd=tmp_path,
                     columns="120")
    assert "bao-cao-quy" in checked.out
    assert "vu-tdkt-btttt" in checked.out
    shown = invoke("rules", "show", "--directive", "103/CT-BTTTT", "--ids", cwd=tmp_path)
    assert "ct-103-btttt-2021/bao-cao-quy" in shown.out
    plain = invoke("rules", "show", "--directive", "103/CT-BTTTT", cwd=tmp_path)
    assert "ct-103-btttt-2021/bao-cao-quy" not in plain.out
    assert "--ids" in plain.out
    verbose = invoke(*HUMAN_VIEWS["explain"], "--verbose", cwd=tmp_path)
    # the engine's trace: the report's key, and the decision rule with the facts it read
    assert "ct-103-btttt-2021/bao-cao-quy/so-tttt-tay-ninh/2022-Q2" in verbose.out
    assert "on-time (received = true" in verbose.out
    short = invoke(*HUMAN_VIEWS["explain"], cwd=tmp_path)
    assert "on-time (received" not in short.out
    assert "Kết luận: đúng hạn" in short.out


# ---------------------------------------------------------------------------------------
# Width: what a pipe gets, and wrapping on words


def test_explain_wraps_on_words_never_inside_one(tmp_path: Path) -> None:
    wide = invoke(*HUMAN_VIEWS["explain-record"], cwd=tmp_path, columns="1000")
    narrow = invoke(*HUMAN_VIEWS["explain-record"], cwd=tmp_path, columns="60")
    # longer only when one word is (the record's file, an absolute path here)
    assert all(len(line) <= 60 or len(line.split()) == 1 for line in narrow.out.splitlines())
    assert len(narrow.out.splitlines()) > len(wide.out.splitlines())
    # the same words in the same order: no word, id or date was cut in two
    assert narrow.out.split() == wide.out.split()


@pytest.mark.skipif(os.name == "nt", reason="a session without a terminal is POSIX here")
def test_a_pipe_without_columns_or_terminal_gets_80(tmp_path: Path) -> None:
    """``| less`` takes the width of the screen (COLUMNS, the terminal on stderr, or
    /dev/tty); with none of them, 80 columns — not a fixed 120 that wraps in less."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")}
    env.update({"PYTHONPATH": str(ROOT), "NO_COLOR": "1"})
    proc = subprocess.run([sys.executable, "-m", "cli.app", *map(str, HUMAN_VIEWS["overdue"])],
                          cwd=tmp_path, env=env, capture_output=True, text=True,
                          encoding="utf-8", check=False, start_new_session=True)
    assert proc.returncode == 1, proc.stderr
    assert max(len(line) for line in proc.stdout.splitlines()) == 80
    wide = invoke(*HUMAN_VIEWS["overdue"], cwd=tmp_path, columns="120")
    assert max(len(line) for line in wide.out.splitlines()) == 120


# ---------------------------------------------------------------------------------------
# The worst first, a screenful by default


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    run = invoke("check", "-s", EXAMPLES, "--as-of", AS_OF, "--format", "json",
                 cwd=tmp_path_factory.mktemp("json"))
    data: dict[str, Any] = json.loads(run.out)
    return data


def _overdue_reports(data: dict[str, Any]) -> dict[str, set[str]]:
    """Per unit, its distinct overdue reports (two plans asking the same report: one)."""
    out: dict[str, set[str]] = defaultdict(set)
    for row in data["instances"]:
        if row["verdict"] == "overdue":
            out[row["reporter"]].add(row["report"] or row["key"])
    return out


def test_check_starts_with_the_units_furthest_behind(verdicts: dict[str, Any],
                                                     tmp_path: Path) -> None:
    per_unit = _overdue_reports(verdicts)
    most = max(len(v) for v in per_unit.values())
    worst = {u for u, v in per_unit.items() if len(v) == most}
    run = invoke("check", "-s", EXAMPLES, "--as-of", AS_OF, "--ids", cwd=tmp_path,
                 columns="160")
    lines = run.out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("Đơn vị chậm nhất"))
    assert f"trong {len(per_unit)} đơn vị có báo cáo quá hạn" in lines[head]
    first = next(line for line in lines[head + 1:] if re.match(r"\S.*\s\d+\s+\d+\s", line))
    assert re.search(rf"\s{most}\s", first), first
    # --ids puts the unit's id under its label: the first unit is one of the worst
    following = lines[lines.index(first) + 1].split()[0]
    assert following in worst, (first, following, worst)
    assert run.out.index("Đơn vị chậm nhất") < run.out.index("Quá hạn:")


def test_check_lists_a_screenful_and_says_how_many_more(verdicts: dict[str, Any],
                                                        tmp_path: Path) -> None:
    overdue = sum(len(v) for v in _overdue_reports(verdicts).values())
    assert overdue == verdicts["summary"]["reports"]["overdue"]
    run = invoke("check", "-s", EXAMPLES, "--as-of", AS_OF, cwd=tmp_path, columns="200")
    assert f"Quá hạn: {overdue} báo cáo chưa nhận" in run.out
    assert f"… và {overdue - 10} báo cáo quá hạn khác" in run.out
    three = invoke("check", "-s", EXAMPLES, "--as-of", AS_OF, "--limit", "3", cwd=tmp_path,
                   columns="200")
    assert f"… và {overdue - 3} báo cáo quá hạn khác" in three.out
    every = invoke("check", "-s", EXAMPLES, "--as-of", AS_OF, "--all", cwd=tmp_path,
                   columns="200")
    assert "báo cáo quá hạn khác" not in every.out
    assert len(every.out.splitlines()) > 3 * len(run.out.splitlines())


def test_overdue_names_what_each_unit_misses_and_all_gives_a_line_per_report(
        verdicts: dict[str, Any], tmp_path: Path) -> None:
    per_unit = _overdue_reports(verdicts)
    run = invoke(*HUMAN_VIEWS["overdue"], cwd=tmp_path, columns="200")
    rest = len(per_unit) - 10
    rest_reports = None
    found = re.search(r"… và (\d+) đơn vị khác \((\d+) báo cáo quá hạn\)", run.out)
    assert found is not None, run.out[-600:]
    assert int(found.group(1)) == rest
    rest_reports = int(found.group(2))
    listed = run.out.split("…")[0]
    shown = [line for line in listed.splitlines() if re.match(r"\S.*\s\d+\s+\d+\s", line)]
    assert len(shown) == 10
    assert rest_reports == sum(len(v) for v in per_unit.values()) - sum(
        int(re.search(r"\s(\d+)\s+\d+\s", line).group(1)) for line in shown)  # type: ignore[union-attr]
    every = invoke(*HUMAN_VIEWS["overdue"], "--all", cwd=tmp_path, columns="200")
    counts = Counter(line.split("  ")[0].strip() for line in every.out.splitlines()
                     if "Vụ TĐKT Bộ TT&TT" in line.split("  ")[0])
    assert counts["Vụ TĐKT Bộ TT&TT"] == len(per_unit["vu-tdkt-btttt"])


# ---------------------------------------------------------------------------------------
# In a real terminal: a pseudo-terminal 80 (and 120) columns wide, colours on


def _in_terminal(args: list[Any], columns: int, cwd: Path) -> str:
    """Run baocao with its stdout on a pseudo-terminal of ``columns`` columns, as a user at a
    terminal sees it (colour codes removed)."""
    import fcntl
    import pty
    import struct
    import termios

    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", 50, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "LINES")}
    env.update({"PYTHONPATH": str(ROOT), "TERM": "xterm-256color"})
    proc = subprocess.Popen([sys.executable, "-m", "cli.app", *map(str, args)], cwd=cwd,
                            env=env, stdout=secondary, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL)
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=120)
    os.close(primary)
    assert proc.stderr is not None
    with proc.stderr:
        assert b"Traceback" not in proc.stderr.read()
    text = b"".join(chunks).decode("utf-8")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", "", text).replace("\r", "")


@pytest.mark.skipif(os.name == "nt", reason="pseudo-terminals are POSIX")
@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("name", ["check", "overdue", "validate", "explain"])
def test_in_a_terminal_every_line_fits(name: str, columns: int, tmp_path: Path) -> None:
    out = _in_terminal(HUMAN_VIEWS[name], columns, tmp_path)
    lines = out.splitlines()
    assert len(lines) > 5
    too_long = [line for line in lines if len(line) > columns]
    assert not too_long, too_long[:3]
    assert not IDS.search(out)
    assert not squeezed(out)


# ---------------------------------------------------------------------------------------
# One output pipeline


def test_every_format_a_command_offers_has_one_writer() -> None:
    from cli.commands import outputs
    from cli.options import OutputFormat

    offered = {f.value for f in OutputFormat}
    for command in ("check", "overdue", "upcoming", "rules-show"):
        assert set(outputs.formats(command)) == offered, command


def test_the_listing_is_chosen_once_for_every_format(tmp_path: Path) -> None:
    """--verdict and --limit choose the rows in the view: the table, CSV, JSON and JSONL
    list the same reports."""
    args = ["check", "-s", EXAMPLES, "--as-of", AS_OF, "--verdict", "late", "--limit", "4"]
    as_json = json.loads(invoke(*args, "--format", "json", cwd=tmp_path).out)
    keys = [row["key"] for row in as_json["instances"]]
    assert len(keys) == 4
    assert all(row["verdict"] == "late" for row in as_json["instances"])
    lines = invoke(*args, "--format", "jsonl", cwd=tmp_path).out.splitlines()
    assert [json.loads(x)["key"] for x in lines if '"type":"instance"' in x] == keys
    csv_rows = invoke(*args, "--format", "csv", "--lang", "en", cwd=tmp_path).out
    assert [line.split(",")[0] for line in csv_rows.splitlines()[1:]] == keys
    shown = invoke(*args, "--ids", cwd=tmp_path, columns="200").out
    assert "… và" in shown  # 14 late instances, 4 listed
    assert sum(shown.count(k.split("/")[1]) > 0 for k in keys) == len(keys)
