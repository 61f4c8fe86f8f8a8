"""Rule files that say what national texts say (issue 17): units addressed by kind and place,
recipients by role, summaries that wait for their inputs (``after:``), windows with a start,
stated data windows, next-year dates, the kinds of legal documents and an unknown issue date.

Expected values are worked out by hand from the text and the calendar (see each test)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from engine import load_rulebook
from engine.errors import BaocaoError
from engine.model import Area, AreaLevel, Role, Unit, Within
from engine.rulebook.registry import Registry
from tests._cli import ROOT, invoke

NATIONAL = ROOT / "examples" / "rules-national"
TT04 = "directives/tt-04-2016-bnnptnt.yaml"


def _registry() -> Registry:
    """A province with one district until the two-level reform, and a commune created on
    2025-07-01 that lies directly in the province."""
    areas = {
        "p": Area("p", "tỉnh P", AreaLevel.PROVINCE),
        "p-d": Area("p-d", "huyện D", AreaLevel.DISTRICT, "p", valid_to=date(2025, 6, 30)),
        "p-d-x": Area("p-d-x", "xã X", AreaLevel.COMMUNE, "p-d", valid_to=date(2025, 6, 30)),
        "p-y": Area("p-y", "xã Y", AreaLevel.COMMUNE, "p", valid_from=date(2025, 7, 1)),
        "q": Area("q", "tỉnh Q", AreaLevel.PROVINCE),
    }
    units = {u.id: u for u in (
        Unit("chi-cuc-p", "Chi cục P", "chi-cuc", area="p"),
        Unit("chi-cuc-q", "Chi cục Q", "chi-cuc", area="q"),
        Unit("tram-d", "Trạm D", "tram", area="p-d", parent="chi-cuc-p"),
        Unit("xa-x", "UBND xã X", "ubnd-xa", area="p-d-x"),
        Unit("xa-y", "UBND xã Y", "ubnd-xa", area="p-y"),
        Unit("phong-x", "Ban thú y xã X", "ban", parent="xa-x"),  # no area: its parent's
    )}
    return Registry(units, {}, areas=areas)


def test_the_administrative_tree_places_units() -> None:
    reg = _registry()
    assert reg.area_of("phong-x") == "p-d-x"  # through its parent
    assert reg.area_at("p-d-x", AreaLevel.PROVINCE) == "p"
    assert reg.area_at("p-y", AreaLevel.DISTRICT) is None  # two levels: no district
    assert reg.of_kind("ubnd-xa", "p") == ("xa-x", "xa-y")
    assert reg.of_kind("ubnd-xa", "p-d") == ("xa-x",)
    assert reg.of_kind("chi-cuc") == ("chi-cuc-p", "chi-cuc-q")


def test_a_role_is_found_from_each_reporter() -> None:
    reg = _registry()
    province = Role("chi-cuc", Within.PROVINCE)
    assert reg.role_candidates("xa-x", province) == ("chi-cuc-p",)
    assert reg.role_candidates("xa-y", province) == ("chi-cuc-p",)
    district = Role("tram", Within.DISTRICT)
    assert reg.role_candidates("xa-x", district) == ("tram-d",)
    # a commune of the two-level government has no district: none, unless 'otherwise'
    assert reg.role_candidates("xa-y", district) == ()
    assert reg.role_candidates("xa-y", Role("tram", Within.DISTRICT, province)) == \
        ("chi-cuc-p",)
    assert reg.role_candidates("tram-d", Role(None, Within.PARENT)) == ("chi-cuc-p",)
    assert reg.role_candidates("phong-x", Role("ubnd-xa", Within.PARENT)) == ("xa-x",)
    # successive units of a kind count as one: the first, whose carrier takes over
    units = dict(reg.units)
    units["chi-cuc-p"] = Unit("chi-cuc-p", "Chi cục P", "chi-cuc", area="p",
                              valid_to=date(2024, 12, 31), successor="chi-cuc-p2")
    units["chi-cuc-p2"] = Unit("chi-cuc-p2", "Chi cục P (mới)", "chi-cuc", area="p")
    merged = Registry(units, {}, areas=reg.areas)
    assert merged.role_candidates("xa-x", province) == ("chi-cuc-p",)


def test_one_sentence_is_one_obligation_for_every_station() -> None:
    book = load_rulebook(NATIONAL)
    ob = book.obligations[("tt-04-2016-bnnptnt", "tram-bao-cao-chi-cuc")]
    assert book.registry.expand(ob.reporters) == (
        "tram-thu-y-chau-phu", "tram-thu-y-phu-tan", "tram-thu-y-nam-can", "tram-thu-y-ngoc-hien")
    assert dict(ob.routes) == {
        "tram-thu-y-chau-phu": "chi-cuc-thu-y-an-giang",
        "tram-thu-y-phu-tan": "chi-cuc-thu-y-an-giang",
        "tram-thu-y-nam-can": "chi-cuc-thu-y-ca-mau",
        "tram-thu-y-ngoc-hien": "chi-cuc-thu-y-ca-mau",
    }
    assert book.registry.name(ob.recipient) == \
        "Chi cục Thú y cấp tỉnh cùng tỉnh với đơn vị báo cáo"
    summary = book.obligations[("tt-04-2016-bnnptnt", "chi-cuc-bao-cao-cuc")]
    assert summary.after == (("tt-04-2016-bnnptnt", "tram-bao-cao-chi-cuc"),)
    assert book.directive("tt-04-2016-bnnptnt").kind == "thong_tu"


def test_the_national_example_passes_its_rule_tests_and_lint(tmp_path: Path) -> None:
    run = invoke("rules", "test", NATIONAL, "--lang", "en", cwd=tmp_path)
    assert run.code == 0, run.out + run.err
    assert "3 passed, 0 failed" in run.flat_out
    lint = invoke("rules", "lint", NATIONAL, "--lang", "en", cwd=tmp_path)
    assert lint.code == 0, lint.out + lint.err
    assert "0 errors, 0 warnings" in lint.flat_out


def _check(tmp_path: Path, rules: Path, records: list[dict[str, Any]], as_of: str,
           since: str = "2023-01-01") -> dict[str, Any]:
    (tmp_path / "so-den.yaml").write_text(yaml.safe_dump(records, allow_unicode=True),
                                          encoding="utf-8")
    run = invoke("check", "--rules", rules, "-s", "so-den.yaml", "--as-of", as_of,
                 "--since", since, "--format", "json", cwd=tmp_path)
    assert run.code in (0, 1), run.err
    data: dict[str, Any] = json.loads(run.out)
    return data


def _report(reporter: str, recipient: str, on: str, title: str, rid: str) -> dict[str, str]:
    return {"id": rid, "reporter": reporter, "recipient": recipient, "submitted_on": on,
            "title": title}


def test_a_summary_received_before_its_inputs_is_flagged(tmp_path: Path) -> None:
    """Tháng 3/2023: the stations are due on Monday 10/4 (the 9th is a Sunday), the Chi cục
    on Friday 14/4. An Giang's summary came on 6/4, while Phú Tân's report was not yet due
    (it came on 12/4): flagged, with the station named. Cà Mau's came after both of its
    stations' reports: not flagged."""
    title = "Báo cáo tình hình dịch bệnh thủy sản tháng 3/2023"
    data = _check(tmp_path, NATIONAL, [
        _report("Trạm Thú y huyện Châu Phú", "Chi cục Thú y tỉnh An Giang", "05/04/2023", title,
                "s1"),
        _report("Trạm TY Phú Tân", "Chi cục Thú y An Giang", "12/04/2023", title, "s2"),
        _report("Chi cục Thú y tỉnh An Giang", "Cục Thú y", "06/04/2023", title, "s3"),
        _report("Trạm Thú y Năm Căn", "Chi cục Thú y Cà Mau", "03/04/2023", title, "s4"),
        _report("Trạm Thú y Ngọc Hiển", "Chi cục Thú y Cà Mau", "07/04/2023", title, "s5"),
        _report("Chi cục Thú y tỉnh Cà Mau", "Cục Thú y", "13/04/2023", title, "s6"),
    ], "2023-04-20")
    got = {i["key"].split("/", 1)[1]: i for i in data["instances"] if "2023-03" in i["key"]}
    an_giang = got["chi-cuc-bao-cao-cuc/chi-cuc-thu-y-an-giang/2023-03"]
    assert (an_giang["verdict"], an_giang["rule"]) == ("on_time", "on-time-before-inputs")
    missing = [r for r in an_giang["reasons"] if r["code"] == "match.inputs-missing"]
    assert [r["params"]["inputs"] for r in missing] == [["tram-thu-y-phu-tan"]]
    ca_mau = got["chi-cuc-bao-cao-cuc/chi-cuc-thu-y-ca-mau/2023-03"]
    assert (ca_mau["verdict"], ca_mau["rule"]) == ("on_time", "on-time")
    # the station's own verdicts are not touched by the cascade
    assert got["tram-bao-cao-chi-cuc/tram-thu-y-phu-tan/2023-03"]["verdict"] == "late"


