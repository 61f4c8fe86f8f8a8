"""Views of a national run build the rows they show, not a row per report owed: ``check``'s
table and the brief list the problems and a screenful, while a million reports are mostly on
time (a tuple of every row was 700 MB at 1e6). Counted by the calls that build a row."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

import engine
from engine.views import brief as brief_module
from engine.views import build as build_module
from tests._cli import EXAMPLES

AS_OF = date(2023, 3, 1)


def _counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[Any]:
    built: list[Any] = []
    real: Callable[..., Any] = getattr(module, name)

    def counted(res: Any, *args: Any) -> Any:
        built.append(res)
        return real(res, *args)

    monkeypatch.setattr(module, name, counted)
    return built


def test_check_table_builds_the_problems_and_a_screenful(
        judged: tuple[engine.RuleBook, engine.Evaluation],
        monkeypatch: pytest.MonkeyPatch) -> None:
    book, ev = judged
    problems = [r for r in ev.instances
                if r.verdict in (engine.Verdict.OVERDUE, engine.Verdict.LATE)]
    assert 0 < len(problems) < len(ev.instances) - 2
    built = _counting(monkeypatch, build_module, "_instance_row")
    view = engine.check_view(ev, book, "vi", engine.Listing(limit=2), held=False)
    assert len(built) == len(problems) + 2  # the overdue and late, then the first two listed
    assert len(view.instances) == len(ev.instances)  # read as every row, built when read
    built.clear()
    engine.check_view(ev, book, "vi", engine.Listing(limit=2))
    assert len(built) == len(ev.instances)  # held (JSON's view, --all): every row


def test_the_brief_builds_rows_for_what_it_lists(
        judged: tuple[engine.RuleBook, engine.Evaluation],
        monkeypatch: pytest.MonkeyPatch) -> None:
    book, ev = judged
    meeting = AS_OF + timedelta(days=60)
    owed = [r for r in ev.instances if r.instance.period.start <= ev.as_of]
    listed = [r for r in owed if r.verdict in (engine.Verdict.OVERDUE, engine.Verdict.LATE)]
    coming = [r for r in ev.instances if ev.as_of < r.instance.due.due <= meeting
              and r.verdict is engine.Verdict.PENDING]
    assert 0 < len(listed) + len(coming) < len(owed)
    built = _counting(monkeypatch, brief_module, "_instance_row")
    view = engine.brief_view(ev, book, meeting)
    assert sorted(r.instance.key for r in built) == sorted(
        r.instance.key for r in (*listed, *coming))
    assert view.overdue
    assert view.figures.expected > len(built)  # the figures still count every report owed


@pytest.mark.parametrize(("args", "held"), [((), False), (("--all",), True)])
def test_check_asks_for_held_rows_only_with_all(tmp_path: Any, monkeypatch: pytest.MonkeyPatch,
                                                 args: tuple[str, ...], held: bool) -> None:
    """The table of ``check`` (a screenful) does not hold every row; ``--all`` lists them."""
    from tests._cli import invoke

    asked: list[bool] = []
    real = engine.check_view

    def spy(*a: Any, held: bool = True, **k: Any) -> Any:
        asked.append(held)
        return real(*a, held=held, **k)

    monkeypatch.setattr(engine, "check_view", spy)
    result = invoke("check", "-s", EXAMPLES, "--as-of", AS_OF.isoformat(), *args, cwd=tmp_path)
    assert result.code == 1, result.err
    assert asked == [held]


def test_the_brief_json_is_streamed_a_row_per_line(tmp_path: Any) -> None:
    """``brief --format json``: the object ``dumps`` would give, its lists written a row per
    line as they are encoded (a national run's overdue list is 100,000 rows), to a file or
    to standard output."""
    import json

    from cli.i18n import Lang
    from cli.render import json as json_out
    from cli.render.texts import Texts
    from tests._cli import invoke

    book = engine.load_rulebook(None)
    batch = engine.load_batch([EXAMPLES], book)
    meeting = AS_OF + timedelta(days=30)
    ev = engine.check(book, batch.submissions, AS_OF, engine.Filters(until=meeting))
    whole = json.loads(json_out.dumps(engine.brief_view(ev, book, meeting), Texts(Lang.VI, book)))
    args = ("brief", "-s", EXAMPLES, "--as-of", AS_OF.isoformat(), "--format", "json")
    printed = invoke(*args, "-o", "-", cwd=tmp_path)
    assert printed.code == 0, printed.err
    assert json.loads(printed.out) == whole
    assert whole["overdue"]
    lines = printed.out.splitlines()
    first = lines.index('  "overdue": [') + 1
    assert json.loads(lines[first].rstrip(","))["key"] == whole["overdue"][0]["key"]
    saved = invoke(*args, "-o", tmp_path / "b.json", cwd=tmp_path)
    assert saved.code == 0, saved.err
    assert (tmp_path / "b.json").read_text(encoding="utf-8") == printed.out
    assert "b.json" in saved.err  # where the file went


def test_validate_builds_no_row_until_one_is_read_and_counts_from_the_results(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """``validate`` of a national register: its rows are built when read (a tuple of a
    million was 600 MB over the check), its counts per file, summary and extra columns come
    from the results, and they are what the rows would say."""
    from collections import Counter

    from engine.views import validate as validate_module
    from engine.views.rows import LazyRows

    book = engine.load_rulebook(None)
    batch = engine.load_batch([EXAMPLES], book)
    ev = engine.validate(book, batch.submissions, AS_OF)
    built = _counting(monkeypatch, validate_module, "_record_row")
    view = engine.validate_view(ev, batch, book, "vi")
    assert isinstance(view.records, LazyRows)
    assert built == []
    rows = list(view.records)
    assert len(built) == len(rows) == len(ev.submissions) == view.summary["total"]
    assert list(view.records) == rows  # built again, equal
    by_file = Counter((r.file, r.disposition.value) for r in rows)
    for f in view.files:
        assert f.reported == f.read == sum(n for (file, _), n in by_file.items()
                                           if file == f.file)
        assert f.dispositions == {d.value: by_file[(f.file, d.value)]
                                  for d in engine.Disposition}
        assert f.attention == sum(1 for r in rows if r.file == f.file and r.attention)
    assert view.summary["attention"] == sum(r.attention for r in rows)
    assert view.extra == tuple(dict.fromkeys(k for r in rows for k in r.extra))
    # two registers, each with a column of its own: the view knows them, in order, and the
    # CSV written with them is the CSV that gathers them from the rows
    import io

    from cli.render.texts import Texts
    from cli.render.validate import write_records_csv

    head = "id,reporter,recipient,submitted_on,period,title"
    row = "Sở TT&TT Tây Ninh,Vụ TĐKT,14/3/2022,2022-Q1,Báo cáo quý I"
    (tmp_path / "a.csv").write_text(f"{head},ghi chú\na1,{row},x\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(f"{head},người ký\nb1,{row},y\n", encoding="utf-8")
    files = [tmp_path / "a.csv", tmp_path / "b.csv"]
    two = engine.load_batch(files, book)
    view = engine.validate_view(engine.validate(book, two.submissions, AS_OF), two, book, "vi")
    assert view.extra == ("ghi chú", "người ký")
    texts = Texts("vi", book)
    known, gathered = io.StringIO(), io.StringIO()
    write_records_csv(known, view.records, texts, ",", view.extra)
    write_records_csv(gathered, list(view.records), texts, ",")
    assert known.getvalue() == gathered.getvalue()
    assert "ghi chú" in known.getvalue().splitlines()[0]


def test_what_only_the_reports_owed_need_is_not_held_while_the_records_are_judged(
        book: engine.RuleBook, monkeypatch: pytest.MonkeyPatch) -> None:
    """A national run peaks while the records' results are made: the instances by key are
    made only when a filter reads them, the map of distinct reports lists only the reports
    several plans share, and the records' results are made from a grouping without each
    report's earliest receipt (1e6: ~100 MB less at the peak)."""
    from engine import evaluation
    from engine.evaluation import assemble, demands

    subs = engine.load_batch([EXAMPLES], book).submissions
    made: list[int] = []
    real_keyed = evaluation._Keyed._keyed

    def keyed(self: Any) -> Any:
        made.append(1)
        return real_keyed(self)

    monkeypatch.setattr(evaluation._Keyed, "_keyed", keyed)
    seen: list[Any] = []
    real_records = assemble.submission_results

    def records(submissions: Any, decided: Any, matching: Any, *args: Any) -> Any:
        seen.append((matching.earliest, decided.instance_rules))
        return real_records(submissions, decided, matching, *args)

    monkeypatch.setattr(assemble, "submission_results", records)
    whole = engine.check(book, subs, AS_OF)
    assert made == []  # no filter: never made
    assert seen == [({}, ())]
    office = engine.check(book, subs, AS_OF, engine.Filters(office="ubmttq-tay-ninh"))
    assert made  # a filter reads it
    assert 0 < len(office.submissions) < len(whole.submissions)
    reports = [r for r in whole.instances if r.same_report]
    assert reports  # the examples hold reports several plans share
    instances = [r.instance for r in whole.instances]
    keys = demands.report_keys(instances, demands.same_reports(instances, book.obligations))
    assert set(keys) == {r.instance.key for r in reports}
    assert all(keys[r.instance.key] == r.report for r in reports)
    assert all(r.report == r.instance.key for r in whole.instances if not r.same_report)


def test_a_receipt_date_is_written_once_per_day(book: engine.RuleBook) -> None:
    """A record's receipt date as tables show it (dd/mm/yyyy) is worked out once per day and
    shared by every record received that day, and reads as the date itself."""
    names = build_module._Names(book, "vi")
    days = [date(2024, 1, 2) + timedelta(days=n % 40) for n in range(200)]
    written = [names.day(d) for d in days]
    assert written == [f"{d:%d/%m/%Y}" for d in days]
    assert written[0] == "02/01/2024"
    assert names.day(date(2024, 1, 2)) is written[0]
    assert len({id(w) for w in written}) == 40


def _owed(res: engine.InstanceResult, book: engine.RuleBook, lang: str) -> dict[str, Any]:
    """What a report owed's row says, read from the model field by field: the reference the
    fields JSON writes are checked against."""
    inst, reg = res.instance, book.registry
    ob = book.obligations[(inst.directive_id, inst.obligation_id)]
    d, due, cut, p = book.directive(inst.directive_id), inst.due, inst.cutoff, inst.period
    policy = book.policies.get(due.policy) if due.policy else None
    return {
        "key": inst.key, "directive": d.label, "directive_id": d.id, "obligation": ob.id,
        "summary": ob.summary, "reporter": inst.reporter,
        "reporter_name": reg.name(inst.reporter, lang), "recipient": inst.recipient,
        "recipient_name": reg.name(inst.recipient, lang), "via": inst.via,
        "via_name": reg.name(inst.via, lang) if inst.via else None, "period": p.label,
        "period_kind": p.kind.value, "period_start": p.start, "period_end": p.end,
        "cutoff_from": cut[0] if cut else None, "cutoff_to": cut[1] if cut else None,
        "data_window": ob.data_window if cut else None, "due": due.due,
        "due_nominal": due.nominal, "due_last_day": due.last_day,
        "due_reading": due.reading.value, "due_rolled": due.rolled,
        "due_skipped": due.skipped, "due_basis": due.basis.value, "due_policy": due.policy,
        "due_policy_text": (policy.description_en if lang == "en" else policy.description_vi)
        if policy else None,
        "deadline_words": ob.deadline.words if ob.deadline else None,
        "verdict": res.verdict, "rule": res.rule, "days_late": res.days_late,
        "days_overdue": res.days_overdue, "received": res.received,
        "submission": res.submission, "citation": ob.citation, "reasons": res.reasons,
        "report": res.report or inst.key, "same_report": res.same_report,
        "recipient_inferred": ob.recipient_inferred,
        "reporter_inferred": inst.reporter in reg.inferred_members(ob.reporters),
        "due_provisional": due.provisional, "counts_from": inst.opens,
    }


def _record(res: engine.SubmissionResult, book: engine.RuleBook, lang: str
            ) -> dict[str, Any]:
    s, reg = res.submission, book.registry
    return {
        "id": s.id, "source": s.source, "reporter": s.reporter,
        "reporter_name": reg.name(s.reporter, lang) if s.reporter else None,
        "recipient": s.recipient,
        "recipient_name": reg.name(s.recipient, lang) if s.recipient else None,
        "period": s.period.label if s.period else None, "period_inferred": s.period_inferred,
        "submitted_on": s.submitted_on, "document_number": s.document_number,
        "title": s.title, "disposition": res.disposition, "rule": res.rule,
        "instances": res.instances, "reasons": res.reasons,
        "raw": {k: s.raw[k] for k in s.raw}, "document_type": res.document_type,
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_json_writes_each_row_as_the_model_says_it(
        judged: tuple[engine.RuleBook, engine.Evaluation], lang: str) -> None:
    """``check --format json`` writes each report owed and each record as a dict of the
    row's fields (``instance_fields``, ``submission_fields``: repeated parts made once and
    merged): the row's exported fields in its order, each what the model says, in either
    language (names, policies); via units, data windows, inferred members and records with
    no unit included. The rows tables show carry the same fields."""
    book, ev = judged
    names = build_module._Names(book, lang)
    order = {cls: tuple(f.name for f in dataclasses.fields(cls)
                        if not f.metadata.get("display"))
             for cls in (engine.InstanceRow, engine.SubmissionRow)}
    for res in ev.instances:
        fields = build_module.instance_fields(res, names)
        assert tuple(fields) == order[engine.InstanceRow]
        assert fields == _owed(res, book, lang)
        row = build_module._instance_row(res, names)
        assert {k: getattr(row, k) for k in fields} == fields
    for sub in ev.submissions:
        fields = build_module.submission_fields(sub, names)
        assert tuple(fields) == order[engine.SubmissionRow]
        assert fields == _record(sub, book, lang)
    # what the examples hold, so that each part of a row was compared
    assert any(r.instance.via for r in ev.instances)
    assert any(r.instance.cutoff for r in ev.instances)
    assert any(r.instance.due.policy for r in ev.instances)
    assert any(r.same_report for r in ev.instances)
    assert any(s.submission.reporter is None for s in ev.submissions)
    # a period's fields are made once per period object, not once per row
    period = ev.instances[0].instance.period
    assert names.period(period) is names.period(period)


def test_the_shared_parts_of_rows_are_made_before_the_first_row(
        judged: tuple[engine.RuleBook, engine.Evaluation],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Made as the rows went, the parts rows share stayed among each row's short-lived
    objects and kept the heap from shrinking (+57 MB at the peak of a national run): after
    ``prepare`` (which ``check_parts`` calls first), writing every row makes none."""
    book, ev = judged
    names = build_module._Names(book, "vi")
    names.prepare(ev)
    made = (dict(names._held), dict(names._units))
    assert len(made[0]) >= 2
    assert len(made[1]) >= 3
    for res in ev.instances:
        build_module.instance_fields(res, names)
    for sub in ev.submissions:
        build_module.submission_fields(sub, names)
    assert (names._held, names._units) == made
    prepared: list[engine.Evaluation] = []
    real = build_module._Names.prepare
    monkeypatch.setattr(build_module._Names, "prepare",
                        lambda self, e: (prepared.append(e), real(self, e)))
    parts = build_module.check_parts(ev, book, "vi")
    assert next(parts)[0] == "as_of"
    assert prepared == [ev]
