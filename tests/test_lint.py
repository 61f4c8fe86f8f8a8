"""`baocao rules lint`: one broken rules folder per lint code, and the exact message.

Each test starts from a clean folder (the bundled units, decisions and calendar, one directive
whose citation is quoted from ``source.txt``) and breaks one thing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from engine.authoring.lint import lint_rules
from tests._cli import invoke

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "authoring"
BASE = (FIXTURES / "base-directive.yaml").read_text(encoding="utf-8")


def make_rules(tmp: Path, directive: str = BASE, name: str = "kh-1-test.yaml") -> Path:
    rules = tmp / "rules"
    (rules / "directives").mkdir(parents=True)
    (rules / "calendar").mkdir()
    for rel in ("units.yaml", "decisions.yaml", "calendar/policies.yaml",
                "calendar/vn-adjustments.yaml"):
        shutil.copy(ROOT / "rules" / rel, rules / rel)
    shutil.copy(FIXTURES / "source.txt", rules / "source.txt")
    (rules / "directives" / name).write_text(directive, encoding="utf-8")
    return rules


def lines(rules: Path) -> list[str]:
    return [f"{p.where}: {p.severity}: {p.message} [{p.code}]"
            for p in lint_rules(rules).problems]


def test_clean_folder_has_no_problem(tmp_path: Path) -> None:
    assert lines(make_rules(tmp_path)) == []


D = "rules/directives/kh-1-test.yaml"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            "day: 20", "day: 10",
            [f"{D}:18:7: error: due 2022-03-09 for 2022-Q1, before its data cut-off 2022-03-14 "
             "(NĐ 09/2019/NĐ-CP: data from the 15th of the month before the period to the 14th "
             "of its last month) [lint.deadline-before-cutoff]",
             f"{D}:18:7: error: the words 'trước ngày 20 của tháng cuối quý' name day 20, the "
             "deadline is encoded as day 10: correct one of them [lint.deadline-words]"],
            id="deadline-before-cutoff"),
        pytest.param(
            "day: 20", "day: 15",
            [f"{D}:18:7: error: the words 'trước ngày 20 của tháng cuối quý' name day 20, the "
             "deadline is encoded as day 15: correct one of them [lint.deadline-words]",
             f"{D}:18:7: warning: no working day between the data cut-off 2022-03-14 and the "
             "due date 2022-03-14 (2022-Q1): the report is due the day its data closes "
             "(NĐ 09/2019/NĐ-CP) [lint.no-working-day]"],
            id="no-working-day"),
        pytest.param(
            "frequency: quarterly", "frequency: semiannual",
            [f"{D}:16:16: warning: frequency 'semiannual' yields periods 2022-H1, 2022-H2, but "
             "the cited words name quarterly [lint.schedule-words]"],
            id="schedule-words"),
        pytest.param(
            'text: "Sở Công Thương báo cáo Ủy ban nhân dân tỉnh hằng quý trước ngày 20 của '
            'tháng cuối quý."', 'text: "Mục III.1"',
            [f"{D}:15:16: warning: the cited words do not name the recipient "
             "'ubnd-tinh-tay-ninh'; if it was inferred, mark it (recipient_inferred: true) and say "
             "how in notes "
             "[lint.inferred-recipient]",
             f"{D}:25:13: error: the cited words 'Mục III.1' are not in source.txt; quote the "
             "text exactly (typos included) and mark cuts with '...' "
             "[lint.citation-not-in-source]",
             f"{D}:25:13: error: citation text 'Mục III.1' quotes no words of the directive; "
             "copy the sentence that creates the duty [lint.citation-unquoted]"],
            id="citation-unquoted"),
        pytest.param(
            "hằng quý trước ngày 20", "mỗi quý trước ngày 20",
            [f"{D}:25:13: error: the cited words 'Sở Công Thương báo cáo Ủy ban nhân dân tỉnh "
             "mỗi quý trước n…' are not in source.txt; quote the text exactly (typos included) and "
             "mark cuts with '...' [lint.citation-not-in-source]"],
            id="citation-not-in-source"),
        pytest.param(
            "source: source.txt", "source: missing.txt",
            [f"{D}:9:11: note: source text 'missing.txt' not found beside the rules; citations "
             "were not checked against it [lint.source-missing]"],
            id="source-missing"),
        pytest.param(
            "recipient: ubnd-tinh-tay-ninh", "recipient: so-tttt-tay-ninh",
            [f"{D}:15:16: warning: the cited words do not name the recipient "
             "'so-tttt-tay-ninh'; if it was inferred, mark it (recipient_inferred: true) and say "
             "how in notes "
             "[lint.inferred-recipient]"],
            id="inferred-recipient"),
        pytest.param(
            "reading: before", "reading: chậm nhất",
            [f"{D}:21:16: note: reading 'chậm nhất' is read as 'by' (the day named is the last "
             "day) [lint.reading-words]"],
            id="reading-words"),
    ],
)
def test_each_lint_code(tmp_path: Path, old: str, new: str, expected: list[str]) -> None:
    assert old in BASE
    assert lines(make_rules(tmp_path, BASE.replace(old, new))) == expected


def test_deadline_words_name_the_day_encoded(tmp_path: Path) -> None:
    """Words and encoding changed together agree; "ngày 5/12" and "ngày 05" name days too."""
    same = BASE.replace("day: 20", "day: 25").replace("trước ngày 20 của tháng cuối quý\"",
                                                       "trước ngày 25 của tháng cuối quý\"")
    assert "lint.deadline-words" not in " ".join(lines(make_rules(tmp_path / "a", same)))
    other = BASE.replace('words: "trước ngày 20 của tháng cuối quý"',
                         'words: "chậm nhất ngày 05/12"')
    assert ("the words 'chậm nhất ngày 05/12' name day 5, the deadline is encoded as day 20"
            in " ".join(lines(make_rules(tmp_path / "b", other))))


def test_a_schema_error_does_not_hide_the_other_files_problems(tmp_path: Path) -> None:
    """Like a compiler: one plan that does not load, and the others are still checked. A copy
    of the bundled rules with one schema error (kh-bcd-bkhcn-2017 loses its title) and three
    problems elsewhere: a deadline whose words say another day (103/CT III.3), words quoted
    that are not in the source (Thái Nguyên's plan), and the overlap of 06 III with 02 III
    that the bundled rules carry on purpose."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    folder = rules / "directives"

    def edit(name: str, old: str, new: str) -> None:
        text = (folder / name).read_text(encoding="utf-8")
        assert old in text, (name, old)
        (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8")

    edit("kh-bcd-bkhcn-2017.yaml", "  title:", "  titel:")
    edit("ct-103-btttt-2021.yaml", "day: 15", "day: 20")
    edit("kh-stttt-thai-nguyen-2022.yaml", "Các cơ quan, đơn vị gửi báo cáo",
         "Các cơ quan, đơn vị phải gửi báo cáo")
    found = {(p.file.split("/")[-1], p.code, p.severity) for p in lint_rules(rules).problems
             if p.severity != "note"}
    codes = {(name, code) for name, code, _ in found}
    assert ("kh-bcd-bkhcn-2017.yaml", "schema.required") in codes or any(
        name == "kh-bcd-bkhcn-2017.yaml" and code.startswith("schema.") for name, code in codes)
    assert ("ct-103-btttt-2021.yaml", "lint.deadline-words") in codes
    assert ("kh-stttt-thai-nguyen-2022.yaml", "lint.citation-not-in-source") in codes
    assert ("kh-06-bcd-tay-ninh-2022.yaml", "lint.overlap") in codes
    assert all(p.line > 0 for p in lint_rules(rules).problems
               if p.code != "lint.unread-file"), "every problem located"


def test_reporters_with_no_unit_in_force(tmp_path: Path) -> None:
    gone = BASE.replace("from: 2022-01-01, to: 2022-12-31", "from: 2026-01-01, to: 2026-12-31"
                        ).replace("[so-cong-thuong-tay-ninh]", "[so-tttt-tay-ninh]")
    assert lines(make_rules(tmp_path, gone)) == [
        f"{D}:14:16: error: reporters so-tttt-tay-ninh name no unit that exists while the "
        "obligation is in force (2026-01-01..2026-12-31); it would expect no report "
        "[lint.empty-group]"]


def test_task_due_before_its_window_ends(tmp_path: Path) -> None:
    task = BASE.replace("kind: periodic", "kind: task").replace(
        "frequency: quarterly", 'frequency: once\n    windows: ["2022-Q3"]')
    assert lines(make_rules(tmp_path, task)) == [
        f"{D}:19:7: error: due 2022-09-19, before its window 2022-Q3 ends (2022-09-30); the "
        "work is reported after it is done [lint.deadline-before-period-end]"]


def test_overlap(tmp_path: Path) -> None:
    second = BASE.split("obligations:\n")[1].replace("id: bao-cao-quy", "id: bao-cao-quy-2")
    rules = make_rules(tmp_path, BASE + second)
    assert lines(rules) == [
        f"{D}:26:5: warning: kh-1-test/bao-cao-quy-2 and kh-1-test/bao-cao-quy "
        f"({D}:11) demand the same report from 1 unit(s) to ubnd-tinh-tay-ninh for 2022-Q1: "
        "one report owed, counted for both even when it names one of them [lint.overlap]"]


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("calendar/holidays-2023.yaml", "calendar/ holds only policies.yaml and "
                                        "vn-adjustments.yaml"),
        ("directives/notes.json", "not a rule file (.json); directives/ holds *.yaml files"),
        ("notes.docx", "not a rule file (.docx)"),
    ],
)
def test_unread_files(tmp_path: Path, path: str, why: str) -> None:
    """Files that are not rules: a warning at line 1 of the file, the rules still load."""
    rules = make_rules(tmp_path)
    (rules / path).parent.mkdir(parents=True, exist_ok=True)
    (rules / path).write_text("directive: {}\n", encoding="utf-8")
    (rules / "NOTES.md").write_text("documentation is not flagged\n", encoding="utf-8")
    assert lines(rules) == [f"rules/{path}:1:1: warning: not read: {why} [lint.unread-file]"]


