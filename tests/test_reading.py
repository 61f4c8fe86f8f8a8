"""Reading a secretariat's batch: encodings, header variants, folders, and faults of one record.

Nothing may be lost or guessed wrong: each encoding offices save in is recognised from the
bytes; each header spelling maps to its field; a folder accounts for every entry; a record
that cannot be stored or shown is invalid with its location while the batch goes on.
"""

from __future__ import annotations

import csv
import io
import json
import os
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from engine.errors import BaocaoError
from engine.model import Batch, Submission
from engine.sources.csv import _lines, csv_rows, unguarded
from engine.sources.text import decode_text
from engine.submissions import load_batch
from engine.submissions.fields import SUBMISSIONS, field_of_header
from tests.test_submissions import DIRECTIVES, REGISTRY, TN

HEADER = "id,reporter,recipient,submitted_on,period,title"
ROW = f"S1,{TN},Bộ TT&TT,14/3/2022,quý I/2022,Báo cáo quý I năm 2022"


def cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: base letters (â, ơ, ư ...) precomposed, the five
    tone marks as separate combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


def load(*paths: Path) -> Batch:
    return load_batch(paths, REGISTRY, DIRECTIVES)


def one(path: Path) -> Submission:
    (sub,) = load(path).submissions
    return sub


def codes(sub: Submission) -> list[str]:
    return [p.code for p in (*sub.problems, *sub.unit_problems)]


# ---------------------------------------------------------------------------------------
# Encodings


ENCODINGS = {
    "utf-8": (f"{HEADER}\n{ROW}\n".encode(), "utf-8"),
    "utf-8-bom": (f"{HEADER}\n{ROW}\n".encode("utf-8-sig"), "utf-8-sig"),
    # Excel's "Unicode text": UTF-16 little-endian with a mark, tab-separated
    "utf-16-excel": (f"{HEADER}\n{ROW}\n".replace(",", "\t").encode("utf-16"), "utf-16"),
    "utf-16-be": (b"\xfe\xff" + f"{HEADER}\n{ROW}\n".encode("utf-16-be"), "utf-16"),
    "utf-16-no-mark": (f"{HEADER}\n{ROW}\n".encode("utf-16-le"), "utf-16"),
    "windows-1258": (cp1258(f"{HEADER}\n{ROW}\n"), "cp1258"),
    "utf-8-decomposed": (unicodedata.normalize("NFD", f"{HEADER}\n{ROW}\n").encode(), "utf-8"),
}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_each_encoding_reads_the_same_record(tmp_path: Path, name: str) -> None:
    raw, encoding = ENCODINGS[name]
    path = tmp_path / "s.csv"
    path.write_bytes(raw)
    batch = load(path)
    (sub,) = batch.submissions
    assert (sub.id, sub.reporter, sub.recipient, sub.problems) == ("S1", "so-tttt-tn",
                                                                  "bo-tttt", ())
    assert sub.raw["title"] == "Báo cáo quý I năm 2022"  # NFC whatever the bytes
    assert unicodedata.is_normalized("NFC", sub.raw["reporter"])
    assert batch.files[0].encoding == encoding


def test_windows_1258_detection_is_not_fooled_by_western_text() -> None:
    """'Sô Café' in Latin-1 is valid Windows-1258 too; nothing in it is Vietnamese."""
    with pytest.raises(BaocaoError) as exc:
        decode_text("x\nSô Café\n".encode("latin-1"), "a.csv")
    (p,) = exc.value.problems
    assert (p.line, p.column, p.code) == (2, 2, "file.encoding")
    assert "does not read as Windows-1258 Vietnamese" in p.message


def test_tcvn3_text_is_refused_with_the_fix() -> None:
    """TCVN3 (ABC) puts 'ở' at 0xdd... and 'ồ' at 0xd2: through Windows-1258 the marks land
    on consonants and on symbols such as '¶': not Vietnamese."""
    with pytest.raises(BaocaoError) as exc:
        decode_text(b"S\xdd Th\xb6ng tin", "a.csv")
    assert "TCVN3 (ABC) or VNI" in exc.value.problems[0].message


