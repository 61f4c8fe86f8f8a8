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

from tests.oracle import first_receipt_day, parse_period

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
    abbreviations: Sequence[dict[str, Any]] = (),
) -> Path:
    """A complete rules dir: bundled decisions and calendar, generated units and directives;
    extra days off / make-up working days replace the bundled adjustments when given. No
    doctypes.yaml: the bundled kinds of documents apply."""
    (root / "calendar").mkdir(parents=True, exist_ok=True)
    (root / "directives").mkdir(exist_ok=True)
    shutil.copy(BUNDLED_RULES / "decisions.yaml", root / "decisions.yaml")
    for f in (BUNDLED_RULES / "calendar").glob("*.yaml"):
        shutil.copy(f, root / "calendar" / f.name)
    if days_off or working_days:
        years = sorted({d.year for d in (*days_off, *working_days)})
        src = "Văn bản thử nghiệm (sinh tự động)"
        adj = {
            "recorded_years": [{"years": y, "source": src} for y in years],
            "days_off": [{"date": d, "reason": "ngày nghỉ thử nghiệm", "source": src}
                         for d in days_off],
            "working_days": [{"date": d, "reason": "làm bù thử nghiệm", "source": src}
                             for d in working_days],
        }
        (root / "calendar" / "vn-adjustments.yaml").write_text(dump(adj), encoding="utf-8")
    registry: dict[str, Any] = {"units": units, "groups": groups}
    if abbreviations:
        registry["abbreviations"] = list(abbreviations)
    (root / "units.yaml").write_text(dump(registry), encoding="utf-8")
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

# (id, name, kind, place, short names). Two provinces' namesakes make a short name written
# without its place ("Sở Y tế") depend on the recipient's province. No id spells a name
# written for another unit ("so-y-te" would be "Sở Y tế" without marks and punctuation).
UNIT_POOL: list[tuple[str, str, str, str | None, list[str]]] = [
    ("stc-tn", "Sở Tài chính tỉnh Tây Ninh", "so", "Tây Ninh", ["Sở Tài chính", "STC"]),
    ("syt-tn", "Sở Y tế tỉnh Tây Ninh", "so", "Tây Ninh", ["Sở Y tế"]),
    ("snv-tn", "Sở Nội vụ tỉnh Tây Ninh", "so", "Tây Ninh", ["Sở Nội vụ"]),
    ("sgd-tn", "Sở Giáo dục và Đào tạo tỉnh Tây Ninh", "so", "Tây Ninh", ["Sở GD&ĐT"]),
    ("ubnd-chau-thanh", "Ủy ban nhân dân huyện Châu Thành", "ubnd", "Tây Ninh", []),
    ("ubnd-go-dau", "Ủy ban nhân dân huyện Gò Dầu", "ubnd", "Tây Ninh", []),
    ("bo-tttt", "Bộ Thông tin và Truyền thông", "bo", None, []),
    ("vu-tdkt", "Vụ Thi đua - Khen thưởng", "vu", None, []),
    ("syt-thn", "Sở Y tế tỉnh Thái Nguyên", "so", "Thái Nguyên", ["Sở Y tế"]),
    ("snv-thn", "Sở Nội vụ tỉnh Thái Nguyên", "so", "Thái Nguyên", ["Sở Nội vụ"]),
]
# units.yaml ``abbreviations``: "UBND huyện Gò Dầu", "Sở GD&ĐT tỉnh Tây Ninh" are the names.
ABBREVIATIONS = [{"short": "UBND", "long": ["Ủy ban nhân dân"]},
                 {"short": "GD&ĐT", "long": ["Giáo dục và Đào tạo"]}]
UNKNOWN_NAMES = ["Phòng Hành chính huyện Không Tên", "Cục Không Có Thật"]
GROUP_ID = "nhom-thu"
MONTHS: list[str | int] = ["last", "last", "next", 12, 1, 7, 3]
FREQUENCIES = ["quarterly", "semiannual", "semiannual_and_annual", "annual", "monthly",
               "schedule"]
