"""`baocao rules export`: the normalised obligations as JSON, YAML (the same data) and a
Markdown table."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from tests._cli import invoke

RULES = Path(__file__).resolve().parent.parent / "rules" / "directives"
# Every obligation of the bundled rule files, counted from the files themselves.
COUNT = sum(len(yaml.safe_load(p.read_text(encoding="utf-8"))["obligations"] or [])
            for p in RULES.glob("*.yaml"))


def test_json_yaml_and_md_agree(tmp_path: Path) -> None:
    as_json = json.loads(invoke("rules", "export", cwd=tmp_path).out)
    as_yaml = yaml.safe_load(invoke("rules", "export", "-f", "yaml", cwd=tmp_path).out)
    assert len(as_json) == COUNT == 34
    assert json.loads(json.dumps(as_yaml, default=str)) == as_json
    md = invoke("rules", "export", "-f", "md", "--lang", "en", cwd=tmp_path)
    assert md.code == 0
    lines = md.out.splitlines()
    assert lines[0] == "# Reporting obligations"
    assert len([line for line in lines if line.startswith("| ")]) == 1 + COUNT
    # a legal officer reads clauses, not ids; the deadline in the text's words, as read
    row = next(line for line in lines if "| 103/CT-BTTTT | III.3 (1):" in line)
    assert "“trước ngày 15 của tháng cuối quý” ('before day X': last day is X−1)" in row
    assert "bao-cao-quy" not in md.out
    # a schedule's periods each with their own deadline (02-KH/BCĐ III: H1 and the year)
    scheduled = next(line for line in lines if "| 02-KH/BCĐ | III, đoạn cuối (1):" in line)
    assert "H1: assumed:" in scheduled
    assert "Y: assumed:" in scheduled
