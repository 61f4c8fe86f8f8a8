"""The secretariat's rough edges of issue 15, each fed through the `baocao` command: a short
Excel date, a section row of a CSV export, the "Cơ quan ban hành" column, a record dated in a
far year."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from tests._cli import invoke

HEADER = ["Số đến", "Ngày đến", "Cơ quan ban hành", "Nơi nhận", "Trích yếu"]
TO = "UBMTTQ tỉnh Tây Ninh"


def _register(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *rows])
    return path


def _records(run_out: str) -> dict[str, dict]:
    return {r["id"]: r for r in json.loads(run_out)["records"]}


def test_a_register_as_an_office_exports_it(tmp_path: Path) -> None:
    reg = _register(tmp_path / "so-den.csv", [
        ["QUÝ II/2022", "", "", "", ""],
        ["012", "16/06/22", "Sở Công Thương tỉnh Tây Ninh", TO,
         "Báo cáo kết quả thực hiện Cuộc vận động 6 tháng đầu năm 2022"],
        ["Quý III năm 2022", "", "", "", ""],
        ["013", "01/01/9999", "Sở Công Thương tỉnh Tây Ninh", TO, "Báo cáo tháng"],
        ["014", "01/05/2099", "Sở Công Thương tỉnh Tây Ninh", TO, "Báo cáo tháng"],
    ])
    run = invoke("validate", reg, "--as-of", "2023-03-01", "--format", "json", cwd=tmp_path)
    assert run.code == 1, run.err  # one record needs a person; the run itself goes through
    records = _records(run.out)
    # the section rows are headings, not records; the short date is read; the far ones are
    # one invalid record each, not a refusal of the whole register
    assert len(records) == 3, sorted(records)
    first = next(r for r in records.values() if r["line"] == 3)
    assert first["submitted_on"] == "2022-06-16"
    assert first["reporter"] == "so-cong-thuong-tay-ninh"  # "Cơ quan ban hành" is the sender
    assert first["disposition"] == "matched"
    others = [r for r in records.values() if r["line"] in (5, 6)]
    # 9999 cannot be judged: invalid; 2099 is after --as-of: received later, counted nowhere
    assert [r["disposition"] for r in others] == ["invalid", "received_later"]
    notes = json.dumps(json.loads(run.out), ensure_ascii=False)
    assert "sheet.section-rows" in notes


def test_a_far_year_does_not_stop_check(tmp_path: Path) -> None:
    reg = _register(tmp_path / "so-den.csv", [
        ["001", "01/05/2099", "Sở Công Thương tỉnh Tây Ninh", TO, "Báo cáo tháng"],
    ])
    run = invoke("check", "-s", reg, "--as-of", "2023-03-01", cwd=tmp_path)
    assert run.code == 1, run.err
    assert "calendar.out-of-range" not in run.err


def test_an_old_register_judged_to_today_says_why(tmp_path: Path) -> None:
    reg = _register(tmp_path / "so-den.csv", [
        ["012", "16/06/2022", "Sở Công Thương tỉnh Tây Ninh", TO,
         "Báo cáo kết quả thực hiện Cuộc vận động 6 tháng đầu năm 2022"],
    ])
    run = invoke("overdue", "-s", reg, cwd=tmp_path)
    assert "16/06/2022" in run.flat_err, run.err
    assert "--as-of 2022-07-01" in run.flat_err, run.err
    run = invoke("overdue", "-s", reg, "--as-of", "2022-12-31", cwd=tmp_path)
    assert "--as-of 2022" not in run.err  # given: no note


def test_an_id_less_record_is_one_record_however_its_path_is_typed(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "noid.csv").write_text(
        "id,reporter,recipient,submitted_on,title\n"
        f",Sở Công Thương tỉnh Tây Ninh,{TO},16/06/2022,Báo cáo 6 tháng đầu năm 2022\n",
        encoding="utf-8")
    runs = [invoke("ingest", path, "--db", str(tmp_path / "r.db"), cwd=cwd)
            for path, cwd in (("noid.csv", tmp_path), ("./noid.csv", tmp_path),
                              (str(tmp_path / "noid.csv"), tmp_path),
                              ("../noid.csv", tmp_path / "sub"))]
    assert all(r.code in (0, 1) for r in runs), [r.err for r in runs]  # 1: the id is missing
    assert "thêm mới 1" in runs[0].flat_out
    for run in runs[1:]:
        assert "thêm mới 0 · không đổi 1 · xung đột 0" in run.flat_out, run.out


def test_annotate_keeps_every_sheet_and_filters_records_only(tmp_path: Path) -> None:
    """The annotated copy is the office's workbook: its guide sheet kept, and the filter over
    the records stops above the signature block (sorting must not scatter the signatures)."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sổ đến"
    ws.append(["SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2022"])
    ws.append(HEADER)
    ws.append(["012", "16/06/2022", "Sở Công Thương tỉnh Tây Ninh", TO,
               "Báo cáo kết quả thực hiện Cuộc vận động 6 tháng đầu năm 2022"])
    ws.append(["013", "17/06/2022", "Sở Không Có", TO, "Báo cáo 6 tháng đầu năm 2022"])
    ws.append([])
    ws.append(["Người lập sổ", "", "", "Thủ trưởng đơn vị"])
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Ghi mỗi văn bản đến một dòng; Số đến bắt đầu lại từ 01 mỗi năm."])
    wb.save(tmp_path / "so-den.xlsx")
    run = invoke("validate", "so-den.xlsx", "--as-of", "2023-03-01", "--annotate", "kq.xlsx",
                 cwd=tmp_path)
    assert run.code == 1, run.err
    out = openpyxl.load_workbook(tmp_path / "kq.xlsx")
    assert out.sheetnames == ["Sổ đến", "Hướng dẫn"]
    assert out["Hướng dẫn"]["A1"].value.startswith("Ghi mỗi văn bản")
    sheet = out["Sổ đến"]
    assert sheet["A6"].value == "Người lập sổ"  # the signature block is still there
    assert str(sheet.auto_filter.ref).endswith("4")  # rows 2-4: header and the two records


def test_a_blank_date_in_merged_cells_says_why(tmp_path: Path) -> None:
    """Ngày đến merged over two rows whose first cell was left blank (the date typed in the
    second before merging is gone): the record says so, with the cells, in Vietnamese."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    ws.append(["012", None, "Sở Công Thương tỉnh Tây Ninh", TO, "Báo cáo 6 tháng đầu năm 2022"])
    ws.append(["013", None, "Sở Tài chính tỉnh Tây Ninh", TO, "Báo cáo 6 tháng đầu năm 2022"])
    ws.merge_cells("B2:B3")
    wb.save(tmp_path / "so-den.xlsx")
    run = invoke("validate", "so-den.xlsx", "--as-of", "2023-03-01", cwd=tmp_path)
    assert run.code == 1, run.err
    assert "vùng gộp ô B2:B3" in run.flat_out, run.out
    run = invoke("validate", "so-den.xlsx", "--as-of", "2023-03-01", "--lang", "en",
                 cwd=tmp_path)
    assert "inside the merged cells B2:B3" in run.flat_out, run.out
