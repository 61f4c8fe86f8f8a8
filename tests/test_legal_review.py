"""`baocao rules export --format md`: the obligations for a legal review (issue 17, point 10).

Per obligation a section: the clause quoted, then every encoded field beside the words it came
from — groups expanded to their members, inferred recipients and memberships marked, the
deadline as encoded beside the author's words (flagged when they disagree), assumed deadlines
naming their policy, a schedule's periods with their own deadlines. Checked against the rule
book itself, so a renderer that drops a field, a member or a mark fails here.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

import engine
from cli.render.authoring import obligations_md
from cli.render.markdown import inert
from cli.render.texts import Texts
from tests._cli import ROOT, invoke

RULES = ROOT / "rules"


@pytest.fixture(scope="module")
def book() -> engine.RuleBook:
    return engine.load_rulebook()


def _md(book: engine.RuleBook, lang: str = "vi") -> str:
    return obligations_md(engine.rules_view(book, None, lang), Texts(lang, book))


@pytest.fixture(scope="module")
def md_vi(book: engine.RuleBook) -> str:
    return _md(book, "vi")


@pytest.fixture(scope="module")
def md_en(book: engine.RuleBook) -> str:
    return _md(book, "en")


def _sections(md: str) -> dict[str, str]:
    """Each obligation's section (from its ### heading to the next heading), by heading."""
    out: dict[str, str] = {}
    head = None
    for line in md.splitlines():
        if line.startswith("#"):
            head = line[4:] if line.startswith("### ") else None
            if head is not None:
                out[head] = ""
        elif head is not None:
            out[head] += line + "\n"
    return out


def _section(md: str, row: engine.ObligationRow) -> str:
    prefix = inert(f"{row.directive_label} {row.clause}") + " — "
    (found,) = [text for head, text in _sections(md).items() if head.startswith(prefix)]
    return found


