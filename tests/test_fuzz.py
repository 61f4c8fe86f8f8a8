"""Fuzzing the loaders and the command with mutated rule files and hostile submission files.

Rule folders start from the bundled rules with one file mutated — as data (a key deleted,
renamed or duplicated, a value swapped for one of another type, a huge number, odd unicode, a
date at the end of time) or as text (a line deleted, duplicated or cut, bytes inserted).
Submission files are YAML, JSON or CSV records mixing plausible values with hostile ones, and
are sometimes mutated as text too. Whatever comes in, the outcome is verdicts, or a
``BaocaoError`` whose problems are registered codes located in the file at fault — never
another exception — and, through the real command, exit 0/1 or 2 with ``{"errors": [...]}``,
never a traceback or exit 70, within ``BOUND`` seconds per input.

The suite runs a modest, derandomized number of examples (the same ones every run, so CI is
not flaky). ``BAOCAO_FUZZ=500 python -m pytest tests/test_fuzz.py`` explores further with
random examples; a failure prints the input to reproduce it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

import engine
from cli.i18n import Lang
from cli.render import json as json_out
from cli.render import table
from cli.render.csv import rows_csv
from cli.render.texts import Texts
from engine.errors import BaocaoError, registered

pytestmark = pytest.mark.slow  # see tests/conftest.py

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
EXAMPLES = ROOT / "examples" / "submissions"
BOUND = 20.0  # seconds per input, every stage included

EXPLORE = int(os.environ.get("BAOCAO_FUZZ", "0"))


def _settings(examples: int) -> Any:
    return settings(
        max_examples=EXPLORE or examples, derandomize=not EXPLORE,
        deadline=timedelta(seconds=BOUND), database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much],
    )


RULE_FILES = sorted(
    p.relative_to(RULES).as_posix()
    for p in [*RULES.glob("*.yaml"), *RULES.glob("calendar/*.yaml"),
              *RULES.glob("directives/*.yaml")]
)
# Problems without a file: the calendar's edge is a property of the run, not of one file.
UNLOCATED_CODES = {"calendar.out-of-range"}


# ---------------------------------------------------------------------------------------
# Hostile values

ODD_TEXT = [
    "", " ", "\t", "\x00", "\x1b[31m", "\u202e", "\ufeff", "\u200b", "🙂", "Ω≈ç√∫",
    "ﷺ", "\U0010ffff", "ə" * 300, "A" * 5000, "null", "~", "yes", "NO", "0x1F", "1e309",
    "-0", "٣", "２０２２", "2022-02-30", "0001-01-01", "9999-12-31", "2099-12-31",
    "31/12/9999", "ngày 1 tháng 1 năm 1", "9999-Q4", "2022-H3", "năm 99999", "quý 0/2022",
    "'", '"', "\\", "{", "[", "&a", "*a", "!!python/object", "<<", "%", "@", "`",
    "Sở TT&TT Tây Ninh", "Bộ TT&TT", "103/CT-BTTTT", "bao-cao-quy", "so-tttt-tay-ninh",
]

scalars = st.one_of(
    st.sampled_from(ODD_TEXT),
    st.text(max_size=40),
    st.integers(-(10**6), 10**6),
    st.integers(min_value=-(10**90), max_value=10**90),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.dates(date(1, 1, 1), date(9999, 12, 31)).map(lambda d: d.isoformat()),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6,
)


# ---------------------------------------------------------------------------------------
# Mutations


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i))


def _mutate_tree(data: Any, draw: Callable[[Any], Any]) -> Any:
    paths = [p for p in _paths(data) if p]
    if not paths:
        return draw(values)
    path = draw(st.sampled_from(paths))
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    op = draw(st.sampled_from(["delete", "replace", "same", "same", "same", "rename", "copy",
                               "wrap"]))
    if op == "delete":
        del parent[last]
    elif op == "replace":
        parent[last] = draw(values)
    elif op == "same":  # a value of the same type: passes the schema, reaches the semantics
        parent[last] = draw(_same_kind(parent[last]))
    elif op == "rename" and isinstance(parent, dict):
        parent[draw(st.sampled_from(ODD_TEXT[:20]) | st.text(max_size=12))] = parent.pop(last)
    elif op == "copy" and isinstance(parent, list):
        parent.insert(draw(st.integers(0, len(parent))), parent[last])
    elif op == "copy" and isinstance(parent, dict):  # another entry's value under this key
        parent[last] = parent[draw(st.sampled_from(list(parent)))]
    else:
        parent[last] = [parent[last]] if draw(st.booleans()) else {"x": parent[last]}
    return data


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)


# Every string of the bundled rules (unit ids, policy ids, periods, enum values, dates):
# swapped in where another string was, it passes the schema and tests the semantics.
VOCABULARY = sorted({t for rel in RULE_FILES
                     for t in _strings(yaml.safe_load((RULES / rel).read_text(encoding="utf-8")))
                     if len(t) < 60})
EDGE_DATES = ["1901-01-01", "2099-12-31", "2100-01-01", "1900-12-31", "2024-02-29",
              "2023-02-29", "2022-12-31", "2022-01-01"]


def _same_kind(value: Any) -> Any:
    if isinstance(value, bool):
        return st.just(not value)
    if isinstance(value, int):
        return st.one_of(st.integers(-3, 400), st.sampled_from([0, 1, 12, 31, 366, 10**6]))
    if isinstance(value, str):
        return st.one_of(st.sampled_from(VOCABULARY), st.sampled_from(EDGE_DATES),
                         st.sampled_from(ODD_TEXT))
    if isinstance(value, list):
        return st.lists(st.sampled_from(VOCABULARY), max_size=3)
    return values


def _mutate_text(text: str, draw: Callable[[Any], Any]) -> str:
    lines = text.split("\n")
    i = draw(st.integers(0, max(0, len(lines) - 1)))
    op = draw(st.sampled_from(["delete", "duplicate", "insert", "cut", "digits", "indent"]))
    if op == "delete":
        del lines[i]
    elif op == "duplicate":  # a duplicate key, a duplicate list item, or a syntax error
        lines.insert(i, lines[i])
    elif op == "insert":
        at = draw(st.integers(0, len(lines[i])))
        junk = draw(st.sampled_from(ODD_TEXT) | st.text(max_size=10))
        lines[i] = lines[i][:at] + junk + lines[i][at:]
    elif op == "cut":
        return text[: draw(st.integers(0, len(text)))]
    elif op == "digits":
        n = draw(st.sampled_from([20, 101, 5000]))
        lines[i] = "".join("9" * n if c.isdigit() else c for c in lines[i][:200])
    else:
        lines[i] = draw(st.sampled_from(["\t", "  ", " " * 9])) + lines[i]
    return "\n".join(lines)


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


@st.composite
def rule_mutations(draw: Callable[[Any], Any], files: list[str] = RULE_FILES) -> tuple[str, str]:
    """(file relative to rules/, its new text)."""
    rel = draw(st.sampled_from(files))
    text = (RULES / rel).read_text(encoding="utf-8")
    if draw(st.booleans()):
        data = yaml.safe_load(text)
        for _ in range(draw(st.integers(1, 3))):
            data = _mutate_tree(data, draw)
        with contextlib.suppress(yaml.YAMLError, ValueError, OverflowError):
            text = _dump(data)  # else not representable in YAML: the text mutation below
    if draw(st.integers(0, 2)) == 0 or text == (RULES / rel).read_text(encoding="utf-8"):
        text = _mutate_text(text, draw)
    return rel, text


FIELD_POOL = ["id", "reporter", "recipient", "submitted_on", "period", "directive",
              "obligation", "title", "document_number", "sent_on", "mã", "ngày nhận",
              "Đơn vị gửi", "kỳ báo cáo", "item", "extra"]
PLAUSIBLE = {
    "reporter": ["Sở TT&TT Tây Ninh", "so-tttt-thai-nguyen", "STTTT Thái Nguyên",
                 "UBND huyện Tân Châu", "Báo Tây Ninh", "Sở TT&TT"],
    "recipient": ["Bộ TT&TT", "bo-tttt", "UBMTTQ tỉnh Tây Ninh", "vu-tdkt-btttt"],
    "submitted_on": ["2022-06-14", "14/6/2022", "ngày 20 tháng 12 năm 2022", "2023-01-05",
                     "2022-03-31 00:00:00", "2022-06-14T08:30"],
    "sent_on": ["2022-06-10", "2022-07-30", "2020-01-01"],
    "period": ["2022-H1", "2022", "quý III/2022", "6 tháng đầu năm 2022", "2022-Q4",
               "tháng 5 năm 2022", "2022-9M"],
    "directive": ["103/CT-BTTTT", "02-KH/BCĐ", "99/CT-KHAC"],
    "obligation": ["bao-cao-quy", "bao-cao-6-thang-nam"],
    "title": ["Báo cáo kết quả thực hiện phong trào thi đua quý II năm 2022",
              "Báo cáo 6 tháng đầu năm 2022", "Phóng sự tháng 5"],
}


@st.composite
def records(draw: Callable[[Any], Any]) -> list[Any]:
    out: list[Any] = []
    for i in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 12)) == 0:
            out.append(draw(values))  # not a mapping at all
            continue
        rec: dict[str, Any] = {"id": f"S{i}"}
        for name in draw(st.lists(st.sampled_from(FIELD_POOL), max_size=8)):
            pool = PLAUSIBLE.get(name)
            plausible = pool is not None and draw(st.integers(0, 3)) > 0
            rec[name] = draw(st.sampled_from(pool)) if plausible and pool else draw(values)
        out.append(rec)
    return out


def _csv(recs: list[Any], delimiter: str) -> str:
    rows = [r for r in recs if isinstance(r, dict)]
    header = list(dict.fromkeys(k for r in rows for k in r)) or ["id"]
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    writer.writerow(header)
    for r in rows:
        writer.writerow(["" if r.get(k) is None else str(r.get(k)) for k in header])
    return buf.getvalue()


@st.composite
def submission_files(draw: Callable[[Any], Any]) -> tuple[str, str]:
    """(file name, text)."""
    recs = draw(records())
    kind = draw(st.sampled_from(["yaml", "json", "csv"]))
    if kind == "yaml":
        wrapped: Any = {"submissions": recs} if draw(st.booleans()) else recs
        try:
            text = _dump(wrapped)
        except (yaml.YAMLError, ValueError, OverflowError):
            text = json.dumps(recs, default=str)  # JSON is YAML
    elif kind == "json":
        text = json.dumps(recs, ensure_ascii=draw(st.booleans()), default=str)
    else:
        text = _csv(recs, draw(st.sampled_from([",", ";"])))
    if draw(st.integers(0, 3)) == 0:
        text = _mutate_text(text, draw)
    if kind == "json" and draw(st.integers(0, 5)) == 0:
        text = text.replace('"S0"', '"S\\ud800"')  # a lone surrogate escape
    return f"received.{kind}", text


# ---------------------------------------------------------------------------------------
# What every outcome must be


def _assert_located(err: BaocaoError, files: set[str]) -> None:
    """Registered codes, each problem in one of ``files`` (a rule file that uses what was
    mutated may be where the problem shows: a directive naming a deleted policy)."""
    for p in err.problems:
        assert registered(p.code), p
        if p.code not in UNLOCATED_CODES:
            assert any(p.file.endswith(f) for f in files), (p, files)


def _render(ev: Any, book: Any) -> None:
    """Every output the CLI draws, in both languages (crashes hide in rendering too)."""
    for lang in Lang:
        view = engine.check_view(ev, book, lang.value)
        texts = Texts(lang, book)
        json.loads(json_out.dumps(view, texts))
        rows_csv(view.instances, texts)
        console = Console(file=io.StringIO(), width=120)
        for part in table.check_view(view, texts):
            console.print(part)
        engine.overdue_view(ev, book, lang.value)


def _evaluate(rules: Path, subs: list[Path], as_of: date, files: set[str]) -> None:
    try:
        book = engine.load_rulebook(rules)
        received = engine.load_submissions(subs, book)
        ev = engine.check(book, received, as_of)
    except BaocaoError as err:
        _assert_located(err, files)
        return
    assert len(ev.submissions) == len(received)
    _render(ev, book)


@_settings(examples=20)
@given(mutation=rule_mutations(), as_of=st.dates(date(2021, 6, 1), date(2024, 6, 1)))
def test_mutated_rule_files(mutation: tuple[str, str], as_of: date) -> None:
    rel, text = mutation
    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules"
        shutil.copytree(RULES, rules)
        (rules / rel).write_text(text, encoding="utf-8")
        _evaluate(rules, [EXAMPLES], as_of, set(RULE_FILES))
        try:
            report = engine.lint_rules(rules)
        except BaocaoError as err:
            _assert_located(err, set(RULE_FILES))
        else:
            assert all(registered(p.code) for p in report.problems)


CASE_FILES = sorted(p.relative_to(RULES).as_posix() for p in RULES.glob("tests/*.yaml"))


@_settings(examples=8)
@given(mutation=rule_mutations(CASE_FILES))
def test_mutated_rule_test_cases(mutation: tuple[str, str]) -> None:
    """``baocao rules test``: case files are written by rule authors too."""
    rel, text = mutation
    with tempfile.TemporaryDirectory() as tmp:
        rules = Path(tmp) / "rules"
        shutil.copytree(RULES, rules)
        (rules / rel).write_text(text, encoding="utf-8")
        book = engine.load_rulebook(rules)
        try:
            run = engine.run_cases(book)
        except BaocaoError as err:
            _assert_located(err, {rel})
        else:
            assert run.results


@_settings(examples=25)
@given(file=submission_files(), as_of=st.dates(date(2022, 1, 1), date(2024, 1, 1)))
def test_hostile_submission_files(file: tuple[str, str], as_of: date) -> None:
    name, text = file
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _evaluate(RULES, [path], as_of, {name})


# ---------------------------------------------------------------------------------------
# The real command


def _command(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "BAOCAO_DEBUG")}
    env.update({"PYTHONPATH": str(ROOT), "COLUMNS": "120", "NO_COLOR": "1"})
    return subprocess.run([sys.executable, "-m", "cli.app", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", errors="replace",
                          timeout=BOUND, check=False)


def _assert_cli_outcome(proc: subprocess.CompletedProcess[str], files: set[str]) -> None:
    """Exit 0/1 with verdicts, or 2 with errors located in a file or at an option."""
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1, 2), (proc.returncode, proc.stderr)
    data = json.loads(proc.stdout)
    if proc.returncode == 2:
        for error in data["errors"]:
            assert registered(error["code"]) or error["code"] == "usage", error
            if error["code"] not in UNLOCATED_CODES and error["code"] != "usage":
                assert (error["file"].startswith("--")
                        or any(error["file"].endswith(f) for f in files)), (error, files)
    else:
        assert {"instances", "submissions", "summary"} <= set(data)


OPTION_VALUES = st.one_of(  # no NUL: a command line cannot hold one
    st.sampled_from([t for t in ODD_TEXT if "\x00" not in t]),
    st.sampled_from(["2022", "2022-H1", "2021-Q4", "2023-01", "quý III/2022", "2022-9M"]),
    st.dates(date(1, 1, 1), date(9999, 12, 31)).map(lambda d: f"{d.day}/{d.month}/{d.year}"),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
            max_size=15),
)


@st.composite
def filters(draw: Callable[[Any], Any]) -> list[str]:
    """Some of --as-of, --since, --period, --unit, --directive, with plausible or odd values."""
    args = ["--as-of", draw(st.sampled_from(["2023-03-01", "2022-07-01"]) | OPTION_VALUES)]
    for option in ("--since", "--period", "--unit", "--directive"):
        if draw(st.integers(0, 3)) == 0:
            args += [option, draw(OPTION_VALUES)]
    return args


@_settings(examples=6)
@given(mutation=rule_mutations(), file=submission_files(), options=filters(),
       fmt=st.sampled_from(["json", "table", "csv"]), lang=st.sampled_from(["vi", "en"]))
def test_the_command_with_mutated_rules_and_hostile_files(
        mutation: tuple[str, str], file: tuple[str, str], options: list[str], fmt: str,
        lang: str) -> None:
    rel, rules_text = mutation
    name, text = file
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp)
        shutil.copytree(RULES, cwd / "rules")
        (cwd / "rules" / rel).write_text(rules_text, encoding="utf-8")
        (cwd / name).write_text(text, encoding="utf-8", errors="surrogatepass")
        args = ["check", "--rules", "rules", "-s", name, *options, "--lang", lang]
        proc = _command([*args, "--format", "json"], cwd)
        _assert_cli_outcome(proc, {*RULE_FILES, name})
        if fmt != "json":  # the other renderings exit the same way, without a traceback
            other = _command([*args, "--format", fmt], cwd)
            assert "Traceback" not in other.stderr, other.stderr
            assert other.returncode == proc.returncode, other.stderr


@pytest.mark.parametrize("seed", range(3))
def test_random_bytes_as_every_input(tmp_path: Path, seed: int) -> None:
    """Bytes, not text: for each kind of file the command reads."""
    rng = random.Random(seed)
    junk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2000)))
    shutil.copytree(RULES, tmp_path / "rules")
    target = rng.choice([*RULE_FILES, "received.csv", "received.yaml", "received.json"])
    path = (tmp_path / "rules" / target) if target in RULE_FILES else tmp_path / target
    path.write_bytes(junk)
    sub = target if target.startswith("received") else "received.csv"
    if not (tmp_path / sub).exists():
        (tmp_path / sub).write_text("id,reporter,recipient,submitted_on\n", encoding="utf-8")
    proc = _command(["check", "--rules", "rules", "-s", sub, "--as-of", "2023-03-01",
                     "--format", "json"], tmp_path)
    _assert_cli_outcome(proc, {*RULE_FILES, sub})
