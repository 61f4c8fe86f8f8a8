"""What a title is about when it names units: a sender's or recipient's name says nothing of
the subject, while the same words elsewhere in a title do.

Expected relations and verdicts are worked out by hand from the bundled rules:
- 06-KH/BCĐ (and every campaign plan): subject phrases "Người Việt Nam ưu tiên dùng hàng Việt
  Nam", "ưu tiên dùng hàng Việt Nam", "ưu tiên dùng hàng Việt", "dùng hàng Việt", "hàng Việt",
  "Cuộc vận động" (the last made only of everyday words);
- 103/CT-BTTTT: "thi đua, khen thưởng", "phong trào thi đua", "công tác thi đua";
- units.yaml: "Sở TT&TT" is a short name of the Sở TT&TT Tây Ninh (place "Tây Ninh"), "Vụ Thi
  đua - Khen thưởng" and "Vụ TĐKT" aliases of the Bộ TT&TT's Vụ, "Sở Công Thương" a short name,
  "Sở Khoa học và Công nghệ", "Sở Giáo dục và Đào tạo", "Sở Lao động - Thương binh và Xã hội"
  short names: their words ("khoa học", "giáo dục", "xã hội") also name fields of work.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from engine.evaluation.subjects import OTHER, SAME, UNCHECKED, SubjectIndex, index_of, numbers_of
from engine.model import Subject
from engine.rulebook import bundled_rules_dir, load_rulebook
from tests._cli import invoke


@cache
def _bundled() -> tuple[SubjectIndex, dict[str, tuple[Subject, tuple[str, ...]]]]:
    book = load_rulebook(bundled_rules_dir())
    numbers = numbers_of(book)
    subject = {d.id: (d.obligations[0].subject, numbers[d.id]) for d in book.directives
               if d.obligations}
    return index_of(book), subject


def _relation(title: str, directive: str) -> str:
    index, subjects = _bundled()
    subject, own = subjects[directive]
    return index.relation(index.read(title), subject, own)


CAMPAIGN = "kh-06-bcd-tay-ninh-2022"
EMULATION = "ct-103-btttt-2021"


@pytest.mark.parametrize(("title", "campaign", "emulation"), [
    # "kinh tế", "hội" are not everyday words and no unit is named: another subject (before,
    # the words of "Sở Lao động - Thương binh và Xã hội" made this title say nothing)
    ("Báo cáo tình hình kinh tế - xã hội năm 2022", OTHER, OTHER),
    # "hàng Việt", a campaign phrase, is not made of everyday words: the campaign
    ("Tin: Phiên chợ hàng Việt về nông thôn", SAME, OTHER),
    # the sender's short name and place, then only everyday words and the period
    ("Sở TT&TT Tây Ninh báo cáo kết quả quý I/2022", UNCHECKED, UNCHECKED),
    ("Sở Công Thương tỉnh Tây Ninh báo cáo kết quả năm 2022", UNCHECKED, UNCHECKED),
    # other fields of work, whose words are also in some Sở's name
    ("Báo cáo công tác khoa học và công nghệ năm 2022", OTHER, OTHER),
    ("Báo cáo tình hình giáo dục và đào tạo năm 2022", OTHER, OTHER),
    ("Báo cáo công tác lao động, thương binh và xã hội năm 2022", OTHER, OTHER),
    # 103's phrase inside the sender's name names no subject ...
    ("Vụ Thi đua - Khen thưởng báo cáo kết quả 6 tháng đầu năm 2022", UNCHECKED, UNCHECKED),
    # ... but outside it, it does
    ("Vụ TĐKT báo cáo công tác thi đua, khen thưởng quý I/2022", OTHER, SAME),
    # "Cuộc vận động" followed by everyday words is this campaign; followed by a name, another
    ("Báo cáo kết quả tuyên truyền Cuộc vận động trong ngành Giáo dục 6 tháng đầu năm 2022",
     SAME, OTHER),
    ("Báo cáo kết quả thực hiện Cuộc vận động năm 2022 (bản thay thế)", SAME, OTHER),
    ("Báo cáo kết quả thực hiện Cuộc vận động Toàn dân đoàn kết xây dựng đời sống văn hóa",
     OTHER, OTHER),
    # folded, "chuyển đổi số" is "chuyen doi so", the words of "chuyên đề" and "sửa đổi":
    # those two are everyday as pairs only, so digital transformation is another subject
    ("Báo cáo tình hình chuyển đổi số quý III năm 2022", OTHER, OTHER),
    ("Báo cáo chuyên đề quý III năm 2022 (sửa đổi)", UNCHECKED, UNCHECKED),
    # folded, "thống kê" is "thong ke" as in "thông báo", "kế hoạch"; "báo chí" as "chi cục";
    # "tài chính" as "tại", "chính thức": written with diacritics, they are subjects
    ("Báo cáo thống kê quý I năm 2022", OTHER, OTHER),
    ("Báo cáo tình hình báo chí, xuất bản quý I", OTHER, OTHER),
    ("Báo cáo tài chính quý I", OTHER, OTHER),
    ("Báo cáo công tác dân vận quý I", OTHER, OTHER),
    ("Báo cáo về việc tiếp công dân quý I", OTHER, OTHER),
    # the abbreviations offices write for other fields of work
    ("Báo cáo công tác PCCC quý I", OTHER, OTHER),
    ("Báo cáo công tác PCTN quý I", OTHER, OTHER),
    ("Báo cáo ATTT quý I", OTHER, OTHER),
    # everyday phrases, with or without diacritics, still say nothing
    ("Báo cáo kết quả hoạt động quý I năm 2022 (bản thay thế)", UNCHECKED, UNCHECKED),
    ("Bao cao ket qua thuc hien ke hoach quy I nam 2022", UNCHECKED, UNCHECKED),
    ("BÁO CÁO KẾT QUẢ CÔNG TÁC QUÝ I NĂM 2022", UNCHECKED, UNCHECKED),
    ("Báo cáo đột xuất, đề xuất kiến nghị quý I; công văn chính thức", UNCHECKED, UNCHECKED),
])
def test_unit_names_in_titles(title: str, campaign: str, emulation: str) -> None:
    assert (_relation(title, CAMPAIGN), _relation(title, EMULATION)) == (campaign, emulation)


def test_the_name_of_a_unit_is_masked_as_a_whole_phrase() -> None:
    """"Tây Ninh" and "Sở Công Thương" are names; "Công Thương" alone or "Tây" alone are not,
    so "thương mại" and "công nghiệp" still say something."""
    index = SubjectIndex([], [], ["Sở Công Thương", "Tây Ninh"])
    assert index.read("Sở Công Thương Tây Ninh báo cáo năm 2022").substantive is False
    assert index.read("Báo cáo công nghiệp, thương mại năm 2022").substantive is True


def test_a_title_is_read_once() -> None:
    index, _ = _bundled()
    title = "Báo cáo kết quả tuyên truyền Cuộc vận động 6 tháng đầu năm 2022"
    assert index.read(title) is index.read(title)


# ---------------------------------------------------------------------------------------
# End to end, with the bundled rules


def _check(tmp_path: Path, records: str, as_of: str, unit: str) -> dict[str, Any]:
    subs = tmp_path / "s.yaml"
    subs.write_text(records, encoding="utf-8")
    run = invoke("check", "-s", subs, "--as-of", as_of, "--unit", unit, "--format", "json",
                 cwd=tmp_path)
    assert run.code in (0, 1), run.err
    data: dict[str, Any] = json.loads(run.out)
    return data


def _instance(data: dict[str, Any], key: str) -> dict[str, Any]:
    (found,) = [i for i in data["instances"] if i["key"] == key]
    return found


def _subs(data: dict[str, Any]) -> dict[str, tuple[str, list[str], list[str]]]:
    return {s["id"]: (s["disposition"], s["instances"], [r["code"] for r in s["reasons"]])
            for s in data["submissions"]}


_BTN = ("reporter: Báo Tây Ninh\n  recipient: Ủy ban MTTQ Việt Nam tỉnh Tây Ninh\n"
        "  period: quý III/2022")


def test_campaign_items_about_hang_viet_are_counted(tmp_path: Path) -> None:
    """06-KH/BCĐ II.3.4: Báo Tây Ninh, at least 3 "tin" and 1 "bài" a quarter, to the standing
    office via the Ủy ban MTTQ tỉnh; due at the end of the quarter (policy cuoi-ky): Friday
    30/09/2022 for 2022-Q3. Four items name "hàng Việt": the quota is met by tin-3 on 25/08."""
    data = _check(tmp_path, f"""
