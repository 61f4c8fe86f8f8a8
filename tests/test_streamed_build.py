"""Records built as they are read (engine/submissions/__init__.py, ``Builder``): a national
register is never held whole as records beside what is built from them. What is built, and
the account of each file, must be what reading everything first and building it after gives.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import engine
from engine.sources.csv import csv_rows
from engine.submissions import Builder, build_all
from engine.submissions import table as table_module
from engine.submissions.raw import Record
from engine.submissions.reading import read_batch
from engine.submissions.table import read_table

HEADER = ["Mã", "Đơn vị báo cáo", "Nơi nhận", "Ngày nhận", "Trích yếu"]
TN = "Sở Thông tin và Truyền thông tỉnh Tây Ninh"
UB = "Ủy ban nhân dân tỉnh Tây Ninh"


@contextmanager
def handed_every(n: int) -> Iterator[None]:
    """Records handed on every ``n`` (a few thousand in a real run): the pieces' edges fall
    among a small table's rows."""
    was = table_module.HANDED
    table_module.HANDED = n
    try:
        yield
    finally:
        table_module.HANDED = was


def _row(kind: str, n: int) -> list[str]:
    if kind == "record":
        return [f"{n}/BC", TN, UB, f"{1 + n % 28:02d}/03/2023", "Báo cáo tháng 2"]
    if kind == "keyless":  # neither an id nor a date: may be the start of a footer
        return ["", TN, UB, "", "Báo cáo"]
    if kind == "total":
        return ["Tổng cộng: 3 văn bản", "", "", "", ""]
    return ["Người lập biểu", "", "", "", ""]  # a signature


