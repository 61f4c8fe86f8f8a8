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

# How the words of a deadline were read (DOMAIN.md, "Deadlines"): shown beside the words so
# an inspector sees why "trước ngày 15" gives the 14th.
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
    # submission table
    "col.submission": ("Mã", "ID"),
    "col.submitted_on": ("Ngày nhận", "Received"),
    "col.disposition": ("Xử lý", "Disposition"),
    "col.reasons": ("Lý do", "Reasons"),
    # rules table
    "col.reporters": ("Đơn vị báo cáo", "Reporters"),
    "col.frequency": ("Tần suất", "Frequency"),
    "col.deadline": ("Thời hạn", "Deadline"),
    "col.in_force": ("Hiệu lực", "In force"),
    "col.citation": ("Căn cứ", "Clause"),
    # titles and notes
    "title.instances": ("Báo cáo phải nộp (tính đến {date})", "Reports owed (as of {date})"),
    "title.submissions": ("Báo cáo đã nhận", "Reports received"),
    "title.summary": ("Tổng hợp đến ngày {date}", "Summary as of {date}"),
    "title.overdue": ("Báo cáo quá hạn (tính đến {date})", "Overdue reports (as of {date})"),
    "title.rules": ("Nghĩa vụ báo cáo", "Reporting obligations"),
    "summary.instances": ("Báo cáo phải nộp: {total}", "Reports owed: {total}"),
    "summary.submissions": ("Báo cáo đã nhận: {total}", "Reports received: {total}"),
    "summary.awaiting_request": (
        "{count} nghĩa vụ báo cáo đột xuất chỉ phát sinh khi có yêu cầu (ghi yêu cầu bằng "
        "--requests)",
        "{count} ad hoc duties are owed only when a request is recorded (give them with "
        "--requests)",
    ),
    "via": ("qua {unit}", "via {unit}"),
    "assumed.footnote": (
        "* hạn giả định (không nêu trong văn bản), theo chính sách {policy}: {text}",
        "* assumed deadline (not stated in the text), policy {policy}: {text}",
    ),
    "assumed.prefix": ("giả định ({policy}): {text}", "assumed ({policy}): {text}"),
    "period.inferred": ("(suy ra)", "(inferred)"),
    "in_force.open": ("từ {start}", "from {start}"),
    "deadline.none": ("theo yêu cầu", "on request"),
    "on_request": ("khi có yêu cầu", "on request"),
    "inferred": ("(suy luận)", "(inferred)"),
    "empty.instances": (
        "Không có báo cáo nào phải nộp theo các điều kiện đã chọn.",
        "No reports are owed under the chosen filters.",
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
    # errors
    "error.prefix": ("lỗi:", "error:"),
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
        "lỗi nội bộ ({code}): bộ máy quy tắc (durable_rules) gặp sự cố hai lần khi quyết định "
        "{cases} trường hợp (bản ghi: {records}); đã dừng.",
        "internal error ({code}): the rule engine (durable_rules) failed twice deciding {cases} "
        "cases (records: {records}); the run was stopped.",
    ),
    "error.engine.first": ("lần 1", "first attempt"),
    "error.engine.again": ("lần 2, trong tiến trình mới", "again, in a fresh worker"),
    "error.engine.hint": (
        "Dữ liệu đầu vào không có lỗi: đây là sự cố của baocao hoặc của máy (hết bộ nhớ, tiến "
        "trình bị dừng). Hãy chạy lại; nếu vẫn lỗi, hãy báo lỗi kèm lệnh đã chạy (đặt "
        "BAOCAO_DEBUG=1 để xem chi tiết).",
        "Nothing is wrong with your data: this is a fault of baocao or of the machine (out of "
        "memory, a stopped or killed process). Run it again; if it fails again, please report "
        "it with the command you ran (set BAOCAO_DEBUG=1 for details).",
    ),
    "fault.signal": ("tiến trình xử lý bị dừng bởi tín hiệu {signal}",
                     "the worker process was killed by signal {signal}"),
    "fault.status": ("tiến trình xử lý kết thúc bất thường (mã thoát {status})",
                     "the worker process exited with status {status}"),
    "fault.timeout": ("tiến trình xử lý không trả lời trong {seconds} giây (đã bị dừng)",
                      "the worker process gave no answer within {seconds} s (it was killed)"),
    "fault.accounting": ("kết quả không khớp với các dữ kiện đã giao: {detail}",
                         "its answer did not account for the facts it was given: {detail}"),
    # the rule author's toolkit
    "summary.lint": ("{errors} lỗi, {warnings} cảnh báo, {notes} ghi chú trong {rules}",
                     "{errors} errors, {warnings} warnings, {notes} notes in {rules}"),
    "test.failures": ("CÁC TRƯỜNG HỢP KHÔNG ĐẠT", "FAILURES"),
    "test.mismatch": ("{field}: mong đợi {expected}, thực tế {actual}",
                      "{field}: expected {expected}, got {actual}"),
    "test.summary": ("{passed} đạt, {failed} không đạt", "{passed} passed, {failed} failed"),
    "title.coverage": ("Độ phủ của các trường hợp kiểm thử", "Coverage of the test cases"),
    "col.exercised": ("Đã kiểm", "Exercised"),
    "col.never": ("Chưa kiểm", "Never exercised"),
    "explain.title": ("Giải thích: {subject} — {outcome}", "Explanation: {subject} — {outcome}"),
    "explain.days_late": (", trễ {days} ngày", ", {days} days late"),
    "explain.days_overdue": (", quá hạn {days} ngày", ", {days} days overdue"),
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
    "match.period-inferred": ("kỳ báo cáo suy ra từ ngày nhận: {periods}",
                              "period inferred from the receipt date: {periods}"),
    "match.expected-recipient": ("nơi nhận đúng: {recipients}", "expected recipient: {recipients}"),
    "match.already-satisfied": ("{instance}: đã được đáp ứng bởi báo cáo {by} nhận sớm hơn",
                                "{instance}: already satisfied by the earlier report {by}"),
    "match.stands-for": ("báo cáo kỳ {report} thay cho báo cáo kỳ {period}",
                         "the report for {report} stands for the one for {period}"),
    "match.unknown-directive": ("báo cáo theo văn bản {directive!r}, không có trong bộ quy tắc: "
                                "không tính cho nghĩa vụ nào",
                                "the report answers {directive!r}, which the rules do not hold: "
                                "it counts for no duty"),
    "match.other-subject": ("báo cáo về nội dung khác; kỳ này đơn vị chỉ có nghĩa vụ: {owed}",
                            "the report is on another subject; for this period the unit owes "
                            "only: {owed}"),
    "subject.not-checked": ("báo cáo không nêu nội dung (trích yếu, văn bản): chỉ đối chiếu "
                            "đơn vị, kỳ và nơi nhận",
                            "the report names no subject (title, directive): matched on unit, "
                            "period and recipient only"),
    "quantity.count": ("số sản phẩm trong kỳ: {counts}", "items in the window: {counts}"),
    "unit.ceased": ("{unit} chấm dứt hoạt động sau ngày {last_day}{successor}",
                    "{unit} ceased after {last_day}{successor}"),
    "record.after-as-of": ("ngày nhận {received} sau ngày đối chiếu {as_of}",
                           "received {received}, after the as-of date {as_of}"),
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
    "unit.unknown": ("{field}: không có đơn vị {name!r} trong danh mục{suggestions}", "{detail}"),
    "unit.ambiguous": ("{field}: tên {name!r} khớp {count} đơn vị: {candidates}; hãy ghi mã "
                       "đơn vị hoặc tên đầy đủ kèm địa danh", "{detail}"),
    "unit.group": ("{field}: {name!r} là một nhóm đơn vị; báo cáo do một đơn vị gửi: "
                   "hãy ghi tên đơn vị", "{detail}"),
    "csv.extra-cells": ("dòng có {cells} ô nhưng tiêu đề có {columns} cột (dấu phẩy hoặc "
                        "chấm phẩy trong một giá trị không có ngoặc kép?)", "{detail}"),
}


