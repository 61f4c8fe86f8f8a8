"""What a document is (issue 14): the kinds of rules/doctypes.yaml, read as a clerk reads a
register row, and what a record of each kind fulfils.

Every expected kind below is what NĐ 30/2020/NĐ-CP says of the words or the number (Phụ lục
III: the abbreviations; Phụ lục IV: "Tên loại và trích yếu nội dung"), checked by hand.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

import engine
from engine.errors import BaocaoError
from engine.evaluation.documents import KindReader, number_code
from engine.rulebook import bundled_rules_dir, load_rulebook
from engine.rulebook.doctypes import build_doctypes
from engine.sources.yaml import load_yaml_text
from tests._cli import invoke

BOOK = load_rulebook()
READER = KindReader(BOOK.doctypes)


@pytest.mark.parametrize(
    ("title", "number", "column", "kind", "report"),
    [
        ("Báo cáo kết quả thực hiện Cuộc vận động 6 tháng đầu năm 2022", "43/BC-STTTT", None,
         "bao_cao", True),
        ("BC kết quả thi đua quý I", None, None, "bao_cao", True),
        ("Kế hoạch thực hiện Cuộc vận động năm 2022", "38/KH-STTTT", None, "ke_hoach", False),
        ("Giấy mời dự Hội nghị tổng kết năm 2022", "4567/GM-UBND", None, "giay_moi", False),
        ("Thư mời dự hội thảo", None, None, "giay_moi", False),
        ("Thông báo kết quả bình xét thi đua quý II", "15/TB-SNV", None, "thong_bao", False),
        ("Quyết định về việc kiện toàn Ban Chỉ đạo", "1085-QĐ/TU", None, "quyet_dinh", False),
        ("Tờ trình đề nghị khen thưởng", "12/TTr-SCT", None, "to_trinh", False),
        ("V/v đăng ký tham gia Hội chợ hàng Việt", "1200/SVHTTDL-QLVH", None, "cong_van",
         False),
        ("V/v báo cáo kết quả thực hiện Cuộc vận động năm 2022", "310/SNV-VP", None,
         "cong_van", True),
        ("Về việc cung cấp thông tin tuyên truyền", None, None, "cong_van", False),
        # no opening words: the number says it (a công văn has no abbreviation)
        ("Kịch bản, tiểu phẩm tuyên truyền", "1702/SVHTTDL-NVVH", None, "cong_van", False),
        (None, "310-BC/BTGTU", None, "bao_cao", True),  # Party style: N-CODE/ISSUER
        (None, "12/HĐ-UBND", None, "hop_dong", False),  # HĐ hợp đồng, not HD hướng dẫn
        (None, "12/HD-UBND", None, "huong_dan", False),
        (None, "45/QD-UBND", None, "quyet_dinh", False),  # QĐ typed without its đ
        # the sender's name first, then a report's words
        ("Sở TT&TT Tây Ninh báo cáo kết quả quý I/2022", None, None, "bao_cao", True),
        # a cover letter sends what its matter names; its number and "gửi" are not the matter
        ("V/v gửi Kế hoạch thực hiện Cuộc vận động năm 2022", None, None, "ke_hoach", False),
        ("Công văn số 123/SCT-QLTM V/v báo cáo kết quả", None, None, "cong_van", True),
        # what a clerk never counts as the report itself
        ("Báo cáo tham luận tại Hội nghị tổng kết", None, None, "tham_luan", False),
        ("Đề cương báo cáo sơ kết 5 năm", None, None, "de_cuong", False),
        ("Dự thảo Báo cáo tổng kết năm 2022", None, None, "du_thao", False),
        ("Mẫu báo cáo kết quả", None, None, "bieu_mau", False),
        # a kind column wins over the title
        ("Kết quả thực hiện Cuộc vận động", None, "Báo cáo", "bao_cao", True),
        ("Hội nghị sơ kết", None, "GM", "giay_moi", False),
        # KH&CN is a name, not the abbreviation KH
        ("KH&CN Tây Ninh: kết quả", None, None, None, None),
        ("Phóng sự: Tây Ninh nâng tầm nông sản", None, None, None, None),
        (None, None, None, None, None),
    ],
)
def test_the_kind_of_a_record(title: str | None, number: str | None, column: str | None,
                              kind: str | None, report: bool | None) -> None:
    got = READER.read(title, number, column)
    assert (got.type, got.report) == (kind, report)


def test_number_codes() -> None:
    assert number_code("Số: 45 /BC-STTTT") == ("bc", True)
    assert number_code("45/2025/NĐ-CP") == ("nđ", True)
    assert number_code("1512/UBND-KT") == ("ubnd", True)
    assert number_code("trích yếu") is None


def test_the_bundled_vocabulary_covers_phu_luc_iii() -> None:
    codes = {c for t in BOOK.doctypes.types for c in t.codes}
    assert {"BC", "KH", "GM", "TB", "QĐ", "TTr", "CTr", "HD", "NQ", "CT", "BB"} <= codes
    reports = {t.id for t in BOOK.doctypes.types if t.report}
    assert reports == {"bao_cao"}


def test_a_word_or_abbreviation_claimed_twice_is_an_error() -> None:
    text = ("types:\n"
            "  - {id: bao_cao, name: Báo cáo, report: true, codes: [BC], opens: [báo cáo]}\n"
            "  - {id: bien_ban, name: Biên bản, report: false, codes: [bc], opens: [Báo Cáo]}\n"
            "  - {id: bao_cao, name: X, report: false}\n"
            "  - {id: cv1, name: A, report: false, uncoded: true}\n"
            "  - {id: cv2, name: B, report: false, uncoded: true}\n")
    with pytest.raises(BaocaoError) as err:
        build_doctypes(load_yaml_text(text, "doctypes.yaml"))
    got = [str(p) for p in err.value.problems]
    assert got == [
        "doctypes.yaml:3:59: doctypes.duplicate: the abbreviation 'bc' already names another "
        "kind (line 2); each is listed once",
        "doctypes.yaml:3:72: doctypes.duplicate: the opening words 'Báo Cáo' already name "
        "another kind (line 2); each is listed once",
        "doctypes.yaml:4:10: doctypes.duplicate: kind 'bao_cao' is already defined (line 2); "
        "each is listed once",
        "doctypes.yaml:6:48: doctypes.duplicate: only one kind is the kind of numbers without "
        "an abbreviation; 'cv1' already is (the công văn)",
    ]


def test_a_kind_needs_its_name_and_whether_it_is_a_report() -> None:
    with pytest.raises(BaocaoError) as err:
        build_doctypes(load_yaml_text("types:\n  - {id: Bao-Cao, name: ''}\n", "d.yaml"))
    codes = sorted(p.code for p in err.value.problems)
    assert codes == ["schema.pattern", "schema.pattern", "schema.required"]


def test_a_rules_folder_without_doctypes_uses_the_bundled_one(tmp_path: Path) -> None:
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir(), rules)
    (rules / "doctypes.yaml").unlink()
    book = load_rulebook(rules)
    assert book.doctypes == BOOK.doctypes


def _one(record: dict[str, str], as_of: date = date(2023, 3, 1)) -> engine.SubmissionResult:
    return _judge([record], as_of)[0]


def _judge(records: list[dict[str, str]], as_of: date) -> list[engine.SubmissionResult]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.yaml"
        path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
        subs = engine.load_submissions([path], BOOK)
    return list(engine.check(BOOK, subs, as_of, engine.Filters(since=date(2021, 1, 1)))
                .submissions)


BASE = {"reporter": "Sở TT&TT Tây Ninh", "recipient": "UBMTTQ tỉnh Tây Ninh"}


def test_an_invitation_is_not_a_report_whoever_sends_it() -> None:
    """Even from a sender no registry knows: nothing to count, nothing for a person to do."""
    known = _one({**BASE, "id": "g1", "submitted_on": "20/12/2022",
                  "title": "Giấy mời dự Hội nghị tổng kết Cuộc vận động năm 2022"})
    unknown = _one({**BASE, "id": "g2", "reporter": "Công ty TNHH ABC",
                    "submitted_on": "20/12/2022", "document_number": "15/GM-ABC",
                    "title": "Mời dự khai trương"})
    for result in (known, unknown):
        assert result.disposition.value == "not_report"
        assert result.instances == ()
        assert result.document_type == "giay_moi"


def test_a_plan_fulfils_the_duty_that_asks_for_a_plan_and_nothing_else() -> None:
    """06-KH/BCĐ II.1 asks each member for its own Kế hoạch (tháng 4/2022, due 4/5/2022); the
    same Kế hoạch received in December is no annual report."""
    april, december = _judge([
        {**BASE, "id": "p1", "submitted_on": "04/05/2022", "document_number": "38/KH-STTTT",
         "title": "Kế hoạch thực hiện Cuộc vận động năm 2022 trong ngành TT&TT"},
        {**BASE, "id": "p2", "submitted_on": "20/12/2022", "document_number": "99/KH-STTTT",
         "title": "Kế hoạch thực hiện Cuộc vận động năm 2023"},
    ], date(2023, 3, 1))
    assert april.instances == (
        "kh-06-bcd-tay-ninh-2022/xay-dung-ke-hoach-nganh/so-tttt-tay-ninh/2022-04",)
    assert december.disposition.value == "not_report"


def test_a_letter_that_reports_is_a_report() -> None:
    got = _one({**BASE, "id": "c1", "submitted_on": "16/06/2022",
                "document_number": "310/STTTT-VP",
                "title": "V/v báo cáo kết quả thực hiện Cuộc vận động 6 tháng đầu năm 2022"})
    assert got.disposition.value == "matched"
    assert {k.split("/")[0] for k in got.instances} == {
        "kh-06-bcd-tay-ninh-2022", "kh-02-bcd-tay-ninh-2022"}


def test_a_report_too_early_for_the_period_it_names_is_for_the_clerk() -> None:
    """An annual report "received" on 25/04 of its own year: a year's report counts from 1
    November (rules/README.md, received_from)."""
    got = _one({**BASE, "id": "e1", "submitted_on": "25/04/2022",
                "title": "Báo cáo kết quả thực hiện Cuộc vận động năm 2022"})
    assert (got.disposition.value, got.rule) == ("unmatched", "too-early")
    (note,) = [r for r in got.reasons if r.code == "match.too-early"]
    assert dict(note.params) == {"period": "2022", "received": "2022-04-25",
                                 "opens": "2022-11-01"}


def test_a_task_report_is_the_task_s_not_the_nearest_period_s() -> None:
    """06 II.3.5: Sở VH-TT&DL's kịch bản, Quý III (due 30/9); its report of 28/9 names no
    period and is no annual report (2022 counts from 1/11)."""
    got = _one({"id": "k1", "reporter": "Sở VH-TT&DL Tây Ninh", "recipient": BASE["recipient"],
                "submitted_on": "28/09/2022", "document_number": "95/BC-SVHTTDL",
                "title": "Báo cáo kết quả xây dựng kịch bản, tiểu phẩm tuyên truyền Cuộc vận động"})
    assert got.instances == (
        "kh-06-bcd-tay-ninh-2022/kich-ban-tieu-pham/so-vhttdl-tay-ninh/2022-Q3",)


def test_a_separate_kind_column_is_read(tmp_path: Path) -> None:
    register = tmp_path / "so-den.csv"
    register.write_text(
        "Số đến,Ngày đến,Tác giả,Số ký hiệu,Tên loại,Trích yếu\n"
        "12,16/06/2022,Sở TT&TT Tây Ninh,,Báo cáo,Kết quả thực hiện Cuộc vận động 6 tháng "
        "đầu năm 2022\n"
        "13,17/06/2022,Sở TT&TT Tây Ninh,,Giấy mời,Dự Hội nghị sơ kết 6 tháng\n",
        encoding="utf-8")
    run = invoke("validate", register, "--recipient", "UBMTTQ tỉnh Tây Ninh", "--as-of",
                 "2022-12-01", "--format", "json", cwd=tmp_path)
    import json

    records = {r["id"]: r for r in json.loads(run.out)["records"]}
    assert records["2022/12"]["disposition"] == "matched"
    assert records["2022/13"]["disposition"] == "not_report"


def test_a_newspaper_s_quarterly_report_counts_the_items_it_states() -> None:
    """06 II.3.4: Báo Tây Ninh, "ít nhất mỗi quý 3 tin, 1 bài" (due at the quarter's end,
    30/9/2022). Its Q3 report stating "05 tin, 02 bài" meets the quota; it is never told it
    owes nothing for the quarter."""
    results = _judge([{"id": "q1", "reporter": "Báo Tây Ninh", "recipient": BASE["recipient"],
                       "submitted_on": "30/09/2022", "document_number": "60/BC-BTN",
                       "title": "Báo cáo kết quả tuyên truyền Cuộc vận động quý III/2022 "
                                "(05 tin, 02 bài)"}], date(2023, 3, 1))
    (got,) = results
    key = "kh-06-bcd-tay-ninh-2022/so-tin-bai-bao-tay-ninh/bao-tay-ninh/2022-Q3"
    assert got.disposition.value == "matched"
    assert key in got.instances


def test_an_item_counts_on_its_own_date(tmp_path: Path) -> None:
    """A phóng sự aired on 28/9 and registered on 3/10 counts for the third quarter (its own
    date, the "Ngày phát sóng" column), not the fourth."""
    register = tmp_path / "phong-su.csv"
    register.write_text(
        "id,reporter,recipient,submitted_on,Ngày phát sóng,title\n"
        "ps1,Đài PT-TH Tây Ninh,UBMTTQ tỉnh Tây Ninh,03/10/2022,28/09/2022,"
        "Phóng sự: Hàng Việt về nông thôn\n", encoding="utf-8")
    run = invoke("check", "-s", register, "--as-of", "2022-10-05", "--directive",
                 "06-KH/BCĐ", "--format", "json", cwd=tmp_path)
    import json

    data = json.loads(run.out)
    by_key = {i["key"]: i for i in data["instances"]}
    q3 = by_key["kh-06-bcd-tay-ninh-2022/so-phong-su-dai-ptth/dai-ptth-tay-ninh/2022-Q3"]
    assert q3["submission"] == "ps1"
    assert q3["verdict"] == "on_time"  # the quota was met when it aired, 28/9 ≤ 30/9


def test_a_deliverable_naming_an_unknown_kind_is_a_rule_error(tmp_path: Path) -> None:
    import shutil

    rules = tmp_path / "rules"
    shutil.copytree(bundled_rules_dir(), rules)
    plan = rules / "directives" / "kh-06-bcd-tay-ninh-2022.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "deliverable: {types: [ke_hoach]}", "deliverable: {types: [kehoach]}"), encoding="utf-8")
    run = invoke("check", "--rules", rules, "--as-of", "2023-03-01", "--lang", "en", cwd=tmp_path)
    assert run.code == 2
    assert "kh-06-bcd-tay-ninh-2022.yaml:61:1: rules.unknown-doctype" in run.flat_err
    assert "deliverable kind 'kehoach' is not in doctypes.yaml" in run.flat_err
    lint = invoke("rules", "lint", rules, "--lang", "en", cwd=tmp_path)
    assert lint.code == 1  # lint lists it among the rule author's errors
    assert "deliverable kind 'kehoach' is not in doctypes.yaml" in lint.flat_out


def test_a_year_report_stands_for_the_second_half_only_from_the_year_s_end() -> None:
    """KH Sở TT&TT Thái Nguyên III.5 is plainly half-yearly: the annual report stands for H2,
    judged as the year's report it is — counted from 1 November, so one of July is too early
    (it is not the H2 report either)."""
    (got,) = _judge([{"id": "y1", "reporter": "UBND thành phố Sông Công",
                      "recipient": "Sở TT&TT Thái Nguyên", "submitted_on": "15/07/2022",
                      "title": "Báo cáo kết quả tuyên truyền Cuộc vận động năm 2022"}],
                    date(2023, 3, 1))
    assert (got.disposition.value, got.rule) == ("unmatched", "too-early")


def test_a_report_citing_one_plan_is_the_report_both_plans_ask_for() -> None:
    """A title citing 02-KH/BCĐ's number is on 02's subject and, by its number alone, not on
    06's; but 06 III asks the same unit for the same report, to the same office, for the same
    period: one report, counted for both (match.same-report)."""
    (got,) = _judge([{"id": "n1", "reporter": "Báo Tây Ninh", "recipient": BASE["recipient"],
                      "submitted_on": "10/06/2022", "document_number": "52/BC-BTN",
                      "title": "Báo cáo kết quả thực hiện Kế hoạch 02-KH/BCĐ 6 tháng đầu năm "
                               "2022"}], date(2023, 3, 1))
    assert sorted(k.split("/")[0] for k in got.instances) == [
        "kh-02-bcd-tay-ninh-2022", "kh-06-bcd-tay-ninh-2022"]
    assert [r.code for r in got.reasons if r.code == "match.same-report"] == [
        "match.same-report"]
