"""Small rule books and submission batches, written as the YAML files a user would write.

Shared by the oracle's own tests and the engine-vs-oracle properties. Rule books are written
in the documented format (rules/README.md) next to the bundled decisions.yaml and calendar
files, so the engine loads them exactly as it loads real rules.
"""

from __future__ import annotations

import shutil
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from tests.oracle import parse_period

BUNDLED_RULES = Path(__file__).resolve().parents[1] / "rules"


class _NoAliasDumper(yaml.SafeDumper):
    """Rule files refuse anchors; PyYAML would emit one for a dict used twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False)


def write_rules(
    root: Path,
    units: list[dict[str, Any]],
    groups: list[dict[str, Any]],
    directives: list[dict[str, Any]],
    days_off: Sequence[date] = (),
    working_days: Sequence[date] = (),
) -> Path:
    """A complete rules dir: bundled decisions and calendar, generated units and directives;
    extra days off / make-up working days replace the bundled adjustments when given."""
    (root / "calendar").mkdir(parents=True, exist_ok=True)
    (root / "directives").mkdir(exist_ok=True)
    shutil.copy(BUNDLED_RULES / "decisions.yaml", root / "decisions.yaml")
    for f in (BUNDLED_RULES / "calendar").glob("*.yaml"):
        shutil.copy(f, root / "calendar" / f.name)
    if days_off or working_days:
        adj = {
            "days_off": [{"date": d, "reason": "ngày nghỉ thử nghiệm"} for d in days_off],
            "working_days": [{"date": d, "reason": "làm bù thử nghiệm"} for d in working_days],
        }
        (root / "calendar" / "vn-adjustments.yaml").write_text(dump(adj), encoding="utf-8")
    (root / "units.yaml").write_text(dump({"units": units, "groups": groups}), encoding="utf-8")
    for doc in directives:
        name = f"{doc['directive']['id']}.yaml"
        (root / "directives" / name).write_text(dump(doc), encoding="utf-8")
    return root


def write_submissions(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(dump(records), encoding="utf-8")
    return path


def directive_doc(
    did: str, issuer: str, start: date, end: date | None, obligations: list[dict[str, Any]]
) -> dict[str, Any]:
    force: dict[str, Any] = {"from": start}
    if end is not None:
        force["to"] = end
    return {
        "directive": {
            "id": did,
            "number": f"{did.rsplit('-', 1)[-1]}/CT-TEST",
            "kind": "chi_thi",
            "title": f"Chỉ thị thử nghiệm {did}",
            "issuer": issuer,
            "issued_on": date(2021, 12, 1),
            "in_force": force,
            "source": "seeds/generated.txt",
        },
        "obligations": obligations,
    }


def obligation_doc(
    oid: str,
    reporters: list[str],
    recipient: str,
    frequency: str,
    deadline: dict[str, Any],
    via: str | None = None,
    in_force: tuple[date, date | None] | None = None,
    counts: str | None = None,
) -> dict[str, Any]:
    ob: dict[str, Any] = {
        "id": oid,
        "summary": f"Báo cáo định kỳ {oid}",
        "kind": "periodic",
        "reporters": reporters,
        "recipient": recipient,
    }
    if via is not None:
        ob["via"] = via
    ob["frequency"] = frequency
    ob["deadline"] = deadline
    if counts is not None:
        ob["counts"] = counts
    if in_force is not None:
        ob["in_force"] = {"from": in_force[0]}
        if in_force[1] is not None:
            ob["in_force"]["to"] = in_force[1]
    ob["citation"] = {"section": "1", "text": f"Định kỳ báo cáo {oid}"}
    return ob


# ---------------------------------------------------------------------------------------
# hypothesis strategies

UNIT_POOL = [
    ("so-tai-chinh", "Sở Tài chính tỉnh Tây Ninh", "so"),
    ("so-y-te", "Sở Y tế tỉnh Tây Ninh", "so"),
    ("so-noi-vu", "Sở Nội vụ tỉnh Tây Ninh", "so"),
    ("so-gd-dt", "Sở Giáo dục và Đào tạo tỉnh Tây Ninh", "so"),
    ("ubnd-chau-thanh", "Ủy ban nhân dân huyện Châu Thành", "ubnd"),
    ("ubnd-go-dau", "Ủy ban nhân dân huyện Gò Dầu", "ubnd"),
    ("bo-tttt", "Bộ Thông tin và Truyền thông", "bo"),
    ("vu-tdkt", "Vụ Thi đua - Khen thưởng", "vu"),
]
UNKNOWN_NAMES = ["Phòng Hành chính huyện Không Tên", "Cục Không Có Thật"]
GROUP_ID = "nhom-thu"
MONTHS: list[str | int] = ["last", "last", "next", 12, 1, 7, 3]
FREQUENCIES = ["quarterly", "semiannual", "semiannual_and_annual", "annual", "monthly",
               "schedule"]
# What the generated directives are about, and what other reports in the stream are about.
SUBJECTS = ["thi đua, khen thưởng", "ưu tiên dùng hàng Việt Nam", "chuyển đổi số"]
OTHER_SUBJECTS = ["tình hình kinh tế - xã hội", "công tác cải cách hành chính",
                  "an toàn giao thông"]

# Canonical labels of 2022 with the other ways people write them.
PERIOD_FORMS: dict[str, list[str]] = {
    "2022": ["2022", "năm 2022"],
    "2022-H1": ["2022-H1", "6 tháng đầu năm 2022"],
    "2022-H2": ["2022-H2", "6 tháng cuối năm 2022"],
    "2022-Q1": ["2022-Q1", "quý I/2022"],
    "2022-Q2": ["2022-Q2", "Quý 2 năm 2022"],
    "2022-Q3": ["2022-Q3", "quý III/2022"],
    "2022-Q4": ["2022-Q4", "Quý 4 năm 2022"],
    "2022-05": ["2022-05", "tháng 5/2022"],
    "2022-9M": ["2022-9M", "9 tháng đầu năm 2022"],
    "2023-Q1": ["2023-Q1", "quý I/2023"],
}
# Periods each frequency owes in 2022 (an annual report also stands for a half-yearly H2).
OWED_LABELS: dict[str, list[str]] = {
    "quarterly": ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4", "2023-Q1"],
    "semiannual": ["2022-H1", "2022-H2", "2022"],
    "semiannual_and_annual": ["2022-H1", "2022", "2022-H2"],
    "annual": ["2022", "2023"],
    "monthly": ["2022-01", "2022-05", "2022-06", "2022-09", "2022-12"],
    "schedule": ["2022-Q1", "2022-H1", "2022-9M", "2022", "2022-Q3"],
}
BAD_DATES = ["2022-02-30", "32/01/2022", "hôm qua"]


def _strip_marks(text: str) -> str:
    t = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in t if not unicodedata.combining(c))


def _fmt_date(d: date, style: int) -> str:
    if style == 1:
        return f"{d.day}/{d.month}/{d.year}"
    if style == 2:
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == 3:
        return f"ngày {d.day} tháng {d.month} năm {d.year}"
    return d.isoformat()


@dataclass(frozen=True)
class Scenario:
    units: list[dict[str, Any]]
    groups: list[dict[str, Any]]
    directives: list[dict[str, Any]]
    records: list[dict[str, Any]]
    as_of: date
    days_off: list[date] = field(default_factory=list)
    working_days: list[date] = field(default_factory=list)

    def in_force_starts(self) -> list[date]:
        """When each obligation comes into force (its own window, else its directive's)."""
        return [
            (ob.get("in_force") or doc["directive"]["in_force"])["from"]
            for doc in self.directives for ob in doc["obligations"]
        ]

    def write(self, root: Path) -> tuple[Path, Path]:
        rules = write_rules(root / "rules", self.units, self.groups, self.directives,
                            self.days_off, self.working_days)
        subs = write_submissions(root / "submissions.yaml", self.records)
        return rules, subs


@st.composite
def deadlines(draw: st.DrawFn, frequency: str) -> dict[str, Any]:
    """A stated or assumed deadline; a fixed month only for annual reports ("tháng 12 hằng
    năm"): elsewhere it would fall outside the period, which the loader rightly refuses."""
    if draw(st.integers(0, 3)) == 0:
        return {"basis": "assumed", "policy": "ngay-20-thang-cuoi-ky"}
    reading = draw(st.sampled_from(["before", "by"]))
    day = draw(st.integers(1, 28))
    months = MONTHS if frequency == "annual" else ["last", "last", "next"]
    month: str | int = draw(st.sampled_from(months))
    word = "trước" if reading == "before" else "chậm nhất"
    return {"basis": "stated", "day": day, "month": month, "reading": reading,
            "words": f"{word} ngày {day}"}


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    n = draw(st.integers(3, 6))
    pool = draw(st.permutations(UNIT_POOL))[:n]
    ids = [u[0] for u in pool]
    units: list[dict[str, Any]] = []
    for uid, name, kind in pool:
        u: dict[str, Any] = {"id": uid, "name": name, "kind": kind}
        if draw(st.integers(0, 2)) == 0:
            u["aliases"] = [f"Đơn vị {uid.upper()}"]
        if draw(st.integers(0, 5)) == 0:
            u["valid_to"] = draw(st.dates(date(2022, 2, 1), date(2022, 12, 31)))
        units.append(u)
    lasting = [u["id"] for u in units if "valid_to" not in u]
    for u in units:  # after a merger, a unit's duties pass to a successor
        if "valid_to" in u and lasting and draw(st.booleans()):
            u["successor"] = draw(st.sampled_from(lasting))
    members = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=n, unique=True))
    groups = [{"id": GROUP_ID, "name": "Nhóm đơn vị thử nghiệm", "members": members}]

    directives: list[dict[str, Any]] = []
    recipients: list[str] = []
    for di in range(draw(st.integers(1, 2))):
        start = draw(st.dates(date(2022, 1, 1), date(2022, 11, 30)))
        end = draw(st.one_of(st.none(), st.dates(start, date(2022, 12, 31))))
        obs = []
        for oi in range(draw(st.integers(1, 2))):
            recipient = draw(st.sampled_from(ids))
            via = draw(st.one_of(st.none(), st.sampled_from([i for i in ids if i != recipient])))
            busy = {recipient, via}
            options = [i for i in ids if i not in busy]
            if not busy & set(members):
                options.append(GROUP_ID)
            reporters = draw(st.lists(st.sampled_from(options), min_size=1, max_size=3,
                                      unique=True))
            window = None
            if draw(st.integers(0, 3)) == 0:
                o_start = draw(st.dates(start, end or date(2022, 12, 31)))
                o_end = draw(st.one_of(st.none(), st.dates(o_start, end or date(2022, 12, 31))))
                window = (o_start, end if o_end is None else o_end)
            frequency = draw(st.sampled_from(FREQUENCIES))
            ob = obligation_doc(
                f"ob-{oi + 1}", reporters, recipient,
                "quarterly" if frequency == "schedule" else frequency,
                draw(deadlines("quarterly" if frequency == "schedule" else frequency)),
                via, window, draw(st.sampled_from([None, None, "received", "sent"])),
            )
            if frequency == "schedule":  # NĐ 09/2019: quý I, 6 tháng, 9 tháng, năm
                del ob["frequency"]
                ob["schedule"] = ["Q1", "H1", "9M", "Y"]
            obs.append(ob)
            recipients += [recipient] + ([via] if via else [])
        doc = directive_doc(f"ct-gen-{di + 1}", recipients[0], start, end, obs)
        doc["directive"]["subject"] = {"phrases": [SUBJECTS[di % len(SUBJECTS)]]}
        directives.append(doc)

    as_of = draw(st.dates(date(2022, 1, 15), date(2024, 1, 31)))
    last_day = min(as_of, date(2023, 12, 31))
    names = {u[0]: u[1] for u in pool}
    owed = [
        (sorted({m for r in ob["reporters"] for m in (members if r == GROUP_ID else [r])}),
         [ob["recipient"], *([ob["via"]] if "via" in ob else [])],
         "schedule" if "schedule" in ob else ob["frequency"])
        for doc in directives for ob in doc["obligations"]
    ]
    records: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 15))):
        aim = draw(st.integers(0, 9))
        if records and aim == 0:  # a further report for the same thing
            rec = dict(draw(st.sampled_from(records)))
        elif aim <= 6:  # aimed at an obligation: mostly right, sometimes misrouted
            reporters, routes, frequency = draw(st.sampled_from(owed))
            label = draw(st.sampled_from(OWED_LABELS[frequency]))
            rec = {
                "reporter": _name_form(draw, draw(st.sampled_from(reporters)), names),
                "recipient": draw(st.sampled_from([*routes, *routes, *ids])),
                "period": draw(st.sampled_from(PERIOD_FORMS.get(label, [label]))),
            }
        else:
            label = draw(st.sampled_from(sorted(PERIOD_FORMS)))
            rec = {
                "reporter": _name_form(draw, draw(st.sampled_from([*ids, *UNKNOWN_NAMES])),
                                       names),
                "recipient": draw(st.sampled_from([*recipients, *ids])),
                "period": draw(st.sampled_from(PERIOD_FORMS[label])),
            }
        rec["id"] = f"bc-{i + 1:02d}"
        if aim and "period" in rec and draw(st.integers(0, 4)) == 0:
            # a report naming no period, titled generically, on a subject, or not at all: the
            # engine and the oracle must infer the same one period for it
            written = rec.pop("period")
            rec["_period"] = next((k for k, forms in PERIOD_FORMS.items() if written in forms),
                                  written)
            words = draw(st.sampled_from(["", "kết quả thực hiện", *OTHER_SUBJECTS[:1],
                                          *[d["directive"]["subject"]["phrases"][0]
                                            for d in directives]]))
            if words:
                rec["title"] = f"Báo cáo {words}"
        if "title" not in rec and rec.get("period"):
            rec.update(draw(_titles(rec["period"], [d["directive"]["subject"]["phrases"][0]
                                                     for d in directives])))
        got = draw(st.dates(date(2022, 1, 1), last_day))
        written = rec.get("period") or rec.get("_period")
        if written and draw(st.booleans()):  # near the period's end, where deadlines are
            end = parse_period(str(written)).end
            got = min(max(end + timedelta(days=draw(st.integers(-10, 40))), date(2022, 1, 1)),
                      last_day)
        if draw(st.integers(0, 9)) == 0:  # received after the as-of date: outside the run
            got = as_of + timedelta(days=draw(st.integers(1, 20)))
        if draw(st.integers(0, 2)) == 0:  # the sending date, for rules that count it
            sent = max(got - timedelta(days=draw(st.integers(0, 12))), date(2022, 1, 1))
            rec["sent_on"] = _fmt_date(sent, draw(st.integers(0, 3)))
        named = draw(st.integers(0, 7))
        if named == 0:
            rec["directive"] = draw(st.sampled_from(
                [*[d["directive"]["number"] for d in directives], "99/CT-KHAC"]))
        elif named == 1:
            rec["obligation"] = draw(st.sampled_from(["ob-1", "ob-2"]))
        rec["submitted_on"] = _fmt_date(got, draw(st.integers(0, 3)))
        if draw(st.integers(0, 9)) == 0:
            rec["submitted_on"] = draw(st.sampled_from(BAD_DATES))
        records.append({k: rec[k] for k in ("id", "reporter", "recipient", "period",
                                            "submitted_on", "sent_on", "directive",
                                            "obligation", "title")
                        if k in rec})
    days_off, working_days = draw(adjustments())
    return Scenario(units, groups, directives, records, as_of, days_off, working_days)


