"""Loading ``calendar/policies.yaml``: named default deadlines for directives that state none.

The schema checks every field (id form, reading, day range, month, that 'before'/'by' have a
day and a month, non-empty descriptions); what is left is the one thing a schema cannot say:
an id defined twice.
"""

from __future__ import annotations

from typing import Any

from engine.errors import BaocaoError
from engine.model import Policy, Reading
from engine.rulebook.schemas import validate
from engine.sources.located import Located
from engine.time.deadlines import parse_month_ref

__all__ = ["build_policies"]


def build_policies(located: Located) -> dict[str, Policy]:
    """Policies by id, or a BaocaoError with every problem located."""
    problems = validate(located, "policies")
    if problems:
        raise BaocaoError(problems)
    seen: dict[str, int] = {}
    result: dict[str, Policy] = {}
    for i, raw in enumerate(located.data["policies"]):
        pointer = f"/policies/{i}/id"
        if raw["id"] in seen:
            problems.append(located.problem(
                pointer, "policies.duplicate-id",
                f"policy {raw['id']!r} is already defined at line {seen[raw['id']]}",
                id=raw["id"], first=seen[raw["id"]],
            ))
            continue
        seen[raw["id"]] = located.where(pointer)[0]
        result[raw["id"]] = _policy(raw)
    if problems:
        raise BaocaoError(problems)
    return result


def _policy(raw: dict[str, Any]) -> Policy:
    month = raw.get("month")
    return Policy(
        id=raw["id"],
        day=raw.get("day"),
        month=parse_month_ref(month) if month is not None else None,
        reading=Reading(raw["reading"]),
        description_vi=" ".join(raw["description_vi"].split()),
        description_en=" ".join(raw["description_en"].split()),
    )
