"""What kind of document a record is: a report, or an invitation, a plan, a letter …

Read the way a clerk reads a register row (``rules/doctypes.yaml``): a ``loai`` column when the
register has one; else the words that open the "Tên loại và trích yếu" ("Báo cáo …", "Giấy
mời …", "V/v …"); else the abbreviation in the số ký hiệu ("812/BC-SCT", Party style
"310-BC/BTGTU"; none at all, "1200/SVHTTDL-QLVH", is a công văn). Each distinct (kind column,
title, number) is read once: registers repeat them.

>>> from engine.model.documents import DocumentType, DocumentTypes
>>> reader = KindReader(DocumentTypes((
...     DocumentType("bao_cao", "Báo cáo", True, codes=("BC",), opens=("báo cáo",)),
...     DocumentType("giay_moi", "Giấy mời", False, codes=("GM",), opens=("giấy mời",)),
...     DocumentType("cong_van", "Công văn", False, opens=("V/v",), uncoded=True,
...                  report_when=("báo cáo",)))))
>>> reader.read("Giấy mời dự Hội nghị tổng kết năm 2022", None, None)
DocumentKind(type='giay_moi', report=False, source='title')
>>> reader.read("V/v báo cáo kết quả 6 tháng", None, None).report
True
>>> reader.read("Công văn số 12/SCT-VP V/v báo cáo kết quả", None, None).report
True
>>> reader.read("Kịch bản tuyên truyền", "1702/SVHTTDL-NVVH", None)
DocumentKind(type='cong_van', report=False, source='number')
>>> reader.read(None, "310-BC/BTGTU", None).type
'bao_cao'
>>> reader.read("Sở TT&TT Tây Ninh báo cáo kết quả quý I/2022", None, None).type
'bao_cao'
>>> reader.read(None, None, None)
DocumentKind(type=None, report=None, source='')
"""

from __future__ import annotations

import re

from engine.model.documents import UNREAD, DocumentKind, DocumentType, DocumentTypes
from engine.rulebook.doctypes import code_key
from engine.time.dates import fold_vietnamese

__all__ = ["KindReader", "number_code"]

# "812/BC-SCT", "Số: 45 /BC-STTTT", "45/2025/NĐ-CP", "310-BC/BTGTU", "02-KH/BCĐ" (read on
# the number as written, case aside: the abbreviation keeps its đ).
_NUMBER = re.compile(r"^\s*(?:s[ốoô]\s*:?\s*)?\d{1,6}\s*(?:/\s*\d{4}\s*)?(?P<sep>[/-])\s*"
                     r"(?P<code>[^\W\d_]+)(?P<rest>.*)$")
# Before a cover letter's matter: its number ("Công văn số 123/SCT-QLTM V/v …"), "về việc",
# "gửi" (the letter sends what follows).
_COVER = re.compile(r"^(?:so\s*:?\s*\S+\s*)?(?:(?:v/v|ve viec)\s*:?\s*)?(?:gui\s+)?")
# What may follow opening words: the end, a space or punctuation ("Báo cáo:", "V/v:").
_BOUNDARY = re.compile(r"$|[\s:;,.\-–—(]")


def number_code(number: str) -> tuple[str, bool] | None:
    """The abbreviation of a document number (``code_key``), and whether the number has the
    form that carries one ("N/CODE-ISSUER" or, in Party style, "N-CODE/ISSUER"); None when the
    text is no document number.

    >>> number_code("812/BC-SCT"), number_code("310-BC/BTGTU"), number_code("12/HĐ-UBND")
    (('bc', True), ('bc', True), ('hđ', True))
    >>> number_code("45") is None, number_code("1702/SVHTTDL")
    (True, ('svhttdl', False))
    """
    m = _NUMBER.match(code_key(number) if len(number) < 200 else "")
    if m is None:
        return None
    rest = m["rest"].strip()
    # state style: N/CODE-ISSUER; Party style: N-CODE/ISSUER (a second separator follows)
    coded = rest[:1] in ("-", "/") if m["sep"] == "/" else rest[:1] == "/"
    return m["code"], coded


