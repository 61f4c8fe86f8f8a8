"""The shape of the code, enforced: layers, lazy imports, error codes, the decision vocabulary.

These tests read the source (AST), not its behaviour: they fail when a module reaches across a
boundary the README draws, when a code is emitted that ``engine.errors.CODES`` does not
explain, or when ``rules/decisions.yaml`` documents fields the facts do not have.
"""

from __future__ import annotations

import ast
import contextlib
import gc
import re
import subprocess
import sys
from pathlib import Path

import pytest

from engine.errors import CODES, registered
from engine.model.facts import FACT_KINDS, fact_docs, fact_fields
from engine.rulebook.registry import UnitResolutionError

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "engine").rglob("*.py")) + sorted((ROOT / "cli").rglob("*.py"))
HEAVY = ("yaml", "jsonschema", "holidays", "durable", "icalendar", "openpyxl", "sqlite3",
         "rapidfuzz",
         # the engine's stages: a command loads them when it runs, --help never does
         "engine.rulebook", "engine.submissions", "engine.evaluation", "engine.views",
         "engine.authoring", "engine.register",
         # the model's dataclasses (the CLI names only verdicts and dispositions when it
         # starts), and what draws output: loaded by a command that has output to draw
         "engine.model.rules", "engine.model.results", "engine.model.batch", "cli.render",
         "cli.commands.outputs", "cli.files")
# Besides, --help itself (issue 18: within 0.1 s of `python -c pass`, benchmarks/startup.py)
# loads none of what typer.rich_utils imports for Markdown help and pretty tracebacks, nor
# the pydantic typer builds its converters with.
HEAVY_FOR_HELP = (*HEAVY, "rich.markdown", "markdown_it", "rich.traceback", "rich.syntax",
                  "pygments", "rich.pretty", "attr", "pydantic")


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module a file imports (absolute names), with the line."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            out.append((node.module, node.lineno))
    return out


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# Which files may import which third-party module (docs/design.md#layers: durable only in
# the evaluator;
# parsers only in loaders; rich/typer only in the CLI).
ALLOWED = {
    "durable": {"engine/evaluation/decide.py"},
    "yaml": {"engine/sources/yaml.py"},
    "jsonschema": {"engine/rulebook/schemas.py"},
    "holidays": {"engine/time/workdays.py"},
    "openpyxl": {"engine/sources/xlsx.py", "cli/render/xlsx.py"},
    "sqlite3": {"engine/register/"},
    "rich": {"cli/"},
    "typer": {"cli/"},
    "icalendar": {"cli/render/ics.py"},
}


def test_third_party_modules_stay_in_their_layer() -> None:
    wrong = []
    for path in SOURCES:
        rel = _rel(path)
        for module, line in _imports(path):
            top = module.split(".")[0]
            allowed = ALLOWED.get(top)
            if allowed is not None and not any(rel.startswith(a) for a in allowed):
                wrong.append(f"{rel}:{line} imports {module}")
    assert not wrong, wrong


def test_cli_uses_only_the_public_engine_api() -> None:
    wrong = [
        f"{_rel(path)}:{line} imports {module}"
        for path in SOURCES if _rel(path).startswith("cli/")
        for module, line in _imports(path)
        if module.startswith("engine.")
    ]
    assert not wrong, wrong


def test_engine_does_not_import_the_cli() -> None:
    wrong = [
        f"{_rel(path)}:{line} imports {module}"
        for path in SOURCES if _rel(path).startswith("engine/")
        for module, line in _imports(path)
        if module.split(".")[0] == "cli"
    ]
    assert not wrong, wrong


def test_help_loads_no_heavy_module() -> None:
    """`baocao --help` stays fast: parsers, schemas, holidays and the rule engine load only
    when a command needs them."""
    script = (
        "import sys, cli.app; "
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True, cwd=ROOT).stdout.strip()
    assert out == ""


@pytest.mark.parametrize("args", [
    ["--help"], ["check", "--help"], *(pytest.param(args, marks=pytest.mark.slow) for args in (
        ["rules", "lint", "-h"], ["register", "--help"], ["--version"]))])