- id: tin-1
  {_BTN}
  submitted_on: 2022-07-05
  title: "Tin: Phiên chợ hàng Việt về nông thôn"
- id: tin-2
  {_BTN}
  submitted_on: 2022-07-20
  title: "Tin: Hàng Việt về huyện Tân Châu"
- id: bai-1
  {_BTN}
  submitted_on: 2022-08-10
  title: "Bài: Người tiêu dùng tin chọn hàng Việt"
- id: tin-3
  {_BTN}
  submitted_on: 2022-08-25
  title: "Tin: Khai mạc hội chợ hàng Việt"
""", "2022-10-15", "Báo Tây Ninh")
    q3 = _instance(data, "kh-06-bcd-tay-ninh-2022/so-tin-bai-bao-tay-ninh/bao-tay-ninh/2022-Q3")
    assert (q3["verdict"], q3["due"], q3["submission"]) == ("on_time", "2022-09-30", "tin-3")
    counts = [r["params"]["counts"] for r in q3["reasons"] if r["code"] == "quantity.count"]
    assert counts == [["tin=3/3", "bai=1/1"]]
    assert {k: v[0] for k, v in _subs(data).items()} == {
        "tin-1": "matched", "tin-2": "matched", "bai-1": "matched", "tin-3": "matched"}


_SCT = ("reporter: Sở Công Thương tỉnh Tây Ninh\n  recipient: UBND tỉnh Tây Ninh\n"
        "  period: năm 2022")


def test_socio_economic_report_is_another_subject(tmp_path: Path) -> None:
    """4324/KH-UBND V: the Sở Công Thương reports to the UBND tỉnh "trước ngày 20 tháng 12
    hàng năm": Monday 19/12/2022. The socio-economic report of 05/12 is about something else;
    the report of 10/12 names only its sender, so it is matched (subject not checked), on
    time. It counts for no other duty: the others go to the committee's standing office."""
    data = _check(tmp_path, f"""
- id: ktxh
  {_SCT}
  submitted_on: 2022-12-05
  title: "Báo cáo tình hình kinh tế - xã hội năm 2022"
- id: sct
  {_SCT}
  submitted_on: 2022-12-10
  title: "Sở Công Thương tỉnh Tây Ninh báo cáo kết quả năm 2022"
""", "2022-12-20", "Sở Công Thương tỉnh Tây Ninh")
    key = "kh-4324-ubnd-tay-ninh-2021/bao-cao-ubnd-tinh/so-cong-thuong-tay-ninh/2022"
    got = _instance(data, key)
    assert (got["verdict"], got["due"], got["submission"]) == ("on_time", "2022-12-19", "sct")
    subs = _subs(data)
    assert subs["ktxh"][0:2] == ("unmatched", [])
    assert "match.other-subject" in subs["ktxh"][2]
    assert subs["sct"] == ("matched", [key], ["subject.not-checked"])