class KindReader:
    """The vocabulary compiled once; a record's kind read once per distinct text."""

    def __init__(self, vocabulary: DocumentTypes) -> None:
        self.vocabulary = vocabulary
        self._codes: dict[str, DocumentType] = {}
        folded: dict[str, set[str]] = {}  # a code typed without its đ: "QD" for "QĐ"
        self._names: dict[str, DocumentType] = {}
        openings: list[tuple[str, DocumentType]] = []
        self._uncoded: DocumentType | None = None
        for t in vocabulary.types:
            for code in t.codes:
                self._codes[code_key(code)] = t
                folded.setdefault(fold_vietnamese(code), set()).add(code_key(code))
            for key in (t.id, t.name, t.name_en or ""):
                if key:
                    self._names[fold_vietnamese(key)] = t
            openings += [(fold_vietnamese(w), t) for w in t.opens]
            if t.uncoded:
                self._uncoded = t
        for plain, keys in folded.items():
            if len(keys) == 1 and plain not in self._codes:
                self._codes[plain] = self._codes[next(iter(keys))]
        # longest first: "bản báo cáo" before "báo cáo", "giấy mời" before anything shorter
        self._openings = sorted(openings, key=lambda o: -len(o[0]))
        # a report kind's opening words (of two words or more) written inside a title
        self._reporting = [(re.compile(rf"(?<![\w/]){re.escape(w)}(?![\w/])"), t)
                           for w, t in self._openings if t.report and " " in w]
        self._cache: dict[tuple[str | None, tuple[str, bool] | None, str | None],
                          DocumentKind] = {}

    def read(self, title: str | None, number: str | None, column: str | None) -> DocumentKind:
        """Every document number is its own, titles and kinds repeat: the number is reduced to
        its abbreviation first, and each distinct (title, abbreviation, column) read once."""
        code = number_code(number) if number else None
        key = (title, code, column)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = self._read(title, code, column)
        return found

    def _read(self, title: str | None, code: tuple[str, bool] | None,
              column: str | None) -> DocumentKind:
        folded = fold_vietnamese(title or "").lstrip(" -–—*•.:")
        if column and column.strip():
            named = self._names.get(fold_vietnamese(column)) or self._codes.get(
                code_key(column)) or self._opening(fold_vietnamese(column))[0]
            if named is not None:
                return self._kind(named, folded, "column")
        if folded:
            opened, rest = self._opening(folded)
            if opened is not None:
                return self._kind(opened, rest, "title")
        if code is not None:
            abbreviation, coded = code
            if coded and abbreviation in self._codes:
                return self._kind(self._codes[abbreviation], folded, "number")
            if self._uncoded is not None:
                return self._kind(self._uncoded, folded, "number")
        # "Sở TT&TT Tây Ninh báo cáo kết quả quý I/2022": the sender's name first, then a
        # report's words: a report
        for words, t in self._reporting:
            if words.search(folded):
                return DocumentKind(t.id, True, "title")
        return UNREAD

    def _opening(self, folded: str) -> tuple[DocumentType | None, str]:
        for words, t in self._openings:
            if folded.startswith(words) and _BOUNDARY.match(folded, len(words)):
                return t, folded[len(words):].lstrip(" :;,.-–—(")
        return None, folded

    def _kind(self, t: DocumentType, matter: str, source: str) -> DocumentKind:
        """A kind that is not a report is one when its matter opens with a report's words
        (a công văn "V/v báo cáo kết quả …"); a cover letter whose matter opens with another
        kind ("V/v gửi Kế hoạch thực hiện …") sends that kind."""
        if t.report or not t.report_when:
            return DocumentKind(t.id, t.report, source)
        matter = _COVER.sub("", matter)
        for words in t.report_when:
            w = fold_vietnamese(words)
            if matter.startswith(w) and _BOUNDARY.match(matter, len(w)):
                return DocumentKind(t.id, True, source)
        inner, _ = self._opening(matter)
        if inner is not None and inner.id != t.id and not inner.report_when:
            return DocumentKind(inner.id, inner.report, source)
        return DocumentKind(t.id, False, source)
