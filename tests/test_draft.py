"""`baocao rules draft`: texts it has never seen (written here in the style of national
regulations and provincial plans, not copied from the seeds), and recall on the seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from engine.authoring.draft import draft_data, draft_file
from engine.authoring.measure import measure_draft
from engine.rulebook import load_rulebook
from tests._cli import baocao

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "authoring"


def _summary(path: Path) -> list[tuple[object, ...]]:
    out = []
    for c in draft_data(draft_file(path))["candidates"]:
        dl = c["deadline"] or {}
        out.append((c["section"], c["kind"], tuple(c["reporters"]), c["recipient"], c["via"],
                    c["frequency"], dl.get("day"), dl.get("month"), dl.get("reading")))
    return out


def test_national_regulation_with_a_cascade() -> None:
    got = _summary(FIXTURES / "thong-tu-trong-trot.txt")
    assert got == [
        ("Điều 5.1", "periodic", ("Trạm Trồng trọt và Bảo vệ thực vật cấp huyện",),
         "Chi cục Trồng trọt và Bảo vệ thực vật", None, "monthly", 10, "next", "before"),
        ("Điều 5.1", "periodic", ("Chi cục",), "Cục Bảo vệ thực vật", None, "monthly", 15, "next",
         "before"),
        ("Điều 5.2", "periodic", ("Chi cục Trồng trọt và Bảo vệ thực vật",), "Cục Bảo vệ thực vật",
         None, "annual", 15, "next", "by"),
    ]
    data = draft_data(draft_file(FIXTURES / "thong-tu-trong-trot.txt"))
    assert data["directive"]["number"] == "12/2024/TT-BNNPTNT"
    assert data["candidates"][2]["data_window"] == "Số liệu báo cáo năm tính từ ngày 01/01 " \
        "đến ngày 31/12"


def test_provincial_plan_with_tasks_and_a_compiled_report() -> None:
    got = _summary(FIXTURES / "ke-hoach-chuyen-doi-so.txt")
    assert got == [
        ("II.1", "task", ("Sở Thông tin và Truyền thông",), None, None, "once", None, None,
         "within"),
        ("II.2", "task", ("Sở Nội vụ",), None, None, "once", None, None, "within"),
        ("III", "periodic", ("Các sở, ban, ngành, UBND các huyện, thị xã, thành phố",),
         "Sở Thông tin và Truyền thông", None, "quarterly", 20, "last", "before"),
        ("III", "periodic", ("Sở Thông tin và Truyền thông",), "Ủy ban nhân dân tỉnh", None,
         "quarterly", None, None, None),
    ]


def test_command_yaml_and_json(tmp_path: Path) -> None:
    text = FIXTURES / "ke-hoach-chuyen-doi-so.txt"
    run = baocao("rules", "draft", text, cwd=tmp_path)
    assert run.code == 0, run.err
    data = yaml.safe_load(run.out)
    assert data["directive"]["id"] is None  # visibly empty: the author fills it
    assert data["candidates"][0]["unread"] == ["recipient"]
    as_json = json.loads(baocao("rules", "draft", text, "-f", "json", cwd=tmp_path).out)
    assert as_json == data
    missing = baocao("rules", "draft", tmp_path / "none.txt", "--lang", "en", cwd=tmp_path)
    assert missing.code == 2
    assert "file.missing" in missing.err


def test_recall_on_the_seeds() -> None:
    """Every obligation rules/ encodes for a seed should be proposed (see README, Drafting)."""
    scores = measure_draft(load_rulebook(ROOT / "rules"))
    if not scores:
        pytest.skip("the seed texts are not on this machine")
    found = sum(s.found for s in scores)
    total = sum(s.obligations for s in scores)
    # A floor, raised as the patterns improve (README, "Drafting"): 23 of 29 found.
    assert found / total >= 23 / 29, [s.missed for s in scores]
