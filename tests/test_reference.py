"""The reference in docs/ is generated from the code (``scripts/reference.py``) and kept true
here: a committed file that differs from what the code gives fails, and so does a code, a
command or a JSON output the reference leaves out."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from engine.errors import CODES

ROOT = Path(__file__).resolve().parent.parent
RERUN = "run python scripts/reference.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("baocao_reference", ROOT / "scripts" /
                                                  "reference.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reference() -> ModuleType:
    return _load()


@pytest.fixture(scope="module")
def generated(reference: ModuleType) -> dict[Path, str]:
    files: dict[Path, str] = reference.generate()
    return files


def test_committed_reference_is_what_the_code_gives(reference: ModuleType,
                                                    generated: dict[Path, str]) -> None:
    stale = reference.differing(generated, ROOT)
    assert not stale, f"{', '.join(map(str, stale))} differ from the code: {RERUN}"


def test_every_code_is_in_codes_md(reference: ModuleType, generated: dict[Path, str]) -> None:
    text = generated[reference.CODES_MD]
    missing = [code for code in CODES if f"| `{code}` |" not in text]
    assert not missing, missing
    committed = (ROOT / reference.CODES_MD).read_text(encoding="utf-8")
    missing = [code for code in CODES if f"| `{code}` |" not in committed]
    assert not missing, f"not in the committed {reference.CODES_MD}: {missing}; {RERUN}"


def test_every_code_has_both_languages(reference: ModuleType) -> None:
    """Each code's first row carries a Vietnamese and an English text."""
    empty = [code for code in CODES
             if not any(vi.strip() and en.strip() for _, vi, en in reference.code_texts(code))]
    assert not empty, empty


def test_every_command_has_its_help(reference: ModuleType, generated: dict[Path, str]) -> None:
    from cli.i18n import Lang

    root = reference._root_command(Lang.VI)
    paths = list(reference.command_paths(root))
    assert ("rules", "show") in paths
    assert ("register", "history") in paths
    for rel in (reference.COMMANDS_VI, reference.COMMANDS_EN):
        headings = set(re.findall(r"^## (.+)$", generated[rel], re.MULTILINE))
        assert {reference._command_name(p) for p in paths} <= headings, rel
    vi, en = generated[reference.COMMANDS_VI], generated[reference.COMMANDS_EN]
    assert "Tùy chọn" in vi
    assert "Hiện hướng dẫn này rồi thoát." in vi
    assert "Show this message and exit." in en
    assert "Tùy chọn" not in en
    assert "\x1b[" not in vi + en
    widest = max(len(line) for line in vi.splitlines() if not line.startswith(("<!--", "Phần")))
    assert widest <= reference.WIDTH


def test_every_json_output_is_described(reference: ModuleType,
                                        generated: dict[Path, str]) -> None:
    offered = reference.json_commands()
    assert "check --format json" in offered
    described = {o.command for o in reference.json_outputs()}
    assert offered <= described, (
        f"commands whose --format offers json but scripts/reference.py (json_outputs) does "
        f"not describe: {sorted(offered - described)}")
    text = generated[reference.JSON_MD]
    for command in offered:
        assert f"### {command}\n" in text, command


def test_json_reference_leaves_out_display_fields(reference: ModuleType,
                                                  generated: dict[Path, str]) -> None:
    text = generated[reference.JSON_MD]
    section = text.split("### InstanceRow\n", 1)[1].split("\n### ", 1)[0]
    assert "| `due` | date |" in section
    assert "| `verdict` | string: `on_time`" in section
    assert "reporter_label" not in section  # display only
    in_force = text.split("### InForceInfo\n", 1)[1].split("\n### ", 1)[0]
    assert "| `from` |" in in_force  # the output name of a field, not its attribute


@pytest.mark.parametrize(("heading", "anchor"), [
    ("baocao rules show", "baocao-rules-show"),
    ("check --format json", "check---format-json"),
    ("Data windows (NĐ 09/2019, Điều 12)", "data-windows-nđ-092019-điều-12"),
    ("The register: `ingest`, `--db`", "the-register-ingest---db"),
    ("[Link](x.md) text", "link-text"),
])
def test_anchor_as_github_makes_it(reference: ModuleType, heading: str, anchor: str) -> None:
    assert reference.slug(heading) == anchor


def test_check_mode_lists_stale_files(reference: ModuleType, tmp_path: Path,
                                      generated: dict[Path, str]) -> None:
    for rel, text in generated.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    assert reference.differing(generated, tmp_path) == []
    (tmp_path / reference.CODES_MD).write_text("stale\n", encoding="utf-8")
    assert reference.differing(generated, tmp_path) == [reference.CODES_MD]
