"""``--help`` in the reader's language: Vietnamese unless ``--lang en`` is on the command line
(or BAOCAO_LANG=en), like every other output.

The help is written in English where each command and option is defined; ``cli.i18n.HELP_VI``
translates it, keyed by that text (as gettext keys messages by their English). ``localize``
walks the click command tree once, before it parses anything.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import types
from collections.abc import Sequence
from typing import Any

from cli.i18n import HELP_CHROME, HELP_VI, USAGE_VI, Lang


def help_lang(args: Sequence[str]) -> Lang:
    """The language asked for on the command line, else BAOCAO_LANG, else Vietnamese.

    >>> help_lang(["check", "--lang", "en", "--help"]), help_lang(["--lang=EN"])
    (<Lang.EN: 'en'>, <Lang.EN: 'en'>)
    """
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        else:
            continue
        return Lang.EN if value.lower() == "en" else Lang.VI
    return Lang.EN if os.environ.get("BAOCAO_LANG", "").lower() == "en" else Lang.VI


def _chrome(key: str, lang: Lang) -> str:
    pair = HELP_CHROME[key]
    return pair[1] if lang is Lang.EN else pair[0]


def translated(text: str | None, lang: Lang) -> str | None:
    if text is None or lang is Lang.EN:
        return text
    return HELP_VI.get(text, text)


# Modules typer.rich_utils imports for what baocao never asks of it: help written in Markdown
# (rich_markup_mode="markdown") and pretty tracebacks (pretty_exceptions_enable=False). With
# markdown-it, Pygments and attrs behind them they cost more than the rest of `--help`.
_UNUSED_BY_HELP = ("rich.markdown", "rich.traceback")


class _Later(type):
    """A name typer.rich_utils imports from a module of _UNUSED_BY_HELP, standing in until it
    is used: calling it or reading an attribute imports the real module and forwards. A class,
    so that annotations like ``Markdown | Text`` in typer's signatures still evaluate."""

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls._real()(*args, **kwargs)

    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(cls._real(), name)


def _stand_in(module: str) -> types.ModuleType:
    stub = types.ModuleType(module)

    def later(name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _Later(name, (), {
            "_real": staticmethod(lambda: getattr(importlib.import_module(module), name))})

    stub.__getattr__ = later  # type: ignore[method-assign]
    return stub


def load_rich_utils() -> None:
    """Load typer's help renderer (typer.rich_utils) without the modules of
    ``_UNUSED_BY_HELP``: they stand in for the import only, and load for real the first time
    anything uses them. Then ``from typer import rich_utils`` finds it loaded."""
    if "typer.rich_utils" in sys.modules:
        return
    stubs = {name: _stand_in(name) for name in _UNUSED_BY_HELP if name not in sys.modules}
    sys.modules.update(stubs)
    try:
        import typer.rich_utils  # noqa: F401
    finally:
        for name, stub in stubs.items():
            if sys.modules.get(name) is stub:
                del sys.modules[name]


def localize(command: Any, lang: Lang) -> None:
    """Every command's help and epilog and every option's help in ``lang``; the panels'
    titles too."""
    load_rich_utils()
    from typer import rich_utils

    rich_utils.ARGUMENTS_PANEL_TITLE = _chrome("panel.arguments", lang)
    rich_utils.OPTIONS_PANEL_TITLE = _chrome("panel.options", lang)
    rich_utils.COMMANDS_PANEL_TITLE = _chrome("panel.commands", lang)
    rich_utils.ERRORS_PANEL_TITLE = _chrome("panel.error", lang)
    rich_utils.DEFAULT_STRING = _chrome("default", lang)
    rich_utils.REQUIRED_LONG_STRING = _chrome("required", lang)
    rich_utils.RICH_HELP = _chrome("try_help", lang)
    _walk(command, lang)


def _walk(command: Any, lang: Lang) -> None:
    command.help = translated(command.help, lang)
    command.short_help = None  # typer takes the first line of the (translated) help
    if command.epilog:
        command.epilog = command.epilog.replace(HELP_CHROME["examples"][1],
                                                _chrome("examples", lang))
    for param in command.params:
        if getattr(param, "help", None):
            param.help = translated(param.help, lang)
    original = command.get_help_option

    def help_option(self: Any, ctx: Any) -> Any:
        option = original(ctx)
        if option is not None:
            option.help = translated(HELP_CHROME_HELP, lang)
            _plain_flag(option)
        return option

    command.get_help_option = types.MethodType(help_option, command)
    if command.options_metavar == HELP_CHROME["options_metavar"][1]:
        command.options_metavar = _chrome("options_metavar", lang)
    if getattr(command, "subcommand_metavar", None) == HELP_CHROME["subcommand_metavar"][1]:
        command.subcommand_metavar = _chrome("subcommand_metavar", lang)
    prefix = _chrome("usage", lang)

    def format_usage(self: Any, ctx: Any, formatter: Any) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)),
                              prefix)

    command.format_usage = types.MethodType(format_usage, command)
    for sub in getattr(command, "commands", {}).values():
        _walk(sub, lang)


HELP_CHROME_HELP = "Show this message and exit."


def _plain_flag(option: Any) -> None:
    """The -h/--help flag converts nothing: its value is True or, not given, None, and typer
    passes both through unconverted. Yet to find that out it builds the flag a pydantic
    TypeAdapter, and importing pydantic takes longer than the rest of `baocao check --help`
    (the group's flag is read on the way to every command). A pass-through converter instead,
    when this typer has one."""
    try:
        from typer._coercion import PassThroughRuntimeParam
    except ImportError:  # another typer: it converts as it likes
        return
    descriptor = getattr(option, "type_descriptor", None)
    if getattr(option, "_runtime_param", ...) is None and descriptor is not None:
        option._runtime_param = PassThroughRuntimeParam(
            parameter_info=descriptor.parameter_info, annotation=descriptor.annotation)


def usage_text(message: str, lang: Lang) -> str:
    """A usage error as the user reads it: in Vietnamese unless ``lang`` is English, and
    without the "Value error, " a converter's own refusal comes wrapped in."""
    message = re.sub(r"\bValue error, ", "", message)
    return message if lang is Lang.EN else usage_vi(message)


def usage_vi(message: str) -> str:
    """A usage error of click (or of the date parser) in Vietnamese, phrase by phrase.

    >>> usage_vi("Invalid value for '--as-of': expected a date like 2022-06-14, 14/6/2022 or "
    ...          "'ngày 14 tháng 6 năm 2022', got '31/02/2023': there is no day 31 in 02/2023")
    "Giá trị không hợp lệ cho '--as-of': cần một ngày như 2022-06-14, 14/6/2022 hoặc 'ngày 14 \
tháng 6 năm 2022', nhưng nhận '31/02/2023': tháng 02/2023 không có ngày 31"
    """
    for pattern, replacement in USAGE_VI:
        message = re.sub(pattern, replacement, message)
    return message