# What the generated directives are about, and what other reports in the stream are about.
SUBJECTS = ["thi đua, khen thưởng", "ưu tiên dùng hàng Việt Nam", "chuyển đổi số"]
OTHER_SUBJECTS = ["tình hình kinh tế - xã hội", "công tác cải cách hành chính",
                  "an toàn giao thông"]
# What a task asks for besides a report (rules/doctypes.yaml kinds, or a product's words).
DELIVERABLES: list[dict[str, Any]] = [
    {"types": ["ke_hoach"]}, {"words": ["kịch bản"]},
    {"types": ["ke_hoach", "bao_cao"]}, {"types": ["bao_cao"], "words": ["tiểu phẩm"]},
]
TASK_WINDOWS: list[tuple[str | dict[str, date], str | None]] = [
    ("2022-Q3", None), ("2022-12", "2022"), ("2022-H2", None), ("2022-05", None),
    ({"from": date(2022, 7, 1), "to": date(2022, 10, 31)}, None), ("2022-06", "2022-H1"),
]

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
# Titles where the year follows the period (issue 14), or is joined to it: (label, title) —
# "{s}" the subject.
YEAR_AFTER = [
    ("2022-H1", "Báo cáo sơ kết 6 tháng thực hiện {s} năm 2022"),
    ("2022-Q3", "Báo cáo quý III thực hiện {s} năm 2022"),
    ("2022", "Báo cáo {s} quý IV và năm 2022"),
    ("2022-H2", "Báo cáo 6 tháng cuối năm về {s} năm 2022"),
]
# Periods each frequency owes in 2022 (an annual report also stands for a half-yearly H2).
OWED_LABELS: dict[str, list[str]] = {
    "quarterly": ["2022-Q1", "2022-Q2", "2022-Q3", "2022-Q4", "2023-Q1"],
    "semiannual": ["2022-H1", "2022-H2", "2022"],
    "semiannual_and_annual": ["2022-H1", "2022", "2022-H2"],
    "annual": ["2022", "2023"],
    "monthly": ["2022-01", "2022-05", "2022-06", "2022-09", "2022-12"],
    "schedule": ["2022-Q1", "2022-H1", "2022-9M", "2022", "2022-Q3"],
    "once": ["2022-Q3", "2022-12", "2022", "2022-H2", "2022-05", "2022-06", "2022-H1"],
    "ad_hoc": ["2022-Q2", "2022-Q3", "2022-05"],
}
BAD_DATES = ["2022-02-30", "32/01/2022", "hôm qua"]
# Documents of other kinds in a register: (title with "{s}" the subject and "{p}" the period
# words, document number, ``loai`` column).
OTHER_DOCUMENTS: list[tuple[str, str | None, str | None]] = [
    ("Giấy mời dự hội nghị sơ kết {s} {p}", "15/GM-UBND", None),
    ("Kế hoạch triển khai {s} {p}", "22-KH/TU", None),
    ("Kế hoạch thực hiện {s} {p}", "120/KH-UBND", None),
    ("V/v báo cáo kết quả thực hiện {s} {p}", "1200/SVHTTDL-QLVH", None),
    ("V/v triển khai {s} {p}", "1201/SYT-NVY", None),
    ("", "812/BC-SCT", None),
    ("", "310-BC/BTGTU", None),
    ("", "16/GM-UBND", None),
    ("", "1702/SVHTTDL", None),
    ("", "45/QD-UBND", None),
    ("Báo cáo {s} {p}", "77/BC-SYT", "Giấy mời"),
    ("Báo cáo {s} {p}", None, "KH"),
    ("Về công tác {s} {p}", None, "bao_cao"),
    ("Về công tác {s} {p}", None, "Công văn"),
    ("Thông báo kết luận về {s} {p}", None, None),
    ("Kịch bản tuyên truyền {s}", None, None),
    ("Báo cáo tiểu phẩm về {s} {p}", None, None),
    ("Sở Y tế báo cáo {s} {p}", None, None),
]


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
    abbreviations: list[dict[str, Any]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)  # --requests (ad hoc)

    def requests_file(self, root: Path) -> Path | None:
        if not self.requests:
            return None
        return write_submissions(root / "requests.yaml", self.requests)

    def in_force_starts(self) -> list[date]:
        """When each obligation comes into force (its own window, else its directive's)."""
        return [
            (ob.get("in_force") or doc["directive"]["in_force"])["from"]
            for doc in self.directives for ob in doc["obligations"]
        ]

    def write(self, root: Path) -> tuple[Path, Path]:
        rules = write_rules(root / "rules", self.units, self.groups, self.directives,
                            self.days_off, self.working_days, self.abbreviations)
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
def _units(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[str], dict[str, str]]:
    """3–7 units of the pool; some cease (with a successor, or none; inside a parent that
    ceases with one); names, aliases, places and short names."""
    n = draw(st.integers(3, 7))
    pool = draw(st.permutations(UNIT_POOL))[:n]
    units: list[dict[str, Any]] = []
    for uid, name, kind, place, short in pool:
        u: dict[str, Any] = {"id": uid, "name": name, "kind": kind}
        if place is not None and draw(st.integers(0, 3)):
            u["place"] = place
            if short:
                u["short"] = list(short)
        if draw(st.integers(0, 2)) == 0:
            u["aliases"] = [f"Đơn vị {uid.upper()}"]
        if draw(st.integers(0, 5)) == 0:
            u["valid_to"] = draw(st.dates(date(2022, 2, 1), date(2022, 12, 31)))
        units.append(u)
    lasting = [u["id"] for u in units if "valid_to" not in u]
    for u in units:  # after a merger, a unit's duties pass to a successor
        if "valid_to" in u and bool(lasting) and draw(st.booleans()):
            u["successor"] = draw(st.sampled_from(lasting))
    # a unit that ceases with nothing of its own after it, inside a parent that ceases too:
    # its duties pass to the parent's successor, unless it says no_successor
    orphans = [u for u in units if "valid_to" in u and "successor" not in u]
    if bool(orphans) and bool(lasting) and draw(st.booleans()):
        child = draw(st.sampled_from(orphans))
        parents = [u for u in units if u["id"] != child["id"] and u["id"] not in lasting[:1]]
        if parents:
            parent = draw(st.sampled_from(parents))
            child["parent"] = parent["id"]
            if "valid_to" not in parent:
                parent["valid_to"] = draw(st.dates(date(2022, 2, 1), date(2022, 12, 31)))
            heirs = [x for x in lasting if x not in (parent["id"], child["id"])]
            if "successor" not in parent and bool(heirs) and draw(st.integers(0, 3)) > 0:
                parent["successor"] = draw(st.sampled_from(heirs))
            if draw(st.integers(0, 3)) == 0:
                child["no_successor"] = True
    ids = [u["id"] for u in units]
    names = {u["id"]: u["name"] for u in units}
    return units, ids, names


