"""End to end: `baocao validate`, the secretariat's batch, through the command (``main``, in
this process; a real process where a terminal, a pipe or a FIFO is the point).

One row per record with where it is, what it matched or what to fix; a count per file that
proves records read = records reported; what was not read; safe CSV and XLSX; exit codes
0 (every record matched), 1 (some need a person), 2 (the batch could not be read).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests._cli import Run, baocao, invoke
from tests.test_e2e_cli import TEXT_FIELDS, _without_text
from tests.test_xlsx_reading import office_register

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"
AS_OF = "2023-03-01"
TN = "Sở TT&TT Tây Ninh"
HEADER = "id,reporter,recipient,submitted_on,period,title"


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    work = tmp_path_factory.mktemp("validate")
    shutil.copytree(EXAMPLES, work / "examples")
    run = invoke("validate", "examples", "--as-of", AS_OF, "--format", "json", cwd=work)
    assert run.code == 1, run.err
    data: dict[str, Any] = json.loads(run.out)
    return data


def _by_id(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in data["records"]}


def test_one_row_per_record_and_read_equals_reported(examples: dict[str, Any]) -> None:
    assert len(examples["records"]) == 55
    assert [(Path(f["file"]).name, f["read"], f["reported"]) for f in examples["files"]] == [
        ("bo-khcn-2022.yaml", 8, 8), ("bo-tttt-2022.yaml", 17, 17),
        ("tay-ninh-mttq-2022.csv", 14, 14), ("tay-ninh-ubnd-2022.yaml", 5, 5),
        ("thai-nguyen-stttt-2022.csv", 11, 11)]
    assert examples["summary"] == {"matched": 38, "duplicate": 4, "misrouted": 3, "unmatched": 5,
                                   "unknown_unit": 2, "invalid": 3, "received_later": 0,
                                   "not_report": 0, "total": 55, "attention": 13}


def test_validate_and_ingest_take_s_as_check_does(examples: dict[str, Any],
                                                   tmp_path: Path) -> None:
    """A clerk who typed ``check -s FILE`` types ``validate -s FILE``: the same records as
    the file given as an argument; both together are read once each."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    run = invoke("validate", "-s", "examples", "--as-of", AS_OF, "--format", "json",
                 cwd=tmp_path)
    assert run.code == 1, run.err
    assert json.loads(run.out)["summary"] == examples["summary"]
    files = sorted(EXAMPLES.glob("*.csv"))
    both = invoke("validate", files[0], "--submissions", files[1], "--as-of", AS_OF,
                  "--format", "json", cwd=tmp_path)
    assert [Path(f["file"]).name for f in json.loads(both.out)["files"]] == \
        [files[0].name, files[1].name]
    stored = invoke("ingest", "-s", "examples", "--db", "so.db", "--format", "json",
                    cwd=tmp_path)
    assert json.loads(stored.out)["records_in"] == 55, stored.err
    nothing = invoke("validate", "--as-of", AS_OF, cwd=tmp_path)
    assert nothing.code == 2
    assert "FILE_OR_FOLDER" in nothing.err


def test_a_record_says_where_it_is_and_what_it_matched(examples: dict[str, Any]) -> None:
    rec = _by_id(examples)["btttt-03"]
    assert (Path(rec["file"]).name, rec["line"]) == ("bo-tttt-2022.yaml", 23)
    (match,) = rec["matches"]
    assert (match["directive"], match["obligation"], match["period"], match["verdict"],
            match["days_late"]) == ("103/CT-BTTTT", "bao-cao-quy", "2022-Q2", "late", 1)


def test_misrouted_says_the_right_recipient(examples: dict[str, Any]) -> None:
    rec = _by_id(examples)["btttt-09"]
    assert rec["disposition"] == "misrouted"
    (fix,) = rec["fixes"]
    assert fix["code"] == "fix.recipient"
    assert fix["message"].startswith("gửi cho đúng nơi nhận (hoặc sửa nơi nhận đã ghi): ")


def test_ambiguous_name_lists_its_candidates(examples: dict[str, Any]) -> None:
    """"UBND huyện" sent to the Sở TT&TT Thái Nguyên: one of that province's district UBND,
    but which is not said; those nine are listed."""
    rec = _by_id(examples)["stttt-06"]
    assert rec["disposition"] == "unknown_unit"
    assert rec["raw"]["reporter"] == "UBND huyện"  # the text typed is kept
    (fix,) = rec["fixes"]
    assert fix["code"] == "fix.choose-unit"
    assert fix["params"]["candidates"] == [
        "ubnd-huyen-dinh-hoa", "ubnd-huyen-phu-luong", "ubnd-huyen-vo-nhai",
        "ubnd-huyen-dai-tu", "ubnd-huyen-dong-hy", "ubnd-huyen-phu-binh"]
    # a clerk reads the units' names; the ids stay in the params
    assert "Ủy ban nhân dân huyện Đại Từ" in fix["message"]
    assert "ubnd-huyen-dai-tu" not in fix["message"]


def test_a_name_is_read_in_the_recipient_s_province(examples: dict[str, Any]) -> None:
    """"Sở TT&TT" sent to the Ủy ban MTTQ tỉnh Tây Ninh is the Sở TT&TT Tây Ninh (issue 14),
    said on the row; its report had already come (mttq-01)."""
    rec = _by_id(examples)["mttq-06"]
    assert rec["disposition"] == "duplicate"
    assert rec["reporter"] == "so-tttt-tay-ninh"
    (note,) = [r for r in rec["reasons"] if r["code"] == "unit.resolved-place"]
    assert note["message"] == ("'Sở TT&TT' hiểu là Sở Thông tin và Truyền thông tỉnh Tây Ninh "
                               "(đơn vị cùng tỉnh với nơi nhận)")


