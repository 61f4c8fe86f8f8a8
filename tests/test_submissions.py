"""The submissions loader: formats, positions, and where each kind of problem goes."""

from __future__ import annotations

import copy
import json
import pickle
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.errors import BaocaoError
from engine.model import (
    Citation,
    CountedDate,
    Directive,
    Frequency,
    InForce,
    Obligation,
    ObligationKind,
    Period,
    PeriodKind,
    Submission,
    Unit,
)
from engine.rulebook.registry import Registry
from engine.submissions import FIELDS, REQUIRED, load_submissions

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).parent / "fixtures" / "submissions"

TN = "Sở Thông tin và Truyền thông tỉnh Tây Ninh"
TNG = "Sở Thông tin và Truyền thông tỉnh Thái Nguyên"
REGISTRY = Registry(
    units={
        "so-tttt-tn": Unit("so-tttt-tn", TN, "so", place="Tây Ninh", aliases=("Sở TT&TT",)),
        "so-tttt-tng": Unit("so-tttt-tng", TNG, "so", place="Thái Nguyên", aliases=("Sở TT&TT",)),
        "bo-tttt": Unit("bo-tttt", "Bộ Thông tin và Truyền thông", "bo", aliases=("Bộ TT&TT",)),
    },
    groups={},
)


def _obligation(directive_id: str, ob_id: str) -> Obligation:
    return Obligation(
        id=ob_id,
        directive_id=directive_id,
        summary=ob_id,
        kind=ObligationKind.PERIODIC,
        reporters=("so-tttt-tn",),
        recipient="bo-tttt",
        via=None,
        frequency=Frequency.QUARTERLY,
        deadline=None,
        counts=CountedDate.RECEIVED,
        in_force=InForce(date(2022, 1, 1)),
        citation=Citation("1", "..."),
    )


def _directive(ident: str, number: str | None, *obligations: str) -> Directive:
    return Directive(
        id=ident,
        number=number,
        kind="chi_thi",
        title=ident,
        issuer="bo-tttt",
        issued_on="2022-01-01",
        in_force=InForce(date(2022, 1, 1)),
        source="",
        obligations=tuple(_obligation(ident, o) for o in obligations),
    )


DIRECTIVES = (
    _directive("ct-103", "103/CT-BTTTT", "bao-cao-quy", "bao-cao-nam"),
    _directive("kh-01-tn", "01/KH-UBND", "bao-cao-quy", "bao-cao-6-thang"),
    _directive("kh-01-tng", "01/KH-UBND", "bao-cao-thang"),
    _directive("kh-tuyen-truyen", None, "tong-ket"),
)


def errors(sub: Submission) -> tuple[str, ...]:
    """The messages of a record's located problems, in order."""
    return tuple(p.message for p in sub.problems)


def _load(*paths: Path) -> tuple[Submission, ...]:
    return load_submissions(paths, REGISTRY, DIRECTIVES)


def _write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _one(tmp_path: Path, name: str, text: str) -> Submission:
    (sub,) = _load(_write(tmp_path, name, text))
    return sub


def _problems(exc: pytest.ExceptionInfo[BaocaoError]) -> list[tuple[str, int, int, str]]:
    return [(p.file, p.line, p.column, p.code) for p in exc.value.problems]


H1_2022 = Period(date(2022, 1, 1), date(2022, 6, 30), PeriodKind.HALF, "2022-H1")
Q2_2022 = Period(date(2022, 4, 1), date(2022, 6, 30), PeriodKind.QUARTER, "2022-Q2")
Q3_2022 = Period(date(2022, 7, 1), date(2022, 9, 30), PeriodKind.QUARTER, "2022-Q3")
Y2022 = Period(date(2022, 1, 1), date(2022, 12, 31), PeriodKind.YEAR, "2022")
MINIMAL = "reporter: so-tttt-tn\n  recipient: bo-tttt\n  submitted_on: 2022-03-01\n"

# ---------------------------------------------------------------------------------------
# YAML


