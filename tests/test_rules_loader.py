"""The rule book loaders: directive files and policies, checked and typed.

Each error fixture in tests/fixtures/loader/directives/<case>/ feeds one family of problems;
the expected positions were counted by hand in the fixture files.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from engine.errors import BaocaoError
from engine.model import (
    Citation,
    CountedDate,
    DeadlineSpec,
    DueBasis,
    Frequency,
    InForce,
    MonthRef,
    ObligationKind,
    Period,
    PeriodKind,
    Policy,
    Quantity,
    Reading,
)
from engine.rulebook.directives import load_directives
from engine.rulebook.policies import build_policies
from engine.rulebook.registry import Registry
from engine.rulebook.schemas import schema_dir, validate
from engine.rulebook.units import load_registry
from engine.sources.yaml import load_yaml, load_yaml_text

FIXTURES = Path(__file__).parent / "fixtures" / "loader"
MY_SCHEMAS = ("directive", "units", "policies", "calendar", "submission")


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(FIXTURES / "units.yaml")


@pytest.fixture(scope="module")
def policies() -> dict[str, Policy]:
    return build_policies(load_yaml(FIXTURES / "policies.yaml"))


def _problems(case: str, registry: Registry, policies: dict[str, Policy]) -> list[str]:
    with pytest.raises(BaocaoError) as caught:
        load_directives(FIXTURES / "directives" / case, registry, policies)
    return [str(p) for p in caught.value.problems]


# ---------------------------------------------------------------------------------------
# Policies


def test_policies(policies: dict[str, Policy]) -> None:
    assert policies == {
        "ngay-20-thang-cuoi-ky": Policy(
            id="ngay-20-thang-cuoi-ky",
            day=20,
            month=MonthRef("last"),
            reading=Reading.BY,
            description_vi="Giả định chậm nhất ngày 20 của tháng cuối kỳ.",
            description_en="Assumed the 20th of the period's last month.",
        ),
        "cuoi-ky": Policy(
            id="cuoi-ky",
            day=None,
            month=None,
            reading=Reading.WITHIN,
            description_vi="Giả định ngày cuối cùng của kỳ.",
            description_en="Assumed the period's last day.",
        ),
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "policies-dup.yaml",
            ["8:9: policies.duplicate-id: policy 'ngay-20' is already defined at line 2"],
        ),
        (
            "policies-schema.yaml",
            [
                f"2:5: schema.required: missing required field {field!r} (reading 'before' or "
                "'by' needs a day and a month, e.g. day: 20, month: last)"
                for field in ("day", "month")
            ],
        ),
        (
            "policies-blank.yaml",
            ["5:21: schema.pattern: ' ' does not have the expected form: text, not only spaces"],
        ),
    ],
)
def test_policy_errors(name: str, expected: list[str]) -> None:
    with pytest.raises(BaocaoError) as caught:
        build_policies(load_yaml(FIXTURES / name))
    assert [str(p) for p in caught.value.problems] == [
        f"{FIXTURES / name}:{line}" for line in expected
    ]


# ---------------------------------------------------------------------------------------
# A valid directive, every kind once


def test_valid_directive(registry: Registry, policies: dict[str, Policy]) -> None:
    (directive,) = load_directives(FIXTURES / "directives" / "ok", registry, policies)
    assert (directive.id, directive.number, directive.kind, directive.issuer) == (
        "ct-1-test",
        "1/CT-TEST",
        "chi_thi",
        "bo-tttt",
    )
    assert directive.issued_on == "2021-12-13"
    assert directive.in_force == InForce(date(2022, 1, 1), date(2022, 12, 31))
    quarterly, yearly, task, quantity, ad_hoc, review = directive.obligations

    assert quarterly.reporters == ("toan-nganh-tttt", "so-gddt-tay-ninh")
    assert (quarterly.recipient, quarterly.via) == ("bo-tttt", "vu-tdkt-btttt")
    assert quarterly.deadline == DeadlineSpec(
        DueBasis.STATED,
        Reading.BEFORE,
        day=15,
        month=MonthRef("last"),
        words="trước ngày 15 của tháng cuối quý",
    )
    assert quarterly.counts is CountedDate.SENT
    assert quarterly.in_force == InForce(date(2022, 4, 1), date(2022, 12, 31))
    assert quarterly.citation == Citation(
        "III.3", "Định kỳ hàng quý ... trước ngày 15 của tháng cuối quý"
    )
    assert (quarterly.source_file, quarterly.source_line) == ("directives/ok/ct-1-test.yaml", 12)

    # An assumed deadline carries its policy's day, month, reading and description.
    assert yearly.frequency is Frequency.SEMIANNUAL_AND_ANNUAL
    assert yearly.deadline == DeadlineSpec(
        DueBasis.ASSUMED,
        Reading.BY,
        day=20,
        month=MonthRef("last"),
        policy="ngay-20-thang-cuoi-ky",
        words="Giả định chậm nhất ngày 20 của tháng cuối kỳ.",
    )
    assert yearly.counts is CountedDate.RECEIVED  # the default
    assert yearly.in_force == directive.in_force  # the directive's, by default
    assert yearly.citation.section == "4"  # YAML gave an integer
    assert yearly.source_line == 28

    assert task.kind is ObligationKind.TASK
    assert task.windows == (
        Period(date(2022, 7, 1), date(2022, 9, 30), PeriodKind.QUARTER, "2022-Q3"),
        Period(date(2022, 7, 1), date(2023, 3, 31), PeriodKind.WINDOW, "2022-07-01..2023-03-31"),
    )
    assert task.deadline == DeadlineSpec(
        DueBasis.STATED, Reading.WITHIN, words="Thời gian thực hiện: Quý III năm 2022"
    )

    # with no words given, an item is named by its kind: "phong su" (typed without marks)
    assert quantity.quantities == (Quantity(1, "phong-su", Frequency.QUARTERLY, ("phong su",)),)
    assert quantity.deadline is None
    assert (ad_hoc.kind, ad_hoc.frequency, ad_hoc.deadline) == (
        ObligationKind.AD_HOC,
        Frequency.AD_HOC,
        None,
    )
    assert (review.every_years, review.anchor) == (5, date(2021, 5, 19))
    assert review.notes == "Đọc là sơ kết sau 5 năm."
    assert review.directive_id == "ct-1-test"


# ---------------------------------------------------------------------------------------
# Semantic errors, one fixture directory per family


def test_duplicate_directive_across_files(registry: Registry, policies: dict[str, Policy]) -> None:
    assert _problems("dup-directive", registry, policies) == [
        "directives/dup-directive/b.yaml:2:7: rules.duplicate-directive: directive id "
        "'ct-1-test' is already defined in directives/dup-directive/a.yaml:2",
    ]


def test_duplicate_obligation(registry: Registry, policies: dict[str, Policy]) -> None:
    assert _problems("dup-obligation", registry, policies) == [
        "directives/dup-obligation/d.yaml:17:9: rules.duplicate-obligation: obligation id "
        "'dot-xuat' is already used at line 10 of this directive",
    ]


def test_unknown_units(registry: Registry, policies: dict[str, Policy]) -> None:
    prefix = "directives/unknown-unit/d.yaml"
    assert _problems("unknown-unit", registry, policies) == [
        f"{prefix}:5:11: rules.unknown-unit: issuer 'so-tttt-cac-tinh' is a group; "
        "expected one unit id",
        f"{prefix}:13:17: rules.unknown-unit: reporter 'so-tttt-tay-nin' is not in units.yaml; "
        "expected a unit or group id (did you mean 'so-tttt-tay-ninh'?)",
        f"{prefix}:14:16: rules.unknown-unit: recipient 'so-tttt-cac-tinh' is a group; "
        "expected one unit id",
        f"{prefix}:15:10: rules.unknown-unit: via 'vu-khong-co' is not in units.yaml; "
        "expected a unit id",
    ]


def test_unknown_policy(registry: Registry, policies: dict[str, Policy]) -> None:
    assert _problems("unknown-policy", registry, policies) == [
        "directives/unknown-policy/d.yaml:16:40: rules.unknown-policy: unknown deadline policy "
        "'ngay-25'; known policies: cuoi-ky, ngay-20-thang-cuoi-ky "
        "(rules/calendar/policies.yaml)",
    ]


def test_deadline_outside_period(registry: Registry, policies: dict[str, Policy]) -> None:
    # "day 15, month 2" is in Q1 but two months before Q2 starts (2022-04-01).
    (problem,) = _problems("deadline-outside", registry, policies)
    assert problem.startswith(
        "directives/deadline-outside/d.yaml:16:15: rules.deadline-outside-period: "
        "deadline outside its period: day 15, month 2 gives 2022-02-15 for period 2022-Q2"
    )


def test_in_force(registry: Registry, policies: dict[str, Policy]) -> None:
    assert _problems("in-force", registry, policies) == [
        "directives/in-force/a.yaml:7:36: rules.in-force: in_force ends (2021-12-31) before it "
        "starts (2022-01-01)",
        "directives/in-force/b.yaml:16:15: rules.in-force: window 2023-Q1 lies outside the "
        "obligation's time in force (2021-07-01..2022-12-31); it would expect no report",
        "directives/in-force/b.yaml:18:22: rules.in-force: obligation in force from 2021-07-01, "
        "before its directive (from 2022-01-01)",
        "directives/in-force/b.yaml:27:38: rules.in-force: obligation in force until 2023-12-31, "
        "after its directive ends (2022-12-31)",
        "directives/in-force/b.yaml:36:15: rules.in-force: obligation in force with no end, "
        "after its directive ends (2022-12-31)",
    ]


def test_bad_dates(registry: Registry, policies: dict[str, Policy]) -> None:
    prefix = "directives/bad-date/d.yaml"
    assert _problems("bad-date", registry, policies) == [
        f"{prefix}:6:14: rules.bad-date: '2021-02-30' is not a real date; expected YYYY-MM-DD, "
        "or YYYY-MM when the text leaves the day blank, e.g. 2021-12-13 or 2022-02",
        f"{prefix}:7:20: rules.bad-date: '2022-13-01' is not a real date; expected YYYY-MM-DD, "
        "e.g. 2022-01-01",
        f"{prefix}:17:13: rules.bad-date: '2021-02-29' is not a real date; expected "
        "YYYY-MM-DD, e.g. 2022-01-01",
    ]


def test_bad_windows(registry: Registry, policies: dict[str, Policy]) -> None:
    unreadable, reversed_ = _problems("bad-window", registry, policies)
    assert unreadable.startswith("directives/bad-window/d.yaml:16:15: rules.bad-window: ")
    assert unreadable.endswith("got '2022-Q5'")
    assert reversed_ == (
        "directives/bad-window/d.yaml:16:49: rules.bad-window: window ends (2022-07-01) before "
        "it starts (2022-12-01)"
    )


def test_kind_mismatch(registry: Registry, policies: dict[str, Policy]) -> None:
    prefix = "directives/kind-mismatch/d.yaml"
    periodic = "monthly, quarterly, semiannual, semiannual_and_annual, annual"
    assert _problems("kind-mismatch", registry, policies) == [
        f"{prefix}:15:16: rules.kind-mismatch: kind 'periodic' cannot have frequency 'once'; "
        f"expected {periodic}, scheduled (use kind: task for one-off tasks)",
        f"{prefix}:16:14: rules.kind-mismatch: 'windows' belongs to kind 'task' or 'activity', "
        "not 'periodic'",
        f"{prefix}:19:5: rules.kind-mismatch: kind 'task' needs 'windows' "
        "(e.g. windows: [2022-Q3])",
        f"{prefix}:27:5: rules.kind-mismatch: kind 'periodic' needs 'deadline' "
        "(e.g. deadline: {basis: stated, day: 15, month: last, reading: before})",
        f"{prefix}:34:5: rules.kind-mismatch: kind 'review' needs 'every_years' "
        "(e.g. every_years: 5)",
        f"{prefix}:47:15: rules.kind-mismatch: kind 'ad_hoc' takes its due date from each "
        "recorded request; remove 'deadline'",
        f"{prefix}:55:48: rules.kind-mismatch: a quantity is counted per period; expected per: "
        f"{periodic}",
    ]


def test_deadline_conflicts(registry: Registry, policies: dict[str, Policy]) -> None:
    prefix = "directives/deadline-conflict/d.yaml"
    assert _problems("deadline-conflict", registry, policies) == [
        f"{prefix}:16:54: rules.deadline-conflict: an assumed deadline takes 'day' from its "
        "policy 'cuoi-ky'; remove 'day' (or write basis: stated)",
        f"{prefix}:24:53: rules.deadline-conflict: reading 'within' is due on the window's last "
        "day; remove 'day' and 'month'",
        f"{prefix}:24:65: rules.deadline-conflict: a stated deadline names no policy; remove "
        "'policy' (or write basis: assumed)",
    ]


def test_schema_and_syntax_errors_from_every_file(
    registry: Registry, policies: dict[str, Policy]
) -> None:
    assert _problems("schema", registry, policies) == [
        "directives/schema/a.yaml:3:9: schema.enum: 'chi-thi' is not allowed (did you mean "
        "'chi_thi'?); expected one of: chi_thi, ke_hoach, cong_van, quyet_dinh, thong_bao, luat, "
        "nghi_quyet, phap_lenh, lenh, nghi_dinh, thong_tu, thong_tu_lien_tich, "
        "nghi_quyet_lien_tich, huong_dan, chuong_trinh, de_an, quy_che, ket_luan",
        "directives/schema/a.yaml:10:5: schema.required: missing required field 'frequency'",
        "directives/schema/a.yaml:15:5: schema.additionalProperties: unknown field 'frequncy' "
        "(did you mean 'frequency'?); expected one of: id, summary, kind, reporters, recipient, "
        "via, after, frequency, deadline, counts, in_force, citation, notes, windows, covers, "
        "quantities, every_years, anchor, subject, schedule, data_window, recipient_inferred, "
        "deliverable, received_from, early_if_named",
        "directives/schema/b.yaml:5:1: yaml.syntax: did not find expected ',' or ']' "
        "(while parsing a flow sequence)",
    ]


def test_not_a_directory(tmp_path: Path, registry: Registry, policies: dict[str, Policy]) -> None:
    with pytest.raises(BaocaoError) as caught:
        load_directives(tmp_path / "nope", registry, policies)
    assert (
        str(caught.value) == f"{tmp_path / 'nope'}: file.unreadable: not a directory of rule files"
    )


# ---------------------------------------------------------------------------------------
# Schemas


@pytest.mark.parametrize("name", MY_SCHEMAS)
def test_schema_files_are_draft_2020_12_with_id_and_title(name: str) -> None:
    schema = json.loads(schema_dir().joinpath(f"{name}.schema.json").read_text("utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"https://baocao.invalid/schemas/{name}.schema.json"
    assert schema["title"]
    assert schema["description"]


def test_submission_record_schema() -> None:
    text = (
        "- id: 7\n"  # 1
        "  reporter: Sở TT&TT Tây Ninh\n"  # 2
        "  recipient: bo-tttt\n"  # 3
        "  submitted_on: 14/6/2022\n"  # 4
        "  period: 2022\n"  # 5
        "  kenh: e-mail\n"  # 6  an extra field is allowed
        "- id: [x]\n"  # 7
        "  reporter: ''\n"  # 8
        "  recipient: bo-tttt\n"  # 9
    )
    located = load_yaml_text(text, "s.yaml")
    assert validate(located, "submission", at="/0") == []
    assert [str(p) for p in validate(located, "submission", at="/1")] == [
        "s.yaml:7:3: schema.required: missing required field 'submitted_on'",
        "s.yaml:7:7: schema.type: expected a string or an integer, got a list",
        "s.yaml:8:13: schema.minLength: must not be empty",
    ]
    assert [p.pointer for p in validate(located, "submission", at="/1")] == [
        "/1",
        "/1/id",
        "/1/reporter",
    ]


def test_calendar_schema() -> None:
    located = load_yaml_text(
        "days_off:\n  - {date: 2024-5-4, reason: x}\nworking_day: []\n", "c.yaml"
    )
    assert [str(p) for p in validate(located, "calendar")] == [
        "c.yaml:2:5: schema.required: missing required field 'source'",
        "c.yaml:2:12: schema.pattern: '2024-5-4' does not have the expected form, "
        "e.g. '2024-05-04'",
        "c.yaml:3:1: schema.additionalProperties: unknown field 'working_day' (did you mean "
        "'working_days'?); expected one of: days_off, working_days, recorded_years, "
        "package_holidays_not_observed",
    ]
    assert validate(load_yaml_text("# nothing moved\n", "c.yaml"), "calendar") == []


def test_type_and_range_messages() -> None:
    text = "policies:\n  - id: p\n    day: 0\n    reading: by\n    month: last\n"
    text += "    description_vi: true\n    description_en: x\n"
    assert [str(p) for p in validate(load_yaml_text(text, "p.yaml"), "policies")] == [
        "p.yaml:3:10: schema.minimum: expected a number >= 1, got 0",
        "p.yaml:6:21: schema.type: expected a string, got boolean true",
    ]


def test_unknown_schema_name() -> None:
    with pytest.raises(KeyError, match=r"no schema 'nope\.schema\.json'"):
        validate(load_yaml_text("a: 1\n", "x.yaml"), "nope")


def test_every_bundled_schema_is_a_valid_draft_2020_12_schema() -> None:
    """The loader trusts the bundled schemas (no metaschema check per run): this is the check."""
    import json

    from jsonschema import Draft202012Validator

    from engine.rulebook.schemas import schema_dir

    files = sorted(schema_dir().glob("*.schema.json"))
    assert len(files) >= 6
    for file in files:
        Draft202012Validator.check_schema(json.loads(file.read_text(encoding="utf-8")))