def test_tone_mark_on_a_consonant_is_not_windows_1258() -> None:
    with pytest.raises(BaocaoError):
        decode_text(b"b\xd2n b\xf5", "a.csv")  # hook above on 'b'


@pytest.mark.parametrize(
    ("raw", "needle"),
    [
        (b"PK\x03\x04rest", "an Excel workbook (.xlsx)"),
        (b"\xd0\xcf\x11\xe0rest", "an Excel 97-2003 workbook (.xls)"),
        (b"id,reporter\n\x00\x01\x02\x03\xff\xfe", "not"),
    ],
)
def test_binary_file_named_csv_is_refused(tmp_path: Path, raw: bytes, needle: str) -> None:
    path = tmp_path / "s.csv"
    path.write_bytes(raw)
    with pytest.raises(BaocaoError) as exc:
        load(path)
    (p,) = exc.value.problems
    assert p.code == "file.encoding"
    assert needle in p.message


# ---------------------------------------------------------------------------------------
# Header variants

HEADER_VARIANTS = {
    "id": ["id", "ID", "Mã", "Số đến", "SỐ ĐẾN", "Mã số", "so den"],
    "reporter": ["reporter", "Đơn vị báo cáo", "Cơ quan gửi", "Đơn vị gửi", "Nơi gửi",
                 "Tác giả", "don vi bao cao"],
    "recipient": ["recipient", "Nơi nhận", "Đơn vị nhận", "NOI NHAN"],
    "submitted_on": ["submitted_on", "Ngày đến", "Ngày nhận", "Ngày\nđến",
                     "Ngày đến (dd/mm/yyyy)", "submitted on"],
    "period": ["period", "Kỳ báo cáo", "Kỳ"],
    "sent_on": ["sent_on", "Ngày gửi"],
    "document_number": ["document_number", "Số ký hiệu", "Số, ký hiệu", "Số/Ký hiệu",
                        "Số hiệu"],
    "title": ["title", "Trích yếu", "Trích yếu nội dung", "Tên loại và trích yếu nội dung"],
}
_VALUES = {"id": "S1", "reporter": TN, "recipient": "Bộ TT&TT",
           "submitted_on": "14/3/2022", "period": "2022-Q1", "sent_on": "10/3/2022",
           "document_number": "12/BC-STTTT", "title": "Báo cáo quý I"}


@pytest.mark.parametrize(("field", "header"), [(f, h) for f, hs in HEADER_VARIANTS.items()
                                               for h in hs])
def test_header_variant(tmp_path: Path, field: str, header: str) -> None:
    names = {f: f for f in _VALUES} | {field: header}
    path = tmp_path / "s.csv"
    cells = [f'"{names[f]}"' for f in _VALUES]
    path.write_text(",".join(cells) + "\n" + ",".join(_VALUES.values()) + "\n",
                    encoding="utf-8")
    sub = one(path)
    assert sub.problems == (), sub.problems
    assert sub.raw[field] == _VALUES[field]