def _csv(kinds: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for n, kind in enumerate(kinds):
        writer.writerow(_row(kind, n))
    return out.getvalue()


def _seen(records: list[Record]) -> list[tuple[int, dict[str, object]]]:
    return [(r.line, dict(r.located.data)) for r in records]


@settings(max_examples=150, deadline=None)
@given(kinds=st.lists(st.sampled_from(["record", "record", "record", "keyless", "total",
                                       "signature"]), max_size=30),
       every=st.integers(min_value=1, max_value=6))
def test_a_table_handed_on_in_pieces_gives_the_records_read_whole(
        kinds: list[str], every: int) -> None:
    """Whatever the pieces' size and wherever the footer starts (a total or a signature
    under the last record with an id or a date), the records handed on are, in order, those
    the table gives read whole, with the same notes; none is handed on twice, and the table
    keeps none of them."""
    text = _csv(kinds)
    whole = read_table(csv_rows(text, "s.csv"), "s.csv")
    pieces: list[list[Record]] = []
    with handed_every(every):
        streamed = read_table(csv_rows(text, "s.csv"), "s.csv", sink=pieces.append)
    handed = [r for piece in pieces for r in piece]
    assert _seen(handed) == _seen(whole.records)
    assert streamed.notes == whole.notes
    assert streamed.count == whole.count == len(whole.records)
    assert streamed.records == []
    # every piece but the last is handed on once it is as large as asked
    assert all(len(piece) >= every for piece in pieces[:-1])


def test_the_footer_is_found_when_the_records_above_it_were_handed_on() -> None:
    kinds = ["record"] * 7 + ["keyless", "total", "signature"]
    pieces: list[list[Record]] = []
    with handed_every(3):
        table = read_table(csv_rows(_csv(kinds), "s.csv"), "s.csv", sink=pieces.append)
    assert [len(p) for p in pieces] == [3, 3, 2]  # the last piece: one record and the keyless
    assert [r.line for p in pieces for r in p] == list(range(2, 10))
    (footer,) = [n for n in table.notes if n.code == "sheet.footer-rows"]
    assert footer.params == {"number": 2, "rows": ("10", "11")}


def _folder(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rows = "\n".join(",".join(_row("record", n)) for n in range(12))
    (inbox / "a.csv").write_text(",".join(HEADER) + "\n" + rows + "\n", encoding="utf-8")
    # b.csv: ten good records, then a quote never closed: the file is not read
    good = "\n".join(",".join(["B" + str(n), TN, UB, "02/03/2023", "Báo cáo"]) for n in range(10))
    (inbox / "b.csv").write_text(",".join(HEADER) + "\n" + good + '\nB10,"' + TN + ",x\n",
                                 encoding="utf-8")
    # c.csv uses an id b.csv used: b.csv is not read, so it is no duplicate
    (inbox / "c.csv").write_text(",".join(HEADER) + "\n" + f"B3,{TN},{UB},03/03/2023,Báo cáo\n"
                                 + f"0/BC,{TN},{UB},04/03/2023,Báo cáo\n", encoding="utf-8")
    return inbox


def test_a_file_failing_half_way_leaves_none_of_its_records(
        tmp_path: Path, book: engine.RuleBook) -> None:
    """A file in a folder that fails after some of its records were built (a quote never
    closed on its last line) is listed as not read, and none of its records stays: not as a
    record, nor as the first use of an id."""
    inbox = _folder(tmp_path)
    with handed_every(4):
        batch = engine.load_batch([inbox], book)
    assert [f.label.rsplit("/", 1)[-1] for f in batch.files] == ["a.csv", "c.csv"]
    assert [s.problems[0].code if s.problems else None for s in batch.submissions[-2:]] == [
        None, "record.duplicate-id"]  # 0/BC: a.csv's first record
    assert not any(s.id.startswith("B") and s.source.endswith(("b.csv:2", "b.csv:3"))
                   for s in batch.submissions)
    assert [s.id for s in batch.submissions].count("B3") == 1
    (skipped,) = batch.skipped
    assert skipped.reason.code == "file.not-read"
    # the same as reading everything, then building it
    records, files, rest = read_batch([inbox])
    whole = build_all(records, book.registry, book.directives)
    assert batch.submissions == whole
    assert batch.files == tuple(files)
    assert batch.skipped == tuple(rest)


def test_a_given_recipient_is_counted_per_file_when_built_as_read(
        tmp_path: Path, book: engine.RuleBook) -> None:
    """--recipient: each record read in pieces carries it, and each file says how many of its
    records took it, as when read whole."""
    path = tmp_path / "so-den.csv"
    header = ["Số đến", "Đơn vị gửi", "Ngày đến", "Trích yếu"]
    rows = [[f"{n:03d}", TN, "02/03/2023", "Báo cáo"] for n in range(1, 10)]
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    with handed_every(2):
        streamed = engine.load_batch([path], book, recipient=UB)
    records, files, _ = read_batch([path], defaults={"recipient": "ubnd-tinh-tay-ninh"})
    assert streamed.submissions == build_all(records, book.registry, book.directives)
    assert streamed.files == tuple(files)
    (note,) = [n for n in streamed.files[0].notes if n.params.get("field") == "recipient"]
    assert note.params["records"] == 9
    assert {s.recipient for s in streamed.submissions} == {"ubnd-tinh-tay-ninh"}


def test_each_distinct_name_is_looked_at_once_however_many_batches(
        book: engine.RuleBook) -> None:
    """``Registry.prepare`` per batch: a name met in an earlier batch is not examined again
    (a national register names its units again in every one), and what a name resolves to
    does not depend on the batches."""
    registry = book.registry
    names = {TN, "Sở Thông tin Truyền thong Tay Ninh X", "UBND tỉnh Tây Nin"}
    registry.prepare(names)
    assert names <= registry._prepared
    before = dict(registry._unknowns)
    registry.prepare(names)
    assert registry._unknowns == before
    builder = Builder(registry, book.directives)
    assert builder.mark() == 0


def test_records_built_as_read_are_counted_without_a_total(
        tmp_path: Path, book: engine.RuleBook) -> None:
    """While a large register is read and built, the progress bar is told how many records
    are built so far, with no total (not known until the file ends): it shows a count."""
    path = tmp_path / "s.csv"
    path.write_text(_csv(["record"] * 4500), encoding="utf-8")
    told: list[tuple[str, int, int]] = []
    with handed_every(1000):
        batch = engine.load_batch([path], book, progress=lambda *a: told.append(a))
    assert len(batch.submissions) == 4500
    assert [t for t in told if t[0] == "build"] == [("build", 2000, 0), ("build", 4000, 0)]


def test_a_json_register_is_built_in_pieces_as_read_whole(
        tmp_path: Path, book: engine.RuleBook) -> None:
    """A JSON (or YAML) file is parsed whole, then its records are built a piece at a time
    and let go (a national register's parsed records are not all held beside what is built:
    2,502 → 2,171 MB at 960,128 records); what is built is what building them at once gives,
    with an id used twice in different pieces still a duplicate."""
    rows = [{"id": f"J{n % 7}" if n == 8 else f"J{n}", "reporter": TN, "recipient": UB,
             "submitted_on": f"{1 + n:02d}/03/2023", "title": "Báo cáo tháng 2"}
            for n in range(10)]
    rows.insert(5, {"id": "bad", "reporter": TN})  # no recipient, no date: invalid
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"submissions": rows}, ensure_ascii=False, indent=1),
                    encoding="utf-8")
    pieces: list[int] = []
    builder = Builder(book.registry, book.directives)
    with handed_every(3):
        batch = engine.load_batch([path], book)
        read_batch([path], sink=_Counting(builder, pieces))
    assert pieces == [3, 3, 3, 2]
    records, _, _ = read_batch([path])
    assert batch.submissions == build_all(records, book.registry, book.directives)
    assert builder.built() == batch.submissions
    (dup,) = [s for s in batch.submissions if any(p.code == "record.duplicate-id"
                                                  for p in s.problems)]
    assert dup.id == "J1"


class _Counting:
    """A sink that says how large each piece handed to it was."""

    def __init__(self, builder: Builder, sizes: list[int]) -> None:
        self.builder, self.sizes = builder, sizes

    def __call__(self, records: list[Record]) -> None:
        self.sizes.append(len(records))
        self.builder(records)

    def mark(self) -> int:
        return self.builder.mark()

    def drop(self, mark: int) -> None:
        self.builder.drop(mark)
