"""A national dataset for the benchmark: rule files and one CSV register of reports received.

    python benchmarks/national.py --instances 100000 --out nat-1e5

Shaped like the administration a national secretariat checks
(docs/domain.md#national-texts): 34 provinces of about
125 units each (UBND tỉnh and its Văn phòng, the Sở, Thanh tra, Ban Dân tộc, the UBMTTQ and the
Ban Thi đua - Khen thưởng, five mass organisations, three press agencies, ten district UBND and
84 commune UBND), 17 ministries with eight departments each, and 8 obligations per province
plus 39 national ones (311 at the full shape) over up to five years: monthly, quarterly,
half-yearly, "6 tháng và năm", annual and NĐ 09/2019 schedules ``[Q1, H1, 9M, Y]``, with stated
and assumed deadlines, *via* units, groups per province and a subject per directive. The 2025
reorganisation is in the registry: Bộ TT&TT → Bộ KH&CN and five Sở per province merged into
others on 1 March 2025 (successors), district UBND abolished on 1 July 2025 (no successor).

``--instances N`` sizes it: 5 years for N ≥ 500,000, 2 for N ≥ 50,000, else 1; then as many
provinces (1..34) as come closest to N expected instances. ``--instances 1000000`` is the full
shape (34 provinces × 5 years: 981,580 instances, 964,324 submissions).

The register (``submissions.csv``, Vietnamese headers) is what a văn thư would export: units
named by id, full name, alias, short name + place, without diacritics or in another case;
periods and dates in the forms people write; titles naming the obligation's subject, a generic
title, no title, or a directive number. Of the records: about 5% duplicates (a further copy of
a report, received later), 3% misrouted (the subject named, sent to a unit that is neither the
recipient nor the via), 2% unknown units (or a short name without its place, read in the
recipient's province) or reports on another subject or for a period not owed, 0.5% received
before a report on their period could be written (issue 14: a month from its 16th, a quarter
or a half from its last month, a year from 1 November; the monthly reports due inside their own
month say ``received_from``), 0.2% impossible dates, and about 10% of reports late. No unit owes
a report to itself (a Sở Nội vụ in its province's "sở, ban, ngành"). The mix of each kind is
written to ``meta.json`` with the as-of and since dates to run the check with.

Deterministic: the same ``--instances`` and ``--seed`` give byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

BUNDLED_RULES = Path(__file__).resolve().parents[1] / "rules"

LAST_YEAR = 2025
MERGER = date(2025, 2, 28)  # last day of the Bộ TT&TT and the five merged Sở
DISTRICTS_END = date(2025, 6, 30)  # last day of the district level

PROVINCES = [  # (name, centrally governed city?) — the 34 provincial units of 2025
    ("Hà Nội", True), ("Huế", True), ("Lai Châu", False), ("Điện Biên", False),
    ("Sơn La", False), ("Lạng Sơn", False), ("Quảng Ninh", False), ("Thanh Hóa", False),
    ("Nghệ An", False), ("Hà Tĩnh", False), ("Cao Bằng", False), ("Tuyên Quang", False),
    ("Lào Cai", False), ("Thái Nguyên", False), ("Phú Thọ", False), ("Bắc Ninh", False),
    ("Hưng Yên", False), ("Hải Phòng", True), ("Ninh Bình", False), ("Quảng Trị", False),
    ("Đà Nẵng", True), ("Quảng Ngãi", False), ("Gia Lai", False), ("Khánh Hòa", False),
    ("Lâm Đồng", False), ("Đắk Lắk", False), ("Hồ Chí Minh", True), ("Đồng Nai", False),
    ("Tây Ninh", False), ("Cần Thơ", True), ("Vĩnh Long", False), ("Đồng Tháp", False),
    ("Cà Mau", False), ("An Giang", False),
]

# Provincial departments: (code, name, short names, merged into (code) on 1 March 2025).
SO = [
    ("noi-vu", "Sở Nội vụ", ["Sở Nội vụ", "SNV"], None),
    ("tu-phap", "Sở Tư pháp", ["Sở Tư pháp", "STP"], None),
    ("tai-chinh", "Sở Tài chính", ["Sở Tài chính", "STC"], None),
    ("khdt", "Sở Kế hoạch và Đầu tư", ["Sở KH&ĐT", "Sở KHĐT"], "tai-chinh"),
    ("cong-thuong", "Sở Công Thương", ["Sở Công Thương", "SCT"], None),
    ("xay-dung", "Sở Xây dựng", ["Sở Xây dựng", "SXD"], None),
    ("gtvt", "Sở Giao thông vận tải", ["Sở GTVT"], "xay-dung"),
    ("y-te", "Sở Y tế", ["Sở Y tế", "SYT"], None),
    ("gddt", "Sở Giáo dục và Đào tạo", ["Sở GD&ĐT", "Sở GDĐT"], None),
    ("khcn", "Sở Khoa học và Công nghệ", ["Sở KH&CN", "Sở KHCN"], None),
    ("tttt", "Sở Thông tin và Truyền thông", ["Sở TT&TT", "Sở TTTT", "STTTT"], "khcn"),
    ("nnptnt", "Sở Nông nghiệp và Phát triển nông thôn", ["Sở NN&PTNT", "Sở NNPTNT"], "nnmt"),
    ("tnmt", "Sở Tài nguyên và Môi trường", ["Sở TN&MT", "Sở TNMT"], "nnmt"),
    ("ldtbxh", "Sở Lao động - Thương binh và Xã hội", ["Sở LĐ-TB&XH", "Sở LĐTBXH"], "noi-vu"),
    ("vhttdl", "Sở Văn hóa, Thể thao và Du lịch", ["Sở VH-TT&DL", "Sở VHTTDL"], None),
    ("ngoai-vu", "Sở Ngoại vụ", ["Sở Ngoại vụ"], None),
    ("thanh-tra", "Thanh tra", ["Thanh tra"], None),
    ("dan-toc", "Ban Dân tộc", ["Ban Dân tộc"], None),
]
# The successor of the two agriculture departments: a unit from 1 March 2025, in no group.
NNMT = ("nnmt", "Sở Nông nghiệp và Môi trường", ["Sở NN&MT", "Sở NNMT"])
DOAN_THE = [
    ("hoi-nong-dan", "Hội Nông dân", ["Hội Nông dân", "Hội ND"]),
    ("hoi-phu-nu", "Hội Liên hiệp Phụ nữ", ["Hội LHPN", "Hội Phụ nữ"]),
    ("doan-thanh-nien", "Đoàn Thanh niên Cộng sản Hồ Chí Minh", ["Đoàn TNCS HCM", "Đoàn TN"]),
    ("lien-doan-ld", "Liên đoàn Lao động", ["LĐLĐ", "Liên đoàn Lao động"]),
    ("hoi-ccb", "Hội Cựu chiến binh", ["Hội CCB", "Hội Cựu chiến binh"]),
]
BAO_CHI = [
    ("bao", "Báo", ["Báo"]),
    ("dai-ptth", "Đài Phát thanh và Truyền hình", ["Đài PT-TH", "Đài PTTH"]),
    ("tap-chi", "Tạp chí Văn nghệ", ["Tạp chí Văn nghệ", "TCVN"]),
]
N_DISTRICTS = 10
N_COMMUNES = 84
SYLLABLES = [
    "Tân", "Phước", "Hòa", "Bình", "Long", "Thạnh", "Mỹ", "Vĩnh", "Đông", "Phú", "Hưng",
    "Thuận", "Quang", "Minh", "Hiệp", "Xuân", "Hải", "Sơn", "Lộc", "Đức", "Thành", "Định",
    "Kim", "Ngọc", "Lợi", "Lâm", "Hà", "Phong", "Khánh", "Thới", "Châu", "Lạc",
]

# The 17 ministries of 2025: (code, name, aliases, what its own reporting regime is about).
MINISTRIES = [
    ("bqp", "Bộ Quốc phòng", ["BQP"], "công tác quân sự, quốc phòng"),
    ("bca", "Bộ Công an", ["BCA"], "bảo đảm an ninh, trật tự"),
    ("bng", "Bộ Ngoại giao", ["BNG"], "công tác đối ngoại"),
    ("bnv", "Bộ Nội vụ", ["BNV"], "quản lý cán bộ, công chức"),
    ("btp", "Bộ Tư pháp", ["BTP"], "theo dõi thi hành pháp luật"),
    ("btc", "Bộ Tài chính", ["BTC"], "thực hành tiết kiệm, chống lãng phí"),
    ("bct", "Bộ Công Thương", ["BCT"], "phát triển thương mại điện tử"),
    ("bnnmt", "Bộ Nông nghiệp và Môi trường", ["Bộ NN&MT", "BNNMT"], "xây dựng nông thôn mới"),
    ("bxd", "Bộ Xây dựng", ["BXD"], "phát triển nhà ở xã hội"),
    ("bvhttdl", "Bộ Văn hóa, Thể thao và Du lịch", ["Bộ VH-TT&DL", "BVHTTDL"],
     "phát triển văn hóa đọc"),
    ("bkhcn", "Bộ Khoa học và Công nghệ", ["Bộ KH&CN", "BKHCN"], "đổi mới sáng tạo"),
    ("bgddt", "Bộ Giáo dục và Đào tạo", ["Bộ GD&ĐT", "BGDĐT"], "phổ cập giáo dục"),
    ("byt", "Bộ Y tế", ["BYT"], "khám bệnh, chữa bệnh"),
    ("bdttg", "Bộ Dân tộc và Tôn giáo", ["Bộ DT&TG", "BDTTG"], "chính sách dân tộc"),
    ("nhnn", "Ngân hàng Nhà nước Việt Nam", ["NHNN", "Ngân hàng Nhà nước"],
     "tín dụng chính sách"),
    ("ttcp", "Thanh tra Chính phủ", ["TTCP"], "tiếp công dân"),
    ("vpcp", "Văn phòng Chính phủ", ["VPCP"], "kiểm soát thủ tục hành chính"),
]
MINISTRIES_ABBR = {code: aliases[-1] if len(aliases[-1]) <= 6 else aliases[0]
                   for code, _, aliases, _ in MINISTRIES}
NATIONAL_HOSTS = {"bnv", "btp", "btc", "byt", "bkhcn"}  # named by the national obligations
DEPARTMENTS = [  # (code, name): the Văn phòng is every ministry's via unit
    ("vp", "Văn phòng"), ("vu-tccb", "Vụ Tổ chức cán bộ"), ("vu-phap-che", "Vụ Pháp chế"),
    ("vu-khtc", "Vụ Kế hoạch - Tài chính"), ("vu-htqt", "Vụ Hợp tác quốc tế"),
    ("thanh-tra", "Thanh tra Bộ"), ("cuc-cntt", "Cục Công nghệ thông tin"),
    ("cuc-thong-ke", "Cục Thống kê ngành"),
]

# Subjects that appear in no rule: what "another subject" titles are about.
OTHER_NUMBERS = ["68-KH/TU", "05-CT/TW", "12/KH-BCĐ", "247/CV-VP"]
GENERIC_TITLES = ["Báo cáo {p}", "Báo cáo kết quả thực hiện {p}", "Báo cáo định kỳ {p}"]


# ---------------------------------------------------------------------------------------
# Small helpers


def fold(text: str) -> str:
    """Without diacritics (đ→d), as people type on a keyboard without Vietnamese input."""
    t = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in t if not unicodedata.combining(c))


def slug(text: str) -> str:
    return "-".join(fold(text).lower().replace(",", " ").split())


def month_end(y: int, m: int) -> date:
    return (date(y + 1, 1, 1) if m == 12 else date(y, m + 1, 1)) - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    label: str
    kind: str  # year | half | quarter | month | nine
    start: date
    end: date
    year: int
    n: int = 0  # half, quarter or month number


def period(code: str, y: int) -> Period:
    if code == "Y":
        return Period(str(y), "year", date(y, 1, 1), date(y, 12, 31), y)
    if code == "9M":
        return Period(f"{y}-9M", "nine", date(y, 1, 1), date(y, 9, 30), y)
    n = int(code[1:])
    if code[0] == "H":
        a, b = (date(y, 1, 1), date(y, 6, 30)) if n == 1 else (date(y, 7, 1), date(y, 12, 31))
        return Period(f"{y}-H{n}", "half", a, b, y, n)
    if code[0] == "Q":
        return Period(f"{y}-Q{n}", "quarter", date(y, 3 * n - 2, 1), month_end(y, 3 * n), y, n)
    return Period(f"{y}-{n:02d}", "month", date(y, n, 1), month_end(y, n), y, n)


CODES = {
    "monthly": [f"M{m}" for m in range(1, 13)],
    "quarterly": ["Q1", "Q2", "Q3", "Q4"],
    "semiannual": ["H1", "H2"],
    "semiannual_and_annual": ["H1", "Y"],
    "annual": ["Y"],
    "schedule": ["Q1", "H1", "9M", "Y"],
}
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_forms(p: Period) -> list[str]:
    """How people write a period in a register's "kỳ báo cáo" column."""
    y = p.year
    if p.kind == "year":
        return [str(y), f"năm {y}", f"Năm {y}", f"nam {y}"]
    if p.kind == "nine":
        return [f"{y}-9M", f"9 tháng đầu năm {y}", f"9 tháng năm {y}"]
    if p.kind == "half":
        which = "đầu" if p.n == 1 else "cuối"
        return [p.label, f"6 tháng {which} năm {y}", f"06 tháng {which} năm {y}",
                fold(f"6 tháng {which} năm {y}"), f"H{p.n}/{y}"]
    if p.kind == "quarter":
        return [p.label, f"quý {ROMAN[p.n]}/{y}", f"Quý {p.n} năm {y}",
                f"quý {ROMAN[p.n]} năm {y}", f"Q{p.n}/{y}", f"QUÝ {ROMAN[p.n]}/{y}"]
    return [p.label, f"tháng {p.n}/{y}", f"Tháng {p.n:02d}/{y}", f"tháng {p.n} năm {y}",
            f"{p.n:02d}/{y}"]


