"""Recall and precision of `baocao rules draft` on the seed texts the rules were encoded from.

    python benchmarks/draft_recall.py [RULES_DIR]

Method (engine/authoring/measure.py): for each directive whose `source:` text is found beside
the rules (or in a `shared/` folder next to them), draft that text and compare the candidates
with the obligations encoded for it. Citations and candidates are placed in the text (as runs
of words); an obligation is found when a candidate of a compatible kind quotes the same place:
the words they share are at least 60% of the smaller of the candidate's quote and one quoted
fragment of the citation (and at least 5 words). Precision: candidates that find one.
Run it with the worktree's engine on the path (`pip install .` first, or PYTHONPATH=.).
"""

from __future__ import annotations

import sys
from pathlib import Path

from engine.authoring.measure import measure_draft
from engine.rulebook import load_rulebook


def main() -> None:
    rules = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "rules"
    scores = measure_draft(load_rulebook(rules))
    if not scores:
        print("no source text found beside the rules; nothing measured")
        return
    for s in scores:
        print(f"{s.source}: found {s.found}/{s.obligations} obligations; "
              f"{s.useful}/{s.candidates} candidates find one")
        for missed in s.missed:
            print(f"  missed {missed}")
    found = sum(s.found for s in scores)
    total = sum(s.obligations for s in scores)
    useful = sum(s.useful for s in scores)
    candidates = sum(s.candidates for s in scores)
    print(f"recall {found}/{total} = {found / total:.0%}; "
          f"precision {useful}/{candidates} = {useful / max(candidates, 1):.0%}")


if __name__ == "__main__":
    main()
