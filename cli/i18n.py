"""Every word the command line shows, in Vietnamese (the default) and English.

Kept apart from the renderer so a translator edits one table and the code never builds a
sentence out of fragments that only work in one language.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from engine import Disposition, Fault, Verdict


class Lang(StrEnum):
    VI = "vi"
    EN = "en"


DEFAULT_LANG = Lang.VI

VERDICTS: Mapping[Verdict, tuple[str, str]] = {
    Verdict.ON_TIME: ("đúng hạn", "on time"),
    Verdict.LATE: ("trễ hạn", "late"),
    Verdict.OVERDUE: ("quá hạn", "overdue"),
    Verdict.PENDING: ("chưa đến hạn", "pending"),
    Verdict.EXEMPT: ("miễn", "exempt"),
}

DISPOSITIONS: Mapping[Disposition, tuple[str, str]] = {
    Disposition.MATCHED: ("khớp", "matched"),
    Disposition.DUPLICATE: ("trùng", "duplicate"),
    Disposition.MISROUTED: ("gửi sai nơi", "misrouted"),
    Disposition.UNMATCHED: ("không khớp", "unmatched"),
    Disposition.UNKNOWN_UNIT: ("không rõ đơn vị", "unknown unit"),
    Disposition.INVALID: ("không hợp lệ", "invalid"),
    Disposition.RECEIVED_LATER: ("nhận sau ngày đối chiếu", "received later"),
    Disposition.NOT_REPORT: ("không phải báo cáo", "not a report"),
}

# Keyed by the model's Frequency values (plain strings, as the JSON exports carry them).
FREQUENCIES: Mapping[str, tuple[str, str]] = {
    "monthly": ("hằng tháng", "monthly"),
    "quarterly": ("hằng quý", "quarterly"),
    "semiannual": ("6 tháng", "half-yearly"),
    "semiannual_and_annual": ("6 tháng và năm", "half-yearly and annual"),
    "annual": ("hằng năm", "annual"),
    "once": ("một lần", "once"),
    "ad_hoc": ("đột xuất", "ad hoc"),
    "multi_year": ("nhiều năm (sơ kết, tổng kết)", "multi-year review"),
    "scheduled": ("theo lịch báo cáo", "by schedule"),
}

# How the words of a deadline were read (docs/domain.md#readings-of-a-deadline): shown beside
# the words so an inspector sees why "trước ngày 15" gives the 14th.
READINGS: Mapping[str, tuple[str, str]] = {
    "before": ("trước ngày X: hạn cuối là X−1", "'before day X': last day is X−1"),
    "by": ("chậm nhất ngày X: tính cả ngày X", "'by day X': X itself"),
    "within": ("trong thời gian thực hiện: ngày cuối kỳ", "within the window: its last day"),
}

_TEXT: Mapping[str, tuple[str, str]] = {
    # instance table
    "col.directive": ("Văn bản", "Directive"),
    "col.obligation": ("Nghĩa vụ", "Obligation"),
    "col.reporter": ("Đơn vị báo cáo", "Reporter"),
    "col.recipient": ("Nơi nhận", "Recipient"),
    "col.period": ("Kỳ", "Period"),
    "col.due": ("Hạn", "Due"),
    "col.received": ("Ngày nhận", "Received"),
    "col.verdict": ("Kết quả", "Verdict"),
    "col.days": ("Số ngày", "Days"),
    "col.unit": ("Đơn vị", "Unit"),
    "col.days_overdue": ("Số ngày quá hạn", "Days overdue"),
    "col.days_late": ("Số ngày trễ", "Days late"),
    "col.clause": ("Mục", "Clause"),
    "col.clause_full": ("Văn bản, mục", "Directive, clause"),
    "col.id": ("Mã", "Id"),
    # figures per directive and per unit
    "col.expected": ("Phải nộp", "Owed"),
    "col.received_count": ("Đã nhận", "Rec'd"),
    "col.on_time": ("Đúng hạn", "On time"),
    "col.late": ("Trễ hạn", "Late"),
    "col.overdue": ("Quá hạn", "Overdue"),
    "col.pending": ("Chưa đến hạn", "Not yet due"),
    "col.rate_on_time": ("% đúng hạn", "% on time"),
    "col.rate_received": ("% đã nhận", "% rec'd"),
    "total": ("Tổng cộng", "Total"),
    "title.check": ("Tình hình báo cáo đến ngày {date}", "Reporting as of {date}"),
    "title.by_directive": ("Theo văn bản", "By directive"),
    "title.by_unit": ("Theo đơn vị (tỷ lệ đúng hạn thấp nhất trước)",
                      "By unit (lowest on-time rate first)"),
    "rates.note": (
        "Tỷ lệ tính trên các báo cáo đã đến hạn hoặc đã nhận (không tính báo cáo chưa đến hạn "
        "và đơn vị đã giải thể), làm tròn xuống.",
        "Rates are over the reports due or received (not those still pending, nor those of "
        "units that had ceased), rounded down.",
    ),
    "title.overdue_rows": ("Quá hạn: {count} báo cáo chưa nhận, lâu nhất trước",
                           "Overdue: {count} reports not received, longest first"),
    "title.late_rows": ("Trễ hạn: {count} báo cáo nhận sau hạn, trễ nhiều nhất trước",
                        "Late: {count} reports received after their due date, latest first"),
    "title.clauses": ("Căn cứ (các mục nêu trên):", "Clauses cited above:"),
    "title.behind": ("Đơn vị chậm nhất ({count} trong {total} đơn vị có báo cáo quá hạn)",
                     "Units furthest behind ({count} of {total} units with overdue reports)"),
    "col.behind_overdue": ("Quá hạn", "Overdue"),
    "col.behind_longest": ("Lâu nhất (ngày)", "Longest (days)"),
    "col.behind_missing": ("Còn thiếu (văn bản, mục: kỳ)", "Missing (text, clause: period)"),
    "behind.more": ("(+{count} báo cáo khác)", "(+{count} more)"),
    "rest.overdue": ("… và {count} báo cáo quá hạn khác: xem hết với --all, hoặc --limit N; "
                     "theo đơn vị: baocao overdue",
                     "… and {count} more overdue reports: list them all with --all, or "
                     "--limit N; by unit: baocao overdue"),
    "rest.units": ("… và {units} đơn vị khác ({count} báo cáo quá hạn): xem hết với --all "
                   "hoặc --limit N",
                   "… and {units} more units ({count} overdue reports): list them all with "
                   "--all or --limit N"),
    "hint.overdue": ("Từng báo cáo, mỗi báo cáo một dòng: --all; dữ liệu: --format csv hoặc "
                     "json.",
                     "One line per report: --all; data: --format csv or json."),
    "hint.rules_ids": ("Mã của văn bản và nghĩa vụ (dùng trong explain, --requests và tệp thử "
                       "quy tắc): thêm --ids.",
                       "The directive and obligation ids (for explain, --requests and rule "
                       "test files): add --ids."),
    "rest.late": ("… và {count} báo cáo trễ hạn khác: xem hết với --all hoặc --limit N",
                  "… and {count} more late reports: list them all with --all or --limit N"),
    "rest.rows": ("… và {count} dòng khác: xem hết với --all hoặc --limit N",
                  "… and {count} more rows: list them all with --all or --limit N"),
    "rest.records": ("… và {count} bản ghi khác cần xem lại: xem hết với --all hoặc --limit "
                     "N; từng bản ghi: baocao validate",
                     "… and {count} more records that need attention: list them all with "
                     "--all or --limit N; record by record: baocao validate"),
    "title.attention": ("Báo cáo đã nhận cần xem lại", "Reports received that need attention"),
    "no_problems": ("Không có báo cáo quá hạn hay trễ hạn tính đến ngày {date}.",
                    "Nothing is overdue or late as of {date}."),
    "empty.verdicts": ("Không có báo cáo nào có kết quả đã chọn.",
                       "No report has the verdicts chosen."),
    "hint.more": ("Xem mọi báo cáo: --all; chỉ một loại kết quả: --verdict overdue (late, "
                  "on_time, pending, exempt); dữ liệu: --format json hoặc csv.",
                  "Every report: --all; one kind of verdict: --verdict overdue (late, "
                  "on_time, pending, exempt); data: --format json or csv."),
    "scope.directive": ("văn bản {directive}", "directive {directive}"),
    "scope.unit": ("đơn vị {unit}", "unit {unit}"),
    "scope.period": ("kỳ {period}", "period {period}"),
    "scope.office": ("gửi {office}", "owed to {office}"),
    "scope.window": ("các kỳ kết thúc từ {since} và đã bắt đầu trước {as_of}",
                     "periods ending from {since} and started by {as_of}"),
    "col.basis": ("Hạn theo", "Date"),
    "col.cutoff": ("Số liệu", "Data window"),
    "basis.stated_short": ("văn bản", "stated"),
    "basis.assumed_short": ("giả định {mark}", "assumed {mark}"),
    "basis.stated_plain": ("nêu trong văn bản", "stated in the text"),
    "basis.stated": ("nêu trong văn bản: “{words}”", "stated in the text: “{words}”"),
    "basis.assumed": ("giả định (văn bản không nêu hạn): {text}",
                      "assumed (the text states no date): {text}"),
    "reporters.more": ("{first} và {count} đơn vị khác", "{first} and {count} more units"),
    "title.upcoming": ("Báo cáo đến hạn từ {start} đến {end}",
                       "Reports due from {start} to {end}"),
    "empty.upcoming": ("Không có báo cáo nào đến hạn trong khoảng này.",
                       "No report falls due in this window."),
    "title.calendar": ("Lịch hạn báo cáo năm {year}: {count} hạn nộp",
                       "Reporting deadlines in {year}: {count} due dates"),
    "empty.calendar": ("Không có hạn báo cáo nào trong năm {year}.",
                       "No report falls due in {year}."),
    "note.calendar": (
        "Báo cáo đột xuất không có lịch: chỉ phát sinh khi có yêu cầu. Số liệu: kỳ số liệu theo "
        "Nghị định 09/2019/NĐ-CP, Điều 12.",
        "Ad hoc reports have no calendar: they are owed only when requested. Data window: "
        "Decree 09/2019/ND-CP, Article 12.",
    ),
    "ics.name": ("Hạn báo cáo {year}", "Reporting deadlines {year}"),
    "ics.summary": ("Hạn báo cáo: {summary} ({period}) — {clause}",
                    "Report due: {summary} ({period}) — {clause}"),
    "ics.clause": ("Căn cứ: {directive}, mục {section}: “{text}”",
                   "Clause: {directive}, section {section}: “{text}”"),
    "ics.due": ("Hạn nộp {due}: {basis}", "Due {due}: {basis}"),
    "ics.period": ("Kỳ báo cáo {period}: {start} – {end}", "Period {period}: {start} – {end}"),
    "ics.cutoff.nd09": ("Số liệu từ {start} đến {end} (Nghị định 09/2019/NĐ-CP, Điều 12)",
                   "Data from {start} to {end} (Decree 09/2019/ND-CP, Article 12)"),
    "ics.cutoff.period": ("Số liệu từ {start} đến {end} (chính kỳ báo cáo)",
                          "Data from {start} to {end} (the period itself)"),
    "ics.cutoff.stated": ("Số liệu từ {start} đến {end} (theo văn bản)",
                          "Data from {start} to {end} (as the text states)"),
    "ics.recipient": ("Nơi nhận: {recipient}", "Recipient: {recipient}"),
    "ics.awaited": ("Chưa nhận ({count}/{total}): {reporters}",
                    "Not yet received ({count}/{total}): {reporters}"),
    "cell.received": ("(đã nhận {count}/{total})", "({count}/{total} received)"),
    "ics.reporters": ("Đơn vị báo cáo ({count}): {reporters}",
                      "Reporting units ({count}): {reporters}"),
    "ics.alarm": ("Sắp đến hạn báo cáo ({due}): {summary}", "Report due soon ({due}): {summary}"),
    "written": ("Đã ghi {path}", "Wrote {path}"),
    # the meeting brief (HTML, Markdown, XLSX)
    "col.expected_long": ("Phải nộp", "Owed"),
    "col.received_long": ("Đã nhận", "Received"),
    "col.pending_long": ("Chưa đến hạn", "Not yet due"),
    "col.rate_on_time_long": ("Tỷ lệ đúng hạn", "On-time rate"),
    "col.rate_received_long": ("Tỷ lệ đã nhận", "Received rate"),
    "brief.title": ("Tình hình thực hiện chế độ báo cáo", "Reporting compliance brief"),
    "brief.meta": ("Số liệu tính đến ngày {as_of} · phiên họp tiếp theo: {meeting}",
                   "Figures as of {as_of} · next meeting: {meeting}"),
    "brief.footer": (
        "Lập bằng baocao. Dấu *1, *2…: văn bản không nêu hạn, hạn được giả định như chú thích "
        "cùng dấu. Mỗi dòng dẫn văn bản và mục quy định; lời văn ở mục Căn cứ của phụ lục.",
        "Made with baocao. Marks *1, *2…: the text states no deadline; the date is assumed "
        "as the footnote with the same mark says. Each row cites the text and its clause; "
        "the words are under Clauses in the annex.",
    ),
    "brief.none": ("Không có.", "None."),
    "brief.chart": ("Biểu đồ tỷ lệ: {what}", "Rates chart: {what}"),
    "brief.assumed": ("giả định {mark}", "assumed {mark}"),
    "brief.assumed_word": ("giả định", "assumed"),
    "brief.h.expected": ("báo cáo phải nộp", "reports owed"),
    "brief.h.rate_on_time": ("đúng hạn (trên số đã đến hạn)", "on time (of those due)"),
    "brief.h.rate_received": ("đã nhận (trên số đã đến hạn)", "received (of those due)"),
    "brief.h.overdue_units": ("quá hạn, chưa nhận ({units} đơn vị)",
                              "overdue, not received ({units} units)"),
    "brief.h.late": ("nhận trễ hạn", "received late"),
    "brief.h.upcoming": ("đến hạn trước phiên họp tới", "due before the next meeting"),
    "brief.s.directives": ("Theo văn bản", "By directive"),
    "brief.s.units": ("Theo đơn vị (tỷ lệ đúng hạn thấp nhất trước)",
                      "By unit (lowest on-time rate first)"),
    "brief.s.overdue": ("Quá hạn, chưa nhận ({count}), lâu nhất trước",
                        "Overdue, not received ({count}), longest first"),
    "brief.s.late": ("Nhận trễ hạn ({count}), trễ nhiều nhất trước",
                     "Received late ({count}), latest first"),
    "brief.s.upcoming": ("Đến hạn trước phiên họp ngày {date} ({count})",
                         "Due before the meeting of {date} ({count})"),
    "brief.s.attention": ("Báo cáo đã nhận cần xem lại ({count})",
                          "Reports received that need attention ({count})"),
    "brief.s.clauses": ("Căn cứ", "Clauses"),
    "brief.s.policies": ("Chính sách hạn giả định", "Assumed-deadline policies"),
    "brief.col.title": ("Tên văn bản", "Title"),
    "brief.col.obligation": ("Nghĩa vụ", "Obligation"),
    "brief.col.words": ("Trích văn bản", "Words of the text"),
    "brief.col.mark": ("Ký hiệu", "Mark"),
    "brief.col.meaning": ("Nội dung", "Meaning"),
    "brief.sheet.units": ("Theo đơn vị", "By unit"),
    "brief.sheet.overdue": ("Quá hạn", "Overdue"),
    "brief.sheet.late": ("Trễ hạn", "Late"),
    "brief.sheet.upcoming": ("Sắp đến hạn", "Due soon"),
    "brief.sheet.attention": ("Cần xem lại", "Needs attention"),
    "brief.sheet.clauses": ("Căn cứ", "Clauses"),
    "brief.sheet.policies": ("Hạn giả định", "Assumed deadlines"),
    # the brief's first page: the meeting (issue 16); the rest is the annex (--full)
    "brief.title_office": ("Tình hình thực hiện chế độ báo cáo gửi {office}",
                           "Reporting compliance brief: reports owed to {office}"),
    "brief.s.figures": ("Số liệu chính", "Headline figures"),
    "brief.h.received": ("đã nhận", "received"),
    "brief.h.on_time": ("nhận đúng hạn", "received on time"),
    "brief.h.pending": ("chưa đến hạn", "not yet due"),
    "brief.s.behind": ("{count} đơn vị chậm nhất và các báo cáo quá hạn chưa nhận",
                       "The {count} units furthest behind and the reports they owe"),
    "brief.s.behind_none": ("Đơn vị có báo cáo quá hạn", "Units with reports overdue"),
    "brief.col.rank": ("STT", "#"),
    "brief.col.document": ("Số, ký hiệu", "Document number"),
    "brief.col.missing": ("Báo cáo chưa nhận: văn bản, mục", "Report not received: text, clause"),
    "brief.more": ("… và {count} báo cáo quá hạn khác", "… and {count} more overdue"),
    "brief.s.annex": ("Phụ lục", "Annex"),
    "brief.annex_line": (
        "Phụ lục ({overdue} báo cáo quá hạn, {late} báo cáo trễ hạn, {upcoming} báo cáo đến "
        "hạn trước phiên họp, {attention} báo cáo đã nhận cần xem lại, tỷ lệ của {units} đơn "
        "vị, căn cứ): thêm --full để in kèm.",
        "Annex ({overdue} reports overdue, {late} late, {upcoming} due before the meeting, "
        "{attention} received needing attention, rates of {units} units, clauses): add --full "
        "to print it.",
    ),
    "brief.sheet.page": ("Tóm tắt", "Summary"),
    "period.year": ("năm {year}", "{year}"),
    "period.half1": ("6 tháng đầu năm {year}", "first half of {year}"),
    "period.half2": ("6 tháng cuối năm {year}", "second half of {year}"),
    "period.quarter": ("quý {quarter}/{year}", "Q{quarter} {year}"),
    "period.month": ("tháng {month}/{year}", "{month}/{year}"),
    "period.nine_months": ("9 tháng đầu năm {year}", "first nine months of {year}"),
    "widen.heading": ("Để mở rộng:", "To widen it:"),
    "widen.period": ("bỏ --period", "drop --period"),
    "widen.directive": ("bỏ --directive", "drop --directive"),
    "widen.unit": ("bỏ --unit", "drop --unit"),
    "widen.since": ("--since sớm hơn {since}", "a --since earlier than {since}"),
    "widen.as_of": ("--as-of muộn hơn {as_of}", "an --as-of later than {as_of}"),
    # submission table
    "col.submission": ("Mã", "ID"),
    "col.submitted_on": ("Ngày nhận", "Received"),
    "col.disposition": ("Xử lý", "Disposition"),
    "col.reasons": ("Lý do", "Reasons"),
    # rules table
    "col.reporters": ("Đơn vị báo cáo", "Reporters"),
    "col.after": ("Tổng hợp từ", "Sums up"),
    "col.doers": ("Đơn vị thực hiện", "Carried out by"),
    "col.addressee": ("Đối tượng", "Addressed to"),
    "col.time_frame": ("Thời gian", "Time frame"),
    "activity": ("hoạt động, không yêu cầu báo cáo", "an activity: no report asked"),
    "members.inferred": ("(suy luận) {reason}", "(inferred) {reason}"),
    "col.frequency": ("Tần suất", "Frequency"),
    "col.deadline": ("Thời hạn", "Deadline"),
    "col.in_force": ("Hiệu lực", "In force"),
    "col.citation": ("Căn cứ", "Clause"),
    # titles and notes
    "title.instances": ("Báo cáo phải nộp (tính đến {date})", "Reports owed (as of {date})"),
    "title.submissions": ("Báo cáo đã nhận", "Reports received"),
    "title.summary": ("Tổng hợp đến ngày {date}", "Summary as of {date}"),
    "title.overdue": ("Báo cáo quá hạn tính đến {date}: {count} báo cáo của {units} đơn vị, "
                      "đơn vị chậm nhất trước",
                      "Overdue as of {date}: {count} reports of {units} units, the longest "
                      "overdue first"),
    "title.rules": ("Nghĩa vụ báo cáo", "Reporting obligations"),
    "title.rules_count": ("Nghĩa vụ báo cáo ({count})", "Reporting obligations ({count})"),
    "summary.instances": ("Báo cáo phải nộp: {total}", "Reports owed: {total}"),
    "summary.per_plan": ("  tính riêng từng văn bản: {total}", "  counted per plan: {total}"),
    "summary.submissions": ("Báo cáo đã nhận: {total}", "Reports received: {total}"),
    "summary.awaiting_request": (
        "{count} nghĩa vụ báo cáo đột xuất chỉ phát sinh khi có yêu cầu (ghi yêu cầu bằng "
        "--requests)",
        "{count} ad hoc duties are owed only when a request is recorded (give them with "
        "--requests)",
    ),
    "via": ("qua {unit}", "via {unit}"),
    "assumed.footnote": (
        "{mark} hạn giả định (văn bản không nêu): {text}",
        "{mark} assumed deadline (not stated in the text): {text}",
    ),
    "inferred.footnote": (
        "{mark} nơi nhận, hoặc việc đơn vị là thành viên của nhóm phải báo cáo, là suy luận: "
        "văn bản không ghi (xem rules show)",
        "{mark} the recipient, or the unit's membership of the group that reports, is inferred: "
        "the text does not say it (see rules show)",
    ),
    "provisional.footnote": (
        "{mark} hạn tạm tính: lịch hoán đổi ngày nghỉ, ngày làm bù của năm này chưa có trong "
        "rules/calendar/vn-adjustments.yaml; hãy cập nhật baocao",
        "{mark} provisional due date: the Government's day swaps of that year are not yet in "
        "rules/calendar/vn-adjustments.yaml; update baocao",
    ),
    "assumed.prefix": ("giả định: {text}", "assumed: {text}"),
    "period.inferred": ("(suy ra)", "(inferred)"),
    "in_force.open": ("từ {start}", "from {start}"),
    "deadline.none": ("theo yêu cầu", "on request"),
    "on_request": ("khi có yêu cầu", "on request"),
    "inferred": ("(suy luận)", "(inferred)"),
    # rules export --format md: the obligations for a legal review (cli/render/authoring.py)
    "review.count": ("{count} nghĩa vụ trong {directives} văn bản.",
                     "{count} obligations in {directives} directives."),
    "review.intro": (
        "Mỗi nghĩa vụ: điều khoản được trích nguyên văn, rồi từng nội dung baocao đã mã hoá từ "
        "điều khoản đó, bên cạnh lời văn của văn bản. “(suy luận)”: văn bản không ghi, người soạn "
        "quy tắc suy ra (lý do kèm theo). “giả định”: văn bản không nêu hạn, hạn lấy theo chính "
        "sách được nêu tên. ⚠ KHÔNG KHỚP: lời văn và nội dung mã hoá khác nhau, cần sửa một trong "
        "hai. Hạn rơi vào ngày nghỉ được lùi sang ngày làm việc kế tiếp.",
        "Each obligation: the clause quoted, then every field baocao encoded from it, beside the "
        "text's words. “(inferred)”: the text does not say it, the rule author inferred it (the "
        "reason follows). “assumed”: the text states no date, the named policy gives it. "
        "⚠ MISMATCH: the words and the encoding differ, one of them must be corrected. A "
        "deadline that falls on a day off moves to the next working day.",
    ),
    "review.overview": ("Tổng quan", "Overview"),
    "review.issued": ("Cơ quan ban hành: {issuer}. Ngày ban hành: {date}.",
                      "Issued by: {issuer}. Issued on: {date}."),
    "review.f.kind": ("Loại nghĩa vụ", "Kind"),
    "review.kind.periodic": ("báo cáo định kỳ", "periodic report"),
    "review.kind.task": ("nhiệm vụ một lần, có thời gian thực hiện",
                         "a one-off task with a time frame"),
    "review.kind.quantity": ("số lượng sản phẩm mỗi kỳ", "a quantity of items per period"),
    "review.kind.ad_hoc": ("báo cáo đột xuất, khi có yêu cầu", "an ad hoc report, when requested"),
    "review.kind.review": ("sơ kết, tổng kết nhiều năm", "a multi-year review"),
    "review.kind.activity": ("hoạt động, không yêu cầu báo cáo", "an activity: no report asked"),
    "review.f.reporters": ("Đơn vị báo cáo", "Reporters"),
    "review.f.doers": ("Đơn vị thực hiện", "Carried out by"),
    "review.group": ("{name} — nhóm gồm {count} thành viên:",
                     "{name} — a group of {count} members:"),
    "review.group_inferred": ("{name} — nhóm gồm {count} thành viên (suy luận):",
                              "{name} — a group of {count} members (inferred):"),
    "review.member.recipient": ("là nơi nhận: không báo cáo cho chính mình",
                                "the recipient: does not report to itself"),
    "review.member.via": ("là đơn vị chuyển báo cáo: không báo cáo qua chính mình",
                          "reports pass through it: it does not report through itself"),
    "review.f.recipient": ("Nơi nhận", "Recipient"),
    "review.f.addressee": ("Đối tượng", "Addressed to"),
    "review.recipient_inferred": (
        "Văn bản không nêu nơi nhận: người soạn quy tắc suy ra (xem ghi chú)",
        "The text names no recipient: the rule author inferred it (see the notes)"),
    "review.f.via": ("Gửi qua", "Via"),
    "review.via_also": ("Cũng nhận qua: {units}", "Also accepted via: {units}"),
    "review.f.frequency": ("Tần suất", "Frequency"),
    "review.periods": ("{count} báo cáo mỗi năm: {periods}", "{count} reports a year: {periods}"),
    "review.periods_counted": ("số lượng tính theo {count} kỳ mỗi năm: {periods}",
                               "counted over {count} periods a year: {periods}"),
    "review.periods_own": ("{count} báo cáo mỗi năm, mỗi báo cáo có hạn riêng:",
                           "{count} reports a year, each with its own deadline:"),
    "review.period.common": ("theo thời hạn chung của nghĩa vụ", "the obligation's deadline"),
    "review.stands_for.semiannual": ("Báo cáo năm được tính thay cho báo cáo 6 tháng cuối năm (H2)",
                                     "An annual report stands for the second half's (H2)"),
    "review.stands_for.quarterly": ("Báo cáo 9 tháng được tính thay cho báo cáo quý III (Q3)",
                                    "A nine-month report stands for the third quarter's (Q3)"),
    "review.code.Y": ("cả năm", "the year"),
    "review.code.H1": ("6 tháng đầu năm", "first half"),
    "review.code.H2": ("6 tháng cuối năm", "second half"),
    "review.code.9M": ("9 tháng đầu năm", "first nine months"),
    "review.code.Q": ("quý {quarter}", "quarter {quarter}"),
    "review.code.M": ("tháng {month}", "month {month}"),
    "review.f.windows": ("Thời gian thực hiện", "Time frame"),
    "review.covers": ("Sản phẩm là báo cáo về {period}", "Its deliverable reports on {period}"),
    "review.f.quantities": ("Số lượng", "Quantities"),
    "review.quantity": ("{count} {item}, {per}", "{count} × {item}, {per}"),
    "review.words": ("nhận diện trong trích yếu qua", "recognised in a title by"),
    "review.f.cycle": ("Chu kỳ", "Cycle"),
    "review.cycle": ("{years} năm một lần, tính từ ngày {anchor}",
                     "every {years} years, counted from {anchor}"),
    "review.cycle_open": ("{years} năm một lần", "every {years} years"),
    "review.f.deadline": ("Thời hạn", "Deadline"),
    "review.deadline.schedule": ("hạn riêng của từng báo cáo: xem Tần suất",
                                 "each report's own: see Frequency"),
    "review.basis.stated": ("văn bản nêu", "stated in the text"),
    "review.basis.assumed": ("giả định", "assumed"),
    "review.policy": ("Chính sách hạn giả định “{policy}”: {text}",
                      "Assumed-deadline policy “{policy}”: {text}"),
    "review.words_of_text": ("Lời văn", "The text's words"),
    "review.no_words": ("người soạn quy tắc không ghi lại", "not recorded by the rule author"),
    "review.mismatch": (
        "KHÔNG KHỚP: lời văn nêu ngày {named}, nội dung mã hoá là ngày {day}: cần sửa một "
        "trong hai",
        "MISMATCH: the words name day {named}, the encoding says day {day}: correct one of "
        "them"),
    "review.dl.offset": ("{days} ngày sau {base}", "{days} days after {base}"),
    "review.dl.offset_working": ("{days} ngày làm việc sau {base}",
                                 "{days} working days after {base}"),
    "review.dl.from_end": ("ngày kết thúc kỳ", "the period's last day"),
    "review.dl.from_cutoff": ("ngày chốt số liệu", "the data cut-off"),
    "review.dl.from_inputs": ("hạn báo cáo của các đơn vị cấp dưới (đã lùi qua ngày nghỉ)",
                              "the due date of the reports it sums up (rolled as they are)"),
    "review.dl.end": ("ngày cuối cùng của kỳ", "the period's last day"),
    "review.dl.window_end": ("ngày cuối cùng của thời gian thực hiện",
                             "the last day of the time frame"),
    "review.dl.last": ("ngày {day} của tháng cuối kỳ", "day {day} of the period's last month"),
    "review.dl.next": ("ngày {day} của tháng liền sau kỳ",
                       "day {day} of the month after the period"),
    "review.dl.month": ("ngày {day} tháng {month} của năm kết thúc kỳ",
                        "day {day} of month {month} of the year the period ends"),
    "review.dl.day": ("ngày {day} (không rõ tháng)", "day {day} (no month given)"),
    "review.dl.month_next": ("ngày {day} tháng {month} của năm sau kỳ",
                             "day {day} of month {month} of the year after the period"),
    "review.dl.window": ("từ ngày {start} đến {end} (báo cáo nhận trước ngày {start} là sớm, "
                         "không được tính)", "from day {start} to {end} (a report received "
                         "before day {start} is early and does not count)"),
    "review.f.after": ("Tổng hợp từ", "Sums up"),
    "review.after": ("báo cáo tổng hợp nhận khi báo cáo của một đơn vị cấp dưới chưa đến hạn "
                     "và chưa có, hoặc đến sau nó, được đánh dấu",
                     "a summary received while an input was not yet due and missing, or "
                     "arrived after it, is flagged"),
    "review.routes": ("mỗi đơn vị báo cáo gửi đơn vị của mình, tìm theo địa bàn trong "
                      "units.yaml:", "each reporter sends to its own, found by place in "
                      "units.yaml:"),
    "review.reading.before_day": ("đọc là “trước ngày”: ngày cuối cùng đúng hạn là ngày {day}",
                                  "read as 'before': the last day on time is day {day}"),
    "review.reading.before": (
        "đọc là “trước ngày”: ngày cuối cùng đúng hạn là ngày liền trước",
        "read as 'before': the last day on time is the day before"),
    "review.reading.by": ("đọc là “đến ngày” (chậm nhất): tính cả ngày đó",
                          "read as 'by' (at the latest): that day itself"),
    "review.reading.within": ("đọc là “trong thời gian thực hiện”",
                              "read as 'within the time frame'"),
    "review.f.counts": ("Ngày được tính", "Date counted"),
    "review.counts.received": ("ngày đến (ngày cơ quan nhận văn bản)", "the day it is received"),
    "review.counts.sent": ("ngày gửi (ngày văn bản được gửi đi)", "the day it is sent"),
    "review.f.in_force": ("Hiệu lực", "In force"),
    "review.in_force": ("từ {start} đến {end}", "from {start} to {end}"),
    "review.in_force_open": ("từ {start}, không thời hạn", "from {start}, open-ended"),
    "review.f.data_window": ("Số liệu", "Data window"),
    "review.data.nd09": (
        "theo Nghị định 09/2019/NĐ-CP, Điều 12: từ ngày 15 của tháng trước kỳ đến ngày 14 "
        "của tháng cuối kỳ",
        "Decree 09/2019/ND-CP, Art. 12: from the 15th of the month before the period to the "
        "14th of its last month"),
    "review.data.period": ("theo ngày của chính kỳ báo cáo: từ ngày đầu đến ngày cuối kỳ",
                           "the period's own dates: from its first to its last day"),
    "review.data.stated": ("như văn bản nêu (xem điều khoản)",
                           "as the text states (see the clause)"),
    "review.data.span": ("như văn bản nêu: từ ngày {from_day} {from_month} đến ngày {to_day} "
                         "{to_month}", "as the text states: from day {from_day} {from_month} "
                         "to day {to_day} {to_month}"),
    "review.data.month.previous": ("của tháng trước kỳ", "of the month before the period"),
    "review.data.month.first": ("của tháng đầu kỳ", "of the period's first month"),
    "review.data.month.last": ("của tháng cuối kỳ", "of the period's last month"),
    "review.data.before_nd09": ("văn bản ban hành trước khi Nghị định 09/2019/NĐ-CP có hiệu "
                                "lực (12/3/2019): không áp dụng kỳ số liệu của Nghị định",
                                "the text predates Decree 09/2019/ND-CP (in force from "
                                "12/03/2019): the Decree's data window does not apply"),
    "review.f.received_from": ("Báo cáo nhận được tính từ", "Counts if received from"),
    "review.rf.request": ("ngày có yêu cầu", "the day of the request"),
    "review.rf.window": ("ngày đầu của thời gian thực hiện", "the first day of the time frame"),
    "review.rf.months": ("ngày đầu của {months} tháng cuối kỳ",
                         "the first day of the period's last {months} months"),
    "review.rf.days": ("{days} ngày trước ngày cuối kỳ",
                       "{days} days before the period's last day"),
    "review.rf.start": ("ngày đầu kỳ", "the period's first day"),
    "review.rf.last_day": ("ngày cuối kỳ", "the period's last day"),
    "review.rf.default": (
        "tháng cuối của quý, của 6 tháng, của 9 tháng; hai tháng cuối của năm; ngày 16 của "
        "tháng (mặc định theo loại kỳ)",
        "the last month of a quarter, a half-year or nine months; the last two months of a "
        "year; the 16th of a month (the default for the period's kind)"),
    "review.rf.default_one": ("{opens} — mặc định theo loại kỳ",
                              "{opens} — the default for the period's kind"),
    "review.rf.last_month": ("ngày đầu tháng cuối của kỳ", "the first day of its last month"),
    "review.rf.year": ("ngày 01/11, đầu hai tháng cuối năm",
                       "1 November, the start of the year's last two months"),
    "review.rf.month": ("ngày 16 của tháng", "the 16th of the month"),
    "review.rf.named": ("báo cáo ghi rõ kỳ vẫn được tính dù nhận sớm hơn",
                        "a report naming its period counts even when received earlier"),
    "review.f.deliverable": ("Văn bản đáp ứng nghĩa vụ", "What fulfils it"),
    "review.deliverable_words": ("Sản phẩm nhận diện trong trích yếu qua",
                                 "The product, recognised in a title by"),
    "review.f.subject": ("Cụm từ nhận diện nội dung", "Subject phrases"),
    "review.subject_directives": ("Văn bản mà báo cáo có thể viện dẫn",
                                  "Texts a report may cite"),
    "review.f.notes": ("Ghi chú của người soạn quy tắc", "Rule author's notes"),
    "review.f.source": ("Tệp quy tắc", "Rule file"),
    "empty.instances": (
        "Không có báo cáo nào phải nộp trong phạm vi đã chọn: {scope}.",
        "No reports are owed in the selection: {scope}.",
    ),
    "empty.overdue": (
        "Không có báo cáo quá hạn tính đến ngày {date}.",
        "Nothing is overdue as of {date}.",
    ),
    "empty.rules": (
        "Không có nghĩa vụ nào theo các điều kiện đã chọn.",
        "No obligations match the chosen filters.",
    ),
    "overdue.count": ("{count} báo cáo", "{count} reports"),
    "working": ("Đang đánh giá…", "Evaluating…"),
    "writing": ("Đang ghi kết quả…", "Writing the results…"),
    "hint.as_of": ("Lưu ý: bản ghi mới nhất nhận ngày {latest}, nhưng đang đối chiếu đến hôm nay "
                   "({today}): các kỳ sau đó đều bị tính là quá hạn. Để đối chiếu đúng thời "
                   "điểm của sổ, thêm --as-of, ví dụ --as-of {suggest}",
                   "Note: the latest record was received on {latest}, but the check runs to "
                   "today ({today}): every period since counts as overdue. To judge the "
                   "register as of its time, add --as-of, e.g. --as-of {suggest}"),
    # baocao validate, ingest and register (the secretariat's batch)
    "reading": ("Đang đọc tệp…", "Reading files…"),
    "building": ("Đang kiểm tra bản ghi…", "Checking records…"),
    "matching": ("Đang đối chiếu bản ghi…", "Matching records…"),
    "title.records": ("{file} — {count} bản ghi", "{file} — records: {count}"),
    "records.sheet": ("Bản ghi", "Records"),
    "large.note": ("(tệp lớn: mỗi bản ghi một dòng, cắt theo độ rộng màn hình; đủ các cột: "
                   "--format csv, xlsx hoặc json)", "(a large file: one line per record, cut "
                   "to the terminal's width; every column: --format csv, xlsx or json)"),
    "large.listing": ("(danh sách dài: mỗi dòng một báo cáo hoặc bản ghi, cắt theo độ rộng "
                      "màn hình; đủ các cột: --format csv hoặc json)",
                      "(a long listing: one line per report or record, cut to the terminal's "
                      "width; every column: --format csv or json)"),
    "large.register": ("(sổ lớn: mỗi bản ghi một dòng, cắt theo độ rộng màn hình; nguồn và "
                       "đủ các trường: baocao register show MÃ, hoặc register export)",
                       "(a large register: one line per record, cut to the terminal's width; "
                       "where each came from and every field: baocao register show ID, or "
                       "register export)"),
    "col.line": ("Dòng", "Row"),
    "col.stt": ("STT", "No."),
    "col.result": ("Kết quả", "Result"),
    "col.details": ("Khớp với · lý do · cần sửa", "Matched to · reasons · fix"),
    "result.matched": ("khớp · {verdict}", "matched · {verdict}"),
    "late.days": ("trễ {days} ngày", "{days} days late"),
    "late.day": ("trễ {days} ngày", "{days} day late"),
    "matched.to": ("{clause} · kỳ {period} (hạn {due})",
                   "{clause} · period {period} (due {due})"),
    "tofix.prefix": ("→ Cần sửa:", "→ To fix:"),
    "title.files": ("Số bản ghi theo tệp: đã đọc = đã báo cáo",
                    "Records per file: read = reported"),
    "col.file": ("Tệp", "File"),
    "col.read": ("Đã đọc", "Read"),
    "col.reported": ("Đã báo cáo", "Reported"),
    "col.attention": ("Cần xử lý", "Need attention"),
    "col.notes": ("Ghi chú", "Notes"),
    "title.skipped": ("Không đọc", "Not read"),
    "title.validate": ("Kiểm tra lô báo cáo, tính đến {date}", "Batch check as of {date}"),
    "summary.records": ("Bản ghi: {total} — cần xử lý: {attention}",
                        "Records: {total} — need attention: {attention}"),
    "summary.not_read": ("{count} tệp hoặc thư mục không đọc (xem danh sách)",
                         "{count} files or folders not read (see the list)"),
    "empty.records": ("Không có bản ghi nào.", "No records."),
    "note.encoding": ("mã hóa {encoding}, đã chuyển sang Unicode",
                      "encoding {encoding}, converted to Unicode"),
    "note.header": ("dòng tiêu đề {row}", "header on row {row}"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "due_basis.stated": ("nêu trong văn bản", "stated"),
    "data_window.nd09": ("theo Nghị định 09/2019/NĐ-CP, Điều 12",
                         "Decree 09/2019/ND-CP, Article 12"),
    "data_window.period": ("chính kỳ báo cáo", "the period itself"),
    "data_window.stated": ("theo văn bản", "as the text states"),
    "due_basis.assumed": ("giả định", "assumed"),
    "wrote": ("đã ghi {path}", "wrote {path}"),
    "not_read.line": ("{path}: {reason}", "{path}: {reason}"),
    "title.ingest": ("Lô {number} đã nhận vào sổ {db} ({at})",
                     "Batch {number} ingested into {db} ({at})"),
    "ingest.counts": ("Đọc {records_in} bản ghi: thêm mới {added} · không đổi {unchanged} · "
                      "xung đột {conflicts}", "Read {records_in} records: added {added} · "
                      "unchanged {unchanged} · conflicts {conflicts}"),
    "ingest.statuses": ("Trong các bản ghi đã đọc: hợp lệ {valid} · không hợp lệ {invalid} · "
                        "không rõ đơn vị {unknown_unit}", "Of the records read: valid {valid} "
                        "· invalid {invalid} · unknown unit {unknown_unit}"),
    "title.conflicts": ("Xung đột: mã đã có trong sổ với nội dung khác (bản mới được giữ riêng, "
                        "không ghi đè)", "Conflicts: ids already in the register with other "
                        "content (the new version is kept aside, not overwritten)"),
    "col.stored": ("Bản trong sổ", "In the register"),
    "col.new": ("Bản mới", "New version"),
    "col.fields": ("Trường khác nhau", "Fields that differ"),
    "col.key": ("Mã", "ID"),
    "col.source": ("Nguồn", "Source"),
    "col.ingest": ("Lô", "Batch"),
    "col.at": ("Nhận vào sổ lúc", "Ingested at"),
    "col.status": ("Tình trạng", "Status"),
    "col.files": ("Tệp", "Files"),
    "col.added": ("Thêm mới", "Added"),
    "col.unchanged": ("Không đổi", "Unchanged"),
    "col.conflicts": ("Xung đột", "Conflicts"),
    "col.version": ("Phiên bản", "Version"),
    "col.field": ("Trường", "Field"),
    "col.value": ("Giá trị (như đã ghi)", "Value (as written)"),
    "status.valid": ("hợp lệ", "valid"),
    "status.invalid": ("không hợp lệ", "invalid"),
    "status.unknown_unit": ("không rõ đơn vị", "unknown unit"),
    "status.conflict": ("xung đột, giữ riêng", "conflict, kept aside"),
    "title.register": ("Sổ {db}: {count} bản ghi", "Register {db} — records: {count}"),
    "title.register_versions": ("Sổ {db}: {count} bản ghi, và {versions} bản khác của chúng "
                                "được giữ riêng (xung đột hoặc đã được thay)",
                                "Register {db} — records: {count}, and {versions} other "
                                "versions of them kept aside (conflicts or replaced)"),
    "title.register_conflicts": ("Sổ {db}: {count} bản xung đột được giữ riêng",
                                 "Register {db}: {count} conflicting versions kept aside"),
    "title.ingests": ("Các lô đã nhận vào sổ {db}", "Batches ingested into {db}"),
    "title.show": ("{what} {ident} — {source}, lô {ingest} ({at})",
                   "{what} {ident} — {source}, batch {ingest} ({at})"),
    "show.record": ("Bản ghi", "Record"),
    "show.conflict": ("Bản xung đột (giữ riêng) của", "Conflicting version (kept aside) of"),
    "show.supplied": ("{value} (không ghi trong sổ: theo --recipient)",
                      "{value} (not written: from --recipient)"),
    "empty.conflicts": ("Không có bản xung đột nào đang chờ quyết định trong sổ.",
                        "No conflicting version waits for a decision in the register."),
    "empty.register": ("Sổ chưa có bản ghi nào.", "The register holds no records yet."),
    "copy.written": ("đã chép sổ {db} sang {path}: {records} bản ghi",
                     "copied the register {db} to {path}: {records} records"),
    "backup.written": ("đã sao sổ {db} ra {path}: {records} bản ghi",
                       "copied the register {db} to {path}: {records} records"),
    # corrections with history: register replace, withdraw, history
    "status.withdrawn": ("đã rút, không tính", "withdrawn, not counted"),
    "status.superseded": ("đã được thay, không tính", "replaced, not counted"),
    "status.counted": ("bản của sổ, được tính", "the register's version, counted"),
    "title.history": ("Lịch sử bản ghi {id} (giờ Việt Nam)", "History of record {id} (Vietnam "
                      "time)"),
    "col.when": ("Lúc", "When"),
    "col.event": ("Sự việc", "Event"),
    "col.why": ("Thay đổi, lý do", "Changes, reason"),
    "history.received": ("bản {version} nhận vào sổ (lô {ingest})",
                         "version {version} received (batch {ingest})"),
    "history.changed": ("khác bản trước ở {fields}", "differs from the one before in {fields}"),
    "history.replace": ("quyết định: bản {version} thay bản {previous}",
                        "decision: version {version} replaces version {previous}"),
    "history.withdraw": ("quyết định: rút bản ghi (bản {version}), không tính nữa",
                         "decision: the record (version {version}) withdrawn, not counted"),
    "history.no-reason": ("(không ghi lý do)", "(no reason given)"),
    "history.now.current": ("Hiện tại: bản {version} là bản của sổ, được tính.",
                            "Now: version {version} is the register's, counted."),
    "history.now.withdrawn": ("Hiện tại: đã rút (bản {version}), không tính.",
                              "Now: withdrawn (version {version}), not counted."),
    "history.waiting": ("{count} bản đang chờ quyết định: bản mới đúng thì 'baocao register "
                        "replace {id}'; không bản nào được tính thì 'baocao register withdraw "
                        "{id} --reason ...'", "{count} versions wait for a decision: the new one "
                        "right, 'baocao register replace {id}'; none to count, 'baocao register "
                        "withdraw {id} --reason ...'"),
    "decided.replace": ("Bản ghi {id}: bản {version} thay bản {previous} (quyết định {number}, "
                        "{at}, giờ Việt Nam; lý do: {reason}).", "Record {id}: version {version} "
                        "replaces version {previous} (decision {number}, {at} Vietnam time; "
                        "reason: {reason})."),
    "decided.withdraw": ("Bản ghi {id} (bản {version}) đã rút, không còn được tính (quyết định "
                         "{number}, {at}, giờ Việt Nam; lý do: {reason}).", "Record {id} "
                         "(version {version}) withdrawn, no longer counted (decision {number}, "
                         "{at} Vietnam time; reason: {reason})."),
    # errors
    "error.cut": ("(+{count} ký tự)", "(+{count} characters)"),
    "error.prefix": ("lỗi:", "error:"),
    "error.more": ("... và {count} vấn đề khác", "... and {count} more problems"),
    "error.xlsx_needs_output": ("--format xlsx ghi ra tệp: hãy thêm -o brief.xlsx",
                                "--format xlsx writes a file: give -o brief.xlsx"),
    "error.problem": ("1 vấn đề trong dữ liệu đầu vào:", "1 problem in the input:"),
    "error.problems": ("{count} vấn đề trong dữ liệu đầu vào:", "{count} problems in the input:"),
    "error.internal": (
        "lỗi nội bộ: {kind}: {message}",
        "internal error: {kind}: {message}",
    ),
    "error.output": (
        "lỗi: {code}: không ghi được kết quả ra {stream}: {reason}. Đây là lỗi ghi dữ liệu "
        "(ổ đĩa đầy, thiết bị hỏng), không phải lỗi của baocao hay của dữ liệu đầu vào; hãy "
        "giải phóng chỗ trống hoặc ghi ra nơi khác rồi chạy lại.",
        "error: {code}: cannot write the output to {stream}: {reason}. This is an I/O "
        "error (disk full, a failing device), not a bug in baocao nor a problem in the input; "
        "free some space or write elsewhere, then run again.",
    ),
    "error.engine": (
        "lỗi nội bộ ({code}): bộ máy quy tắc (durable_rules) gặp sự cố hai lần khi lập bảng "
        "quyết định cho {cases} tổ hợp (ví dụ: {records}); đã dừng.",
        "internal error ({code}): the rule engine (durable_rules) failed twice building the "
        "decision table of {cases} combinations (e.g. {records}); the run was stopped.",
    ),
    "error.engine.first": ("lần 1", "first attempt"),
    "error.engine.again": ("lần 2, từng tổ hợp một", "again, one at a time"),
    "error.engine.hint": (
        "Dữ liệu đầu vào và các quy tắc không có lỗi: đây là sự cố của baocao hoặc của bộ máy "
        "quy tắc. Hãy chạy lại; nếu vẫn lỗi, hãy báo lỗi kèm lệnh đã chạy (đặt "
        "BAOCAO_DEBUG=1 để xem chi tiết).",
        "Nothing is wrong with your data or your rules: this is a fault of baocao or of its "
        "rule engine. Run it again; if it fails again, please report it with the command you "
        "ran (set BAOCAO_DEBUG=1 for details).",
    ),
    "fault.accounting": ("kết quả không khớp với các dữ kiện đã giao: {detail}",
                         "its answer did not account for the facts it was given: {detail}"),
    # the rule author's toolkit
    "summary.lint": ("{errors} lỗi, {warnings} cảnh báo, {notes} ghi chú trong {rules}",
                     "{errors} errors, {warnings} warnings, {notes} notes in {rules}"),
    "test.failures": ("CÁC TRƯỜNG HỢP KHÔNG ĐẠT", "FAILURES"),
    "test.mismatch": ("{field}: mong đợi {expected}, thực tế {actual}",
                      "{field}: expected {expected}, got {actual}"),
    "test.summary": ("{passed} đạt, {failed} không đạt", "{passed} passed, {failed} failed"),
    # why an expectation failed: what the engine read, the rule that fired, its reasons
    "test.no-instance": ("không có báo cáo phải nộp này tính đến ngày {as_of}",
                         "no such expected report as of {as_of}"),
    "test.no-submission": ("không có bản ghi mã này trong trường hợp",
                           "no submission with this id in the case"),
    "test.known.periods": ("các kỳ đơn vị này phải nộp theo nghĩa vụ này tính đến ngày {as_of}: "
                           "{items}", "this unit's reports of this obligation as of {as_of}: "
                           "{items}"),
    "test.known.units": ("các đơn vị phải nộp kỳ này theo nghĩa vụ này tính đến ngày {as_of}: "
                         "{items}", "the units owing this obligation's report of this period "
                         "as of {as_of}: {items}"),
    "test.known.ids": ("các mã bản ghi trong trường hợp: {items}",
                       "the submission ids in the case: {items}"),
    "test.due-received": ("hạn {due}; nhận ngày {received} (bản ghi {submission})",
                          "due {due}; received {received} (submission {submission})"),
    "test.due-unreceived": ("hạn {due}; chưa nhận báo cáo nào tính đến ngày {as_of}",
                            "due {due}; nothing received as of {as_of}"),
    "test.read-as": ("đọc được: {reporter} → {recipient}, kỳ {period}, nhận ngày {received}",
                     "read as: {reporter} → {recipient}, period {period}, received {received}"),
    "test.candidates": ("đơn vị phải nộp cho kỳ này: {candidates}; trong đó cho nơi nhận này: "
                        "{routed}", "owed by this unit for this period: {candidates}; of "
                        "those, to this recipient: {routed}"),
    "test.rule": ("quy tắc đã áp dụng: {rule} ({where}) khi {conditions}",
                  "rule that fired: {rule} ({where}) when {conditions}"),
    "test.reason": ("lý do: {reason}", "reason: {reason}"),
    "title.coverage": ("Độ phủ của các trường hợp kiểm thử", "Coverage of the test cases"),
    "col.exercised": ("Đã kiểm", "Exercised"),
    "col.never": ("Chưa kiểm", "Never exercised"),
    "explain.title": ("Giải thích: {subject} — {outcome}", "Explanation: {subject} — {outcome}"),
    "explain.record": ("bản ghi {id}", "record {id}"),
    "explain.instance": ("{clause} — kỳ {period}", "{clause} — period {period}"),
    "explain.days_late": (", trễ {days} ngày", ", {days} days late"),
    "explain.day_late": (", trễ {days} ngày", ", {days} day late"),
    "explain.days_overdue": (", quá hạn {days} ngày", ", {days} days overdue"),
    "explain.day_overdue": (", quá hạn {days} ngày", ", {days} day overdue"),
    "explain.via": (" (qua {unit})", " (via {unit})"),
    "explain.assumed": (" (giả định)", " (assumed)"),
    "explain.inferred": (" (suy ra)", " (inferred)"),
    "error.internal.hint": (
        "Đây là lỗi của baocao, không phải của dữ liệu. Hãy báo lỗi kèm lệnh đã chạy; "
        "đặt BAOCAO_DEBUG=1 để xem chi tiết.",
        "This is a bug in baocao, not in your data. Please report it with the command you "
        "ran; set BAOCAO_DEBUG=1 to see the traceback.",
    ),
}


# Reasons (engine.model.Reason): one template per code, in both languages. Parameters are
# prepared by ``cli.render.texts``: unit ids become names, ISO dates dd/mm/yyyy, lists joined.
# Codes of record-level problems fall back to the engine's English detail ({detail}).
REASONS: Mapping[str, tuple[str, str]] = {
    # a decision rule whose reason the rule book does not give (decisions.yaml says it)
    "decision.*": ("theo quy tắc quyết định {rule!r}", "by the decision rule {rule!r}"),
    # what to fix (baocao validate)
    "fix.recipient": ("gửi cho đúng nơi nhận (hoặc sửa nơi nhận đã ghi): {recipients}",
                      "send it to the right recipient (or correct the recipient typed): "
                      "{recipients}"),
    "fix.choose-unit": ("{field}: ghi rõ một trong các đơn vị: {candidates}",
                        "{field}: write one of: {candidates}"),
    "fix.did-you-mean": ("{field}: có phải {candidates}?",
                         "{field}: did you mean {candidates}?"),
    "fix.unknown-unit": ("{field}: kiểm tra tên {name!r}, hoặc bổ sung đơn vị vào danh mục "
                         "(units.yaml)", "{field}: check the name {name!r}, or add the unit to "
                         "the registry (units.yaml)"),
    "fix.one-unit": ("{field}: ghi tên một đơn vị, không ghi tên nhóm",
                     "{field}: name one unit, not a group"),
    "fix.date": ("{field}: sửa ngày, viết như 14/6/2022",
                 "{field}: correct the date, written like 14/6/2022"),
    "fix.period": ("sửa kỳ báo cáo, viết như 'quý II/2022' hoặc 2022-H1 (hoặc để trống)",
                   "correct the period, written like 'quý II/2022' or 2022-H1 (or leave it blank)"),
    "fix.directive": ("sửa số văn bản, viết như 103/CT-BTTTT (hoặc để trống)",
                      "correct the directive number, e.g. 103/CT-BTTTT (or leave it blank)"),
    "fix.obligation": ("sửa mã nghĩa vụ theo 'baocao rules show' (hoặc để trống)",
                       "correct the obligation id as 'baocao rules show' lists it (or leave "
                       "it blank)"),
    "fix.id": ("đặt mã khác: mã này đã dùng ở {first}",
               "give it another id: already used at {first}"),
    "fix.retype": ("{field}: gõ lại giá trị",
                   "{field}: retype the value"),
    "fix.as-of": ("kiểm tra ngày nhận {received}, hoặc chạy lại với --as-of từ ngày đó",
                  "check the receipt date {received}, or run again with --as-of on or after it"),
    "fix.quote": ("đặt giá trị có dấu phẩy/chấm phẩy trong ngoặc kép, hoặc xóa ô thừa",
                  "quote the value that holds a comma or semicolon, or delete the extra cell"),
    "fix.shape": ("viết bản ghi thành các trường: id, reporter, recipient, submitted_on",
                  "write the record as fields: id, reporter, recipient, submitted_on"),
    "fix.fill": ("điền {field}",
                 "fill in {field}"),
    "fix.conflict": ("so sánh các bản ('baocao register history {id}'); bản mới đúng thì "
                     "'baocao register replace {id}'; không bản nào được tính thì 'baocao "
                     "register withdraw {id} --reason ...'; nếu là báo cáo khác, đặt mã khác",
                     "compare the versions ('baocao register history {id}'); the new one right: "
                     "'baocao register replace {id}'; none to count: 'baocao register withdraw "
                     "{id} --reason ...'; another report: give it another id"),
    "register.conflict": ("mã {id!r} đã có trong sổ với nội dung khác (từ {stored}); bản này "
                          "được giữ riêng, không tính", "{detail}"),
    "fix.other-directive": ("văn bản {directive} không có trong bộ quy tắc: báo cáo theo văn bản "
                            "khác thì không cần xử lý; nếu ghi nhầm số, sửa lại",
                            "the directive {directive} is not in the rules: a report on another "
                            "text needs nothing; if the number is mistyped, correct it"),
    "fix.subject": ("trích yếu nói về việc khác với báo cáo phải nộp ({owed}): báo cáo khác thì "
                    "không cần xử lý; nếu đúng là báo cáo này, ghi số văn bản vào cột văn bản",
                    "the title is about something other than the report owed ({owed}): another "
                    "report needs nothing; if it is this one, write the directive's number in "
                    "the directive column"),
    "fix.too-early": ("kiểm tra ngày đến và kỳ báo cáo: báo cáo kỳ {period} chỉ tính từ ngày "
                      "{opens}; nếu đúng là báo cáo này, văn thư quyết định",
                      "check the receipt date and the period: a report on {period} counts from "
                      "{opens}; if it is that report, the clerk decides"),
    "fix.nothing-owed": ("kiểm tra đơn vị báo cáo, kỳ và văn bản: không nghĩa vụ nào đang "
                         "hiệu lực yêu cầu báo cáo này", "check the reporter, period and "
                         "directive: no obligation in force asks for this report"),
    # the secretariat's batch: faults of one record, files and rows not read
    "record.too-long": ("{field}: dài {length} ký tự, quá {limit} ký tự cho phép",
                        "{field}: {length} characters, more than the {limit} allowed"),
    "record.bad-text": ("{field}: chứa ký tự {char} không phải văn bản (tệp xuất lỗi?); "
                        "hãy gõ lại giá trị", "{detail}"),
    "file.repeated": ("đã đọc (trùng với {first})", "already read (same file as {first})"),
    "file.skipped-folder": ("thư mục con, không đọc; muốn đọc hãy ghi tên thư mục đó",
                            "a subfolder, not read; name it to read it"),
    "file.skipped-type": ("loại tệp {suffix} không đọc được; baocao đọc .yaml, .json, .csv, "
                          ".txt, .xlsx", "file type {suffix} is not read; baocao reads .yaml, "
                          ".json, .csv, .txt, .xlsx"),
    "file.skipped-hidden": ("tệp ẩn, không đọc", "a hidden file, not read"),
    "file.skipped-lock": ("tệp khóa của Excel (bảng tính đang mở), không đọc",
                          "Excel's lock file (the workbook is open), not read"),
    "file.old-excel": ("bảng tính Excel 97-2003 (.xls) không đọc được; hãy mở bằng Excel và lưu "
                       "thành .xlsx hoặc CSV UTF-8", "an Excel 97-2003 workbook (.xls) is not "
                       "read; open it in Excel and save it as .xlsx or CSV UTF-8"),
    "file.not-regular": ("không phải tệp thường ({kind}); không đọc",
                         "not a regular file ({kind}); not read"),
    "file.unreadable": ("không đọc được tệp: {why}", "cannot read the file: {why}"),
    "sheet.blank-merged": ("{field}: ô trống nằm trong vùng gộp ô {cells}; Excel chỉ giữ giá "
                           "trị của ô đầu tiên trong vùng gộp: hãy bỏ gộp ô và ghi ngày ở "
                           "từng dòng", "{detail}"),
    "file.not-read": ("không đọc được ({problem}), bỏ qua tệp này; các tệp khác vẫn được đọc. "
                      "Đọc riêng tệp này để xem lỗi, hoặc mở bằng Excel và lưu lại",
                      "not read ({problem}), the other files are; give this file alone to see "
                      "why, or open it in Excel and save it again"),
    "file.no-header": ("không có dòng tiêu đề nêu mã, đơn vị báo cáo, nơi nhận, ngày nhận; "
                       "không đọc", "no header naming id, reporter, recipient, submitted_on; "
                       "not read"),
    "sheet.title-rows": ("{span}: tiêu đề của sổ, không phải bản ghi",
                         "{span}: the register's title, not records"),
    "sheet.numbering-row": ("dòng {row}: đánh số cột, không phải bản ghi",
                            "row {row}: column numbers, not a record"),
    "sheet.group-header": ("dòng {row}: tiêu đề nhóm cột, đọc cùng dòng tiêu đề {header}",
                           "row {row}: column group labels, read with the header on row "
                           "{header}"),
    "sheet.numbered-blank-rows": ("{number} dòng chỉ có số thứ tự (dòng {rows}), không phải "
                                  "bản ghi", "{number} rows hold only a row number (rows "
                                  "{rows}), not records"),
    "sheet.section-rows": ("{number} dòng tiêu đề mục (dòng {rows}), không phải bản ghi",
                           "{number} section heading rows (rows {rows}), not records"),
    "sheet.footer-rows": ("{number} dòng cuối sổ (dòng {rows}): dòng tổng cộng, chữ ký; không "
                          "phải bản ghi",
                          "{number} rows at the foot of the register (rows {rows}): a total, "
                          "signatures; not records"),
    "sheet.no-header": ("trang tính {sheet!r} không có dòng tiêu đề của sổ; không đọc",
                        "sheet {sheet!r} has no register header; not read"),
    "sheet.empty": ("trang tính {sheet!r} trống", "sheet {sheet!r} is empty"),
    "sheet.hidden": ("trang tính {sheet!r} đang bị ẩn trong Excel",
                     "sheet {sheet!r} is hidden in Excel"),
    "match.period-inferred": ("kỳ báo cáo suy ra từ ngày nhận: {periods}",
                              "period inferred from the receipt date: {periods}"),
    "match.expected-recipient": ("nơi nhận đúng: {recipients}", "expected recipient: {recipients}"),
    "match.already-satisfied": ("{instance}: đã được đáp ứng bởi báo cáo {by} nhận sớm hơn",
                                "{instance}: already satisfied by the earlier report {by}"),
    "match.inputs-missing": ("báo cáo tổng hợp nhận ngày {received} khi chưa có báo cáo của: "
                             "{inputs}", "the summary was received on {received} before the "
                             "reports of: {inputs}"),
    "match.stands-for": ("báo cáo kỳ {report} thay cho báo cáo kỳ {period}",
                         "the report for {report} stands for the one for {period}"),
    "match.unknown-directive": ("báo cáo theo văn bản {directive!r}, không có trong bộ quy tắc: "
                                "không tính cho nghĩa vụ nào",
                                "the report answers {directive!r}, which the rules do not hold: "
                                "it counts for no duty"),
    "match.other-subject": ("báo cáo về nội dung khác; kỳ này đơn vị chỉ có nghĩa vụ: {owed}",
                            "the report is on another subject; for this period the unit owes "
                            "only: {owed}"),
    "match.too-early": ("nhận ngày {received}, trước khi có thể viết báo cáo kỳ {period} "
                        "(tính từ ngày {opens}): không tính cho kỳ này; văn thư xem lại",
                        "received {received}, before a report on {period} could be written "
                        "(counts from {opens}): not counted for it; the clerk decides"),
    "match.same-report": ("cùng một báo cáo với: {others}",
                          "the same report also counts for: {others}"),
    "doctype.not-report": ("văn bản loại {type_name}: không phải báo cáo, không nghĩa vụ nào "
                           "yêu cầu", "a document of kind {type_name}: not a report, and no "
                           "duty asks for one"),
    "doctype.unread": ("không đọc được loại văn bản (trích yếu, số ký hiệu): xem như báo cáo",
                       "the kind of document cannot be read (title, number): judged as a "
                       "report"),
    "unit.resolved-short": ("{name!r} hiểu là {unit} (tên ngắn, chỉ một đơn vị trong danh "
                            "mục)", "{name!r} read as {unit} (a short name that fits one "
                            "registered unit)"),
    "unit.resolved-place": ("{name!r} hiểu là {unit} (đơn vị cùng tỉnh với nơi nhận)",
                            "{name!r} read as {unit} (the one in the recipient's province)"),
    "subject.not-checked": ("báo cáo không nêu nội dung (trích yếu, văn bản): chỉ đối chiếu "
                            "đơn vị, kỳ và nơi nhận",
                            "the report names no subject (title, directive): matched on unit, "
                            "period and recipient only"),
    "quantity.count": ("số sản phẩm trong kỳ: {counts}", "items in the window: {counts}"),
    "unit.ceased": ("{unit} chấm dứt hoạt động sau ngày {last_day}{successor}",
                    "{unit} ceased after {last_day}{successor}"),
    "record.after-as-of": ("ngày nhận {received} sau ngày đối chiếu {as_of}",
                           "received {received}, after the as-of date {as_of}"),
    "record.recipient-default": ("nơi nhận lấy theo --recipient (đơn vị giữ sổ): {unit}",
                                 "recipient taken from --recipient (the office keeping the "
                                 "register): {unit}"),
    "record.shape": ("bản ghi phải là một tập các trường (id: ..., reporter: ...): {detail}",
                     "{detail}"),
    "record.bad-date": ("{field}: ngày {value!r} không có thật hoặc không đọc được; viết như "
                        "2022-06-14, 14/6/2022 hoặc 'ngày 14 tháng 6 năm 2022'", "{detail}"),
    "record.sent-on": ("ngày gửi {sent} không khớp với ngày nhận {received_on} (gửi sau ngày nhận, "
                       "hoặc trước hơn một năm): một trong hai ngày bị ghi sai", "{detail}"),
    "record.bad-period": ("{field}: không đọc được kỳ báo cáo {value!r}; viết như 2022-H1, "
                          "'quý III/2022', '6 tháng đầu năm 2022'", "{detail}"),
    "record.title-period": ("trích yếu: {detail}", "{detail}"),
    "record.period-far": ("kỳ báo cáo {value} cách ngày nhận {received} quá xa (gõ nhầm?); "
                          "hãy sửa, ví dụ 2022-H1", "{detail}"),
    "record.unknown-directive": ("{field}: không xác định được văn bản {value!r} ({detail})",
                                 "{detail}"),
    "record.unknown-obligation": ("{field}: không xác định được nghĩa vụ {value!r} ({detail})",
                                  "{detail}"),
    "record.duplicate-id": ("mã {id!r} đã được dùng ở {first}", "{detail}"),
    "unit.unknown": ("{field}: không có đơn vị {name!r} trong danh mục{suggestions}",
                     "{field}: no unit {name!r} in the registry{suggestions}"),
    "unit.ambiguous": ("{field}: tên {name!r} khớp {count} đơn vị: {candidates}; hãy ghi tên "
                       "đầy đủ kèm địa danh (hoặc mã đơn vị)",
                       "{field}: {name!r} matches {count} units: {candidates}; write the full "
                       "name with its place (or the unit's id)"),
    "unit.group": ("{field}: {name!r} là một nhóm đơn vị; báo cáo do một đơn vị gửi: "
                   "hãy ghi tên đơn vị", "{detail}"),
    "schema.required": ("bản ghi thiếu {field}", "{detail}"),
    "csv.extra-cells": ("dòng có {cells} ô nhưng tiêu đề có {columns} cột (dấu phẩy hoặc "
                        "chấm phẩy trong một giá trị không có ngoặc kép?)", "{detail}"),
}


# A record's field as a clerk knows the column (record messages and fixes name it so, never
# by the internal field name).
FIELD_LABELS: Mapping[str, str] = {
    "id": "Mã (Số đến)", "reporter": "Đơn vị báo cáo (Tác giả)", "recipient": "Nơi nhận",
    "submitted_on": "Ngày nhận (Ngày đến)", "sent_on": "Ngày gửi", "period": "Kỳ báo cáo",
    "directive": "Văn bản", "obligation": "Nghĩa vụ", "title": "Trích yếu",
    "document_number": "Số, ký hiệu", "loai": "Tên loại", "item_date": "Ngày đăng",
}


# Errors (exit 2) in Vietnamese, from a problem's code and parameters; a problem without the
# parameters a template needs keeps the engine's English message. ``option.unit`` reads like
# the unit.* reasons above.
ERRORS: Mapping[str, tuple[str, str]] = {
    # Issue 15: every code a user can meet, in Vietnamese. ``code.variant`` keys are the
    # sentences of raise sites that say which one they are (a ``variant`` parameter); a code's
    # own entry needs no parameter its raise sites may lack, so it always applies.
    # files and formats
    "file.missing": ("không có tệp hoặc thư mục này", "{detail}"),
    "file.missing.rules-dir": ("không có thư mục quy tắc {path}", "{detail}"),
    "file.missing.not-dir": ("{path} không phải thư mục: bộ quy tắc là một thư mục gồm "
                             "directives/, units.yaml, calendar/", "{detail}"),
    "file.missing.rules-file": ("thư mục quy tắc {root} thiếu {rel}", "{detail}"),
    "file.missing.directives": ("thư mục quy tắc {root} thiếu thư mục directives/", "{detail}"),
    "file.missing.tests": ("không có thư mục tests/ chứa các trường hợp kiểm thử quy tắc "
                           "(rules/tests/*.yaml)", "{detail}"),
    "file.missing.cases": ("thư mục này không có tệp trường hợp kiểm thử *.yaml nào",
                           "{detail}"),
    "file.encoding": ("tệp không phải văn bản mã UTF-8, UTF-16 hay Windows-1258 (tiếng Việt); "
                      "hãy lưu lại tệp với mã UTF-8 (trong Excel: 'CSV UTF-8')", "{detail}"),
    "file.encoding.byte": ("tệp không phải mã UTF-8 (byte {byte} không giải mã được) và cũng "
                           "không đọc được theo Windows-1258; hãy lưu lại tệp với mã UTF-8 "
                           "(trong Excel: 'CSV UTF-8'); nếu văn bản gõ bằng phông TCVN3 (ABC) "
                           "hoặc VNI, hãy chuyển sang Unicode trước (ví dụ bằng công cụ chuyển "
                           "mã của Unikey)", "{detail}"),
    "file.encoding.binary": ("đây là tệp nhị phân, không phải tệp văn bản; hãy lưu lại tệp "
                             "với mã UTF-8 (trong Excel: 'CSV UTF-8')", "{detail}"),
    "file.format": ("baocao không đọc được loại tệp này; hãy lưu thành .xlsx hoặc CSV UTF-8",
                    "{detail}"),
    "file.format.suffix": ("baocao không đọc loại tệp {suffix!r}; baocao đọc .yaml, .yml, "
                           ".json, .csv, .tsv, .txt, .xlsx", "{detail}"),
    "file.format.not-xlsx": ("không phải bảng tính Excel .xlsx; hãy mở bằng Excel và lưu "
                             "thành 'Excel Workbook (.xlsx)'", "{detail}"),
    "file.format.old-excel": ("đây là bảng tính Excel 97-2003 (.xls) hoặc bảng tính có mật "
                              "khẩu; hãy mở bằng Excel và lưu một bản không mật khẩu thành "
                              "'Excel Workbook (.xlsx)'", "{detail}"),
    "file.format.damaged": ("không đọc được bảng tính (tệp hỏng?); hãy mở bằng Excel và lưu "
                            "lại thành 'Excel Workbook (.xlsx)'", "{detail}"),
    "file.stdin": ("đầu vào chuẩn ('-') không có gì để đọc", "{detail}"),
    "file.too-large": ("bảng tính vượt giới hạn baocao đọc ({what}: {size}, tối đa {limit}); "
                       "sổ của một cơ quan nhỏ hơn nhiều: hãy tách tệp, hoặc mở bằng Excel và "
                       "lưu thành 'CSV UTF-8'", "{detail}"),
    "file.too-large.unzipped": ("bảng tính giải nén ra {size}, quá {limit} baocao đọc; hãy tách "
                                "tệp, hoặc lưu thành 'CSV UTF-8'", "{detail}"),
    "file.too-large.file": ("tệp nặng {size}, quá {limit} baocao đọc; hãy tách tệp, hoặc lưu "
                            "thành 'CSV UTF-8'", "{detail}"),
    "file.too-large.ratio": ("phần {part} của bảng tính nén {size}:1, quá {limit}:1 baocao đọc "
                             "(tệp nén bất thường, 'zip bomb'?)", "{detail}"),
    "file.too-large.parts": ("bảng tính gồm {size} phần, quá {limit} baocao đọc", "{detail}"),
    "file.too-large.shared-strings": ("bảng tính có hơn {limit} chuỗi văn bản khác nhau ({size}); "
                                      "hãy tách tệp, hoặc lưu thành 'CSV UTF-8'", "{detail}"),
    "file.too-large.cells": ("trang {sheet} đưa bảng tính quá {limit} ô baocao đọc; hãy tách "
                             "tệp, hoặc lưu thành 'CSV UTF-8'", "{detail}"),
    "file.too-large.rows": ("trang {sheet} có dòng quá dòng cuối của Excel ({limit})",
                            "{detail}"),
    "file.too-large.columns": ("trang {sheet} có dòng {size} ô, quá {limit} cột của Excel",
                               "{detail}"),
    "file.stdin.closed": ("đầu vào chuẩn ('-') đã đóng, không có gì để đọc", "{detail}"),
    "file.stdin.terminal": ("đầu vào chuẩn ('-') là màn hình, không phải tệp: hãy chuyển một "
                            "tệp vào, ví dụ 'baocao validate - < so-den.csv'", "{detail}"),
    "yaml.syntax": ("tệp YAML sai cú pháp ở vị trí này (kiểm tra thụt lề, dấu hai chấm, dấu "
                    "ngoặc kép)", "{detail}"),
    "yaml.syntax.documents": ("tệp chỉ được có một tài liệu YAML, nhưng có thêm một tài liệu "
                              "khác ('---')", "{detail}"),
    "yaml.syntax.depth": ("giá trị lồng nhau quá {depth} cấp", "{detail}"),
    "yaml.syntax.no-anchor": ("bí danh *{name} không có neo &{name} đứng trước", "{detail}"),
    "yaml.syntax.surrogate": ("giá trị chứa {escape}, một nửa của cặp thay thế UTF-16: không "
                              "phải một ký tự", "{detail}"),
    "yaml.syntax.key": ("khóa của ánh xạ phải là một giá trị đơn giản", "{detail}"),
    "yaml.syntax.merge": ("'<<' phải gộp một ánh xạ hoặc một danh sách ánh xạ", "{detail}"),
    "yaml.duplicate-key": ("khóa {key!r} xuất hiện hai lần (lần đầu ở dòng {first}); mỗi khóa "
                           "chỉ được ghi một lần trong một ánh xạ", "{detail}"),
    "yaml.alias": ("không được dùng neo (&) và bí danh (*) ở đây; hãy viết đầy đủ giá trị",
                   "{detail}"),
    "yaml.alias.merge": ("không được dùng khóa gộp ('<<') ở đây; hãy viết đầy đủ giá trị",
                         "{detail}"),
    "yaml.alias-bomb": ("bí danh khai triển quá giới hạn an toàn (tự tham chiếu hoặc quá "
                        "nhiều nút); không nạp tệp", "{detail}"),
    "yaml.tag": ("thẻ YAML {tag} không được chấp nhận; hãy viết giá trị thường", "{detail}"),
    "json.unicode": ("chuỗi chứa {escape}, một nửa của cặp thay thế UTF-16: không phải một ký "
                     "tự; hãy xóa đi hoặc viết cả ký tự", "{detail}"),
    "json.syntax": ("tệp JSON sai cú pháp ở vị trí này (kiểm tra dấu phẩy, dấu ngoặc, dấu "
                    "ngoặc kép)", "{detail}"),
    "json.syntax.depth": ("giá trị lồng nhau quá sâu; mỗi bản ghi là một tập trường phẳng",
                          "{detail}"),
    "json.duplicate-key": ("một khóa xuất hiện hai lần trong cùng một đối tượng JSON; mỗi khóa "
                           "chỉ được ghi một lần", "{detail}"),
    "csv.syntax": ("tệp CSV sai cú pháp; dòng bắt đầu ở dòng {line}", "{detail}"),
    "csv.syntax.quote": ("một giá trị mở ngoặc kép mà không đóng (thiếu một dấu '\"'); dòng "
                         "bắt đầu ở dòng {line}", "{detail}"),
    "csv.missing-column": ("thiếu cột bắt buộc: {missing}; dòng tiêu đề có: {header}; ví dụ "
                           "dòng tiêu đề đúng: {example}", "{detail}"),
    "csv.missing-column.recipient": (
        "thiếu cột bắt buộc: {missing}; dòng tiêu đề có: {header}. Sổ đăng ký văn bản đến "
        "không có cột nơi nhận: nơi nhận là cơ quan giữ sổ; hãy ghi cơ quan đó bằng "
        "--recipient ĐƠN_VỊ (ví dụ --recipient 'Sở TT&TT Thái Nguyên')", "{detail}"),
    "csv.duplicate-column": ("hai cột {first!r} và {second!r} cùng là {field}; hãy giữ một "
                             "cột", "{detail}"),
    # the keyword's own sentence (jsonschema's words) is kept as the detail: it says what
    # was expected, which the rule author needs
    "schema.*": ("giá trị ở đây không đúng dạng tệp yêu cầu (lược đồ JSON, quy tắc {code}): "
                 "{detail}", "{detail}"),
    "schema.additionalProperties": ("không có trường {field} trong loại tệp này; các trường "
                                    "được dùng: {known}", "{detail}"),
    "submissions.shape": ("tệp báo cáo đã nhận phải là một danh sách bản ghi ('- id: ...') "
                          "hoặc một ánh xạ '{wrapper}: [...]'; một bản ghi duy nhất cũng viết "
                          "thành danh sách một phần tử: '- id: ...'", "{detail}"),
    "submissions.shape.extra": ("khóa {key_name!r} không được đứng cạnh '{wrapper}'; tệp phải là "
                                "một danh sách bản ghi hoặc một ánh xạ '{wrapper}: [...]'",
                                "{detail}"),
    # the unit registry, policies, doctypes, the calendar
    "units.duplicate-id": ("mã {id!r} đã được dùng ở mục tại dòng {first}; mã phải khác nhau "
                           "trong cả đơn vị lẫn nhóm", "{detail}"),
    "units.unknown-ref": ("{ref!r} không phải mã của một đơn vị hoặc nhóm đã đăng ký",
                          "{detail}"),
    "units.group-cycle": ("các nhóm chứa lẫn nhau: {path}", "{detail}"),
    "units.successor-cycle": ("đơn vị kế thừa quay vòng về chỗ cũ: {path}", "{detail}"),
    "units.bad-date": ("ngày hiệu lực của đơn vị không có thật, vượt ngoài lịch baocao biết, "
                       "hoặc valid_to trước valid_from; viết YYYY-MM-DD, ví dụ 2025-02-28",
                       "{detail}"),
    "policies.duplicate-id": ("chính sách {id!r} đã được định nghĩa ở dòng {first}",
                              "{detail}"),
    "doctypes.duplicate": ("một loại văn bản, chữ viết tắt hoặc cụm từ mở đầu được liệt kê "
                           "hai lần trong doctypes.yaml; mỗi mục chỉ ghi một lần", "{detail}"),
    "calendar.bad-date": ("{value!r} không phải ngày có thật; viết YYYY-MM-DD, ví dụ "
                          "2024-05-04", "{detail}"),
    "calendar.out-of-range": ("cần ngày làm việc của năm {year}, ngoài lịch nghỉ lễ baocao "
                              "biết (1901–2100): không tính được hạn; hãy chọn --as-of xa mốc "
                              "đó hơn", "{detail}"),
    "calendar.conflict": ("ngày {day} đã được ghi ở {where}; mỗi ngày hoặc là ngày nghỉ hoặc "
                          "là ngày làm việc, và chỉ ghi một lần", "{detail}"),
    "calendar.unrecorded-year": ("ngày này thuộc năm {year}, năm mà recorded_years không liệt "
                                 "kê; hãy thêm năm đó cùng văn bản công bố lịch hoán đổi ngày "
                                 "nghỉ", "{detail}"),
    "calendar.bad-years": ("khoảng năm kết thúc trước khi bắt đầu, hoặc ra ngoài 1901–2100; "
                           "viết NĂM_ĐẦU-NĂM_CUỐI, ví dụ 2013-2025", "{detail}"),
    "calendar.overlap": ("một năm, hoặc một ngày lễ trong cùng một năm, được ghi hai lần; mỗi "
                         "năm chỉ do một mục ghi nhận", "{detail}"),
    "calendar.unknown-holiday": ("gói holidays không có ngày lễ tên {name!r} trong năm {year}",
                                 "{detail}"),
    # directive files
    "rules.duplicate-directive": ("mã văn bản {id!r} đã được định nghĩa trong {first}",
                                  "{detail}"),
    "rules.unknown-doctype": ("loại sản phẩm {kind!r} không có trong doctypes.yaml", "{detail}"),
    "rules.duplicate-obligation": ("mã nghĩa vụ {id!r} đã được dùng ở dòng {first} của văn bản "
                                   "này", "{detail}"),
    "rules.unknown-unit": ("{ident!r} không có trong units.yaml", "{detail}"),
    "rules.unknown-obligation": ("after: {ref!r} không phải là nghĩa vụ nào", "{detail}"),
    "rules.cascade-cycle": ("after: {ref!r} lại là báo cáo tổng hợp của {id!r}: một báo cáo "
                            "tổng hợp không thể là đầu vào của chính nó", "{detail}"),
    "rules.unknown-kind": ("không đơn vị nào trong units.yaml thuộc loại {kind!r}", "{detail}"),
    "rules.unknown-area": ("địa bàn {area!r} không có trong units.yaml (areas)", "{detail}"),
    "rules.empty-selection": ("không có đơn vị loại {kind!r} nào thuộc địa bàn {area!r}; hãy "
                              "kiểm tra trường area của các đơn vị", "{detail}"),
    "rules.role-unresolved": ("nơi nhận “{role}”: không tìm được cho {count} đơn vị báo cáo: "
                              "{units} (hãy ghi địa bàn (area) cho các đơn vị trong units.yaml, "
                              "hoặc thêm 'otherwise')", "{detail}"),
    "rules.role-ambiguous": ("nơi nhận “{role}”: có nhiều đơn vị cho {unit}", "{detail}"),
    "rules.unread-file": ("tệp quy tắc không lệnh nào đọc (văn bản phải nằm trong thư mục "
                          "directives/, không nằm trong thư mục con); hãy chuyển nó vào "
                          "directives/ hoặc đổi tên cho khỏi nhầm", "{detail}"),
    "rules.unknown-unit.unknown": ("{role} {ident!r} không có trong units.yaml; hãy ghi mã của "
                                   "một đơn vị đã đăng ký{suggestions}", "{detail}"),
    "rules.unknown-unit.group": ("{role} {ident!r} là một nhóm; ở đây cần mã của một đơn vị",
                                 "{detail}"),
    "rules.unknown-policy": ("không có chính sách hạn {policy!r}; các chính sách: {known} "
                             "(rules/calendar/policies.yaml)", "{detail}"),
    "rules.deadline-outside-period.said": ("{vi}", "{detail}"),
    "rules.deadline-outside-period": ("thời hạn nêu một ngày không có thật hoặc nằm ngoài kỳ "
                                      "của nó", "{detail}"),
    "rules.deadline-conflict": ("thời hạn trộn trường của hạn nêu trong văn bản (stated) với "
                                "hạn giả định (assumed), hoặc vừa có ngày vừa có offset; hãy "
                                "bỏ trường thừa", "{detail}"),
    "rules.in-force": ("thời gian hiệu lực kết thúc trước khi bắt đầu, hoặc nằm ngoài hiệu "
                       "lực của văn bản", "{detail}"),
    "rules.bad-date": ("ngày không có thật hoặc ngoài lịch baocao biết; viết YYYY-MM-DD, ví "
                       "dụ 2022-01-01", "{detail}"),
    "rules.bad-date.unreal": ("{value!r} không phải ngày có thật; viết YYYY-MM-DD, ví dụ "
                              "2022-01-01", "{detail}"),
    "rules.bad-date.issued": ("{value!r} không phải ngày có thật; viết YYYY-MM-DD, hoặc YYYY-MM "
                              "khi văn bản để trống ngày, ví dụ 2021-12-13 hoặc 2022-02",
                              "{detail}"),
    "rules.bad-window": ("không đọc được thời gian thực hiện, hoặc thời gian kết thúc trước "
                         "khi bắt đầu", "{detail}"),
    "rules.schedule": ("kỳ {period!r} được ghi hai lần trong lịch báo cáo; mỗi báo cáo chỉ ghi "
                       "một lần", "{detail}"),
    "rules.kind-mismatch": ("trường hoặc tần suất không hợp với loại nghĩa vụ này (báo cáo, "
                            "nhiệm vụ, hoạt động)", "{detail}"),
    # decisions.yaml and the engine
    "decisions.bad-condition": ("điều kiện của quy tắc quyết định xét một dữ kiện không có, "
                                "hoặc sai kiểu giá trị", "{detail}"),
    "decisions.duplicate-name": ("tên quy tắc {name!r} được dùng hai lần", "{detail}"),
    "decisions.gap": ("không quy tắc quyết định nào quyết định trường hợp {case}; các điều "
                      "kiện phải quyết định mỗi trường hợp có thể xảy ra đúng một lần",
                      "{detail}"),
    "decisions.gap.nearest": ("không quy tắc quyết định nào quyết định trường hợp {case} (gần "
                              "nhất: {rules}); các điều kiện phải quyết định mỗi trường hợp có "
                              "thể xảy ra đúng một lần", "{detail}"),
    "decisions.overlap": ("nhiều quy tắc quyết định ({rules}) cùng quyết định trường hợp "
                          "{case}; các điều kiện phải quyết định mỗi trường hợp có thể xảy ra "
                          "đúng một lần", "{detail}"),
    "engine.accounting": ("bảng quyết định do bộ máy quy tắc lập không khớp với các tổ hợp đã "
                          "giao, hai lần", "{detail}"),
    "output.write": ("không ghi được kết quả (ổ đĩa đầy, thiết bị hỏng)", "{detail}"),
    # command-line options
    "usage": ("lệnh gọi không đúng; xem hướng dẫn: baocao LỆNH --help", "{detail}"),
    "usage.paths-check": ("hãy chỉ ra ít nhất một TỆP_HOẶC_THƯ_MỤC để kiểm tra ('-' đọc từ "
                          "đầu vào chuẩn), hoặc --db SỔ", "{detail}"),
    "usage.paths-ingest": ("hãy chỉ ra ít nhất một TỆP_HOẶC_THƯ_MỤC để nhận vào sổ",
                           "{detail}"),
    "usage.export-format": ("export ghi ra tệp: hãy chọn --format csv, json hoặc xlsx",
                            "{detail}"),
    "usage.xlsx-stdout": ("xlsx là tệp nhị phân: hãy thêm --output TỆP.xlsx, hoặc chuyển đầu "
                          "ra chuẩn vào một tệp", "{detail}"),
    "usage.explain": ("hãy ghi --submission MÃ, hoặc đủ cả --directive, --obligation, --unit "
                      "và --period (còn thiếu: {missing})", "{detail}"),
    "usage.test-directive": ("--directive chọn các nghĩa vụ mà --coverage liệt kê: hãy thêm "
                             "--coverage", "{detail}"),
    "option.unit": ("--unit: không xác định được đơn vị {name!r} (không có, hoặc ứng với "
                    "nhiều đơn vị){suggestions}", "{detail}"),
    "option.recipient": ("--recipient: không xác định được đơn vị {name!r} (không có, ứng với "
                         "nhiều đơn vị, hoặc là một nhóm){suggestions}", "{detail}"),
    "option.obligation": ("văn bản {directive} không có nghĩa vụ {obligation!r}; các nghĩa "
                          "vụ: {known}", "{detail}"),
    "option.instance": ("không có báo cáo {obligation} nào của {unit!r} phải nộp cho kỳ "
                        "{period} tính đến ngày {as_of} (các kỳ phải nộp: {periods})",
                        "{detail}"),
    "option.submission": ("không có bản ghi mã {id!r} trong các tệp đã chỉ ra (các mã: "
                          "{known})", "{detail}"),
    "request.invalid": ("một yêu cầu trong tệp --requests không dùng được: kiểm tra văn bản, "
                        "nghĩa vụ (phải là nghĩa vụ đột xuất), đơn vị và ngày", "{detail}"),
    # baocao rules lint
    "lint.unread-file": ("tệp không được đọc (baocao chỉ đọc các tệp *.yaml của thư mục quy "
                         "tắc)", "{detail}"),
    "lint.empty-group": ("đơn vị báo cáo {reporters} không ứng với đơn vị nào còn tồn tại trong "
                         "thời gian nghĩa vụ có hiệu lực; sẽ không có báo cáo nào phải nộp",
                         "{detail}"),
    "lint.deadline-before-period-end": ("hạn {due} trước khi thời gian thực hiện {period} kết "
                                        "thúc ({end}); việc chỉ báo cáo được sau khi làm xong",
                                        "{detail}"),
    "lint.deadline-before-cutoff": ("hạn {due} của kỳ {period} trước ngày chốt số liệu {cutoff} "
                                    "(Nghị định 09/2019/NĐ-CP: số liệu từ ngày 15 tháng trước "
                                    "kỳ đến ngày 14 tháng cuối kỳ)", "{detail}"),
    "lint.no-working-day": ("không có ngày làm việc nào giữa ngày chốt số liệu {cutoff} và hạn "
                            "nộp {due} ({period}): báo cáo đến hạn đúng ngày chốt số liệu "
                            "(Nghị định 09/2019/NĐ-CP)", "{detail}"),
    "lint.overlap": ("{other} và nghĩa vụ này cùng yêu cầu một báo cáo từ cùng đơn vị, gửi "
                     "cùng nơi nhận, cho cùng kỳ ({common}): chỉ phải nộp một báo cáo, được "
                     "tính cho cả hai", "{detail}"),
    "lint.schedule-words": ("tần suất {frequency!r} cho ra các kỳ {periods}, nhưng lời văn trích "
                            "dẫn nêu {said}", "{detail}"),
    "lint.citation-unquoted": ("trích dẫn không chép lời văn nào của văn bản; hãy chép câu tạo "
                               "ra nghĩa vụ", "{detail}"),
    "lint.citation-not-in-source": ("lời trích {words!r} không có trong {source}; hãy chép "
                                    "đúng nguyên văn (kể cả lỗi chính tả) và đánh dấu phần "
                                    "lược bằng '...'", "{detail}"),
    "lint.source-missing": ("không có (hoặc không đọc được) lời văn gốc {source!r} cạnh bộ "
                            "quy tắc; chưa đối chiếu được các trích dẫn", "{detail}"),
    "lint.source-missing.url": ("nguồn {source!r} là địa chỉ web: chưa đối chiếu được các trích "
                                "dẫn; hãy lưu lời văn vào thư mục seeds/ cạnh bộ quy tắc, ghi "
                                "tên tệp đó ở source: (giữ địa chỉ web trong notes)", "{detail}"),
    "lint.inferred-recipient": ("lời văn trích dẫn không nêu nơi nhận {recipient!r}; nếu là "
                                "suy luận, hãy đánh dấu (recipient_inferred: true) và ghi cách "
                                "suy luận vào notes", "{detail}"),
    "lint.deadline-words": ("lời văn {words!r} nêu ngày {named}, nhưng hạn được ghi là ngày "
                            "{day}: sửa một trong hai", "{detail}"),
    "lint.reading-words": ("cụm từ {words!r} được đọc thành một cách tính hạn", "{detail}"),
    "lint.reading-words.before": ("cụm từ {words!r} được hiểu là 'trước ngày X': hạn cuối là "
                                  "ngày X−1", "{detail}"),
    "lint.reading-words.by": ("cụm từ {words!r} được hiểu là 'chậm nhất ngày X': tính cả ngày "
                              "X", "{detail}"),
    "lint.reading-words.within": ("cụm từ {words!r} được hiểu là 'trong thời gian thực hiện': "
                                  "hạn là ngày cuối kỳ", "{detail}"),
    # baocao rules test, baocao explain
    "case.bad-date": ("as_of {value!r} không phải ngày có thật; viết YYYY-MM-DD, ví dụ "
                      "2023-03-01", "{detail}"),
    "case.duplicate-name": ("trường hợp {name!r} đã được định nghĩa ở dòng {first}", "{detail}"),
    "case.unknown-directive": ("bộ quy tắc không có văn bản {value!r} (hoặc ứng với nhiều văn "
                               "bản)", "{detail}"),
    "case.unknown-directive.key": ("bộ quy tắc không có văn bản {value!r}{suggestions}",
                                   "{detail}"),
    "case.bad-instance": ("{key_text!r} không phải khóa báo cáo phải nộp: cần dạng văn bản/"
                          "nghĩa vụ/đơn vị/kỳ, ví dụ ct-103-btttt-2021/bao-cao-quy/"
                          "so-tttt-tay-ninh/2022-Q1", "{detail}"),
    "case.bad-instance.no-directive": ("{key_text!r} không nêu văn bản: hãy viết văn bản/nghĩa "
                                       "vụ/đơn vị/kỳ, hoặc ghi directive: cho trường hợp",
                                       "{detail}"),
    "case.unknown-obligation": ("văn bản {directive} không có nghĩa vụ {obligation!r}"
                                "{suggestions}; các nghĩa vụ: {known}", "{detail}"),
    "case.unknown-obligation.activity": ("{obligation!r} của {directive} là một hoạt động: "
                                         "không yêu cầu báo cáo nên không bao giờ có kết quả",
                                         "{detail}"),
    "case.unknown-unit": ("{unit!r} không phải mã đơn vị trong units.yaml{suggestions}",
                          "{detail}"),
    "case.bad-period": ("không đọc được kỳ {period!r}{suggestions}; hãy viết nhãn kỳ như 2022, "
                        "2022-H1, 2022-Q3, 2022-05, 2022-9M hoặc 2022-07-01..2023-03-31",
                        "{detail}"),
    "case.period-not-owed": ("nghĩa vụ {obligation} của {directive} không yêu cầu báo cáo kỳ "
                             "{period!r}{suggestions}", "{detail}"),
    "case.period-not-owed.year": ("nghĩa vụ {obligation} của {directive} không yêu cầu báo cáo "
                                  "kỳ {period!r}{suggestions}; các kỳ của năm {years}: "
                                  "{periods}", "{detail}"),
    "case.period-not-owed.in-force": ("nghĩa vụ {obligation} của {directive} không yêu cầu báo "
                                      "cáo kỳ {period!r}{suggestions}; nghĩa vụ có hiệu lực "
                                      "{in_force}", "{detail}"),
    # the register
    "register.not-a-register": ("tệp --db này không phải sổ của baocao (một tệp SQLite khác, "
                                "hoặc không phải SQLite); hãy chỉ ra tệp --db khác", "{detail}"),
    "register.newer": ("sổ có phiên bản lược đồ {version}, do một baocao mới hơn ghi; bản này "
                       "chỉ biết đến phiên bản {known}: hãy cập nhật baocao", "{detail}"),
    "register.busy": ("sổ bị một baocao khác khóa quá lâu; hãy chạy lại khi việc đó xong",
                      "{detail}"),
    "register.unknown-id": ("không có bản ghi {id!r} trong sổ; 'baocao register list' liệt kê "
                            "các bản ghi", "{detail}"),
    "option.directive": ("không xác định được văn bản {value!r} (không có, hoặc ứng với nhiều "
                         "văn bản); các văn bản: {known}", "{detail}"),
    "option.period": ("không đọc được kỳ {value!r}; viết như 2022, 2022-H1, 2022-Q3, 2022-05, "
                      "'quý III/2022', '6 tháng đầu năm 2022'", "{detail}"),
    "option.since": ("--since {since} sau --as-of {as_of}: không kỳ nào vừa kết thúc từ ngày "
                     "đầu vừa bắt đầu trước ngày sau; hãy chọn --since sớm hơn", "{detail}"),
    "option.since.period": ("--since {since} sau ngày kết thúc của --period {period}: không có "
                            "gì để hiển thị; hãy bỏ một trong hai", "{detail}"),
    "option.since.future": ("--period {label} bắt đầu sau --as-of {as_of}: chưa có gì để hiển "
                            "thị", "{detail}"),
    "option.next-meeting": ("--next-meeting {meeting} trước --as-of {as_of}", "{detail}"),
    # the register's file (issue 15: register faults)
    "register.damaged": ("sổ bị hỏng ({why}); hãy khôi phục từ bản sao tạo bằng 'baocao "
                         "register backup'", "{detail}"),
    "register.read-only": ("không ghi được vào sổ ở đây (tệp chỉ đọc, hoặc nằm trong thư mục "
                           "chỉ đọc: SQLite cần tạo tệp -wal và -shm bên cạnh sổ); sổ vẫn đọc "
                           "được (register list, check --db); muốn ghi, hãy sao sổ bằng "
                           "'baocao register backup' vào một thư mục ghi được", "{detail}"),
    "file.missing.no-register": ("cơ sở dữ liệu này chưa có sổ; hãy tạo sổ bằng 'baocao ingest "
                                 "TỆP --db ĐỊA-CHỈ'", "{detail}"),
    "file.missing.no-database": ("máy chủ không có cơ sở dữ liệu này ({why}); hãy tạo nó trước "
                                 "(createdb), rồi nạp", "{detail}"),
    "register.not-a-register.foreign-database": ("cơ sở dữ liệu này chứa bảng của một chương "
                                                 "trình khác, không phải sổ của baocao; hãy "
                                                 "chỉ một cơ sở dữ liệu khác", "{detail}"),
    "register.unreachable": ("không kết nối được máy chủ của sổ ({why}); PostgreSQL có đang "
                             "chạy ở đó không, địa chỉ --db có đúng không?", "{detail}"),
    "register.denied": ("máy chủ từ chối tên người dùng hoặc mật khẩu ({why}); hãy kiểm tra "
                        "chúng trong địa chỉ --db", "{detail}"),
    "register.connection-lost": ("mất kết nối với máy chủ của sổ ({why}); lần nạp này chưa "
                                 "ghi gì vào sổ: hãy chạy lại", "{detail}"),
    "register.copy-not-empty": ("sổ mới (--to) đã có: bản chép phải vào một sổ mới, trống "
                                "(một tệp chưa có, hoặc một cơ sở dữ liệu trống)", "{detail}"),
    "register.read-only.server": ("máy chủ không cho người dùng này ghi vào sổ ({why})",
                                  "{detail}"),
    "register.read-only.pending-wal": ("không đọc được sổ ở đây: tệp -wal của sổ còn thay đổi "
                                       "chưa ghi vào sổ, mà thư mục chỉ đọc; hãy chép cả tệp "
                                       ".db lẫn tệp -wal vào một thư mục ghi được", "{detail}"),
    "register.not-a-register.foreign": ("tệp SQLite này là cơ sở dữ liệu của một chương trình "
                                        "khác ({mark}), không phải sổ của baocao; hãy chỉ ra "
                                        "tệp --db khác", "{detail}"),
    "register.backup-exists": ("tệp này đã có; hãy đặt tên khác, hoặc thêm --force để thay "
                               "nó", "{detail}"),
    "register.backup-self": ("đây chính là sổ {db}: hãy đặt tên khác cho bản sao", "{detail}"),
    "register.no-version": ("không có bản nào khác của {id!r} đang chờ quyết định; hãy chỉ ra "
                            "một bản bằng --version N ('baocao register history {id}' liệt kê "
                            "các bản)", "{detail}"),
    "register.unknown-version": ("{id!r} không có bản {version}; các bản là 1 đến {count} "
                                 "('baocao register history {id}')", "{detail}"),
    "register.already-current": ("bản {version} đã là bản của sổ cho {id!r}", "{detail}"),
    "register.withdrawn": ("{id!r} đã được rút rồi ('baocao register history {id}'); 'baocao "
                           "register replace {id} --version N' tính lại một bản", "{detail}"),
    "option.output": ("--format {fmt} là một tài liệu, không để xem trên màn hình: hãy thêm "
                      "-o brief.{fmt}", "{detail}"),
    "file.unwritable": ("không ghi được tệp kết quả ({why})", "{detail}"),
    "file.same-as-input": ("{option} {output} là tệp đầu vào ({input} {path}): ghi đè sẽ "
                           "mất tệp đó; hãy ghi kết quả ra một tệp khác", "{detail}"),
    "file.same-output": ("{option} và {other} cùng trỏ tới một tệp: hãy đặt cho mỗi kết quả "
                         "một tên riêng", "{detail}"),
}


# Column headers of CSV and XLSX output, by the field's JSON name (nested objects flattened as
# parent_child). A field without a label keeps its JSON name.
COLUMNS: Mapping[str, tuple[str, str]] = {
    # expected reports (check, overdue)
    "key": ("Khóa", "Key"),
    "directive": ("Văn bản", "Directive"),
    "directive_id": ("Mã văn bản", "Directive id"),
    "obligation": ("Nghĩa vụ", "Obligation"),
    "summary": ("Nội dung", "Summary"),
    "reporter": ("Mã đơn vị báo cáo", "Reporter id"),
    "reporter_name": ("Đơn vị báo cáo", "Reporter"),
    "recipient": ("Mã nơi nhận", "Recipient id"),
    "recipient_name": ("Nơi nhận", "Recipient"),
    "via": ("Mã đơn vị chuyển qua", "Via id"),
    "via_name": ("Chuyển qua", "Via"),
    "period": ("Kỳ", "Period"),
    "period_kind": ("Loại kỳ", "Period kind"),
    "period_start": ("Kỳ từ ngày", "Period start"),
    "period_end": ("Kỳ đến ngày", "Period end"),
    "cutoff_from": ("Số liệu từ ngày", "Data from"),
    "cutoff_to": ("Số liệu đến ngày", "Data to"),
    "data_window": ("Cách tính số liệu", "Data window basis"),
    "after": ("Tổng hợp từ", "Sums up"),
    "anchor": ("Tính từ ngày", "Counted from"),
    "covers": ("Kỳ của sản phẩm", "Period the product covers"),
    "data_span": ("Kỳ số liệu theo văn bản", "Data window as stated"),
    "deadline_from_day": ("Nhận từ ngày", "Window opens on day"),
    "deadline_named_days": ("Ngày lời văn nêu", "Days the words name"),
    "deadline_offset_days": ("Số ngày sau kỳ", "Days after the period"),
    "deadline_offset_from": ("Tính số ngày từ", "Days counted from"),
    "deadline_offset_working": ("Ngày làm việc", "Working days"),
    "deadline_year": ("Tháng của năm", "Month of the year"),
    "deliverable_types": ("Loại văn bản đáp ứng", "Accepted document kinds"),
    "deliverable_words": ("Tên sản phẩm", "Product words"),
    "directive_notes": ("Ghi chú văn bản", "Directive notes"),
    "every_years": ("Chu kỳ (năm)", "Every (years)"),
    "groups": ("Nhóm đơn vị", "Groups"),
    "periods": ("Các kỳ trong năm", "Reports of a year"),
    "predates_nd09": ("Ban hành trước NĐ 09/2019", "Issued before Decree 09/2019"),
    "received_from_days_before_end": ("Nhận từ (số ngày trước cuối kỳ)",
                                      "Counts from (days before the period's end)"),
    "received_from_early_if_named": ("Nhận sớm nếu nêu kỳ", "Early if it names its period"),
    "received_from_months_before_end": ("Nhận từ (số tháng cuối kỳ)",
                                        "Counts from (the period's last months)"),
    "received_from_period_start": ("Nhận từ đầu kỳ", "Counts from the period's start"),
    "routes": ("Nơi nhận của từng đơn vị", "Each reporter's recipient"),
    "subject_directives": ("Văn bản liên quan", "Related texts"),
    "subject_phrases": ("Cụm từ nhận diện nội dung", "Subject phrases"),
    "via_also": ("Mã đơn vị chuyển qua khác", "Other via ids"),
    "via_also_names": ("Đơn vị chuyển qua khác", "Other via units"),
    "due": ("Hạn", "Due"),
    "due_nominal": ("Hạn theo văn bản", "Nominal due"),
    "due_last_day": ("Ngày cuối trước khi lùi", "Last day before roll-forward"),
    "due_reading": ("Cách đọc hạn", "Deadline reading"),
    "due_rolled": ("Hạn lùi do nghỉ", "Rolled forward"),
    "due_skipped": ("Ngày nghỉ bỏ qua", "Days skipped"),
    "due_basis": ("Căn cứ hạn", "Due basis"),
    "due_policy": ("Chính sách hạn", "Deadline policy"),
    "due_policy_text": ("Mô tả chính sách hạn", "Deadline policy text"),
    "deadline_words": ("Thời hạn trong văn bản", "Deadline words"),
    "verdict": ("Kết quả", "Verdict"),
    "rule": ("Quy tắc", "Rule"),
    "days_late": ("Số ngày trễ", "Days late"),
    "days_overdue": ("Số ngày quá hạn", "Days overdue"),
    "received": ("Ngày nhận", "Received"),
    "submission": ("Báo cáo đã nhận", "Submission"),
    "citation_section": ("Căn cứ (mục)", "Clause"),
    "citation_text": ("Trích dẫn", "Clause text"),
    "reasons": ("Lý do", "Reasons"),
    # obligations (rules show)
    "directive_number": ("Số văn bản", "Directive number"),
    "directive_title": ("Tên văn bản", "Directive title"),
    "directive_kind": ("Loại văn bản", "Directive kind"),
    "directive_issuer": ("Mã cơ quan ban hành", "Issuer id"),
    "directive_issuer_name": ("Cơ quan ban hành", "Issuer"),
    "directive_issued_on": ("Ngày ban hành", "Issued on"),
    "id": ("Mã", "ID"),
    "kind": ("Loại", "Kind"),
    "reporters": ("Mã đơn vị báo cáo", "Reporter ids"),
    "reporter_names": ("Đơn vị báo cáo", "Reporters"),
    "reporters_expanded": ("Các đơn vị báo cáo", "Reporting units"),
    "frequency": ("Tần suất", "Frequency"),
    "deadline": ("Thời hạn", "Deadline"),
    "deadline_basis": ("Căn cứ hạn", "Deadline basis"),
    "deadline_day": ("Ngày hạn", "Deadline day"),
    "deadline_month": ("Tháng hạn", "Deadline month"),
    "deadline_reading": ("Cách đọc hạn", "Deadline reading"),
    "deadline_policy": ("Chính sách hạn", "Deadline policy"),
    "deadline_description": ("Mô tả chính sách hạn", "Deadline policy text"),
    "counts": ("Ngày được tính", "Date counted"),
    "in_force_from": ("Hiệu lực từ", "In force from"),
    "in_force_to": ("Hiệu lực đến", "In force to"),
    "windows": ("Thời gian thực hiện", "Windows"),
    "quantities": ("Số lượng", "Quantities"),
    "evaluated": ("Được đánh giá", "Evaluated"),
    "schedule": ("Lịch báo cáo", "Schedule"),
    "on_request": ("Khi có yêu cầu", "On request"),
    "recipient_inferred": ("Nơi nhận suy luận", "Recipient inferred"),
    "reporter_inferred": ("Thành viên suy luận", "Membership inferred"),
    "members_inferred": ("Đơn vị là thành viên suy luận", "Members inferred"),
    "membership": ("Căn cứ suy luận thành viên", "How membership was inferred"),
    "report": ("Mã báo cáo (một báo cáo nhiều văn bản)", "Report key (one report, several plans)"),
    "same_report": ("Cùng báo cáo với", "Same report as"),
    "due_provisional": ("Hạn tạm tính", "Provisional due date"),
    "counts_from": ("Tính từ ngày nhận", "Counts from receipt"),
    "document_type": ("Loại văn bản", "Document kind"),
    "notes": ("Ghi chú", "Notes"),
    "source": ("Nguồn", "Source"),
    # records received (validate, register export)
    "file": ("Tệp", "File"),
    "line": ("Dòng", "Row"),
    "stt": ("STT", "No."),
    "reporter_written": ("Đơn vị báo cáo (như đã ghi)", "Reporter as written"),
    "recipient_written": ("Nơi nhận (như đã ghi)", "Recipient as written"),
    "period_inferred": ("Kỳ suy ra", "Period inferred"),
    "submitted_on": ("Ngày nhận", "Received"),
    "sent_on": ("Ngày gửi", "Sent"),
    "document_number": ("Số, ký hiệu", "Document number"),
    "title": ("Trích yếu", "Title"),
    "disposition": ("Xử lý", "Disposition"),
    "instances": ("Báo cáo phải nộp được đáp ứng", "Expected reports fulfilled"),
    "result": ("Kết quả", "Result"),
    "matched_to": ("Khớp với", "Matched to"),
    "fixes": ("Cần sửa", "To fix"),
    "attention": ("Cần xử lý", "Needs attention"),
    "status": ("Tình trạng", "Status"),
    "ingest": ("Lô", "Batch"),
    "at": ("Nhận vào sổ lúc", "Ingested at"),
    "conflict": ("Xung đột", "Conflict"),
}


def column(key: str, lang: Lang | str) -> str:
    pair = COLUMNS.get(key)
    return _pick(pair, lang) if pair else key


def _pick(pair: tuple[str, str], lang: Lang | str) -> str:
    return pair[1] if Lang(lang) is Lang.EN else pair[0]


# Placeholders that hold a count of things (reports, units, records …): written with their
# thousands grouped. Not years, rows, lines, days or version numbers, which are written bare.
_COUNTS = frozenset({
    "count", "total", "units", "records", "records_in", "attention", "versions", "directives",
    "added", "unchanged", "conflicts", "valid", "invalid", "unknown_unit", "late", "overdue",
    "upcoming", "errors", "warnings", "notes", "passed", "failed", "rules", "cases",
})


def number(value: int, lang: Lang | str) -> str:
    """A count as the language writes it, its thousands grouped: ``958.270`` in Vietnamese
    (a dot groups, a comma is the decimal mark, as ``percent`` writes it), ``958,270`` in
    English. Below a thousand, the digits alone.

    >>> number(958270, "vi"), number(958270, "en"), number(999, "vi"), number(-1234, "vi")
    ('958.270', '958,270', '999', '-1.234')
    """
    grouped = f"{value:,}"
    return grouped.replace(",", ".") if Lang(lang) is Lang.VI else grouped


def text(key: str, lang: Lang | str, **values: object) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``; a count
    (``_COUNTS``) written with its thousands grouped (``number``)."""
    template = _pick(_TEXT[key], lang)
    if not values:
        return template
    for name, value in values.items():
        if name in _COUNTS and type(value) is int:
            values[name] = number(value, lang)
    return template.format(**values)