def test_unknown_unit_and_invalid_date_say_what_to_fix(examples: dict[str, Any]) -> None:
    recs = _by_id(examples)
    assert [f["code"] for f in recs["ubnd-03"]["fixes"]] == ["fix.unknown-unit"]
    assert [f["message"] for f in recs["mttq-07"]["fixes"]] == [
        "cột “Ngày nhận (Ngày đến)”: sửa ngày, viết như 14/6/2022"]
    # a report on a plan the rules do not hold: nothing to fix unless the number is a typo
    assert [(f["code"], f["params"]) for f in recs["ubnd-05"]["fixes"]] == [
        ("fix.other-directive", {"directive": "68-KH/TU"})]
    assert [f["code"] for f in recs["khcn-07"]["fixes"]] == ["fix.nothing-owed"]
    assert recs["khcn-08"]["fixes"] == []  # a duplicate is harmless


def test_did_you_mean(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        f"{HEADER}\nx1,Sở Thông tin và Truyền thông tỉnh Tây Nin,Vụ TĐKT,14/3/2022,2022-Q1,t\n",
        encoding="utf-8")
    run = invoke("validate", "a.csv", "--as-of", AS_OF, "--format", "json", "--lang", "en",
                 cwd=tmp_path)
    assert run.code == 1
    (rec,) = json.loads(run.out)["records"]
    (fix,) = rec["fixes"]
    assert fix["message"] == ("reporter: did you mean Tay Ninh Department of Information and "
                              "Communications?")


def test_json_is_the_same_in_both_languages_but_for_text(tmp_path: Path) -> None:
    args = ["validate", str(EXAMPLES), "--as-of", AS_OF, "--format", "json"]
    vi = json.loads(invoke(*args, "--lang", "vi", cwd=tmp_path).out)
    en = json.loads(invoke(*args, "--lang", "en", cwd=tmp_path).out)
    assert "message" in TEXT_FIELDS
    assert vi != en
    assert _without_text(vi) == _without_text(en)


def test_every_record_matched_exits_0(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        f"{HEADER}\nx1,{TN},Vụ TĐKT,14/3/2022,2022-Q1,Báo cáo quý I\n", encoding="utf-8")
    run = invoke("validate", "a.csv", "--as-of", AS_OF, cwd=tmp_path, columns="250")
    assert run.code == 0, run.out
    assert "khớp · đúng hạn" in run.flat_out
    assert "103/CT-BTTTT III.3 (1) · kỳ 2022-Q1 (hạn 14/03/2022)" in run.flat_out


# ---------------------------------------------------------------------------------------
# An office's Excel register


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = office_register(tmp_path / "so-den.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb["Sổ đến 2022"]
    for row in range(7, 11):
        if ws.cell(row, 3).value:
            ws.cell(row, 3).value = TN
        ws.cell(row, 4).value = "Vụ TĐKT"
    wb.save(path)
    return path


def test_office_register_table(register: Path) -> None:
    for columns in ("80", "120"):  # what a clerk's terminal shows: nothing cut off
        run = invoke("validate", register.name, "--as-of", AS_OF, cwd=register.parent,
                     columns=columns)
        assert run.code == 1, run.err
        assert max(len(line) for line in run.out.splitlines()) <= int(columns)
        assert "so-den.xlsx[Sổ đến 2022] — 4 bản ghi" in run.out
    run = invoke("validate", register.name, "--as-of", AS_OF, cwd=register.parent,
                 columns="250")
    flat = run.flat_out
    assert "khớp · đúng hạn 103/CT-BTTTT III.3 (1) · kỳ 2022-Q1 (hạn 14/03/2022)" in flat
    assert ("không hợp lệ cột “Ngày nhận (Ngày đến)”: ngày 'ngày 31 tháng 2 năm 2022' không "
            "có thật") in flat
    assert "→ Cần sửa: cột “Ngày nhận (Ngày đến)”: sửa ngày, viết như 14/6/2022" in flat
    assert "dòng 1–2: tiêu đề của sổ, không phải bản ghi" in flat
    assert "4 dòng chỉ có số thứ tự (dòng 11, 12, 13, 14), không phải bản ghi" in flat
    assert "so-den.xlsx[Danh mục]: trang tính 'Danh mục' không có dòng tiêu đề" in flat
    assert "Bản ghi: 4 — cần xử lý: 1" in flat


def test_errors_out_and_annotate(register: Path) -> None:
    run = invoke("validate", register.name, "--as-of", AS_OF, "--errors-out", "loi.xlsx",
                 "--annotate", "so-den-kiem-tra.xlsx", "--lang", "en", cwd=register.parent)
    assert run.code == 1, run.err
    assert "wrote loi.xlsx" in run.err
    errors = openpyxl.load_workbook(register.parent / "loi.xlsx")["Records"]
    rows = list(errors.iter_rows(values_only=True))
    assert [(r[1], r[3], r[15]) for r in rows[1:]] == [(10, "S-104", "invalid")]
    annotated = openpyxl.load_workbook(register.parent / "so-den-kiem-tra.xlsx")
    ws = annotated["Sổ đến 2022"]
    assert [c.value for c in ws[4]][8:] == ["Result", "Matched to", "Reasons", "To fix"]
    assert ws["A1"].value == "UBND TỈNH TÂY NINH"  # title rows stay where they were
    assert "A1:H1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws["I7"].value == "matched · on time"
    assert ws["J7"].value == "103/CT-BTTTT III.3 (1) · period 2022-Q1 (due 14/03/2022)"
    assert ws["I10"].value == "invalid"
    assert ws["L10"].value == "submitted_on: correct the date, written like 14/6/2022"
    assert (ws["A11"].value, ws["I11"].value) == (5, None)  # not a record: no result


def test_xlsx_format(register: Path) -> None:
    run = invoke("validate", register.name, "--as-of", AS_OF, "--format", "xlsx", "-o",
                 "out.xlsx", cwd=register.parent)
    assert run.code == 1, run.err
    wb = openpyxl.load_workbook(register.parent / "out.xlsx")
    assert wb.sheetnames == ["Bản ghi", "Tệp", "Không đọc"]
    records = list(wb["Bản ghi"].iter_rows(values_only=True))
    assert records[0][:4] == ("Tệp", "Dòng", "STT", "Mã")
    assert len(records) == 5
    assert records[1][12].year == 2022  # a date cell
    files = list(wb["Tệp"].iter_rows(values_only=True))
    assert files[1][:3] == ("so-den.xlsx[Sổ đến 2022]", 4, 4)


# ---------------------------------------------------------------------------------------
# Safe CSV


def test_csv_has_a_bom_neutralised_formulas_and_words_in_the_language(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        f"{HEADER},Ghi chú,Liên kết\nx1,{TN},Vụ TĐKT,14/3/2022,2022-Q1,"
        "=Báo cáo quý I/2022 về thi đua khen thưởng,@SUM(A1),\"=HYPERLINK(\"\"http://x\"\")\"\n",
        encoding="utf-8")
    for lang, dialect, delimiter in (("vi", "excel-vn", ";"), ("en", "excel", ",")):
        run = invoke("validate", "a.csv", "--as-of", AS_OF, "--format", "csv", "--lang", lang,
                     "--csv-dialect", dialect, cwd=tmp_path)
        assert run.code == 0, run.err
        assert run.out.startswith("\ufeff")
        (row,) = csv.DictReader(io.StringIO(run.out[1:], newline=""), delimiter=delimiter)
        title, result = ("Trích yếu", "Kết quả") if lang == "vi" else ("Title", "Result")
        assert row[title] == "'=Báo cáo quý I/2022 về thi đua khen thưởng"
        assert row["Ghi chú"] == "'@SUM(A1)"
        assert row["Liên kết"] == "'=HYPERLINK(\"http://x\")"
        assert row[result] == ("khớp · đúng hạn" if lang == "vi" else "matched · on time")


def test_check_csv_has_a_bom_and_words(tmp_path: Path) -> None:
    run = invoke("check", "-s", str(EXAMPLES), "--as-of", AS_OF, "--format", "csv",
                 "--directive", "103/CT-BTTTT", "--csv-dialect", "excel-vn", cwd=tmp_path)
    assert run.out.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(run.out[1:], newline=""), delimiter=";"))
    assert {r["Kết quả"] for r in rows} >= {"đúng hạn", "trễ hạn", "quá hạn"}