@pytest.mark.parametrize(
    ("path", "why"),
    [
        ("kh-4.yaml", "a rule file at the root of the rules folder; directives belong in "
                      "directives/ (move it to directives/kh-4.yaml)"),
        ("directives/old/kh-5.yaml", None),
    ],
)
def test_rule_files_in_the_wrong_place_are_refused(tmp_path: Path, path: str,
                                                   why: str | None) -> None:
    """A directive no command would read is refused by every command (exit 2), never dropped
    without a word; lint reports it and still checks the rest."""
    rules = make_rules(tmp_path, BASE.replace("day: 20", "day: 10"))
    (rules / path).parent.mkdir(parents=True, exist_ok=True)
    (rules / path).write_text(BASE.replace("kh-1-test", "kh-9-test"), encoding="utf-8")
    if why is None:  # a subfolder of directives/ is reported once, as a folder
        path, why = "directives/old", ("subfolders of directives/ are not read; move its "
                                       "files into directives/")
    got = lines(rules)
    assert f"rules/{path}:1:1: error: a rule file no command reads: {why} " \
           "[rules.unread-file]" in got
    assert any("[lint.deadline-before-cutoff]" in line for line in got)  # the rest: checked
    run = invoke("check", "--rules", rules, "--as-of", "2022-12-01", cwd=tmp_path)
    assert run.code == 2
    assert "rules.unread-file" in run.err