def test_stt_is_a_row_number_kept_not_an_id(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(f"STT,{HEADER}\n7,{ROW}\n", encoding="utf-8")
    sub = one(path)
    assert (sub.id, sub.raw["STT"]) == ("S1", "7")


def test_title_rows_above_the_header_are_accounted_for(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(f"UBND TỈNH TÂY NINH\nSỔ ĐĂNG KÝ VĂN BẢN ĐẾN\n\n{HEADER}\n"
                    f"1,2,3,4,5,6\n{ROW}\n", encoding="utf-8")
    batch = load(path)
    (sub,) = batch.submissions
    assert sub.source == f"{path}:6"
    (read,) = batch.files
    assert read.header_row == 4
    assert [(r.code, dict(r.params)) for r in read.notes] == [
        ("sheet.title-rows", {"first": 1, "last": 2}),
        ("sheet.numbering-row", {"row": 5}),
    ]


# ---------------------------------------------------------------------------------------
# Folders: every entry accounted for


def test_folder_lists_what_it_did_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.csv").write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    (folder / "2022").mkdir()
    (folder / ".DS_Store").write_bytes(b"\x00")
    (folder / "~$register.xlsx").write_bytes(b"\x00")
    (folder / "readme.txt").write_text("Thư mục báo cáo nhận được\n", encoding="utf-8")
    os.mkfifo(folder / "pipe.csv")
    batch = load(folder, folder / "a.csv")
    assert [s.id for s in batch.submissions] == ["S1"]
    assert [(f.label, f.records) for f in batch.files] == [(str(folder / "a.csv"), 1)]
    skipped = {Path(s.path).name: (s.reason.code, s.attention) for s in batch.skipped}
    assert skipped == {
        ".DS_Store": ("file.skipped-hidden", False),
        "2022": ("file.skipped-folder", True),
        "notes.docx": ("file.skipped-type", True),
        "old.xls": ("file.old-excel", True),
        "pipe.csv": ("file.not-regular", True),
        "readme.txt": ("file.no-header", True),
        "~$register.xlsx": ("file.skipped-lock", False),
        "a.csv": ("file.repeated", False),
    }


def test_a_fifo_named_on_the_command_line_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.csv")
    with pytest.raises(BaocaoError) as exc:
        load(tmp_path / "pipe.csv")
    (p,) = exc.value.problems
    assert p.code == "file.not-regular"
    assert "a named pipe (FIFO)" in p.message


def test_the_same_file_given_twice_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text(f"{HEADER}\n{ROW}\n", encoding="utf-8")
    batch = load(path, tmp_path / "." / "a.csv")
    assert len(batch.submissions) == 1
    (skip,) = batch.skipped
    assert (skip.reason.code, skip.reason.params["first"]) == ("file.repeated", str(path))


# ---------------------------------------------------------------------------------------
# Faults of one record: invalid, located, and the batch goes on

BIG = "9" * 5000


@pytest.mark.parametrize(
    ("row", "code", "column"),
    [
        (f"S2,{TN},Bộ TT&TT,0001-01-01,2022-Q1,t", "record.bad-date", 4),
        (f"S2,{TN},Bộ TT&TT,14/3/2022,9999,t", "record.bad-period", 5),
        (f"S2,{TN},Bộ TT&TT,14/3/2022,{BIG},t", "record.too-long", 5),
        (f"{BIG},{TN},Bộ TT&TT,14/3/2022,2022-Q1,t", "record.too-long", 1),
        (f"S2,{TN},Bộ TT&TT,14/3/2022,2022-Q1,{'x' * 200_000}", "record.too-long", 6),
        (f"S2,{TN}\x1b[31m,Bộ TT&TT,14/3/2022,2022-Q1,t", "record.bad-text", 2),
    ],
    ids=["year-1", "year-9999", "5000-digit-period", "5000-digit-id", "200k-title", "escape"],
)
def test_csv_record_fault(tmp_path: Path, row: str, code: str, column: int) -> None:
    path = tmp_path / "s.csv"
    path.write_text(f"{HEADER}\n{ROW}\n{row}\n{ROW.replace('S1', 'S3')}\n", encoding="utf-8")
    good, bad, also_good = load(path).submissions
    assert good.problems == also_good.problems == ()
    assert [(p.code, p.line, p.column) for p in bad.problems] == [(code, 3, column)]
    assert all(len(v) < 200 for v in bad.raw.values())  # shown shortened, with its length


@pytest.mark.parametrize(
    ("name", "text", "code"),
    [
        ("s.json", '[{"id": ' + BIG + ', "reporter": "x", "recipient": "y", '
         '"submitted_on": "1/1/2022"}]', "record.too-long"),
        ("s.json", '[{"id": "a", "reporter": "S\\ud800", "recipient": "y", '
         '"submitted_on": "1/1/2022"}]', "record.bad-text"),
        ("s.json", '[{"id": "a", "\\udc00": "S", "reporter": "x", "recipient": "y", '
         '"submitted_on": "1/1/2022"}]', "record.bad-text"),
        ("s.yaml", f"- {{id: {BIG}, reporter: x, recipient: y, submitted_on: 1/1/2022}}\n",
         "record.too-long"),
        ("s.yaml", "- {id: a, reporter: x, recipient: y, submitted_on: 0001-01-01}\n",
         "record.bad-date"),
    ],
    ids=["json-5000-digits", "json-lone-surrogate", "json-surrogate-key", "yaml-5000-digits",
         "yaml-year-1"],
)
def test_json_and_yaml_record_faults(tmp_path: Path, name: str, text: str, code: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    sub = one(path)
    assert code in codes(sub)
    json.dumps(dict(sub.raw), ensure_ascii=False).encode("utf-8")  # printable and storable
    for p in sub.problems:
        p.message.encode("utf-8")


def test_yaml_refuses_a_lone_surrogate_itself(tmp_path: Path) -> None:
    """PyYAML's reader stops at the escape: a located syntax error of the file."""
    path = tmp_path / "s.yaml"
    path.write_text('- {id: a, reporter: "S\\ud800", recipient: y, submitted_on: 1/1/2022}\n',
                    encoding="utf-8")
    with pytest.raises(BaocaoError) as exc:
        load(path)
    assert [(p.line, p.code) for p in exc.value.problems] == [(1, "yaml.syntax")]


# ---------------------------------------------------------------------------------------
# Two-row headers: group labels above the header (Excel's CSV export of merged cells)

GROUPED = (
    "UBND TỈNH TÂY NINH\n"
    "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN NĂM 2022\n"
    "\n"
    "STT,Văn bản đến,,Tác giả,Nơi nhận,Văn bản,,\n"  # row 4: groups; STT... merged down
    ',Số đến,Ngày đến,,,"Số, ký hiệu",Ngày tháng,Trích yếu\n'  # row 5: the sub-labels
    "(1),(2),(3),(4),(5),(6),(7),(8)\n"
    f"1,S1,14/3/2022,{TN},Bộ TT&TT,12/BC-STTTT,10/3/2022,Báo cáo quý I năm 2022\n"
)


def test_a_two_row_header_is_read_as_one(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(GROUPED, encoding="utf-8")
    batch = load(path)
    (sub,) = batch.submissions
    assert (sub.id, sub.reporter, sub.recipient, sub.submitted_on, sub.document_number,
            sub.title, sub.problems) == ("S1", "so-tttt-tn", "bo-tttt", date(2022, 3, 14),
                                         "12/BC-STTTT", "Báo cáo quý I năm 2022", ())
    assert (sub.raw["STT"], sub.raw["Ngày tháng"]) == ("1", "10/3/2022")  # extra columns
    assert sub.source == f"{path}:7"
    (read,) = batch.files
    assert read.header_row == 5  # the lower row; the upper one is noted
    assert [(r.code, dict(r.params)) for r in read.notes] == [
        ("sheet.title-rows", {"first": 1, "last": 2}),
        ("sheet.group-header", {"row": 4, "header": 5}),
        ("sheet.numbering-row", {"row": 6}),
    ]


def test_sub_labels_under_a_header_that_names_every_field(tmp_path: Path) -> None:
    """The upper row alone names the required fields; the row below adds "Số, ký hiệu" and
    "Trích yếu" under "Văn bản": still one header, not a record."""
    path = tmp_path / "s.csv"
    path.write_text(
        "Số đến,Tác giả,Nơi nhận,Ngày đến,Văn bản,\n"
        ',,,,"Số, ký hiệu",Trích yếu\n'
        f"S1,{TN},Bộ TT&TT,14/3/2022,12/BC-STTTT,Báo cáo quý I năm 2022\n", encoding="utf-8")
    batch = load(path)
    (sub,) = batch.submissions
    assert (sub.document_number, sub.title, sub.problems) == (
        "12/BC-STTTT", "Báo cáo quý I năm 2022", ())
    assert batch.files[0].header_row == 2


def test_sub_labels_repeated_under_two_groups_are_told_apart(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "Số đến,Ngày đến,Tác giả,Nơi nhận,Văn bản,,Phúc đáp,\n"
        ",,,,Số,Ngày,Số,Ngày\n"
        f"S1,14/3/2022,{TN},Bộ TT&TT,12/BC-STTTT,10/3/2022,,\n", encoding="utf-8")
    (sub,) = load(path).submissions
    assert sub.problems == ()
    assert {k: v for k, v in sub.raw.items() if "(" in k} == {
        "Số (Văn bản)": "12/BC-STTTT", "Ngày (Văn bản)": "10/3/2022", "Số (Phúc đáp)": "",
        "Ngày (Phúc đáp)": ""}


@pytest.mark.parametrize(
    "text",
    [
        # a title row right above the header, with the national motto on the right
        f"UBND TỈNH TÂY NINH,,,CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM,,\n{HEADER}\n{ROW}\n",
        # a data row of text only under a header's last, unnamed column: a record, kept
        f"{HEADER},\n,,,,,Ghi chú,thêm\n{ROW},\n",
    ],
    ids=["title-above-header", "text-row-under-header"],
)
def test_rows_that_only_look_like_a_group_header(tmp_path: Path, text: str) -> None:
    path = tmp_path / "s.csv"
    path.write_text(text, encoding="utf-8")
    batch = load(path)
    header = 2 if text.startswith("UBND") else 1
    assert batch.files[0].header_row == header
    assert "sheet.group-header" not in [r.code for r in batch.files[0].notes]
    assert batch.submissions[-1].id == "S1"
    assert len(batch.submissions) == (1 if header == 2 else 2)


# ---------------------------------------------------------------------------------------
# A register of documents received (sổ đăng ký văn bản đến, Nghị định 30/2020/NĐ-CP, Phụ lục
# IV): no recipient column — the office keeping it is the recipient (--recipient)

INCOMING = ("Ngày đến,Số đến,Tác giả,\"Số, ký hiệu\",Ngày tháng,Tên loại và trích yếu nội "
            "dung,Đơn vị hoặc người nhận,Ký nhận,Ghi chú\n")


@pytest.mark.parametrize(
    "header",
    ["Đơn vị hoặc người nhận", "ĐƠN VỊ HOẶC NGƯỜI NHẬN", "Đơn vị, người nhận", "Ngày tháng",
     "Ngày tháng văn bản", "Ký nhận", "Người nhận"],
)
def test_register_columns_that_are_not_the_reports_fields(header: str) -> None:
    """The department or person who handled the document is not the report's recipient;
    the document's own date is not its sending date."""
    assert field_of_header(header) is None


def test_the_recipient_given_for_a_register_without_the_column(tmp_path: Path) -> None:
    path = tmp_path / "so-den.csv"
    path.write_text(INCOMING + f"14/3/2022,101,{TN},12/BC-STTTT,10/3/2022,Báo cáo quý I năm "
                    "2022,Phòng TTBCXB,Hà,\n", encoding="utf-8")
    batch = load_batch([path], REGISTRY, DIRECTIVES, defaults={"recipient": "bo-tttt"})
    (sub,) = batch.submissions
    assert (sub.id, sub.reporter, sub.recipient, str(sub.submitted_on), sub.problems,
            sub.unit_problems) == ("2022/101", "so-tttt-tn", "bo-tttt", "2022-03-14", (), ())
    assert [(r.code, dict(r.params)) for r in sub.notes] == [
        ("record.recipient-default", {"field": "recipient", "unit": "bo-tttt"})]
    assert "recipient" not in sub.raw  # as written: the office's register names none
    assert (sub.raw["Đơn vị hoặc người nhận"], sub.raw["Ngày tháng"]) == ("Phòng TTBCXB",
                                                                         "10/3/2022")
    assert sub.sent_on is None  # the document's date is not when it was sent
    (read,) = batch.files
    assert [(r.code, dict(r.params)) for r in read.notes] == [
        ("record.recipient-default", {"field": "recipient", "unit": "bo-tttt", "records": 1})]


def test_a_recipient_written_in_a_record_wins(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(f"{HEADER}\n{ROW}\n{ROW.replace('S1', 'S2').replace('Bộ TT&TT', '')}\n",
                    encoding="utf-8")
    written, blank = load_batch([path], REGISTRY, DIRECTIVES,
                                defaults={"recipient": "so-tttt-tng"}).submissions
    assert (written.recipient, written.notes) == ("bo-tttt", ())
    assert blank.recipient == "so-tttt-tng"
    assert [r.code for r in blank.notes] == ["record.recipient-default"]


def test_yaml_records_without_a_recipient_take_it_too(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(f"- {{id: y1, reporter: {TN}, submitted_on: 14/3/2022}}\n",
                    encoding="utf-8")
    (sub,) = load_batch([path], REGISTRY, DIRECTIVES, defaults={"recipient": "bo-tttt"}
                        ).submissions
    assert (sub.recipient, sub.problems) == ("bo-tttt", ())


def test_without_the_recipient_a_register_without_the_column_is_refused(
        tmp_path: Path) -> None:
    path = tmp_path / "so-den.csv"
    path.write_text(INCOMING + f"14/3/2022,101,{TN},12/BC-STTTT,10/3/2022,Báo cáo quý I,,,\n",
                    encoding="utf-8")
    with pytest.raises(BaocaoError) as exc:
        load(path)
    (p,) = exc.value.problems
    assert (p.line, p.code, p.params["missing"]) == (1, "csv.missing-column", ("recipient",))
    assert p.message.endswith(
        "a register of documents received has no recipient column: the office keeping it is "
        "the recipient; give it with --recipient UNIT (e.g. --recipient 'Sở TT&TT Thái "
        "Nguyên')")


def test_a_two_row_header_without_the_recipient_misses_only_the_recipient(
        tmp_path: Path) -> None:
    """The message judges the header as read — both rows — not the lower row alone."""
    path = tmp_path / "so-den.csv"
    path.write_text(GROUPED.replace("Nơi nhận", "Đơn vị hoặc người nhận"), encoding="utf-8")
    with pytest.raises(BaocaoError) as exc:
        load(path)
    (p,) = exc.value.problems
    assert (p.line, p.params["missing"]) == (5, ("recipient",))
    assert "--recipient UNIT" in p.message
    (sub,) = load_batch([path], REGISTRY, DIRECTIVES, defaults={"recipient": "bo-tttt"}
                        ).submissions
    assert (sub.reporter, sub.recipient, sub.raw["Đơn vị hoặc người nhận"]) == (
        "so-tttt-tn", "bo-tttt", "Bộ TT&TT")


def test_requests_still_require_their_columns() -> None:
    """--requests files share the reader; the option for registers changes nothing there."""
    from engine.submissions.requests import REQUESTS

    assert REQUESTS.required == ("id", "directive", "obligation", "reporter", "requested_on",
                                 "due")
    assert REQUESTS.hints == {}
    assert SUBMISSIONS.given(["recipient"]).required == ("id", "reporter", "submitted_on")
    assert SUBMISSIONS.required == ("id", "reporter", "recipient", "submitted_on")


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab,"\r\n\x0b\x0c\x1c\x85\u2028\u2029ế ')),
               max_size=60))
def test_csv_lines_are_those_stringio_gives(text: str) -> None:
    """csv_rows reads lines without StringIO's copy of the whole text; the csv reader must
    still see exactly the lines it saw (split at "\\n" only: a "\\r", "\\x85" or "\\u2028" inside
    a cell stays in the cell), so every row and every line number is unchanged."""
    assert list(_lines(text)) == list(io.StringIO(text))
    try:
        expected = list(csv.reader(io.StringIO(text), strict=True))
    except csv.Error:
        expected = None
    try:
        got = [row for _, row in csv_rows(text, "x.csv")]
    except BaocaoError:
        got = None
    assert (got is None) == (expected is None)  # a syntax error either way
    if expected is not None:
        assert got == [[unguarded(c) for c in row] for row in expected
                       if any(c.strip() for c in row)]
