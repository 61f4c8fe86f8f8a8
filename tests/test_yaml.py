"""engine.sources.yaml: strict YAML with positions. Expected positions are counted by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.errors import BaocaoError, Problem
from engine.sources.yaml import load_yaml, load_yaml_text


def _only_problem(text: str, *, allow_aliases: bool = False) -> Problem:
    with pytest.raises(BaocaoError) as caught:
        load_yaml_text(text, "t.yaml", allow_aliases=allow_aliases)
    assert len(caught.value.problems) == 1, caught.value.problems
    return caught.value.problems[0]


# A "billion laughs" cut short: a→10 nodes, b→91, c→820, d→7381; e's first *d passes 10,000.
_BOMB = (
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
)


@pytest.mark.parametrize(
    ("text", "allow", "code", "line", "column", "message"),
    [
        (
            "a: 1\nb: 2\na: 3\n",
            False,
            "yaml.duplicate-key",
            3,
            1,
            "duplicate key 'a' (first defined at line 1); each key may appear once in a mapping",
        ),
        (
            "x:\n  y: 1\n  y: 2\n",
            False,
            "yaml.duplicate-key",
            3,
            3,
            "duplicate key 'y' (first defined at line 2); each key may appear once in a mapping",
        ),
        (
            "a: &x 1\n",
            False,
            "yaml.alias",
            1,
            4,
            "anchors and aliases are not allowed here (found anchor &x); "
            "write the value out in full",
        ),
        (
            "a: 1\nb: *x\n",
            False,
            "yaml.alias",
            2,
            4,
            "anchors and aliases are not allowed here (found alias *x); "
            "write the value out in full",
        ),
        ("<<: {a: 1}\n", False, "yaml.alias", 1, 1, "merge keys ('<<') are not allowed here"),
        (
            "a: &a [*a]\n",
            True,
            "yaml.alias-bomb",
            1,
            8,
            "alias *a refers to itself (infinite expansion)",
        ),
        (
            _BOMB,
            True,
            "yaml.alias-bomb",
            5,
            8,
            "aliases expand to more than 10000 nodes; refusing to load",
        ),
        ("a: b: c\n", False, "yaml.syntax", 1, 5, "mapping values are not allowed in this context"),
        (
            "a: 'x\n",
            False,
            "yaml.syntax",
            2,
            1,
            "found unexpected end of stream (while scanning a quoted scalar)",
        ),
        ("a: \x01\n", False, "yaml.syntax", 1, 4, "control characters are not allowed"),
        (
            "a: 1\n---\nb: 2\n",
            False,
            "yaml.syntax",
            2,
            1,
            "expected a single YAML document, found another one ('---')",
        ),
        ("? [a]\n: 1\n", False, "yaml.syntax", 1, 3, "a mapping key must be a plain value"),
        ("b: *nope\n", True, "yaml.syntax", 1, 4, "alias *nope has no anchor &nope before it"),
        (
            "a: !!binary aGVsbG8=\n",
            False,
            "yaml.tag",
            1,
            4,
            "unsupported YAML tag !!binary; write a plain value",
        ),
        ("a: !!set {x}\n", False, "yaml.tag", 1, 4, "unsupported YAML tag !!set"),
    ],
)
def test_errors(text: str, allow: bool, code: str, line: int, column: int, message: str) -> None:
    found = _only_problem(text, allow_aliases=allow)
    assert (found.file, found.code, found.line, found.column, found.message) == (
        "t.yaml",
        code,
        line,
        column,
        message,
    )


def test_all_duplicate_keys_are_reported_together() -> None:
    with pytest.raises(BaocaoError) as caught:
        load_yaml_text("a: 1\nb: 2\na: 3\nb: 4\n", "t.yaml")
    assert [p.pointer for p in caught.value.problems] == ["/a", "/b"]
    assert [str(p) for p in caught.value.problems] == [
        "t.yaml:3:1: yaml.duplicate-key: duplicate key 'a' (first defined at line 1); "
        "each key may appear once in a mapping",
        "t.yaml:4:1: yaml.duplicate-key: duplicate key 'b' (first defined at line 2); "
        "each key may appear once in a mapping",
    ]


def test_scalars_keep_dates_as_strings() -> None:
    text = "d: 2022-03-14\nt: 2022-03-14 10:00:00\nb: true\nn: null\ni: 0x1F\nf: 1.5\ns: '15'\n"
    data = load_yaml_text(text, "t.yaml").data
    assert data == {
        "d": "2022-03-14",
        "t": "2022-03-14 10:00:00",
        "b": True,
        "n": None,
        "i": 31,
        "f": 1.5,
        "s": "15",
    }
    assert type(data["i"]) is int


def test_positions_by_pointer_and_nearest_parent() -> None:
    text = (
        "obligations:\n"  # 1
        "  - id: a\n"  # 2
        "    deadline:\n"  # 3
        "      day: 15\n"  # 4
        "      month: last\n"  # 5
    )
    located = load_yaml_text(text, "t.yaml")
    assert located.where("/obligations/0/deadline/day") == (4, 12)
    assert located.where("/obligations/0/deadline/month") == (5, 14)
    assert located.where_key("/obligations/0/deadline/month") == (5, 7)
    assert located.where("/obligations/0") == (2, 5)
    # Not in the file: the nearest parent that is.
    assert located.where("/obligations/0/deadline/reading") == (4, 7)
    assert located.where("/obligations/7/id") == (2, 3)
    assert located.where("") == (1, 1)
    assert located.problem("/obligations/0/id", "x.code", "msg") == Problem(
        "t.yaml", 2, 9, "x.code", "msg", "/obligations/0/id"
    )


def test_pointer_tokens_are_escaped() -> None:
    located = load_yaml_text("a/b: {c~d: 1}\n", "t.yaml")
    assert located.data == {"a/b": {"c~d": 1}}
    assert located.where("/a~1b/c~0d") == (1, 12)


def test_multibyte_characters_count_as_one_column() -> None:
    located = load_yaml_text("tên: Sở TT&TT\nđơn_vị: x\n", "t.yaml")
    assert located.where("/tên") == (1, 6)
    assert located.where("/đơn_vị") == (2, 9)


def test_empty_document() -> None:
    located = load_yaml_text("# only a comment\n", "t.yaml")
    assert located.data is None
    assert located.where("/anything") == (1, 1)


def test_aliases_when_allowed_share_value_and_positions() -> None:
    located = load_yaml_text("a: &x [1, 2]\nb: *x\n", "t.yaml", allow_aliases=True)
    assert located.data == {"a": [1, 2], "b": [1, 2]}
    assert located.where("/b/1") == (1, 11)


def test_merge_key_when_allowed() -> None:
    text = "base: &b {x: 1, y: 2}\nrec:\n  <<: *b\n  y: 3\n"
    located = load_yaml_text(text, "t.yaml", allow_aliases=True)
    assert located.data["rec"] == {"x": 1, "y": 3}
    assert located.where("/rec/x") == (1, 14)
    assert located.where("/rec/y") == (4, 6)


def test_nesting_too_deep() -> None:
    problem = _only_problem("[" * 300 + "]" * 300)
    assert (problem.code, problem.line, problem.column) == ("yaml.syntax", 1, 202)
    assert problem.message == "nesting deeper than 200 levels"


def test_load_yaml_file_with_bom_and_display_name(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes("\ufeffđơn vị: Sở\n".encode())
    located = load_yaml(path, display_name="rules/x.yaml")
    assert (located.data, located.file) == ({"đơn vị": "Sở"}, "rules/x.yaml")
    assert located.where("/đơn vị") == (1, 9)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(BaocaoError) as caught:
        load_yaml(tmp_path / "missing.yaml", display_name="missing.yaml")
    assert str(caught.value) == (
        "missing.yaml: file.unreadable: cannot read file: No such file or directory"
    )


def test_directory_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(BaocaoError) as caught:
        load_yaml(tmp_path, display_name="d")
    assert str(caught.value) == "d: file.unreadable: cannot read file: Is a directory"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(BaocaoError) as caught:
        load_yaml(path, display_name="latin1.yaml")
    assert str(caught.value) == (
        "latin1.yaml:2:7: file.encoding: file is not UTF-8 (byte 0xe9 cannot be decoded) and "
        "does not read as Windows-1258 Vietnamese either; save it as UTF-8; if it was typed "
        "with a TCVN3 (ABC) or VNI font, convert it to Unicode first (e.g. Unikey's converter)"
    )
