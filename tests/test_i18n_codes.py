"""Issue 15: every message a user can meet exists in Vietnamese, the default language.

Every code of ``engine.errors.CODES`` has a Vietnamese template in ``cli.i18n`` (a family
``name.*`` counts for its codes) that differs from the English; and the errors of a few real
runs, without ``--lang``, come out in Vietnamese with no English sentence left in them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli import i18n
from engine.errors import CODES
from tests._cli import invoke

_TABLES = ("ERRORS", "REASONS", "EXPLAIN", "_TEXT")
# Letters only Vietnamese writes (with its diacritics): ă â đ ê ô ơ ư and the tone marks.
_VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]",
                         re.IGNORECASE)
_ENGLISH = ("cannot", "give it with", "expected", "missing", "no such", "not found", "found",
            "unknown", "is not", "already", "error:", "problem")


def _templates(code: str) -> list[tuple[str, str]]:
    """The (Vietnamese, English) templates of ``code``: its own, its variants
    (``code.variant``), or those of its family for a ``name.*`` code."""
    family = code.removesuffix("*") if code.endswith(".*") else None
    found = []
    for name in _TABLES:
        table = getattr(i18n, name)
        for key, pair in table.items():
            if key == code or key.startswith(f"{code}.") or (family and key.startswith(family)):
                found.append(pair)
    return found


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_code_has_vietnamese(code: str) -> None:
    pairs = _templates(code)
    assert pairs, f"{code}: no Vietnamese template in cli/i18n.py"
    for vi, en in pairs:
        assert vi.strip(), code
        assert vi != en, f"{code}: the Vietnamese template is the English one"
        # "{vi}": the engine said it in Vietnamese itself (a deadline's problem)
        assert _VIETNAMESE.search(vi) or "{vi}" in vi, f"{code}: {vi!r} is not Vietnamese"


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("i18n")
    # a register of documents received: no recipient column
    (folder / "so-den.csv").write_text(
        "id,reporter,submitted_on,period\nS1,so-tttt-tay-ninh,2022-07-10,2022-H1\n",
        encoding="utf-8")
    (folder / "bad.yaml").write_text("- id: S1\n  reporter: [so-x\n  period: 2022-H1\n",
                                     encoding="utf-8")
    (folder / "ok.csv").write_text(
        "id,reporter,recipient,submitted_on,period\n"
        "S1,so-tttt-tay-ninh,bo-tttt,2022-07-10,2022-H1\n", encoding="utf-8")
    return folder


def _vietnamese_error(run_args: tuple[str, ...], cwd: Path) -> str:
    run = invoke(*run_args, cwd=cwd)
    assert run.code == 2, (run.code, run.err, run.out)
    said = run.flat_err
    assert _VIETNAMESE.search(said), said
    # the location and the code (``file:line:col: csv.missing-column:``) stay as they are
    message = re.sub(r"\S+: [a-z]+(\.[a-z-]+)?: ", " ", said.replace(str(cwd), ""))
    lowered = message.lower()
    left = [word for word in _ENGLISH if word in lowered]
    assert not left, f"English left ({left}) in: {said}"
    return said


def test_missing_file(work: Path) -> None:
    said = _vietnamese_error(("check", "-s", str(work / "khong-co.csv")), work)
    assert "không có tệp" in said


def test_csv_without_its_recipient_column(work: Path) -> None:
    said = _vietnamese_error(("validate", "so-den.csv"), work)
    assert "--recipient" in said
    assert "thiếu cột" in said


def test_bad_yaml(work: Path) -> None:
    said = _vietnamese_error(("validate", "bad.yaml"), work)
    assert "YAML" in said


def test_unknown_directive(work: Path) -> None:
    said = _vietnamese_error(("check", "--directive", "99/CT-XYZ"), work)
    assert "'99/CT-XYZ'" in said


def test_unknown_register_id(work: Path) -> None:
    db = work / "so.db"
    if not db.exists():
        assert invoke("ingest", "ok.csv", "--db", db, cwd=work).code == 0
    said = _vietnamese_error(("register", "show", "S9", "--db", str(db)), work)
    assert "'S9'" in said


def test_usage_error(work: Path) -> None:
    said = _vietnamese_error(("validate",), work)
    assert "TỆP_HOẶC_THƯ_MỤC" in said


def test_english_is_unchanged(work: Path) -> None:
    run = invoke("validate", "so-den.csv", "--lang", "en", cwd=work)
    assert run.code == 2
    assert "give it with --recipient UNIT" in run.flat_err
