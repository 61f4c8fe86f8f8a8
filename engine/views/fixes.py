"""What to fix: for a record that needs a person, the action its reasons call for.

A reason says what is wrong ("sent to the wrong recipient", "the name fits 3 units"); a fix
says what to do about it ("send it to Bộ TT&TT", "write one of: ..."). Fixes are codes with
parameters like reasons, so the JSON and the register stay language-independent; the words
are written by the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.model import Disposition, Reason

__all__ = ["ATTENTION", "fixes"]

# Dispositions a person must act on (a duplicate is harmless: the earliest report counts).
ATTENTION = frozenset(
    {Disposition.MISROUTED, Disposition.UNMATCHED, Disposition.UNKNOWN_UNIT, Disposition.INVALID}
)

_BY_CODE = {
    "match.expected-recipient": "fix.recipient",
    "unit.ambiguous": "fix.choose-unit",
    "unit.group": "fix.one-unit",
    "record.bad-date": "fix.date",
    "record.bad-period": "fix.period",
    "record.unknown-directive": "fix.directive",
    "record.unknown-obligation": "fix.obligation",
    "record.duplicate-id": "fix.id",
    "record.too-long": "fix.retype",
    "record.bad-text": "fix.retype",
    "record.after-as-of": "fix.as-of",
    "csv.extra-cells": "fix.quote",
    "record.shape": "fix.shape",
    "register.conflict": "fix.conflict",
    "match.unknown-directive": "fix.other-directive",
    "match.other-subject": "fix.subject",
    "match.too-early": "fix.too-early",
}
_KEPT = ("field", "recipients", "candidates", "name", "first", "received", "id", "stored",
         "directive", "owed", "period", "opens")


def fixes(disposition: Disposition, reasons: Sequence[Reason]) -> tuple[Reason, ...]:
    """The fixes a record's reasons call for, each once, in the order of the reasons."""
    if disposition not in ATTENTION:
        return ()
    out: dict[tuple[str, str], Reason] = {}
    for reason in reasons:
        code = _fix_code(reason)
        if code is None:
            continue
        params = {k: v for k, v in reason.params.items() if k in _KEPT}
        out.setdefault((code, str(params.get("field", ""))), Reason(code, params))
    if disposition is Disposition.UNMATCHED and not out:
        out[("fix.nothing-owed", "")] = Reason("fix.nothing-owed")
    return tuple(out.values())


def _fix_code(reason: Reason) -> str | None:
    if reason.code == "unit.unknown":
        return "fix.did-you-mean" if reason.params.get("candidates") else "fix.unknown-unit"
    if reason.code.startswith("schema."):
        return "fix.fill" if reason.code == "schema.required" else "fix.retype"
    return _BY_CODE.get(reason.code)
