"""`baocao rules new`: the scaffold names the bundled schema and loads once its blanks are
filled."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine.authoring.scaffold import new_directive
from engine.rulebook import load_rulebook
from tests._cli import invoke

ROOT = Path(__file__).resolve().parent.parent


def test_filled_scaffold_loads(tmp_path: Path) -> None:
    text = new_directive()
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=file://")
    assert first.endswith("directive.schema.json")
    filled = (text.replace("id: ___", "id: kh-88-test", 1)
              .replace("number: ___", "number: 88/KH-TEST")
              .replace("title: ___", "title: Kế hoạch thử")
              .replace("issuer: ___", "issuer: ubnd-tinh-tay-ninh")
              .replace("issued_on: ___", "issued_on: 2024-01-05")
              .replace("{from: ___}", "{from: 2024-01-05}")
              .replace("source: ___", "source: text.txt"))
    assert "___" not in filled.split("obligations:")[0].split("\ndirective:")[1]
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "directives" / "kh-88-test.yaml").write_text(filled, encoding="utf-8")
    book = load_rulebook(rules)
    assert book.directive("kh-88-test").number == "88/KH-TEST"


def test_command(tmp_path: Path) -> None:
    run = invoke("rules", "new", cwd=tmp_path)
    assert run.code == 0
    assert run.out.startswith("# yaml-language-server: $schema=")
