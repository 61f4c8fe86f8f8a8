"""Hostile workbooks (issue 15): a zip bomb, millions of shared strings, a sheet wider than
Excel's or longer than its last row, tens of thousands of merged ranges. Each is refused as a
located problem (exit 2, the file named, the limit hit and its value) in bounded time and
memory, or, for the merges, read in time linear in merges + rows. The workbooks are written
here byte by byte with zipfile, so each test shows exactly what the file holds.
"""

from __future__ import annotations

import subprocess
import sys
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl.utils.cell import get_column_letter

from engine.errors import BaocaoError
from engine.sources import xlsx
from engine.sources.cells import Merge
from engine.submissions.table import read_table
from tests._cli import invoke

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"

HEADER = ["STT", "Số đến", "Cơ quan gửi", "Nơi nhận", "Ngày đến", "Kỳ báo cáo", "Trích yếu"]


def _col(n: int) -> str:
    return get_column_letter(n)


def _inline(ref: str, text: str) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _row(number: int, values: Iterable[str]) -> str:
    cells = "".join(_inline(f"{_col(c)}{number}", v) for c, v in enumerate(values, 1) if v)
    return f'<row r="{number}">{cells}</row>'


def workbook(path: Path, rows: Iterable[str] | Callable[[], Iterator[bytes]], *,
             merges: Iterable[str] = (), strings: bytes | None = None) -> Path:
    """A one-sheet workbook: ``rows`` the <row> elements of its sheetData (or a function
    streaming the whole sheet part), ``merges`` its merged ranges, ``strings`` the whole
    sharedStrings.xml part when given."""
    types = [f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>',
             f'<Override PartName="/xl/worksheets/sheet1.xml" '
             f'ContentType="{_TYPE}.worksheet+xml"/>']
    rels = [f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>']
    if strings is not None:
        types.append(f'<Override PartName="/xl/sharedStrings.xml" '
                     f'ContentType="{_TYPE}.sharedStrings+xml"/>')
        rels.append(f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" '
                    'Target="sharedStrings.xml"/>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   f'<?xml version="1.0"?><Types xmlns="{_CT}">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                   'package.relationships+xml"/><Default Extension="xml" '
                   f'ContentType="application/xml"/>{"".join(types)}</Types>')
        z.writestr("_rels/.rels",
                   f'<?xml version="1.0"?><Relationships xmlns="{_PKG}"><Relationship '
                   f'Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
                   '</Relationships>')
        z.writestr("xl/workbook.xml",
                   f'<?xml version="1.0"?><workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
                   '<sheet name="Sổ đến" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   f'<?xml version="1.0"?><Relationships xmlns="{_PKG}">{"".join(rels)}'
                   '</Relationships>')
        if strings is not None:
            z.writestr("xl/sharedStrings.xml", strings)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            if callable(rows):
                for chunk in rows():
                    part.write(chunk)
            else:
                part.write(f'<?xml version="1.0"?><worksheet xmlns="{_NS}"><sheetData>'
                           .encode())
                for row in rows:
                    part.write(row.encode())
                part.write(b"</sheetData>")
                refs = "".join(f'<mergeCell ref="{m}"/>' for m in merges)
                if refs:
                    part.write(f"<mergeCells>{refs}</mergeCells>".encode())
                part.write(b"</worksheet>")
    return path


def _bomb(megabytes: int) -> Callable[[], Iterator[bytes]]:
    """A sheet part of ``megabytes`` MB of blanks after a header row: packs ~1000:1."""
    def stream() -> Iterator[bytes]:
        yield f'<?xml version="1.0"?><worksheet xmlns="{_NS}"><sheetData>'.encode()
        yield _row(1, HEADER).encode()
        pad = b" " * (1 << 20)
        for _ in range(megabytes):
            yield pad
        yield b"</sheetData></worksheet>"
    return stream


def _strings(count: int, declared: bool) -> bytes:
    head = f' count="{count}" uniqueCount="{count}"' if declared else ""
    return (f'<?xml version="1.0"?><sst xmlns="{_NS}"{head}>'.encode()
            + b"".join(b"<si><t>s%d</t></si>" % i for i in range(count)) + b"</sst>")


_CHILD = """
import resource, sys, time
from pathlib import Path
from engine.errors import BaocaoError
from engine.sources.xlsx import read_workbook
path = Path(sys.argv[1])
started = time.perf_counter()
try:
    for sheet in read_workbook(path, path.name):
        for _ in sheet.rows:
            pass
    what = "read"
except BaocaoError as exc:
    what = str(exc.problems[0].params.get("what"))
took = time.perf_counter() - started
try:  # Linux: this process's own peak (ru_maxrss keeps the parent's across exec)
    status = Path("/proc/self/status").read_text()
    peak = int(status.split("VmHWM:")[1].split()[0]) / 1024
except (OSError, IndexError):
    scale = 1 << 20 if sys.platform == "darwin" else 1 << 10
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale
print(what, took, peak)
"""


def _measured(path: Path) -> tuple[str, float, float]:
    """Read ``path`` in a fresh interpreter: the limit hit (``what``, or "read"), the wall
    time of the reading in s and the process's peak resident memory in MB (interpreter and
    openpyxl included, ~40 MB)."""
    if sys.platform == "win32":
        pytest.skip("resource.getrusage is not on Windows")
    done = subprocess.run([sys.executable, "-c", _CHILD, str(path)], capture_output=True,
                          text=True, check=True, cwd=Path(__file__).parent.parent, timeout=120)
    what, took, peak = done.stdout.split()
    return what, float(took), float(peak)


def _read_all(path: Path) -> int:
    return sum(sum(1 for _ in sheet.rows) for sheet in xlsx.read_workbook(path, path.name))


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bom.xlsx"
    return workbook(path, _bomb(300))


def test_a_zip_bomb_is_refused_from_its_directory_through_the_cli(bomb: Path) -> None:
    assert bomb.stat().st_size < 2 << 20  # 300 MB packed in under 2 MB
    run = invoke("validate", bomb.name, "--as-of", "2023-03-01", "--lang", "en",
                 cwd=bomb.parent)
    assert run.code == 2
    assert "bom.xlsx" in run.flat_err + run.flat_out
    assert "file.too-large" in run.flat_err + run.flat_out
    assert "unzips to 300 MB, more than the 256 MB baocao reads" in run.flat_err + run.flat_out


def test_the_refusal_reads_in_vietnamese(bomb: Path) -> None:
    run = invoke("validate", bomb.name, "--as-of", "2023-03-01", cwd=bomb.parent)
    assert run.code == 2
    assert "300 MB" in run.flat_err
    assert "256 MB" in run.flat_err
    assert "giải nén ra 300 MB, quá 256 MB baocao đọc" in run.flat_err


def test_a_zip_bomb_costs_no_time_nor_memory(bomb: Path) -> None:
    with pytest.raises(BaocaoError) as caught:
        _read_all(bomb)
    (problem,) = caught.value.problems
    assert (problem.file, problem.code) == ("bom.xlsx", "file.too-large")
    assert problem.params["what"] == "unzipped"
    what, took, peak = _measured(bomb)
    assert what == "unzipped"
    assert took < 2, took
    assert peak < 100, peak


def test_a_part_that_packs_too_well_is_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "ratio.xlsx", _bomb(40))  # 40 MB: under the total
    with pytest.raises(BaocaoError) as caught:
        _read_all(path)
    (problem,) = caught.value.problems
    assert problem.params["what"] == "ratio"
    assert "xl/worksheets/sheet1.xml" in problem.message
    assert ":1), more than the 200:1" in problem.message
    what, took, peak = _measured(path)
    assert what == "ratio"
    assert took < 2, took
    assert peak < 100, peak


