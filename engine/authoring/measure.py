"""How well ``draft`` reads the texts the rules were encoded from (README, "Drafting").

For each directive whose ``source:`` text is on this machine, the draft of that text is
compared with the obligations the rules encode for it. Both sides are placed in the text:

- each quoted fragment of an obligation's citation (split at ``...``) is found in the source as
  a run of words (folded, punctuation ignored); when a fragment occurs more than once, the
  occurrence nearest the citation's other fragments is taken;
- each quoted piece of a candidate's sentence is found the same way, the occurrence nearest
  the candidate's line.

An obligation is *found* when a candidate of a compatible kind quotes the same place: the words
the two share in the text are at least ``THRESHOLD`` of the smaller of the candidate's quote
and one citation fragment, and at least ``MIN_SHARED`` words (or all of the smaller side).
Kinds are compatible when equal; a candidate whose kind could not be read (None) is compatible
with any kind but a task. Where a citation cannot be placed in the text at all, the older
test applies: ``THRESHOLD`` of the words of its longest fragment are among the candidate's.

Recall is found obligations / encoded obligations; precision is candidates that find at least
one obligation / candidates. One candidate may find several obligations when the rules split
one sentence into several (two recipients, a 5-year and a 10-year review).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from engine.authoring.draft import Candidate, draft_text
from engine.authoring.files import find_source
from engine.authoring.vocab import fold
from engine.model import Obligation, ObligationKind
from engine.rulebook import RuleBook

__all__ = ["MIN_SHARED", "THRESHOLD", "SourceScore", "SourceText", "finds", "measure_draft"]

THRESHOLD = 0.6
MIN_SHARED = 5
_PIECES = re.compile(r"\.\.\.|…")


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


class SourceText:
    """A source text as a list of folded words, each with the line it is on."""

    def __init__(self, text: str) -> None:
        self.words: list[str] = []
        self.lines: list[int] = []
        for n, line in enumerate(text.splitlines(), 1):
            found = _words(line)
            self.words += found
            self.lines += [n] * len(found)
        self._starts: dict[str, list[int]] = defaultdict(list)
        for i, w in enumerate(self.words):
            self._starts[w].append(i)

    def occurrences(self, words: Sequence[str]) -> list[int]:
        """Where the run ``words`` starts in the text (word positions)."""
        if not words:
            return []
        n = len(words)
        return [i for i in self._starts.get(words[0], ())
                if self.words[i:i + n] == list(words)]

    def nearest(self, words: Sequence[str], line: int) -> range | None:
        starts = self.occurrences(words)
        if not starts:
            return None
        best = min(starts, key=lambda i: (abs(self.lines[i] - line), i))
        return range(best, best + len(words))

    def citation(self, ob: Obligation) -> list[range]:
        """Where each quoted fragment of the obligation's citation is (placed fragments only)."""
        runs = [w for f in _PIECES.split(ob.citation.text) if (w := _words(f))]
        found = [self.occurrences(w) for w in runs]
        anchors = [starts[0] for starts in found if len(starts) == 1]
        out = []
        for words, starts in zip(runs, found, strict=True):
            if not starts:
                continue
            pick = starts[0] if not anchors else min(
                starts, key=lambda i: min(abs(i - a) for a in anchors))
            out.append(range(pick, pick + len(words)))
        return out

    def quote(self, candidate: Candidate) -> set[int]:
        """The word positions of every piece of the candidate's sentence found in the text."""
        place = candidate.line
        positions: set[int] = set()
        for piece in _PIECES.split(candidate.sentence):
            run = self.nearest(_words(piece), place)
            if run is not None:
                positions.update(run)
                place = self.lines[run[-1]]
        return positions


def _kinds_fit(candidate: Candidate, ob: Obligation) -> bool:
    if candidate.kind is None:
        return ob.kind not in (ObligationKind.TASK, ObligationKind.ACTIVITY)
    if ob.kind is ObligationKind.ACTIVITY:  # what drafting reads as a task may ask for no report
        return candidate.kind == ObligationKind.TASK.value
    return candidate.kind == ob.kind.value


def finds(candidate: Candidate, ob: Obligation, source: SourceText | None = None,
          quote: set[int] | None = None, cited: list[range] | None = None) -> bool:
    """Whether ``candidate`` proposes ``ob``: a compatible kind, quoting the place the
    obligation cites (see the module's docstring). Without the source text, by words only."""
    if not _kinds_fit(candidate, ob):
        return False
    if source is not None:
        cited = source.citation(ob) if cited is None else cited
        if cited:
            mine = source.quote(candidate) if quote is None else quote
            for fragment in cited:
                shared = len(mine.intersection(fragment))
                smaller = min(len(fragment), len(mine))
                if smaller and shared >= max(THRESHOLD * smaller, min(MIN_SHARED, smaller)):
                    return True
            return False
    fragments = [f for f in _PIECES.split(ob.citation.text) if f.strip()]
    wanted = _words(max(fragments, key=len, default=""))
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
        text = path.read_text(encoding="utf-8-sig")
        source = SourceText(text)
        draft = draft_text(text, path.name)
        quotes = [source.quote(c) for c in draft.candidates]
        cited = [source.citation(ob) for ob in obligations]
        hits = {(i, j) for i, c in enumerate(draft.candidates)
                for j, ob in enumerate(obligations)
                if finds(c, ob, source, quotes[i], cited[j])}
        # an activity asks for no report: a candidate quoting one found something encoded,
        # but recall is over the duties to report
        duties = [j for j, ob in enumerate(obligations) if ob.kind is not ObligationKind.ACTIVITY]
        found = {j for _, j in hits if j in duties}
        useful = {i for i, _ in hits}
        scores.append(SourceScore(
            source=path.name, obligations=len(duties), found=len(found),
            candidates=len(draft.candidates), useful=len(useful),
            missed=tuple(f"{obligations[j].directive_id}/{obligations[j].id}" for j in duties
                         if j not in found)))
    return scores

