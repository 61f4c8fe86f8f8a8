"""``--help`` in the reader's language: Vietnamese unless ``--lang en`` is on the command line
(or BAOCAO_LANG=en), like every other output.

The help is written in English where each command and option is defined; ``cli.i18n.HELP_VI``
translates it, keyed by that text (as gettext keys messages by their English). ``localize``
walks the click command tree once, before it parses anything.
"""

from __future__ import annotations

import os
import re
import types
from collections.abc import Sequence
from typing import Any

from typer import rich_utils

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


def localize(command: Any, lang: Lang) -> None:
    """Every command's help and epilog and every option's help in ``lang``; the panels'
    titles too."""
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
        return option

    command.get_help_option = types.MethodType(help_option, command)
    for sub in getattr(command, "commands", {}).values():
        _walk(sub, lang)


HELP_CHROME_HELP = "Show this message and exit."


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