def test_yaml_valid_records_are_parsed_and_resolved() -> None:
    r1, r17, _, _ = _load(FIX / "basic.yaml")
    src = str(FIX / "basic.yaml")
    assert r1 == Submission(
        id="r1",
        source=f"{src}:2",
        raw={
            "id": "r1",
            "reporter": TN,
            "recipient": "bo-tttt",
            "submitted_on": "14/6/2022",
            "period": "6 tháng đầu năm 2022",
            "directive": "103/ct-btttt",
            "obligation": "bao-cao-quy",
            "document_number": "45/BC-STTTT",
            "channel": "email",
        },
        reporter="so-tttt-tn",
        recipient="bo-tttt",
        submitted_on=date(2022, 6, 14),
        period=H1_2022,
        directive="ct-103",
        obligation="bao-cao-quy",
        document_number="45/BC-STTTT",
    )
    # An integer id reads as text; no period given: read off the title and flagged.
    assert (r17.id, r17.source, r17.raw["id"]) == ("17", f"{src}:11", "17")
    assert (r17.submitted_on, r17.sent_on) == (date(2022, 10, 5), date(2022, 10, 3))
    assert (r17.period, r17.period_inferred) == (Q3_2022, True)
    assert r17.recipient == "bo-tttt"
    assert r17.title == "Báo cáo kết quả thi đua quý III/2022"
    assert (errors(r17), r17.unit_problems) == ((), ())


def test_yaml_record_problems_go_to_errors_and_unit_problems() -> None:
    r3 = _load(FIX / "basic.yaml")[2]
    assert r3.source == f"{FIX / 'basic.yaml'}:17"
    assert (r3.reporter, r3.recipient, r3.submitted_on, r3.period) == (None, None, None, None)
    date_error, period_error = errors(r3)
    assert date_error.startswith("submitted_on: expected a date like 2022-06-14")
    assert date_error.endswith("got '31/02/2022': there is no day 31 in 02/2022")
    assert period_error.startswith("period: expected a period like 2022, 2022-H1")
    assert period_error.endswith("got 'quý 5/2022'")
    reporter, recipient = (p.message for p in r3.unit_problems)
    assert reporter == (
        "reporter: ambiguous unit name 'Sở TT&TT': it matches 2 units: "
        f"so-tttt-tn ({TN}); so-tttt-tng ({TNG}); "
        "write the unit id or a fuller name (with the place)"
    )
    assert recipient.startswith("recipient: unknown unit 'Sở Nội vụ tỉnh Hà Giang'")


def test_duplicate_id_is_an_error_on_the_later_record_only() -> None:
    first, *_, later = _load(FIX / "basic.yaml")
    assert errors(first) == ()
    assert errors(later) == (f"id 'r1' already used at {FIX / 'basic.yaml'}:2",)
    assert (later.reporter, later.period) == ("so-tttt-tng", Y2022)  # `period: 2022`, an int


def test_wrapped_yaml_and_schema_messages_name_the_field() -> None:
    w1, w2 = _load(FIX / "wrapped.yaml")
    src = str(FIX / "wrapped.yaml")
    assert (w1.id, w1.source, w1.submitted_on, errors(w1)) == (
        "w1",
        f"{src}:2",
        date(2022, 1, 10),
        (),
    )
    assert w2.source == f"{src}:3"
    assert errors(w2) == (
        "missing required field 'recipient'",
        "reporter: expected a string, got a list",
    )
    assert [(p.code, p.line) for p in w2.problems] == [("schema.required", 3),
                                                        ("schema.type", 4)]
    assert w2.raw["reporter"] == '["so-tttt-tn"]'


def test_blank_and_null_values_are_absent(tmp_path: Path) -> None:
    sub = _one(
        tmp_path,
        "s.yaml",
        "- id: x\n  reporter: ' '\n  recipient: bo-tttt\n"
        "  submitted_on: 2022-03-01\n  period:\n  title: ''\n",
    )
    assert errors(sub) == ("missing required field 'reporter'",)
    assert (sub.period, sub.title, sub.raw["period"]) == (None, None, "")


def test_record_that_is_not_a_mapping(tmp_path: Path) -> None:
    sub = _one(tmp_path, "s.yaml", "- just a title\n")
    assert sub.id == sub.source == f"{tmp_path / 's.yaml'}:1"
    assert errors(sub) == (
        'a record must be a mapping of fields (id: ..., reporter: ...), got "just a title"',
    )
    assert sub.raw == {"value": "just a title"}


