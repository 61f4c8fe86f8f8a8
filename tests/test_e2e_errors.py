"""End to end: every kind of bad input through the ``baocao`` command.

In this process (``invoke``: the same ``cli.app.main``, what it says and its exit code) for
every case; a missing rules folder and a bad record in a good batch also through a process of
its own (``baocao``), where the exit code is the interpreter's.

Each case must exit 2 with a located message — ``file:line:col: code:`` for a file, or the
option's name for a command-line value — and never a traceback. Bad rule folders are copies of
``rules/`` with one file broken; the expected line and column are read off the broken text,
so the tests keep working when the rules grow. Static bad submissions are in
``tests/fixtures/e2e/``.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests._cli import Run, baocao, invoke

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
EXAMPLES = ROOT / "examples" / "submissions"
FIXTURES = ROOT / "tests" / "fixtures" / "e2e"
AS_OF = "2023-03-01"


def assert_bad_input(run: Run, *needles: str) -> None:
    assert run.code == 2, (run.code, run.err)
    for needle in needles:
        assert needle in run.flat_err, (needle, run.err)


# ---------------------------------------------------------------------------------------
# A copy of rules/ with one file broken


@dataclass(frozen=True)
class Broken:
    """Where the breakage is: the file as shown (relative to cwd), its new text, and the
    1-based line of the change."""

    shown: str
    text: str
    offset: int

    @property
    def line(self) -> int:
        return self.text[: self.offset].count("\n") + 1

    def line_before(self, needle: str) -> int:
        """Line of the last ``needle`` above the change (e.g. its ``deadline:`` key)."""
        return self.text[: self.text.rindex(needle, 0, self.offset)].count("\n") + 1


def _break(tmp: Path, rel: str, old: str, new: str) -> Broken:
    """Copy rules/ to tmp/rules and replace the first ``old`` in ``rel`` with ``new``."""
    shutil.copytree(RULES, tmp / "rules")
    path = tmp / "rules" / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    offset = text.index(old)
    text = text[:offset] + new + text[offset + len(old) :]
    path.write_text(text, encoding="utf-8")
    return Broken(f"rules/{rel}", text, offset)


def _check_rules(tmp: Path, rules: Path | str = "rules") -> Run:
    return invoke("check", "--rules", rules, "--as-of", AS_OF, "--lang", "en", cwd=tmp)


CT103 = "directives/ct-103-btttt-2021.yaml"
CT4324 = "directives/kh-4324-ubnd-tay-ninh-2021.yaml"


def test_rules_duplicate_yaml_key(tmp_path: Path) -> None:
    b = _break(tmp_path, CT103, "  kind: chi_thi\n", "  kind: chi_thi\n  kind: ke_hoach\n")
    run = _check_rules(tmp_path)
    assert_bad_input(run, f"{b.shown}:{b.line + 1}:3: yaml.duplicate-key:", "'kind'",
                     f"first defined at line {b.line}")


def test_rules_unknown_unit(tmp_path: Path) -> None:
    b = _break(tmp_path, CT103, "[toan-nganh-tttt]", "[toan-nganh-tttx]")
    col = len("    reporters: [") + 1
    run = _check_rules(tmp_path)
    assert_bad_input(run, f"{b.shown}:{b.line}:{col}: rules.unknown-unit:", "'toan-nganh-tttx'",
                     "did you mean 'toan-nganh-tttt'")


def test_rules_duplicate_obligation_id(tmp_path: Path) -> None:
    b = _break(tmp_path, CT103, "id: tong-hop-bao-cao-bo-truong", "id: bao-cao-quy")
    col = len("  - id: ") + 1
    run = _check_rules(tmp_path)
    first = b.text[: b.text.index("id: bao-cao-quy")].count("\n") + 1
    assert first < b.line
    assert_bad_input(run, f"{b.shown}:{b.line}:{col}: rules.duplicate-obligation:",
                     f"'bao-cao-quy' is already used at line {first}")


def test_rules_deadline_outside_period(tmp_path: Path) -> None:
    """Quarterly with an absolute month 12: Q1's "trước ngày 15" would fall on 15/12."""
    b = _break(tmp_path, CT103, "      month: last\n", "      month: 12\n")
    # The message points at the deadline mapping (its first key, the line after `deadline:`).
    at = b.line_before("    deadline:\n") + 1
    run = _check_rules(tmp_path)
    assert_bad_input(run, f"{b.shown}:{at}:7: rules.deadline-outside-period:",
                     "2022-Q1", "2022-12-15")


