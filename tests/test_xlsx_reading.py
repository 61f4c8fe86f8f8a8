"""Excel registers as offices keep them: title rows, merged cells, date cells and dates typed as
text, a row numbering the columns, section headings, rows numbered in advance, several sheets.

The workbooks are built here with openpyxl, so each test shows the layout it reads.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Font

from engine.errors import BaocaoError
from engine.model import Batch
from engine.submissions import load_batch
from tests.test_submissions import DIRECTIVES, REGISTRY, TN

HEADER = ["STT", "Số đến", "Cơ quan gửi", "Nơi nhận", "Ngày đến", "Kỳ báo cáo", "Trích yếu",
          "Ghi chú"]


def office_register(path: Path) -> Path:
    """A "sổ đăng ký văn bản đến" the way a secretariat types it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sổ đến 2022"
    ws.append(["UBND TỈNH TÂY NINH"])
    ws.merge_cells("A1:H1")
    ws.append(["SỔ ĐĂNG KÝ BÁO CÁO ĐẾN NĂM 2022"])
    ws.merge_cells("A2:H2")
    ws.append([])
    ws.append(HEADER)  # row 4
    for cell in ws[4]:
        cell.font = Font(bold=True)
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"])  # row 5
    ws.append(["Quý I"])  # row 6: a section heading merged across
    ws.merge_cells("A6:H6")
    ws.append([1, 101, TN, "Bộ TT&TT", datetime(2022, 3, 14), "quý I/2022",
               "Báo cáo quý I"])  # row 7: a date cell, an id typed as a number
    ws.append([2, "S-102", TN, "Bộ TT&TT", "14/6/2022", "2022-Q2", "Báo cáo quý II",
               "gửi qua mạng"])  # row 8: a date typed as text
    ws.append([3, "S-103", None, "Bộ TT&TT", 44818, "2022-Q3", "Báo cáo quý III"])
    ws.merge_cells("C8:C9")  # row 9: the sender merged down from row 8; date as a serial
    ws.append([4, "S-104", TN, "Bộ TT&TT", "ngày 31 tháng 2 năm 2022", "2022-Q4", "Sai ngày"])
    for n in range(5, 9):  # rows 11-14: numbered in advance, still empty
        ws.append([n])
    for row in range(15, 40):  # trailing rows that are only formatted
        ws.cell(row=row, column=3).font = Font(italic=True)
    lists = wb.create_sheet("Danh mục")
    lists.append(["Đơn vị", "Ghi chú"])
    lists.append([TN, "tỉnh"])
    wb.create_sheet("Trống")
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    path = office_register(tmp_path_factory.mktemp("xlsx") / "so-den.xlsx")
    return load_batch([path], REGISTRY, DIRECTIVES)


def test_records_are_the_data_rows_only(batch: Batch) -> None:
    assert [(s.id, s.source.rsplit(":", 1)[1]) for s in batch.submissions] == [
        ("2022/101", "7"), ("S-102", "8"), ("S-103", "9"), ("S-104", "10")]


def test_the_sheet_read_is_named_in_every_location(batch: Batch) -> None:
    assert all("so-den.xlsx[Sổ đến 2022]:" in s.source for s in batch.submissions)
    (read,) = batch.files
    assert (read.format, read.sheet, read.header_row, read.records) == ("xlsx", "Sổ đến 2022",
                                                                        4, 4)


def test_rows_that_are_not_records_are_accounted_for(batch: Batch) -> None:
    (read,) = batch.files
    assert [(r.code, dict(r.params)) for r in read.notes] == [
        ("sheet.title-rows", {"first": 1, "last": 2}),
        ("sheet.numbering-row", {"row": 5}),
        ("sheet.numbered-blank-rows", {"number": 4, "rows": ("11", "12", "13", "14")}),
        ("sheet.section-rows", {"number": 1, "rows": ("6",)}),
    ]


def test_other_sheets_are_said_not_read(batch: Batch) -> None:
    assert [(s.path, s.reason.code, s.attention) for s in batch.skipped] == [
        (f"{batch.files[0].path}[Danh mục]", "sheet.no-header", False),
        (f"{batch.files[0].path}[Trống]", "sheet.empty", False),
    ]


