"""Inputs a hostile (or unlucky) user gives, each once a crash (exit 70) or a silent answer.

Every case ends as a located refusal (exit 2, ``file:line:col: code``) or a record that is
``invalid`` with its reason — never a traceback, never exit 70, never a verdict computed on
something baocao cannot judge. Most run in-process against the loaders and ``engine.check``;
what the command line shows (options, exit codes) runs ``cli.app.main`` in this process
(``invoke``), and in a process of its own where the process is the point: an option of
100,000 characters on a real command line, a header of 200,000 columns, folders that loop.
"""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import engine
from engine.errors import BaocaoError
from engine.sources.json import load_json
from engine.sources.yaml import load_yaml
from tests._cli import Run, baocao, invoke

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
AS_OF = "2023-03-01"
BIG = "9" * 5000
TN = "Sở TT&TT Tây Ninh"


def _record(**fields: str) -> dict[str, str]:
    return {"id": "S1", "reporter": TN, "recipient": "Bộ TT&TT", "submitted_on": "2022-06-10",
            **fields}


def _problems(err: pytest.ExceptionInfo[BaocaoError]) -> list[tuple[str, int]]:
    return [(p.code, p.line) for p in err.value.problems]


def _rules(tmp: Path, rel: str, old: str, new: str) -> tuple[Path, int]:
    """A copy of rules/ with ``old`` replaced in ``rel``; the line of the change."""
    shutil.copytree(RULES, tmp / "rules")
    path = tmp / "rules" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp / "rules", text[: text.index(old)].count("\n") + 1


# ---------------------------------------------------------------------------------------
# Dates baocao cannot judge


def test_records_dated_year_1_or_9999_are_invalid(book: Any, tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps([
        _record(id="A", submitted_on="0001-01-01"),
        _record(id="B", submitted_on="9999-12-31"),
        _record(id="C", submitted_on="31/12/9999"),
        _record(id="D", sent_on="ngày 1 tháng 1 năm 0001"),
        _record(id="E", submitted_on="0000-01-01"),
        _record(id="F", submitted_on="2022-06-14 99:99"),  # a time of day that does not exist
    ]), encoding="utf-8")
    subs = engine.load_submissions([path], book)
    ev = engine.check(book, subs, date(2023, 3, 1))
    got = {s.submission.id: s for s in ev.submissions}
    for sid in "ABCDEF":
        assert got[sid].disposition is engine.Disposition.INVALID, sid
        (reason,) = got[sid].reasons
        assert reason.code == "record.bad-date", sid
    assert "outside the dates baocao can judge" in str(got["A"].reasons[0].params["detail"])


@pytest.mark.parametrize("option", ["--as-of", "--since"])
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "1/1/1900"])
def test_option_dates_baocao_cannot_judge_are_usage_errors(tmp_path: Path, option: str,
                                                            day: str) -> None:
    args = ["check", option, day] + (["--as-of", AS_OF] if option == "--since" else [])
    run = invoke(*args, "--format", "json", cwd=tmp_path)
    assert run.code == 2
    (error,) = json.loads(run.out)["errors"]
    assert error["code"] == "usage"
    assert option in error["message"]
    assert "outside the dates baocao can judge" in error["message"]


def test_the_last_day_baocao_judges_is_a_refusal_not_a_crash(tmp_path: Path) -> None:
    """On 31/12/2099 the ten-year review of 02-KH/BCĐ runs to 2101, beyond the calendar."""
    run = invoke("check", "--as-of", "2099-12-31", "--lang", "en", cwd=tmp_path)
    assert run.code == 2, run.err
    assert "calendar.out-of-range" in run.flat_err
    assert "2101" in run.flat_err


@pytest.mark.parametrize(("args", "code"), [
    (["--period", "9999-Q4"], "option.period"),
    (["--period", "0001"], "option.period"),
    (["--since", "2030-01-01"], "option.since"),
    (["--period", "2022-Q1", "--since", "2023-01-01"], "option.since"),
    (["--period", "2024"], "option.since"),
])
@pytest.mark.slow
def test_filters_that_can_show_nothing_are_refused(tmp_path: Path, args: list[str],
                                                   code: str) -> None:
    run = invoke("check", "--as-of", AS_OF, *args, "--format", "json", cwd=tmp_path)
    assert run.code == 2, run.out
    assert [e["code"] for e in json.loads(run.out)["errors"]] == [code]


def test_a_period_before_the_default_window_is_shown(book: Any) -> None:
    """--period 2021 with --as-of 2023: the window starts where the period does (it used
    to start on 1/1/2022 and show nothing, exit 0)."""
    ev = engine.check(book, (), date(2023, 3, 1), engine.Filters(period="2021"))
    view = engine.check_view(ev, book, "en")
    assert view.instances
    assert {row.period[:4] for row in view.instances} == {"2021"}