def fault(value: Fault, lang: Lang | str) -> str:
    """One failed attempt of the rule engine (engine.errors.Fault), in words."""
    return text("fault.accounting", lang, detail=value.detail)


def verdict(value: Verdict, lang: Lang | str) -> str:
    return _pick(VERDICTS[value], lang)


def disposition(value: Disposition, lang: Lang | str) -> str:
    return _pick(DISPOSITIONS[value], lang)


def frequency(value: str, lang: Lang | str) -> str:
    """Unknown values pass through unchanged: a newer rule file must still be listable."""
    pair = FREQUENCIES.get(value)
    return _pick(pair, lang) if pair else value


def reading(value: str, lang: Lang | str) -> str:
    pair = READINGS.get(value)
    return _pick(pair, lang) if pair else value


# baocao explain: one template per step kind (engine/views/explain.py). Parameters are
# prepared by cli/render/authoring.py: unit ids become names, ISO dates dd/mm/yyyy.
EXPLAIN: Mapping[str, tuple[str, str]] = {
    "rule": ("Căn cứ: {directive}, mục {section} — {summary}: “{text}”",
             "Clause: {directive}, section {section} — {summary}: “{text}”"),
    "owed": ("Đơn vị báo cáo: {reporter}; nơi nhận: {recipient}{via}",
             "Reporter: {reporter}; recipient: {recipient}{via}"),
    "period": ("Kỳ báo cáo {period}: từ {start} đến {end}",
               "Period {period}: from {start} to {end}"),
    "cutoff": ("Số liệu tính từ {start} đến {end} (Nghị định 09/2019/NĐ-CP, Điều 12)",
               "Data window {start} to {end} (Decree 09/2019/NĐ-CP, Article 12)"),
    "cutoff.period": ("Số liệu tính từ {start} đến {end} (chính kỳ báo cáo)",
                      "Data window {start} to {end} (the period itself)"),
    "cutoff.stated": ("Số liệu tính từ {start} đến {end} (theo văn bản)",
                      "Data window {start} to {end} (as the text states)"),
    "due.stated": ("Ngày văn bản nêu: {nominal} (“{words}”)",
                   "Day the text states: {nominal} (“{words}”)"),
    "due.assumed": ("Văn bản không nêu hạn: giả định {nominal} ({policy_text})",
                    "The text states no date: assumed {nominal} ({policy_text})"),
    "due.reading.before": ("“trước ngày X”: ngày X không tính, hạn cuối là {last_day}",
                           "“before day X”: day X is excluded, the last day is {last_day}"),
    "due.reading.by": ("“chậm nhất ngày X”: tính cả ngày X, hạn cuối là {last_day}",
                       "“by day X”: day X counts, the last day is {last_day}"),
    "due.reading.within": ("Thời gian thực hiện: hạn là ngày cuối cùng {last_day}",
                           "Within the window: due on its last day, {last_day}"),
    "due.skip.weekend": ("{day} là {weekday}, ngày nghỉ hằng tuần: lùi sang ngày làm việc tiếp "
                         "theo (Bộ luật Dân sự 2015, Điều 148 khoản 5)",
                         "{day} is a {weekday}, a weekly day off: moved to the next working "
                         "day (Civil Code 2015, Article 148.5)"),
    "due.skip.holiday": ("{day} ({weekday}) là ngày nghỉ: {holiday}; lùi sang ngày làm việc "
                         "tiếp theo",
                         "{day} ({weekday}) is a day off: {holiday}; moved to the next "
                         "working day"),
    "due.final": ("Hạn nộp: {due}{basis}", "Due date: {due}{basis}"),
    "submission.none": ("Không có báo cáo nào của {reporter} cho kỳ {period} được xét",
                        "No report of {reporter} for {period} was considered"),
    "submission.taken": ("Báo cáo {id} nhận ngày {received}: đúng đơn vị, đúng kỳ, đúng nơi "
                         "nhận, sớm nhất — được tính (ngày tính: {counted})",
                         "Report {id} received {received}: same unit, same period, right "
                         "recipient, earliest — counted (date counted: {counted})"),
    "submission.earlier": ("Báo cáo {id} nhận ngày {received}: không tính, báo cáo {by} nhận "
                           "sớm hơn đã được tính",
                           "Report {id} received {received}: not counted, the earlier report "
                           "{by} was counted"),
    "submission.wrong-recipient": ("Báo cáo {id} nhận ngày {received}: gửi {recipient}, không "
                                   "phải {expected}{via} — không tính",
                                   "Report {id} received {received}: sent to {recipient}, not "
                                   "{expected}{via} — not counted"),
    "submission.other-period": ("Báo cáo {id} nhận ngày {received}: cho kỳ {period}, không "
                                "phải kỳ này",
                                "Report {id} received {received}: for {period}, not this "
                                "period"),
    "submission.other-obligation": ("Báo cáo {id} nhận ngày {received}: ghi nghĩa vụ "
                                    "{obligation}",
                                    "Report {id} received {received}: names obligation "
                                    "{obligation}"),
    "submission.other-directive": ("Báo cáo {id} nhận ngày {received}: ghi văn bản {directive}",
                                   "Report {id} received {received}: names directive "
                                   "{directive}"),
    "submission.not-candidate": ("Báo cáo {id} nhận ngày {received}: không phải báo cáo của "
                                 "nghĩa vụ này",
                                 "Report {id} received {received}: not a report of this "
                                 "obligation"),
    "decision.short": ("Kết luận: {outcome}{days} (quy tắc quyết định: thêm --verbose)",
                       "Conclusion: {outcome}{days} (the decision rule: add --verbose)"),
    "decision": ("Quy tắc đã áp dụng: {rule} ({conditions}) → {outcome}{days}",
                 "Decision rule that fired: {rule} ({conditions}) → {outcome}{days}"),
    "record": ("Bản ghi {id} ({source}): {reporter} gửi {recipient}, nhận ngày {received}, "
               "kỳ {period}{inferred}",
               "Record {id} ({source}): {reporter} to {recipient}, received {received}, "
               "period {period}{inferred}"),
    "reason": ("Lý do: {message}", "Reason: {message}"),
    "candidate.satisfies": ("Đáp ứng {instance}", "Fulfils {instance}"),
    "candidate.earlier": ("{instance}: đã có báo cáo {by} nhận sớm hơn",
                          "{instance}: the earlier report {by} counts"),
    "candidate.wrong-recipient": ("{instance}: nơi nhận phải là {recipient}{via}",
                                  "{instance}: the recipient must be {recipient}{via}"),
    "candidate.none": ("Không có báo cáo nào {reporter} phải nộp cho kỳ {period}",
                       "{reporter} owes no report for {period}"),
    "candidate.other-subject": ("{instance}: báo cáo về nội dung khác — không tính",
                                "{instance}: the report is on another subject — not counted"),
    "candidate.item": ("{instance}: tính là một sản phẩm trong kỳ ({counts})",
                       "{instance}: counted as one item in the window ({counts})"),
    "subject.same.title": ("Báo cáo {id}: trích yếu “{title}” nêu đúng nội dung của nghĩa vụ "
                           "(“{subject}”)",
                           "Report {id}: its title “{title}” names the obligation's subject "
                           "(“{subject}”)"),
    "subject.same.directive": ("Báo cáo {id} ghi văn bản {directive}: đúng nội dung của nghĩa "
                               "vụ",
                               "Report {id} names directive {directive}: the obligation's "
                               "subject"),
    "subject.same.obligation": ("Báo cáo {id} ghi nghĩa vụ {obligation}: đúng nội dung",
                                "Report {id} names obligation {obligation}: the same subject"),
    "subject.other.title": ("Báo cáo {id}: trích yếu “{title}” nói về nội dung khác, không phải "
                            "“{subject}” — không tính, cũng không coi là gửi sai nơi",
                            "Report {id}: its title “{title}” is about another subject, not "
                            "“{subject}” — not counted, nor taken as misrouted"),
    "subject.other.directive": ("Báo cáo {id} trả lời văn bản {directive}, không có trong bộ quy "
                                "tắc — không tính",
                                "Report {id} answers directive {directive}, which the rules do "
                                "not hold — not counted"),
    "subject.unchecked.title": ("Báo cáo {id}: trích yếu “{title}” không nêu nội dung, không "
                                "ghi văn bản — không kiểm tra được nội dung, chỉ đối chiếu đơn "
                                "vị, kỳ và nơi nhận",
                                "Report {id}: its title “{title}” names no subject and no "
                                "directive — the subject could not be checked; matched on unit, "
                                "period and recipient only"),
    "submission.item": ("Báo cáo {id} nhận ngày {received}: tính là một sản phẩm trong kỳ",
                        "Report {id} received {received}: counted as one item in the window"),
    "submission.item-completes": ("Báo cáo {id} nhận ngày {received}: sản phẩm làm đủ số lượng "
                                  "yêu cầu — ngày tính là ngày nhận báo cáo này",
                                  "Report {id} received {received}: the item that made up the "
                                  "number asked for — its receipt is the date counted"),
    "submission.received-later": ("Báo cáo {id} nhận ngày {received}, sau ngày đối chiếu "
                                  "{as_of}: không xét trong lần kiểm tra này",
                                  "Report {id} received {received}, after the as-of date "
                                  "{as_of}: outside this check"),
    "candidate.after-as-of": ("Nhận sau ngày đối chiếu {as_of}: không xét trong lần kiểm tra "
                              "này; chạy lại với --as-of {received} hoặc muộn hơn để xét",
                              "Received after the as-of date {as_of}: outside this check; run "
                              "again with --as-of {received} or later to count it"),
}

