"""CSV written as the rows come (``cli.render.csv.write_rows``) against the CSV gathered whole
(``document(rows_csv(rows))``, which holds every row and then the file as one string): the
same bytes, for the rows every command writes, in both languages and both dialects, with
values a register may hold (formulas, control characters, separators, quotes, line breaks);
and ``validate``'s records (``write_records_csv``) against the same records gathered whole.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from cli.i18n import Lang
from cli.render import csv as csv_out
from cli.render.csv import document, rows_csv, write_rows
from cli.render.texts import Texts
from tests._cli import EXAMPLES, invoke

AS_OF = date(2023, 3, 1)


def _streamed(rows: Sequence[Any], texts: Texts, delimiter: str = ",") -> str:
    out = io.StringIO()
    write_rows(out, iter(rows), texts, delimiter=delimiter)
    return out.getvalue()


def _gathered(rows: Sequence[Any], texts: Texts, delimiter: str = ",") -> str:
    return document(rows_csv(list(rows), texts, delimiter=delimiter))


def _views(book: engine.RuleBook, ev: engine.Evaluation, lang: str) -> dict[str, list[Any]]:
    view = engine.check_view(ev, book, lang)
    overdue = engine.overdue_view(ev, book, lang)
    return {
        "instances": list(view.instances),
        "submissions": list(view.submissions),
        "overdue": [row for group in overdue.groups for row in group.items],
        "rules": list(engine.rules_view(book)),
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("delimiter", [",", ";"])
def test_streamed_csv_is_the_gathered_csv(judged: tuple[engine.RuleBook, engine.Evaluation],
                                          lang: str, delimiter: str) -> None:
    book, ev = judged
    texts = Texts(Lang(lang), book)
    for name, rows in _views(book, ev, lang).items():
        assert rows, name  # the examples have rows of every kind
        gathered = _gathered(rows, texts, delimiter)
        assert _streamed(rows, texts, delimiter) == gathered, name
        assert gathered.startswith("\ufeff")
        assert gathered.endswith("\r\n")
    # the verdicts' and dispositions' words, not their codes
    instances = _streamed(_views(book, ev, lang)["instances"], texts, delimiter)
    assert ("quá hạn" if lang == "vi" else "overdue") in instances


def test_the_rows_of_a_report_and_a_record_are_streamed_not_gathered(
        judged: tuple[engine.RuleBook, engine.Evaluation]) -> None:
    """The rows a national run lists: their columns are fixed by their type. Rules' rows
    (a mapping of labels) are gathered: their columns are known only at the end."""
    book, _ = judged
    cells = csv_out._Cells(Texts(Lang.VI, book), ("raw",))
    assert cells.plan(engine.InstanceRow) is not None
    assert cells.plan(engine.SubmissionRow) is not None
    plan = cells.plan(engine.InstanceRow)
    assert plan is not None
    assert "citation_text" in plan.columns
    assert "citation" not in plan.columns
    sub = cells.plan(engine.SubmissionRow)
    assert sub is not None
    assert "raw" not in sub.columns


def test_rows_are_written_before_the_last_is_built(
        judged: tuple[engine.RuleBook, engine.Evaluation]) -> None:
    """A million rows never sit in memory: by the time the generator is asked for the row
    after two chunks, the header and at least a chunk of rows are already in the output."""
    book, ev = judged
    rows = _views(book, ev, "vi")["instances"]
    out = io.StringIO()
    seen_before_end: list[int] = []

    def generated() -> Iterator[Any]:
        for n in range(2 * csv_out._CHUNK + 5):
            if n == 2 * csv_out._CHUNK + 1:
                seen_before_end.append(out.getvalue().count("\r\n"))
            yield rows[n % len(rows)]

    write_rows(out, generated(), Texts(Lang.VI, book))
    assert seen_before_end
    assert seen_before_end[0] > csv_out._CHUNK
    assert out.getvalue().count("\r\n") >= 2 * csv_out._CHUNK + 5 + 1  # header + rows


def test_past_the_memo_bound_a_column_is_still_right(
        judged: tuple[engine.RuleBook, engine.Evaluation],
        monkeypatch: pytest.MonkeyPatch) -> None:
    book, ev = judged
    rows = _views(book, ev, "vi")["instances"]
    texts = Texts(Lang.VI, book)
    monkeypatch.setattr(csv_out, "_MEMO", 2)
    assert _streamed(rows, texts) == _gathered(rows, texts)


def test_no_rows_no_file() -> None:
    assert _streamed([], Texts(Lang.VI)) == "" == _gathered([], Texts(Lang.VI))


@dataclasses.dataclass(frozen=True)
class _One:
    a: str
    b: int | None
    c: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class _Same:  # another class, the same columns
    a: str
    b: int | None
    c: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class _Other:
    x: str


def test_rows_of_another_class_with_the_same_columns_are_written_and_others_refused() -> None:
    texts = Texts(Lang.EN)
    rows: list[Any] = [_One("=1", 1, ("a", "b")), _Same("x", None, ()), _One("@y", True, ())]
    assert _streamed(rows, texts) == _gathered(rows, texts)
    assert _streamed(rows, texts).splitlines()[3] == "'@y,yes,"  # a bool is never cached as 1
    with pytest.raises(ValueError, match="columns other than"):
        _streamed([_One("a", 1, ()), _Other("b")], texts)


def test_a_value_that_cannot_be_hashed_is_still_a_cell() -> None:
    texts = Texts(Lang.EN)
    rows = [_One(bytearray(b"-x"), 1, ()), _One(bytearray(b"-x"), 1, ())]  # type: ignore[arg-type]
    assert _streamed(rows, texts) == _gathered(rows, texts)


@dataclasses.dataclass(frozen=True)
class _Items:
    c: tuple[object, ...]
    verdict: str


def test_repeated_tuples_and_texts_are_remembered_per_column_never_mixed_up() -> None:
    """Tuples of keys (the same report's instances) and empty ones repeat and are remembered
    as texts are; a tuple holding True is never the cell of one holding 1, though they are
    equal; a text is made a cell straight away except in the columns said in words."""
    texts = Texts(Lang.VI)
    rows = [_Items((1,), "overdue"), _Items((True,), "overdue"), _Items(("a", "b"), "x"),
            _Items(("a", "b"), "on_time"), _Items((), "on_time"), _Items((), "=1")]
    streamed = _streamed(rows, texts)
    assert streamed == _gathered(rows, texts)
    assert streamed.splitlines()[1:] == ["1,quá hạn", "True,quá hạn", "a; b,x", "a; b,đúng hạn",
                                         ",đúng hạn", ",'=1"]
    for column in ("key", "title", "reporter_name", "citation_text", "raw_period"):
        assert column not in csv_out._WORDED
        assert csv_out.words(column, "overdue", texts) == "overdue"


# Values a register may hold, few enough that they repeat (the cache is used, and must not
# mix up a column's values).
_HOSTILE = st.sampled_from([
    "", " ", "=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "a,b", "a;b",
    "say \"hi\"", "dòng 1\ndòng 2", "Sở A\x1b[2J", "\u202eabc", "\x00", "Ủy ban nhân dân",
    "on_time", "overdue", "true", "1",
])


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_values_stream_as_they_gather(
        judged: tuple[engine.RuleBook, engine.Evaluation], data: st.DataObject) -> None:
    book, ev = judged
    views = _views(book, ev, "vi")
    for name in ("instances", "submissions"):
        base = views[name][:8]
        rows = []
        for row in base:
            # every text field of the row (its names, its title, its reasons' owner …)
            changes = {
                f.name: data.draw(_HOSTILE) for f in dataclasses.fields(row)
                if isinstance(getattr(row, f.name), str) and data.draw(st.booleans())
            }
            rows.append(dataclasses.replace(row, **changes))
        lang = data.draw(st.sampled_from([Lang.VI, Lang.EN]))
        delimiter = data.draw(st.sampled_from([",", ";"]))
        texts = Texts(lang, book)
        assert _streamed(rows, texts, delimiter) == _gathered(rows, texts, delimiter)


def test_check_csv_on_the_command_line_is_every_row_listed(tmp_path: Any) -> None:
    """``baocao check --format csv --all``: the rows ``check_view`` lists, in its order."""
    book = engine.load_rulebook(None)
    batch = engine.load_batch([EXAMPLES], book)
    ev = engine.check(book, batch.submissions, AS_OF)
    listed = engine.check_view(ev, book, "vi", engine.Listing()).listed
    result = invoke("check", "-s", EXAMPLES, "--as-of", AS_OF.isoformat(), "--format", "csv",
                    "--all", cwd=tmp_path)
    assert result.code == 1, result.err
    expected = _gathered(listed, Texts(Lang.VI, book))
    assert result.out == expected


def _records_gathered(rows: Sequence[Any], texts: Texts, delimiter: str) -> str:
    """``validate --format csv`` as it was written whole: every record's cells as a dict, the
    columns their union in order of appearance (tests/test_csv_stream.py's reference)."""
    from cli import i18n
    from cli.render.csv import to_csv
    from cli.render.validate import RECORD_COLUMNS, record_cells

    flat = [record_cells(r, texts) for r in rows]
    columns = list(dict.fromkeys(k for r in flat for k in r)) or list(RECORD_COLUMNS)
    labels = {c: i18n.column(c, texts.lang) for c in columns}
    return document(to_csv(flat, columns, labels=labels, delimiter=delimiter))


@pytest.mark.parametrize(("lang", "delimiter"), [("vi", ","), ("en", ";")])
def test_validate_csv_streamed_is_the_csv_gathered(tmp_path: Any, lang: str,
                                                   delimiter: str) -> None:
    """Two registers with extra columns of their own (one of them named as a column of
    baocao's): every record, its extras in the order they first appear, not sorted."""
    from cli import i18n
    from cli.render.validate import write_records_csv

    (tmp_path / "a.csv").write_text(
        "id,reporter,recipient,period,submitted_on,Xử lý nội bộ,title\n"
        "A-1,so-tttt-tn,bo-tttt,2022-Q4,2023-01-10,=cmd,x\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(
        "id,reporter,recipient,period,submitted_on,Người nhận,attention\n"
        "B-1,Sở TT&TT Tây Ninh,bo-tttt,2022-Q4,2023-01-11,chị Lan,\"a;b\"\n"
        "B-2,nobody,bo-tttt,2022,2023-01-12,,\n", encoding="utf-8")
    book = engine.load_rulebook(None)
    batch = engine.load_batch([EXAMPLES, tmp_path], book)
    view = engine.validate_view(engine.validate(book, batch.submissions, AS_OF), batch, book,
                                lang)
    texts = Texts(Lang(lang), book)
    out = io.StringIO()
    write_records_csv(out, view.records, texts, delimiter)
    expected = _records_gathered(view.records, texts, delimiter)
    assert out.getvalue() == expected
    header = expected.splitlines()[0]
    assert header.index("Xử lý nội bộ") < header.index("Người nhận")
    assert header.count(i18n.column("attention", lang)) == 1
    empty = io.StringIO()
    write_records_csv(empty, (), texts, delimiter)
    assert empty.getvalue() == _records_gathered((), texts, delimiter)
    assert empty.getvalue().startswith("\ufeff")  # the columns, with no record under them