@pytest.mark.slow
def test_month_next_in_december_9999_is_refused_where_written(tmp_path: Path) -> None:
    rules, line = _rules(tmp_path, "directives/kh-06-bcd-tay-ninh-2022.yaml",
                         'windows: ["2022-04"]\n    deadline: {basis: stated, reading: within',
                         'windows: ["9999-12"]\n    deadline: {basis: stated, day: 10, '
                         'month: next, reading: by')
    with pytest.raises(BaocaoError) as err:
        engine.load_rulebook(rules)
    assert _problems(err) == [("rules.bad-window", line)]
    for command in (["check", "--rules", rules, "--as-of", AS_OF], ["rules", "lint", rules]):
        run = invoke(*command, cwd=tmp_path)
        assert run.code in (1, 2), run.err  # lint reports its errors and exits 1
        assert f":{line}:" in run.out + run.err
        assert "rules.bad-window" in run.out + run.err


def test_in_force_to_year_9999_says_to_leave_it_open(tmp_path: Path) -> None:
    rules, line = _rules(tmp_path, "directives/ct-103-btttt-2021.yaml",
                         "to: 2022-12-31}", "to: 9999-12-31}")
    with pytest.raises(BaocaoError) as err:
        engine.load_rulebook(rules)
    assert _problems(err) == [("rules.bad-date", line)]
    assert "leave 'to' out" in err.value.problems[0].message


# ---------------------------------------------------------------------------------------
# Numbers, strings and files that are not what they seem


def test_a_5000_digit_number_in_a_rule_file(tmp_path: Path) -> None:
    """int() refuses 4300 digits with a ValueError; the reader keeps such a number as its text,
    so the schema refuses it where it is written (an integer was expected)."""
    rules, line = _rules(tmp_path, "decisions.yaml", "days_after_due: {gt: 0}",
                         f"days_after_due: {{gt: {BIG}}}")
    with pytest.raises(BaocaoError) as err:
        engine.load_rulebook(rules)
    assert _problems(err) == [("schema.type", line)]


def test_a_constant_durable_rules_would_compare_as_a_float(tmp_path: Path) -> None:
    """2^53 + 1 equals 2^53 in floating point: the schema keeps constants to a million."""
    rules, line = _rules(tmp_path, "decisions.yaml", "days_after_due: {gt: 0}",
                         f"days_after_due: {{gt: {2**53 + 1}}}")
    with pytest.raises(BaocaoError) as err:
        engine.load_rulebook(rules)
    assert _problems(err) == [("schema.maximum", line)]


def test_a_float_where_an_integer_belongs(tmp_path: Path) -> None:
    """jsonschema counts 15.0 as an integer; the code cannot make a date of it."""
    rules, line = _rules(tmp_path, "directives/ct-103-btttt-2021.yaml", "day: 15", "day: 15.0")
    with pytest.raises(BaocaoError) as err:
        engine.load_rulebook(rules)
    assert _problems(err) == [("schema.type", line)]


