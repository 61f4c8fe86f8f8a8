"""Reasons and names as words: the one place a result's codes become text, in either language."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from cli import i18n
from cli.i18n import Lang
from engine import Reason

if TYPE_CHECKING:
    from engine import RuleBook

_DATES = ("last_day", "received", "as_of")


def vn_date(value: date | None) -> str:
    """dd/mm/yyyy, the form Vietnamese offices write; empty for no date."""
    return value.strftime("%d/%m/%Y") if value else ""


class Texts:
    """Words for one language; unit names and decision reasons come from the rule book."""

    def __init__(self, lang: Lang | str, book: RuleBook | None = None,
                 unit_name: Callable[[str], str] | None = None) -> None:
        self.lang = Lang(lang)
        self.book = book
        self._unit_name = unit_name

    def t(self, key: str, **values: object) -> str:
        return i18n.text(key, self.lang, **values)

    def unit(self, unit_id: str) -> str:
        if self._unit_name is not None:
            return self._unit_name(unit_id)
        if self.book is not None:
            try:
                return self.book.registry.name(unit_id, self.lang.value)
            except KeyError:
                pass
        return unit_id

    def reason(self, reason: Reason) -> str:
        code, params = reason.code, reason.params
        detail = str(params.get("detail") or code)
        if code.startswith("decision."):
            return self._decision(code.removeprefix("decision.")) or detail
        pair = i18n.REASONS.get(code)
        if pair is None:
            return detail
        template = pair[1] if self.lang is Lang.EN else pair[0]
        try:
            return template.format_map(self._prepared(params))
        except (KeyError, IndexError, ValueError):
            return detail

    def _decision(self, name: str) -> str | None:
        if self.book is None:
            return None
        try:
            return self.book.decisions.rule(name).reason(self.lang.value)
        except KeyError:
            return None

    def _prepared(self, params: Mapping[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = dict(params)
        for key in _DATES:
            if isinstance(out.get(key), str):
                out[key] = vn_date(date.fromisoformat(out[key]))
        if "recipients" in out:
            out["recipients"] = "; ".join(self.unit(u) for u in out["recipients"] or ())
        if isinstance(out.get("unit"), str):
            out["unit"] = self.unit(out["unit"])
        if "successor" in out:
            out["successor"] = f" → {self.unit(out['successor'])}" if out["successor"] else ""
        for key in ("periods", "owed", "counts"):
            if key in out:
                out[key] = ", ".join(out[key] or ())
        if isinstance(out.get("first"), int) and isinstance(out.get("last"), int):
            first, last = out["first"], out["last"]
            out["span"] = str(first) if first == last else f"{first}–{last}"
        if isinstance(out.get("rows"), tuple):
            shown = ", ".join(out["rows"])
            out["rows"] = shown + ("…" if len(out["rows"]) < out.get("number", 0) else "")
        candidates = tuple(out.get("candidates") or ())
        out["count"] = len(candidates)
        out["candidates"] = "; ".join(f"{c} ({self.unit(c)})" for c in candidates)
        hint = "; có phải: " if self.lang is Lang.VI else "; did you mean: "
        out["suggestions"] = f"{hint}{out['candidates']}?" if candidates else ""
        return out

    def reasons(self, reasons: tuple[Reason, ...]) -> str:
        return "; ".join(self.reason(r) for r in reasons)
