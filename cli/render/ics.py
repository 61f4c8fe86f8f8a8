"""iCalendar (RFC 5545) from the calendar view, written with the ``icalendar`` library.

One all-day event per due date (``CalendarEntry``), with a display alarm at 08:00 Vietnam time
on ``remind_on`` (a few working days before, computed by the view), the clause and the
assumed-or-stated basis of the date in the description, and the view's stable ``uid``: a
calendar imported again updates its events instead of duplicating them. ``DTSTAMP`` is the
time of writing (or ``SOURCE_DATE_EPOCH`` when set, for reproducible files).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING

from icalendar import Alarm, Calendar, Event

from cli.render.texts import Texts, vn_date

if TYPE_CHECKING:
    from engine import CalendarEntry, CalendarView

VIETNAM = timezone(timedelta(hours=7), "ICT")  # Asia/Ho_Chi_Minh: no daylight saving
REMIND_AT = time(8, 0)


def _stamp() -> datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC).replace(microsecond=0)


def basis_text(entry: CalendarEntry, texts: Texts) -> str:
    """Whether the directive states the date (with its words) or it is assumed (naming the
    policy)."""
    if entry.due_basis == "assumed":
        return texts.t("basis.assumed", policy=entry.due_policy or "?",
                       text=entry.due_policy_text or "")
    if not entry.deadline_words:
        return texts.t("basis.stated_plain")
    return texts.t("basis.stated", words=entry.deadline_words)


def summary_text(entry: CalendarEntry, texts: Texts) -> str:
    return texts.t("ics.summary", summary=entry.summary, period=entry.period,
                   clause=f"{entry.directive_label} {entry.clause}")


def description(entry: CalendarEntry, texts: Texts, reports_read: bool = False) -> str:
    t = texts.t
    lines = [
        t("ics.clause", directive=entry.directive, section=entry.citation.section,
          text=entry.citation.text),
        t("ics.due", due=vn_date(entry.due), basis=basis_text(entry, texts)),
        *((t("provisional.footnote", mark="").strip(),) if entry.due_provisional else ()),
        t("ics.period", period=entry.period, start=vn_date(entry.period_start),
          end=vn_date(entry.period_end)),
    ]
    if entry.cutoff_from and entry.cutoff_to:
        lines.append(t(f"ics.cutoff.{entry.data_window or 'nd09'}",
                       start=vn_date(entry.cutoff_from),
                       end=vn_date(entry.cutoff_to)))
    recipient = entry.recipient_name
    if entry.via_name:
        recipient += " " + t("via", unit=entry.via_name)
    lines.append(t("ics.recipient", recipient=recipient))
    lines.append(t("ics.reporters", count=len(entry.reporters),
                   reporters="; ".join(entry.reporter_names)))
    if reports_read:
        got = set(entry.received)
        awaited = [n for u, n in zip(entry.reporters, entry.reporter_names, strict=True)
                   if u not in got]
        lines.append(t("ics.awaited", count=len(awaited), total=len(entry.reporters),
                       reporters="; ".join(awaited) or "—"))
    return "\n".join(lines)


def calendar_ics(view: CalendarView, texts: Texts) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//baocao//reporting calendar//" + texts.lang.value.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", texts.t("ics.name", year=view.year))
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = _stamp()
    for entry in view.entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.due)
        event.add("dtend", entry.due + timedelta(days=1))
        event.add("summary", summary_text(entry, texts))
        event.add("description", description(entry, texts, view.reports_read))
        event.add("categories", [entry.directive])
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", texts.t("ics.alarm", summary=entry.summary,
                                         due=vn_date(entry.due)))
        alarm.add("trigger", _remind_utc(entry.remind_on))
        event.add_component(alarm)
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def _remind_utc(day: date) -> datetime:
    """08:00 in Vietnam on ``day``, as an absolute UTC time (RFC 5545 §3.8.6.3)."""
    return datetime.combine(day, REMIND_AT, tzinfo=VIETNAM).astimezone(UTC)
