"""Reasons and names as words: the one place a result's codes become text, in either language."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from cli import i18n
from cli.i18n import Lang
from engine import Problem, Reason

if TYPE_CHECKING:
    from engine import RuleBook

_DATES = ("last_day", "received", "as_of", "since", "meeting", "opens")


def vn_date(value: date | None) -> str:
    """dd/mm/yyyy, the form Vietnamese offices write; empty for no date."""
    return value.strftime("%d/%m/%Y") if value else ""


def percent(rate: float | None, lang: Lang | str) -> str:
    """A rate the view computed (a fraction, already rounded down to 0.1%) as words write
    it: ``45,2%`` in Vietnamese, ``45.2%`` in English; a dash when nothing is assessed.

    >>> percent(0.452, "vi"), percent(1.0, "en"), percent(None, "vi")
    ('45,2%', '100%', '–')
    """
    if rate is None:
        return "–"
    tenths = round(rate * 1000)
    text = f"{tenths // 10}" if tenths % 10 == 0 else f"{tenths // 10}.{tenths % 10}"
    return (text.replace(".", ",") if Lang(lang) is Lang.VI else text) + "%"


class _HasPolicy(Protocol):
    @property
    def id(self) -> str: ...


def assumed_marks(notes: Sequence[_HasPolicy]) -> dict[str, str]:
    """A mark per assumed-deadline policy, in the order the view lists them: ``*1``, ``*2``…
    so that an inspector can tell two policies apart (the footnotes say which is which).

    >>> from types import SimpleNamespace as N
    >>> assumed_marks([N(id="cuoi-ky"), N(id="ngay-20")])
    {'cuoi-ky': '*1', 'ngay-20': '*2'}
    """
    return {n.id: f"*{i}" for i, n in enumerate(notes, start=1)}


INFERRED_MARK = "†"  # the recipient or the unit's membership was inferred, not written
PROVISIONAL_MARK = "?"  # the due date's year has no recorded Government day swaps


def clause_text(row: Any) -> str:
    """The directive and the clause ("103/CT-BTTTT III.3"), the other plans' clauses that ask
    for the same report ("+ 02-KH/BCĐ III, đoạn cuối"), and † when the recipient or the unit's
    membership was inferred."""
    text = f"{row.directive_label} {row.clause or row.citation.section}"
    if getattr(row, "also_label", ""):
        text += f" + {row.also_label}"
    if getattr(row, "recipient_inferred", False) or getattr(row, "reporter_inferred", False):
        text += INFERRED_MARK
    return text


def due_text(row: Any, marks: Mapping[str, str]) -> str:
    """The due date, its assumed-policy mark, and ? when it is provisional."""
    text = vn_date(row.due) + marks.get(row.due_policy or "", "")
    return text + PROVISIONAL_MARK if getattr(row, "due_provisional", False) else text


def clause_key(row: Any) -> tuple[str, str, str]:
    """What identifies a clause cited by a row: directive, obligation, section."""
    return (row.directive_id, row.obligation, row.citation.section)


class Texts:
    """Words for one language; unit names and decision reasons come from the rule book."""

    def __init__(self, lang: Lang | str, book: RuleBook | None = None,
                 unit_name: Callable[[str], str] | None = None) -> None:
        self.lang = Lang(lang)
        self.book = book
        self._unit_name = unit_name

    def t(self, key: str, **values: object) -> str:
        return i18n.text(key, self.lang, **values)

    def number(self, value: int) -> str:
        """A count, its thousands grouped as the language writes them (``i18n.number``)."""
        return i18n.number(value, self.lang)

    def unit(self, unit_id: str) -> str:
        if self._unit_name is not None:
            return self._unit_name(unit_id)
        if self.book is not None:
            try:
                return self.book.registry.name(unit_id, self.lang.value)
            except KeyError:
                pass
        return unit_id

    def unit_label(self, unit_id: str) -> str:
        """The short form tables show (the registry's label)."""
        if self.book is not None:
            try:
                return self.book.registry.label(unit_id, self.lang.value)
            except KeyError:
                pass
        return unit_id

    def duty(self, ref: str) -> str:
        """"directive/obligation" as people cite it: "103/CT-BTTTT III.3"; as given when it
        is not one of the rule book's."""
        directive_id, _, obligation_id = ref.partition("/")
        if self.book is None:
            return ref
        ob = self.book.obligations.get((directive_id, obligation_id.split("/")[0]))
        if ob is None:
            return ref
        from engine import directive_label

        label = directive_label(self.book, self.book.directive(directive_id), self.lang.value)
        return f"{label} {ob.citation.section}"

    def instance(self, key: str, *, with_unit: bool = False) -> str:
        """An expected report's key (directive/obligation/unit/period) in words: "103/CT-BTTTT
        III.3 — kỳ 2022-Q2", with the unit first when asked."""
        parts = key.split("/")
        duty = self.duty(key)
        if len(parts) < 4 or duty == key:
            return key
        text = self.t("explain.instance", clause=duty, period="/".join(parts[3:]))
        return f"{self.unit_label(parts[2])} — {text}" if with_unit else text

    def doctype(self, type_id: object) -> str:
        """A kind of document as an office names it ("giấy mời", "công văn")."""
        if self.book is None or not isinstance(type_id, str):
            return str(type_id or "?")
        found = self.book.doctypes.get(type_id)
        if found is None:
            return type_id
        name = found.name_en if self.lang is Lang.EN and found.name_en else found.name
        return name.lower() if self.lang is Lang.VI else name

    def reason(self, reason: Reason) -> str:
        code, params = reason.code, reason.params
        detail = str(params.get("detail") or code)
        if code.startswith("decision."):
            name = code.removeprefix("decision.")
            found = self._decision(name)
            if found or self.lang is Lang.EN:
                return found or detail
            return i18n.REASONS["decision.*"][0].format(rule=name)
        pair = i18n.REASONS.get(code)
        if pair is None:
            return detail
        template = pair[1] if self.lang is Lang.EN else pair[0]
        try:
            return template.format_map(self._prepared(params, ids=False))
        except (KeyError, IndexError, ValueError):
            return detail

    def _decision(self, name: str) -> str | None:
        if self.book is None:
            return None
        try:
            return self.book.decisions.rule(name).reason(self.lang.value)
        except KeyError:
            return None

    def _prepared(self, params: Mapping[str, Any], ids: bool = True) -> dict[str, Any]:
        """Parameters as a sentence shows them. ``ids``: name units by id and name, as a rule
        author writes them; a record's reasons (for a clerk) name them only."""
        out: dict[str, Any] = dict(params)
        if not ids:
            if isinstance(out.get("instance"), str):
                out["instance"] = self.instance(out["instance"])
            for key in ("others", "owed"):
                if isinstance(out.get(key), tuple | list):
                    out[key] = tuple(dict.fromkeys(self.duty(o) for o in out[key]))
        if self.lang is Lang.VI and isinstance(out.get("missing"), tuple | list):
            # fields a header lacks, by the clerk's column names ("Nơi nhận", not recipient)
            out["missing"] = tuple(f"“{i18n.FIELD_LABELS[m]}”" if m in i18n.FIELD_LABELS else m
                                   for m in out["missing"])
        field = out.get("field")
        if self.lang is Lang.VI and isinstance(field, str) and field in i18n.FIELD_LABELS:
            out["field"] = f"cột “{i18n.FIELD_LABELS[field]}”"
        for key in _DATES:
            if isinstance(out.get(key), str):
                out[key] = vn_date(date.fromisoformat(out[key]))
        if "inputs" in out:
            out["inputs"] = "; ".join(self.unit(u) for u in out["inputs"] or ())
        if "recipients" in out:
            out["recipients"] = "; ".join(self.unit(u) for u in out["recipients"] or ())
        if isinstance(out.get("unit"), str):
            out["unit"] = self.unit(out["unit"])
        if "successor" in out:
            out["successor"] = f" → {self.unit(out['successor'])}" if out["successor"] else ""
        if "type" in out:
            out["type_name"] = self.doctype(out["type"])
        for key in ("periods", "owed", "counts", "known", "others", "missing", "records",
                    "rules"):
            if key in out and (out[key] is None or isinstance(out[key], tuple | list)):
                out[key] = ", ".join(out[key] or ())
        if isinstance(out.get("first"), int) and isinstance(out.get("last"), int):
            first, last = out["first"], out["last"]
            span = str(first) if first == last else f"{first}–{last}"
            word = "dòng" if self.lang is Lang.VI else "row" if first == last else "rows"
            out["span"] = f"{word} {span}"
        if isinstance(out.get("rows"), tuple):
            shown = ", ".join(out["rows"])
            out["rows"] = shown + ("…" if len(out["rows"]) < out.get("number", 0) else "")
        candidates = tuple(out.get("candidates") or ())
        out["count"] = len(candidates)
        out["candidates"] = "; ".join(
            (f"{c} ({self.unit(c)})" if ids else self.unit(c)) if self.unit(c) != c else c
            for c in candidates)
        hint = "; có phải: " if self.lang is Lang.VI else "; did you mean: "
        out["suggestions"] = f"{hint}{out['candidates']}?" if candidates else ""
        return out

    def problem(self, problem: Problem) -> str:
        """An error's message in this language (``i18n.ERRORS``), else the engine's own.

        Templates are tried from the most specific: ``code.variant`` (a raise site that says
        which of its sentences it is), ``code``, a record reason of the same code
        (``i18n.REASONS``), then the code's family (``schema.*``); the first whose parameters
        the problem carries is used."""
        if self.lang is Lang.EN:
            return problem.message
        params = dict(problem.params)
        code = problem.code
        if code == "option.unit" and "kind" in params:
            templates = [i18n.REASONS.get(f"unit.{params['kind']}", ("", ""))[0]]
            params["field"] = "--unit"
        else:
            if code == "option.since" and "period" in params:
                code = "option.since.period"
            elif code == "option.since" and "label" in params:
                code = "option.since.future"
            keys = [f"{code}.{params['variant']}"] if "variant" in params else []
            keys.append(code)
            templates = [i18n.ERRORS.get(key, ("", ""))[0] for key in keys]
            templates.append(i18n.REASONS.get(code, ("", ""))[0])
            templates.append(i18n.ERRORS.get(f"{code.split('.', 1)[0]}.*", ("", ""))[0])
        params["detail"] = problem.message
        params.setdefault("code", problem.code)
        try:
            prepared = self._prepared(params)
        except (KeyError, IndexError, ValueError):
            return problem.message
        for template in templates:
            if not template:
                continue
            try:
                text = template.format_map(prepared)
            except (KeyError, IndexError, ValueError):
                continue
            return text.removeprefix(f"{problem.file}: ") if problem.file else text
        return problem.message

    def reasons(self, reasons: tuple[Reason, ...]) -> str:
        return "; ".join(self.reason(r) for r in reasons)