@st.composite
def _periodic(draw: st.DrawFn, oid: str, ids: list[str], members: list[str],
              start: date, end: date | None) -> dict[str, Any]:
    """A periodic obligation; its reporters may include its own recipient or via unit (it
    owes itself nothing), through the group or by name."""
    recipient = draw(st.sampled_from(ids))
    via = draw(st.one_of(st.none(), st.sampled_from([i for i in ids if i != recipient])))
    busy = {recipient, via}
    options = [i for i in ids if i not in busy]
    if not busy & set(members) or draw(st.integers(0, 3)) == 0:
        options.append(GROUP_ID)
    if draw(st.integers(0, 4)) == 0:
        options += [x for x in busy if x is not None]
    reporters = draw(st.lists(st.sampled_from(options), min_size=1, max_size=3, unique=True))
    window = None
    if draw(st.integers(0, 5)) == 0:
        o_start = draw(st.dates(start, end or date(2022, 12, 31)))
        o_end = draw(st.one_of(st.none(), st.dates(o_start, end or date(2022, 12, 31))))
        window = (o_start, end if o_end is None else o_end)
    frequency = draw(st.sampled_from(FREQUENCIES))
    ob = obligation_doc(
        oid, reporters, recipient, "quarterly" if frequency == "schedule" else frequency,
        draw(deadlines("quarterly" if frequency == "schedule" else frequency)),
        via, window, draw(st.sampled_from([None, None, "received", "sent"])),
    )
    if frequency == "schedule":  # NĐ 09/2019: quý I, 6 tháng, 9 tháng, năm
        del ob["frequency"]
        ob["schedule"] = ["Q1", "H1", "9M", "Y"]
    others = [i for i in ids if i not in busy]
    if via is not None and others and draw(st.integers(0, 5)) == 0:
        ob["via"] = [via, draw(st.sampled_from(others))]  # "qua ... hoặc ..."
    opens = draw(st.integers(0, 9))
    if opens == 0:
        ob["received_from"] = {"months_before_end": draw(st.integers(1, 4))}
    elif opens == 1:
        ob["received_from"] = {"days_before_end": draw(st.integers(0, 40))}
    elif opens == 2:
        ob["received_from"] = "period_start"
    if draw(st.integers(0, 7)) == 0:
        ob["early_if_named"] = True
    return ob