def test_dates_from_cells_text_and_serials(batch: Batch) -> None:
    first, second, third, fourth = batch.submissions
    assert [str(s.submitted_on) for s in (first, second, third)] == [
        "2022-03-14", "2022-06-14", "2022-09-14"]
    assert [p.code for p in fourth.problems] == ["record.bad-date"]
    (p,) = fourth.problems
    assert (p.line, p.column) == (10, 5)  # the cell: row 10, column E


def test_a_value_merged_down_reaches_each_record(batch: Batch) -> None:
    third = batch.submissions[2]
    assert (third.raw["reporter"], third.reporter) == (TN, "so-tttt-tn")


def test_stt_and_extra_columns_are_kept(batch: Batch) -> None:
    second = batch.submissions[1]
    assert (second.raw["STT"], second.raw["Ghi chú"]) == ("2", "gửi qua mạng")


def test_a_workbook_without_any_register_sheet_is_refused(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Đơn vị", "Ngày đến"])
    ws.append([TN, "14/3/2022"])
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(BaocaoError) as exc:
        load_batch([tmp_path / "x.xlsx"], REGISTRY, DIRECTIVES)
    (p,) = exc.value.problems
    assert (p.file, p.line, p.code) == (f"{tmp_path / 'x.xlsx'}[Sheet]", 1, "csv.missing-column")
    assert "missing required column(s) id, recipient" in p.message


@pytest.mark.parametrize(
    ("raw", "needle"),
    [(b"\xd0\xcf\x11\xe0xxxx", "Excel 97-2003"), (b"PK\x03\x04broken", "cannot read the workbook"),
     (b"plain text", "not an Excel workbook")],
)
def test_a_damaged_or_old_workbook_is_refused(tmp_path: Path, raw: bytes, needle: str) -> None:
    (tmp_path / "x.xlsx").write_bytes(raw)
    with pytest.raises(BaocaoError) as exc:
        load_batch([tmp_path / "x.xlsx"], REGISTRY, DIRECTIVES)
    (p,) = exc.value.problems
    assert p.code == "file.format"
    assert needle in p.message


def test_a_wrong_declared_size_does_not_hide_rows(tmp_path: Path) -> None:
    """Some programs declare <dimension ref="A1"/>; read-only mode would stop there."""
    path = tmp_path / "x.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["id", "reporter", "recipient", "submitted_on"])
    for n in range(3):
        ws.append([f"S{n}", TN, "Bộ TT&TT", "14/3/2022"])
    wb.save(path)
    import zipfile

    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b'<dimension ref="A1:D4"/>', b'<dimension ref="A1"/>')
    with zipfile.ZipFile(path, "w") as z:
        for n, data in parts.items():
            z.writestr(n, data)
    batch = load_batch([path], REGISTRY, DIRECTIVES)
    assert [s.id for s in batch.submissions] == ["S0", "S1", "S2"]


# ---------------------------------------------------------------------------------------
# Two-row headers: group labels merged across their sub-columns, the others merged down


