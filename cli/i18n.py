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
    # baocao validate, ingest and register (the secretariat's batch)
    "reading": ("Đang đọc tệp…", "Reading files…"),
    "building": ("Đang kiểm tra bản ghi…", "Checking records…"),
    "title.records": ("{file} — {count} bản ghi", "{file} — {count} records"),
    "records.sheet": ("Bản ghi", "Records"),
    "large.note": ("(tệp lớn: mỗi bản ghi một dòng, cắt theo độ rộng màn hình; đủ các cột: "
                   "--format csv, xlsx hoặc json)", "(a large file: one line per record, cut "
                   "to the terminal's width; every column: --format csv, xlsx or json)"),
    "col.line": ("Dòng", "Row"),
    "col.stt": ("STT", "No."),
    "col.result": ("Kết quả", "Result"),
    "col.details": ("Khớp với · lý do · cần sửa", "Matched to · reasons · fix"),
    "result.matched": ("khớp · {verdict}", "matched · {verdict}"),
    "late.days": ("trễ {days} ngày", "{days} days late"),
    "matched.to": ("{directive} · {obligation} · {period} (hạn {due})",
                   "{directive} · {obligation} · {period} (due {due})"),
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
    "basis.stated": ("nêu trong văn bản", "stated"),
    "basis.assumed": ("giả định", "assumed"),
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
    "title.register": ("Sổ {db}: {count} bản ghi", "Register {db}: {count} records"),
    "title.register_conflicts": ("Sổ {db}: {count} bản xung đột được giữ riêng",
                                 "Register {db}: {count} conflicting versions kept aside"),
    "title.ingests": ("Các lô đã nhận vào sổ {db}", "Batches ingested into {db}"),
    "title.show": ("{what} {ident} — {source}, lô {ingest} ({at})",
                   "{what} {ident} — {source}, batch {ingest} ({at})"),
    "show.record": ("Bản ghi", "Record"),
    "show.conflict": ("Bản xung đột (giữ riêng) của", "Conflicting version (kept aside) of"),
    "show.supplied": ("{value} (không ghi trong sổ: theo --recipient)",
                      "{value} (not written: from --recipient)"),
    "empty.register": ("Sổ chưa có bản ghi nào.", "The register holds no records yet."),
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
    "fix.conflict": ("so sánh hai bản ('baocao register show {id}'); sửa bản ghi hoặc đặt mã "
                     "khác", "compare the two versions ('baocao register show {id}'); correct "
                     "the record or give it another id"),
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
    "file.no-header": ("không có dòng tiêu đề nêu mã, đơn vị báo cáo, nơi nhận, ngày nhận; "
                       "không đọc", "no header naming id, reporter, recipient, submitted_on; "
                       "not read"),
    "sheet.title-rows": ("dòng {span}: tiêu đề của sổ, không phải bản ghi",
                         "rows {span}: the register's title, not records"),
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
    "unit.unknown": ("{field}: không có đơn vị {name!r} trong danh mục{suggestions}", "{detail}"),
    "unit.ambiguous": ("{field}: tên {name!r} khớp {count} đơn vị: {candidates}; hãy ghi mã "
                       "đơn vị hoặc tên đầy đủ kèm địa danh", "{detail}"),
    "unit.group": ("{field}: {name!r} là một nhóm đơn vị; báo cáo do một đơn vị gửi: "
                   "hãy ghi tên đơn vị", "{detail}"),
    "csv.extra-cells": ("dòng có {cells} ô nhưng tiêu đề có {columns} cột (dấu phẩy hoặc "
                        "chấm phẩy trong một giá trị không có ngoặc kép?)", "{detail}"),
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
