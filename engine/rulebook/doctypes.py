"""Loading ``doctypes.yaml``: the kinds of documents a register holds (tên loại, NĐ 30/2020
Phụ lục III). The schema gives the shape; here, what only the whole list can say: an id, an
abbreviation or an opening word claimed by two kinds, and at most one kind for numbers
without an abbreviation."""

from __future__ import annotations

import unicodedata

from engine.errors import BaocaoError, Problem
from engine.model.documents import DocumentType, DocumentTypes
from engine.rulebook.schemas import validate
from engine.sources.located import Located
from engine.time.dates import fold_vietnamese

__all__ = ["build_doctypes", "code_key"]


def build_doctypes(located: Located) -> DocumentTypes:
    problems = validate(located, "doctypes")
    if problems:
        raise BaocaoError(problems)
    claimed: dict[tuple[str, str], tuple[str, str]] = {}  # (what, value) -> (kind, pointer)
    uncoded: str | None = None
    types = []
    for i, raw in enumerate(located.data["types"]):
        pointer = f"/types/{i}"
        _claim(located, claimed, ("id", raw["id"]), (str(i), f"{pointer}/id"), problems,
               f"kind {raw['id']!r} is already defined")
        for j, code in enumerate(raw.get("codes", ())):
            # ĐA (đề án) and DA (dự án), HĐ and HD are different abbreviations
            _claim(located, claimed, ("code", code_key(code)), (raw["id"], f"{pointer}/codes/{j}"),
                   problems, f"the abbreviation {code!r} already names another kind")
        for j, words in enumerate(raw.get("opens", ())):
            _claim(located, claimed, ("opens", fold_vietnamese(words)),
                   (raw["id"], f"{pointer}/opens/{j}"), problems,
                   f"the opening words {words!r} already name another kind")
        if raw.get("uncoded"):
            if uncoded is not None:
                problems.append(located.problem(
                    f"{pointer}/uncoded", "doctypes.duplicate",
                    f"only one kind is the kind of numbers without an abbreviation; "
                    f"{uncoded!r} already is (the công văn)"))
            uncoded = raw["id"]
        types.append(DocumentType(
            id=raw["id"], name=raw["name"], report=raw["report"], name_en=raw.get("name_en"),
            codes=tuple(raw.get("codes", ())), opens=tuple(raw.get("opens", ())),
            uncoded=bool(raw.get("uncoded", False)),
            report_when=tuple(raw.get("report_when", ())),
        ))
    if problems:
        raise BaocaoError(problems)
    return DocumentTypes(tuple(types))


def code_key(code: str) -> str:
    """An abbreviation as compared: case and spacing aside, đ kept (HĐ hợp đồng is not HD
    hướng dẫn)."""
    return "".join(unicodedata.normalize("NFC", code).casefold().split())


def _claim(located: Located, claimed: dict[tuple[str, str], tuple[str, str]],
           key: tuple[str, str], owner: tuple[str, str], problems: list[Problem],
           message: str) -> None:
    """``owner``: (the kind claiming, where); the same kind may write a value twice (two
    spellings that fold alike), another kind may not."""
    first = claimed.setdefault(key, owner)
    if first[0] != owner[0]:
        line = located.where(first[1])[0]
        problems.append(located.problem(owner[1], "doctypes.duplicate",
                                        f"{message} (line {line}); each is listed once"))