def test_missing_id_uses_the_source_and_is_never_a_duplicate(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.yaml", f"- {MINIMAL}- {MINIMAL}")
    a, b = _load(path)
    assert (a.id, b.id) == (f"{path}:1", f"{path}:4")
    assert errors(a) == errors(b) == ("missing required field 'id'",)


def test_yaml_boolean_and_float_values_are_kept_as_text_in_raw(tmp_path: Path) -> None:
    sub = _one(tmp_path, "s.yaml", f"- id: x\n  {MINIMAL}  urgent: true\n  pages: 2.5\n")
    assert errors(sub) == ()
    assert (sub.raw["urgent"], sub.raw["pages"]) == ("true", "2.5")


def test_no_period_and_no_period_in_title_stays_none(tmp_path: Path) -> None:
    sub = _one(tmp_path, "s.yaml", f"- id: x\n  {MINIMAL}  title: Báo cáo sơ kết\n")
    assert (sub.period, sub.period_inferred) == (None, False)


def test_wrong_type_of_an_optional_field(tmp_path: Path) -> None:
    sub = _one(tmp_path, "s.yaml", f"- id: x\n  {MINIMAL}  directive: [a, b]\n  title: {{a: 1}}\n")
    assert errors(sub) == (
        "directive: expected a string or null, got a list",
        "title: expected a string or null, got a mapping",
    )
    assert [p.line for p in sub.problems] == [5, 6]
    assert sub.directive is None


def test_the_schema_asks_no_more_than_the_fast_path_assumes() -> None:
    """``_plainly_valid`` skips jsonschema for records of non-empty text: only sound while
    the submission schema constrains nothing but presence, type and non-emptiness."""
    schema = json.loads((ROOT / "schemas" / "submission.schema.json").read_text("utf-8"))
    assert schema["additionalProperties"] is True
    assert set(schema["required"]) == set(REQUIRED)
    assert set(schema["properties"]) == set(FIELDS)
    allowed = {"type", "minLength", "description", "examples"}
    for name, rule in schema["properties"].items():
        assert set(rule) <= allowed, name
        assert "string" in ([rule["type"]] if isinstance(rule["type"], str) else rule["type"])
        assert rule.get("minLength", 1) == 1, name
    assert set(schema) <= {
        "$schema",
        "$id",
        "title",
        "description",
        "type",
        "additionalProperties",
        "required",
        "properties",
    }


# ---------------------------------------------------------------------------------------
# JSON


def test_json_records_positions_and_types() -> None:
    j1, j5 = _load(FIX / "records.json")
    src = str(FIX / "records.json")
    assert (j1.source, j1.directive, j1.period, errors(j1)) == (f"{src}:2", "ct-103", Y2022, ())
    assert j1.raw["note"] == ""
    assert (j5.id, j5.source) == ("5", f"{src}:4")
    (error,) = errors(j5)
    assert error.startswith("submitted_on: expected a date like")
    assert error.endswith("got '20221215'")


def test_json_syntax_error_is_located(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.json", '[\n  {"id": "a",}\n]\n')
    with pytest.raises(BaocaoError) as exc:
        _load(path)
    assert _problems(exc) == [(str(path), 2, 14, "json.syntax")]  # at the "}"
    assert "Expecting property name enclosed in double quotes" in str(exc.value)


def test_json_duplicate_key_is_located(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.json", '[{"id": "a",\n  "id": "b"}]')
    with pytest.raises(BaocaoError) as exc:
        _load(path)
    (p,) = exc.value.problems
    assert (p.line, p.column, p.code, p.pointer) == (2, 3, "json.duplicate-key", "/0/id")
    assert p.message.startswith("duplicate key 'id' (first defined at line 1)")


def test_json_with_bom_and_nested_values(tmp_path: Path) -> None:
    text = '\ufeff{"submissions": [{"id": "a", "reporter": "so-tttt-tn", "recipient": "bo-tttt",'
    text += '\n "submitted_on": "2022-03-01", "extra": {"k": [1, "x"]}}]}'
    sub = _one(tmp_path, "s.json", text)
    assert (sub.source, errors(sub)) == (f"{tmp_path / 's.json'}:1", ())
    assert sub.raw["extra"] == '{"k": [1, "x"]}'


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8,
)


@given(records=st.lists(st.dictionaries(st.text(max_size=6), _JSON_VALUES, max_size=4),
                        max_size=5),
       indent=st.sampled_from([None, 1, 2]), wrapped=st.booleans(), crlf=st.booleans())
def test_json_records_are_located_as_a_walk_of_every_node_locates_them(
        records: list[dict[str, object]], indent: int | None, wrapped: bool,
        crlf: bool) -> None:
    """A JSON file's records are walked only when asked (100,026 records walked node by
    node took 7.0 s and 660 MB): every value and key is still at the line and column a walk
    of the whole document finds, asked of the document or of the record."""
    from engine.sources.json import _JsonWalk, load_json_text

    doc: object = {"submissions": records} if wrapped else records
    text = json.dumps(doc, indent=indent, ensure_ascii=False)
    if crlf:
        text = text.replace("\n", "\r\n")
    whole = _JsonWalk(text)
    whole.value(0, "")
    located = load_json_text(text, "s.json")
    assert located.data == doc
    assert dict(located.positions) == whole.positions
    assert dict(located.key_positions) == whole.key_positions
    base = "/submissions" if wrapped else ""
    values = located.positions.elements(base)  # type: ignore[attr-defined]
    keys = located.key_positions.elements(base)  # type: ignore[attr-defined]
    assert len(values) == len(keys) == len(records)
    for n, (at, at_keys) in enumerate(zip(values, keys, strict=True)):
        prefix = f"{base}/{n}"
        assert dict(at) == {p[len(prefix):]: v for p, v in whole.positions.items()
                            if p == prefix or p.startswith(prefix + "/")}
        assert dict(at_keys) == {p[len(prefix):]: v for p, v in whole.key_positions.items()
                                 if p.startswith(prefix + "/")}


def test_a_json_record_is_walked_only_when_a_position_in_it_is_asked() -> None:
    from engine.sources.json import load_json_text

    located = load_json_text('[{"id": "a"},\n {"id": "b",\n  "title": "x"}]', "s.json")
    first, second = located.positions.elements("")  # type: ignore[attr-defined]
    assert first._walked._tables is None
    assert second._walked._tables is None
    assert located.where("/1") == (2, 2)  # where a record starts: known without a walk
    assert second._walked._tables is None
    assert second["/title"] == (3, 12)
    assert first._walked._tables is None
    assert second._walked._tables is not None


def test_json_nested_too_deeply(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.json", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(BaocaoError) as exc:
        _load(path)
    assert _problems(exc) == [(str(path), 1, 1, "json.syntax")]
    assert "nested too deeply" in str(exc.value)


# ---------------------------------------------------------------------------------------
# CSV


def test_csv_with_bom_semicolons_and_vietnamese_headers() -> None:
    c1, c2, c3 = _load(FIX / "semicolon_bom.csv")
    src = str(FIX / "semicolon_bom.csv")
    assert [s.source for s in (c1, c2, c3)] == [f"{src}:2", f"{src}:4", f"{src}:6"]
    assert (c1.id, c1.reporter, c1.recipient) == ("c1", "so-tttt-tn", "bo-tttt")
    assert (c1.submitted_on, c1.period, c1.period_inferred) == (date(2022, 7, 15), H1_2022, False)
    assert c1.raw["Ghi chú"] == "gửi qua email"  # an unknown column, kept under its header
    assert c1.raw["title"] == "Báo cáo sơ kết"
    assert errors(c1) == ()
    # A quoted title spanning two lines; the empty period cell is absent: read off the title.
    assert c2.title == "Báo cáo quý II/2022;\nbổ sung"
    assert (c2.period, c2.period_inferred, errors(c2)) == (Q2_2022, True, ())
    assert errors(c3) == ("missing required field 'reporter'",)


def test_csv_headers_are_case_and_space_insensitive_in_a_directory() -> None:
    b1, b2, b1_again = _load(FIX / "batch")
    batch = FIX / "batch"
    assert [s.source for s in (b1, b2, b1_again)] == [
        f"{batch / 'a.json'}:2",
        f"{batch / 'b.yml'}:1",
        f"{batch / 'c.csv'}:2",
    ]
    assert b1_again.document_number == "12/BC-STTTT"  # column "so_hieu"
    assert errors(b1_again) == (f"id 'b1' already used at {batch / 'a.json'}:2",)


def test_csv_missing_required_columns(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.csv", "\n\nMã,Nơi nhận,Ghi chú\nx,bo-tttt,\n")
    with pytest.raises(BaocaoError) as exc:
        _load(path)
    (p,) = exc.value.problems
    assert (p.file, p.line, p.code) == (str(path), 3, "csv.missing-column")
    assert p.message == (
        "missing required column(s) reporter, submitted_on; the header has: Mã, Nơi nhận, "
        "Ghi chú; expected e.g. id,reporter,recipient,submitted_on "
        "(or: mã,đơn vị báo cáo,nơi nhận,ngày nhận)"
    )


def test_csv_two_columns_for_one_field(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.csv", "id,reporter,recipient,Ngày nhận,ngay den\n")
    with pytest.raises(BaocaoError) as exc:
        _load(path)
    (p,) = exc.value.problems
    assert (p.line, p.code) == (1, "csv.duplicate-column")
    assert p.message == "columns 'Ngày nhận' and 'ngay den' both mean 'submitted_on'; keep one"


def test_csv_quoted_commas_and_crlf(tmp_path: Path) -> None:
    text = 'id,reporter,recipient,submitted_on,title\r\nx,so-tttt-tn,bo-tttt,1/3/2022,"A, B"\r\n'
    sub = _one(tmp_path, "s.csv", text)
    assert (sub.source, sub.title, sub.submitted_on) == (
        f"{tmp_path / 's.csv'}:2",
        "A, B",
        date(2022, 3, 1),
    )


def test_csv_row_longer_than_the_header(tmp_path: Path) -> None:
    text = "id,reporter,recipient,submitted_on,title\nx,so-tttt-tn,bo-tttt,1/3/2022,Quý I, 2022\n"
    sub = _one(tmp_path, "s.csv", text)
    assert errors(sub) == (
        "row has 6 cells but the header has 5 columns "
        "(a comma or semicolon inside an unquoted value?)",
    )
    assert sub.raw["column 6"] == "2022"


def test_csv_tab_separated_with_an_invalid_sent_on(tmp_path: Path) -> None:
    text = "id\treporter\trecipient\tsubmitted_on\tngày gửi\n"
    text += "x\tso-tttt-tn\tbo-tttt\t2/3/2022\t30/2/2022\n"
    sub = _one(tmp_path, "s.tsv.csv", text)
    assert (sub.submitted_on, sub.sent_on) == (date(2022, 3, 2), None)
    (error,) = errors(sub)
    assert error.startswith("sent_on: expected a date like")
    assert error.endswith("got '30/2/2022': there is no day 30 in 02/2022")


@pytest.mark.parametrize("text", ["", "\n\n", "id;reporter;recipient;submitted_on\n\n"])
def test_csv_without_rows_is_an_empty_batch(tmp_path: Path, text: str) -> None:
    assert _load(_write(tmp_path, "s.csv", text)) == ()


def test_csv_not_utf8(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "s.csv",
        "id,reporter,recipient,submitted_on\nx,S\xf4,b,1/3/2022\n".encode("latin-1"),
    )
    with pytest.raises(BaocaoError) as exc:
        _load(path)
    assert _problems(exc) == [(str(path), 2, 4, "file.encoding")]
    assert "save it as UTF-8 (in Excel: 'CSV UTF-8')" in str(exc.value)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            'id,reporter,recipient,submitted_on\nx,"a,b,c\ny,a,b,c\n',
            2,
            "a quoted value is never closed (a '\"' is missing); the row starts on line 2",
        ),
        (
            'id,reporter,recipient,submitted_on\n\nx,"a"b,c,d\n',
            3,
            "',' expected after '\"'; the row starts on line 3",
        ),
    ],
)
def test_csv_syntax_error(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, "s.csv", text)
    with pytest.raises(BaocaoError) as exc:
        _load(path)
    (p,) = exc.value.problems
    assert (p.file, p.line, p.column, p.code, p.message) == (
        str(path),
        line,
        1,
        "csv.syntax",
        message,
    )


# ---------------------------------------------------------------------------------------
# Files and shapes


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("s.yaml", ""),
        ("s.yaml", "# nothing yet\n"),
        ("s.yaml", "[]\n"),
        ("s.yml", "submissions:\n"),
        ("s.yaml", "submissions: []\n"),
        ("s.json", ""),
        ("s.json", "[]"),
        ("s.json", '{"submissions": null}'),
    ],
)
def test_empty_files_are_empty_batches(tmp_path: Path, name: str, text: str) -> None:
    assert _load(_write(tmp_path, name, text)) == ()