@st.composite
def _titles(draw: st.DrawFn, period: str, subjects: list[str]) -> dict[str, Any]:
    """What the stream's titles say: nothing, something generic, a directive's subject, or
    another subject altogether; a title may carry the period instead of the period field."""
    choice = draw(st.integers(0, 4))
    if choice == 0:
        return {}
    label = next((k for k, forms in PERIOD_FORMS.items() if period in forms), period)
    words = PERIOD_FORMS.get(label, [label, label])[-1]  # the Vietnamese form
    subject = {1: "kết quả thực hiện", 2: draw(st.sampled_from(subjects)),
               3: draw(st.sampled_from(OTHER_SUBJECTS)), 4: draw(st.sampled_from(subjects))}
    out: dict[str, Any] = {"title": f"Báo cáo {subject[choice]} {words}"}
    if label in PERIOD_FORMS and draw(st.booleans()):
        out["period"] = None  # read from the title
        out["_period"] = label
    return out


@st.composite
def adjustments(draw: st.DrawFn) -> tuple[list[date], list[date]]:
    """Sometimes a Government-moved day: a weekday off near the usual deadlines, or a
    make-up working Saturday."""
    if draw(st.integers(0, 2)):
        return [], []
    days = [date(2022, m, d) for m in range(1, 13) for d in range(13, 22)]
    off = sorted(set(draw(st.lists(st.sampled_from([d for d in days if d.weekday() < 5]),
                                   max_size=3))))
    sat = [d for d in days if d.weekday() == 5]
    work = sorted(set(draw(st.lists(st.sampled_from(sat), max_size=2))))
    return off, work


def _name_form(draw: st.DrawFn, unit: str, names: dict[str, str]) -> str:
    """A unit as people write it: its id, its name, in capitals, or without diacritics."""
    if unit not in names:
        return unit
    form = draw(st.integers(0, 5))
    if form == 3:
        return names[unit] if draw(st.booleans()) else f"Đơn vị {unit.upper()}"
    if form == 4:
        return names[unit].upper()
    if form == 5:
        return _strip_marks(names[unit])
    return unit