@pytest.mark.parametrize(("name", "text"), [
    ("s.yaml", f"- {{id: {BIG}, reporter: x}}\n"),
    ("s.json", f'[\n  {{"id": {BIG}, "reporter": "x"}}]'),
])
def test_a_5000_digit_number_is_kept_as_its_text(tmp_path: Path, name: str, text: str) -> None:
    """Never a ValueError from int(): the record reader then refuses the overlong field."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    data = (load_yaml if name.endswith(".yaml") else load_json)(path).data
    assert data == [{"id": BIG, "reporter": "x"}]


@pytest.mark.parametrize(("name", "text", "code"), [
    ("s.json", '[{"id": "ok",\n "title": "\\ud800"}]', "json.unicode"),
    ("s.json", '[{"id": "ok",\n "x\\udfff": 1}]', "json.unicode"),
])
def test_lone_surrogates_in_a_json_file(tmp_path: Path, name: str, text: str,
                                                    code: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaocaoError) as err:
        (load_yaml if name.endswith(".yaml") else load_json)(path)
    ((got, line),) = _problems(err)
    assert (got, line) == (code, 2 if name.endswith(".json") else 1)


def test_a_valid_surrogate_pair_is_a_character(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('[{"title": "\\ud83d\\ude00"}]', encoding="utf-8")
    assert load_json(path).data == [{"title": "😀"}]


def test_a_5000_digit_number_in_a_csv_is_an_invalid_record(book: Any, tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(f"id,reporter,recipient,submitted_on,period\n{BIG},{BIG},x,{BIG},{BIG}\n",
                    encoding="utf-8")
    (sub,) = engine.load_submissions([path], book)
    assert {p.code for p in sub.problems} == {"record.too-long"}


def test_symlink_loop_and_other_non_files_in_directives(tmp_path: Path) -> None:
    shutil.copytree(RULES, tmp_path / "rules")
    folder = tmp_path / "rules" / "directives"
    (folder / "loop.yaml").symlink_to("loop.yaml")
    (folder / "gone.yaml").symlink_to("nowhere.yaml")
    (folder / "folder.yaml").mkdir()
    (folder / "self").symlink_to(".")
    run = baocao("check", "--rules", "rules", "--as-of", AS_OF, "--lang", "en", cwd=tmp_path)
    assert run.code == 2, run.err
    for name, why in (("loop", "Too many levels of symbolic links"),
                      ("gone", "No such file or directory"), ("folder", "Is a directory")):
        assert f"rules/directives/{name}.yaml: file.unreadable: cannot read file: {why}" \
            in run.flat_err
    lint = baocao("rules", "lint", "rules", "--format", "json", cwd=tmp_path)
    codes = {(p["file"], p["code"]) for p in json.loads(lint.out)}
    assert ("rules/directives/loop.yaml", "file.unreadable") in codes


@pytest.mark.parametrize(("name", "content"), [
    ("empty.json", b""),
    ("binary.csv", bytes(range(256)) * 8),
    ("binary.yaml", b"\x00\x01id: \xff"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000),
    ("deep.yaml", b"a:\n" + b"".join(b"  " * i + b"b:\n" for i in range(1, 400))),
    ("flow.yaml", b"[" * 100_000),
    ("huge-cell.csv", b"id,reporter,recipient,submitted_on\nS1," + b"x" * 300_000 + b",y,z\n"),
    ("controls.csv", "id,reporter,recipient,submitted_on,title\nS1,\x1b[2J\x00,Bộ TT&TT,"
                     "2022-06-10,\u202e\x07\r\n".encode()),
])
@pytest.mark.slow
def test_hostile_files_end_in_verdicts_or_located_errors(tmp_path: Path, name: str,
                                                        content: bytes) -> None:
    (tmp_path / name).write_bytes(content)
    run = invoke("check", "-s", name, "--as-of", AS_OF, "--format", "json", cwd=tmp_path)
    data = json.loads(run.out)
    if run.code == 2:
        assert all(e["file"] == name and e["line"] >= 1 for e in data["errors"]), data
    else:
        assert run.code == 1, run.err
        assert "\x1b" not in run.out  # escaped in JSON, never raw to a terminal


# ---------------------------------------------------------------------------------------
# A sending date that cannot be, under a rule that counts it


def test_impossible_sent_on_is_never_judged(book: Any, tmp_path: Path) -> None:
    rules, _ = _rules(tmp_path, "directives/ct-103-btttt-2021.yaml",
                      "    frequency: quarterly\n", "    frequency: quarterly\n    counts: sent\n")
    book = engine.load_rulebook(rules)
    path = tmp_path / "s.yaml"
    path.write_text(json.dumps([
        # received on time (14/6), "sent" a month later: judged by sent_on it would be late
        _record(id="after", submitted_on="2022-06-10", sent_on="2022-07-20", period="2022-Q2",
                directive="103/CT-BTTTT"),
        _record(id="transit", reporter="so-tttt-thai-nguyen", submitted_on="2022-06-10",
                sent_on="2020-06-10", period="2022-Q2", directive="103/CT-BTTTT"),
        _record(id="fine", reporter="cuc-ptth-ttdt", submitted_on="2022-06-20",
                sent_on="2022-06-13", period="2022-Q2", directive="103/CT-BTTTT"),
    ], ensure_ascii=False), encoding="utf-8")
    ev = engine.check(book, engine.load_submissions([path], book), date(2023, 3, 1))
    got = {s.submission.id: s for s in ev.submissions}
    for sid in ("after", "transit"):
        assert got[sid].disposition is engine.Disposition.INVALID, sid
        assert [r.code for r in got[sid].reasons] == ["record.sent-on"], sid
    assert got["fine"].disposition is engine.Disposition.MATCHED
    (counted,) = [i for i in ev.instances if i.submission == "fine"]
    assert counted.verdict is engine.Verdict.ON_TIME  # sent 13/6, before the 14/6 deadline


def test_sent_on_reason_in_both_languages(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(json.dumps(
        [_record(sent_on="2022-07-20")], ensure_ascii=False), encoding="utf-8")
    runs: dict[str, Run] = {
        lang: invoke("check", "-s", "s.yaml", "--as-of", AS_OF, "--lang", lang,
                     "--format", "json", cwd=tmp_path)
        for lang in ("vi", "en")
    }
    for lang, words in (("vi", "ngày gửi 2022-07-20"), ("en", "after the report was received")):
        (sub,) = json.loads(runs[lang].out)["submissions"]
        assert sub["disposition"] == "invalid"
        assert words in sub["reasons"][0]["message"], sub


@pytest.mark.parametrize(("target", "code"), [(".", "file.unreadable"),
                                              ("/dev/null", "file.unreadable"),
                                              ("nothing.txt", "file.missing")])
def test_rules_draft_of_something_that_is_not_a_text_file(tmp_path: Path, target: str,
                                                          code: str) -> None:
    run = invoke("rules", "draft", target, "--format", "json", cwd=tmp_path)
    assert run.code == 2
    assert [e["code"] for e in json.loads(run.out)["errors"]] == [code]


@pytest.mark.slow
def test_a_header_of_200000_columns_is_named_in_a_short_message(tmp_path: Path) -> None:
    """The refusal shows 30 of the cells it found (each cut at 60 characters) and how many
    more there are, not 1.7 MB of them."""
    cells = ["id", "x" * 500, *(f"c{i}" for i in range(200_000))]
    (tmp_path / "wide.csv").write_text(",".join(cells) + "\n", encoding="utf-8")
    run = baocao("validate", "wide.csv", "--lang", "en", cwd=tmp_path, timeout=120)
    assert run.code == 2
    assert "wide.csv:1:1: csv.missing-column: missing required column(s) reporter" in run.flat_err
    assert "id, " + "x" * 60 + "…, c0, c1," in run.flat_err
    assert "c27 … (199972 more)" in run.flat_err
    assert len(run.err) < 2000


def test_an_option_value_of_100000_characters_is_quoted_short(tmp_path: Path) -> None:
    run = baocao("check", "--as-of", AS_OF, "--directive", "x" * 100_000, "--lang", "en",
                 cwd=tmp_path)
    assert run.code == 2
    assert "--directive: option.directive:" in run.flat_err
    assert "… (+98" in run.flat_err
    assert "characters)" in run.flat_err
    assert len(run.err) < 3000


def test_rules_that_name_a_file_say_it_is_not_a_directory(tmp_path: Path) -> None:
    (tmp_path / "rules.yaml").write_text("x: 1\n", encoding="utf-8")
    for command in (["check", "--as-of", AS_OF], ["rules", "lint"]):
        rules = ["--rules", "rules.yaml"] if command[0] == "check" else ["rules.yaml"]
        run = baocao(*command, *rules, "--lang", "en", cwd=tmp_path)
        assert run.code == 2
        assert "rules.yaml: file.missing: not a directory: rules.yaml (the rules are a folder" \
            in run.flat_err


def test_a_line_break_or_a_tab_in_a_cell_keeps_a_long_listing_a_line_per_row(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An id typed "a⏎b", a period with a tab after it: in a listing of one line per row
    (``check --all`` and ``validate`` past ``LARGE`` rows) each is a space, so every row is
    one line of the terminal's width and nothing is pushed out of its column."""
    from cli.render import table, validate

    monkeypatch.setattr(table, "LARGE", 1)
    monkeypatch.setattr(validate, "LARGE", 1)
    (tmp_path / "h.csv").write_text(
        "id,reporter,recipient,submitted_on,period,title\n"
        f'"a\nb",{TN},Vụ TĐKT,14/3/2022,2022-Q1,"Báo cáo\nquý 1"\n'
        f'c\td,{TN},Vụ TĐKT,14/3/2022,"2022-Q1\t",t\n', encoding="utf-8")
    for args in (("check", "-s", "h.csv", "--as-of", AS_OF, "--all"),
                 ("validate", "h.csv", "--as-of", AS_OF)):
        run = invoke(*args, cwd=tmp_path, columns="100")
        assert run.code in (0, 1), run.err
        lines = run.out.splitlines()
        assert max(len(line) for line in lines) <= 100
        assert "\t" not in run.out
        # the record's line: "a b  Sở TT&TT …" (check), "     2 a b  Sở TT&TT …" (validate)
        rows = [line.split() for line in lines if "Sở TT&TT" in line]
        assert [r[:2] for r in rows if r[0] in ("a", "c")] == [["a", "b"], ["c", "d"]] or \
            [r[1:3] for r in rows if r[0].isdigit()] == [["a", "b"], ["c", "d"]], run.out
        assert not any(line.startswith(("b ", "d ", "quý")) for line in lines), run.out
