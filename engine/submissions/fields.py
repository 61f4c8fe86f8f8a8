"""The fields of a submission record (docs/design.md#submission-input) and the column headers
offices write for them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace

from engine.time.dates import fold_vietnamese

FIELDS = (
    "id",
    "reporter",
    "recipient",
    "submitted_on",
    "period",
    "directive",
    "obligation",
    "title",
    "document_number",
    "sent_on",
)
REQUIRED = ("id", "reporter", "recipient", "submitted_on")

# Column headers as registers and Excel exports write them, folded (see ``header_key``):
# the register of incoming documents (sổ đăng ký văn bản đến) and the reporting offices' own.
_HEADER_SYNONYMS = {
    "ma": "id",
    "so den": "id",
    "ma so": "id",
    "ma bao cao": "id",
    "so hieu": "document_number",
    "so ky hieu": "document_number",
    "so va ky hieu": "document_number",
    "so ky hieu van ban": "document_number",
    "don vi bao cao": "reporter",
    "don vi": "reporter",
    "don vi gui": "reporter",
    "noi gui": "reporter",
    "co quan gui": "reporter",
    "co quan bao cao": "reporter",
    "tac gia": "reporter",
    # the incoming register of NĐ 30/2020/NĐ-CP, Phụ lục IV: "Nơi gửi văn bản"/"Cơ quan ban
    # hành" is who sent it
    "co quan ban hanh": "reporter",
    "noi ban hanh": "reporter",
    "noi gui van ban": "reporter",
    "don vi ban hanh": "reporter",
    "noi nhan": "recipient",
    "don vi nhan": "recipient",
    "co quan nhan": "recipient",
    "ngay nhan": "submitted_on",
    "ngay den": "submitted_on",
    "ngay gui": "sent_on",
    # the kind of document, when the register has its own column (rules/doctypes.yaml)
    "ten loai": "loai",
    "loai van ban": "loai",
    "loai vb": "loai",
    "ten loai van ban": "loai",
    "loai": "loai",
    # an item's own date (a tin aired, a bài published): it counts for its quota on that day
    "ngay phat song": "item_date",
    "ngay dang": "item_date",
    "ngay dang tin": "item_date",
    "ngay xuat ban": "item_date",
    "ngay phat hanh": "item_date",
    "ky bao cao": "period",
    "ky": "period",
    "trich yeu": "title",
    "trich yeu noi dung": "title",
    "tieu de": "title",
    "ten bao cao": "title",
    "ten loai va trich yeu noi dung": "title",
    "van ban yeu cau": "directive",
    "nghia vu": "obligation",
}
# A register's own row number (STT): kept as written, never an id.
_ROW_NUMBER_HEADERS = frozenset({"stt", "tt", "so tt", "so thu tu"})
HEADER_EXAMPLE = "id,reporter,recipient,submitted_on (or: mã,đơn vị báo cáo,nơi nhận,ngày nhận)"

_NOTE = re.compile(r"\([^()]*\)\s*$")  # "Ngày đến (dd/mm/yyyy)"
_PUNCT = re.compile(r"[,;/.:_*\-–]+")


def header_key(cell: str) -> str:
    """A header as compared: folded, a trailing "(...)" note and punctuation dropped.

    >>> header_key("Số, ký hiệu")
    'so ky hieu'
    >>> header_key("Ngày\\nđến (dd/mm/yyyy)")
    'ngay den'
    """
    text = _NOTE.sub("", cell) if _NOTE.search(cell) and _NOTE.sub("", cell).strip() else cell
    return " ".join(_PUNCT.sub(" ", fold_vietnamese(text)).split())


_HEADER_FIELDS = {header_key(f): f for f in FIELDS} | _HEADER_SYNONYMS


def field_of_header(cell: str) -> str | None:
    """The field a column header means, or None for a column kept as written."""
    return _HEADER_FIELDS.get(header_key(cell))


def is_row_number_header(cell: str) -> bool:
    return header_key(cell) in _ROW_NUMBER_HEADERS


def row_number_of(raw: Mapping[str, object]) -> str | None:
    """The register's own row number (STT) of a record as written, if it has one."""
    for key, value in raw.items():
        if is_row_number_header(key) and value not in (None, ""):
            return str(value)
    return None


@dataclass(frozen=True)
class Shape:
    """What records of one kind look like: their fields, the required ones, what column
    headers offices write for them, and the key a YAML/JSON file may wrap its list in.
    ``hints``: what to do when a required column is missing, by field."""

    fields: tuple[str, ...]
    required: tuple[str, ...]
    header: Callable[[str], str | None]
    example: str
    key: str
    hints: Mapping[str, str] = field(default_factory=dict)

    def given(self, fields: Iterable[str]) -> Shape:
        """The shape of records whose ``fields`` are given another way (an option): those
        columns are no longer required in the header."""
        given = frozenset(fields)
        return replace(self, required=tuple(f for f in self.required if f not in given))


# The note a record gets when a field it leaves absent or blank is given by an option; the
# file it is in gets it too, with the number of records that took the value.
DEFAULT_NOTES = {"recipient": "record.recipient-default"}

# The register of documents received (sổ đăng ký văn bản đến, Nghị định 30/2020/NĐ-CP, Phụ
# lục IV) has no recipient column: the office keeping it is the recipient of every row.
RECIPIENT_HINT = ("a register of documents received has no recipient column: the office "
                  "keeping it is the recipient; give it with --recipient UNIT (e.g. "
                  "--recipient 'Sở TT&TT Thái Nguyên')")
SUBMISSIONS = Shape(FIELDS, REQUIRED, field_of_header, HEADER_EXAMPLE, "submissions",
                    hints={"recipient": RECIPIENT_HINT})
