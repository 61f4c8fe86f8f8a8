"""The outside reference: the same verdicts and dispositions as a DuckDB SQL formulation.

    python benchmarks/duckdb_ref.py --rules DIR -s FILE.csv --as-of D --since D --out OUT

Reads the rule files and the CSV register, writes ``OUT/instances.csv`` (per expected
instance: key, verdict, days late, days overdue, the report that counted), ``OUT/dispositions.csv``
(per record) and ``OUT/excluded.csv`` (what it does not decide, and why), and prints its counts.
Everything from reading the rule files to the last CSV written is its end-to-end time.

Set-up in Python (small tables, from the rule files; no code shared with the engine or the
oracle): the obligations' periods with their due dates (stated day or named policy, "trước" =
the day before, rolled over weekends, the ``holidays`` Vietnam calendar and
``calendar/vn-adjustments.yaml``), each period's first receipt day (issue 14: a year from 1
November, a half, a quarter or nine months from the first day of the last month, a month from
its 16th, or the obligation's ``received_from``), routes (recipient and vias, as carried on the
due date; a via that ceased with nobody after it is none) and reporters (groups expanded); each
unit's carrier over time (successors) and province (its highest ancestor's place); every
written form of every unit name, and the short names of the units that have a place; every
text number the rules know. Then SQL does the rest, over the whole register at once:

- reads the CSV (Vietnamese headers mapped to fields), parses dates (ISO, d/m/yyyy,
  "ngày d tháng m năm yyyy") and each distinct period phrase (regular expressions);
- resolves each distinct name by a join with the name forms: exact id, then NFC + lower case,
  then without diacritics (đ→d), then as a short name without its place ("Sở Y tế", also with
  "tỉnh", "tp", "thành phố" after it); the recipient first, then the sender in the recipient's
  province (docs/domain.md#the-register-of-documents-received: in an office's register the
  province is the office's): of several units
  a name fits, the one of that province; a short name, the one of that province; a name that
  fits several units otherwise is ambiguous (unknown);
- expands the instances (obligation periods × reporters, the carrier on the due date, a
  period starting after a unit ceased is not owed, a unit gone with nobody after it excuses,
  a unit never reports to itself nor through itself);
- joins each record with the instances of its unit (the carrier on the receipt date) for its
  period, or the second half a year report stands for (plain half-yearly duties), or the third
  quarter a nine-month report stands for (plain quarterly duties) — unless it was received
  before the first receipt day (the longer period's, for a report standing for a shorter one;
  ``early_if_named`` lifts it);
- the subject of each (record, instance): the directive column names it (or a directive the
  rules do not hold: another subject); else a title citing texts of the rules answers those
  (same only when one is the obligation's); else the title holds one of the obligation's
  phrases (same), another phrase of the rule book or a text number (another subject), or only
  everyday and period words (not checked);
- one report owed once: the instances of several plans due from the same unit to the same
  office, through the same via, for the same period are the same report: a record on the
  subject of one is a candidate for each;
- dispositions: invalid, received_later, unknown_unit, unmatched (nothing owed, or only other
  subjects, or an unnamed report to an office owed nothing, or too early), misrouted, matched
  (the earliest routed receipt, by counted date then input order, for at least one instance),
  duplicate;
- verdicts: on_time / late (days) from the earliest routed receipt, else exempt, overdue (days)
  or pending; only periods ending on or after ``--since`` and started by ``--as-of``.

Not implemented (the national generator writes none of these; each is detected and listed in
``excluded.csv``, never decided silently, or stops the run): kinds other than ``periodic`` and
``activity`` (tasks, quantities, reviews, ad hoc requests: the run stops with a message);
documents that are not plainly reports (a title not opening with "Báo cáo", a number of another
kind: excluded); a record without a period (the engine takes it from the title or the nearest
due date); the ``obligation`` column; titles that name a subject in words that are no phrase of
the rule book (the engine weighs the remaining words; such a record and its unit's instances
are excluded); ``name_en`` and labels as unit names; the abbreviations of ``units.yaml`` and
the columns Số đến, loai, item, item_date and request (the run stops).
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb
import holidays
import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)  # a safe loader (C if available)


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFC", " ".join(text.split())).lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", t) if not unicodedata.combining(c))


# ---------------------------------------------------------------------------------------
# Periods and due dates (Python set-up: one row per obligation and period)


def _month_end(y: int, m: int) -> date:
    return (date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)) - timedelta(days=1)


def _period(code: str, y: int) -> tuple[str, str, date, date]:
    """(label, kind, start, end) of a report code (Y, 9M, H1, Q3, M5) in year ``y``."""
    if code == "Y":
        return str(y), "year", date(y, 1, 1), date(y, 12, 31)
    if code == "9M":
        return f"{y}-9M", "nine", date(y, 1, 1), date(y, 9, 30)
    n = int(code[1:])
    if code[0] == "H":
        return (f"{y}-H{n}", "half", date(y, 1 if n == 1 else 7, 1),
                date(y, 6, 30) if n == 1 else date(y, 12, 31))
    if code[0] == "Q":
        return f"{y}-Q{n}", "quarter", date(y, 3 * n - 2, 1), _month_end(y, 3 * n)
    return f"{y}-{n:02d}", "month", date(y, n, 1), _month_end(y, n)


_CODES = {
    "monthly": [f"M{m}" for m in range(1, 13)],
    "quarterly": ["Q1", "Q2", "Q3", "Q4"],
    "semiannual": ["H1", "H2"],
    "semiannual_and_annual": ["H1", "Y"],
    "annual": ["Y"],
}


_LONGER = {"semiannual": "Y", "quarterly": "9M"}  # the report a plain H2 / Q3 may be


def _opens(code: str, y: int, rf: Any) -> date:
    """The first day a report on the period may be received (issue 14): a year from 1
    November, a half, a quarter or nine months from the first day of their last month, a month
    from its 16th; ``received_from``: the last N months, N days before the end, or the start."""
    _, kind, start, end = _period(code, y)
    if rf == "period_start":
        return start
    rf = rf if isinstance(rf, dict) else {}
    if rf.get("days_before_end") is not None:
        return max(start, end - timedelta(days=int(rf["days_before_end"])))
    n = rf.get("months_before_end")
    if n is None and kind == "month":
        return date(y, end.month, 16)
    n = int(n) if n is not None else (2 if kind == "year" else 1)
    m = end.year * 12 + end.month - n  # months since year 0 of the first of the last n
    return max(start, date(m // 12, m % 12 + 1, 1))


class _Calendar:
    def __init__(self, rules: Path) -> None:
        adj = _yaml(rules / "calendar" / "vn-adjustments.yaml") or {}
        self.off = {_date(e["date"]) for e in adj.get("days_off") or ()}
        self.work = {_date(e["date"]) for e in adj.get("working_days") or ()}
        self.holidays = holidays.country_holidays("VN")

    def roll(self, d: date) -> date:
        while not (d in self.work or (d not in self.off and d.weekday() < 5
                                      and d not in self.holidays)):
            d += timedelta(days=1)
        return d


def _due(deadline: dict[str, Any], policies: dict[str, Any], end: date, cal: _Calendar) -> date:
    dl = policies[deadline["policy"]] if deadline.get("basis") == "assumed" else deadline
    if dl["reading"] == "within" or dl.get("day") is None:
        last = end
    else:
        y, m = end.year, end.month
        if dl["month"] == "next":
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        elif dl["month"] != "last":
            m = int(dl["month"])
        last = date(y, m, min(int(dl["day"]), _month_end(y, m).day))
        if dl["reading"] == "before":
            last -= timedelta(days=1)
    return cal.roll(last)


class _Units:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.units = {u["id"]: u for u in doc.get("units") or ()}
        self.groups = {g["id"]: g["members"] for g in doc.get("groups") or ()}

    def expand(self, ids: Iterable[str]) -> list[str]:
        out: dict[str, None] = {}
        todo = list(ids)
        seen: set[str] = set()
        while todo:
            x = todo.pop(0)
            if x in seen:
                continue
            seen.add(x)
            if x in self.groups:
                todo[0:0] = self.groups[x]
            else:
                out[x] = None
        return list(out)

    def carrier(self, uid: str, on: date) -> str | None:
        seen: set[str] = set()
        cur: str | None = uid
        while cur is not None and cur not in seen:
            u = self.units.get(cur)
            if u is None or u.get("valid_to") is None or on <= _date(u["valid_to"]):
                return cur
            seen.add(cur)
            cur = u.get("successor")
        return None

    def segments(self) -> Iterable[tuple[str, date, date, str | None]]:
        """(unit, from, to, carrier) for every unit that ceases: who carries it when."""
        for uid, u in self.units.items():
            if u.get("valid_to") is None:
                continue
            start = date(1, 1, 1)
            cur: str | None = uid
            seen: set[str] = set()
            while cur is not None and cur not in seen:
                seen.add(cur)
                v = self.units.get(cur, {}).get("valid_to")
                if v is None:
                    yield uid, start, date(9999, 12, 31), cur
                    break
                end = _date(v)
                if end >= start:
                    yield uid, start, end, cur
                    start = end + timedelta(days=1)
                cur = self.units[cur].get("successor")
            else:
                yield uid, start, date(9999, 12, 31), None

    def province(self, uid: str) -> str:
        """The place of a unit's highest ancestor that has one ('' when none has)."""
        found, seen, cur = "", set(), uid
        while cur in self.units and cur not in seen:
            seen.add(cur)
            found = self.units[cur].get("place") or found
            cur = self.units[cur].get("parent")
        return found

    def short_forms(self) -> Iterable[tuple[str, str]]:
        """Short names written without their place: a unit that has a place, by its shorts."""
        for uid, u in self.units.items():
            if u.get("place"):
                for s in u.get("short") or ():
                    yield s, uid

    def forms(self) -> Iterable[tuple[str, str]]:
        prefixes = ("", "tỉnh ", "tinh ", "thành phố ", "tp ", "tp. ")
        for uid, u in self.units.items():
            yield u["name"], uid
            for a in u.get("aliases") or ():
                yield a, uid
            for s in u.get("short") or ():
                if u.get("place"):
                    for pre in prefixes:
                        yield f"{s} {pre}{u['place']}", uid
                else:
                    yield s, uid


