"""The `baocao` command line: parse options, call one engine function, render, exit.

Commands stay thin (``cli/commands``): the engine decides, ``cli/render`` draws, and this
module only assembles the app and turns usage errors into exit codes (0 compliant,
1 non-compliance, 2 bad input or usage, 70 internal error).
"""

from __future__ import annotations

import contextlib
import gc
import sys
from collections.abc import Collection
from typing import Annotated

import typer
from typer.models import CommandInfo

from cli import streams
from cli.commands import brief, check, explain, plan, register, rules, validate
from cli.commands.common import EXIT_BAD_INPUT, check_exit_code, run, say
from cli.helptext import help_lang, load_rich_utils, localize, usage_text
from cli.i18n import DEFAULT_LANG
from cli.options import parse_date

# What `baocao --help` loads is the commands' definitions (typer, the options, the help's
# words) and Rich's console to draw it; the engine's stages and model, cli.render and the
# Rich modules only errors or output need load when a command runs or fails
# (tests/test_architecture.py, benchmarks/startup.py).

__all__ = ["app", "check_exit_code", "main", "parse_date", "run"]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("baocao")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"baocao {_version()}")
        raise typer.Exit()


app = typer.Typer(
    name="baocao",
    help="Check who has reported, who is late and who has not reported at all, under the "
    "reporting obligations of Vietnamese directives.\n\n"
    "Exit codes: 0 all compliant, 1 non-compliance found, 2 bad input or usage, "
    "70 internal error.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True,
                     help="Print baocao's version and exit."),
    ] = False,
) -> None:
    """Check who has reported, who is late and who has not reported at all, under the
    reporting obligations of Vietnamese directives.

    Exit codes: 0 all compliant, 1 non-compliance found, 2 bad input or usage,
    70 internal error.
    """