def test_too_many_parts_are_refused(tmp_path: Path) -> None:
    path = workbook(tmp_path / "parts.xlsx", [_row(1, HEADER)])
    with zipfile.ZipFile(path, "a") as z:
        for n in range(xlsx.MAX_MEMBERS):
            z.writestr(f"xl/media/{n}.bin", b"")
    with pytest.raises(BaocaoError, match="holds 10,005 parts, more than the 10,000"):
        _read_all(path)


@pytest.mark.slow
@pytest.mark.parametrize("declared", [True, False], ids=["declared", "undeclared"])
def test_millions_of_shared_strings_are_refused_early(tmp_path: Path, declared: bool) -> None:
    """3 M strings (2.5 MB packed, 40 MB unpacked, within the size limits): refused from the
    count the root declares, or while counting them in the raw XML when it says nothing."""
    path = workbook(tmp_path / "sst.xlsx", [_row(1, HEADER)],
                    strings=_strings(3_000_000, declared))
    with pytest.raises(BaocaoError) as caught:
        _read_all(path)
    (problem,) = caught.value.problems
    assert problem.params["what"] == "shared-strings"
    said = "3,000,000" if declared else "more than 2,000,000"
    assert f"holds {said} distinct texts (shared strings)" in problem.message
    what, took, peak = _measured(path)
    assert what == "shared-strings"
    assert took < 3, took
    assert peak < 100, peak