_STT = "reporter: Sở TT&TT Tây Ninh\n  recipient: Vụ TĐKT"


def test_another_field_named_in_unit_words_does_not_take_the_report_s_place(
    tmp_path: Path,
) -> None:
    """103/CT-BTTTT III.3: quarterly to the Bộ via the Vụ TĐKT "trước ngày 15 của tháng cuối
    quý": Monday 14/03/2022 for 2022-Q1. A report on science and technology (07/03) is about
    another subject, though "khoa học", "công nghệ" are words of the Sở KH&CN's name; the
    report of 10/03 names only its sender and the period (read from its title): on time."""
    data = _check(tmp_path, f"""
- id: khcn
  {_STT}
  submitted_on: 2022-03-07
  title: "Báo cáo công tác khoa học và công nghệ quý I/2022"
- id: stt
  {_STT}
  submitted_on: 2022-03-10
  title: "Sở TT&TT Tây Ninh báo cáo kết quả quý I/2022"
""", "2022-04-01", "Sở TT&TT Tây Ninh")
    key = "ct-103-btttt-2021/bao-cao-quy/so-tttt-tay-ninh/2022-Q1"
    got = _instance(data, key)
    assert (got["verdict"], got["due"], got["submission"]) == ("on_time", "2022-03-14", "stt")
    subs = _subs(data)
    assert subs["khcn"][0:2] == ("unmatched", [])
    assert "match.other-subject" in subs["khcn"][2]
    assert subs["stt"] == ("matched", [key], ["subject.not-checked"])


# ---------------------------------------------------------------------------------------
# Items are counted, never taken for a report


_ITEM = "reporter: Báo Tây Ninh\n  recipient: Ủy ban MTTQ Việt Nam tỉnh Tây Ninh"