rules_app = typer.Typer(
    help="For rule authors: inspect the obligations baocao knows.\n\n"
    "Example: baocao rules show --directive 103/CT-BTTTT",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(rules_app, name="rules")

app.command("check", epilog=check.CHECK_EPILOG)(check.check_command)
app.command("overdue", epilog=check.OVERDUE_EPILOG)(check.overdue_command)
app.command("explain", epilog=explain.EXPLAIN_EPILOG)(explain.explain_command)
app.command("upcoming", epilog=plan.UPCOMING_EPILOG)(plan.upcoming_command)
app.command("calendar", epilog=plan.CALENDAR_EPILOG)(plan.calendar_command)
app.command("brief", epilog=brief.BRIEF_EPILOG)(brief.brief_command)
rules_app.command("show", epilog=rules.SHOW_EPILOG)(rules.show_command)
rules_app.command("lint", epilog=rules.LINT_EPILOG)(rules.lint_command)
rules_app.command("test", epilog=rules.TEST_EPILOG)(rules.run_tests_command)
rules_app.command("draft", epilog=rules.DRAFT_EPILOG)(rules.draft_command)
rules_app.command("export", epilog=rules.EXPORT_EPILOG)(rules.export_command)
rules_app.command("new", epilog=rules.NEW_EPILOG)(rules.new_command)
app.command("validate", epilog=validate.VALIDATE_EPILOG)(validate.validate_command)
app.command("ingest", epilog=register.INGEST_EPILOG)(register.ingest_command)
register_app = typer.Typer(
    help="Browse the register of reports received (filled by 'baocao ingest').\n\n"
    "Example: baocao register list --db so-den.db",
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(register_app, name="register")
register_app.command("list", epilog=register.LIST_EPILOG)(register.list_command)
register_app.command("show", epilog=register.SHOW_EPILOG)(register.show_command)
register_app.command("export", epilog=register.EXPORT_EPILOG)(register.export_command)
register_app.command("backup", epilog=register.BACKUP_EPILOG)(register.backup_command)
register_app.command("copy", epilog=register.COPY_EPILOG)(register.copy_command)
register_app.command("history", epilog=register.HISTORY_EPILOG)(register.history_command)
register_app.command("replace", epilog=register.REPLACE_EPILOG)(register.replace_command)
register_app.command("withdraw", epilog=register.WITHDRAW_EPILOG)(register.withdraw_command)


def _wants_json(args: list[str]) -> bool:
    for i, arg in enumerate(args):
        if arg in ("--format", "-f") and i + 1 < len(args):
            if args[i + 1].lower() in ("json", "jsonl"):
                return True
        elif arg.lower() in ("--format=json", "-fjson", "--format=jsonl", "-fjsonl"):
            return True
    return False


def outlined(typer_app: typer.Typer, named: Collection[str]) -> typer.Typer:
    """``typer_app`` as ``main`` runs it: a command or group whose name is among ``named``
    (the command line's words) as defined, every other one in outline — its name and help,
    none of its options. Click can only run, or print the help of, a command its words name,
    and a group's help lists its commands by name and summary: the output is the same as with
    every command built, but building the options of 21 commands (typer reads each one's
    signature and annotations) took a third of `baocao --help`
    (tests/test_architecture.py compares the two)."""
    import copy

    pruned = copy.copy(typer_app)
    pruned.registered_commands = [
        info if info.name in named else _outline(info) for info in typer_app.registered_commands
    ]
    groups = []
    for info in typer_app.registered_groups:
        group = copy.copy(info)
        assert info.typer_instance is not None
        group.typer_instance = outlined(info.typer_instance,
                                        named if info.name in named else ())
        groups.append(group)
    pruned.registered_groups = groups
    return pruned


def _outline(info: CommandInfo) -> CommandInfo:
    import copy

    assert info.callback is not None

    def outline() -> None:  # pragma: no cover - click runs only the commands named
        raise AssertionError(f"baocao {info.name}: run in outline")

    outline.__doc__ = info.callback.__doc__
    short = copy.copy(info)
    short.callback = outline
    return short


def main() -> None:
    """Console-script entry point (pyproject: baocao = "cli.app:main").

    Usage errors (a bad option value) exit 2 like every bad input, and come out as JSON on
    stdout when ``--format json`` was asked for, so a script always reads one shape. Output
    goes through ``cli.streams``: the exit code is the same piped (``| head -1``) or not, and
    a disk full is an I/O error (exit 2), not a bug.
    """
    # One short-lived command over millions of objects that form no cycles worth collecting:
    # the collector's passes over them cost 15% of a run at 1e5 instances, more at 1e6.
    gc.disable()
    streams.guard()
    args = sys.argv[1:]
    command = typer.main.get_command(outlined(app, set(args)))
    localize(command, help_lang(args))
    try:
        code = command.main(args=args, prog_name="baocao", standalone_mode=False)
        streams.flush()
    except typer.TyperException as exc:
        exit_code = int(getattr(exc, "exit_code", EXIT_BAD_INPUT))
        with contextlib.suppress(streams.OutputError):
            if _wants_json(args):
                import json

                message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
                error = {"code": "usage", "file": "", "line": 0, "column": 0, "message": message}
                sys.stdout.write(json.dumps({"errors": [error]}, ensure_ascii=False, indent=2)
                                 + "\n")
                streams.flush()
            else:
                load_rich_utils()
                from typer import rich_utils

                said = usage_text(exc.format_message(), help_lang(args))
                exc.format_message = lambda: said  # type: ignore[method-assign]
                rich_utils.rich_format_error(exc)  # type: ignore[arg-type]
        sys.exit(exit_code)
    except typer.Abort:
        from cli import render

        with contextlib.suppress(streams.OutputError):
            render.stderr_console().print("Aborted.")
        sys.exit(130)
    except streams.OutputError as err:  # --help or --version to a full disk
        from cli import render

        say(render.output_error_view(err, DEFAULT_LANG))
        sys.exit(EXIT_BAD_INPUT)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