def test_shared_strings_read_as_openpyxl_reads_them(tmp_path: Path) -> None:
    rich = (f'<?xml version="1.0"?><sst xmlns="{_NS}"><si><t>Sở TT&amp;TT</t></si>'
            '<si><r><t>Báo </t></r><r><rPr><b/></rPr><t>cáo</t></r><rPh sb="0" eb="1">'
            '<t>x</t></rPh></si><si><t/></si><si><t xml:space="preserve"> a_x005F_b </t>'
            '</si></sst>').encode()
    cells = "".join(f'<c r="{_col(i + 1)}1" t="s"><v>{i}</v></c>' for i in range(4))
    path = workbook(tmp_path / "s.xlsx", [f'<row r="1">{cells}</row>'], strings=rich)
    rows = [list(sheet.rows) for sheet in xlsx.read_workbook(path, "s.xlsx")]
    assert rows == [[(1, ("Sở TT&TT", "Báo cáo", "", " a_b "))]]


def test_a_row_past_excel_s_last_is_refused_quickly(tmp_path: Path) -> None:
    path = workbook(tmp_path / "far.xlsx", [_row(1, HEADER), _row(2_000_000_000, ["x"])])
    what, took, peak = _measured(path)
    assert what == "rows"
    assert took < 2, took
    assert peak < 100, peak


def test_a_row_wider_than_excel_s_is_refused_before_it_is_built(tmp_path: Path) -> None:
    wide = '<row r="1">' + '<c t="inlineStr"><is><t>x</t></is></c>' * 20_000 + "</row>"
    path = workbook(tmp_path / "wide.xlsx", [wide])
    with pytest.raises(BaocaoError, match="has a row of 20,000 cells, more than Excel's "
                       "16,384 columns"):
        _read_all(path)