def test_an_input_still_missing_after_its_due_date_does_not_flag_the_summary(
        tmp_path: Path) -> None:
    """Phú Tân never reported March; the Chi cục's summary came on 14/4, after the stations'
    due date (10/4): the station is overdue, the summary is not flagged."""
    title = "Báo cáo tình hình dịch bệnh thủy sản tháng 3/2023"
    data = _check(tmp_path, NATIONAL, [
        _report("Trạm Thú y huyện Châu Phú", "Chi cục Thú y tỉnh An Giang", "05/04/2023", title,
                "s1"),
        _report("Chi cục Thú y tỉnh An Giang", "Cục Thú y", "14/04/2023", title, "s3"),
    ], "2023-04-20")
    got = {i["key"].split("/", 1)[1]: i for i in data["instances"]}
    assert got["chi-cuc-bao-cao-cuc/chi-cuc-thu-y-an-giang/2023-03"]["rule"] == "on-time"
    assert got["tram-bao-cao-chi-cuc/tram-thu-y-phu-tan/2023-03"]["verdict"] == "overdue"


def _national_copy(tmp_path: Path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(NATIONAL, rules)
    return rules


def _edit(rules: Path, old: str, new: str, rel: str = TT04, count: int = 1) -> None:
    path = rules / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _problems(rules: Path) -> list[str]:
    with pytest.raises(BaocaoError) as err:
        load_rulebook(rules)
    return [f"{p.file.split('/')[-1]}:{p.line}: {p.code}: {p.message}" for p in err.value.problems]


def test_addressing_mistakes_are_located_with_a_suggestion(tmp_path: Path) -> None:
    rules = _national_copy(tmp_path)
    _edit(rules, "reporters: [{kind: tram-thu-y}]", "reporters: [{kind: tram-thuy}]")
    _edit(rules, "recipient: {kind: so-nnptnt, in: province}",
          "recipient: {kind: so-nnptnt, in: district}")
    _edit(rules, "after: [tram-bao-cao-chi-cuc]", "after: [tram-bao-cao-chicuc]")
    found = _problems(rules)
    assert any("rules.unknown-kind: no unit in units.yaml is of kind 'tram-thuy' (did you "
               "mean 'tram-thu-y'?)" in p for p in found), found
    # a provincial department has no district: the reporters it failed for are named
    assert any("rules.role-unresolved" in p and "none found for 2 reporter(s): Chi cục Thú y "
               "tỉnh An Giang; Chi cục Thú y tỉnh Cà Mau" in p for p in found), found
    assert any("rules.unknown-obligation: after: 'tram-bao-cao-chicuc' is no obligation "
               "(did you mean 'tram-bao-cao-chi-cuc'?)" in p for p in found), found
    assert all(p.startswith("tt-04-2016-bnnptnt.yaml:") for p in found)


def test_an_area_that_is_not_listed_and_a_kind_found_twice(tmp_path: Path) -> None:
    rules = _national_copy(tmp_path)
    _edit(rules, "reporters: [{kind: tram-thu-y}]", "reporters: [{kind: tram-thu-y, in: an-gaing}]")
    # a second Chi cục in An Giang makes "the Chi cục of its province" two units
    _edit(rules, "  - id: tram-thu-y-chau-phu\n",
          "  - {id: chi-cuc-2, name: Chi cục hai, kind: chi-cuc-thu-y, area: an-giang}\n"
          "  - id: tram-thu-y-chau-phu\n", rel="units.yaml")
    found = _problems(rules)
    assert any("rules.unknown-area: area 'an-gaing' is not in units.yaml (areas) (did you "
               "mean 'an-giang'?)" in p for p in found), found
    _edit(rules, "in: an-gaing}", "in: an-giang}")
    found = _problems(rules)
    assert any("rules.role-ambiguous" in p and "Trạm Thú y huyện Châu Phú: Chi cục Thú y tỉnh "
               "An Giang; Chi cục hai" in p for p in found), found


def test_a_summary_cannot_be_its_own_input(tmp_path: Path) -> None:
    rules = _national_copy(tmp_path)
    _edit(rules, "    schedule:\n", "    after: [chi-cuc-bao-cao-cuc]\n    schedule:\n")
    found = _problems(rules)
    assert any("rules.cascade-cycle" in p for p in found), found


def test_units_yaml_checks_its_tree(tmp_path: Path) -> None:
    rules = _national_copy(tmp_path)
    _edit(rules, "parent: an-giang}\n", "parent: an-gaing}\n", rel="units.yaml")
    _edit(rules, "level: district, parent: ca-mau}", "level: province, parent: ca-mau}",
          rel="units.yaml")
    _edit(rules, "area: ca-mau-ngoc-hien", "area: ngoc-hien", rel="units.yaml")
    found = _problems(rules)
    assert any("units.unknown-ref: parent 'an-gaing' of area 'an-giang-chau-phu' is not an "
               "area id (did you mean 'an-giang'?)" in p for p in found), found
    assert any("cannot lie in 'ca-mau' (province)" in p for p in found), found
    assert any("area 'ngoc-hien' of unit 'tram-thu-y-ngoc-hien' is not an area id" in p
               for p in found), found


# -- windows with a start, data windows, next-year dates --------------------------------

def _city_rules(tmp_path: Path, deadline: str, extra: str = "", issued: str = "2023-01-05"
                ) -> Path:
    """The bundled rules and one city department's monthly update."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    (rules / "directives" / "cv-thu-nghiem.yaml").write_text(f"""
directive:
  id: cv-thu-nghiem
  number: 1/STTTT-BCVT
  kind: cong_van
  title: Cập nhật số liệu bưu chính hằng tháng
  issuer: so-tttt-tay-ninh
  issued_on: {issued}
  in_force: {{from: 2022-01-01}}
  source: seeds/004_411abeae62c3ad79.txt
  subject: {{phrases: ["số liệu bưu chính"]}}
obligations:
  - id: cap-nhat-thang
    summary: UBND các huyện cập nhật số liệu hằng tháng
    kind: periodic
    reporters: [ubnd-huyen-tan-bien]
    recipient: so-tttt-tay-ninh
    frequency: monthly
    deadline: {deadline}
{extra}    citation: {{section: "1", text: "báo cáo"}}
""", encoding="utf-8")
    return rules


def test_a_window_with_a_start_refuses_an_early_report(tmp_path: Path) -> None:
    """"Từ ngày 1 đến ngày 5 hằng tháng": the report on March is received from 1/4 to 5/4
    (5/4/2023 is a Wednesday). One on 31/3 is early and does not count."""
    rules = _city_rules(tmp_path, "{basis: stated, reading: by, from_day: 1, day: 5, "
                        "month: next, words: từ ngày 1 đến ngày 5 hằng tháng}")
    title = "Báo cáo cập nhật số liệu bưu chính tháng 3/2023"
    data = _check(tmp_path, rules, [
        _report("UBND huyện Tân Biên", "Sở TT&TT Tây Ninh", "31/03/2023", title, "early"),
    ], "2023-04-10")
    (sub,) = data["submissions"]
    assert (sub["disposition"], sub["rule"]) == ("unmatched", "too-early")
    march = next(i for i in data["instances"] if i["key"].endswith("/2023-03"))
    assert (march["verdict"], march["due"]) == ("overdue", "2023-04-05")
    data = _check(tmp_path, rules, [
        _report("UBND huyện Tân Biên", "Sở TT&TT Tây Ninh", "03/04/2023", title, "in-window"),
    ], "2023-04-10")
    assert data["submissions"][0]["disposition"] == "matched"


def test_a_window_that_opens_after_it_closes_is_refused(tmp_path: Path) -> None:
    rules = _city_rules(tmp_path, "{basis: stated, reading: by, from_day: 6, day: 5, "
                        "month: next}")
    found = _problems(rules)
    assert any("rules.deadline-conflict: the window opens on day 6, after its last day 5" in p
               for p in found), found


@pytest.mark.parametrize(("issued", "window", "expected"), [
    # NĐ 09/2019 took effect on 12/3/2019: its window only for a text issued since
    ("2023-01-05", None, ("nd09", "2023-02-15", "2023-03-14")),
    ("2017-06-01", None, ("period", "2023-03-01", "2023-03-31")),
    ("2023-01-05", "{from_day: 20, from_month: previous, to_day: 19}",
     ("stated", "2023-02-20", "2023-03-19")),
])
def test_the_data_window_follows_the_text_and_its_date(
        tmp_path: Path, issued: str, window: str | None, expected: tuple[str, str, str]) -> None:
    extra = f"    data_window: {window}\n" if window else ""
    rules = _city_rules(tmp_path, "{basis: stated, reading: by, day: 5, month: next}", extra,
                        issued)
    data = _check(tmp_path, rules, [], "2023-04-10")
    march = next(i for i in data["instances"] if i["key"].endswith("cap-nhat-thang/"
                                                                    "ubnd-huyen-tan-bien/2023-03"))
    assert (march["data_window"], march["cutoff_from"], march["cutoff_to"]) == expected
    explain = invoke("explain", "--rules", rules, "--as-of", "2023-04-10", "--directive",
                     "1/STTTT-BCVT", "--obligation", "cap-nhat-thang", "--unit",
                     "ubnd-huyen-tan-bien", "--period", "2023-03", "--lang", "en",
                     cwd=tmp_path)
    said = {"nd09": "(Decree 09/2019/NĐ-CP, Article 12)", "period": "(the period itself)",
            "stated": "(as the text states)"}[expected[0]]
    assert said in explain.out, explain.out


def test_a_month_of_the_next_year(tmp_path: Path) -> None:
    """"Trước ngày 15/02 năm sau" on the year 2022: 14/02/2023 (a Tuesday). Without
    year: next a month number is of the period's own year: a quarterly report due "15/02"
    is then before its fourth quarter, refused with the way out."""
    rules = _city_rules(tmp_path, "{basis: stated, reading: before, day: 15, month: 2, "
                        "year: next}")
    _edit(rules, "frequency: monthly", "frequency: annual", rel="directives/cv-thu-nghiem.yaml")
    data = _check(tmp_path, rules, [], "2023-03-01", since="2022-01-01")
    year = next(i for i in data["instances"] if i["key"].endswith("ubnd-huyen-tan-bien/2022"))
    assert year["due"] == "2023-02-14"
    _edit(rules, "frequency: annual", "frequency: quarterly", rel="directives/cv-thu-nghiem.yaml")
    _edit(rules, ", year: next", "", rel="directives/cv-thu-nghiem.yaml")
    found = _problems(rules)
    assert any("rules.deadline-outside-period" in p and "write month: 2, year: next" in p
               for p in found), found


def test_a_text_without_a_date_and_the_kinds_of_legal_documents(tmp_path: Path) -> None:
    rules = _city_rules(tmp_path, "{basis: stated, reading: by, day: 5, month: next}",
                        issued="null")
    _edit(rules, "kind: cong_van", "kind: nghi_dinh", rel="directives/cv-thu-nghiem.yaml")
    book = load_rulebook(rules)
    d = book.directive("cv-thu-nghiem")
    assert (d.kind, d.issued_on) == ("nghi_dinh", None)
    # no date: NĐ 09's window is not assumed
    assert book.obligations[("cv-thu-nghiem", "cap-nhat-thang")].data_window == "period"
    _edit(rules, "kind: nghi_dinh", "kind: nghi-dinh", rel="directives/cv-thu-nghiem.yaml")
    assert any("schema" in p and "nghi-dinh" in p for p in _problems(rules))


def test_the_legal_review_traces_roles_summaries_and_windows(tmp_path: Path) -> None:
    """The review document says, per obligation, to whom each reporter sends (the role as
    resolved), what a summary sums up, a window's start, a month of the next year and a
    stated data window, each beside the words."""
    md = invoke("rules", "export", "--rules", NATIONAL, "--format", "md", cwd=tmp_path).out
    assert "    - Trạm Thú y huyện Phú Tân → Chi cục Thú y tỉnh An Giang" in md
    assert "    - Trạm Thú y huyện Ngọc Hiển → Chi cục Thú y tỉnh Cà Mau" in md
    assert ("- **Tổng hợp từ:** 04/2016/TT-BNNPTNT Điều 4.6.a (1) — Trạm Thú y báo cáo Chi cục "
            "Thú y") in md
    assert "- **Báo cáo nhận được tính từ:** ngày cuối kỳ" in md
    rules = _city_rules(tmp_path, "{basis: stated, reading: by, from_day: 1, day: 5, "
                        "month: next, words: từ ngày 1 đến ngày 5 hằng tháng}",
                        "    data_window: {from_day: 20, from_month: previous, to_day: 19}\n")
    md = invoke("rules", "export", "--rules", rules, "--format", "md", "--directive",
                "1/STTTT-BCVT", "--lang", "en", cwd=tmp_path).out
    assert ("from day 1 to day 5 of the month after the period (a report received before day "
            "1 is early and does not count)") in md, md
    assert ("as the text states: from day 20 of the month before the period to day 19 of the "
            "period's last month") in md, md


def test_a_deadline_counted_from_the_inputs_due_date(tmp_path: Path) -> None:
    """"Trong vòng 3 ngày làm việc kể từ hạn báo cáo của các Trạm": March 2023's stations are
    due on Monday 10/4 (the 9th a Sunday); three working days later is Thursday 13/4. Without
    after: the deadline has nothing to count from, and is refused."""
    rules = _national_copy(tmp_path)
    _edit(rules, '''      reading: before
      day: 15
      month: next
      words: "trước ngày 15 của tháng tiếp theo"''', '''      reading: by
      offset: {days: 3, working: true, from: inputs}
      words: "trong vòng 3 ngày làm việc kể từ hạn báo cáo của các Trạm"''')
    data = _check(tmp_path, rules, [], "2023-04-20")
    march = next(i for i in data["instances"]
                 if i["key"].endswith("chi-cuc-bao-cao-cuc/chi-cuc-thu-y-an-giang/2023-03"))
    assert march["due"] == "2023-04-13"
    _edit(rules, "    after: [tram-bao-cao-chi-cuc]\n", "", count=1)
    found = _problems(rules)
    assert any("rules.deadline-conflict: a deadline counted from the inputs' due date needs "
               "'after:'" in p for p in found), found


def test_a_kind_with_no_unit_in_the_area_is_refused(tmp_path: Path) -> None:
    rules = _national_copy(tmp_path)
    _edit(rules, "reporters: [{kind: tram-thu-y}]",
          "reporters: [{kind: so-nnptnt, in: an-giang-chau-phu}]")
    found = _problems(rules)
    assert any("rules.empty-selection: no unit of kind 'so-nnptnt' lies in "
               "'an-giang-chau-phu'" in p for p in found), found
