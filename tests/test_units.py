"""engine.rulebook.registry: the registry, name resolution and the checks of units.yaml."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from unicodedata import normalize

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from engine.errors import BaocaoError
from engine.model import Group, Unit
from engine.rulebook.registry import (
    _LEVELS,
    Abbreviations,
    Registry,
    UnitResolutionError,
    name_keys,
    normalise_name,
)
from engine.rulebook.units import load_registry, registry_from_data

FIXTURES = Path(__file__).parent / "fixtures" / "loader"
SO_TTTT = ("so-tttt-tay-ninh", "so-tttt-thai-nguyen", "so-tttt-tra-vinh")


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(FIXTURES / "units.yaml")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("so-tttt-tay-ninh", "so-tttt-tay-ninh"),  # exact id
        ("SO-TTTT-TAY-NINH", "so-tttt-tay-ninh"),  # id, any case
        ("Sở Thông tin và Truyền thông tỉnh Tây Ninh", "so-tttt-tay-ninh"),  # name
        ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH TÂY NINH", "so-tttt-tay-ninh"),  # case
        ("  Sở  Thông tin và Truyền thông   Tây Ninh ", "so-tttt-tay-ninh"),  # alias, spaces
        (normalize("NFD", "Sở Thông tin và Truyền thông Tây Ninh"), "so-tttt-tay-ninh"),  # NFD
        ("So Thong tin va Truyen thong tinh Tay Ninh", "so-tttt-tay-ninh"),  # no diacritics
        ("so giao duc va dao tao tinh tay ninh", "so-gddt-tay-ninh"),  # đ → d
        ("Sở TT&TT Tây Ninh", "so-tttt-tay-ninh"),  # short + place
        ("STTTT tỉnh Thái Nguyên", "so-tttt-thai-nguyen"),  # short + "tỉnh" + place
        ("stttt tinh tra vinh", "so-tttt-tra-vinh"),  # short + "tinh" + place
        ("Sở TT-TT Tây Ninh", "so-tttt-tay-ninh"),  # punctuation variant of a short name
        ("Sở TT & TT Trà Vinh", "so-tttt-tra-vinh"),
        ("Sở TT&TT thành phố Tây Ninh", "so-tttt-tay-ninh"),
        ("Bộ TT&TT", "bo-tttt"),  # a short name alone, when only one unit has it
        ("Ministry of Information and Communications", "bo-tttt"),  # English name
        ("Vụ Thi đua – Khen thưởng", "vu-tdkt-btttt"),  # en dash for a hyphen
        ("UBND tỉnh Tây Ninh", "ubnd-tinh-tay-ninh"),
    ],
)
def test_resolve(registry: Registry, name: str, expected: str) -> None:
    assert registry.resolve(name) == expected


def test_ambiguous_short_name_lists_every_candidate(registry: Registry) -> None:
    with pytest.raises(UnitResolutionError) as caught:
        registry.resolve("Sở TT&TT")
    err = caught.value
    assert (err.kind, err.candidates, err.name) == ("ambiguous", SO_TTTT, "Sở TT&TT")
    assert str(err) == (
        "'Sở TT&TT' names no place: every province has one; write it with the place, e.g. "
        "'Sở TT&TT Tây Ninh' (registered: "
        "so-tttt-tay-ninh (Sở Thông tin và Truyền thông tỉnh Tây Ninh); "
        "so-tttt-thai-nguyen (Sở Thông tin và Truyền thông tỉnh Thái Nguyên); "
        "so-tttt-tra-vinh (Sở Thông tin và Truyền thông tỉnh Trà Vinh))"
    )


def test_a_short_name_that_fits_one_registered_unit_is_that_unit(registry: Registry) -> None:
    """A Tây Ninh office's register that writes "Sở TT&TT" means the one it knows (issue 14);
    the row says how the name was read."""
    only = Registry({"so-tttt-tay-ninh": registry.units["so-tttt-tay-ninh"]}, {})
    assert only.resolve_noted("Sở TT&TT") == ("so-tttt-tay-ninh", "unit.resolved-short")
    assert only.resolve_noted("Sở TT&TT Tây Ninh") == ("so-tttt-tay-ninh", None)
    # read in another province, it is that province's own, which is not registered
    with pytest.raises(UnitResolutionError):
        only.resolve("Sở TT&TT", "Thái Nguyên")


def test_a_short_name_fitting_several_is_read_in_the_recipient_s_province(
        registry: Registry) -> None:
    assert registry.resolve_noted("Sở TT&TT", "Tây Ninh") == (
        "so-tttt-tay-ninh", "unit.resolved-place")
    assert registry.resolve("Sở TT&TT", "Thái Nguyên") == "so-tttt-thai-nguyen"
    with pytest.raises(UnitResolutionError) as caught:  # no province to read it in
        registry.resolve("Sở TT&TT")
    assert caught.value.kind == "ambiguous"
    with pytest.raises(UnitResolutionError):  # a province with none of them
        registry.resolve("Sở TT&TT", "Hà Giang")


def test_ambiguity_is_decided_at_the_first_matching_level(registry: Registry) -> None:
    # "STTTT" matches three units without any folding: never a guess.
    with pytest.raises(UnitResolutionError) as caught:
        registry.resolve("STTTT")
    assert (caught.value.kind, caught.value.candidates) == ("ambiguous", SO_TTTT)


def test_unknown_name(registry: Registry) -> None:
    with pytest.raises(UnitResolutionError) as caught:
        registry.resolve("Sở Tài chính")
    assert (caught.value.kind, caught.value.candidates) == ("unknown", ())
    assert str(caught.value) == (
        "unknown unit 'Sở Tài chính': not a unit id, name or alias in the registry"
    )


def test_a_short_name_is_offered_its_unit() -> None:
    """Typed short, a name is far by edits and close by its words: the unit is offered."""
    from engine.rulebook import bundled_rules_dir, load_rulebook

    with pytest.raises(UnitResolutionError) as caught:
        load_rulebook(bundled_rules_dir()).registry.resolve("Sở Thông tin Tây Nin")
    assert "so-tttt-tay-ninh" in caught.value.candidates
    assert len(caught.value.candidates) <= 3


def test_unknown_name_suggests_close_units(registry: Registry) -> None:
    with pytest.raises(UnitResolutionError) as caught:
        registry.resolve("so-tttt-tay-nin")
    # Closest first; only names close enough (mean of edit and shared-word scores >= 80, and
    # within 5 of the best) are offered: not the namesake of another province (tra-vinh 84).
    assert caught.value.kind == "unknown"
    assert caught.value.candidates == ("so-tttt-tay-ninh",)
    assert str(caught.value) == (
        "unknown unit 'so-tttt-tay-nin': not a unit id, name or alias in the registry; "
        "did you mean: so-tttt-tay-ninh (Sở Thông tin và Truyền thông tỉnh Tây Ninh)?"
    )


def _sharing_reference(reg: Registry, typed: str, limit: int) -> list[str]:
    """The plain reading of "the names sharing most words": count every name each looked-up
    word is in, order by count (most first), then by name."""
    names = list(reg._offered())
    common = max(50, len(names) // 10)
    holders = {w: [k for k in names if w in set(k.split())] for w in set(typed.split())}
    counts: dict[str, int] = {}
    for keys in holders.values():
        if len(keys) <= common:
            for key in keys:
                counts[key] = counts.get(key, 0) + 1
    return sorted(counts, key=lambda k: (-counts[k], k))[:limit]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["so", "tttt", "tay", "ninh", "thai", "nguyen", "tra", "vinh",
                                 "ubnd", "tinh", "thong", "tin", "va", "truyen", "xyz"]),
                max_size=7),
       st.integers(min_value=1, max_value=5))
def test_names_sharing_words_are_ranked_by_count_then_name(
        registry: Registry, words: list[str], limit: int) -> None:
    typed = " ".join(words)
    assert registry._sharing_words(typed, limit) == _sharing_reference(registry, typed, limit)


def _communes() -> Registry:
    """Four hundred communes named alike, as a national registry names them: "did you mean"
    meets many names tied at the edge of its pools."""
    syllables = ("An", "Bình", "Châu", "Đông", "Hòa", "Phú", "Tân", "Thạnh", "Long", "Mỹ")
    provinces = ("Tây Ninh", "Trà Vinh", "Thái Nguyên", "Điện Biên")
    units = {}
    for n in range(400):
        place = provinces[n % 4]
        commune = f"{syllables[n % 10]} {syllables[(n // 10) % 10]}"
        ident = f"xa-{n}"
        units[ident] = Unit(ident, f"Ủy ban nhân dân xã {commune} tỉnh {place}", "ubnd-xa",
                            place=place)
    return Registry(units, {})


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 399), st.integers(0, 40), st.integers(0, 3)),
                min_size=2, max_size=12))
def test_names_searched_together_get_the_errors_they_get_one_by_one(
        typos: list[tuple[int, int, int]]) -> None:
    """``prepare`` scores a batch's unknown names at once (rapidfuzz's ``cdist``, the pools
    cut with numpy): each name's pool is ``process.extract``'s, in its order, and each name
    gets the very error it gets alone."""
    alone, together = _communes(), _communes()
    names = []
    for n, at, cut in typos:  # a registered name with letters dropped: close to many
        name = together.units[f"xa-{n}"].name
        names.append(name[:at] + name[at + cut + 1:])
    together.prepare([*names, "xa-7"])
    # the pool each name is scored on: cdist's row cut by _best is process.extract's list
    import numpy as np
    from rapidfuzz import fuzz, process

    from engine.rulebook.registry import _EDIT_CUTOFF, _POOL, _best

    offered = list(alone._offered())
    for name in names:
        typed = normalise_name(name, 1)
        row = process.cdist([typed], offered, scorer=fuzz.ratio, score_cutoff=_EDIT_CUTOFF,
                            dtype=np.float64)[0]
        assert [offered[i] for i in _best(row, _POOL, _EDIT_CUTOFF)] == [
            key for key, _, _ in process.extract(typed, offered, scorer=fuzz.ratio,
                                                 limit=_POOL, score_cutoff=_EDIT_CUTOFF)]
    for name in names:
        outcomes = []
        for reg in (alone, together):
            try:
                outcomes.append(reg.resolve(name))
            except UnitResolutionError as err:
                outcomes.append((err.kind, err.candidates, str(err)))
        assert outcomes[0] == outcomes[1]


def test_a_batch_searches_its_unknown_names_together(monkeypatch: pytest.MonkeyPatch) -> None:
    """``build_all`` hands the batch's names to ``prepare`` before it resolves each record:
    no name is then searched alone (a national register has 1,400 of them)."""
    from rapidfuzz import process

    from engine.sources.located import Located
    from engine.submissions import build_all
    from engine.submissions.raw import Record

    reg = _communes()
    typed = [reg.units[f"xa-{n}"].name.replace("nhân dân", "nhan dan").replace("xã ", "")
             for n in (3, 57, 211)]
    records = [Record(Located({"id": f"r{n}", "reporter": f" {name} ", "recipient": "xa-1",
                               "submitted_on": "2024-01-05"}, "in.csv", {}), n + 2)
               for n, name in enumerate(typed)]

    def alone(*args: object, **kwargs: object) -> None:
        raise AssertionError("a name was searched alone")

    monkeypatch.setattr(process, "extract", alone)
    subs = build_all(records, reg, ())
    assert [s.unit_problems[0].code for s in subs] == ["unit.unknown"] * 3
    assert all("did you mean" in s.unit_problems[0].message for s in subs)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(-3, 6), max_size=40), st.integers(1, 6), st.integers(-2, 3))
def test_the_best_scores_are_taken_highest_first_ties_by_position(
        scores: list[int], limit: int, at_least: int) -> None:
    import numpy as np

    from engine.rulebook.registry import _best

    expected = sorted((i for i, v in enumerate(scores) if v >= at_least),
                      key=lambda i: (-scores[i], i))[:limit]
    assert _best(np.array(scores, dtype=np.float64), limit, at_least) == expected


def test_an_unknown_name_is_searched_once_and_raised_afresh(registry: Registry) -> None:
    errors = []
    before = set(registry._unknowns)
    for near in (None, "Tây Ninh", "Trà Vinh"):
        with pytest.raises(UnitResolutionError) as caught:
            registry.resolve("Sở Thông tin Tây Nin", near)
        errors.append(caught.value)
    assert len({id(e) for e in errors}) == 3  # no error object raised twice
    assert len({(e.kind, e.candidates, str(e)) for e in errors}) == 1
    assert set(registry._unknowns) - before == {"Sở Thông tin Tây Nin"}


def test_groups_are_not_reporters(registry: Registry) -> None:
    with pytest.raises(UnitResolutionError) as caught:
        registry.resolve("các sở thông tin và truyền thông")
    assert caught.value.kind == "group"  # problem code unit.group
    assert str(caught.value) == (
        "'các sở thông tin và truyền thông' is the group so-tttt-cac-tinh "
        "(Các Sở Thông tin và Truyền thông); a report comes from one unit: name the unit"
    )


def test_expand_groups_recursively_in_order_without_repeats(registry: Registry) -> None:
    # toan-nganh-tttt = [vu, so-tttt-cac-tinh (3 units), so-tttt-tay-ninh (again)]
    assert registry.expand(["toan-nganh-tttt"]) == ("vu-tdkt-btttt", *SO_TTTT)
    assert registry.expand(["bo-tttt", "so-tttt-tra-vinh", "so-tttt-cac-tinh"]) == (
        "bo-tttt",
        "so-tttt-tra-vinh",
        "so-tttt-tay-ninh",
        "so-tttt-thai-nguyen",
    )
    with pytest.raises(KeyError):
        registry.expand(["bo-tttt", "khong-co"])


def test_names_and_known_ids(registry: Registry) -> None:
    assert registry.name("bo-tttt") == "Bộ Thông tin và Truyền thông"
    assert registry.name("bo-tttt", "en") == "Ministry of Information and Communications"
    assert registry.name("vu-tdkt-btttt", "en") == "Vụ Thi đua - Khen thưởng"  # no English
    assert registry.name("so-tttt-cac-tinh", "en") == (
        "Provincial Departments of Information and Communications"
    )
    assert registry.name("toan-nganh-tttt") == "Các cơ quan, đơn vị trong toàn ngành"
    with pytest.raises(KeyError):
        registry.name("khong-co")
    assert registry.is_known("bo-tttt")
    assert registry.is_known("toan-nganh-tttt")
    assert not registry.is_known("khong-co")


def test_loaded_unit_fields(registry: Registry) -> None:
    assert registry.units["bo-tttt"] == Unit(
        id="bo-tttt",
        name="Bộ Thông tin và Truyền thông",
        kind="bo",
        short=("Bộ TT&TT", "BTTTT"),
        valid_to=date(2025, 2, 28),
        successor="bo-khcn",
        name_en="Ministry of Information and Communications",
    )
    assert registry.groups["toan-nganh-tttt"] == Group(
        id="toan-nganh-tttt",
        name="Các cơ quan, đơn vị trong toàn ngành",
        members=("vu-tdkt-btttt", "so-tttt-cac-tinh", "so-tttt-tay-ninh"),
    )


def test_registry_built_in_code_resolves_too() -> None:
    unit = Unit("ubmttq-tn", "Ủy ban MTTQ Việt Nam tỉnh Tây Ninh", "ubmttq", place="Tây Ninh")
    registry = Registry({unit.id: unit}, {})
    assert registry.resolve("uy ban mttq viet nam tinh tay ninh") == "ubmttq-tn"


def _problems(name: str) -> list[str]:
    with pytest.raises(BaocaoError) as caught:
        load_registry(FIXTURES / "units" / name)
    prefix = str(FIXTURES / "units" / name)
    return [str(p).replace(prefix, name) for p in caught.value.problems]


def test_duplicate_ids() -> None:
    assert _problems("duplicate-id.yaml") == [
        "duplicate-id.yaml:5:9: units.duplicate-id: id 'bo-tttt' is already used by the entry "
        "at line 2; ids must be unique across units and groups",
        "duplicate-id.yaml:9:9: units.duplicate-id: id 'bo-tttt' is already used by the entry "
        "at line 2; ids must be unique across units and groups",
    ]


def test_unknown_references() -> None:
    assert _problems("unknown-ref.yaml") == [
        "unknown-ref.yaml:5:13: units.unknown-ref: parent 'ubnd-tinh-tay-nin' of unit 'so-a' "
        "is not a unit id; expected a unit id",
        "unknown-ref.yaml:6:16: units.unknown-ref: successor 'nhom' of unit 'so-a' is a group; "
        "expected a unit id",
        "unknown-ref.yaml:10:21: units.unknown-ref: member 'so-b' of group 'nhom' is not a unit "
        "or group id",
    ]


def test_group_cycle() -> None:
    assert _problems("group-cycle.yaml") == [
        "group-cycle.yaml:6:9: units.group-cycle: groups contain each other: "
        "nhom-a → nhom-b → nhom-a",
    ]


def test_successor_cycle() -> None:
    assert _problems("successor-cycle.yaml") == [
        "successor-cycle.yaml:2:9: units.successor-cycle: successors lead back to where they "
        "started: so-a → so-b → so-a",
    ]


def test_bad_dates() -> None:
    assert _problems("bad-date.yaml") == [
        "bad-date.yaml:5:15: units.bad-date: '2025-02-30' is not a real date; expected "
        "YYYY-MM-DD, e.g. 2025-02-28",
        "bad-date.yaml:10:15: units.bad-date: valid_to 2025-02-28 is before valid_from 2025-03-01",
    ]


def test_schema_errors() -> None:
    assert _problems("schema.yaml") == [
        "schema.yaml:2:5: schema.required: missing required field 'name'",
        "schema.yaml:3:5: schema.additionalProperties: unknown field 'nmae' (did you mean "
        "'name'?); expected one of: id, name, name_en, label, label_en, kind, place, area, short, "
        "aliases, parent, valid_from, valid_to, successor, no_successor, notes",
        "schema.yaml:6:9: schema.pattern: 'Nhom' does not have the expected form: a slug of "
        "lower-case ASCII letters, digits and single hyphens, e.g. 'so-tttt-tay-ninh'",
        "schema.yaml:8:14: schema.minItems: expected at least 1 item, got 0",
    ]


def test_registry_from_data_has_no_positions() -> None:
    data = {"units": [{"id": "so-a", "name": "Sở A", "kind": "so", "parent": "so-b"}]}
    with pytest.raises(BaocaoError) as caught:
        registry_from_data(data, "inline")
    assert str(caught.value) == (
        "inline: units.unknown-ref: parent 'so-b' of unit 'so-a' is not a unit id; "
        "expected a unit id"
    )
    registry = registry_from_data({"units": [{"id": "so-a", "name": "Sở A", "kind": "so"}]})
    assert registry.resolve("so a") == "so-a"


_NAMES = st.text(alphabet=st.sampled_from(list("Sở Ban Chỉ đạo CVĐ huyện Tân Biên TT&TT-.,"
                                               "\u0301 Ủy ĐƯỜNG")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_NAMES)
@example("Ban Chỉ đạo CVĐ huyện Tân Biên")
@example("Ủy ban nhân dân  tỉnh Tây-Ninh, Cuộc vận động")
def test_name_keys_are_normalise_name_at_every_level(text: str) -> None:
    """The index builds every level's key at once (name_keys); a lookup computes one level
    (normalise_name): the two must agree, abbreviations and spellings included, or a name
    indexed one way would never be found the other."""
    forms = Abbreviations((("BCĐ", ("Ban Chỉ đạo",)), ("CVĐ", ("Cuộc vận động",)),
                           ("UBND", ("Ủy ban nhân dân",))))
    for f in (None, forms):
        assert name_keys(text, f) == tuple(normalise_name(text, n, f) for n in _LEVELS)