def test_rules_day_31_in_a_30_day_month(tmp_path: Path) -> None:
    b = _break(tmp_path, CT4324, "      day: 20\n      month: 12\n",
               "      day: 31\n      month: 11\n")
    at = b.line_before("    deadline:\n") + 1
    run = _check_rules(tmp_path)
    assert_bad_input(run, f"{b.shown}:{at}:7: rules.deadline-outside-period:",
                     "day 31 does not exist in 11/2022")


def test_rules_unknown_policy(tmp_path: Path) -> None:
    b = _break(tmp_path, CT103, "policy: cuoi-ky", "policy: cuoi-quy")
    col = len("      policy: ") + 1
    run = _check_rules(tmp_path)
    assert_bad_input(run, f"{b.shown}:{b.line}:{col}: rules.unknown-policy:", "'cuoi-quy'",
                     "cuoi-ky, ngay-20-thang-cuoi-ky")


def test_rules_alias_bomb(workspace: Path) -> None:
    shutil.copy(FIXTURES / "alias-bomb.yaml", workspace / "rules" / "directives" / "bomb.yaml")
    run = _check_rules(workspace)
    assert_bad_input(run, "rules/directives/bomb.yaml:2:4: yaml.alias:",
                     "anchors and aliases are not allowed")


def test_rules_yaml_syntax_error(tmp_path: Path) -> None:
    b = _break(tmp_path, CT103, "  number: 103/CT-BTTTT", "  number: [103/CT-BTTTT")
    run = _check_rules(tmp_path)
    # The parser notices the unclosed '[' on the next line, at the ':' of "kind:".
    assert_bad_input(run, f"{b.shown}:{b.line + 1}:7: yaml.syntax:", "flow sequence")


def test_rules_schema_unknown_field(tmp_path: Path) -> None:
    b = _break(tmp_path, CT103, "    frequency: quarterly\n", "    frequncy: quarterly\n")
    run = _check_rules(tmp_path)
    assert_bad_input(run, f"{b.shown}:{b.line}:5: schema.additionalProperties:",
                     "unknown field 'frequncy' (did you mean 'frequency'?)",
                     "schema.required: missing required field 'frequency'")


# ---------------------------------------------------------------------------------------
# Submissions files


def _check(tmp: Path, *paths: str | Path, fmt: str = "table") -> Run:
    args: list[str | Path] = ["check", "--as-of", AS_OF, "--format", fmt, "--lang", "en"]
    for p in paths:
        args += ["--submissions", p]
    return invoke(*args, cwd=tmp)


def _fixture(tmp: Path, name: str) -> str:
    """Copied into cwd so that messages show a short relative name."""
    shutil.copy(FIXTURES / name, tmp / name)
    return name


def test_missing_submissions_path(tmp_path: Path) -> None:
    run = _check(tmp_path, "bao-cao-2022.yaml")
    assert_bad_input(run, "bao-cao-2022.yaml: file.missing: no such file or directory")


def test_submissions_file_is_a_scalar(tmp_path: Path) -> None:
    run = _check(tmp_path, _fixture(tmp_path, "scalar.yaml"))
    assert_bad_input(run, "scalar.yaml:2:1: submissions.shape:", "expected a list of records",
                     "found the value 'Báo cáo 6 tháng đầu năm 2022 của Sở TT&TT Tây Ninh'")


def test_csv_without_reporter_column(tmp_path: Path) -> None:
    run = _check(tmp_path, _fixture(tmp_path, "no-reporter.csv"))
    assert_bad_input(run, "no-reporter.csv:1:1: csv.missing-column:",
                     "missing required column(s) reporter",
                     "the header has: id, recipient, submitted_on, period, title")


def test_windows_1258_file_is_read(tmp_path: Path) -> None:
    """An Excel CSV saved in Windows-1258 ('ơ' is byte 0xf5 and its hook the combining byte
    0xd2): recognised as Vietnamese, read, and normalised to NFC."""
    run = _check(tmp_path, _fixture(tmp_path, "windows-1258.csv"), fmt="json")
    assert run.code == 1, run.err
    (sub,) = json.loads(run.out)["submissions"]
    assert sub["raw"]["reporter"] == "Sở TT&TT Tây Ninh"
    assert sub["reporter"] == "so-tttt-tay-ninh"


