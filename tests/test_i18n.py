"""Two languages everywhere (issue 9): every user-facing string is in ``cli/i18n.py`` in
Vietnamese and English, ``--help`` included; these tests fail when one lacks a language."""

from __future__ import annotations

import ast
import string
from collections.abc import Mapping
from pathlib import Path

import pytest
import typer

from cli import i18n
from cli.app import app
from cli.helptext import HELP_CHROME_HELP, localize
from cli.i18n import Lang
from tests._cli import invoke

ROOT = Path(__file__).resolve().parent.parent
PAIRS: dict[str, Mapping[object, tuple[str, str]]] = {
    "_TEXT": i18n._TEXT, "REASONS": i18n.REASONS, "EXPLAIN": i18n.EXPLAIN,
    "VERDICTS": i18n.VERDICTS, "DISPOSITIONS": i18n.DISPOSITIONS,
    "FREQUENCIES": i18n.FREQUENCIES, "READINGS": i18n.READINGS,
    "HELP_CHROME": i18n.HELP_CHROME,
}
# Codes whose English falls back to the engine's own message ({detail}).
ENGINE_ENGLISH = {key for key, (_, en) in i18n.REASONS.items() if en == "{detail}"}


def _fields(template: str) -> set[str]:
    return {name.split("!")[0].split(".")[0].split("[")[0]
            for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("table", sorted(PAIRS))
def test_every_entry_has_both_languages_with_the_same_placeholders(table: str) -> None:
    for key, pair in PAIRS[table].items():
        assert len(pair) == 2, (table, key)
        vi, en = pair
        assert vi.strip(), (table, key, "no Vietnamese")
        assert en.strip(), (table, key, "no English")
        if key not in ENGINE_ENGLISH:
            assert _fields(vi) == _fields(en), (table, key)


def _keys_used_in_cli() -> set[str]:
    """Literal keys passed to t(...), texts.t(...), _t(...) and i18n.text(...) in cli/."""
    keys: set[str] = set()
    for path in (ROOT / "cli").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0]
            if name in ("t", "_t", "text") and isinstance(first, ast.Constant) \
                    and isinstance(first.value, str):
                keys.add(first.value)
            elif name in ("t", "_t", "text") and isinstance(first, ast.JoinedStr):
                head = first.values[0]
                if isinstance(head, ast.Constant):
                    keys.add(f"{head.value}*")
    return keys


def test_every_key_the_cli_uses_is_in_the_table() -> None:
    missing = []
    for key in _keys_used_in_cli():
        if key.endswith("*"):
            if not any(k.startswith(key[:-1]) for k in i18n._TEXT):
                missing.append(key)
        elif key not in i18n._TEXT:
            missing.append(key)
    assert not missing, missing


def _tree(lang: Lang) -> list[tuple[str, object]]:
    command = typer.main.get_command(app)
    localize(command, lang)
    out: list[tuple[str, object]] = []

    def walk(c: object, path: str) -> None:
        out.append((path, c))
        for name, sub in getattr(c, "commands", {}).items():
            walk(sub, f"{path} {name}".strip())

    walk(command, "")
    return out


def test_every_help_text_is_translated() -> None:
    """Every command and option has help, and the Vietnamese for it."""
    english = _tree(Lang.EN)
    untranslated, without_help = [], []
    for path, command in english:
        texts = [("", getattr(command, "help", None))]
        texts += [(p.name, getattr(p, "help", None))  # type: ignore[attr-defined]
                  for p in command.params]  # type: ignore[attr-defined]
        for name, text in texts:
            if not text:
                without_help.append(f"{path} {name}")
            elif text not in i18n.HELP_VI:
                untranslated.append(f"{path} {name}: {text[:60]}")
    assert not without_help, without_help
    assert not untranslated, untranslated
    assert HELP_CHROME_HELP in i18n.HELP_VI


def test_no_stale_help_translation() -> None:
    used = {HELP_CHROME_HELP}
    for _, command in _tree(Lang.EN):
        used.add(getattr(command, "help", None) or "")
        used |= {getattr(p, "help", None) or "" for p in command.params}  # type: ignore[attr-defined]
    assert sorted(set(i18n.HELP_VI) - used) == []


def test_help_is_vietnamese_by_default_and_english_with_lang_en(tmp_path: Path) -> None:
    vi = invoke("brief", "--help", cwd=tmp_path, columns="120")
    assert vi.code == 0
    assert "Báo cáo nhanh để cán bộ kiểm tra" in vi.flat_out
    assert "Tùy chọn" in vi.out
    assert "Ví dụ:" in vi.out
    assert "Hiện hướng dẫn này rồi thoát." in vi.flat_out
    en = invoke("brief", "--help", "--lang", "en", cwd=tmp_path, columns="120")
    assert "The brief an inspector takes" in en.flat_out
    assert "Options" in en.out
    assert "Examples:" in en.out
    assert "Tùy chọn" not in en.out


def test_usage_errors_are_vietnamese_by_default(tmp_path: Path) -> None:
    run = invoke("check", "--as-of", "31/02/2023", cwd=tmp_path)
    assert run.code == 2
    assert "Giá trị không hợp lệ cho '--as-of'" in run.flat_err
    assert "tháng 02/2023 không có ngày 31" in run.flat_err
    en = invoke("check", "--as-of", "31/02/2023", "--lang", "en", cwd=tmp_path)
    assert "Invalid value for '--as-of'" in en.flat_err
    # the usage line, an option with two names, a near option: no English left in
    # Vietnamese, and no converter's "Value error, " in either
    vi = invoke("check", "-f", "xlsx", cwd=tmp_path)
    assert vi.err.startswith("Cách dùng: baocao check [TÙY CHỌN]\n"), vi.err
    assert ("Giá trị không hợp lệ cho '--format' / '-f': 'xlsx' không thuộc 'table', 'json',"
            in vi.flat_err)
    en = invoke("check", "-f", "xlsx", "--lang", "en", cwd=tmp_path)
    assert en.err.startswith("Usage: baocao check [OPTIONS]\n"), en.err
    assert "Invalid value for '--format' / '-f': 'xlsx' is not one of 'table'," in en.flat_err
    assert "Value error" not in vi.err + en.err
    near = invoke("check", "--formt", "json", cwd=tmp_path)
    assert "Không có tùy chọn: --formt (có phải: --format?)" in near.flat_err
    assert "Possible" not in near.err
    near_en = invoke("check", "--formt", "json", "--lang", "en", cwd=tmp_path)
    assert "No such option: --formt (Possible options: --format)" in near_en.flat_err
    assert "Cách dùng: baocao [TÙY CHỌN] LỆNH [THAM SỐ]..." in invoke("--help", cwd=tmp_path).out
    assert "Usage: baocao [OPTIONS] COMMAND [ARGS]..." in invoke(
        "--help", cwd=tmp_path, env={"BAOCAO_LANG": "en"}).out