def test_help_draws_without_the_heavy_modules(args: list[str]) -> None:
    """What --help and --version load, as the console script runs them."""
    script = (
        "import sys, cli.app\n"
        f"sys.argv = ['baocao', *{args!r}]\n"
        "try:\n    cli.app.main()\nexcept SystemExit:\n    pass\n"
        f"print(','.join(m for m in {HEAVY_FOR_HELP!r} if m in sys.modules), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          encoding="utf-8", check=True, cwd=ROOT)
    assert "Usage" in done.stdout or "baocao" in done.stdout
    assert done.stderr.strip() == ""


def _help(main_args: list[str], env: dict[str, str | None]) -> tuple[str, int]:
    """What ``cli.app.main`` prints for ``baocao ARGS`` (in this process)."""
    from typer.testing import CliRunner

    from cli import app

    argv, code = sys.argv, 0
    with CliRunner().isolation(env=env) as (out, err, _):
        sys.argv = ["baocao", *main_args]
        try:
            app.main()
        except SystemExit as done:
            code = int(done.code or 0)
        finally:
            sys.argv = argv
            gc.enable()
        text = out.getvalue().decode() + err.getvalue().decode()
    return text, code


def _full_help(path: tuple[str, ...], lang: str, env: dict[str, str | None]) -> str:
    """The help of ``path`` from the whole command tree, every command built."""
    import typer
    from typer.testing import CliRunner

    from cli.app import app
    from cli.helptext import localize
    from cli.i18n import Lang

    command = typer.main.get_command(app)
    localize(command, Lang(lang))
    with CliRunner().isolation(env=env) as (out, err, _):
        with contextlib.suppress(SystemExit):
            command.main(args=[*path, "--help"], prog_name="baocao", standalone_mode=False)
        return out.getvalue().decode() + err.getvalue().decode()


def _paths() -> list[tuple[str, ...]]:
    import typer

    from cli.app import app

    def walk(command: object, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        subs = getattr(command, "commands", {})
        return [prefix] + [p for name, sub in subs.items() for p in walk(sub, (*prefix, name))]

    return walk(typer.main.get_command(app), ())


@pytest.mark.parametrize("lang", ["vi", pytest.param("en", marks=pytest.mark.slow)])
def test_main_builds_only_the_commands_named_and_helps_the_same(lang: str) -> None:
    """``main`` builds in full only the commands its arguments name (``cli.app.outlined``):
    every command's --help is still exactly what the whole tree gives."""
    env: dict[str, str | None] = {"COLUMNS": "100", "NO_COLOR": "1", "BAOCAO_LANG": lang,
                                  "FORCE_COLOR": None, "TERMINAL_WIDTH": None}
    differ = []
    for path in _paths():
        text, code = _help([*path, "--help"], env)
        if code != 0 or text != _full_help(path, lang, env):
            differ.append(" ".join(path) or "(baocao)")
    assert not differ, differ


# ---------------------------------------------------------------------------------------
# Error and reason codes

_FAMILIES = ("file", "yaml", "json", "csv", "schema", "submissions", "units", "policies",
             "calendar", "rules", "decisions", "engine", "option", "record", "unit", "match",
             "decision", "subject", "quantity", "request", "lint", "case", "sheet", "fix",
             "register", "output", "doctype", "doctypes")
_CODE = re.compile(rf"(?:{'|'.join(_FAMILIES)})\.[a-z][a-z0-9-]*")


def _emitted_codes() -> dict[str, str]:
    """Code-shaped string constants in the engine and CLI, and f-string code prefixes."""
    found: dict[str, str] = {}
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                module = ROOT / text.replace(".", "/")
                if (_CODE.fullmatch(text) and not text.endswith((".yaml", ".json"))
                        and not module.is_dir() and not module.with_suffix(".py").is_file()):
                    found.setdefault(text, f"{_rel(path)}:{node.lineno}")
            elif isinstance(node, ast.JoinedStr) and node.values:
                head = node.values[0]
                if (isinstance(head, ast.Constant) and isinstance(head.value, str)
                        and re.fullmatch(rf"(?:{'|'.join(_FAMILIES)})\.", head.value)):
                    found.setdefault(head.value + "*", f"{_rel(path)}:{node.lineno}")
    return found


def test_every_emitted_code_is_registered() -> None:
    unregistered = []
    for code, where in _emitted_codes().items():
        if code == "unit.*":  # f"unit.{exc.kind}": each kind must be registered
            missing = [k for k in UnitResolutionError.KINDS if f"unit.{k}" not in CODES]
            unregistered += [f"unit.{k} ({where})" for k in missing]
        elif code.endswith("*"):
            if code not in CODES:
                unregistered.append(f"{code} ({where})")
        elif not registered(code):
            unregistered.append(f"{code} ({where})")
    assert not unregistered, unregistered


def test_every_registered_code_is_emitted_somewhere() -> None:
    emitted = set(_emitted_codes()) | {f"unit.{k}" for k in UnitResolutionError.KINDS}
    emitted |= {"usage"}
    stale = [c for c in CODES if c not in emitted]
    assert not stale, stale


def test_every_code_is_documented_in_the_reference() -> None:
    """docs/reference/codes.md is generated from CODES (scripts/reference.py)."""
    reference = (ROOT / "docs" / "reference" / "codes.md").read_text(encoding="utf-8")
    missing = [c for c in CODES if f"`{c}`" not in reference]
    assert not missing, missing


def test_every_code_has_an_explanation_and_an_example() -> None:
    for code, entry in CODES.items():
        assert entry.explanation, code
        assert entry.example, code


# ---------------------------------------------------------------------------------------
# The decision vocabulary

_FIELD_LINE = re.compile(r"#\s{3}(\w+)\s+(bool|int)\s+(.+)")


def test_decisions_header_documents_exactly_the_fact_fields() -> None:
    text = (ROOT / "rules" / "decisions.yaml").read_text(encoding="utf-8")
    documented: dict[str, dict[str, tuple[str, str]]] = {}
    section = None
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        if line.startswith("# Instance facts:"):
            section = "instance"
        elif line.startswith("# Submission facts:"):
            section = "submission"
        elif section and (m := _FIELD_LINE.match(line)):
            documented.setdefault(section, {})[m[1]] = (m[2], " ".join(m[3].split()))
    for kind, cls in FACT_KINDS.items():
        expected = {
            name: (typ.__name__, fact_docs(cls)[name]) for name, typ in fact_fields(cls).items()
        }
        assert documented.get(kind) == expected, kind


@pytest.mark.parametrize("kind", sorted(FACT_KINDS))
def test_fact_fields_are_bool_or_int(kind: str) -> None:
    assert set(fact_fields(FACT_KINDS[kind]).values()) <= {bool, int}