def period_words(p: Period) -> str:
    """The period as a title says it."""
    y = p.year
    if p.kind == "year":
        return f"năm {y}"
    if p.kind == "nine":
        return f"9 tháng đầu năm {y}"
    if p.kind == "half":
        return f"6 tháng {'đầu' if p.n == 1 else 'cuối'} năm {y}"
    if p.kind == "quarter":
        return f"quý {ROMAN[p.n]} năm {y}"
    return f"tháng {p.n} năm {y}"


def date_form(d: date, style: int) -> str:
    if style == 0:
        return d.isoformat()
    if style == 1:
        return f"{d.day}/{d.month}/{d.year}"
    if style == 2:
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    return f"ngày {d.day} tháng {d.month} năm {d.year}"


# ---------------------------------------------------------------------------------------
# The registry


@dataclass
class Unit:
    id: str
    name: str
    kind: str
    place: str | None = None
    short: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None
    valid_to: date | None = None
    successor: str | None = None

    def doc(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name, "kind": self.kind}
        if self.place:
            out["place"] = self.place
        if self.short:
            out["short"] = list(self.short)
        if self.aliases:
            out["aliases"] = list(self.aliases)
        if self.parent:
            out["parent"] = self.parent
        if self.valid_to:
            out["valid_to"] = self.valid_to.isoformat()
        if self.successor:
            out["successor"] = self.successor
        return out

    def names(self) -> list[str]:
        """Every form this unit may be written in (all resolve to it alone)."""
        forms = [self.id, self.name, *self.aliases]
        if self.place:  # placeless short names are ambiguous ("Vụ Pháp chế"): not written
            for s in self.short:
                forms += [f"{s} {self.place}", f"{s} tỉnh {self.place}"]
        return forms


