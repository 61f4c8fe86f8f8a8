"""`register export` reads back as the very records (issue 15, "export round trip"): the CSV
guard before formula-like cells ('=...) is taken off again on reading, and a value that truly
begins with an apostrophe keeps it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import engine
from engine.sources.csv import csv_rows, unguarded
from tests._cli import invoke

TN = "Sở TT&TT Tây Ninh"
TITLES = ["-Báo cáo quý I", "=HYPERLINK(\"http://x\")", "+84 báo cáo", "@Sở TT&TT",
          "'-đã có dấu nháy", "''=hai dấu nháy", "'trích dẫn'", "Báo cáo thường"]


def _records(folder: Path) -> Path:
    records = [{"id": f"r{i}", "reporter": TN, "recipient": "Vụ TĐKT",
                "submitted_on": "14/3/2022", "period": "2022-Q1", "title": title,
                "document_number": f"-{i}/BC", "ghi chú": "=1+1"}
               for i, title in enumerate(TITLES)]
    path = folder / "in.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("dialect", ["excel", "excel-vn"])
def test_the_csv_export_ingests_back_to_the_same_records(tmp_path: Path, dialect: str) -> None:
    _records(tmp_path)
    assert invoke("ingest", "in.json", "--db", "r.db", cwd=tmp_path).code == 0
    run = invoke("register", "export", "--db", "r.db", "--csv-dialect", dialect, "-o",
                 "out.csv", cwd=tmp_path)
    assert run.code == 0, run.err
    text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert "'-Báo cáo quý I" in text  # still guarded for Excel
    assert "'=HYPERLINK" in text
    assert "''-đã có dấu nháy" in text
    again = invoke("ingest", "out.csv", "--db", "fresh.db", "--format", "json", cwd=tmp_path)
    assert again.code == 0, again.out
    assert json.loads(again.out)["added"] == len(TITLES)
    first = engine.register_entries(tmp_path / "r.db")
    second = engine.register_entries(tmp_path / "fresh.db")
    assert [e.data for e in second] == [e.data for e in first]
    assert [e.data["title"] for e in second] == TITLES
    assert second[0].data["ghi chú"] == "=1+1"
    assert not engine.register_entries(tmp_path / "fresh.db", conflicts_only=True)
    # and into the register it came from: the same records, unchanged, no conflict
    back = invoke("ingest", "out.csv", "--db", "r.db", "--format", "json", cwd=tmp_path)
    report = json.loads(back.out)
    assert (report["added"], report["unchanged"], report["conflicts"]) == (0, len(TITLES), [])


def test_the_apostrophe_guard_is_read_off_only_before_a_formula_start() -> None:
    text = "id,title\na,'=1+1\nb,''-x\nc,'quoted'\nd,-1\ne,'\n"
    cells = [row[1] for _, row in csv_rows(text, "t.csv")][1:]
    assert cells == ["=1+1", "'-x", "'quoted'", "-1", "'"]
    assert unguarded("'@Sở") == "@Sở"


def test_the_export_streams_a_record_at_a_time_and_keeps_every_column(tmp_path: Path) -> None:
    """A province's register is exported in two passes over one snapshot (the columns, then
    the rows), never held at once: a column only a late record writes is still a column,
    a withdrawn record and a conflict kept aside are left out, as before; the JSON is
    ``json.dumps`` of the whole list, in both formats to stdout and to a file."""
    rows = [{"id": f"r{i}", "reporter": TN, "recipient": "Vụ TĐKT",
             "submitted_on": "14/3/2022", "period": "2022-Q1", "title": f"Báo cáo {i}"}
            for i in range(5)]
    rows[3]["ghi chú"] = "chỉ bản ghi này"
    rows[4]["người ký"] = "Nguyễn Văn A"
    (tmp_path / "in.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    assert invoke("ingest", "in.json", "--db", "r.db", cwd=tmp_path).code == 0
    changed = [{**rows[1], "submitted_on": "20/3/2022"}]
    (tmp_path / "b.json").write_text(json.dumps(changed, ensure_ascii=False), encoding="utf-8")
    assert invoke("ingest", "b.json", "--db", "r.db", cwd=tmp_path).code == 1  # a conflict
    assert invoke("register", "withdraw", "r2", "--db", "r.db", "--reason", "nhập nhầm",
                  cwd=tmp_path).code == 0
    kept = [r for r in rows if r["id"] != "r2"]
    listed = invoke("register", "export", "--db", "r.db", "--format", "json", cwd=tmp_path)
    assert listed.code == 0, listed.err
    assert listed.out == json.dumps(kept, ensure_ascii=False, indent=2) + "\n"
    assert invoke("register", "export", "--db", "r.db", "--format", "json", "-o", "x.json",
                  cwd=tmp_path).code == 0
    assert (tmp_path / "x.json").read_text(encoding="utf-8") == listed.out
    as_csv = invoke("register", "export", "--db", "r.db", cwd=tmp_path)
    header, *lines = as_csv.out.lstrip("\ufeff").splitlines()
    assert header.endswith(",ghi chú,người ký")
    assert [line.split(",")[0] for line in lines] == ["r0", "r1", "r3", "r4"]
    assert lines[2].endswith(",chỉ bản ghi này,")
    assert lines[3].endswith(",,Nguyễn Văn A")
    assert invoke("register", "export", "--db", "r.db", "-o", "x.csv", cwd=tmp_path).code == 0
    assert (tmp_path / "x.csv").read_bytes() == as_csv.out.encode("utf-8")  # \r\n as written


def test_a_stored_record_that_is_no_mapping_has_no_row_in_the_export(tmp_path: Path) -> None:
    """A batch's item that is not a record (a bare string in a JSON list) is stored, invalid,
    so nothing is dropped; an export writes the records, and it has no row, not an empty
    one (which would ingest back as a record with no fields)."""
    (tmp_path / "in.json").write_text(json.dumps(
        [{"id": "r1", "reporter": TN, "recipient": "Vụ TĐKT", "submitted_on": "14/3/2022",
          "period": "2022-Q1", "title": "Báo cáo quý I"}, "không phải bản ghi"],
        ensure_ascii=False), encoding="utf-8")
    assert invoke("ingest", "in.json", "--db", "r.db", cwd=tmp_path).code == 1
    assert len(engine.register_entries(tmp_path / "r.db")) == 2
    exported = invoke("register", "export", "--db", "r.db", "--format", "json", cwd=tmp_path)
    assert [r["id"] for r in json.loads(exported.out)] == ["r1"]
    rows = invoke("register", "export", "--db", "r.db", cwd=tmp_path).out.splitlines()
    assert len(rows) == 2  # the header and r1
    assert rows[1].startswith("r1,")