def test_a_yml_directive_is_read(tmp_path: Path) -> None:
    """A directive saved as .yml (or .YAML) is read like any other, not dropped."""
    rules = make_rules(tmp_path)
    (rules / "directives" / "kh-2.yml").write_text(
        BASE.replace("kh-1-test", "kh-2-test").replace("1/KH-TEST", "2/KH-TEST"),
        encoding="utf-8")
    run = invoke("rules", "show", "--rules", rules, "--directive", "2/KH-TEST", cwd=tmp_path)
    assert run.code == 0, run.err
    assert "2/KH-TEST III.1" in run.out


def test_a_web_address_as_source_says_citations_were_not_checked(tmp_path: Path) -> None:
    rules = make_rules(tmp_path, BASE.replace("source: source.txt",
                                              "source: https://vanban.chinhphu.vn/?docid=1"))
    assert lines(rules) == [
        f"{D}:9:11: warning: source 'https://vanban.chinhphu.vn/?docid=1' is a web address: "
        "citations were not checked; save the text under seeds/ beside the rules and name that "
        "file in source: (keep the address in notes) [lint.source-missing]"]


def test_loading_errors_are_reported_with_the_rest(tmp_path: Path) -> None:
    rules = make_rules(tmp_path, BASE.replace("recipient: ubnd-tinh-tay-ninh",
                                              "recipient: ubnd-tinh-tay-ninhh"))
    (rules / "directives" / "x.json").write_text("", encoding="utf-8")
    got = lines(rules)
    assert got == [
        f"{D}:15:16: error: recipient 'ubnd-tinh-tay-ninhh' is not in units.yaml; expected a "
        "unit id (did you mean 'ubnd-tinh-tay-ninh'?) [rules.unknown-unit]",
        "rules/directives/x.json:1:1: warning: not read: not a rule file (.json); directives/ "
        "holds *.yaml files [lint.unread-file]",
    ]