def test_directory_without_submission_files_is_an_empty_batch(tmp_path: Path) -> None:
    _write(tmp_path, "notes.txt", "x")
    assert _load(tmp_path) == ()


def test_file_level_problems_of_all_paths_are_reported_together(tmp_path: Path) -> None:
    txt = _write(tmp_path, "s.docx", "x")
    with pytest.raises(BaocaoError) as exc:
        _load(tmp_path / "nope.yaml", txt, FIX / "basic.yaml")
    assert _problems(exc) == [  # sorted by file name
        (str(tmp_path / "nope.yaml"), 0, 0, "file.missing"),
        (str(txt), 0, 0, "file.format"),
    ]
    assert exc.value.problems[0].message == "no such file or directory"
    assert exc.value.problems[1].message == (
        "unsupported file type '.docx'; expected .yaml, .yml, .json, .csv, .tsv, .txt, .xlsx"
    )


@pytest.mark.parametrize(
    ("name", "text", "line", "column", "message"),
    [
        (
            "s.yaml",
            "just text\n",
            1,
            1,
            "expected a list of records ('- id: ...') or a mapping 'submissions: [...]'; "
            "found the value 'just text'",
        ),
        (
            "s.yaml",
            "id: a\nreporter: b\n",
            1,
            1,
            "expected a list of records ('- id: ...') or a mapping 'submissions: [...]'; found "
            "a mapping without 'submissions' (keys: id, reporter); a single record is written "
            "as a list of one: '- id: ...'",
        ),
        (
            "s.yaml",
            "submissions: []\nbatch: 3\n",
            2,
            1,
            "unexpected key 'batch' beside 'submissions'; expected a list of records "
            "('- id: ...') or a mapping 'submissions: [...]'",
        ),
        (
            "s.yaml",
            "submissions:\n  id: a\n",
            2,
            3,
            "expected a list of records ('- id: ...') or a mapping 'submissions: [...]'; "
            "found a mapping",
        ),
        (
            "s.json",
            '\n{"submissions": 3}',
            2,
            17,
            "expected a list of records ('- id: ...') or a mapping 'submissions: [...]'; "
            "found the value '3'",
        ),
    ],
)
def test_wrong_shape_is_a_located_file_error(
    tmp_path: Path, name: str, text: str, line: int, column: int, message: str
) -> None:
    path = _write(tmp_path, name, text)
    with pytest.raises(BaocaoError) as exc:
        _load(path)
    (p,) = exc.value.problems
    assert (p.file, p.line, p.column, p.code, p.message) == (
        str(path),
        line,
        column,
        "submissions.shape",
        message,
    )