WEEKDAYS: tuple[tuple[str, str], ...] = (
    ("thứ Hai", "Monday"), ("thứ Ba", "Tuesday"), ("thứ Tư", "Wednesday"),
    ("thứ Năm", "Thursday"), ("thứ Sáu", "Friday"), ("thứ Bảy", "Saturday"),
    ("Chủ nhật", "Sunday"),
)


# --help, in Vietnamese. The English text is where each command and option is defined (its
# docstring or ``help=``): it is the key here, as a message id is in gettext. ``baocao``
# shows help in Vietnamese unless ``--lang en`` is on the command line or BAOCAO_LANG=en;
# tests/test_i18n.py fails when a command or option has help that is not translated here.
HELP_VI: Mapping[str, str] = {
    # commands
    "Check who has reported, who is late and who has not reported at all, under the "
    "reporting obligations of Vietnamese directives.\n\nExit codes: 0 all compliant, 1 "
    "non-compliance found, 2 bad input or usage, 70 internal error.":
        "Kiểm tra đơn vị nào đã báo cáo, đơn vị nào nộp trễ, đơn vị nào chưa báo cáo, theo "
        "chế độ báo cáo của các văn bản chỉ đạo.\n\nMã thoát: 0 đều đúng quy định, 1 có vi "
        "phạm, 2 dữ liệu hoặc cách dùng sai, 70 lỗi nội bộ.",
    "Who has reported, who is late and who has not reported at all.\n\nFirst the figures per "
    "directive and per unit (expected, received, on time, late,\noverdue, pending, rates); "
    "then the problems: overdue reports, then late ones, worst\nfirst, each with its clause; "
    "then the records received that cannot be counted. With\n--all, every expected report "
    "and every record; with --verdict, the reports with those\nverdicts. Due dates marked "
    "*1, *2 are assumed (the text states none; the footnote names\nthe policy). Exits 1 when "
    "anything is late, overdue or cannot be counted.":
        "Đơn vị nào đã báo cáo, đơn vị nào nộp trễ, đơn vị nào chưa báo cáo.\n\nTrước hết là "
        "số liệu theo văn bản và theo đơn vị (phải nộp, đã nhận, đúng hạn, trễ hạn, quá hạn, "
        "chưa đến hạn, tỷ lệ); sau đó là các vấn đề: báo cáo quá hạn, rồi báo cáo trễ hạn, "
        "nặng nhất trước, mỗi dòng kèm mục của văn bản; rồi các báo cáo đã nhận nhưng không "
        "tính được. Với --all: mọi báo cáo phải nộp và mọi bản ghi; với --verdict: các báo "
        "cáo có kết quả đó. Hạn đánh dấu *1, *2 là hạn giả định (văn bản không nêu; chú thích "
        "ghi chính sách). Mã thoát 1 khi có báo cáo trễ, quá hạn hoặc không tính được.",
    "What is overdue, grouped by unit, worst first.\n\nOverdue means the due date has passed "
    "and nothing was received by --as-of. Units are\nordered by their longest delay, then by "
    "how many reports they owe; each names what it is\nmissing (the first 10 units, or "
    "--limit N; --all: one line per report). Exits 1 when\nanything is overdue.":
        "Báo cáo quá hạn, theo từng đơn vị, đơn vị chậm nhất trước.\n\nQuá hạn: đã qua hạn "
        "mà đến ngày --as-of chưa nhận được. Đơn vị xếp theo số ngày chậm lâu nhất, rồi theo "
        "số báo cáo còn nợ; mỗi đơn vị ghi rõ còn thiếu báo cáo nào (10 đơn vị đầu, hoặc "
        "--limit N; --all: mỗi báo cáo một dòng). Mã thoát 1 khi có báo cáo quá hạn.",
    "What falls due in the next N days: each report, who owes it, to whom, the due date\nand "
    "whether the date is stated in the text or assumed (naming the policy).\n\nWith "
    "--submissions, a report already received says so. Exit 0 (it is a plan, not a\n"
    "verdict).":
        "Báo cáo đến hạn trong N ngày tới: từng báo cáo, đơn vị phải nộp, nơi nhận, hạn nộp "
        "và hạn đó do văn bản nêu hay giả định (ghi tên chính sách).\n\nCó --submissions thì "
        "báo cáo đã nhận được ghi rõ. Mã thoát 0 (đây là kế hoạch, không phải kết luận).",
    "Every due date of a year, with its data window (Nghị định 09/2019/NĐ-CP, Điều 12),\nwho "
    "owes it and to whom; also as iCalendar (--format ics) to import into a calendar.\n\nOne "
    "event per due date of an obligation and period (all the units that owe it listed),\nan "
    "alarm three working days before, the clause and whether the date is stated or\nassumed "
    "in the description, and stable UIDs: importing the file again updates the\nevents "
    "rather than duplicating them. With -s or --db, each due date also says how\nmany of "
    "the units owing it have reported.":
        "Mọi hạn nộp báo cáo trong một năm, kèm kỳ số liệu (Nghị định 09/2019/NĐ-CP, Điều "
        "12), đơn vị phải nộp và nơi nhận; xuất được dạng iCalendar (--format ics) để nhập "
        "vào lịch.\n\nMỗi hạn nộp của một nghĩa vụ và một kỳ là một sự kiện (liệt kê mọi đơn "
        "vị phải nộp), có nhắc trước ba ngày làm việc, mô tả ghi mục của văn bản và hạn do "
        "văn bản nêu hay giả định; mã sự kiện (UID) ổn định nên nhập lại tệp sẽ cập nhật chứ "
        "không nhân đôi sự kiện. Có -s hoặc --db thì mỗi hạn nộp cho biết đã nhận báo cáo "
        "của bao nhiêu đơn vị.",
    "The brief an inspector takes to the steering committee (HTML, Markdown or XLSX).\n\n"
    "Its first page is the meeting: headline figures, the ten units furthest behind with "
    "the\nreports each has not sent, one line per directive. --full adds the annex: every "
    "overdue\nand late report, what falls due before the next meeting, records that cannot "
    "be counted,\nrates per unit, the clauses cited and the assumed deadlines. Vietnamese by "
    "default,\n--lang en in English. Exit 0 (a brief is a document, not a verdict: `baocao "
    "check` gives\nthe exit code).":
        "Báo cáo nhanh để cán bộ kiểm tra mang đến phiên họp Ban Chỉ đạo (HTML, Markdown "
        "hoặc XLSX).\n\nTrang đầu dành cho phiên họp: số liệu chính, mười đơn vị chậm nhất "
        "kèm các báo cáo mỗi đơn vị chưa gửi, mỗi văn bản một dòng. --full in thêm phụ lục: "
        "mọi báo cáo quá hạn và trễ hạn, báo cáo đến hạn trước phiên họp tới, bản ghi không "
        "tính được, tỷ lệ theo đơn vị, căn cứ và hạn giả định. Mặc định tiếng Việt, --lang en "
        "cho tiếng Anh. Mã thoát 0 (báo cáo nhanh là tài liệu, không phải kết luận: `baocao "
        "check` cho mã thoát).",
    "Print the annex after the meeting page: every overdue and late report, what falls due "
    "before the next meeting, the records that cannot be counted, the rates of every unit, "
    "the clauses cited and the assumed deadlines (HTML: from a new page; XLSX: a sheet "
    "each). JSON always holds every row.":
        "In thêm phụ lục sau trang dành cho phiên họp: mọi báo cáo quá hạn và trễ hạn, báo "
        "cáo đến hạn trước phiên họp tới, bản ghi không tính được, tỷ lệ của từng đơn vị, căn "
        "cứ và hạn giả định (HTML: sang trang mới; XLSX: mỗi mục một trang tính). JSON luôn "
        "có đủ mọi dòng.",
    "For rule authors: inspect the obligations baocao knows.\n\nExample: baocao rules show "
    "--directive 103/CT-BTTTT":
        "Dành cho người soạn quy tắc: xem các nghĩa vụ báo cáo baocao đang áp dụng.\n\nVí "
        "dụ: baocao rules show --directive 103/CT-BTTTT",
    "Every obligation as baocao reads it: who reports to whom, how often, by when.\n\n"
    "Deadlines show the directive's own words and how they are read (\"trước ngày 15\" means"
    "\nthe 14th is the last day), or, when the text states none, the assumed policy. "
    "Obligations\nof kinds this release does not evaluate yet are listed, dimmed.":
        "Mọi nghĩa vụ theo cách baocao hiểu: ai báo cáo ai, bao lâu một lần, hạn khi nào."
        "\n\nThời hạn ghi nguyên lời văn bản và cách hiểu (\"trước ngày 15\" nghĩa là hạn "
        "cuối là ngày 14), hoặc chính sách giả định khi văn bản không nêu hạn. Nghĩa vụ loại "
        "chưa được đánh giá được liệt kê, in mờ.",
    "Check a rules folder like a compiler: every problem at once, sorted by place.\n\nBeyond "
    "what loading refuses: files that are not read, reporters with no unit in force,\n"
    "deadlines before the data cut-off (NĐ 09/2019/NĐ-CP) or with no working day after it,\n"
    "frequencies the cited words do not name, citations not found in the source text,\n"
    "recipients the words do not name, and two obligations asking for the same report.\n"
    "Exit 1 when there are errors; warnings and notes alone exit 0.":
        "Kiểm tra thư mục quy tắc như một trình biên dịch: mọi vấn đề một lần, theo vị trí."
        "\n\nNgoài những gì bị từ chối khi nạp: tệp không được đọc, đơn vị báo cáo không còn "
        "hoạt động, hạn nộp trước ngày chốt số liệu (NĐ 09/2019/NĐ-CP) hoặc không còn ngày "
        "làm việc sau đó, tần suất không khớp lời văn, trích dẫn không có trong văn bản, nơi "
        "nhận không được nêu, và hai nghĩa vụ đòi cùng một báo cáo. Mã thoát 1 khi có lỗi; "
        "chỉ có cảnh báo và ghi chú thì mã thoát 0.",
    "Run the rule test cases (tests/*.yaml beside the rules): each case gives an as-of date,"
    "\nthe reports received and the verdicts and dispositions it expects.\n\nPrints a dot "
    "per passing case, then each failure with what was expected and what came\nout, and why: "
    "the due date or the record as read, the decision rule that fired\n(rules/decisions.yaml) "
    "and the reasons given. An instance key naming an obligation, a unit\nor a period the "
    "rules never expect is refused with the nearest one (exit 2). Exit 1 when\na case fails.":
        "Chạy các trường hợp kiểm thử quy tắc (tests/*.yaml cạnh quy tắc): mỗi trường hợp "
        "cho ngày đối chiếu, các báo cáo đã nhận và kết quả, cách xử lý mong đợi.\n\nMỗi "
        "trường hợp đạt in một dấu chấm; mỗi trường hợp không đạt in điều mong đợi, điều thực "
        "tế và lý do: hạn nộp hoặc bản ghi như baocao đọc được, quy tắc quyết định đã áp dụng "
        "(rules/decisions.yaml) và các lý do baocao đưa ra. Khóa báo cáo ghi nghĩa vụ, đơn vị "
        "hoặc kỳ mà quy tắc không bao giờ yêu cầu bị từ chối, kèm gợi ý gần nhất (mã thoát 2). "
        "Mã thoát 1 khi có trường hợp không đạt.",
    "With --coverage: only the obligations of this directive, its number as written or its "
    "id; repeat it for several. Example: --coverage --directive 103/CT-BTTTT":
        "Với --coverage: chỉ các nghĩa vụ của văn bản này, theo số hiệu như khi viết hoặc mã; "
        "lặp lại để chọn nhiều văn bản. Ví dụ: --coverage --directive 103/CT-BTTTT",
    "Propose a draft of a directive's obligations from its text: each sentence that makes\n"
    "someone report becomes a candidate with its section, the quoted sentence, reporters,\n"
    "recipient, via, schedule, deadline (with its reading), data window and a confidence."
    "\n\nOffline and deterministic (patterns over Vietnamese administrative phrasing). What "
    "could\nnot be read is left empty and listed under `unread`: check every candidate "
    "against the\ntext before turning it into rules.":
        "Đề xuất bản nháp các nghĩa vụ báo cáo từ lời văn của văn bản: mỗi câu yêu cầu báo "
        "cáo thành một đề xuất với mục, câu trích, đơn vị báo cáo, nơi nhận, nơi gửi qua, "
        "lịch, hạn (kèm cách hiểu), kỳ số liệu và độ tin cậy.\n\nChạy không cần mạng, kết "
        "quả cố định (mẫu câu văn hành chính). Phần không đọc được để trống và liệt kê ở "
        "`unread`: hãy đối chiếu từng đề xuất với văn bản trước khi đưa vào quy tắc.",
    "Every obligation as baocao reads it, normalised (ids, names, deadlines with their\n"
    "reading, in-force windows, citations): json or yaml for tools; md for a legal review to\n"
    "print: an overview table, then per obligation the clause quoted and every encoded field\n"
    "beside the text's words, inferred values marked, disagreements flagged.":
        "Mọi nghĩa vụ theo cách baocao hiểu, đã chuẩn hóa (mã, tên, thời hạn và cách hiểu, "
        "thời gian hiệu lực, trích dẫn): json hoặc yaml cho công cụ; md để in và rà soát pháp "
        "lý: bảng tổng quan, rồi từng nghĩa vụ với điều khoản được trích và mọi nội dung đã mã "
        "hoá bên cạnh lời văn của văn bản, đánh dấu chỗ suy luận và chỗ không khớp.",
    "Print a directive file to fill in: its blanks (___), one commented example obligation,"
    "\nand the schema reference editors understand (yaml-language-server).":
        "In ra một tệp văn bản mẫu để điền: các chỗ trống (___), một nghĩa vụ mẫu có chú "
        "thích, và tham chiếu lược đồ mà trình soạn thảo hiểu (yaml-language-server).",
    # options
    "Print baocao's version and exit.": "In phiên bản baocao rồi thoát.",
    "Folder of rule files (directives/, units.yaml, calendar/). Default: the rules bundled "
    "with baocao. Example: --rules ./my-rules":
        "Thư mục quy tắc (directives/, units.yaml, calendar/). Mặc định: bộ quy tắc đi kèm "
        "baocao. Ví dụ: --rules ./quy-tac",
    "Report metadata received: a .yaml/.yml/.json/.csv file or a folder of them. Repeat for "
    "several. Without it nothing counts as received, so every report past its due date is "
    "overdue. Example: -s examples/submissions":
        "Thông tin các báo cáo đã nhận: tệp .yaml/.yml/.json/.csv hoặc thư mục chứa chúng. "
        "Lặp lại để dùng nhiều tệp. Không có thì coi như chưa nhận báo cáo nào, nên mọi báo "
        "cáo đã qua hạn đều quá hạn. Ví dụ: -s examples/submissions",
    "The same as FILE_OR_FOLDER (the option check takes): a register or a folder. Repeat for "
    "several. Example: -s so-den.xlsx":
        "Như FILE_OR_FOLDER (tùy chọn mà lệnh check dùng): một sổ hoặc một thư mục. Lặp lại "
        "để dùng nhiều tệp. Ví dụ: -s so-den.xlsx",
    "Judge as on this day. Accepts 2023-03-01, 1/3/2023 or 'ngày 1 tháng 3 năm 2023'. "
    "Default: today in Vietnam (Asia/Ho_Chi_Minh).":
        "Ngày đối chiếu. Viết 2023-03-01, 1/3/2023 hoặc 'ngày 1 tháng 3 năm 2023'. Mặc "
        "định: hôm nay theo giờ Việt Nam.",
    "Only periods ending on or after this day. Same forms as --as-of. Default: 1 January of "
    "the year before --as-of.":
        "Chỉ các kỳ kết thúc từ ngày này. Cách viết như --as-of. Mặc định: 1 tháng 1 của năm "
        "trước năm đối chiếu (hoặc đầu kỳ --period nếu sớm hơn).",
    "Only this directive: its number as written or its id; repeat it for several. Example: "
    "--directive 103/CT-BTTTT --directive 06-KH/BCĐ":
        "Chỉ văn bản này: số hiệu như khi viết hoặc mã; lặp lại để chọn nhiều văn bản. Ví dụ: "
        "--directive 103/CT-BTTTT --directive 06-KH/BCĐ",
    "Only reports owed by this unit: its id or any registered name; repeat it for several. "
    "Example: --unit 'Sở TT&TT Tây Ninh'":
        "Chỉ báo cáo của đơn vị này: mã hoặc bất kỳ tên nào đã đăng ký; lặp lại để chọn "
        "nhiều đơn vị. Ví dụ: --unit 'Sở TT&TT Tây Ninh'",
    "Only periods inside this one: 2022, 2022-H1, 2022-Q3, 2022-05 or a Vietnamese phrase "
    "such as 'quý III/2022'; repeat it for several.":
        "Chỉ các kỳ nằm trong kỳ này: 2022, 2022-H1, 2022-Q3, 2022-05 hoặc cách viết như "
        "'quý III/2022'; lặp lại để chọn nhiều kỳ.",
    "Recorded requests for ad hoc reports (đột xuất): a .yaml/.json/.csv file with id, "
    "directive, obligation, reporter, requested_on, due (and the request letter's number). "
    "An ad hoc duty is owed only when requested. Example: --requests yeu-cau.csv":
        "Các yêu cầu báo cáo đột xuất đã ghi nhận: tệp .yaml/.json/.csv có id, directive, "
        "obligation, reporter, requested_on, due (và số văn bản yêu cầu). Báo cáo đột xuất "
        "chỉ phải nộp khi có yêu cầu. Ví dụ: --requests yeu-cau.csv",
    "List only the reports with this verdict (repeat for several): on_time, late, overdue, "
    "pending, exempt. The figures and the exit code still cover the whole selection. "
    "Example: --verdict overdue --verdict late":
        "Chỉ liệt kê báo cáo có kết quả này (lặp lại để chọn nhiều): on_time (đúng hạn), "
        "late (trễ hạn), overdue (quá hạn), pending (chưa đến hạn), exempt (miễn). Số liệu "
        "và mã thoát vẫn tính trên toàn phạm vi. Ví dụ: --verdict overdue --verdict late",
    "List at most N rows of each list (overdue, late, records to look at; default 10, about "
    "a screenful); --all lists every row.":
        "Liệt kê tối đa N dòng mỗi danh sách (quá hạn, trễ hạn, bản ghi cần xem lại; mặc định "
        "10, khoảng một màn hình); --all liệt kê tất cả.",
    "Also show the internal ids (unit, obligation, report key) beside the labels, as JSON "
    "and --requests files write them.":
        "Hiện thêm mã nội bộ (đơn vị, nghĩa vụ, khóa báo cáo) bên cạnh tên, như trong JSON và "
        "tệp --requests.",
    "Every unit, one line per overdue report with the unit on each line (for grep and "
    "files).":
        "Mọi đơn vị, mỗi báo cáo quá hạn một dòng, có tên đơn vị trên từng dòng (để tìm bằng "
        "grep, ghi ra tệp).",
    "Also the engine's trace: the decision rule that fired and the facts it read, and the "
    "ids (obligation, unit, report key).":
        "Thêm vết của bộ máy: quy tắc quyết định đã áp dụng, các dữ kiện nó đọc, và các mã "
        "(nghĩa vụ, đơn vị, khóa báo cáo).",
    "List every expected report and every record received, not only the problems.":
        "Liệt kê mọi báo cáo phải nộp và mọi bản ghi đã nhận, không chỉ các vấn đề.",
    "Language of labels, headings and messages: vi (Vietnamese) or en (English). Codes in "
    "JSON are the same in both.":
        "Ngôn ngữ của nhãn, tiêu đề và thông báo: vi (tiếng Việt) hoặc en (tiếng Anh). Các "
        "mã trong JSON giống nhau ở cả hai.",
    "The directive: number as written or id.": "Văn bản: số hiệu như khi viết hoặc mã.",
    "The obligation id (see baocao rules show).": "Mã nghĩa vụ (xem baocao rules show).",
    "The reporting unit: id or any registered name.":
        "Đơn vị báo cáo: mã hoặc bất kỳ tên nào đã đăng ký.",
    "The period: 2022-Q4, 2022-H1, 'quý IV/2022'...": "Kỳ báo cáo: 2022-Q4, 2022-H1, "
                                                      "'quý IV/2022'...",
    "Explain this record of the -s files instead.":
        "Giải thích bản ghi này (trong các tệp -s) thay vào đó.",
    "text: file:line:col: severity: message [code], like a compiler; json: a list of {code, "
    "severity, file, line, column, message}.":
        "text: tệp:dòng:cột: mức độ: thông báo [mã], như trình biên dịch; json: danh sách "
        "{code, severity, file, line, column, message}.",
    "How many days ahead of --as-of to look (both days included). Example: --days 30":
        "Xem trước bao nhiêu ngày kể từ --as-of (tính cả hai đầu). Ví dụ: --days 30",
    "The calendar year whose due dates to list. Default: the year of today in Vietnam. "
    "Example: --year 2023":
        "Năm cần liệt kê hạn nộp. Mặc định: năm hiện tại. Ví dụ: --year 2023",
    "table for people; json for scripts; ics (iCalendar) to import into a calendar: one "
    "event per due date with an alarm three working days before.":
        "table để đọc; json cho chương trình; ics (iCalendar) để nhập vào lịch: mỗi hạn nộp "
        "một sự kiện, nhắc trước ba ngày làm việc.",
    "Write to this file instead of standard output. Example: -o lich.ics, -o ket-qua.xlsx":
        "Ghi ra tệp này thay vì in ra màn hình. Ví dụ: -o lich.ics, -o ket-qua.xlsx",
    "Day of the next steering-committee meeting: the brief lists what falls due after "
    "--as-of and by that day. Default: 30 days after --as-of. Example: --next-meeting "
    "15/11/2022":
        "Ngày họp tiếp theo của Ban Chỉ đạo: báo cáo nhanh liệt kê các báo cáo đến hạn sau "
        "--as-of và trước ngày đó. Mặc định: 30 ngày sau --as-of. Ví dụ: --next-meeting "
        "15/11/2022",
    "html (one self-contained file, prints on A4), md (Markdown), xlsx (the 'Tóm tắt' sheet "
    "first, the annex's sheets with --full; needs -o) or json (the same figures and every "
    "row, for scripts).":
        "html (một tệp độc lập, in được khổ A4), md (Markdown), xlsx (trang tính 'Tóm tắt' "
        "trước, các trang tính phụ lục khi có --full; cần -o) hoặc json (cùng số liệu và mọi "
        "dòng, cho chương trình).",
    "Folder of rule files (directives/, units.yaml, calendar/, tests/). Default: the rules "
    "bundled with baocao.":
        "Thư mục quy tắc (directives/, units.yaml, calendar/, tests/). Mặc định: bộ quy tắc "
        "đi kèm baocao.",
    "Folder of test case files (*.yaml). Default: tests/ inside the rules folder.":
        "Thư mục các tệp trường hợp kiểm thử (*.yaml). Mặc định: tests/ trong thư mục quy "
        "tắc.",
    "Also show, per obligation, which verdicts and dispositions the cases exercise and "
    "which they never do.":
        "Hiển thị thêm, theo từng nghĩa vụ, các kết quả và cách xử lý đã được kiểm thử và "
        "chưa bao giờ được kiểm thử.",
    "The directive's text, UTF-8 (copied from the PDF or the document system).":
        "Lời văn của văn bản, mã UTF-8 (chép từ PDF hoặc hệ thống quản lý văn bản).",
    "yaml (to edit into a directive file) or json.":
        "yaml (để sửa thành tệp văn bản) hoặc json.",
    "json or yaml (for tools), md (a legal review to print, Markdown).":
        "json hoặc yaml (cho công cụ), md (bản rà soát pháp lý để in, Markdown).",
    # validate, ingest, register; check's and overdue's --format jsonl, --csv-dialect, --db
    "table for people; json (one object), jsonl (one object per line, for very large runs) or "
    "csv (one row per report) for scripts. With json or jsonl, errors are printed as JSON too: "
    "{\"errors\": [...]}.":
        "table để đọc; json (một đối tượng), jsonl (mỗi dòng một đối tượng, cho các lần chạy rất "
        "lớn) hoặc csv (mỗi báo cáo một dòng) cho chương trình. Với json hoặc jsonl, lỗi cũng in "
        "dạng JSON: {\"errors\": [...]}.",
    "CSV for Excel: 'excel' separates cells with ',', 'excel-vn' with ';' (Excel in the "
    "Vietnamese locale). Both are UTF-8 with a byte-order mark.":
        "CSV cho Excel: 'excel' ngăn cách các ô bằng ',', 'excel-vn' bằng ';' (Excel đặt vùng "
        "tiếng Việt). Cả hai đều là UTF-8 có dấu BOM.",
    "The register (a SQLite file, or a PostgreSQL database: postgresql://user@host/dbname; "
    "filled by 'baocao ingest'): evaluate everything received so far, with any files given "
    "too; repeat it for several registers. Example: --db so-den.db":
        "Sổ báo cáo đến (một tệp SQLite, hoặc một cơ sở dữ liệu PostgreSQL: "
        "postgresql://người-dùng@máy-chủ/tên-csdl; do 'baocao ingest' ghi vào): đánh giá mọi "
        "báo cáo đã nhận đến nay, cùng các tệp được chỉ ra; lặp lại để dùng nhiều sổ. Ví dụ: "
        "--db so-den.db",
    "Why one expected report got its verdict (--directive --obligation --unit --period) or\none "
    "record its disposition (--submission ID): the clause, the period and its data\nwindow, the "
    "due date step by step (the day named, the reading of \"trước ngày\", each\nweekend or "
    "holiday rolled over), every report considered — whether it named the\nobligation's subject "
    "— and why it was or was not counted, and the decision rule that fired.":
        "Giải thích vì sao một báo cáo phải nộp có kết quả như vậy (--directive --obligation "
        "--unit --period) hoặc một bản ghi được xử lý như vậy (--submission MÃ): mục của văn "
        "bản, kỳ báo cáo và kỳ số liệu, hạn nộp từng bước (ngày được nêu, cách hiểu \"trước "
        "ngày\", từng ngày nghỉ được lùi), mọi báo cáo đã xét — có nói về nội dung của nghĩa vụ "
        "hay không — và vì sao được tính hay không, và quy tắc quyết định đã áp dụng.",
    "Check a batch of reports received: one row per record, none dropped.\n\nFor every record: "
    "its row in its file, what it was matched to (directive, obligation,\nperiod) and whether "
    "it came on time or late; or its disposition (duplicate, misrouted,\nunmatched, unknown "
    "unit, invalid) with the reason and what to fix — the right recipient,\nthe candidates of "
    "an ambiguous name, \"did you mean\". Then, per file, records read =\nrecords reported, and "
    "every file or sheet that was not read, with the reason.\nExits 0 when every record "
    "matched, 1 when some need a person, 2 when the batch could\nnot be read.":
        "Kiểm tra một lô báo cáo đã nhận: mỗi bản ghi một dòng, không bỏ bản ghi nào.\n\nVới mỗi "
        "bản ghi: dòng của nó trong tệp, báo cáo phải nộp mà nó khớp (văn bản, nghĩa vụ, kỳ) và "
        "nộp đúng hạn hay trễ; hoặc cách xử lý (trùng, gửi nhầm nơi, không khớp, không rõ đơn "
        "vị, không hợp lệ) kèm lý do và việc cần sửa — nơi nhận đúng, các đơn vị ứng với một tên "
        "chưa rõ, \"có phải là\". Sau đó, theo từng tệp, số bản ghi đã đọc = số đã báo cáo, và "
        "mọi tệp hoặc trang tính không đọc, kèm lý do. Mã thoát 0 khi mọi bản ghi đều khớp, 1 "
        "khi có bản ghi cần người xử lý, 2 khi không đọc được lô.",
    "Registers of reports received: .xlsx, .csv, .txt (Excel 'Unicode text'), .yaml, .json "
    "files, or folders of them; '-' reads standard input.":
        "Sổ báo cáo đến: tệp .xlsx, .csv, .txt (Excel 'Unicode text'), .yaml, .json, hoặc thư "
        "mục chứa chúng; '-' đọc từ đầu vào chuẩn.",
    "table for people; json (one object) for scripts; csv or xlsx (one row per record) for a "
    "spreadsheet. xlsx needs --output, or standard output redirected.":
        "table để đọc; json (một đối tượng) cho chương trình; csv hoặc xlsx (mỗi bản ghi một "
        "dòng) cho bảng tính. xlsx cần --output, hoặc chuyển đầu ra chuẩn vào một tệp.",
    "Also write the records that need a person (misrouted, unmatched, unknown unit, invalid) to "
    "FILE: .xlsx, .json, or CSV for any other name. Example: --errors-out can-xu-ly.xlsx":
        "Ghi thêm các bản ghi cần người xử lý (gửi nhầm nơi, không khớp, không rõ đơn vị, không "
        "hợp lệ) ra FILE: .xlsx, .json, hoặc CSV với mọi tên khác. Ví dụ: --errors-out "
        "can-xu-ly.xlsx",
    "Write the registers read back as a workbook, row for row, with the result of each record "
    "(and what to fix) in columns added at the right.":
        "Ghi lại các sổ đã đọc thành một tệp bảng tính, giữ nguyên từng dòng, kèm kết quả của "
        "từng bản ghi (và việc cần sửa) ở các cột thêm bên phải.",
    "Store a batch of reports received in the register (one SQLite file).\n\nEvery record read "
    "is stored as it was written, with where it came from. The same record\nagain adds nothing; "
    "a known id with other content is a conflict: reported, kept aside,\nnever overwritten. "
    "Each batch is one transaction (a batch cut off half-way leaves the\nregister as it was) "
    "and is recorded: when, which files, how many records read, added,\nunchanged, in conflict. "
    "Then 'baocao check --db' evaluates everything received so far.\nExits 1 when there are "
    "conflicts, records that need a person, or files not read.":
        "Lưu một lô báo cáo đã nhận vào sổ (một tệp SQLite).\n\nMỗi bản ghi đọc được lưu đúng "
        "như đã ghi, kèm nơi lấy. Nhận lại cùng bản ghi thì không thêm gì; một mã đã có với nội "
        "dung khác là xung đột: được báo, giữ riêng, không bao giờ ghi đè. Mỗi lô là một giao "
        "dịch (lô bị ngắt giữa chừng để sổ như cũ) và được ghi lại: lúc nào, tệp nào, bao nhiêu "
        "bản ghi đã đọc, thêm mới, không đổi, xung đột. Sau đó 'baocao check --db' đánh giá mọi "
        "báo cáo đã nhận đến nay. Mã thoát 1 khi có xung đột, bản ghi cần người xử lý, hoặc tệp "
        "không đọc.",
    "The register: a SQLite file (created by the first ingest), or a PostgreSQL database "
    "shared by an office's clerks: postgresql://user:password@host/dbname. Default: "
    "$BAOCAO_DB. Example: --db so-den.db":
        "Sổ: một tệp SQLite (tạo ở lần ingest đầu tiên), hoặc một cơ sở dữ liệu PostgreSQL "
        "dùng chung cho các văn thư của cơ quan: "
        "postgresql://người-dùng:mật-khẩu@máy-chủ/tên-csdl. Mặc định: $BAOCAO_DB. Ví dụ: --db "
        "so-den.db",
    "table for people; json (one object) for scripts.":
        "table để đọc; json (một đối tượng) cho chương trình.",
    "Browse the register of reports received (filled by 'baocao ingest').\n\nExample: baocao "
    "register list --db so-den.db":
        "Xem sổ báo cáo đã nhận (do 'baocao ingest' ghi vào).\n\nVí dụ: baocao register list "
        "--db so-den.db",
    "List the register: its records in the order received (with the status found when\neach was "
    "read), or its batches (--ingests), or its conflicts (--conflicts).":
        "Liệt kê sổ: các bản ghi theo thứ tự nhận (kèm tình trạng khi đọc), hoặc các lô "
        "(--ingests), hoặc các xung đột (--conflicts).",
    "List the batches ingested instead of the records.":
        "Liệt kê các lô đã nhận vào sổ thay vì các bản ghi.",
    "List only the conflicting versions kept aside.":
        "Chỉ liệt kê các bản xung đột được giữ riêng.",
    "Show one record of the register as it was written, where it came from, its status,\nand "
    "any conflicting versions kept aside.":
        "Hiện một bản ghi của sổ đúng như đã ghi, nơi lấy, tình trạng, và các bản xung đột được "
        "giữ riêng (nếu có).",
    "The record's id (or file:line for a record without one).":
        "Mã của bản ghi (hoặc tệp:dòng với bản ghi không có mã).",
    "Export the register's records (not the conflicts kept aside) as a submissions file,\nwith "
    "the field names of the input format and the extra columns as written.":
        "Xuất các bản ghi của sổ (không gồm các bản xung đột giữ riêng) thành một tệp báo cáo đã "
        "nhận, với tên trường của định dạng đầu vào và các cột thêm đúng như đã ghi.",
    "csv (default), json or xlsx: a submissions file baocao reads back as the same records. csv "
    "puts an apostrophe before a cell a spreadsheet would run as a formula ('=...); baocao reads "
    "it back without it, as Excel does.":
        "csv (mặc định), json hoặc xlsx: một tệp báo cáo đã nhận mà baocao đọc lại thành đúng các "
        "bản ghi ấy. csv đặt dấu nháy đơn trước ô mà bảng tính sẽ chạy như công thức ('=...); "
        "baocao đọc lại bỏ dấu nháy đó, như Excel.",
    "The recipient of every record that names none: the office keeping a register of documents "
    "received (sổ đăng ký văn bản đến), which has no recipient column. Its id or any registered "
    "name; a recipient written in a record wins, and each record that takes it says so. "
    "Example: --recipient 'Sở TT&TT Thái Nguyên'":
        "Nơi nhận của mọi bản ghi không ghi nơi nhận: cơ quan giữ sổ đăng ký văn bản đến (sổ "
        "không có cột nơi nhận). Mã hoặc bất kỳ tên đã đăng ký nào của đơn vị; nơi nhận ghi "
        "trong bản ghi được ưu tiên, và mỗi bản ghi lấy giá trị này đều được ghi chú. Ví dụ: "
        "--recipient 'Sở TT&TT Thái Nguyên'",
    "Your office's own view: only the reports owed to this office, directly or passed "
    "through it, and the records sent to it; a ministry's or another province's duties "
    "are left out. Its id or any registered name. Example: --office 'UBMTTQ tỉnh Tây "
    "Ninh'":
        "Phạm vi của riêng cơ quan mình: chỉ các báo cáo phải gửi cơ quan này (trực tiếp "
        "hoặc qua cơ quan này) và các bản ghi gửi đến nó; nghĩa vụ của bộ, của tỉnh khác "
        "được bỏ ra. Mã hoặc bất kỳ tên đã đăng ký nào. Ví dụ: --office 'UBMTTQ tỉnh Tây "
        "Ninh'",
    # click's own
    # baocao register copy
    "Move an office's register between a file and a server: every batch, record, version\n"
    "kept aside and decision, row for row, read from one snapshot and written in one\n"
    "transaction (a copy cut short leaves nothing behind). The source is never changed.":
        "Chuyển sổ của một cơ quan giữa một tệp và một máy chủ: mọi lô, bản ghi, phiên bản để "
        "riêng và quyết định, từng dòng một, đọc từ một thời điểm và ghi trong một giao dịch "
        "(bản chép bị ngắt giữa chừng không để lại gì). Sổ nguồn không bao giờ bị thay đổi.",
    "The register to copy: a SQLite file or a PostgreSQL database "
    "(postgresql://user:password@host/dbname).":
        "Sổ cần chép: một tệp SQLite hoặc một cơ sở dữ liệu PostgreSQL "
        "(postgresql://người-dùng:mật-khẩu@máy-chủ/tên-csdl).",
    "The new register: a file that does not exist yet, or an empty PostgreSQL database "
    "(created with createdb).":
        "Sổ mới: một tệp chưa có, hoặc một cơ sở dữ liệu PostgreSQL trống (tạo bằng "
        "createdb).",
    # baocao register backup
    "Copy the register to FILE, consistently: everything received so far, what SQLite still\n"
    "holds in the register's -wal file included, even while an ingest is running.\n\nCopy a "
    "register this way, never its .db file alone: the .db without its -wal can miss\nthe latest "
    "batches. The copy is one file, a register like the first (check --db, ingest\n--db work on "
    "it). FILE is never the register itself.":
        "Sao sổ ra FILE một cách nhất quán: mọi báo cáo đã nhận đến nay, kể cả phần SQLite còn "
        "giữ trong tệp -wal của sổ, ngay cả khi đang có một lần ingest.\n\nHãy sao sổ bằng lệnh "
        "này, không bao giờ chép riêng tệp .db: tệp .db không kèm tệp -wal có thể thiếu các lô "
        "mới nhất. Bản sao là một tệp, một sổ như sổ gốc (dùng được với check --db, ingest "
        "--db). FILE không bao giờ là chính sổ.",
    "The copy to write: a new file (an existing one only with --force). Example: "
    "so-den-2023-03-01.db":
        "Bản sao cần ghi: một tệp mới (tệp đã có chỉ khi thêm --force). Ví dụ: "
        "so-den-2023-03-01.db",
    "Replace FILE if it exists.": "Thay FILE nếu tệp đã có.",
    # baocao register replace, withdraw, history
    "Make a corrected version of a record the register's: the newest version kept aside as\na "
    "conflict (or the one named by --version) replaces the current one.\n\nNothing is "
    "overwritten: the replaced version stays, and the decision is recorded with\nwhen and why "
    "('baocao register history ID'). Then check --db and validate --db count the\nnew version; "
    "a withdrawn record is counted again at the version chosen.":
        "Lấy bản đã sửa của một bản ghi làm bản của sổ: bản mới nhất đang giữ riêng vì xung đột "
        "(hoặc bản chỉ ra bằng --version) thay bản hiện tại.\n\nKhông ghi đè gì: bản bị thay "
        "vẫn được giữ, và quyết định được ghi lại kèm thời điểm và lý do ('baocao register "
        "history ID'). Sau đó check --db và validate --db tính bản mới; bản ghi đã rút được tính "
        "lại ở bản được chọn.",
    "The version to make the register's, by its number in 'baocao register history' (1 is the "
    "first received). Default: the newest version waiting for a decision.":
        "Bản cần lấy làm bản của sổ, theo số thứ tự trong 'baocao register history' (1 là bản "
        "nhận đầu tiên). Mặc định: bản mới nhất đang chờ quyết định.",
    "Why, kept with the decision. Example: --reason 'sửa tên Sở Tài chính'":
        "Lý do, được lưu cùng quyết định. Ví dụ: --reason 'sửa tên Sở Tài chính'",
    "Make a record stop counting: check --db, validate --db and register export leave it\nout. "
    "It stays in the register with its reason, and the decision is recorded\n('baocao register "
    "history ID'); 'baocao register replace ID --version N' counts it again.":
        "Rút một bản ghi, không tính nữa: check --db, validate --db và register export bỏ qua "
        "nó. Bản ghi vẫn ở trong sổ kèm lý do, và quyết định được ghi lại ('baocao register "
        "history ID'); 'baocao register replace ID --version N' tính lại nó.",
    "Why the record stops counting, kept with it. Example: --reason 'nhập trùng'":
        "Lý do bản ghi không được tính nữa, lưu cùng bản ghi. Ví dụ: --reason 'nhập trùng'",
    "Every version of a record as received and every decision on it (replaced, withdrawn),\nin "
    "order, each with when (Vietnam time), where it came from, what changed and why.":
        "Mọi bản của một bản ghi như đã nhận và mọi quyết định về nó (thay, rút), theo thứ tự, "
        "mỗi việc kèm thời điểm (giờ Việt Nam), nguồn, điều đã đổi và lý do.",
    "Show this message and exit.": "Hiện hướng dẫn này rồi thoát.",
}

