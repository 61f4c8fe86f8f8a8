"""How well ``draft`` reads the texts the rules were encoded from (README, "Drafting").

For each directive whose ``source:`` text is on this machine, the draft of that text is
compared with the obligations the rules encode for it. An obligation is *found* when a
candidate quotes its clause: at least ``THRESHOLD`` of the words of the citation's longest
quoted fragment are in the candidate's sentence, and a task is found by a task candidate.
Recall is found obligations / encoded obligations; precision is candidates that find at
least one obligation / candidates. One candidate may find several obligations when the rules
split one sentence into several (two recipients, a quantity beside its task).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from engine.authoring.draft import Candidate, draft_text
from engine.authoring.files import find_source
from engine.authoring.vocab import fold
from engine.model import Obligation, ObligationKind
from engine.rulebook import RuleBook

__all__ = ["THRESHOLD", "SourceScore", "measure_draft"]

THRESHOLD = 0.6


@dataclass(frozen=True)
class SourceScore:
    source: str
    obligations: int
    found: int
    candidates: int
    useful: int  # candidates that find at least one obligation
    missed: tuple[str, ...]  # directive/obligation ids not found


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


def finds(candidate: Candidate, ob: Obligation) -> bool:
    if (ob.kind is ObligationKind.TASK) != (candidate.kind == "task"):
        return False
    fragments = [f for f in re.split(r"\.\.\.|…", ob.citation.text) if f.strip()]
    longest = max(fragments, key=len, default="")
    wanted = _words(longest)
    if not wanted:
        return False
    have = set(_words(candidate.sentence))
    return sum(w in have for w in wanted) / len(wanted) >= THRESHOLD


def measure_draft(book: RuleBook) -> list[SourceScore]:
    by_source: dict[Path, list[Obligation]] = {}
    for d in book.directives:
        path = find_source(d.source, book.root)
        if path is not None:
            by_source.setdefault(path, []).extend(d.obligations)
    scores = []
    for path, obligations in sorted(by_source.items()):
        draft = draft_text(path.read_text(encoding="utf-8-sig"), path.name)
        found = [ob for ob in obligations if any(finds(c, ob) for c in draft.candidates)]
        useful = [c for c in draft.candidates if any(finds(c, ob) for ob in obligations)]
        scores.append(SourceScore(
            source=path.name, obligations=len(obligations), found=len(found),
            candidates=len(draft.candidates), useful=len(useful),
            missed=tuple(f"{ob.directive_id}/{ob.id}" for ob in obligations
                         if ob not in found)))
    return scores