def _pick(pair: tuple[str, str], lang: Lang | str) -> str:
    return pair[1] if Lang(lang) is Lang.EN else pair[0]


def text(key: str, lang: Lang | str, **values: object) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``."""
    template = _pick(_TEXT[key], lang)
    return template.format(**values) if values else template


def fault(value: Fault, lang: Lang | str) -> str:
    """One failed attempt of the rule engine (engine.errors.Fault), in words."""
    if value.kind == "crash" and value.signal:
        return text("fault.signal", lang, signal=value.signal)
    if value.kind == "crash":
        return text("fault.status", lang, status=value.status)
    if value.kind == "timeout":
        return text("fault.timeout", lang, seconds=f"{value.seconds:g}")
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
    "due.stated": ("Ngày văn bản nêu: {nominal} (“{words}”)",
                   "Day the text states: {nominal} (“{words}”)"),
    "due.assumed": ("Văn bản không nêu hạn: giả định {nominal} theo chính sách {policy} "
                    "({policy_text})",
                    "The text states no date: assumed {nominal} under policy {policy} "
                    "({policy_text})"),
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
}

WEEKDAYS: tuple[tuple[str, str], ...] = (
    ("thứ Hai", "Monday"), ("thứ Ba", "Tuesday"), ("thứ Tư", "Wednesday"),
    ("thứ Năm", "Thursday"), ("thứ Sáu", "Friday"), ("thứ Bảy", "Saturday"),
    ("Chủ nhật", "Sunday"),
)