def test_undecidable_encoding_is_refused(tmp_path: Path) -> None:
    """Western European bytes ('Sô' in Latin-1) are valid Windows-1258 too, but nothing in them
    reads as Vietnamese: refused where they break, with the fix."""
    path = tmp_path / "latin-1.csv"
    path.write_bytes("id,reporter,recipient,submitted_on\nx,Sô Café,b,1/3/2022\n"
                     .encode("latin-1"))
    run = _check(tmp_path, "latin-1.csv")
    assert_bad_input(run, "latin-1.csv:2:4: file.encoding:", "not UTF-8", "0xf4",
                     "Windows-1258", "CSV UTF-8", "TCVN3")


def test_submissions_alias_bomb(tmp_path: Path) -> None:
    run = _check(tmp_path, _fixture(tmp_path, "alias-bomb.yaml"))
    assert_bad_input(run, "alias-bomb.yaml:2:4: yaml.alias:")


def test_problems_of_several_files_reported_together(tmp_path: Path) -> None:
    run = _check(tmp_path, _fixture(tmp_path, "scalar.yaml"),
                 _fixture(tmp_path, "no-reporter.csv"))
    assert_bad_input(run, "2 problems", "scalar.yaml:2:1: submissions.shape:",
                     "no-reporter.csv:1:1: csv.missing-column:")


def test_empty_submissions_file_is_not_an_error(tmp_path: Path) -> None:
    """Nothing received: not bad input (exit 2), but everything past due is overdue (exit 1)."""
    run = _check(tmp_path, _fixture(tmp_path, "empty.yaml"), fmt="json")
    assert run.code == 1, run.err
    assert run.err == ""
    data: dict[str, Any] = json.loads(run.out)
    assert data["summary"]["submissions"]["total"] == 0
    assert data["summary"]["instances"]["on_time"] == 0
    assert data["summary"]["instances"]["overdue"] > 0


def test_invalid_record_inside_a_good_batch(tmp_path: Path) -> None:
    """Bộ KH&CN plan III.4: due 26/12/2022 (24/12 is a Saturday). bad-1's "32/12/2022" makes it
    invalid; ok-1 (20/12) and ok-2 (27/12) are still evaluated."""
    run = _check(tmp_path, _fixture(tmp_path, "mixed-batch.yaml"), fmt="json")
    assert run.code == 1, run.err
    data: dict[str, Any] = json.loads(run.out)
    subs = {s["id"]: s for s in data["submissions"]}
    assert {k: v["disposition"] for k, v in subs.items()} == {
        "ok-1": "matched", "bad-1": "invalid", "ok-2": "matched"}
    assert "32/12/2022" in " ".join(r["message"] for r in subs["bad-1"]["reasons"])
    by_key = {i["key"]: i for i in data["instances"]}
    prefix = "kh-bcd-bkhcn-2017/bao-cao-thanh-vien-hang-nam"
    assert by_key[f"{prefix}/cuc-shtt/2022"]["verdict"] == "on_time"
    late = by_key[f"{prefix}/vu-khxhtn/2022"]
    assert (late["verdict"], late["days_late"]) == ("late", 1)
    assert by_key[f"{prefix}/van-phong-bkhcn/2022"]["verdict"] == "overdue"


