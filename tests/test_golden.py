"""Golden files: what a user sees, at a fixed width with no colour, in both languages.

Each case runs the command (``cli.app.main``, in this process) and compares its whole
output with ``tests/golden/<name>``: ``<case>.<lang>.txt`` at 120 columns,
``<case>.80.<lang>.txt`` at 80 (issue 9: the views read at 80 columns and up).
The files were read line by line when they were first written (see tests/golden/README.md);
after an intended change, regenerate them with

    BAOCAO_GOLDEN=update python -m pytest tests/test_golden.py

and read the diff (``git diff tests/golden``) before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests._cli import invoke

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
EXAMPLES = ROOT / "examples" / "submissions"
WIDTHS = ("80", "120")

BROKEN_RULE = """\
directive:
  id: ct-1-test
  number: 1/CT-TEST
  kind: chi_thi
  title: Thử
  issuer: bo-tttt
  issued_on: 2022-02-30
  in_force: {from: 2022-01-01}
  source: x
obligations:
  - id: bao-cao
    summary: Báo cáo
    kind: periodic
    reporters: [so-tttt-tay-ninh]
    recipient: bo-ttt
    frequency: quarterly
    deadline: {basis: stated, day: 31, month: last, reading: before}
    citation: {section: "1", text: "x"}
"""

BROKEN_BATCH = """\
id,reporter,recipient,submitted_on,period
a1,Sở TT&TT Tây Ninh,Bộ TT&TT,14/03/2022,2022-Q1
a2,Sở TT&TT,Bộ TT&TT,31/02/2022,quý 5/2022
"""

CASES: dict[str, list[str]] = {
    "check-103": ["check", "-s", "examples", "--as-of", "2023-03-01",
                  "--directive", "103/CT-BTTTT"],
    "check-all-tn": ["check", "-s", "examples", "--as-of", "2023-03-01", "--all",
                     "--directive", "kh-stttt-thai-nguyen-2022", "--unit", "Sở TT&TT Thái Nguyên"],
    "check-empty": ["check", "--as-of", "2023-03-01", "--directive", "103/CT-BTTTT",
                    "--period", "2021"],
    "rules-show-tn": ["rules", "show", "--directive", "kh-stttt-thai-nguyen-2022"],
    "upcoming-30": ["upcoming", "--days", "30", "--as-of", "2022-12-10", "-s", "examples",
                    "--directive", "20/CT-BTTTT"],
    "calendar-tn": ["calendar", "--year", "2023", "--unit", "Sở TT&TT Tây Ninh"],
    "overdue-20": ["overdue", "-s", "examples", "--as-of", "2023-03-01",
                   "--directive", "20/CT-BTTTT"],
    "rules-show": ["rules", "show"],
    "check-batch": ["check", "-s", "batch.csv", "--as-of", "2022-06-30", "--directive",
                    "103/CT-BTTTT", "--unit", "so-tttt-tay-ninh", "--period", "2022-Q1"],
    "error-rules": ["check", "--rules", "rules"],
    "error-option": ["check", "--as-of", "2023-03-01", "--unit", "Sở TT&TT",
                     "--period", "quý 5/2022"],
}


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Relative paths only, so the files do not depend on where the tests run."""
    work = tmp_path_factory.mktemp("golden")
    shutil.copytree(EXAMPLES, work / "examples")
    shutil.copytree(ROOT / "rules", work / "rules")
    (work / "rules" / "directives" / "zz-broken.yaml").write_text(BROKEN_RULE, encoding="utf-8")
    (work / "batch.csv").write_text(BROKEN_BATCH, encoding="utf-8")
    return work


# Which cases are also kept at 80 columns (the long full listings only at 120).
AT_80 = {"check-103", "check-all-tn", "check-empty", "overdue-20", "rules-show-tn",
         "error-option", "upcoming-30", "calendar-tn"}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("name", "width"), [
    (name, width) for name in sorted(CASES) for width in WIDTHS
    if width == "120" or name in AT_80
])
def test_golden(workdir: Path, name: str, lang: str, width: str) -> None:
    run = invoke(*CASES[name], "--lang", lang, cwd=workdir, columns=width)
    seen = f"$ COLUMNS={width} baocao {' '.join(CASES[name])} --lang {lang}\n" \
        f"# exit {run.code}\n# stdout\n{run.out}# stderr\n{run.err}"
    path = GOLDEN / (f"{name}.{lang}.txt" if width == "120" else f"{name}.80.{lang}.txt")
    if os.environ.get("BAOCAO_GOLDEN") == "update":
        path.write_text(seen, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with BAOCAO_GOLDEN=update"
    assert seen == path.read_text(encoding="utf-8")