@pytest.mark.parametrize("name", ["s.csv", "s.json"])
def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    path = _write(tmp_path, name, "")

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(BaocaoError) as exc:
        _load(path)
    (p,) = exc.value.problems
    assert (p.file, p.code, p.message) == (
        str(path),
        "file.unreadable",
        "cannot read file: Permission denied",
    )


def test_yaml_syntax_error_is_a_file_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "s.yaml", "- id: a\n  id: b\n")
    with pytest.raises(BaocaoError) as exc:
        _load(path)
    assert _problems(exc) == [(str(path), 2, 3, "yaml.duplicate-key")]


# ---------------------------------------------------------------------------------------
# Directives and obligations


def _linked(tmp_path: Path, directive: str | None, obligation: str | None) -> Submission:
    text = f"- id: x\n  {MINIMAL}"
    if directive is not None:
        text += f"  directive: '{directive}'\n"
    if obligation is not None:
        text += f"  obligation: '{obligation}'\n"
    return _one(tmp_path, "s.yaml", text)


@pytest.mark.parametrize(
    "written",
    [
        "103/CT-BTTTT",
        "103/ct-btttt",
        " 103 / CT-BTTTT",
        "103-CT-BTTTT",
        "103/CT/BTTTT",
        "ct-103",
        "CT-103",
        "CT103",
    ],
)
def test_directive_by_number_or_id(tmp_path: Path, written: str) -> None:
    sub = _linked(tmp_path, written, None)
    assert (sub.directive, errors(sub)) == ("ct-103", ())