def _window_of(w: str | dict[str, date]) -> tuple[date, date]:
    if isinstance(w, dict):
        return w["from"], w["to"]
    p = parse_period(w)
    return p.start, p.end


@st.composite
def _task(draw: st.DrawFn, oid: str, ids: list[str], start: date, end: date | None
          ) -> dict[str, Any] | None:
    """A one-off task, sometimes asking for a plan or a product ("kịch bản") instead of (or
    besides) a report, sometimes covering a period; its window in the directive's force."""
    windows = [(w, c) for w, c in TASK_WINDOWS if _window_of(w)[1] >= start
               and (end is None or _window_of(w)[0] <= end)]
    if not windows:
        return None
    recipient = draw(st.sampled_from(ids))
    reporters = draw(st.lists(st.sampled_from([i for i in ids if i != recipient]),
                              min_size=1, max_size=2, unique=True)) if len(ids) > 1 else ids
    window, covers = draw(st.sampled_from(windows))
    ob: dict[str, Any] = {"id": oid, "summary": f"Xây dựng kế hoạch {oid}", "kind": "task",
                          "reporters": reporters, "recipient": recipient, "frequency": "once",
                          "windows": [window],
                          "deadline": {"basis": "stated", "reading": "within",
                                       "words": "Thời gian thực hiện: trong kỳ"}}
    if covers is not None and draw(st.booleans()):
        ob["covers"] = covers
    if draw(st.integers(0, 3)):
        ob["deliverable"] = draw(st.sampled_from(DELIVERABLES))
    ob["citation"] = {"section": "2", "text": f"Xây dựng kế hoạch {oid}"}
    return ob


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    units, ids, names = draw(_units())
    members = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=len(ids), unique=True))
    groups = [{"id": GROUP_ID, "name": "Nhóm đơn vị thử nghiệm", "members": members}]
    abbreviations = ABBREVIATIONS if draw(st.booleans()) else []

    directives: list[dict[str, Any]] = []
    recipients: list[str] = []
    requests: list[dict[str, Any]] = []
    for di in range(draw(st.integers(1, 2))):
        start = draw(st.sampled_from([date(2022, 1, 1), date(2022, 1, 1)]) | st.dates(
            date(2022, 1, 1), date(2022, 11, 30)))
        end = draw(st.none() | st.none() | st.dates(start, date(2022, 12, 31)))
        obs = [draw(_periodic(f"ob-{oi + 1}", ids, members, start, end))
               for oi in range(draw(st.integers(1, 2)))]
        if di == 1 and draw(st.booleans()):
            # two plans demanding the same report: same reporters, recipient, via, schedule
            twin = dict(draw(st.sampled_from(directives[0]["obligations"])))
            if twin["kind"] == "periodic":
                twin = {k: v for k, v in twin.items() if k != "in_force"}
                twin["id"] = f"ob-{len(obs) + 1}"
                twin["deadline"] = draw(deadlines(twin.get("frequency", "quarterly")))
                obs.append(twin)
        if draw(st.integers(0, 3)) == 0:  # "tham mưu, tổ chức ...": no report asked
            obs.append({"id": f"ob-{len(obs) + 1}", "summary": "Tham mưu tổ chức thực hiện",
                        "kind": "activity", "reporters": [draw(st.sampled_from(ids))],
                        "citation": {"section": "3", "text": "Tham mưu tổ chức thực hiện"}})
        task = draw(_task(f"ob-{len(obs) + 1}", ids, start, end)) \
            if draw(st.integers(0, 2)) == 0 else None
        if task is not None:
            obs.append(task)
        if draw(st.integers(0, 3)) == 0:  # "ít nhất mỗi quý 2 tin, 1 bài"
            obs.append(_quantity(f"ob-{len(obs) + 1}", draw(st.sampled_from(ids)),
                                 draw(st.sampled_from(ids))))
        if draw(st.integers(0, 3)) == 0:  # "kịp thời báo cáo đột xuất": owed when asked
            who, to = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
            oid = f"ob-{len(obs) + 1}"
            obs.append({"id": oid, "summary": "Báo cáo đột xuất", "kind": "ad_hoc",
                        "reporters": [who], "recipient": to, "frequency": "ad_hoc",
                        "citation": {"section": "4", "text": "kịp thời báo cáo"}})
            for n in range(draw(st.integers(1, 2))):
                asked = draw(st.dates(date(2022, 1, 1), date(2022, 12, 31)))
                requests.append({
                    "id": f"yc-{di + 1}-{n + 1}",
                    "directive": draw(st.sampled_from([f"ct-gen-{di + 1}",
                                                       f"{di + 1}/CT-TEST"])),
                    "obligation": oid, "reporter": who, "requested_on": asked,
                    "due": asked + timedelta(days=draw(st.integers(0, 20))),
                    "number": f"{40 + n}/UBND-VX"})
        for ob in obs:
            if "recipient" in ob:
                recipients += [ob["recipient"], *_vias(ob)]
        doc = directive_doc(f"ct-gen-{di + 1}", ids[0], start, end, obs)
        doc["directive"]["subject"] = {"phrases": [SUBJECTS[di % len(SUBJECTS)]]}
        directives.append(doc)

    as_of = draw(st.dates(date(2022, 1, 15), date(2024, 1, 31)))
    last_day = min(as_of, date(2023, 12, 31))
    owed = [
        (sorted({m for r in ob["reporters"] for m in (members if r == GROUP_ID else [r])}),
         [ob["recipient"], *_vias(ob)],
         "schedule" if "schedule" in ob else ob["frequency"], doc["directive"], ob["kind"])
        for doc in directives for ob in doc["obligations"] if ob["kind"] != "activity"
    ]
    subjects = [d["directive"]["subject"]["phrases"][0] for d in directives]
    numbers = [d["directive"]["number"] for d in directives]
    records: list[dict[str, Any]] = []
    for i in range(draw(st.integers(0, 15))):
        aim = draw(st.integers(0, 9))
        kind = ""
        if records and aim == 0:  # a further report for the same thing
            rec = dict(draw(st.sampled_from(records)))
        elif aim <= 6:  # aimed at an obligation: mostly right, sometimes misrouted
            reporters, routes, frequency, _, kind = draw(st.sampled_from(owed))
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
                                          *subjects]))
            if words:
                rec["title"] = f"Báo cáo {words}"
        if "title" not in rec and rec.get("period"):
            rec.update(draw(_titles(rec["period"], subjects, numbers)))
        if aim and draw(st.integers(0, 4)) == 0:
            rec.update(draw(_other_document(rec, subjects)))
        elif aim and draw(st.integers(0, 1 if kind in ("quantity", "ad_hoc") else 5)) == 0:
            rec.update(draw(_item_or_reply(rec, subjects, requests)))
        got = draw(st.dates(date(2022, 1, 1), last_day))
        written = rec.get("period") or rec.get("_period")
        when = draw(st.integers(0, 5)) if written else 0
        if when >= 3:  # near the period's end, where deadlines are
            end = parse_period(str(written)).end
            got = min(max(end + timedelta(days=draw(st.integers(-10, 40))), date(2022, 1, 1)),
                      last_day)
        elif when == 2:
            # about the first day a report on it may arrive: just before, on it, just after
            opens = first_receipt_day(parse_period(str(written)))
            got = min(max(opens + timedelta(days=draw(st.integers(-3, 2))), date(2022, 1, 1)),
                      last_day)
        if draw(st.integers(0, 9)) == 0:  # received after the as-of date: outside the run
            got = as_of + timedelta(days=draw(st.integers(1, 20)))
        if draw(st.integers(0, 2)) == 0:  # the sending date, for rules that count it
            sent = max(got - timedelta(days=draw(st.integers(0, 12))), date(2022, 1, 1))
            rec["sent_on"] = _fmt_date(sent, draw(st.integers(0, 3)))
        named = draw(st.integers(0, 7))
        if named == 0:
            rec["directive"] = draw(st.sampled_from([*numbers, "99/CT-KHAC"]))
        elif named == 1:
            rec["obligation"] = draw(st.sampled_from(["ob-1", "ob-2", "ob-3"]))
        rec["submitted_on"] = _fmt_date(got, draw(st.integers(0, 3)))
        if draw(st.integers(0, 9)) == 0:
            rec["submitted_on"] = draw(st.sampled_from(BAD_DATES))
        records.append({k: rec[k] for k in ("id", "reporter", "recipient", "period",
                                            "submitted_on", "sent_on", "directive",
                                            "obligation", "title", "document_number", "loai",
                                            "item_date")
                        if k in rec})
    days_off, working_days = draw(adjustments())
    return Scenario(units, groups, directives, records, as_of, days_off, working_days,
                    abbreviations, requests)