def grouped_register(path: Path, *, upper_names_all: bool = False) -> Path:
    """Row 4 groups the columns ("Văn bản đến" over "Số đến | Ngày đến"); "STT", "Tác giả"
    and "Nơi nhận" are merged down across rows 4-5. With ``upper_names_all`` the upper row
    itself names every required field and only "Văn bản" has sub-labels."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["UBND TỈNH TÂY NINH"])
    ws.merge_cells("A1:H1")
    ws.append(["SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2022"])
    ws.merge_cells("A2:H2")
    ws.append([])
    if upper_names_all:
        ws.append(["STT", "Số đến", "Ngày đến", "Tác giả", "Nơi nhận", "Văn bản", None, None])
        ws.append([None, None, None, None, None, "Số, ký hiệu", "Ngày tháng", "Trích yếu"])
        merged = ("A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:E5", "F4:H4")
    else:
        ws.append(["STT", "Văn bản đến", None, "Tác giả", "Nơi nhận", "Văn bản", None, None])
        ws.append([None, "Số đến", "Ngày đến", None, None, "Số, ký hiệu", "Ngày tháng",
                   "Trích yếu"])
        merged = ("A4:A5", "B4:C4", "D4:D5", "E4:E5", "F4:H4")
    for ref in merged:
        ws.merge_cells(ref)
    ws.append([f"({n})" for n in range(1, 9)])  # row 6
    ws.append([1, "S1", datetime(2022, 3, 14), TN, "Bộ TT&TT", "12/BC-STTTT",
               datetime(2022, 3, 10), "Báo cáo quý I năm 2022"])  # row 7
    ws.append([2, "S2", datetime(2022, 6, 14), TN, "Bộ TT&TT", "30/BC-STTTT",
               datetime(2022, 6, 13), "Báo cáo quý II năm 2022"])  # row 8
    wb.save(path)
    return path


@pytest.mark.parametrize("upper_names_all", [False, True], ids=["groups", "upper-names-all"])
def test_a_two_row_header_with_merged_cells(tmp_path: Path, upper_names_all: bool) -> None:
    path = grouped_register(tmp_path / "so-den.xlsx", upper_names_all=upper_names_all)
    batch = load_batch([path], REGISTRY, DIRECTIVES)
    first, second = batch.submissions
    assert [(s.id, s.reporter, s.recipient, str(s.submitted_on), s.document_number, s.title,
             s.problems) for s in (first, second)] == [
        ("S1", "so-tttt-tn", "bo-tttt", "2022-03-14", "12/BC-STTTT", "Báo cáo quý I năm 2022",
         ()),
        ("S2", "so-tttt-tn", "bo-tttt", "2022-06-14", "30/BC-STTTT", "Báo cáo quý II năm 2022",
         ())]
    assert (first.raw["STT"], first.raw["Ngày tháng"]) == ("1", "2022-03-10")
    (read,) = batch.files
    assert (read.header_row, read.records) == (5, 2)
    assert [(r.code, dict(r.params)) for r in read.notes] == [
        ("sheet.title-rows", {"first": 1, "last": 2}),
        ("sheet.group-header", {"row": 4, "header": 5}),
        ("sheet.numbering-row", {"row": 6}),
    ]


def _footed(path: Path, rows: list[list[object]]) -> Batch:
    """A register whose last record is followed by ``rows``."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    ws.append([1, "S-1", TN, "Bộ TT&TT", datetime(2022, 3, 14), "2022-Q1", "Báo cáo quý I"])
    ws.append([2, None, TN, "Bộ TT&TT", None, "2022-Q2", "Báo cáo quý II"])  # no id, no date
    for row in rows:
        ws.append(row)
    wb.save(path)
    return load_batch([path], REGISTRY, DIRECTIVES)


def test_a_total_and_a_signature_block_under_the_records_are_not_records(
    tmp_path: Path,
) -> None:
    """Nghị định 30/2020's signature block under the register: the total (written in the date
    column), the place and date, who signs, "(Ký, ghi rõ họ tên)", the signer's name."""
    batch = _footed(tmp_path / "a.xlsx", [
        [],
        [None, None, None, None, "Tổng cộng: 2 văn bản"],
        [None, None, None, None, None, "Tây Ninh, ngày 31 tháng 12 năm 2022"],
        [None, None, "Người lập biểu", None, None, "KT. GIÁM ĐỐC"],
        [None, None, "(Ký, ghi rõ họ tên)", None, None, "(Ký tên, đóng dấu)"],
        [None, None, "Nguyễn Văn A", None, None, "Trần Thị B"],
    ])
    # the keyless record above the total stays a record (invalid: nothing dropped unseen)
    assert [s.source.rsplit(":", 1)[1] for s in batch.submissions] == ["2", "3"]
    (read,) = batch.files
    assert [(r.code, dict(r.params)) for r in read.notes] == [
        ("sheet.footer-rows", {"number": 5, "rows": ("5", "6", "7", "8", "9")}),
    ]


@pytest.mark.parametrize("rows", [
    [["x", None, "Công an tỉnh Tây Ninh", "Bộ TT&TT", None, "2022-Q3"]],  # not a footer phrase
    [[None, None, None, None, "Tổng cộng: 2"], [3, "S-3", TN, "Bộ TT&TT", "15/9/2022"]],
    [[None, "S-9", "Người lập biểu"]],  # it has an id: a record, whatever it says
])
def test_rows_that_may_be_records_stay_records(tmp_path: Path, rows: list[list[object]]) -> None:
    batch = _footed(tmp_path / "a.xlsx", rows)
    assert len(batch.submissions) == 2 + len(rows)
    assert not [n for n in batch.files[0].notes if n.code == "sheet.footer-rows"]