def _item(section: str, label: str) -> str:
    """One field of a section: its line and the lines indented under it."""
    lines = section.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"- **{label}:**"))
    end = next((i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")),
               len(lines))
    return "\n".join(lines[start:end])


def _rows(book: engine.RuleBook, lang: str = "vi") -> tuple[engine.ObligationRow, ...]:
    return engine.rules_view(book, None, lang)


# ---------------------------------------------------------------------------------------
# every obligation, under its directive, with its clause quoted


def test_every_obligation_has_a_section_under_its_directive(book: engine.RuleBook,
                                                             md_vi: str) -> None:
    count = sum(len(d.obligations) for d in book.directives)
    assert count == 34
    assert len(_sections(md_vi)) == count
    lines = md_vi.splitlines()
    assert lines[0] == "# Nghĩa vụ báo cáo"
    for d in (d for d in book.directives if d.obligations):
        label = engine.directive_label(book, d, "vi")
        heading = f"## {inert(label)} — {inert(d.title)}"
        assert heading in lines, heading
        after = lines.index(heading)
        for row in (r for r in _rows(book) if r.directive.id == d.id):
            section = _section(md_vi, row)
            assert lines.index(f"### {inert(f'{label} {row.clause}')} — "
                               f"{inert(row.summary)}") > after
            quote = f"> **{inert(row.citation.section)}:** “{inert(row.citation.text)}”"
            assert quote in section
            if row.notes:
                assert inert(row.notes) in _item(section, "Ghi chú của người soạn quy tắc")


def test_a_legal_officer_reads_clauses_and_names_not_ids(book: engine.RuleBook,
                                                         md_vi: str) -> None:
    for row in _rows(book):
        assert f"{row.directive.id}/{row.id}" not in md_vi
    assert "bao-cao-quy" not in md_vi


# ---------------------------------------------------------------------------------------
# who reports: groups expanded, inferred membership marked with its reason


def test_every_group_is_expanded_to_its_members_names(book: engine.RuleBook,
                                                      md_vi: str) -> None:
    groups = book.registry.groups
    checked = 0
    for row in _rows(book):
        section = _section(md_vi, row)
        label = "Đơn vị thực hiện" if row.kind == "activity" else "Đơn vị báo cáo"
        item = _item(section, label)
        for unit in book.registry.expand(row.reporters):
            name = re.escape(inert(book.registry.name(unit, "vi")))
            assert re.search(rf"(^ *- |:\*\* ){name}( —|$)", item, re.M), (row.id, unit)
        named = [g for g in row.reporters if g in groups]
        for group in named:
            members = len(groups[group].members)
            assert f"{inert(groups[group].name)} — nhóm gồm {members} thành viên" in item
            checked += 1
    assert checked >= 10


def test_inferred_membership_is_marked_with_its_reason(book: engine.RuleBook,
                                                       md_vi: str, md_en: str) -> None:
    inferred = [g for g in book.registry.groups.values() if g.inferred]
    assert inferred
    rows = [r for r in _rows(book) if any(g.id in r.reporters for g in inferred)]
    assert rows
    for row in rows:
        for group in (g for g in inferred if g.id in row.reporters):
            item = _item(_section(md_vi, row), "Đơn vị báo cáo" if row.kind != "activity"
                         else "Đơn vị thực hiện")
            head = f"{inert(group.name)} — nhóm gồm {len(group.members)} thành viên (suy luận):"
            assert head in item
            assert inert(group.inferred or "") in item
    # a group whose members the text lists carries no mark
    assert "thành viên (suy luận)" not in _item(_section(md_vi, _rows(book)[0]),
                                                "Đơn vị báo cáo")
    assert "a group of 11 members (inferred):" in md_en


def test_a_member_that_receives_or_passes_on_the_reports_is_said_not_to_report(
        book: engine.RuleBook, md_vi: str) -> None:
    row = _rows(book)[0]  # 103/CT-BTTTT III.3 (1): the whole sector, via Vụ TĐKT (a member)
    assert row.via == "vu-tdkt-btttt"
    item = _item(_section(md_vi, row), "Đơn vị báo cáo")
    assert (f"{inert(row.via_name or '')} — là đơn vị chuyển báo cáo: không báo cáo qua "
            "chính mình") in item


# ---------------------------------------------------------------------------------------
# to whom


def test_an_inferred_recipient_is_marked(book: engine.RuleBook, md_vi: str,
                                         md_en: str) -> None:
    rows = _rows(book)
    assert any(r.recipient_inferred for r in rows)
    for row in rows:
        if row.kind == "activity" or not row.recipient:
            continue
        line = _item(_section(md_vi, row), "Nơi nhận").splitlines()[0]
        assert inert(row.recipient_name) in line
        assert line.endswith("(suy luận)") == row.recipient_inferred, line
    en = next(r for r in _rows(book, "en") if r.recipient_inferred)
    assert _item(_section(md_en, en), "Recipient").splitlines()[0].endswith("(inferred)")


# ---------------------------------------------------------------------------------------
# when: frequency, schedule, the deadline as encoded beside the words


def test_a_schedule_lists_its_periods_each_with_its_own_deadline(book: engine.RuleBook,
                                                                 md_vi: str) -> None:
    row = next(r for r in _rows(book) if r.schedule and r.directive.number == "02-KH/BCĐ")
    item = _item(_section(md_vi, row), "Tần suất")
    assert "2 báo cáo mỗi năm, mỗi báo cáo có hạn riêng:" in item
    h1 = next(line for line in item.splitlines() if "6 tháng đầu năm (H1):" in line)
    year = next(line for line in item.splitlines() if "cả năm (Y):" in line)
    assert "giả định — ngày 20 của tháng cuối kỳ" in h1
    assert "giả định — ngày cuối cùng của kỳ" in year
    assert "Chính sách hạn giả định “ngay-20-thang-cuoi-ky”" in item
    assert "Chính sách hạn giả định “cuoi-ky”" in item
    assert _item(_section(md_vi, row), "Thời hạn").endswith("xem Tần suất")
    quarterly = _item(_section(md_vi, _rows(book)[0]), "Tần suất")
    assert quarterly == ("- **Tần suất:** hằng quý — 4 báo cáo mỗi năm: quý I (Q1), "
                         "quý II (Q2), quý III (Q3), quý IV (Q4)\n"
                         "  - Báo cáo 9 tháng được tính thay cho báo cáo quý III (Q3)")
    half = next(r for r in _rows(book) if r.frequency == "semiannual")
    assert _item(_section(md_vi, half), "Tần suất") == (
        "- **Tần suất:** 6 tháng — 2 báo cáo mỗi năm: 6 tháng đầu năm (H1), 6 tháng cuối năm "
        "(H2)\n  - Báo cáo năm được tính thay cho báo cáo 6 tháng cuối năm (H2)")


def test_the_encoded_day_is_shown_beside_the_authors_words(book: engine.RuleBook,
                                                           md_vi: str, md_en: str) -> None:
    row = _rows(book)[0]
    assert row.deadline is not None
    assert (row.deadline.day, row.deadline.words) == (15, "trước ngày 15 của tháng cuối quý")
    assert _item(_section(md_vi, row), "Thời hạn") == (
        "- **Thời hạn:** văn bản nêu — ngày 15 của tháng cuối kỳ; đọc là “trước ngày”: ngày "
        "cuối cùng đúng hạn là ngày 14\n"
        "  - Lời văn: “trước ngày 15 của tháng cuối quý”")
    en = _rows(book, "en")[0]
    assert _item(_section(md_en, en), "Deadline") == (
        "- **Deadline:** stated in the text — day 15 of the period's last month; read as "
        "'before': the last day on time is day 14\n"
        "  - The text's words: “trước ngày 15 của tháng cuối quý”")
    # an absolute month ("trước ngày 20 tháng 12 hàng năm")
    annual = next(r for r in _rows(book) if r.directive.number == "4324/KH-UBND"
                  and r.deadline is not None and r.deadline.basis == "stated")
    assert "ngày 20 tháng 12 của năm kết thúc kỳ" in _item(_section(md_vi, annual), "Thời hạn")
    assert "- ⚠" not in md_vi  # the bundled rules agree with their words


def test_an_assumed_deadline_names_and_describes_its_policy(book: engine.RuleBook,
                                                           md_vi: str, md_en: str) -> None:
    rows = [r for r in _rows(book) if r.deadline is not None and r.deadline.basis == "assumed"]
    assert len(rows) >= 10
    for row in rows:
        assert row.deadline is not None
        policy = book.policies[row.deadline.policy or ""]
        item = _item(_section(md_vi, row), "Thời hạn")
        assert item.startswith("- **Thời hạn:** giả định — ")
        assert (f"Chính sách hạn giả định “{policy.id}”: "
                f"{inert(policy.description_vi)}") in item
        # the policy's description is not passed off as the text's words
        assert "Lời văn" not in item
    en = next(r for r in _rows(book, "en") if r.deadline and r.deadline.basis == "assumed")
    assert en.deadline is not None
    policy = book.policies[en.deadline.policy or ""]
    assert (f"Assumed-deadline policy “{policy.id}”: {inert(policy.description_en)}"
            in _item(_section(md_en, en), "Deadline"))


# ---------------------------------------------------------------------------------------
# the other fields


def test_every_periodic_report_shows_its_counted_date_window_and_data(
        book: engine.RuleBook, md_vi: str) -> None:
    for row in _rows(book):
        section = _section(md_vi, row)
        in_force = _item(section, "Hiệu lực")
        assert in_force.endswith(", không thời hạn") == (row.in_force.end is None)
        if row.kind == "activity":  # asks for no report: who, what, when
            for label in ("Thời hạn", "Ngày được tính", "Số liệu", "Tần suất"):
                assert f"- **{label}:**" not in section
            continue
        assert _item(section, "Ngày được tính") == \
            "- **Ngày được tính:** ngày đến (ngày cơ quan nhận văn bản)"
        assert _item(section, "Văn bản đáp ứng nghĩa vụ")
        if row.kind in ("periodic", "quantity"):
            data = _item(section, "Số liệu")
            assert ("Nghị định 09/2019/NĐ-CP, Điều 12" in data) == (row.data_window == "nd09")
            assert ("từ ngày đầu đến ngày cuối kỳ" in data) == (row.data_window == "period")
        else:
            assert "- **Số liệu:**" not in section
        if row.kind in ("periodic", "ad_hoc", "task"):
            assert _item(section, "Báo cáo nhận được tính từ")
    task = next(r for r in _rows(book) if r.deliverable.words)
    deliverable = _item(_section(md_vi, task), "Văn bản đáp ứng nghĩa vụ")
    assert deliverable.startswith("- **Văn bản đáp ứng nghĩa vụ:** báo cáo, công văn")
    assert "“kịch bản”, “tiểu phẩm”" in deliverable
    quantity = next(r for r in _rows(book) if len(r.quantities) == 2)
    assert "3 tin, hằng quý — nhận diện trong trích yếu qua: “tin”, “tin tức”" in \
        _item(_section(md_vi, quantity), "Số lượng")
    review = next(r for r in _rows(book) if r.every_years == 5)
    assert _item(_section(md_vi, review), "Chu kỳ") == \
        "- **Chu kỳ:** 5 năm một lần, tính từ ngày 19/05/2021"
    subject = _item(_section(md_vi, _rows(book)[0]), "Cụm từ nhận diện nội dung")
    assert "“thi đua, khen thưởng”" in subject


# ---------------------------------------------------------------------------------------
# a rules folder of one's own: a disagreement flagged, other encodings shown


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def own_rules(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled rules, with 103/CT-BTTTT III.3 (1) encoded as day 20 while its words
    say "trước ngày 15", counted on the day sent, on the period's own data window, received
    from the quarter's first day, and its III.3 (2) due 10 working days after the cut-off."""
    rules = tmp_path_factory.mktemp("own") / "rules"
    shutil.copytree(RULES, rules)
    path = rules / "directives" / "ct-103-btttt-2021.yaml"
    _edit(path, "      day: 15\n", "      day: 20\n")
    _edit(path, "      words: \"trước ngày 15 của tháng cuối quý\"\n",
          "      words: \"trước ngày 15 của tháng cuối quý\"\n    counts: sent\n"
          "    data_window: period\n    received_from: {months_before_end: 3}\n"
          "    early_if_named: true\n")
    text = path.read_text(encoding="utf-8")
    head, sep, rest = text.partition("  - id: tong-hop-bao-cao-bo-truong\n")
    rest = re.sub(r"    deadline:\n      basis: assumed\n      policy: cuoi-ky\n",
                  "    deadline:\n      basis: stated\n      reading: by\n"
                  "      offset: {days: 10, working: true, from: cutoff}\n"
                  "      words: \"trong vòng 10 ngày làm việc kể từ ngày chốt số liệu\"\n",
                  rest, count=1)
    path.write_text(head + sep + rest, encoding="utf-8")
    return rules


def test_words_and_encoded_day_that_disagree_are_flagged(own_rules: Path) -> None:
    run = invoke("rules", "export", "--format", "md", "--rules", own_rules, cwd=own_rules.parent)
    assert run.code == 0, run.err
    assert run.out.splitlines()[0] == "# Nghĩa vụ báo cáo"  # Vietnamese by default
    section = next(text for head, text in _sections(run.out).items()
                   if head.startswith("103/CT-BTTTT III.3 (1) — "))
    deadline = _item(section, "Thời hạn")
    assert "văn bản nêu — ngày 20 của tháng cuối kỳ" in deadline
    assert "Lời văn: “trước ngày 15 của tháng cuối quý”" in deadline
    assert ("⚠ KHÔNG KHỚP: lời văn nêu ngày 15, nội dung mã hoá là ngày 20: cần sửa một "
            "trong hai") in deadline
    assert run.out.count("- ⚠ KHÔNG KHỚP") == 1
    english = invoke("rules", "export", "-f", "md", "--lang", "en", "--rules", own_rules,
                     cwd=own_rules.parent)
    assert "⚠ MISMATCH: the words name day 15, the encoding says day 20" in english.out


def test_other_encodings_read_in_words(own_rules: Path) -> None:
    book = engine.load_rulebook(own_rules)
    md = _md(book)
    rows = [r for r in _rows(book) if r.directive.number == "103/CT-BTTTT"]
    first, second = (_section(md, r) for r in rows)
    assert _item(first, "Ngày được tính").endswith("ngày gửi (ngày văn bản được gửi đi)")
    assert _item(first, "Số liệu").endswith("từ ngày đầu đến ngày cuối kỳ")
    assert _item(first, "Báo cáo nhận được tính từ") == (
        "- **Báo cáo nhận được tính từ:** ngày đầu của 3 tháng cuối kỳ; báo cáo ghi rõ kỳ vẫn "
        "được tính dù nhận sớm hơn")
    assert _item(second, "Thời hạn") == (
        "- **Thời hạn:** văn bản nêu — 10 ngày làm việc sau ngày chốt số liệu; đọc là “đến "
        "ngày” (chậm nhất): tính cả ngày đó\n"
        "  - Lời văn: “trong vòng 10 ngày làm việc kể từ ngày chốt số liệu”")


# ---------------------------------------------------------------------------------------
# safe: text from the rule files cannot become markup


def test_text_from_the_rules_is_inert(book: engine.RuleBook) -> None:
    hostile = "<script>x</script> | *b* [l](http://e) `c`\n# heading\n| a | b |"
    rows = list(_rows(book))
    rows[0] = dataclasses.replace(
        rows[0], summary=hostile, notes=hostile, recipient_name=hostile,
        citation=dataclasses.replace(rows[0].citation, text=hostile))
    md = obligations_md(rows, Texts("vi", book))
    assert "<script>" not in md
    assert "[l](" not in md
    lines = md.splitlines()
    assert not [line for line in lines if line.startswith("# ") and line != "# Nghĩa vụ báo cáo"]
    # the overview table keeps one row per obligation, its cells unbroken
    table = [line for line in lines if line.startswith("| ")]
    assert len(table) == 1 + len(rows)
    assert all(len(re.findall(r"(?<!\\)\|", line)) == 7 for line in table)