@st.composite
def _titles(draw: st.DrawFn, period: str, subjects: list[str],
            numbers: Sequence[str] = ()) -> dict[str, Any]:
    """What the stream's titles say: nothing, something generic, a directive's subject, or
    another subject altogether; a title may carry the period instead of the period field,
    write its year after it ("sơ kết 6 tháng ... năm 2022"), cite another directive's number,
    or speak of "Tết Quý Mão" (a year's name, no quarter)."""
    choice = draw(st.integers(0, 7))
    if choice == 0:
        return {}
    label = next((k for k, forms in PERIOD_FORMS.items() if period in forms), period)
    words = PERIOD_FORMS.get(label, [label, label])[-1]  # the Vietnamese form
    fitting = [(lb, t) for lb, t in YEAR_AFTER if lb == label]
    if choice == 5 and fitting:  # the year after the period, or joined to it
        label, title = draw(st.sampled_from(fitting))
        return {"title": title.format(s=draw(st.sampled_from(subjects))), "period": None,
                "_period": label}
    if choice == 6 and numbers:  # its own subject's words, but another text's number
        return {"title": f"Báo cáo {draw(st.sampled_from(subjects))} theo Chỉ thị số "
                         f"{draw(st.sampled_from(numbers))} {words}"}
    if choice == 7:
        return {"title": f"Báo cáo {draw(st.sampled_from(subjects))} dịp Tết Quý Mão 2023"}
    subject = {1: "kết quả thực hiện", 2: draw(st.sampled_from(subjects)),
               3: draw(st.sampled_from(OTHER_SUBJECTS)), 4: draw(st.sampled_from(subjects)),
               5: draw(st.sampled_from(subjects)), 6: draw(st.sampled_from(subjects))}
    out: dict[str, Any] = {"title": f"Báo cáo {subject[choice]} {words}"}
    if label in PERIOD_FORMS and draw(st.booleans()):
        out["period"] = None  # read from the title
        out["_period"] = label
    return out