def test_a_name_written_for_an_id_gets_a_suggestion(tmp_path: Path) -> None:
    rules = make_rules(tmp_path, BASE.replace("recipient: ubnd-tinh-tay-ninh",
                                              "recipient: uy-ban-nhan-dan-tinh-tay-ninh"))
    (problem,) = lint_rules(rules).problems
    assert problem.message == ("recipient 'uy-ban-nhan-dan-tinh-tay-ninh' is not in "
                               "units.yaml; expected a "
                               "unit id (did you mean 'ubnd-tinh-tay-ninh'?)")


def test_command_exit_codes_and_json(tmp_path: Path) -> None:
    clean = make_rules(tmp_path / "a")
    run = invoke("rules", "lint", clean, "--lang", "en", cwd=tmp_path)
    assert (run.code, run.out) == (0, f"0 errors, 0 warnings, 0 notes in {clean}\n")
    broken = make_rules(tmp_path / "b", BASE.replace("day: 20", "day: 10").replace(
        "reading: before", "reading: trước").replace('words: "trước ngày 20',
                                                     'words: "trước ngày 10'))
    run = invoke("rules", "lint", broken, cwd=tmp_path)
    assert run.code == 1
    assert run.out.splitlines()[-1] == f"1 lỗi, 0 cảnh báo, 1 ghi chú trong {broken}"
    data = json.loads(invoke("rules", "lint", broken, "--format", "json", cwd=tmp_path).out)
    assert [(p["code"], p["severity"], p["line"]) for p in data] == [
        ("lint.deadline-before-cutoff", "error", 18),
        ("lint.reading-words", "note", 21),
    ]
    assert set(data[0]) == {"code", "severity", "file", "line", "column", "message"}


def test_missing_folder_exits_2(tmp_path: Path) -> None:
    run = invoke("rules", "lint", tmp_path / "nope", "--lang", "en", cwd=tmp_path)
    assert run.code == 2
    assert f"{tmp_path / 'nope'}: file.missing: rules directory not found" in run.flat_err


def test_bundled_rules_have_no_lint_error(tmp_path: Path) -> None:
    run = invoke("rules", "lint", ROOT / "rules", cwd=tmp_path)
    assert run.code == 0, run.out
    assert " error: " not in run.out