def test_a_workbook_past_the_cell_budget_is_refused(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_CELLS", 1000)
    path = workbook(tmp_path / "cells.xlsx", [_row(n, HEADER) for n in range(1, 200)])
    with pytest.raises(BaocaoError, match="past 1,000 cells"):
        _read_all(path)


def _merged_register(path: Path, merges: int) -> Path:
    """A header, then ``merges`` records of two rows each, the sender (column C) merged down
    over both; a record's other cells are left out so that openpyxl reads few cells."""
    rows = [_row(1, HEADER)]
    ranges = []
    for k in range(merges):
        r = 2 + 2 * k
        rows.append(f'<row r="{r}">{_inline(f"B{r}", f"S-{k}")}{_inline(f"C{r}", "Sở TT&TT")}'
                    '</row>')
        rows.append(f'<row r="{r + 1}">{_inline(f"B{r + 1}", f"T-{k}")}</row>')
        ranges.append(f"C{r}:C{r + 1}")
    return workbook(path, rows, merges=ranges)


@pytest.mark.slow
def test_forty_thousand_merges_are_read_in_time_linear_in_merges_and_rows(
        tmp_path: Path) -> None:
    """40,000 vertical merges over 80,000 rows: found while the sheet is scanned and filled
    down through an index by row, O(merges + rows) (every merge looked at on every row, as
    the table reader did, took minutes)."""
    from engine.sources.cells import fill_merged_down

    path = _merged_register(tmp_path / "merges.xlsx", 40_000)
    started = time.perf_counter()
    merges = xlsx._scan(zipfile.ZipFile(path), "xl/worksheets/sheet1.xml",
                        xlsx._Budget("merges.xlsx"), "Sổ đến")
    scanned = time.perf_counter() - started
    for sheet in xlsx.read_workbook(path, "merges.xlsx"):
        assert sheet.merges == merges
        rows = list(sheet.rows)  # openpyxl's reading of the cells: linear, not timed here
        started = time.perf_counter()
        filled = list(fill_merged_down(rows, sheet.merges))
        took = time.perf_counter() - started
    assert len(merges) == 40_000
    assert scanned + took < 5, (scanned, took)
    assert len(filled) == 80_001
    assert all(cells[2] == "Sở TT&TT" for _, cells in filled[1:])


def _scan_fill(rows: list[tuple[int, list[Any]]], merges: tuple[Merge, ...]
               ) -> list[tuple[int, list[Any]]]:
    """The fill as it was written before issue 15: every merge looked at on every row."""
    out = []
    down = [m for m in merges if m.max_row > m.min_row]
    values: dict[Merge, Any] = {}
    for line, row in rows:
        cells = list(row)
        for m in down:
            if m.min_row == line:
                values[m] = cells[m.min_col - 1] if m.min_col <= len(cells) else None
            elif m.min_row < line <= m.max_row and values.get(m) is not None:
                if len(cells) < m.max_col:
                    cells += [None] * (m.max_col - len(cells))
                for col in range(m.min_col, m.max_col + 1):
                    if cells[col - 1] in (None, ""):
                        cells[col - 1] = values[m]
        out.append((line, cells))
    return out


def test_the_indexed_fill_fills_exactly_as_the_scan_did() -> None:
    from engine.sources.cells import fill_merged_down

    merges = (Merge(1, 1, 3, 2), Merge(2, 3, 5, 3), Merge(4, 1, 4, 3), Merge(6, 1, 9, 1),
              Merge(7, 2, 8, 4), Merge(10, 5, 12, 6), Merge(2, 3, 3, 3), Merge(13, 1, 14, 1))
    rows = [(1, ["a", None]), (2, [None, "", "c"]), (3, []), (4, ["d"]), (5, [None, None, ""]),
            (7, [None, "e"]), (8, ["", "", "", ""]), (9, [None]), (11, [None] * 6),
            (12, ["f"]), (13, [""]), (14, [None])]
    assert list(fill_merged_down(rows, merges)) == _scan_fill(rows, merges)


def test_a_normal_register_reads_as_before(tmp_path: Path) -> None:
    """The office register of test_xlsx_reading, read through the bounds: same values."""
    from tests.test_xlsx_reading import office_register

    path = office_register(tmp_path / "so-den.xlsx")
    sheets = [(s.title, s.hidden, s.merges, list(s.rows))
              for s in xlsx.read_workbook(path, "so-den.xlsx")]
    assert [t for t, *_ in sheets] == ["Sổ đến 2022", "Danh mục", "Trống"]
    _, _, merges, rows = sheets[0]
    assert Merge(8, 3, 9, 3) in merges
    assert Merge(1, 1, 1, 8) in merges
    assert rows[0] == (1, ("UBND TỈNH TÂY NINH",))
    table = read_table(iter(rows), "so-den.xlsx", merges, strict_width=False)
    assert len(table.records) == 4