def _setup(rules: Path, as_of: date, since: date, tmp: Path) -> dict[str, Path]:
    """Write the small tables as CSV files for DuckDB to read."""
    units = _Units(_yaml(rules / "units.yaml") or {})
    policies = {p["id"]: p for p in (_yaml(rules / "calendar" / "policies.yaml") or {})
                .get("policies") or ()}
    cal = _Calendar(rules)
    until = date(as_of.year + 1, 12, 31)
    tmp.mkdir(parents=True, exist_ok=True)
    files = {n: tmp / f"{n}.csv" for n in ("periods", "reporters", "phrases", "numbers",
                                             "directives", "units", "segments", "forms",
                                             "short_forms", "known_numbers")}
    reg = _yaml(rules / "units.yaml") or {}
    if reg.get("abbreviations"):
        raise SystemExit("duckdb_ref: units.yaml abbreviations are not implemented")
    known: set[str] = set()
    with (files["periods"].open("w", newline="", encoding="utf-8") as fp,
          files["reporters"].open("w", newline="", encoding="utf-8") as fr,
          files["phrases"].open("w", newline="", encoding="utf-8") as fph,
          files["numbers"].open("w", newline="", encoding="utf-8") as fn,
          files["directives"].open("w", newline="", encoding="utf-8") as fd):
        wp, wr, wph, wn, wd = (csv.writer(f) for f in (fp, fr, fph, fn, fd))
        wp.writerow(["ob_key", "directive_id", "obligation", "frequency", "counts", "label",
                     "kind", "start", "end", "due", "routes", "recipient_active", "shown",
                     "opens", "opens_long", "early", "rec_due", "via_due"])
        wr.writerow(["ob_key", "unit_id"])
        wph.writerow(["ob_key", "phrase"])
        wn.writerow(["ob_key", "number"])
        wd.writerow(["key", "directive_id"])
        for path in sorted((rules / "directives").glob("*.yaml")):
            doc = _yaml(path)
            d = doc["directive"]
            wd.writerow([d["id"], d["id"]])
            if d.get("number"):
                wd.writerow([d["number"], d["id"]])
                known.add(d["number"])
            outer = d.get("subject") or {}
            known.update(outer.get("directives") or ())
            for ob in doc.get("obligations") or ():
                known.update((ob.get("subject") or {}).get("directives") or ())
                if ob["kind"] == "activity":
                    continue  # asks for no report
                if ob["kind"] != "periodic":
                    raise SystemExit(f"duckdb_ref: obligation {d['id']}/{ob['id']} is of kind "
                                     f"{ob['kind']!r}: only periodic obligations are implemented")
                key = f"{d['id']}/{ob['id']}"
                inner = ob.get("subject") or {}
                for ph in (*(outer.get("phrases") or ()), *(inner.get("phrases") or ())):
                    wph.writerow([key, ph])
                for num in (*(outer.get("directives") or ()), *(inner.get("directives") or ()),
                            *([d["number"]] if d.get("number") else [])):
                    wn.writerow([key, num])
                for r in units.expand(ob["reporters"]):
                    wr.writerow([key, r])
                force = ob.get("in_force") or d["in_force"]
                start, stop = _date(force["from"]), force.get("to")
                end_force = _date(stop) if stop else None
                schedule = ob.get("schedule")
                if schedule:
                    entries = [(e, None) if isinstance(e, str) else (e["period"], e.get("deadline"))
                               for e in schedule]
                    frequency = "schedule"
                else:
                    frequency = ob["frequency"]
                    entries = [(c, None) for c in _CODES[frequency]]
                vias = ob.get("via") or []
                vias = [vias] if isinstance(vias, str) else list(vias)
                last_year = until.year if end_force is None else min(until.year, end_force.year)
                for y in range(start.year, last_year + 1):
                    for code, own in entries:
                        label, kind, p_start, p_end = _period(code, y)
                        if p_end < start or (end_force is not None and p_start > end_force) \
                                or p_start > until:
                            continue
                        due = _due(own or ob["deadline"], policies, p_end, cal)
                        rec = units.carrier(ob["recipient"], due)
                        # a via that ceased with nobody after it is passed through no more
                        carried = [c for v in vias if (c := units.carrier(v, due))]
                        routes = [rec or ob["recipient"], *carried]
                        via = units.carrier(vias[0], due) if vias else None
                        rf = ob.get("received_from")
                        longer = _LONGER.get(frequency) if code in ("H2", "Q3") else None
                        wp.writerow([key, d["id"], ob["id"], frequency,
                                     ob.get("counts") or "received", label, kind, p_start,
                                     p_end, due, "|".join(routes), rec is not None,
                                     p_end >= since and p_start <= as_of,
                                     _opens(code, y, rf),
                                     _opens(longer, y, rf) if longer else "",
                                     bool(ob.get("early_if_named")), rec or ob["recipient"],
                                     via or ""])
    with files["units"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "valid_to", "province"])
        w.writerows([uid, u.get("valid_to") or "", units.province(uid)]
                    for uid, u in units.units.items())
    with files["short_forms"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["form", "unit_id"])
        w.writerows(units.short_forms())
    with files["known_numbers"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["number"])
        w.writerows([n] for n in sorted(known))
    with files["segments"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["unit_id", "from_day", "to_day", "carrier"])
        w.writerows(units.segments())
    with files["forms"].open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["form", "unit_id"])
        w.writerows(units.forms())
    return files


