"""Kinds of documents (tên loại): the vocabulary of ``rules/doctypes.yaml`` and what was read
of one record.

A register holds invitations, plans, decisions and letters beside the reports; only a report
fulfils a reporting duty, unless the duty asks for another kind (a plan). The vocabulary is
data, so an office adds a kind or an abbreviation without touching code.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["REPORT", "DocumentKind", "DocumentType", "DocumentTypes"]

REPORT = "bao_cao"  # the kind every obligation accepts unless its deliverable says otherwise


@dataclass(frozen=True, slots=True)
class DocumentType:
    id: str  # "bao_cao"
    name: str  # "Báo cáo"
    report: bool
    name_en: str | None = None
    codes: tuple[str, ...] = ()  # abbreviations in the số ký hiệu: "BC"
    opens: tuple[str, ...] = ()  # words that open a trích yếu: "báo cáo"
    uncoded: bool = False  # a number without a known abbreviation is of this kind
    report_when: tuple[str, ...] = ()  # its matter opening with these makes it a report


@dataclass(frozen=True, slots=True)
class DocumentTypes:
    types: tuple[DocumentType, ...]

    def get(self, type_id: str | None) -> DocumentType | None:
        for t in self.types:
            if t.id == type_id:
                return t
        return None


@dataclass(frozen=True, slots=True)
class DocumentKind:
    """What one record is, as read: its kind (None when nothing says), whether it is a report
    (None when that cannot be told, so it is judged as a report), and where that was read."""

    type: str | None
    report: bool | None
    source: str = ""  # "column" | "title" | "number" | "": what said it

    @property
    def may_report(self) -> bool:
        """A report, or a record whose kind cannot be told (judged as one, and said so)."""
        return self.report is not False


UNREAD = DocumentKind(None, None)