# Words of the help screens that typer and click write themselves.
HELP_CHROME: Mapping[str, tuple[str, str]] = {
    "examples": ("Ví dụ:", "Examples:"),
    "panel.arguments": ("Tham số", "Arguments"),
    "panel.options": ("Tùy chọn", "Options"),
    "panel.commands": ("Lệnh", "Commands"),
    "panel.error": ("Lỗi", "Error"),
    "default": ("[mặc định: {}]", "[default: {}]"),
    "required": ("[bắt buộc]", "[required]"),
    "try_help": ("Xem [blue]'{command_path} {help_option}'[/] để được hướng dẫn.",
                 "Try [blue]'{command_path} {help_option}'[/] for help."),
    # the usage line above a help screen or a usage error: "Usage: baocao check [OPTIONS]"
    "usage": ("Cách dùng: ", "Usage: "),
    "options_metavar": ("[TÙY CHỌN]", "[OPTIONS]"),
    "subcommand_metavar": ("LỆNH [THAM SỐ]...", "COMMAND [ARGS]..."),
}

# Usage errors come from click (and the date parser) in English; in Vietnamese their known
# phrases are replaced, in order (regular expressions). What no pattern knows stays English.
USAGE_VI: tuple[tuple[str, str], ...] = (
    (r"Invalid value for ('[^']*'(?: / '[^']*')*|\S+): ", r"Giá trị không hợp lệ cho \1: "),
    (r"No such option: ", "Không có tùy chọn: "),
    (r"No such command ", "Không có lệnh "),
    (r"Missing option ", "Thiếu tùy chọn "),
    (r"Missing argument ", "Thiếu tham số "),
    (r"Got unexpected extra arguments? ", "Thừa tham số "),
    (r"Option (\S+) requires an argument\.", r"Tùy chọn \1 cần một giá trị."),
    (r"Did you mean ", "Có phải "),
    (r"\(Possible options: ([^)]*)\)", r"(có phải: \1?)"),
    (r"Input should be a valid integer, unable to parse string as an integer",
     "cần một số nguyên"),
    (r"(\S+) is not one of ", r"\1 không thuộc "),
    (r"(\S+) is not a valid integer\.?", r"\1 không phải số nguyên"),
    (r"(\S+) is not in the range ", r"\1 không nằm trong khoảng "),
    (r"expected a date like (.*?) or ('ngày [^']*')", r"cần một ngày như \1 hoặc \2"),
    (r", got ('[^']*')", r", nhưng nhận \1"),
    (r"there is no day (\d+) in (\d+/\d+)", r"tháng \2 không có ngày \1"),
    (r"there is no month (\d+)", r"không có tháng \1"),
)