# ---------------------------------------------------------------------------------------
# Options


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--as-of", "2023-02-30"],
         ["Invalid value for '--as-of'", "there is no day 30 in 02/2023"]),
        (["--as-of", "03/15/2023"],
         ["Invalid value for '--as-of'", "there is no month 15"]),
        (["--as-of", AS_OF, "--period", "quý V/2022"],
         ["option.period:", "got 'quý V/2022'", "quý III/2022"]),
        (["--as-of", AS_OF, "--directive", "99/CT-XYZ"],
         ["option.directive:", "unknown directive '99/CT-XYZ'", "known: 103/CT-BTTTT"]),
        (["--as-of", AS_OF, "--unit", "Sở TT&TT Hà Giang"],
         ["option.unit:", "unknown unit 'Sở TT&TT Hà Giang'"]),
        (["--as-of", AS_OF, "--unit", "Sở TT&TT"],
         ["option.unit:", "names no place", "so-tttt-tay-ninh", "so-tttt-thai-nguyen"]),
        (["--as-of", AS_OF, "--format", "xml"],
         ["Invalid value for '--format'", "'xml'"]),
        (["--as-of", AS_OF, "--lang", "fr"],
         ["Invalid value for '--lang'", "'fr'"]),
    ],
    ids=["as-of-no-such-day", "as-of-month-first", "period", "directive", "unit",
         "unit-ambiguous", "format", "lang"],
)
def test_bad_option(tmp_path: Path, args: list[str], needles: list[str]) -> None:
    run = invoke("check", "--lang", "en", *args, cwd=tmp_path)
    assert_bad_input(run, *needles)
    assert run.out == ""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--period", "quý V/2022"],
         ["option.period:", "không đọc được kỳ 'quý V/2022'", "'quý III/2022'"]),
        (["--directive", "99/CT-XYZ"],
         ["option.directive:", "không xác định được văn bản '99/CT-XYZ'", "103/CT-BTTTT"]),
        (["--unit", "Sở TT&TT Hà Giang"],
         ["option.unit:", "không có đơn vị 'Sở TT&TT Hà Giang' trong danh mục"]),
        (["--unit", "Sở TT&TT"],
         ["option.unit:", "tên 'Sở TT&TT' khớp 3 đơn vị", "so-tttt-tay-ninh",
          "kèm địa danh"]),
    ],
    ids=["period", "directive", "unit", "unit-ambiguous"],
)
def test_bad_option_in_vietnamese(tmp_path: Path, args: list[str], needles: list[str]) -> None:
    """Vietnamese is the default: the located message is said in Vietnamese."""
    run = invoke("check", "--as-of", AS_OF, *args, cwd=tmp_path)
    assert_bad_input(run, "lỗi:", *needles)


def test_rules_dir_missing(tmp_path: Path) -> None:
    run = baocao("check", "--rules", "no-such-rules", "--as-of", AS_OF, "--lang", "en",
                 cwd=tmp_path)
    assert_bad_input(run, "file.missing: rules directory not found:", "no-such-rules")


def test_rules_dir_without_units(workspace: Path) -> None:
    (workspace / "rules" / "units.yaml").unlink()
    shutil.rmtree(workspace / "rules" / "directives")
    run = _check_rules(workspace)
    # every missing piece at once, not just the first
    assert_bad_input(run, "file.missing: units.yaml not found in rules directory",
                     "file.missing: directives/ not found in")


@pytest.mark.slow
def test_rules_dir_without_national_files_uses_the_bundled_ones(tmp_path: Path) -> None:
    """The holidays, the kinds of documents, the policies and the decisions are national: a
    folder holding one ministry's texts need not copy them."""
    shutil.copytree(RULES, tmp_path / "rules")
    shutil.rmtree(tmp_path / "rules" / "calendar")
    (tmp_path / "rules" / "decisions.yaml").unlink()
    (tmp_path / "rules" / "doctypes.yaml").unlink()
    run = _check_rules(tmp_path)
    bundled = _check_rules(tmp_path, rules=RULES)
    assert not run.err
    assert (run.code, run.out) == (bundled.code, bundled.out)


def test_report_received_after_as_of_is_outside_the_run(tmp_path: Path) -> None:
    """Not invalid (nothing is wrong with it), not counted: received later than the day the
    verdicts are "as of"."""
    path = tmp_path / "late-entry.yaml"
    path.write_text(
        "- {id: f1, reporter: Sở TT&TT Tây Ninh, recipient: Vụ TĐKT, submitted_on: 10/4/2023,"
        " period: 2022-Q4}\n", encoding="utf-8")
    run = baocao("check", "-s", path, "--as-of", AS_OF, "--format", "json", cwd=tmp_path)
    assert run.code == 1
    data = json.loads(run.out)
    (sub,) = data["submissions"]
    assert sub["disposition"] == "received_later"
    assert sub["instances"] == []
    assert "ngày nhận 10/04/2023 sau ngày đối chiếu 01/03/2023" in [
        r["message"] for r in sub["reasons"]]
    q4 = {i["key"]: i for i in data["instances"]}[
        "ct-103-btttt-2021/bao-cao-quy/so-tttt-tay-ninh/2022-Q4"]
    assert (q4["verdict"], q4["submission"]) == ("overdue", None)