@dataclass
class Province:
    name: str
    code: str
    city: bool
    units: dict[str, str] = field(default_factory=dict)  # role → unit id
    groups: dict[str, list[str]] = field(default_factory=dict)  # role → member unit ids
    districts: list[str] = field(default_factory=list)
    communes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{'thành phố' if self.city else 'tỉnh'} {self.name}"


class Registry:
    def __init__(self) -> None:
        self.units: dict[str, Unit] = {}
        self.groups: list[dict[str, Any]] = []

    def add(self, u: Unit) -> str:
        assert u.id not in self.units, u.id
        self.units[u.id] = u
        return u.id

    def group(self, gid: str, name: str, members: list[str]) -> str:
        self.groups.append({"id": gid, "name": name, "members": list(members)})
        return gid

    def carrier(self, uid: str, on: date) -> str | None:
        current: str | None = uid
        while current is not None:
            u = self.units[current]
            if u.valid_to is None or on <= u.valid_to:
                return current
            current = u.successor
        return None


def place_names(rnd: random.Random, n: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        name = f"{rnd.choice(SYLLABLES)} {rnd.choice(SYLLABLES)}"
        if name.split()[0] != name.split()[1] and slug(name) not in taken:
            taken.add(slug(name))
            out.append(name)
    return out


def build_province(reg: Registry, name: str, city: bool, rnd: random.Random,
                   shape: Shape) -> Province:
    p = Province(name, slug(name), city)
    t = p.title
    c = p.code
    ubnd = reg.add(Unit(f"ubnd-{c}", f"Ủy ban nhân dân {t}", "ubnd", name, ["UBND"],
                        [f"UBND {t}"]))
    p.units["ubnd"] = ubnd
    p.units["vp"] = reg.add(Unit(f"vp-ubnd-{c}", f"Văn phòng Ủy ban nhân dân {t}", "van-phong",
                                 name, ["VP UBND", "Văn phòng UBND"], [f"Văn phòng UBND {t}"],
                                 parent=ubnd))
    p.units["ubmttq"] = reg.add(Unit(f"ubmttq-{c}", f"Ủy ban Mặt trận Tổ quốc Việt Nam {t}",
                                     "ubmttq", name, ["UBMTTQ", "Ủy ban MTTQ"],
                                     [f"Ủy ban MTTQ Việt Nam {t}"]))
    nnmt = reg.add(Unit(f"so-{NNMT[0]}-{c}", f"{NNMT[1]} {t}", "so", name, list(NNMT[2]),
                        parent=ubnd))
    so: list[str] = []
    for code, so_name, shorts, merged in SO:
        uid = f"so-{code}-{c}" if not code.startswith(("thanh", "dan")) else f"{code}-{c}"
        u = Unit(uid, f"{so_name} {t}", "so", name, list(shorts), parent=ubnd)
        if merged:
            u.valid_to = MERGER
            u.successor = f"so-{merged}-{c}"
        so.append(reg.add(u))
        p.units[code] = uid
    p.units["nnmt"] = nnmt
    p.units["ban-tdkt"] = reg.add(Unit(f"ban-tdkt-{c}", f"Ban Thi đua - Khen thưởng {t}", "ban",
                                       name, ["Ban TĐKT", "Ban Thi đua - Khen thưởng"],
                                       parent=p.units["noi-vu"]))
    doan = [reg.add(Unit(f"{code}-{c}", f"{nm} {t}", "doan-the", name, list(sh)))
            for code, nm, sh in DOAN_THE]
    press = [reg.add(Unit(f"{code}-{c}", f"{nm} {name}" if code == "bao" else f"{nm} {t}",
                          "bao-chi", name, list(sh)))
             for code, nm, sh in BAO_CHI]
    taken: set[str] = set()
    for i, dn in enumerate(place_names(rnd, shape.districts, taken)):
        kind = "thành phố" if i == 0 else ("thị xã" if i == 1 else "huyện")
        p.districts.append(reg.add(Unit(
            f"ubnd-{slug(kind)}-{slug(dn)}-{c}", f"Ủy ban nhân dân {kind} {dn} {t}", "ubnd-huyen",
            name, [f"UBND {kind} {dn}"], parent=ubnd, valid_to=DISTRICTS_END)))
    for i, cn in enumerate(place_names(rnd, shape.communes, taken)):
        kind = "phường" if i % 5 == 0 else "xã"
        p.communes.append(reg.add(Unit(
            f"ubnd-{slug(kind)}-{slug(cn)}-{c}", f"Ủy ban nhân dân {kind} {cn} {t}", "ubnd-xa",
            name, [f"UBND {kind} {cn}"], parent=ubnd)))
    p.groups = {
        "so": so, "huyen": p.districts, "xa": p.communes, "doan-the": doan, "bao-chi": press,
    }
    for role, label in (("so", "Các sở, ban, ngành"),
                        ("huyen", "UBND các huyện, thị xã, thành phố"),
                        ("xa", "UBND các xã, phường"),
                        ("doan-the", "Các tổ chức chính trị - xã hội"),
                        ("bao-chi", "Các cơ quan báo chí")):
        reg.group(f"{role}-{c}", f"{label} {t}", p.groups[role])
    return p


# ---------------------------------------------------------------------------------------
# Obligations


@dataclass
class Obligation:
    directive_id: str
    number: str
    id: str
    reporters: list[str]  # group or unit ids
    members: list[str]  # unit ids
    recipient: str
    vias: list[str]
    frequency: str  # a key of CODES
    deadline: dict[str, Any]
    phrases: list[str]
    counts: str = "received"
    received_from: dict[str, int] | None = None  # rules/README.md: from when it may arrive

    def doc(self, summary: str, words: str) -> dict[str, Any]:
        ob: dict[str, Any] = {"id": self.id, "summary": summary, "kind": "periodic",
                              "reporters": list(self.reporters), "recipient": self.recipient}
        if self.vias:
            ob["via"] = self.vias[0] if len(self.vias) == 1 else list(self.vias)
        if self.frequency == "schedule":
            ob["schedule"] = list(CODES["schedule"])
        else:
            ob["frequency"] = self.frequency
        ob["deadline"] = dict(self.deadline)
        if self.counts != "received":
            ob["counts"] = self.counts
        if self.received_from:
            ob["received_from"] = dict(self.received_from)
        ob["citation"] = {"section": "IV", "text": words}
        return ob


def stated(day: int, month: str | int, reading: str, words: str) -> dict[str, Any]:
    return {"basis": "stated", "day": day, "month": month, "reading": reading, "words": words}


ASSUMED_20 = {"basis": "assumed", "policy": "ngay-20-thang-cuoi-ky"}
ASSUMED_END = {"basis": "assumed", "policy": "cuoi-ky"}

# The eight obligations of each province: (directive code, kind, number kind, subject phrases,
# obligation id, reporter roles, recipient role, via roles, frequency, deadline, counts, words)
PROVINCIAL = [
    ("kh-cchc", "ke_hoach", "KH-UBND", ["cải cách hành chính", "CCHC"], "bao-cao-thang",
     ["so", "huyen", "xa"], "noi-vu", [], "monthly",
     stated(20, "last", "before", "trước ngày 20 hằng tháng"), "received",
     "Định kỳ hằng tháng, các sở, ban, ngành, UBND cấp huyện, cấp xã báo cáo kết quả thực hiện "
     "công tác cải cách hành chính về Sở Nội vụ trước ngày 20 hằng tháng"),
    ("kh-cds", "ke_hoach", "KH-UBND", ["chuyển đổi số"], "bao-cao-thang",
     ["huyen", "xa"], "tttt", [], "monthly",
     stated(25, "last", "by", "chậm nhất ngày 25 hằng tháng"), "received",
     "UBND cấp huyện, cấp xã báo cáo tình hình chuyển đổi số về Sở Thông tin và Truyền thông "
     "chậm nhất ngày 25 hằng tháng"),
    ("ct-ktxh", "chi_thi", "CT-UBND", ["phát triển kinh tế - xã hội", "kinh tế - xã hội"],
     "bao-cao-dinh-ky", ["so", "huyen", "xa"], "ubnd", ["vp"], "schedule",
     stated(18, "last", "by", "chậm nhất ngày 18 của tháng cuối kỳ"), "received",
     "báo cáo định kỳ hằng quý, 6 tháng, 9 tháng và năm gửi UBND tỉnh (qua Văn phòng UBND tỉnh) "
     "chậm nhất ngày 18 của tháng cuối kỳ"),
    ("kh-tdkt", "ke_hoach", "KH-UBND", ["thi đua, khen thưởng", "TĐKT"], "bao-cao-6-thang-nam",
     ["so", "doan-the", "bao-chi", "huyen", "xa"], "noi-vu", ["ban-tdkt"], "semiannual_and_annual",
     ASSUMED_20, "received",
     "định kỳ 6 tháng, năm báo cáo kết quả công tác thi đua, khen thưởng về Sở Nội vụ (qua Ban "
     "Thi đua - Khen thưởng)"),
    ("kh-cvd", "ke_hoach", "KH-BCĐ", ["ưu tiên dùng hàng Việt Nam", "dùng hàng Việt Nam"],
     "bao-cao-6-thang", ["doan-the", "bao-chi", "so"], "ubmttq", [], "semiannual",
     ASSUMED_END, "received",
     "định kỳ 06 tháng báo cáo kết quả thực hiện Cuộc vận động về Ủy ban MTTQ tỉnh"),
    ("kh-pctn", "ke_hoach", "KH-UBND", ["phòng, chống tham nhũng", "PCTN"], "bao-cao-thang",
     ["so", "huyen", "xa"], "thanh-tra", [], "monthly",
     stated(10, "next", "before", "trước ngày 10 của tháng tiếp theo"), "received",
     "báo cáo công tác phòng, chống tham nhũng về Thanh tra tỉnh trước ngày 10 của tháng tiếp "
     "theo"),
    ("kh-dan-so", "ke_hoach", "KH-UBND", ["dân số và phát triển", "công tác dân số"],
     "bao-cao-thang", ["huyen", "xa"], "y-te", [], "monthly",
     stated(5, "next", "by", "chậm nhất ngày 05 của tháng sau (tính theo ngày gửi)"), "sent",
     "UBND cấp huyện, cấp xã gửi báo cáo công tác dân số và phát triển về Sở Y tế chậm nhất ngày "
     "05 của tháng sau"),
    ("ct-attgt", "chi_thi", "CT-UBND", ["trật tự an toàn giao thông", "ATGT"], "bao-cao-nam",
     ["so", "doan-the", "bao-chi", "huyen", "xa"], "ubnd", ["vp"], "annual",
     stated(20, 12, "before", "trước ngày 20 tháng 12 hằng năm"), "received",
     "báo cáo kết quả bảo đảm trật tự an toàn giao thông về UBND tỉnh (qua Văn phòng UBND tỉnh) "
     "trước ngày 20 tháng 12 hằng năm"),
]
# A monthly report due inside its own month ("trước ngày 20 hằng tháng") is written during
# that month: its rule says so (received_from), the default being the month's second half.
WHOLE_MONTH = {"kh-cchc": {"months_before_end": 1}, "kh-cds": {"months_before_end": 1}}
PROVINCIAL_TITLES = {
    "kh-cchc": "Kế hoạch cải cách hành chính", "kh-cds": "Kế hoạch chuyển đổi số",
    "ct-ktxh": "Chỉ thị về chế độ báo cáo kinh tế - xã hội",
    "kh-tdkt": "Kế hoạch công tác thi đua, khen thưởng",
    "kh-cvd": "Kế hoạch thực hiện Cuộc vận động Người Việt Nam ưu tiên dùng hàng Việt Nam",
    "kh-pctn": "Kế hoạch phòng, chống tham nhũng", "kh-dan-so": "Kế hoạch công tác dân số",
    "ct-attgt": "Chỉ thị bảo đảm trật tự an toàn giao thông",
}


@dataclass
class Book:
    reg: Registry
    provinces: list[Province]
    obligations: list[Obligation]
    directives: list[dict[str, Any]]
    first_year: int
    as_of: date
    phrases_of: dict[str, set[str]] = field(default_factory=dict)  # unit → phrases it owes


@dataclass(frozen=True)
class Shape:
    """How big: provinces and years, and (for tiny test data only) fewer ministries,
    districts and communes than the real ones."""

    provinces: int
    years: int
    ministries: int = len(MINISTRIES)
    districts: int = N_DISTRICTS
    communes: int = N_COMMUNES


def build_book(shape: Shape, seed: int) -> Book:
    rnd = random.Random(seed)
    reg = Registry()
    first = LAST_YEAR - shape.years + 1
    since_s = f"{first}-01-01"
    numbers = iter(rnd.sample(range(101, 9999), 2000))
    ministries: dict[str, str] = {}
    depts: dict[str, list[str]] = {}
    chosen = [m for i, m in enumerate(MINISTRIES)
              if i < shape.ministries or m[0] in NATIONAL_HOSTS]
    for code, name, aliases, _ in chosen:
        ministries[code] = reg.add(Unit(code, name, "bo", aliases=list(aliases)))
        depts[code] = []
        for dcode, dname in DEPARTMENTS:
            full = f"{dname} {name}" if dcode != "vp" else f"Văn phòng {name}"
            depts[code].append(reg.add(Unit(
                f"{dcode}-{code}", full, "vu", short=[dname],
                aliases=[f"{dname} {aliases[0]}"], parent=code)))
    reg.add(Unit("btttt", "Bộ Thông tin và Truyền thông", "bo",
                 aliases=["Bộ TT&TT", "BTTTT"], valid_to=MERGER, successor="bkhcn"))
    provinces = [build_province(reg, name, city, rnd, shape)
                 for name, city in PROVINCES[:shape.provinces]]
    reg.group("cac-bo", "Các bộ, cơ quan ngang bộ", list(ministries.values()))
    reg.group("ubnd-cac-tinh", "UBND các tỉnh, thành phố trực thuộc trung ương",
              [p.units["ubnd"] for p in provinces])

    obligations: list[Obligation] = []
    directives: list[dict[str, Any]] = []
    group_members = {g["id"]: g["members"] for g in reg.groups}

    def members_of(ids: list[str]) -> list[str]:
        out: list[str] = []
        for i in ids:
            out += group_members.get(i, [i])
        return list(dict.fromkeys(out))

    def directive(did: str, number: str, kind: str, title: str, issuer: str,
                  phrases: list[str], obs: list[tuple[Obligation, str, str]],
                  open_ended: bool) -> None:
        force: dict[str, Any] = {"from": since_s}
        if not open_ended:
            force["to"] = f"{LAST_YEAR}-12-31"
        directives.append({
            "directive": {
                "id": did, "number": number, "kind": kind, "title": title, "issuer": issuer,
                "issued_on": f"{first - 1}-12-{rnd.randint(1, 28):02d}", "in_force": force,
                "source": "generated (benchmarks/national.py)",
                "subject": {"phrases": list(phrases)},
            },
            "obligations": [ob.doc(summary, words) for ob, summary, words in obs],
        })
        obligations.extend(ob for ob, _, _ in obs)

    # Each ministry's own regime: its departments report to it through its Văn phòng.
    for code, name, _, subject in chosen:
        did = f"qd-che-do-bao-cao-{code}"
        number = f"{next(numbers)}/QĐ-{fold(MINISTRIES_ABBR[code])}"
        reporters = [d for d in depts[code] if not d.startswith("vp-")]
        via = [f"vp-{code}"]
        q = Obligation(did, number, "bao-cao-quy", reporters, reporters, code, via, "quarterly",
                       stated(10, "next", "before", "trước ngày 10 của tháng đầu quý sau"),
                       [subject])
        sa = Obligation(did, number, "bao-cao-6-thang-nam", reporters, reporters, code, via,
                        "semiannual_and_annual", ASSUMED_20, [subject])
        directive(did, number, "quyet_dinh", f"Quy chế chế độ báo cáo về {subject} của {name}",
                  code, [subject],
                  [(q, f"Các đơn vị thuộc {name} báo cáo quý về {subject}",
                    "Định kỳ hằng quý, các đơn vị báo cáo Bộ (qua Văn phòng Bộ) trước ngày 10 "
                    "của tháng đầu quý sau"),
                   (sa, f"Các đơn vị thuộc {name} báo cáo 6 tháng và năm về {subject}",
                    "định kỳ 6 tháng, năm báo cáo Bộ (qua Văn phòng Bộ)")], open_ended=True)

    # Five national regimes across ministries and provinces.
    tu_phap = [p.units["tu-phap"] for p in provinces]
    tttt = [p.units["tttt"] for p in provinces]
    y_te = [p.units["y-te"] for p in provinces]
    national = [
        ("kh-van-thu-luu-tru", "KH-BNV", "ke_hoach", "bnv", ["công tác văn thư, lưu trữ"],
         "bao-cao-quy", ["cac-bo", "ubnd-cac-tinh"], "bnv", ["vp-bnv"], "quarterly",
         stated(15, "last", "before", "trước ngày 15 của tháng cuối quý"), "received"),
        ("tt-thong-ke-ho-tich", "TT-BTP", "quyet_dinh", "btp", ["thống kê hộ tịch"],
         "bao-cao-thang", tu_phap, "btp", ["vp-btp"], "monthly",
         stated(5, "next", "by", "chậm nhất ngày 05 của tháng sau (theo dấu bưu điện)"), "sent"),
        ("ct-chinh-quyen-so", "CT-BTTTT", "chi_thi", "btttt", ["chính quyền số"],
         "bao-cao-quy", tttt, "btttt", [], "quarterly", ASSUMED_20, "received"),
        ("tt-phong-chong-dich", "TT-BYT", "quyet_dinh", "byt", ["phòng, chống dịch bệnh"],
         "bao-cao-dinh-ky", y_te, "byt", ["vp-byt"], "schedule", ASSUMED_20, "received"),
        ("tt-quyet-toan-ngan-sach", "TT-BTC", "quyet_dinh", "btc", ["quyết toán ngân sách"],
         "bao-cao-nam", ["ubnd-cac-tinh"], "btc", [], "annual",
         stated(15, "next", "before", "trước ngày 15 tháng 01 của năm tiếp theo"), "received"),
    ]
    for did, nkind, kind, issuer, phrases, oid, reps, rec, vias, freq, dl, counts in national:
        if not members_of(reps):
            continue
        number = f"{next(numbers)}/{nkind}"
        ob = Obligation(did, number, oid, reps, members_of(reps), rec, vias, freq, dl, phrases,
                        counts)
        directive(did, number, kind, f"Về {phrases[0]}", issuer, phrases,
                  [(ob, f"Báo cáo {phrases[0]}", f"báo cáo {phrases[0]} {dl.get('words', '')}")],
                  open_ended=did.startswith("tt-"))

    for p in provinces:
        for (code, kind, nkind, phrases, oid, roles, rec, vias, freq, dl, counts,
             words) in PROVINCIAL:
            did = f"{code}-{p.code}"
            number = f"{next(numbers)}/{nkind}"
            reps = [f"{r}-{p.code}" for r in roles]
            ob = Obligation(did, number, oid, reps, members_of(reps), p.units[rec],
                            [p.units[v] for v in vias], freq, dl, [*phrases], counts,
                            WHOLE_MONTH.get(code))
            directive(did, number, kind, f"{PROVINCIAL_TITLES[code]} {p.title}",
                      p.units["ubnd"], phrases,
                      [(ob, f"Báo cáo {phrases[0]}", words)], open_ended=code.startswith("ct-"))
    return Book(reg, provinces, obligations, directives, first, date(LAST_YEAR, 12, 20))



# ---------------------------------------------------------------------------------------
# What is owed


@dataclass(frozen=True)
class Owed:
    ob: Obligation
    period: Period
    due: date  # nominal last day (no roll-over): good enough to aim receipts at
    reporter: str  # who carries it on the due date (or the unit itself, if it ceased)
    routes: tuple[str, ...]  # recipient then vias, as carried on the due date
    gone: bool  # the unit ceased with nobody after it: exempt unless received
    member: str  # the unit the obligation names (reporter is its successor after a merger)
    written: tuple[str, ...]  # recipient then vias as the obligation names them


def nominal_due(dl: dict[str, Any], p: Period) -> date:
    if dl.get("basis") == "assumed":
        if dl["policy"] == "cuoi-ky":
            return p.end
        dl = {"day": 20, "month": "last", "reading": "by"}
    y, m = p.end.year, p.end.month
    if dl["month"] == "next":
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    elif isinstance(dl["month"], int):
        m = dl["month"]
    d = date(y, m, min(dl["day"], month_end(y, m).day))
    return d - timedelta(days=1) if dl["reading"] == "before" else d


def first_receipt_day(ob: Obligation, p: Period) -> date:
    """The first day a report on ``p`` may arrive (issue 14): a year from 1 November, a half, a
    quarter or nine months from the first day of their last month, a month from its 16th;
    or from the first day of the last N months (``received_from``)."""
    n = (ob.received_from or {}).get("months_before_end")
    if n is None and p.kind == "month":
        return p.start + timedelta(days=15)
    n = n or (2 if p.kind == "year" else 1)
    m = p.end.year * 12 + p.end.month - n
    return max(p.start, date(m // 12, m % 12 + 1, 1))


def owed(book: Book) -> Iterator[Owed]:
    """Every report owed for a period that ends on or after 1 January of the first year and
    has started by the as-of date, each (obligation, reporter, period) once; never by a unit
    to itself or through itself (its recipient or via unit, as carried on the due date)."""
    reg = book.reg
    for ob in book.obligations:
        for y in range(book.first_year, LAST_YEAR + 1):
            for code in CODES[ob.frequency]:
                p = period(code, y)
                if p.start > book.as_of:
                    continue
                due = nominal_due(ob.deadline, p)
                written = (ob.recipient, *ob.vias)
                routes = tuple(reg.carrier(u, due) or u for u in written)
                seen: set[str] = set()
                for r in ob.members:
                    who = reg.carrier(r, due)
                    gone = who is None
                    if gone:
                        valid_to = reg.units[r].valid_to
                        assert valid_to is not None
                        if p.start > valid_to:
                            continue
                        who = r
                    assert who is not None
                    if who in seen or who in routes[:2]:
                        continue
                    seen.add(who)
                    yield Owed(ob, p, due, who, routes, gone, r, written)


def count_owed(book: Book) -> int:
    return sum(1 for _ in owed(book))


# ---------------------------------------------------------------------------------------
# The register of reports received

HEADER = ["Mã", "Số hiệu", "Đơn vị báo cáo", "Nơi nhận", "Kỳ báo cáo", "Trích yếu", "Ngày gửi",
          "Ngày nhận", "directive"]


class Writer:
    """Records as a văn thư writes them."""

    def __init__(self, book: Book, rnd: random.Random) -> None:
        self.book = book
        self.rnd = rnd
        self._forms: dict[str, list[str]] = {}

    def name(self, uid: str) -> str:
        forms = self._forms.get(uid)
        if forms is None:
            forms = self._forms[uid] = self.book.reg.units[uid].names()
        r = self.rnd.random()
        form = self.rnd.choice(forms)
        if form == uid:  # an id is written as it is registered
            return form
        if r < 0.12:
            return fold(form)
        if r < 0.17:
            return form.upper()
        if r < 0.22:
            return form.lower()
        return form

    def unit_on(self, carrier: str, old: str, on: date) -> str:
        """The unit a report is filed under on day ``on``: the one carrying the duty, or
        sometimes (30%) the old unit's name after a merger (it still counts for the
        successor, whose duty it is on the day it is received)."""
        valid_to = self.book.reg.units[old].valid_to
        if carrier != old and valid_to is not None and on > valid_to \
                and self.rnd.random() < 0.3:
            return old
        return carrier

    def period(self, p: Period) -> str:
        return self.rnd.choice(period_forms(p))

    def date(self, d: date) -> str:
        r = self.rnd.random()
        return date_form(d, 0 if r < 0.45 else 1 if r < 0.75 else 2 if r < 0.97 else 3)

    def title(self, o: Owed, p: Period) -> tuple[str, str]:
        """(title, directive column): the subject named (most), a generic title, none, or the
        directive's number."""
        r = self.rnd.random()
        words = period_words(p)
        if r < 0.62:
            phrase = self.rnd.choice(o.ob.phrases)
            if self.rnd.random() < 0.1:
                phrase = fold(phrase)
            return f"Báo cáo kết quả {phrase} {words}", ""
        if r < 0.70:
            return f"Báo cáo {words} theo Kế hoạch số {o.ob.number}", ""
        if r < 0.80:
            return self.rnd.choice(GENERIC_TITLES).format(p=words), o.ob.number
        if r < 0.95:
            return self.rnd.choice(GENERIC_TITLES).format(p=words), ""
        return "", ""


def build_records(book: Book, n_target: int, seed: int) -> tuple[list[list[str]], dict[str, int]]:
    rnd = random.Random(seed + 1)
    w = Writer(book, rnd)
    items = list(owed(book))
    n_inst = len(items)
    total = round(n_target * 0.9865)
    n_dup = round(total * 0.05)
    n_mis = round(total * 0.03)
    n_odd = round(total * 0.02)
    n_bad = round(total * 0.002)
    n_base = total - n_dup - n_mis - n_odd - n_bad
    n_early = round(total * 0.005)
    n_base -= n_early
    mix = {"reports": 0, "late_aimed": 0, "duplicates": 0, "misrouted_aimed": 0,
           "unknown_unit_aimed": 0, "short_name_aimed": 0, "other_subject_aimed": 0,
           "period_not_owed_aimed": 0, "too_early_aimed": 0, "bad_date": 0,
           "old_name_after_merger": 0}
    rows: list[tuple[date, int, list[str]]] = []
    as_of = book.as_of
    chosen = sorted(rnd.sample(range(n_inst), min(n_base, n_inst)))

    def add(received: date, row: list[str]) -> None:
        rows.append((received, len(rows), row))

    def base_row(o: Owed, late: bool) -> tuple[date, list[str]]:
        if late:
            got = o.due + timedelta(days=rnd.randint(2, 40))
        else:
            got = o.due - timedelta(days=rnd.randint(0, 12))
        # written after what it reports on: not before its first receipt day
        got = max(got, o.period.start + timedelta(days=1), first_receipt_day(o.ob, o.period))
        sent = got - timedelta(days=rnd.randint(0, 3)) if rnd.random() < 0.4 else None
        reporter = w.unit_on(o.reporter, o.member, got)
        k = rnd.randrange(len(o.routes))
        recipient = w.unit_on(o.routes[k], o.written[k], got)
        mix["old_name_after_merger"] += (reporter != o.reporter) + (recipient != o.routes[k])
        title, number = w.title(o, o.period)
        return got, ["", f"{rnd.randint(1, 999)}/BC-{rnd.randint(1, 99)}", w.name(reporter),
                     w.name(recipient), w.period(o.period), title,
                     w.date(sent) if sent else "", w.date(got), number]

    picks: list[tuple[date, list[str], Owed]] = []
    for i in chosen:
        o = items[i]
        late = rnd.random() < 0.10
        got, row = base_row(o, late)
        if got > as_of and rnd.random() < 0.8:
            got, row = base_row(o, False)  # most reports of the last weeks are in on time
        if got > as_of + timedelta(days=10):
            continue
        mix["reports"] += 1
        mix["late_aimed"] += late
        picks.append((got, row, o))
        add(got, row)
    for _ in range(n_dup):  # a further copy of a report, received later (or the same day)
        got, row, _o = rnd.choice(picks)
        again = got + timedelta(days=rnd.randint(0, 20))
        row = list(row)
        row[7] = w.date(again)
        row[6] = ""
        add(again, row)
        mix["duplicates"] += 1
    reg = book.reg
    for _ in range(n_mis):  # the subject named, sent to a unit that is no route of it
        o = items[rnd.randrange(n_inst)]
        got, row = base_row(o, False)
        phrase = rnd.choice(o.ob.phrases)
        row[5] = f"Báo cáo {phrase} {period_words(o.period)}"
        wrong = [u for u in _wrong_recipients(book, o) if reg.carrier(u, got) not in o.routes]
        row[3] = w.name(rnd.choice(wrong))
        add(got, row)
        mix["misrouted_aimed"] += 1
    for k in range(n_odd):
        o = items[rnd.randrange(n_inst)]
        got, row = base_row(o, False)
        kind = k % 4
        if kind == 0:  # a unit the registry does not hold, or a short name without its place
            row[2], short = _unknown_name(book, o, rnd)
            mix["short_name_aimed" if short else "unknown_unit_aimed"] += 1
        elif kind == 1:  # another subject: a text the rules do not hold
            row[5] = (f"Báo cáo kết quả thực hiện Kế hoạch số {rnd.choice(OTHER_NUMBERS)} "
                      f"{period_words(o.period)}")
            row[8] = ""
            mix["other_subject_aimed"] += 1
        elif kind == 2:  # another subject: one of the rule book's that this unit does not owe
            other = _foreign_phrase(book, o, rnd)
            row[5] = f"Báo cáo kết quả {other} {period_words(o.period)}"
            row[8] = ""
            mix["other_subject_aimed"] += 1
        else:  # a period this obligation does not ask for
            p = _unowed_period(o)
            row[4] = w.period(p)
            row[5] = rnd.choice(GENERIC_TITLES).format(p=period_words(p))
            row[8] = ""
            mix["period_not_owed_aimed"] += 1
        add(got, row)
    for _ in range(n_early):  # naming its period, received before it could be written on it
        o = items[rnd.randrange(n_inst)]
        got, row = base_row(o, False)
        got = first_receipt_day(o.ob, o.period) - timedelta(days=rnd.randint(1, 20))
        row[6] = ""
        row[7] = w.date(got)
        add(got, row)
        mix["too_early_aimed"] += 1
    for _ in range(n_bad):  # a date that does not exist
        o = items[rnd.randrange(n_inst)]
        got, row = base_row(o, False)
        row[7] = f"{rnd.choice([30, 31])}/02/{got.year}"
        add(got, row)
        mix["bad_date"] += 1
    rows.sort(key=lambda t: (t[0], t[1]))
    out = []
    for i, (_, _, row) in enumerate(rows):
        row[0] = f"VT-{i + 1:07d}"
        out.append(row)
    return out, mix


def _wrong_recipients(book: Book, o: Owed) -> list[str]:
    """Plausible wrong addresses: the province's UBND, its Văn phòng or another Sở; a ministry
    for national reports."""
    reg = book.reg
    unit = reg.units[o.reporter]
    if unit.place is not None:
        p = next(p for p in book.provinces if p.name == unit.place)
        return [p.units[r] for r in ("ubnd", "vp", "tu-phap", "cong-thuong", "xay-dung", "ubmttq",
                                     "thanh-tra", "noi-vu")]
    return [u.id for u in reg.units.values() if u.kind == "bo" and u.valid_to is None]


def _unknown_name(book: Book, o: Owed, rnd: random.Random) -> tuple[str, bool]:
    """A sender's name the registry does not hold (a unit it does not know, a typing slip), or
    a short name without the place (True): every province has one, and it is read in the
    province of the office it was sent to (docs/domain.md#the-register-of-documents-received),
    so it names that province's unit."""
    unit = book.reg.units[o.reporter]
    place = unit.place or "Trung ương"
    r = rnd.randrange(3)
    if r == 0:  # not registered
        return rnd.choice([f"Phòng Nội vụ {place}", f"Sở Du lịch tỉnh {place}",
                           f"Trung tâm Hành chính công {place}"]), False
    if r == 1 and unit.short:  # a short name without the place
        return unit.short[0], True
    return unit.name.replace("Ủy ban", "Ủy ban ban").replace("Sở", "Sở Sở"), False  # a slip


def _foreign_phrase(book: Book, o: Owed, rnd: random.Random) -> str:
    """A subject phrase of the rule book that names nothing this reporter owes (itself, or
    through the units it succeeded)."""
    owes = book.phrases_of.get(o.reporter)
    if owes is None:
        mine = {o.reporter} | {u.id for u in book.reg.units.values()
                               if u.successor == o.reporter}
        owes = book.phrases_of[o.reporter] = {
            ph for ob in book.obligations if mine & set(ob.members) for ph in ob.phrases}
    every = sorted({ph for ob in book.obligations for ph in ob.phrases})
    return rnd.choice([ph for ph in every if ph not in owes])


def _unowed_period(o: Owed) -> Period:
    y = o.period.year
    for code in ("Q2", "M5", "H2", "9M", "Q1", "H1"):
        if code not in CODES[o.ob.frequency] and not (
                o.ob.frequency in ("semiannual", "quarterly") and code in ("Y", "9M")):
            return period(code, y)
    return period("Q2", y)


# ---------------------------------------------------------------------------------------
# Files


class _NoAliasDumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_NoAliasDumper, allow_unicode=True, sort_keys=False,
                     width=100)


def write_rules(book: Book, root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    (root / "directives").mkdir(parents=True)
    (root / "calendar").mkdir()
    shutil.copy(BUNDLED_RULES / "decisions.yaml", root / "decisions.yaml")
    for f in sorted((BUNDLED_RULES / "calendar").glob("*.yaml")):
        shutil.copy(f, root / "calendar" / f.name)
    units = [u.doc() for u in book.reg.units.values()]
    (root / "units.yaml").write_text(
        "# Generated by benchmarks/national.py: a national registry.\n"
        + _dump({"units": units, "groups": book.reg.groups}), encoding="utf-8")
    for doc in book.directives:
        path = root / "directives" / f"{doc['directive']['id']}.yaml"
        path.write_text(_dump(doc), encoding="utf-8")
    return root


def shape_for(n: int) -> Shape:
    """The shape whose expected instances come closest to ``n``: 5 years from 500,000, 2 from
    50,000, else 1; then 1..34 provinces. Below one province-year (about 6,000 instances: a
    smoke test), one province with fewer ministries, districts and communes."""
    years = 5 if n >= 500_000 else 2 if n >= 50_000 else 1
    one, two = (count_owed(build_book(Shape(k, years), 0)) for k in (1, 2))
    if n < one:
        tiny = [Shape(1, 1, 0, 3, c) for c in range(4, N_COMMUNES + 1, 4)]
        return min(tiny, key=lambda sh: abs(count_owed(build_book(sh, 0)) - n))
    k = round((n - (2 * one - two)) / (two - one))
    return Shape(max(1, min(len(PROVINCES), k)), years)


def generate(n: int, out: Path, seed: int = 20251) -> dict[str, Any]:
    """Write ``out/rules/`` and ``out/submissions.csv`` for about ``n`` instances; return the
    meta data (also written to ``out/meta.json``)."""
    shape = shape_for(n)
    book = build_book(shape, seed)
    out.mkdir(parents=True, exist_ok=True)
    write_rules(book, out / "rules")
    n_inst = count_owed(book)
    rows, mix = build_records(book, n_inst, seed)
    with (out / "submissions.csv").open("w", encoding="utf-8", newline="") as fh:
        wr = csv.writer(fh)
        wr.writerow(HEADER)
        wr.writerows(rows)
    meta = {
        "instances_requested": n, "provinces": shape.provinces, "years": shape.years,
        "first_year": book.first_year, "units": len(book.reg.units),
        "obligations": len(book.obligations), "directives": len(book.directives),
        "expected_instances": n_inst, "submissions": len(rows),
        "as_of": book.as_of.isoformat(), "since": f"{book.first_year}-01-01",
        "mix": mix, "seed": seed,
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    return meta


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--instances", type=int, default=100_000)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=20251)
    args = ap.parse_args()
    meta = generate(args.instances, args.out, args.seed)
    print(json.dumps(meta, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()