# ---------------------------------------------------------------------------------------
# Inputs: standard input, folders, what is not read


def test_standard_input(tmp_path: Path) -> None:
    text = f"{HEADER}\nx1,{TN},Vụ TĐKT,14/3/2022,2022-Q1,t\n"
    run = invoke("validate", "-", "--as-of", AS_OF, "--format", "json", cwd=tmp_path,
                 stdin=text)
    assert run.code == 0, run.err
    (rec,) = json.loads(run.out)["records"]
    assert (rec["file"], rec["line"], rec["disposition"]) == ("<stdin>", 2, "matched")
    yaml_in = f"- {{id: y1, reporter: {TN}, recipient: Vụ TĐKT, submitted_on: 14/3/2022}}\n"
    run = invoke("check", "-s", "-", "--as-of", AS_OF, "--format", "json", cwd=tmp_path,
                 stdin=yaml_in)
    assert [s["id"] for s in json.loads(run.out)["submissions"]] == ["y1"]


def test_folder_lists_what_it_did_not_read(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.csv").write_text(f"{HEADER}\nx1,{TN},Vụ TĐKT,14/3/2022,2022-Q1,t\n",
                                 encoding="utf-8")
    (inbox / "so-cu.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (inbox / "2021").mkdir()
    os.mkfifo(inbox / "pipe.csv")
    run = baocao("validate", "inbox", "inbox/a.csv", "--as-of", AS_OF, cwd=tmp_path,
                 timeout=60)
    assert run.code == 1, run.err  # every record matched, but files were not read
    flat = run.flat_out
    assert "Không đọc" in flat
    assert "inbox/2021: thư mục con, không đọc" in flat
    assert "inbox/so-cu.xls: bảng tính Excel 97-2003 (.xls) không đọc được" in flat
    assert "inbox/pipe.csv: không phải tệp thường (a named pipe (FIFO)); không đọc" in flat
    assert "inbox/a.csv: đã đọc (trùng với inbox/a.csv)" in flat
    check = baocao("check", "-s", "inbox", "--as-of", AS_OF, cwd=tmp_path, timeout=60)
    assert "inbox/2021: thư mục con, không đọc" in check.flat_err  # check says so too


# ---------------------------------------------------------------------------------------
# Bad input: exit 2, located message


def _bad(run: Run, *needles: str) -> None:
    assert run.code == 2, (run.code, run.out, run.err)
    for needle in needles:
        assert needle in run.flat_err, (needle, run.err)


def test_bad_inputs_exit_2(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.csv")
    _bad(baocao("validate", "pipe.csv", "--lang", "en", cwd=tmp_path, timeout=60),
         "pipe.csv: file.not-regular: pipe.csv is a named pipe (FIFO), not a regular file")
    _bad(invoke("validate", "nope.xlsx", "--lang", "en", cwd=tmp_path),
         "nope.xlsx: file.missing: no such file or directory")
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    _bad(invoke("validate", "old.xls", "--lang", "en", cwd=tmp_path),
         "old.xls: file.old-excel: an Excel 97-2003 workbook (.xls) cannot be read")
    (tmp_path / "notes.docx").write_bytes(b"x")
    _bad(invoke("validate", "notes.docx", "--lang", "en", cwd=tmp_path),
         "notes.docx: file.format: unsupported file type '.docx'")
    (tmp_path / "fake.xlsx").write_text("id,reporter\n", encoding="utf-8")
    _bad(invoke("validate", "fake.xlsx", "--lang", "en", cwd=tmp_path),
         "fake.xlsx: file.format: not an Excel workbook")
    (tmp_path / "latin.csv").write_bytes("id,reporter\nx,Café\n".encode("latin-1"))
    _bad(invoke("validate", "latin.csv", "--lang", "en", cwd=tmp_path),
         "latin.csv:2:6: file.encoding:", "CSV UTF-8")
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Đơn vị", "Ngày đến"])
    wb.save(tmp_path / "no-header.xlsx")
    _bad(invoke("validate", "no-header.xlsx", "--lang", "en", cwd=tmp_path),
         "no-header.xlsx[Sheet]:1:1: csv.missing-column: missing required column(s) id, "
         "recipient")
    _bad(invoke("validate", "--lang", "en", cwd=tmp_path), "usage",
         "give at least one FILE_OR_FOLDER")
    (tmp_path / "a.csv").write_text(f"{HEADER}\nx1,{TN},Vụ TĐKT,14/3/2022,2022-Q1,t\n",
                                    encoding="utf-8")
    _bad(invoke("validate", "a.csv", "--errors-out", "no/such/dir/e.csv", cwd=tmp_path),
         "no/such/dir/e.csv: file.unwritable: không ghi được tệp kết quả")


def test_bad_input_as_json(tmp_path: Path) -> None:
    run = invoke("validate", "nope.csv", "--format", "json", cwd=tmp_path)
    assert run.code == 2
    assert json.loads(run.out)["errors"][0]["code"] == "file.missing"


@pytest.mark.slow
def test_no_progress_bar_in_a_pipe(tmp_path: Path) -> None:
    rows = "".join(f"x{n},{TN},Vụ TĐKT,14/3/2022,2022-Q1,t\n" for n in range(3000))
    (tmp_path / "big.csv").write_text(f"{HEADER}\n{rows}", encoding="utf-8")
    run = invoke("validate", "big.csv", "--as-of", AS_OF, "--format", "json", cwd=tmp_path)
    assert run.code == 0, run.err[:2000]
    assert run.err == ""
    assert json.loads(run.out)["summary"]["total"] == 3000


@pytest.mark.slow
def test_a_large_file_is_listed_one_line_per_record(tmp_path: Path) -> None:
    """A Rich table of 100,000 rows takes minutes: past 1,000 records, one line each."""
    rows = "".join(f"x{n},{TN},Vụ TĐKT,14/3/2022,2022-Q1,t\n" for n in range(1500))
    (tmp_path / "big.csv").write_text(f"{HEADER}\n{rows}", encoding="utf-8")
    run = invoke("validate", "big.csv", "--as-of", AS_OF, cwd=tmp_path, columns="80")
    assert run.code == 0, run.err[:2000]
    lines = run.out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert sum(1 for line in lines if re.match(r"\s+\d+ x\d+ ", line)) == 1500
    assert "big.csv — 1.500 bản ghi" in run.out  # a count, its thousands grouped
    assert "đủ các cột: --format csv, xlsx hoặc json" in run.flat_out


def test_a_group_named_as_reporter_says_to_name_one_unit(tmp_path: Path) -> None:
    group = "Các cơ quan, đơn vị, doanh nghiệp trong toàn ngành Thông tin và Truyền thông"
    (tmp_path / "a.csv").write_text(f'{HEADER}\nx1,"{group}",Vụ TĐKT,14/3/2022,2022-Q1,t\n',
                                    encoding="utf-8")
    run = invoke("validate", "a.csv", "--as-of", AS_OF, "--format", "json", cwd=tmp_path)
    assert run.code == 1
    (rec,) = json.loads(run.out)["records"]
    assert rec["disposition"] == "unknown_unit"
    assert [f["message"] for f in rec["fixes"]] == [
        "cột “Đơn vị báo cáo (Tác giả)”: ghi tên một đơn vị, không ghi tên nhóm"]


def test_standard_input_that_is_a_terminal_is_refused_not_waited_on(tmp_path: Path) -> None:
    import pty
    import subprocess
    import sys

    controller, terminal = pty.openpty()
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
        proc = subprocess.run([sys.executable, "-m", "cli.app", "validate", "-", "--lang", "en"],
                              stdin=terminal, capture_output=True, text=True, cwd=tmp_path,
                              env=env, timeout=60, check=False)
    finally:
        os.close(controller)
        os.close(terminal)
    assert proc.returncode == 2
    assert "-: file.stdin: standard input is a terminal, not a file" in " ".join(
        proc.stderr.split())


def test_xlsx_to_a_terminal_is_refused(tmp_path: Path) -> None:
    import pty
    import subprocess
    import sys

    (tmp_path / "a.csv").write_text(f"{HEADER}\nx1,{TN},Vụ TĐKT,14/3/2022,2022-Q1,t\n",
                                    encoding="utf-8")
    controller, terminal = pty.openpty()
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
        proc = subprocess.run([sys.executable, "-m", "cli.app", "validate", "a.csv",
                               "--format", "xlsx", "--lang", "en"], stdout=terminal,
                              stderr=subprocess.PIPE, text=True, cwd=tmp_path, env=env,
                              timeout=60, check=False)
    finally:
        os.close(controller)
        os.close(terminal)
    assert proc.returncode == 2
    assert "--format: usage: xlsx is a binary file: give --output FILE.xlsx" in " ".join(
        proc.stderr.split())


# ---------------------------------------------------------------------------------------
# A Sở's register of documents received, as offices keep it (sổ đăng ký văn bản đến,
# Nghị định 30/2020/NĐ-CP, Phụ lục IV): no recipient column — the Sở keeping it is the
# recipient, given with --recipient — and a two-row header.
#
# The Sở TT&TT Thái Nguyên receives the six-monthly reports of its 2022 plan (seed 003, III.5,
# rules/directives/kh-stttt-thai-nguyen-2022.yaml, obligation bao-cao-6-thang) from the sở,
# ban, ngành, the district UBND and the press (group don-vi-kh-tuyen-truyen-thai-nguyen). The
# plan states no date: policy ngay-20-thang-cuoi-ky, inclusive — H1 due Mon 20/06/2022, H2
# due Tue 20/12/2022; an annual report of the same year stands for H2. Nothing else in the
# rules is owed by these units to anyone (rules show); the ad hoc duty needs a request.
# Worked by hand, as of 01/03/2023:
#
#   row Số đến  Tác giả                     received    → disposition (a record is known by
#                                                       the year of its Ngày đến and its
#                                                       Số đến: "2022/1203")
#    8  1203    Sở Công Thương              15/06/2022  matched, 2022-H1, on time
#    9  1215    UBND huyện Đại Từ           21/06/2022  matched, 2022-H1, late 1 day
#   10  1216    Phòng VH&TT huyện Phú Lương 21/06/2022  unknown_unit (not in units.yaml)
#   11  1230    Sở Công Thương (again)      24/06/2022  duplicate of 1203
#   12  2410    Báo Thái Nguyên             16/12/2022  matched, 2022-H2, on time
#   13  2417    UBND TP Sông Công, năm 2022 19/12/2022  matched, 2022-H2 (the year stands for
#                                                       it), on time
#   14  2420    UBND tỉnh (giấy mời)        20/12/2022  not_report: an invitation, not a report
#   15  2425    Sở GD&ĐT                    22/12/2022  matched, 2022-H2, late 2 days
#   16  2431    Sở Y tế                     '32/12/2022' invalid: no such day
#
# and Sở Công Thương's 2022-H2 report never came: overdue 71 days on 01/03/2023.

SO_TTTT_TNG = "Sở TT&TT Thái Nguyên"
CAMPAIGN = "Cuộc vận động “Người Việt Nam ưu tiên dùng hàng Việt Nam”"
INCOMING_ROWS: list[tuple[Any, ...]] = [
    # STT, Số đến, Ngày đến, Tác giả, Số ký hiệu, Ngày tháng, Trích yếu, Đơn vị hoặc người
    # nhận, Ký nhận, Ghi chú
    (1, 1203, (2022, 6, 15), "Sở Công Thương tỉnh Thái Nguyên", "812/BC-SCT", (2022, 6, 10),
     f"Báo cáo kết quả thực hiện Kế hoạch tuyên truyền {CAMPAIGN} 6 tháng đầu năm 2022",
     "Phòng TTBCXB", "Hà", None),
    (2, 1215, (2022, 6, 21), "UBND huyện Đại Từ", "156/BC-UBND", (2022, 6, 17),
     f"Báo cáo kết quả tuyên truyền {CAMPAIGN} 6 tháng đầu năm 2022", "Đ/c Hùng - PGĐ",
     "Hùng", None),
    (3, 1216, (2022, 6, 21), "Phòng Văn hóa và Thông tin huyện Phú Lương", "45/BC-VHTT",
     (2022, 6, 16), f"Báo cáo kết quả tuyên truyền {CAMPAIGN} 6 tháng đầu năm 2022",
     "Phòng TTBCXB", "Hà", None),
    (4, 1230, (2022, 6, 24), "Sở Công Thương tỉnh Thái Nguyên", "812/BC-SCT", (2022, 6, 10),
     f"Báo cáo kết quả thực hiện Kế hoạch tuyên truyền {CAMPAIGN} 6 tháng đầu năm 2022",
     "Phòng TTBCXB", "Hà", "bản gửi lại"),
    (5, 2410, (2022, 12, 16), "Báo Thái Nguyên", "27/BC-BTN", (2022, 12, 15),
     f"Báo cáo kết quả tuyên truyền {CAMPAIGN} trên Báo Thái Nguyên 6 tháng cuối năm 2022",
     "Phòng TTBCXB", "Hà", None),
    (6, 2417, (2022, 12, 19), "UBND thành phố Sông Công", "301/BC-UBND", (2022, 12, 14),
     f"Báo cáo kết quả thực hiện Kế hoạch tuyên truyền {CAMPAIGN} năm 2022", "Phòng TTBCXB",
     "Hà", None),
    (7, 2420, (2022, 12, 20), "UBND tỉnh Thái Nguyên", "4567/GM-UBND", (2022, 12, 19),
     "Giấy mời dự Hội nghị tổng kết công tác thông tin và truyền thông năm 2022",
     "Văn phòng Sở", "Lan", None),
    (8, 2425, (2022, 12, 22), "Sở Giáo dục và Đào tạo tỉnh Thái Nguyên", "1422/BC-SGDĐT",
     (2022, 12, 19), f"Báo cáo kết quả tuyên truyền {CAMPAIGN} trong ngành Giáo dục 6 tháng "
     "cuối năm 2022", "Phòng TTBCXB", "Hà", None),
    (9, 2431, "32/12/2022", "Sở Y tế tỉnh Thái Nguyên", "2034/BC-SYT", (2022, 12, 28),
     f"Báo cáo kết quả tuyên truyền {CAMPAIGN} 6 tháng cuối năm 2022", "Phòng TTBCXB", "Hà",
     None),
]
# Số đến → (disposition, [(period, verdict, days late)], row)
INCOMING_EXPECTED = {
    "2022/1203": ("matched", [("2022-H1", "on_time", 0)], 8),
    "2022/1215": ("matched", [("2022-H1", "late", 1)], 9),
    "2022/1216": ("unknown_unit", [], 10),
    "2022/1230": ("duplicate", [], 11),
    "2022/2410": ("matched", [("2022-H2", "on_time", 0)], 12),
    "2022/2417": ("matched", [("2022-H2", "on_time", 0)], 13),
    "2022/2420": ("not_report", [], 14),
    "2022/2425": ("matched", [("2022-H2", "late", 2)], 15),
    "2022/2431": ("invalid", [], 16),
}


def incoming_register(path: Path) -> Path:
    """The register in Excel: title rows, a two-row header with merged cells, the row
    numbering the columns, date cells (and a date typed as text), rows numbered in advance."""
    from datetime import datetime

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sổ đến 2022"
    for n, title in enumerate(("UBND TỈNH THÁI NGUYÊN", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
                               "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2022"), start=1):
        ws.append([title])
        ws.merge_cells(f"A{n}:J{n}")
    ws.append([])  # row 4
    ws.append(["STT", "Văn bản đến", None, "Tác giả", "Văn bản", None, None,
               "Đơn vị hoặc người nhận", "Ký nhận", "Ghi chú"])  # row 5
    ws.append([None, "Số đến", "Ngày đến", None, "Số, ký hiệu", "Ngày tháng",
               "Tên loại và trích yếu nội dung", None, None, None])  # row 6
    for ref in ("A5:A6", "B5:C5", "D5:D6", "E5:G5", "H5:H6", "I5:I6", "J5:J6"):
        ws.merge_cells(ref)
    ws.append([f"({n})" for n in range(1, 11)])  # row 7
    for row in INCOMING_ROWS:
        ws.append([datetime(*v) if isinstance(v, tuple) else v for v in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, datetime):
                cell.number_format = "dd/mm/yyyy"
    for n in range(10, 14):  # rows 17-20: numbered in advance, still empty
        ws.append([n])
    wb.save(path)
    return path


def csv_export(xlsx: Path, path: Path) -> Path:
    """The sheet as Excel's 'CSV UTF-8' saves it: a byte-order mark, cells as displayed
    (dates dd/mm/yyyy), a merged range's value in its first cell only, every row as wide as
    the sheet."""
    from datetime import datetime

    ws = openpyxl.load_workbook(xlsx).active
    assert ws is not None
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in ws.iter_rows(values_only=True):
        writer.writerow(["" if v is None else f"{v:%d/%m/%Y}" if isinstance(v, datetime)
                         else str(v) for v in row])
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    return path


@pytest.fixture(scope="module")
def incoming(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("incoming")
    csv_export(incoming_register(work / "so-den-2022.xlsx"), work / "so-den-2022.csv")
    return work


@pytest.mark.parametrize(
    ("name", "label"),
    [("so-den-2022.xlsx", "so-den-2022.xlsx[Sổ đến 2022]"), ("so-den-2022.csv", "so-den-2022.csv")],
    ids=["xlsx", "csv-export"],
)
def test_incoming_register_with_recipient(incoming: Path, name: str, label: str) -> None:
    run = invoke("validate", name, "--recipient", SO_TTTT_TNG, "--as-of", AS_OF, "--format",
                 "json", cwd=incoming)
    assert run.code == 1, run.err  # three records need a person
    data = json.loads(run.out)
    got = {r["id"]: (r["disposition"], [(m["period"], m["verdict"], m["days_late"])
                                        for m in r["matches"]], r["line"])
           for r in data["records"]}
    assert got == INCOMING_EXPECTED
    for r in data["records"]:
        assert r["file"] == label
        assert r["recipient"] == "so-tttt-thai-nguyen"  # the option, never the department
        assert "recipient" not in r["raw"]
        assert r["raw"]["Đơn vị hoặc người nhận"] in ("Phòng TTBCXB", "Đ/c Hùng - PGĐ",
                                                      "Văn phòng Sở")
        assert {"code": "record.recipient-default",
                "params": {"field": "recipient", "unit": "so-tttt-thai-nguyen"},
                "message": "nơi nhận lấy theo --recipient (đơn vị giữ sổ): Sở Thông tin và "
                           "Truyền thông tỉnh Thái Nguyên"} in r["reasons"]
    recs = _by_id(data)
    assert all(m["obligation"] == "bao-cao-6-thang" and m["due"] == due
               for r, due in (("2022/1203", "2022-06-20"), ("2022/1215", "2022-06-20"),
                              ("2022/2417", "2022-12-20"), ("2022/2425", "2022-12-20"))
               for m in recs[r]["matches"])
    assert [r["params"]["by"] for r in recs["2022/1230"]["reasons"]
            if r["code"] == "match.already-satisfied"] == ["2022/1203"]
    assert recs["2022/1216"]["raw"]["reporter"] == "Phòng Văn hóa và Thông tin huyện Phú Lương"
    assert [f["code"] for f in recs["2022/1216"]["fixes"]] == ["fix.unknown-unit"]
    assert recs["2022/2420"]["fixes"] == []  # not a report: nothing to fix
    bad = [r for r in recs["2022/2431"]["reasons"] if r["code"] == "record.bad-date"]
    assert [(r["params"]["line"], r["params"]["column"]) for r in bad] == [(16, 3)]
    # the document's own date: kept as written (a date cell, or the text of the export)
    assert recs["2022/1203"]["raw"]["Ngày tháng"] == ("2022-06-10" if name.endswith(".xlsx")
                                                 else "10/06/2022")
    (read,) = data["files"]
    assert (read["header_row"], read["read"], read["reported"]) == (6, 9, 9)
    assert [(n["code"], n["params"]) for n in read["notes"]] == [
        ("sheet.title-rows", {"first": 1, "last": 3}),
        ("sheet.group-header", {"row": 5, "header": 6}),
        ("sheet.numbering-row", {"row": 7}),
        ("sheet.numbered-blank-rows", {"number": 4, "rows": ["17", "18", "19", "20"]}),
        ("record.recipient-default", {"field": "recipient", "unit": "so-tttt-thai-nguyen",
                                      "records": 9}),
    ]
    assert data["summary"] == {"matched": 5, "duplicate": 1, "misrouted": 0, "unmatched": 0,
                               "unknown_unit": 1, "invalid": 1, "received_later": 0,
                               "not_report": 1, "total": 9, "attention": 2}


def test_incoming_register_csv_and_table_say_where_the_recipient_came_from(
        incoming: Path) -> None:
    run = invoke("validate", "so-den-2022.xlsx", "--recipient", SO_TTTT_TNG, "--as-of", AS_OF,
                 "--format", "csv", "--lang", "en", cwd=incoming)
    rows = {r["ID"]: r for r in csv.DictReader(io.StringIO(run.out[1:], newline=""))}
    first = rows["2022/1203"]
    assert (first["Recipient as written"], first["Recipient id"]) == ("", "so-tttt-thai-nguyen")
    assert first["Reasons"] == ("recipient taken from --recipient (the office keeping the "
                                "register): Thai Nguyen Department of Information and "
                                "Communications")
    assert first["Đơn vị hoặc người nhận"] == "Phòng TTBCXB"  # an extra column, as written
    table = invoke("validate", "so-den-2022.xlsx", "--recipient", SO_TTTT_TNG, "--as-of",
                   AS_OF, cwd=incoming, columns="250")
    assert ("dòng 5: tiêu đề nhóm cột, đọc cùng dòng tiêu đề 6; dòng 7: đánh số cột, không "
            "phải bản ghi") in table.flat_out
    notes = ("nơi nhận lấy theo --recipient (đơn vị giữ sổ): Sở Thông tin và Truyền thông "
             "tỉnh Thái Nguyên")
    assert table.flat_out.count(notes) == 1  # once, under the count per file, not per row
    annotate = invoke("validate", "so-den-2022.xlsx", "--recipient", SO_TTTT_TNG, "--as-of",
                      AS_OF, "--annotate", "kiem-tra.xlsx", "--lang", "en", cwd=incoming)
    assert annotate.code == 1, annotate.err
    ws = openpyxl.load_workbook(incoming / "kiem-tra.xlsx")["Sổ đến 2022"]
    assert [c.value for c in ws[6]][10:] == ["Result", "Matched to", "Reasons", "To fix"]
    assert {"B5:C5", "E5:G5", "A5:A6"} <= {str(r) for r in ws.merged_cells.ranges}
    assert (ws["K8"].value, ws["K9"].value) == ("matched · on time", "matched · 1 day late")


def test_incoming_register_check_and_overdue(incoming: Path) -> None:
    run = invoke("check", "-s", "so-den-2022.csv", "--recipient", SO_TTTT_TNG, "--as-of",
                 AS_OF, "--directive", "kh-stttt-thai-nguyen-2022", "--format", "json",
                 cwd=incoming)
    assert run.code == 1, run.err
    data = json.loads(run.out)
    prefix = "kh-stttt-thai-nguyen-2022/bao-cao-6-thang"
    verdicts = {i["key"].removeprefix(prefix + "/"): (i["verdict"], i["days_late"],
                                                      i["days_overdue"], i["submission"])
                for i in data["instances"] if i["key"].startswith(prefix)}
    assert {k: v for k, v in verdicts.items() if v[3] is not None} == {
        "so-cong-thuong-thai-nguyen/2022-H1": ("on_time", 0, 0, "2022/1203"),
        "ubnd-huyen-dai-tu/2022-H1": ("late", 1, 0, "2022/1215"),
        "bao-thai-nguyen/2022-H2": ("on_time", 0, 0, "2022/2410"),
        "ubnd-tp-song-cong/2022-H2": ("on_time", 0, 0, "2022/2417"),
        "so-gddt-thai-nguyen/2022-H2": ("late", 2, 0, "2022/2425"),
    }
    # 20/12/2022 → 01/03/2023: 11 + 31 + 28 + 1 days
    assert verdicts["so-cong-thuong-thai-nguyen/2022-H2"] == ("overdue", 0, 71, None)
    song_cong = next(i for i in data["instances"]
                     if i["key"] == f"{prefix}/ubnd-tp-song-cong/2022-H2")
    assert [r["params"]["report"] for r in song_cong["reasons"]
            if r["code"] == "match.stands-for"] == ["2022"]
    assert all(any(r["code"] == "record.recipient-default" for r in s["reasons"])
               for s in data["submissions"])
    over = invoke("overdue", "-s", "so-den-2022.xlsx", "--recipient", SO_TTTT_TNG, "--as-of",
                  AS_OF, "--unit", "Sở Công Thương tỉnh Thái Nguyên", "--format", "json",
                  cwd=incoming)
    assert over.code == 1, over.err
    (group,) = json.loads(over.out)
    assert [(i["key"], i["days_overdue"]) for i in group["items"]] == [
        (f"{prefix}/so-cong-thuong-thai-nguyen/2022-H2", 71)]


@pytest.mark.parametrize("command", ["validate", "check", "overdue", "ingest", "explain"])
def test_a_register_without_recipient_needs_the_option(incoming: Path, command: str) -> None:
    args: list[str] = {"validate": ["so-den-2022.xlsx"],
                       "check": ["-s", "so-den-2022.xlsx"],
                       "overdue": ["-s", "so-den-2022.xlsx"],
                       "ingest": ["so-den-2022.xlsx", "--db", "never.db"],
                       "explain": ["-s", "so-den-2022.xlsx", "--submission", "2022/1203"]}[command]
    run = invoke(command, *args, "--as-of", AS_OF, "--lang", "en", cwd=incoming) \
        if command != "ingest" else invoke(command, *args, "--lang", "en", cwd=incoming)
    _bad(run, "so-den-2022.xlsx[Sổ đến 2022]:6:1: csv.missing-column: missing required "
         "column(s) recipient;", "the office keeping it is the recipient; give it with "
         "--recipient UNIT")
    assert run.out == ""


@pytest.mark.parametrize(
    ("name", "needles"),
    [("Sở TT&TT Thái Nguyê", ["--recipient: option.recipient: unknown unit 'Sở TT&TT Thái "
                              "Nguyê'", "did you mean: so-tttt-thai-nguyen"]),
     ("Sở TT&TT", ["--recipient: option.recipient: 'Sở TT&TT' names no place",
                   "so-tttt-tay-ninh", "so-tttt-thai-nguyen"]),
     ("UBND các huyện, thành phố, thị xã tỉnh Thái Nguyên",
      ["--recipient: option.recipient:", "is the group ubnd-huyen-thai-nguyen"])],
    ids=["unknown", "ambiguous", "group"],
)
@pytest.mark.parametrize("command", ["validate", "check", "overdue", "ingest"])
def test_a_bad_recipient_is_a_usage_error(incoming: Path, command: str, name: str,
                                          needles: list[str]) -> None:
    args = {"validate": ["so-den-2022.csv"], "check": ["-s", "so-den-2022.csv"],
            "overdue": ["-s", "so-den-2022.csv"],
            "ingest": ["so-den-2022.csv", "--db", "never.db"]}[command]
    run = invoke(command, *args, "--recipient", name, "--lang", "en", cwd=incoming)
    _bad(run, *needles)
    assert not (incoming / "never.db").exists()
    if command in ("validate", "check"):
        as_json = invoke(command, *args, "--recipient", name, "--format", "json", cwd=incoming)
        assert as_json.code == 2
        (error,) = json.loads(as_json.out)["errors"]
        assert (error["code"], error["file"]) == ("option.recipient", "--recipient")


def test_the_example_register_is_this_registers_csv_export(incoming: Path) -> None:
    """examples/registers/ holds the CSV export validated above, as the README runs it."""
    example = ROOT / "examples" / "registers" / "so-den-stttt-thai-nguyen-2022.csv"
    assert example.read_bytes() == (incoming / "so-den-2022.csv").read_bytes()


def test_incoming_register_explain(incoming: Path) -> None:
    run = invoke("explain", "--submission", "2022/1215", "-s", "so-den-2022.xlsx", "--recipient",
                 SO_TTTT_TNG, "--as-of", AS_OF, "--format", "json", cwd=incoming)
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["outcome"] == "matched"
    record, reason = data["steps"][:2]
    assert (record["params"]["recipient"], reason["params"]["code"]) == (
        "so-tttt-thai-nguyen", "record.recipient-default")


def _stderr_on_a_terminal(args: list[str], cwd: Path
                          ) -> tuple[subprocess.CompletedProcess[bytes], str]:
    """``baocao ARGS`` with standard output piped and standard error a terminal (a pty, read
    as the command writes it): the command's output, and what the terminal was shown."""
    import pty
    import sys
    import threading

    controller, terminal = pty.openpty()
    seen: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                return
            if not chunk:
                return
            seen.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
        proc = subprocess.run([sys.executable, "-m", "cli.app", *args], stdout=subprocess.PIPE,
                              stderr=terminal, cwd=cwd, env=env, timeout=120, check=False)
    finally:
        os.close(terminal)
        reader.join(timeout=10)
        os.close(controller)
    return proc, b"".join(seen).decode("utf-8", "replace")


@pytest.mark.slow
def test_check_shows_a_bar_while_a_large_register_is_read_on_a_terminal(tmp_path: Path) -> None:
    """A national register takes minutes to read and its results a minute to write: on a
    terminal, ``check`` shows the spinner while the rules load, a bar while the records are
    read and built (as ``validate`` does), a bar while they are matched to the reports owed
    and what is being done while the rest is judged, and the spinner while the results are
    written to the file or pipe; every byte of the results still reaches it."""
    rows = "".join(f"x{n},{TN},Vụ TĐKT,14/3/2022,2022-Q1,t\n" for n in range(6000))
    (tmp_path / "big.csv").write_text(f"{HEADER}\n{rows}", encoding="utf-8")
    args = ["check", "-s", "big.csv", "--as-of", AS_OF]
    proc, shown = _stderr_on_a_terminal([*args, "--format", "json"], tmp_path)
    assert proc.returncode == 1
    assert len(json.loads(proc.stdout)["submissions"]) == 6000
    assert "Đang kiểm tra bản ghi" in shown  # the bar of the records being built
    assert "/6.000" in shown  # a count as every count is written
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)  # without the terminal's codes
    # the bar of the records being matched, drawn as soon as matching starts
    assert re.search(r"Đang đối chiếu bản ghi…[^\r\n]* 0/6.000 ", plain), plain[-2000:]
    assert "Đang đánh giá" in shown
    assert re.search(r"Đang ghi kết quả…\s+0:00:\d\d", plain), plain[-2000:]  # and how long
    # the spinner's live display must not take standard output over: the CSV is whole
    proc, shown = _stderr_on_a_terminal([*args, "--format", "csv"], tmp_path)
    assert proc.returncode == 1
    piped = invoke(*args, "--format", "csv", cwd=tmp_path)
    assert proc.stdout.decode("utf-8") == piped.out  # byte for byte what a pipe gets
    assert proc.stdout.count(b"\n") > 2
    assert "Khóa,Văn bản" not in shown