def test_directive_without_number_by_id(tmp_path: Path) -> None:
    assert _linked(tmp_path, "kh-tuyen-truyen", "tong-ket").directive == "kh-tuyen-truyen"


def test_directive_number_shared_by_two_directives_is_ambiguous(tmp_path: Path) -> None:
    sub = _linked(tmp_path, "01/kh-ubnd", None)
    assert sub.directive is None
    assert errors(sub) == (
        "directive: '01/kh-ubnd' is ambiguous; it could be 01/KH-UBND (kh-01-tn), "
        "01/KH-UBND (kh-01-tng)",
    )


def test_separator_slips_are_tolerated_only_when_unique(tmp_path: Path) -> None:
    directives = (_directive("a", "5/KH-BCĐ"), _directive("b", "5-KH/BCĐ"))
    path = _write(
        tmp_path,
        "s.yaml",
        f"- id: x\n  {MINIMAL}  directive: 5/KH/BCD\n- id: y\n  {MINIMAL}  directive: 5-kh/bcđ\n",
    )
    x, y = load_submissions([path], REGISTRY, directives)
    assert errors(x) == (
        "directive: '5/KH/BCD' is ambiguous; it could be 5/KH-BCĐ (a), 5-KH/BCĐ (b)",
    )
    assert (y.directive, errors(y)) == ("b", ())  # written exactly: no slip, no ambiguity