def test_an_item_counts_for_the_quantity_only(tmp_path: Path) -> None:
    """Báo Tây Ninh owes the campaign plans' half-yearly report (06-KH/BCĐ and 02-KH/BCĐ III:
    H1 due by 20/06/2022, assumed, a Monday) and 3 "tin" and 1 "bài" a quarter (06 II.3.4, due
    30/06/2022 for 2022-Q2). Two "Tin" of June — one naming no period, one naming the first
    half — are items: counted for Q2 (2 of 3, no "bài": overdue by 1 day as of 01/07), never
    the H1 report. The report of 17/06, naming no period, is taken for the H1 report whose due
    date is nearest its receipt, on time."""
    data = _check(tmp_path, f"""
- id: tin-a
  {_ITEM}
  submitted_on: 2022-06-10
  title: "Tin: Người tiêu dùng ưu tiên dùng hàng Việt Nam"
- id: tin-b
  {_ITEM}
  period: 6 tháng đầu năm 2022
  submitted_on: 2022-06-12
  title: "Tin: Phiên chợ hàng Việt về nông thôn"
- id: bc
  {_ITEM}
  submitted_on: 2022-06-17
  title: "Báo cáo kết quả thực hiện Cuộc vận động"
""", "2022-07-01", "Báo Tây Ninh")
    h1 = ["kh-02-bcd-tay-ninh-2022/bao-cao-6-thang-nam/bao-tay-ninh/2022-H1",
          "kh-06-bcd-tay-ninh-2022/bao-cao-6-thang-nam/bao-tay-ninh/2022-H1"]
    for key in h1:
        got = _instance(data, key)
        assert (got["verdict"], got["due"], got["submission"]) == ("on_time", "2022-06-20", "bc")
    q2 = "kh-06-bcd-tay-ninh-2022/so-tin-bai-bao-tay-ninh/bao-tay-ninh/2022-Q2"
    got = _instance(data, q2)
    assert (got["verdict"], got["due"], got["days_overdue"]) == ("overdue", "2022-06-30", 1)
    assert [r["params"]["counts"] for r in got["reasons"] if r["code"] == "quantity.count"] == [
        ["tin=2/3", "bai=0/1"]]
    subs = _subs(data)
    for item in ("tin-a", "tin-b"):
        assert subs[item][0:2] == ("matched", [q2])
        assert "match.period-inferred" not in subs[item][2]
    assert subs["bc"][0] == "matched"
    assert sorted(subs["bc"][1]) == h1
    assert "match.period-inferred" in subs["bc"][2]


def test_an_item_outside_every_quota_window_is_no_report(tmp_path: Path) -> None:
    """06-KH/BCĐ is in force in 2022 only: a "Tin" of 10/01/2023 falls in no quarter it counts,
    and is not the 2022 annual report either (due 31/12/2022, a Saturday; Monday 2/1/2023 is
    the observed New Year holiday: Tuesday 3/1/2023), though that is the due date nearest its
    receipt. Both plans' annual reports stay overdue: 29 days as of 01/02/2023."""
    data = _check(tmp_path, f"""
- id: tin-late
  {_ITEM}
  submitted_on: 2023-01-10
  title: "Tin: Hàng Việt đón Tết"
""", "2023-02-01", "Báo Tây Ninh")
    for plan in ("kh-02-bcd-tay-ninh-2022", "kh-06-bcd-tay-ninh-2022"):
        got = _instance(data, f"{plan}/bao-cao-6-thang-nam/bao-tay-ninh/2022")
        assert (got["verdict"], got["due"], got["days_overdue"]) == ("overdue", "2023-01-03", 29)
    assert _subs(data)["tin-late"][0:2] == ("unmatched", [])


def test_a_title_starting_with_a_compound_word_is_no_item(tmp_path: Path) -> None:
    """06-KH/BCĐ II.3.4 counts Báo Tây Ninh's "bài" (words "bài", "bài viết") and "tin". A
    title opening with "Bài học" (a lesson) is a report: the first-half report of 06 and 02 III
    (due Monday 20/06/2022, assumed), on time on 15/06. "Bài 2: ..." (a numbered article, with
    its separator) is an item: the quarter's "bài", 1 of 1; with no "tin" the Q2 quota (due
    Thursday 30/06/2022) is overdue by 1 day as of 01/07."""
    data = _check(tmp_path, f"""
- id: bai-hoc
  {_ITEM}
  period: 6 tháng đầu năm 2022
  submitted_on: 2022-06-15
  title: "Bài học kinh nghiệm từ các phiên chợ hàng Việt"
- id: bai-2
  {_ITEM}
  submitted_on: 2022-06-16
  title: "Bài 2: Hàng Việt chinh phục người Việt"
""", "2022-07-01", "Báo Tây Ninh")
    for plan in ("kh-02-bcd-tay-ninh-2022", "kh-06-bcd-tay-ninh-2022"):
        got = _instance(data, f"{plan}/bao-cao-6-thang-nam/bao-tay-ninh/2022-H1")
        assert (got["verdict"], got["due"], got["submission"]) == ("on_time", "2022-06-20",
                                                                    "bai-hoc")
    q2 = _instance(data, "kh-06-bcd-tay-ninh-2022/so-tin-bai-bao-tay-ninh/bao-tay-ninh/2022-Q2")
    assert (q2["verdict"], q2["days_overdue"]) == ("overdue", 1)
    assert [r["params"]["counts"] for r in q2["reasons"] if r["code"] == "quantity.count"] == [
        ["tin=0/3", "bai=1/1"]]
    subs = _subs(data)
    assert subs["bai-2"][0:2] == ("matched", [q2["key"]])
