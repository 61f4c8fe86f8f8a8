"""The fields of a submission record (DESIGN.md) and the column headers offices write for them."""

from __future__ import annotations

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

# CSV headers as registers and Excel exports write them, folded (see ``header_key``).
_HEADER_SYNONYMS = {
    "ma": "id",
    "so hieu": "document_number",
    "so ky hieu": "document_number",
    "so, ky hieu": "document_number",
    "don vi bao cao": "reporter",
    "don vi": "reporter",
    "don vi gui": "reporter",
    "noi gui": "reporter",
    "noi nhan": "recipient",
    "don vi nhan": "recipient",
    "ngay nhan": "submitted_on",
    "ngay den": "submitted_on",
    "ngay gui": "sent_on",
    "ky bao cao": "period",
    "trich yeu": "title",
    "trich yeu noi dung": "title",
    "tieu de": "title",
}
HEADER_EXAMPLE = "id,reporter,recipient,submitted_on (or: mã,đơn vị báo cáo,nơi nhận,ngày nhận)"


def header_key(cell: str) -> str:
    return " ".join(fold_vietnamese(cell).replace("_", " ").split())


_HEADER_FIELDS = {f.replace("_", " "): f for f in FIELDS} | _HEADER_SYNONYMS


def field_of_header(cell: str) -> str | None:
    """The field a column header means, or None for a column kept as written."""
    return _HEADER_FIELDS.get(header_key(cell))