@st.composite
def _other_document(draw: st.DrawFn, rec: dict[str, Any], subjects: list[str]
                    ) -> dict[str, Any]:
    """The record made another kind of document, or told by its number or ``loai`` column:
    an invitation, a plan, a công văn (a report when "V/v báo cáo ..."), a product."""
    title, number, column = draw(st.sampled_from(OTHER_DOCUMENTS))
    written = rec.get("period") or rec.get("_period") or ""
    label = next((k for k, forms in PERIOD_FORMS.items() if written in forms), "")
    words = PERIOD_FORMS[label][-1] if label else ""
    out: dict[str, Any] = {"title": " ".join(title.format(
        s=draw(st.sampled_from(subjects)), p=words).split())}
    if rec.get("period") is None and label and "{p}" in title:
        out["period"] = None  # read from the title
    if number is not None:
        out["document_number"] = number
    if column is not None:
        out["loai"] = column
    return out


def _vias(ob: dict[str, Any]) -> list[str]:
    via = ob.get("via")
    return list(via) if isinstance(via, list) else ([via] if via else [])


def _quantity(oid: str, who: str, to: str) -> dict[str, Any]:
    return {"id": oid, "summary": "Mỗi quý ít nhất 2 tin, 1 bài", "kind": "quantity",
            "reporters": [who], "recipient": to, "frequency": "quarterly",
            "quantities": [{"count": 2, "of": "tin", "per": "quarterly", "words": ["tin"]},
                           {"count": 1, "of": "bai", "per": "quarterly",
                            "words": ["bài", "bài viết"]}],
            "deadline": {"basis": "assumed", "policy": "cuoi-ky"},
            "citation": {"section": "3", "text": "ít nhất mỗi quý 2 tin, 1 bài"}}


