"""JSON Schema validation with compiler-style messages.

Every file format baocao reads has a schema in ``schemas/`` (shipped as the package
``baocao_schemas``). Validation runs before any semantic check, so later passes may assume the
shape; its errors are turned into located ``Problem``s that say what was expected, because a
raw jsonschema message ("Additional properties are not allowed") does not help a rule author.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.errors import Problem
from engine.rulebook._data import data_dir
from engine.sources.located import Located, escape_pointer_token, pointer_of

if TYPE_CHECKING:  # jsonschema is imported when a file is first validated
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

__all__ = ["schema_dir", "validate"]

_TYPE_NAMES = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}


def schema_dir() -> Path:
    """The installed ``baocao_schemas`` package, or ``schemas/`` of the source tree."""
    return data_dir("baocao_schemas", "directive.schema.json", "schemas")


@cache
def _validator(schema_name: str) -> Draft202012Validator:

    file = schema_name if schema_name.endswith(".json") else f"{schema_name}.schema.json"
    source = schema_dir().joinpath(file)
    if not source.is_file():
        raise KeyError(f"no schema {file!r} in {schema_dir()}")
    # the schemas ship with baocao and tests/test_rules_loader.py checks each against the
    # metaschema: checking them again on every run cost 130 ms of a 600 ms check
    schema = json.loads(source.read_text(encoding="utf-8"))
    validator: Draft202012Validator = _strict()(schema)
    return validator


def _is_integer(checker: object, instance: object) -> bool:
    return isinstance(instance, int) and not isinstance(instance, bool)


@cache
def _strict() -> Any:
    """Draft 2020-12 counts 15.0 as an integer; a rule file that says ``day: 15.0`` means
    something else than the code can use, so here an integer is an integer."""
    from jsonschema import Draft202012Validator, validators

    checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer)
    return validators.extend(Draft202012Validator, type_checker=checker)  # type: ignore[no-untyped-call]


def validate(located: Located, schema_name: str, *, at: str = "") -> list[Problem]:
    """Every schema error in ``located`` (or in its sub-document at pointer ``at``).

    ``schema_name`` is e.g. ``"directive"`` for ``schemas/directive.schema.json``. The
    problems are sorted by position; an empty list means the document has the right shape.
    """
    instance = _at_pointer(located.data, at)
    problems: dict[Problem, None] = {}
    for error in _validator(schema_name).iter_errors(instance):
        for found in _problems(located, _leaf(error), at):
            problems[found] = None
    return sorted(problems)


def _at_pointer(data: Any, pointer: str) -> Any:
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        data = data[int(key)] if isinstance(data, list) else data[key]
    return data


def _leaf(error: ValidationError) -> ValidationError:
    """For anyOf/oneOf, the most relevant error of the alternatives."""
    from jsonschema.exceptions import best_match

    while error.validator in ("anyOf", "oneOf") and error.context:
        # An alternative of the value's own type (its error lies inside the value, or is not
        # about the type) says more than "expected another type".
        fitting = [e for e in error.context if e.relative_path or e.validator != "type"]
        best = best_match(fitting or error.context)
        if best is None:  # pragma: no cover - context is non-empty
            break
        error = best
    return error


def _problems(located: Located, error: ValidationError, at: str) -> Iterator[Problem]:
    pointer = at + pointer_of(error.absolute_path)
    validator = str(error.validator)
    code = f"schema.{validator}"
    instance = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if validator == "additionalProperties" and isinstance(instance, dict):
        known = list(schema.get("properties", {}))
        for key in _extra_keys(instance, schema):
            child = f"{pointer}/{escape_pointer_token(key)}"
            message = f"unknown field {key!r}{_did_you_mean(str(key), known)}"
            if known:
                message += f"; expected one of: {', '.join(known)}"
            yield located.problem(child, code, message, key=True, field=str(key))
        return
    if validator == "required" and isinstance(instance, dict):
        # A conditional requirement (if/then) says why in its description.
        why = schema.get("description") if "then" in error.schema_path else None
        required: Any = error.validator_value
        for name in required:
            if name not in instance:
                message = f"missing required field {name!r}" + (f" ({why})" if why else "")
                yield located.problem(pointer, code, message, field=str(name))
        return
    yield located.problem(pointer, code, _message(error, validator, instance, schema))


def _extra_keys(instance: dict[Any, Any], schema: dict[str, Any]) -> list[Any]:
    known = schema.get("properties", {})
    patterns = list(schema.get("patternProperties", {}))
    return [
        key
        for key in instance
        if key not in known
        and not (isinstance(key, str) and any(re.search(p, key) for p in patterns))
    ]


def _message(error: ValidationError, validator: str, instance: Any, schema: dict[str, Any]) -> str:
    value: Any = error.validator_value
    if validator == "enum":
        allowed = [v if isinstance(v, str) else _show(v) for v in value]
        return (
            f"{_show(instance)} is not allowed{_did_you_mean(str(instance), allowed)}; "
            f"expected one of: {', '.join(allowed)}"
        )
    if validator == "const":
        return f"expected {_show(value)}, got {_show(instance)}"
    if validator == "type":
        wanted = [value] if isinstance(value, str) else list(value)
        names = [_TYPE_NAMES.get(t, t) for t in wanted]
        expected = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        return f"expected {expected}, got {_describe(instance)}"
    if validator == "pattern":
        message = f"{_show(instance)} does not have the expected form"
        if about := str(schema.get("description", "")).rstrip("."):
            message += f": {about[0].lower()}{about[1:]}"
        if schema.get("examples"):
            message += f", e.g. {_show(schema['examples'][0])}"
        return message
    if validator in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        sign = {"minimum": ">=", "maximum": "<=", "exclusiveMinimum": ">"}.get(validator, "<")
        return f"expected a number {sign} {value}, got {_show(instance)}"
    if validator == "minItems":
        return f"expected at least {value} item{'s' if value != 1 else ''}, got {len(instance)}"
    if validator == "maxItems":
        return f"expected at most {value} item{'s' if value != 1 else ''}, got {len(instance)}"
    if validator == "minLength":
        return "must not be empty" if value == 1 else f"expected at least {value} characters"
    if validator == "uniqueItems":
        seen: list[Any] = []
        repeated: list[str] = []
        for item in instance:
            if item in seen and _show(item) not in repeated:
                repeated.append(_show(item))
            seen.append(item)
        return f"items must be unique; repeated: {', '.join(repeated)}"
    return error.message


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _show(value: Any) -> str:
    """A value as the user wrote it in YAML."""
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _describe(value: Any) -> str:
    if isinstance(value, dict | list) or value is None:
        return _show(value)
    kind = {bool: "boolean", int: "integer", float: "number", str: "string"}.get(type(value))
    return f"{kind or type(value).__name__} {_show(value)}"
