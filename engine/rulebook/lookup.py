"""Looking up a directive or obligation a person named ("103/CT-BTTTT", "ct-103-btttt-2021").

The one place a directive named by a person is looked up: submissions, --directive, rules
show. Case, spaces, diacritics and '-'/'/' slips are forgiven only when the result is unique.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from engine.model import Directive
from engine.time.dates import fold_vietnamese

_MAX_LISTED = 12


@dataclass(frozen=True)
class Fault:
    """What did not resolve: the field, a problem code and the message."""

    field: str
    code: str
    message: str


def _strict_key(text: str) -> str:
    return "".join(fold_vietnamese(text).split())


def _loose_key(text: str) -> str:
    return re.sub(r"[-/._]", "", _strict_key(text))


class DirectiveIndex:
    """Directives by id and by number as written; '-' vs '/' slips accepted only if unique.

    The one place a directive named by a person is looked up (submissions and --directive).
    """

    def __init__(self, directives: Sequence[Directive]) -> None:
        self.directives = tuple(directives)
        self._strict: dict[str, list[Directive]] = {}
        self._loose: dict[str, list[Directive]] = {}
        for d in self.directives:
            names = {d.id} | ({d.number} if d.number else set())
            for key_of, table in ((_strict_key, self._strict), (_loose_key, self._loose)):
                for k in {key_of(n) for n in names}:
                    table.setdefault(k, []).append(d)
        self._obligations: dict[str, list[tuple[Directive, str]]] = {}
        for d in self.directives:
            for ob in d.obligations:
                self._obligations.setdefault(ob.id.casefold(), []).append((d, ob.id))

    def resolve(
        self, directive: str | None, obligation: str | None
    ) -> tuple[str | None, str | None, tuple[Fault, ...]]:
        """Directive id and obligation id a record names, and what did not resolve."""
        found: Directive | None = None
        if directive is not None:
            try:
                found = self.find(directive)
            except LookupError as err:
                return None, None, (Fault("directive", "record.unknown-directive", str(err)),)
        if obligation is None:
            return (found.id if found else None), None, ()
        key = obligation.strip().casefold()
        bad = "record.unknown-obligation"
        if found is not None:
            match = [ob.id for ob in found.obligations if ob.id.casefold() == key]
            if match:
                return found.id, match[0], ()
            known = _listed([ob.id for ob in found.obligations])
            message = (f"directive {found.label} has no obligation {obligation!r}; "
                       f"known: {known}")
            return found.id, None, (Fault("obligation", bad, message),)
        owners = self._obligations.get(key, [])
        if len(owners) == 1:
            d, ob_id = owners[0]
            return d.id, ob_id, ()
        if owners:
            named = _listed([d.label for d, _ in owners])
            message = (f"{obligation!r} exists in several directives ({named}); "
                       "add 'directive' to say which")
        else:
            known = _listed(
                sorted(f"{d.id}/{ob.id}" for d in self.directives for ob in d.obligations)
            )
            message = f"unknown obligation {obligation!r}; known: {known}"
        return None, None, (Fault("obligation", bad, message),)

    def knows(self, text: str) -> bool:
        """Whether ``text`` names a directive of the rules (one, or several: ambiguous)."""
        return any(table.get(key_of(text)) for table, key_of in
                   ((self._strict, _strict_key), (self._loose, _loose_key)))

    def find(self, text: str) -> Directive:
        """The one directive ``text`` names; LookupError saying why (unknown or ambiguous)."""
        for table, key in ((self._strict, _strict_key(text)), (self._loose, _loose_key(text))):
            hits = table.get(key, [])
            if len(hits) == 1:
                return hits[0]
            if hits:
                named = _listed([_directive_name(d) for d in hits])
                raise LookupError(f"{text!r} is ambiguous; it could be {named}")
        known = _listed([_directive_name(d) for d in self.directives])
        raise LookupError(f"unknown directive {text!r}; known: {known}")


def _directive_name(d: Directive) -> str:
    return f"{d.number} ({d.id})" if d.number else d.id


def _listed(names: Sequence[str]) -> str:
    if not names:
        return "(none)"
    shown = ", ".join(names[:_MAX_LISTED])
    more = len(names) - _MAX_LISTED
    return f"{shown} and {more} more" if more > 0 else shown
