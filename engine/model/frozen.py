"""A frozen slotted dataclass whose ``__init__`` writes its slots directly.

A frozen dataclass's generated ``__init__`` sets each field through
``object.__setattr__``, bypassing its own ``__setattr__`` that refuses: twice the cost of a
plain class's. A national run builds about a million each of the records, the reports owed
and their results, so ``quick`` gives those classes an ``__init__`` that writes each field
through its slot's descriptor, which a frozen class's ``__setattr__`` never sees either. The
class stays what it was: frozen (assigning still raises ``FrozenInstanceError``), equal and
hashed by value, built with the same positional and keyword arguments and defaults.

Generated from the fields as text, as ``dataclasses`` itself makes ``__init__``.
"""

from __future__ import annotations

from dataclasses import MISSING, fields, is_dataclass
from typing import Any, TypeVar

_T = TypeVar("_T")


def quick(cls: type[_T]) -> type[_T]:
    """``cls`` with the faster ``__init__``; only a frozen, slotted dataclass whose fields
    are all set by ``__init__`` from its arguments (no default factory, no
    ``__post_init__``, no keyword-only field), else ``TypeError``: anything else would be
    built differently than the dataclass says."""
    params = getattr(cls, "__dataclass_params__", None)
    if not is_dataclass(cls) or params is None or not params.frozen \
            or "__slots__" not in cls.__dict__:
        raise TypeError(f"{cls.__name__}: quick is for frozen slotted dataclasses")
    found = fields(cls)
    if hasattr(cls, "__post_init__") or any(
            not f.init or f.kw_only or f.default_factory is not MISSING for f in found):
        raise TypeError(f"{cls.__name__}: a field __init__ does not set from its argument")
    names: dict[str, Any] = {}
    signature, body = [], []
    for n, f in enumerate(found):
        names[f"_set{n}"] = cls.__dict__[f.name].__set__  # the slot's own descriptor
        if f.default is MISSING:
            signature.append(f.name)
        else:
            names[f"_default{n}"] = f.default
            signature.append(f"{f.name}=_default{n}")
        body.append(f"    _set{n}(self, {f.name})")
    source = (f"def __init__(self, {', '.join(signature)}):\n"
              + ("\n".join(body) if body else "    pass") + "\n")
    made: dict[str, Any] = {}
    exec(source, names, made)  # code made from the field names, as dataclasses does
    init = made["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = cls.__init__.__doc__
    init.__annotations__ = dict(cls.__init__.__annotations__)
    setattr(cls, "__init__", init)  # noqa: B010 - a class attribute set on purpose
    return cls