# ---------------------------------------------------------------------------------------
# The register's columns

_HEADERS = {
    "id": "id", "ma": "id", "reporter": "reporter", "don vi bao cao": "reporter",
    "don vi": "reporter", "don vi gui": "reporter", "noi gui": "reporter",
    "recipient": "recipient", "noi nhan": "recipient", "don vi nhan": "recipient",
    "submitted on": "submitted_on", "ngay nhan": "submitted_on", "ngay den": "submitted_on",
    "sent on": "sent_on", "ngay gui": "sent_on", "period": "period", "ky bao cao": "period",
    "title": "title", "trich yeu": "title", "trich yeu noi dung": "title", "tieu de": "title",
    "directive": "directive", "obligation": "obligation", "so hieu": "document_number",
    "so, ky hieu": "document_number", "so ky hieu": "document_number",
    "document number": "document_number",
}
_NOT_READ = frozenset({"so den", "loai", "ten loai", "loai van ban", "loai vb",
                       "ten loai van ban", "item", "item date", "ngay phat song", "ngay dang",
                       "ngay dang tin", "ngay xuat ban", "ngay phat hanh", "request"})
FIELDS = ("id", "reporter", "recipient", "submitted_on", "sent_on", "period", "title",
          "directive", "obligation", "document_number")