def test_a_directive_the_rules_do_not_hold_is_another_subject(tmp_path: Path) -> None:
    """Not a fault of the record: it answers a text nobody encoded (the matching says so)."""
    sub = _linked(tmp_path, "999/CT-X", "bao-cao-quy")
    assert errors(sub) == ()
    assert (sub.directive, sub.other_directive) == (None, "999/CT-X")


def test_obligation_of_the_named_directive(tmp_path: Path) -> None:
    sub = _linked(tmp_path, "ct-103", "Bao-Cao-Nam")
    assert (sub.directive, sub.obligation, errors(sub)) == ("ct-103", "bao-cao-nam", ())


def test_obligation_not_in_the_named_directive(tmp_path: Path) -> None:
    sub = _linked(tmp_path, "103/CT-BTTTT", "bao-cao-6-thang")
    assert errors(sub) == (
        "obligation: directive 103/CT-BTTTT has no obligation 'bao-cao-6-thang'; "
        "known: bao-cao-quy, bao-cao-nam",
    )
    assert (sub.directive, sub.obligation) == ("ct-103", None)


def test_obligation_alone_if_unique_names_its_directive(tmp_path: Path) -> None:
    sub = _linked(tmp_path, None, "bao-cao-6-thang")
    assert (sub.directive, sub.obligation, errors(sub)) == ("kh-01-tn", "bao-cao-6-thang", ())


def test_obligation_alone_in_several_directives(tmp_path: Path) -> None:
    sub = _linked(tmp_path, None, "bao-cao-quy")
    assert errors(sub) == (
        "obligation: 'bao-cao-quy' exists in several directives (103/CT-BTTTT, 01/KH-UBND); "
        "add 'directive' to say which",
    )
    assert (sub.directive, sub.obligation) == (None, None)


def test_unknown_obligation_alone(tmp_path: Path) -> None:
    sub = _linked(tmp_path, None, "bao-cao-tuan")
    assert errors(sub) == (
        "obligation: unknown obligation 'bao-cao-tuan'; known: ct-103/bao-cao-nam, "
        "ct-103/bao-cao-quy, kh-01-tn/bao-cao-6-thang, kh-01-tn/bao-cao-quy, "
        "kh-01-tng/bao-cao-thang, kh-tuyen-truyen/tong-ket",
    )


# ---------------------------------------------------------------------------------------
# A record as written, held compactly (engine/submissions/raw.py ``Written``)

_CELLS = st.text(st.characters(blacklist_categories=("Cs",)), max_size=6)


@given(st.dictionaries(_CELLS, _CELLS, max_size=9), _CELLS)
def test_a_record_as_written_reads_as_the_mapping_it_was_made_from(
        data: dict[str, str], other: str) -> None:
    from engine.submissions.raw import Written

    written = Written(data)
    assert written == data
    assert data == written
    assert list(written) == list(data)
    assert list(written.items()) == list(data.items())
    assert len(written) == len(data)
    assert dict(written) == data
    for key in [*data, other]:
        assert (key in written) == (key in data)
        assert written.get(key) == data.get(key)
        assert written.get(key, "?") == data.get(key, "?")
    if other not in data:
        with pytest.raises(KeyError):
            written[other]
    assert written.as_dict() == data
    assert list(written.as_dict().items()) == list(data.items())
    assert copy.deepcopy(written) == data
    assert pickle.loads(pickle.dumps(written)) == data
    assert repr(written) == repr(data)