@st.composite
def _item_or_reply(draw: st.DrawFn, rec: dict[str, Any], subjects: list[str],
                   requests: list[dict[str, Any]]) -> dict[str, Any]:
    """The record made an item of a quantity ("Tin: ...", on its own date or not), a report
    counting its items ("..: 02 tin, 01 bài"), or an answer to a request ("đột xuất", the
    letter's number)."""
    subject = draw(st.sampled_from(subjects))
    choice = draw(st.integers(0, 4))
    if choice == 0:
        out: dict[str, Any] = {"title": f"{draw(st.sampled_from(['Tin', 'Bài viết']))}: "
                                        f"{subject}"}
        written = rec.get("period") or rec.get("_period")
        if draw(st.booleans()):  # aired or published on a day of its own, mostly in its period
            p = parse_period(str(written)) if written else None
            day = draw(st.dates(p.start, p.end)) if p and draw(st.integers(0, 3)) else draw(
                st.dates(date(2022, 1, 1), date(2023, 3, 31)))
            out["item_date"] = _fmt_date(day, draw(st.integers(0, 2)))
        return out
    if choice == 1:
        written = rec.get("period") or rec.get("_period") or ""
        label = next((k for k, forms in PERIOD_FORMS.items() if written in forms), "")
        words = PERIOD_FORMS[label][-1] if label else ""
        return {"title": " ".join(f"Báo cáo {subject} {words}: "
                                  f"0{draw(st.integers(1, 3))} tin, 01 bài".split())}
    if choice == 2:
        return {"title": f"Báo cáo đột xuất về {subject}"}
    if choice == 3 and requests:
        return {"document_number": draw(st.sampled_from(requests))["number"],
                "title": f"Báo cáo {subject}"}
    return {"title": f"Báo cáo {subject} theo yêu cầu", "period": None}


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
    """A unit as people write it: its id, its name, in capitals, without diacritics, with an
    abbreviation ("UBND huyện Gò Dầu", "Sở GD&ĐT ..."), or by a short name without its place
    ("Sở Y tế", "Sở Nội vụ tỉnh")."""
    if unit not in names:
        return unit
    form = draw(st.integers(0, 8))
    if form == 3:
        return names[unit] if draw(st.booleans()) else f"Đơn vị {unit.upper()}"
    if form == 4:
        return names[unit].upper()
    if form == 5:
        return _strip_marks(names[unit])
    if form == 6:
        return names[unit].replace("Ủy ban nhân dân", "UBND").replace(
            "Giáo dục và Đào tạo", "GD&ĐT")
    if form == 7:
        short = next((s for u in UNIT_POOL if u[0] == unit for s in u[4]), None)
        if short is not None:
            return short + draw(st.sampled_from(["", " tỉnh", " tp"]))
    return unit