def _columns(path: Path) -> tuple[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        first = fh.readline()
    delim = ";" if first.count(";") > first.count(",") else ","
    header = next(csv.reader([first], delimiter=delim))
    found: dict[str, str] = {}
    for cell in header:
        f = _HEADERS.get(" ".join(_fold(cell).replace("_", " ").split()))
        if f is not None and f not in found:
            found[f] = cell
    unread = [cell for cell in header
              if " ".join(_fold(cell).replace("_", " ").split()) in _NOT_READ]
    if unread:
        raise SystemExit(f"duckdb_ref: {path}: column {unread[0]!r} is not implemented (a "
                         "register's Số đến, a kind of document, an item and its date)")
    missing = [f for f in ("id", "reporter", "recipient", "submitted_on") if f not in found]
    if missing:
        raise SystemExit(f"duckdb_ref: {path}: no column for {', '.join(missing)}")
    return delim, found


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


EVERYDAY = [  # words that say nothing of a subject
    "bao", "cao", "ket", "qua", "thuc", "hien", "tinh", "hinh", "cong", "tac", "hoat", "dong",
    "dinh", "ky", "danh", "gia", "so", "tong", "nam", "thang", "quy", "dau", "cuoi", "va", "cua",
    "ve", "tai", "theo", "tren", "trong", "cac", "mot", "nhung", "nhiem", "vu", "ke", "hoach",
    "phuong", "huong", "trien", "khai", "i", "ii", "iii", "iv", "ngay", "ca", "dot", "xuat",
    "chuyen", "de",
]
ANSWERED = ["ct", "kh", "qd", "cv", "tb", "nq", "kl", "hd", "tt", "nd", "ubnd"]


def _sql(files: dict[str, Path], subs: Path, as_of: date, out: Path) -> list[str]:
    delim, cols = _columns(subs)
    select = ", ".join(
        f"nullif(trim({_ident(cols[f])}), '') AS {f}" if f in cols else f"NULL::VARCHAR AS {f}"
        for f in FIELDS)
    a = f"DATE {_q(as_of.isoformat())}"

    def rd(name: str) -> str:
        return (f"read_csv({_q(str(files[name]))}, header = true, all_varchar = true, "
                "delim = ',', quote = '\"', escape = '\"')")

    everyday = "[" + ", ".join(_q(w) for w in EVERYDAY) + "]"
    answered = "[" + ", ".join(_q(w) for w in ANSWERED) + "]"
    return [
        # -- normalisation, the same for rule text and register text
        r"CREATE MACRO norm(x) AS lower(nfc_normalize(trim(regexp_replace(x, '\s+', ' ', 'g'))))",
        "CREATE MACRO fold(x) AS strip_accents(replace(norm(x), 'đ', 'd'))",
        "CREATE MACRO words(x) AS trim(regexp_replace(fold(x), '[^a-z0-9&]+', ' ', 'g'))",
        "CREATE MACRO numkey(x) AS regexp_replace(fold(x), '[^a-z0-9]', '', 'g')",
        r"""CREATE MACRO pdate(x) AS coalesce(
              try_strptime(trim(x), '%Y-%m-%d'), try_strptime(trim(x), '%d/%m/%Y'),
              try_strptime(regexp_replace(fold(x),
                  '^ngay (\d{1,2}) thang (\d{1,2}) nam (\d{4})$', '\1/\2/\3'),
                  '%d/%m/%Y'))::DATE""",
        # -- the rule tables
        f"""CREATE TABLE periods AS SELECT ob_key, directive_id, obligation, frequency, counts,
              label, kind, start::DATE AS p_start, "end"::DATE AS p_end, due::DATE AS due,
              string_split(routes, '|') AS routes, recipient_active::BOOLEAN AS recipient_active,
              shown::BOOLEAN AS shown, opens::DATE AS opens,
              nullif(opens_long, '')::DATE AS opens_long, early::BOOLEAN AS early,
              rec_due, nullif(via_due, '') AS via_due FROM {rd('periods')}""",
        f"CREATE TABLE reporters AS SELECT * FROM {rd('reporters')}",
        f"CREATE TABLE phrases AS SELECT DISTINCT ob_key, words(phrase) AS phrase "
        f"FROM {rd('phrases')}",
        f"CREATE TABLE numbers AS SELECT DISTINCT ob_key, numkey(number) AS num "
        f"FROM {rd('numbers')}",
        f"""CREATE TABLE dir_keys AS SELECT fold(key) AS k,
              CASE WHEN count(DISTINCT directive_id) = 1 THEN min(directive_id) END AS directive_id
              FROM {rd('directives')} GROUP BY 1""",
        f"CREATE TABLE units AS SELECT id, nullif(valid_to, '')::DATE AS valid_to, "
        f"nullif(fold(province), '') AS prov FROM {rd('units')}",
        f"CREATE TABLE known AS SELECT DISTINCT numkey(number) AS num FROM {rd('known_numbers')}",
        f"""CREATE TABLE segments AS SELECT unit_id, from_day::DATE AS from_day,
              to_day::DATE AS to_day, carrier FROM {rd('segments')}""",
        # -- every written form of every unit name, and the short names of the units that have
        #    a place (written without it), each with the province it is in
        f"""CREATE TABLE name_map AS
              SELECT lvl, k, list(DISTINCT {{'id': f.unit_id, 'prov': coalesce(u.prov, '')}})
                       AS ids
              FROM (SELECT 0 AS lvl, norm(form) AS k, unit_id FROM {rd('forms')}
                    UNION ALL SELECT 1, fold(form), unit_id FROM {rd('forms')}
                    UNION ALL SELECT 2, fold(form), unit_id FROM {rd('short_forms')}) f
              JOIN units u ON u.id = f.unit_id
              GROUP BY lvl, k""",
        # -- the expected instances: the carrier on the due date owes the report
        """CREATE TABLE inst AS
              SELECT DISTINCT p.directive_id || '/' || p.obligation || '/'
                       || coalesce(c.who, r.unit_id) || '/' || p.label AS key,
                     p.ob_key, p.directive_id, p.frequency, p.counts, p.label, p.kind, p.due,
                     p.routes, p.shown, coalesce(c.who, r.unit_id) AS who, p.opens,
                     p.opens_long, p.early, p.rec_due, p.via_due,
                     (coalesce(c.gone, false) OR NOT p.recipient_active) AS excused
              FROM periods p JOIN reporters r USING (ob_key) JOIN units u ON u.id = r.unit_id
              LEFT JOIN (SELECT unit_id, from_day, to_day, carrier AS who,
                                carrier IS NULL AS gone FROM segments) c
                ON c.unit_id = r.unit_id AND p.due BETWEEN c.from_day AND c.to_day
              -- a period that starts after the unit ceased (with nobody after it) is not owed
              WHERE NOT (coalesce(c.gone, false) AND p.p_start > u.valid_to)
              -- a unit never reports to itself, nor through itself (as carried on the due date)
                AND coalesce(c.who, r.unit_id) <> p.rec_due
                AND coalesce(c.who, r.unit_id) IS DISTINCT FROM p.via_due""",
        # -- the register, in input order
        f"""CREATE TABLE raw AS SELECT {select} FROM read_csv({_q(str(subs))}, header = true,
              all_varchar = true, delim = {_q(delim)}, quote = '"', escape = '"')""",
        # -- each distinct name: the units it fits as written (exact id, NFC + lower case,
        #    without diacritics: the first that fits any), else as a short name without its
        #    place (also with "tỉnh", "tp", "thành phố" after it)
        """CREATE TABLE names AS
              WITH nm AS (SELECT reporter AS raw FROM raw UNION SELECT recipient FROM raw),
              st AS (SELECT raw, fold(raw) AS f FROM nm WHERE raw IS NOT NULL)
              SELECT st.raw,
                     CASE WHEN u.id IS NOT NULL THEN [{'id': u.id, 'prov': coalesce(u.prov, '')}]
                          ELSE coalesce(m0.ids, m1.ids) END AS direct,
                     coalesce(s0.ids, s1.ids, s2.ids, s3.ids) AS short
              FROM st LEFT JOIN units u ON u.id = st.raw
              LEFT JOIN name_map m0 ON m0.lvl = 0 AND m0.k = norm(st.raw)
              LEFT JOIN name_map m1 ON m1.lvl = 1 AND m1.k = st.f
              LEFT JOIN name_map s0 ON s0.lvl = 2 AND s0.k = st.f
              LEFT JOIN name_map s1 ON s1.lvl = 2 AND st.f LIKE '% tinh'
                   AND s1.k = rtrim(st.f[:-5])
              LEFT JOIN name_map s2 ON s2.lvl = 2 AND st.f LIKE '% tp' AND s2.k = rtrim(st.f[:-3])
              LEFT JOIN name_map s3 ON s3.lvl = 2 AND st.f LIKE '% thanh pho'
                   AND s3.k = rtrim(st.f[:-10])""",
        # -- a name read in the province of the office it was sent to
        #    (docs/domain.md#the-register-of-documents-received: "in an
        #    office's own register the province is the office's"): of several units it fits,
        #    the one of that province; a short name, the one of that province (or of none)
        """CREATE MACRO pick(direct, short, near) AS CASE
              WHEN direct IS NOT NULL THEN CASE
                WHEN len(direct) = 1 THEN direct[1].id
                WHEN near IS NOT NULL AND len(list_filter(direct, lambda x: x.prov = near)) = 1
                  THEN list_filter(direct, lambda x: x.prov = near)[1].id END
              WHEN short IS NOT NULL THEN CASE
                WHEN near IS NULL THEN CASE WHEN len(short) = 1 THEN short[1].id END
                WHEN len(list_filter(short, lambda x: x.prov = near OR x.prov = '')) = 1
                  THEN list_filter(short, lambda x: x.prov = near OR x.prov = '')[1].id END
              END""",
        r"""CREATE TABLE pforms AS
              WITH f AS (SELECT DISTINCT period AS raw, fold(period) AS t FROM raw
                         WHERE period IS NOT NULL),
              m AS (SELECT raw, CASE
                  WHEN regexp_matches(t, '^(nam )?\d{4}$')
                    THEN ['year', regexp_extract(t, '\d{4}'), '0']
                  WHEN regexp_matches(t, '^\d{4}-h[12]$') THEN ['half', t[1:4], t[7]]
                  WHEN regexp_matches(t, '^h[12]/\d{4}$') THEN ['half', t[4:7], t[2]]
                  WHEN regexp_matches(t, '^0?6 thang (dau|cuoi) nam \d{4}$')
                    THEN ['half', regexp_extract(t, '\d{4}$'),
                          CASE WHEN t LIKE '%dau%' THEN '1' ELSE '2' END]
                  WHEN regexp_matches(t, '^0?9 thang (dau )?nam \d{4}$')
                    THEN ['nine', regexp_extract(t, '\d{4}$'), '0']
                  WHEN regexp_matches(t, '^\d{4}-9m$') THEN ['nine', t[1:4], '0']
                  WHEN regexp_matches(t, '^\d{4}-q[1-4]$') THEN ['quarter', t[1:4], t[7]]
                  WHEN regexp_matches(t, '^q[1-4]/\d{4}$') THEN ['quarter', t[4:7], t[2]]
                  WHEN regexp_matches(t, '^quy (i|ii|iii|iv|[1-4])(/| nam )\d{4}$')
                    THEN ['quarter', regexp_extract(t, '\d{4}$'),
                          CASE regexp_extract(t, '^quy (i|ii|iii|iv|[1-4])(/| nam )', 1)
                            WHEN 'i' THEN '1' WHEN 'ii' THEN '2' WHEN 'iii' THEN '3'
                            WHEN 'iv' THEN '4' ELSE regexp_extract(t, '^quy ([1-4])', 1) END]
                  WHEN regexp_matches(t, '^\d{4}-\d{2}$')
                       AND t[6:7]::INT BETWEEN 1 AND 12 THEN ['month', t[1:4], t[6:7]]
                  WHEN regexp_matches(t, '^(thang )?\d{1,2}(/| nam )\d{4}$')
                       AND regexp_extract(t, '(\d{1,2})(/| nam )\d{4}$', 1)::INT BETWEEN 1 AND 12
                    THEN ['month', regexp_extract(t, '\d{4}$'),
                          regexp_extract(t, '(\d{1,2})(/| nam )\d{4}$', 1)]
                  END AS v FROM f),
              p AS (SELECT raw, v[1] AS kind, v[2]::INT AS y, v[3]::INT AS n FROM m
                    WHERE v IS NOT NULL)
              SELECT raw, kind, y,
                CASE kind WHEN 'year' THEN y::VARCHAR WHEN 'nine' THEN y || '-9M'
                  WHEN 'half' THEN y || '-H' || n WHEN 'quarter' THEN y || '-Q' || n
                  ELSE y || '-' || lpad(n::VARCHAR, 2, '0') END AS label,
                CASE kind WHEN 'half' THEN make_date(y, 6 * n - 5, 1)
                  WHEN 'quarter' THEN make_date(y, 3 * n - 2, 1)
                  WHEN 'month' THEN make_date(y, n, 1) ELSE make_date(y, 1, 1) END AS p_start,
                CASE kind WHEN 'year' THEN make_date(y, 12, 31) WHEN 'nine' THEN make_date(y, 9, 30)
                  WHEN 'half' THEN last_day(make_date(y, 6 * n, 1))
                  WHEN 'quarter' THEN last_day(make_date(y, 3 * n, 1))
                  ELSE last_day(make_date(y, n, 1)) END AS p_end
              FROM p""",
        # -- each record: parsed, resolved, carried
        r"""CREATE TABLE s AS
              WITH r0 AS (SELECT raw.rowid AS idx, raw.*, pdate(raw.submitted_on) AS got,
                                 pdate(raw.sent_on) AS sent,
                                 pick(nc.direct, nc.short, NULL) AS rec_id
                          FROM raw LEFT JOIN names nc ON nc.raw = raw.recipient),
              r AS (SELECT r0.*, pick(nr.direct, nr.short, uc.prov) AS rep_id
                    FROM r0 LEFT JOIN units uc ON uc.id = r0.rec_id
                    LEFT JOIN names nr ON nr.raw = r0.reporter)
              SELECT r.idx, r.id, r.title, r.got, r.sent, r.period,
                     pf.label, pf.kind AS pkind, pf.y,
                     r.rep_id AS rep, r.rec_id AS rec,
                     CASE WHEN cr.unit_id IS NULL THEN r.rep_id
                          ELSE coalesce(cr.carrier, r.rep_id) END AS rep_c,
                     CASE WHEN cc.unit_id IS NULL THEN r.rec_id
                          ELSE coalesce(cc.carrier, r.rec_id) END AS rec_c,
                     dk.directive_id,
                     (r.directive IS NOT NULL AND dk.directive_id IS NULL) AS other_dir,
                     r.obligation IS NOT NULL AS has_obligation,
                     (r.id IS NOT NULL AND r.reporter IS NOT NULL AND r.recipient IS NOT NULL
                      AND r.got IS NOT NULL AND (r.sent_on IS NULL OR r.sent IS NOT NULL)
                      AND (r.period IS NULL OR (pf.label IS NOT NULL
                           AND pf.p_start <= r.got + 366
                           AND pf.p_end >= r.got - 5 * 366))) AS valid,
                     coalesce(words(r.title), '') AS twords,
                     coalesce(fold(r.title), '') AS tfold,
                     -- a report: its title opens with "báo cáo", or it has no title and its
                     -- number is a report's ("812/BC-SCT", "310-BC/BTGTU") or none at all;
                     -- any other kind of document is not read here
                     CASE WHEN coalesce(fold(r.title), '') <> ''
                          THEN regexp_matches(fold(r.title),
                                              '^[-*. :]*(ban )?bao cao($|[ :;,.(-])')
                          ELSE r.document_number IS NULL
                            OR regexp_matches(replace(fold(r.document_number), ' ', ''),
                                              '^(so:?)?\d+(/\d{4})?(/bc[-/]|-bc/)') END
                       AS report
              FROM r LEFT JOIN pforms pf ON pf.raw = r.period
              LEFT JOIN segments cr ON cr.unit_id = r.rep_id
                   AND r.got BETWEEN cr.from_day AND cr.to_day
              LEFT JOIN segments cc ON cc.unit_id = r.rec_id
                   AND r.got BETWEEN cc.from_day AND cc.to_day
              LEFT JOIN dir_keys dk ON dk.k = fold(r.directive)""",
        # -- what each distinct title says: phrases of the rule book, numbers of texts,
        #    and whether words remain that are neither everyday nor a period's
        f"""CREATE TABLE titles AS
              SELECT tfold, twords,
                     list_filter(regexp_extract_all(tfold, '\\d+\\s*[-/]\\s*[a-z]+[a-z0-9&/-]*'),
                                 lambda x: list_contains({answered},
                                                    regexp_extract(x, '[-/]\\s*([a-z]+)', 1)))
                       AS nums,
                     list_transform(regexp_extract_all(tfold,
                                                       '\\d+\\s*[-/]\\s*[a-z]+[a-z0-9&/-]*'),
                                    lambda x: numkey(x)) AS written,
                     len(list_filter(string_split(twords, ' '),
                                     lambda w: w <> '' AND NOT regexp_matches(w, '^[0-9]+$')
                                          AND NOT list_contains({everyday}, w))) AS rest
              FROM (SELECT DISTINCT tfold, twords FROM s)""",
        """CREATE TABLE title_phrases AS
              SELECT DISTINCT t.twords, p.phrase FROM (SELECT DISTINCT twords FROM s) t
              JOIN (SELECT DISTINCT phrase FROM phrases) p
                ON position(' ' || p.phrase || ' ' IN ' ' || t.twords || ' ') > 0""",
        """CREATE TABLE title_numbers AS
              SELECT DISTINCT tfold, numkey(x) AS num FROM (SELECT tfold, unnest(nums) AS x
                                                           FROM titles)""",
        # -- the numbers of texts of the rules a title cites (issue 14: it answers those)
        """CREATE TABLE title_known AS
              SELECT DISTINCT t.tfold, t.num FROM (SELECT tfold, unnest(written) AS num
                                                   FROM titles) t JOIN known USING (num)""",
        # -- the instances each record could be for: its unit's, for its period (or the
        #    half / quarter a year / nine-month report stands for), unless it came before a
        #    report on that period could be written (the first receipt day; a year report
        #    standing for the second half is judged by the year's)
        f"""CREATE TABLE cand0 AS
              WITH q AS (SELECT * FROM s WHERE valid AND got <= {a} AND rep IS NOT NULL
                           AND rec IS NOT NULL AND label IS NOT NULL AND NOT has_obligation
                           AND report),
              want AS (SELECT idx, label AS want, NULL AS freq FROM q
                       UNION ALL SELECT idx, y || '-H2', 'semiannual' FROM q WHERE pkind = 'year'
                       UNION ALL SELECT idx, y || '-Q3', 'quarterly' FROM q WHERE pkind = 'nine'),
              c AS (
              SELECT q.idx, i.key, i.ob_key, i.counts, i.due,
                     list_contains(i.routes, q.rec_c) AS routed,
                     CASE WHEN q.sent IS NOT NULL AND i.counts = 'sent' THEN q.sent
                          ELSE q.got END AS counted,
                     CASE WHEN w.freq IS NULL THEN i.opens ELSE i.opens_long END AS opens,
                     i.early,
                     CASE WHEN q.other_dir THEN 'other'
                          WHEN q.directive_id IS NOT NULL THEN 'same'
                          WHEN q.twords = '' THEN 'unchecked'
                          WHEN EXISTS (SELECT 1 FROM title_known tk WHERE tk.tfold = q.tfold)
                            THEN CASE WHEN EXISTS (
                                   SELECT 1 FROM numbers n JOIN title_known tk ON tk.num = n.num
                                   WHERE n.ob_key = i.ob_key AND tk.tfold = q.tfold)
                                 THEN 'same' ELSE 'other' END
                          WHEN EXISTS (SELECT 1 FROM phrases p JOIN title_phrases tp
                                         ON tp.phrase = p.phrase
                                       WHERE p.ob_key = i.ob_key AND tp.twords = q.twords)
                            THEN 'same'
                          WHEN EXISTS (SELECT 1 FROM title_phrases tp WHERE tp.twords = q.twords)
                            OR EXISTS (SELECT 1 FROM title_numbers tn WHERE tn.tfold = q.tfold)
                            THEN 'other'
                          ELSE 'unchecked' END AS rel
              FROM q JOIN want w ON w.idx = q.idx
              JOIN inst i ON i.who = q.rep_c AND i.label = w.want
                 AND (w.freq IS NULL OR i.frequency = w.freq)
                 AND (q.directive_id IS NULL OR i.directive_id = q.directive_id))
              SELECT idx, key, ob_key, counts, due, routed, counted, rel, false AS extra
              FROM c WHERE early OR counted >= opens""",
        # -- one report owed once: the same unit's report to the same office, through the same
        #    unit, for the same period, demanded by several plans; a record on the subject of
        #    one of them is that report for each
        """CREATE TABLE mates AS
              SELECT a.key, b.key AS mate FROM inst a JOIN inst b
                ON a.who = b.who AND a.rec_due = b.rec_due
                AND a.via_due IS NOT DISTINCT FROM b.via_due AND a.label = b.label
                AND a.ob_key <> b.ob_key""",
        """CREATE TABLE cand AS
              WITH ext AS (
                SELECT DISTINCT c.idx, m.mate AS key FROM cand0 c JOIN mates m ON m.key = c.key
                WHERE c.rel <> 'other'
                  AND NOT EXISTS (SELECT 1 FROM cand0 d WHERE d.idx = c.idx AND d.key = m.mate
                                                        AND d.rel <> 'other'))
              SELECT * FROM cand0 c
              WHERE NOT EXISTS (SELECT 1 FROM ext e WHERE e.idx = c.idx AND e.key = c.key)
              UNION ALL
              SELECT e.idx, i.key, i.ob_key, i.counts, i.due,
                     list_contains(i.routes, q.rec_c),
                     CASE WHEN q.sent IS NOT NULL AND i.counts = 'sent' THEN q.sent
                          ELSE q.got END,
                     'same', true
              FROM ext e JOIN inst i ON i.key = e.key JOIN s q ON q.idx = e.idx""",
        # -- the earliest routed receipt per instance (counted date, then input order)
        """CREATE TABLE first AS
              SELECT key, arg_min(idx, (counted, idx)) AS idx, min(counted) AS counted
              FROM cand WHERE routed AND rel <> 'other' GROUP BY key""",
        f"""CREATE TABLE disp AS
              WITH agg AS (
                SELECT c.idx, count(*) FILTER (WHERE rel <> 'other') AS fit,
                       count(*) FILTER (WHERE rel <> 'other' AND routed) AS routed,
                       bool_or(rel <> 'unchecked' AND NOT extra) AS named_rel,
                       bool_or(f.idx IS NOT NULL) AS is_first
                FROM cand c LEFT JOIN first f ON f.key = c.key AND f.idx = c.idx
                     AND c.routed AND c.rel <> 'other'
                GROUP BY c.idx)
              SELECT s.idx, s.id, s.rep_c, CASE
                  WHEN NOT s.valid THEN 'invalid'
                  WHEN s.got > {a} THEN 'received_later'
                  WHEN s.rep IS NULL OR s.rec IS NULL THEN 'unknown_unit'
                  WHEN coalesce(agg.fit, 0) = 0 THEN 'unmatched'
                  WHEN agg.routed = 0 THEN
                    CASE WHEN s.other_dir OR s.directive_id IS NOT NULL
                              OR (s.twords <> '' AND agg.named_rel) THEN 'misrouted'
                         ELSE 'unmatched' END
                  WHEN agg.is_first THEN 'matched' ELSE 'duplicate' END AS disposition,
                CASE WHEN NOT s.valid OR s.got > {a} THEN NULL
                     WHEN NOT s.report THEN 'a document this reference cannot tell is a '
                                            || 'report (kinds of documents): not implemented'
                     WHEN s.rep IS NULL OR s.rec IS NULL THEN NULL
                     WHEN s.label IS NULL THEN 'names no period (the engine reads the title or '
                                               || 'takes the nearest due date): not implemented'
                     WHEN s.has_obligation THEN 'names an obligation: not implemented'
                     WHEN s.directive_id IS NULL AND NOT s.other_dir AND t.rest > 0
                          AND NOT EXISTS (SELECT 1 FROM title_phrases tp WHERE tp.twords = s.twords)
                          AND len(t.nums) = 0
                       THEN 'its title has words that are no phrase of the rule book: '
                            || 'not implemented' END AS unsure
              FROM s LEFT JOIN agg ON agg.idx = s.idx
              LEFT JOIN titles t ON t.tfold = s.tfold""",
        f"""COPY (SELECT i.key,
                   CASE WHEN f.idx IS NOT NULL THEN
                          CASE WHEN f.counted > i.due THEN 'late' ELSE 'on_time' END
                        WHEN i.excused THEN 'exempt'
                        WHEN {a} > i.due THEN 'overdue' ELSE 'pending' END AS verdict,
                   CASE WHEN f.idx IS NOT NULL THEN greatest(f.counted - i.due, 0) ELSE 0 END
                     AS days_late,
                   CASE WHEN f.idx IS NULL AND NOT i.excused AND {a} > i.due THEN {a} - i.due
                        ELSE 0 END AS days_overdue,
                   coalesce(s.id, '') AS submission
                 FROM inst i LEFT JOIN first f ON f.key = i.key LEFT JOIN s ON s.idx = f.idx
                 WHERE i.shown ORDER BY i.key)
              TO {_q(str(out / 'instances.csv'))} (HEADER, DELIMITER ',')""",
        f"""COPY (SELECT id, disposition FROM disp ORDER BY idx)
              TO {_q(str(out / 'dispositions.csv'))} (HEADER, DELIMITER ',')""",
        f"""COPY (SELECT 'submission' AS kind, id, unsure AS reason FROM disp
                  WHERE unsure IS NOT NULL
                  UNION ALL SELECT DISTINCT 'reporter', rep_c, 'sent a record this reference '
                         || 'does not decide' FROM disp WHERE unsure IS NOT NULL)
              TO {_q(str(out / 'excluded.csv'))} (HEADER, DELIMITER ',')""",
    ]


def run(rules: Path, subs: Path, as_of: date, since: date, out: Path,
        threads: int | None = None) -> dict[str, Any]:
    t0 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    files = _setup(rules, as_of, since, out / "tables")
    t1 = time.perf_counter()
    con = duckdb.connect()
    if threads:
        con.execute(f"SET threads = {int(threads)}")
    for stmt in _sql(files, subs, as_of, out):
        con.execute(stmt)
    summary = dict(con.execute(
        "SELECT disposition, count(*) FROM disp GROUP BY 1").fetchall())
    t2 = time.perf_counter()
    return {"setup_s": round(t1 - t0, 3), "sql_s": round(t2 - t1, 3), "dispositions": summary}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rules", type=Path, required=True)
    ap.add_argument("-s", "--submissions", type=Path, required=True)
    ap.add_argument("--as-of", type=date.fromisoformat, required=True)
    ap.add_argument("--since", type=date.fromisoformat, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--threads", type=int, default=None)
    args = ap.parse_args(argv)
    res = run(args.rules, args.submissions, args.as_of, args.since, args.out, args.threads)
    print(res, file=sys.stderr)


if __name__ == "__main__":
    main()