def test_records_with_the_same_columns_share_one_layout_and_are_smaller_than_a_dict() -> None:
    from engine.submissions.raw import Written

    row = {"id": "VT-1", "reporter": "Sở Y tế", "recipient": "UBND tỉnh", "period": "2025-01",
           "title": "Báo cáo tháng 1", "submitted_on": "05/02/2025", "document_number": "1/BC"}
    a, b = Written(row), Written({**row, "id": "VT-2"})
    assert a._at is b._at
    assert a != b
    size = sys.getsizeof(a)  # the tuple it is: no object around it (48 bytes a record)
    assert size == sys.getsizeof(tuple(row.values()))
    assert size * 2 <= sys.getsizeof(row) + 8 * len(row), size
    with pytest.raises(TypeError):
        hash(a)


def test_records_each_with_their_own_columns_are_kept_as_dicts_beyond_the_layouts(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Hostile or odd input (every record with its own fields) makes no class per record:
    beyond the column sets remembered, a record as written is a plain dict, equal all the
    same."""
    from engine.submissions.raw import Written, compact_written

    monkeypatch.setattr(Written, "_layouts", {})
    monkeypatch.setattr(Written, "_LAYOUTS", 2)
    made = [compact_written({f"field {n}": "x", "id": str(n)}) for n in range(5)]
    assert [type(m) is dict for m in made] == [False, False, True, True, True]
    assert made[4] == {"field 4": "x", "id": "4"}
    assert len(Written._layouts) == 2
    assert compact_written({"field 0": "y", "id": "9"})["field 0"] == "y"  # a known layout: Written
    with pytest.raises(ValueError, match="too many column sets"):
        Written({"other": "z"})


def test_a_clean_record_keeps_its_cells_compactly_and_a_faulty_one_as_a_dict(
        tmp_path: Path) -> None:
    from engine.submissions.raw import Written

    path = tmp_path / "s.csv"
    path.write_text("id,reporter,recipient,period,submitted_on,ghi chú\n"
                    "a,so-tttt-tay-ninh,ubnd-tinh-tay-ninh,2022-Q1,2022-04-05,kèm phụ lục\n"
                    "b,so-tttt-tay-ninh,ubnd-tinh-tay-ninh,2022-Q1,2022-04-05,\x07\n",
                    encoding="utf-8")
    clean, faulty = _load(path)
    assert isinstance(clean.raw, Written)
    assert clean.raw["ghi chú"] == "kèm phụ lục"
    assert clean.raw == {"id": "a", "reporter": "so-tttt-tay-ninh",
                         "recipient": "ubnd-tinh-tay-ninh", "period": "2022-Q1",
                         "submitted_on": "2022-04-05", "ghi chú": "kèm phụ lục"}
    assert not isinstance(faulty.raw, Written)
    assert faulty.problems


def test_a_json_record_nested_deeper_than_a_walk_goes_is_located_at_its_start(
        tmp_path: Path) -> None:
    """Parsed, but too deep for the walk that locates a record's fields: its problems are
    located where the record starts, never a traceback."""
    deep = "[" * 800 + "]" * 800
    path = _write(tmp_path, "s.json", '[\n {"id": "a",\n  "extra": ' + deep + "}]")
    (sub,) = _load(path)
    assert sub.problems
    assert {(p.file, p.line) for p in sub.problems} == {(str(path), 2)}


def test_a_json_record_is_walked_once_for_its_values_and_its_keys() -> None:
    from engine.sources.json import load_json_text

    located = load_json_text('[{"id": "a",\n  "title": "x"}]', "s.json")
    (values,) = located.positions.elements("")  # type: ignore[attr-defined]
    (keys,) = located.key_positions.elements("")  # type: ignore[attr-defined]
    assert values["/title"] == (2, 12)
    assert keys._walked is values._walked
    assert keys["/title"] == (2, 3)


def test_a_json_files_walk_is_freed_with_its_document_not_kept_by_its_records() -> None:
    """The command runs with the collector off: no cycle may keep the document's walk (and its
    positions) alive once only the records are left."""
    import gc
    import weakref

    from engine.sources.json import load_json_text

    was = gc.isenabled()
    gc.disable()
    try:
        located = load_json_text('[{"id": "a"},\n {"id": "b"}]', "s.json")
        walk = weakref.ref(located.positions._walk)  # type: ignore[attr-defined]
        records = located.positions.elements("")  # type: ignore[attr-defined]
        del located
        assert walk() is None
        assert records[1]["/id"] == (2, 9)
    finally:
        if was:
            gc.enable()
