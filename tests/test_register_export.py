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
