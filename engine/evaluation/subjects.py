"""What a report is about, read from its title, and whether that is an obligation's subject.

A unit sends many reports to the same office: its socio-economic report, its administrative-
reform report and its campaign report may all reach the UBND tỉnh in one week. A report counts
for an obligation only if it is about that obligation's subject. A title is read once (per
distinct title: registers repeat them) into ``TitleSubject``: the subject phrases it contains,
the directive numbers it cites, and whether it says anything substantive at all. Then, per
obligation, the report is on its subject (``SAME``), on another (``OTHER``), or the title says
nothing either way (``UNCHECKED``: matched as before, and the output says so).

A title often names its sender or recipient ("Sở TT&TT Tây Ninh báo cáo ..."): that says
nothing about the subject. The registered units' names (full names, aliases, short names,
places) are masked in the title as whole phrases, so their words neither make the title
substantive nor name a subject there — while the same words elsewhere ("tình hình kinh tế - xã
hội", "hàng Việt") still count.

>>> index = SubjectIndex([Subject(("Cuộc vận động Người Việt Nam ưu tiên dùng hàng Việt Nam",
...                                "ưu tiên dùng hàng Việt Nam"))], [],
...                      ["Sở Công Thương tỉnh Tây Ninh", "Sở Công Thương", "Tây Ninh"])
>>> campaign = index.subjects[0]
>>> index.relation(index.read("Báo cáo kết quả CVĐ ưu tiên dùng hàng VN năm 2022"), campaign, ())
'same'
>>> index.relation(index.read("Báo cáo tình hình kinh tế - xã hội năm 2022"), campaign, ())
'other'
>>> index.relation(index.read("Báo cáo 6 tháng đầu năm 2022"), campaign, ())
'unchecked'
>>> index.relation(index.read("Báo cáo tình hình chuyển đổi số quý III"), campaign, ())
'other'
>>> index.relation(index.read("Báo cáo chuyên đề sửa đổi, bổ sung quý III"), campaign, ())
'unchecked'
>>> index.relation(index.read("Sở Công Thương Tây Ninh báo cáo năm 2022"), campaign, ())
'unchecked'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.model import Subject
from engine.time.dates import fold_vietnamese

if TYPE_CHECKING:
    from engine.rulebook import RuleBook as RuleBookLike

__all__ = ["OTHER", "SAME", "UNCHECKED", "SubjectIndex", "TitleForm", "TitleSubject", "index_of",
           "number_key", "numbers_of", "read_form"]

SAME, OTHER, UNCHECKED = "same", "other", "unchecked"

# Abbreviations offices write, expanded before phrases are compared (folded, no diacritics).
_ABBREVIATIONS = {
    "cvd": "cuoc van dong",
    "vn": "viet nam",
    "tdkt": "thi dua khen thuong",
    "td-kt": "thi dua khen thuong",
    "cchc": "cai cach hanh chinh",
    "kt-xh": "kinh te xa hoi",
    "ktxh": "kinh te xa hoi",
    "bcd": "ban chi dao",
    "tt&tt": "thong tin va truyen thong",
    "tttt": "thong tin va truyen thong",
    "ubmttq": "uy ban mat tran to quoc",
    "mttq": "mat tran to quoc",
    "ubnd": "uy ban nhan dan",
    "pccc": "phong chay chua chay",
    "attt": "an toan thong tin",
    "antt": "an ninh trat tu",
    "atgt": "an toan giao thong",
    "pctn": "phong chong tham nhung",
    "cntt": "cong nghe thong tin",
    "tthc": "thu tuc hanh chinh",
    "qp-an": "quoc phong an ninh",
    "qpan": "quoc phong an ninh",
    "bhxh": "bao hiem xa hoi",
    "xdcb": "xay dung co ban",
    "nsnn": "ngan sach nha nuoc",
    "gd&dt": "giao duc va dao tao",
    "kh&cn": "khoa hoc va cong nghe",
    "khcn": "khoa hoc va cong nghe",
    "vh-tt": "van hoa the thao",
}
# Words every report title uses, whatever it is about: they say nothing about the subject.
_GENERIC_WORDS = """
bao cao so ket tong ket ket qua thuc hien tinh hinh cong tac dinh ky danh gia
nhiem vu ke hoach phuong huong trong tam giai phap trien khai nam thang quy dau cuoi ca va
cua ve tai theo tren trong cac mot nhung noi dung ngay so ky hieu ve viec v/v don
vi co quan nganh cap dia ban tinh huyen thi xa thanh pho tp phong ban chi cuc vu truong de
kien nghi muc tieu yeu cau du kien lan thu dot gui kem theo nay da duoc du
thao bo sung tinh hinh hoan thanh chuong trinh to trinh thong bao nguyen
nhan ton tai han che kho khan vuong mac thuan loi i ii iii iv 6 9 06 09 12 nhiem ky giai v
dinh ky doan
"""
_GENERIC = frozenset(_GENERIC_WORDS.split())
# Everyday phrases whose words, folded, are also words of subjects: "sửa đổi", "chuyên đề",
# "hoạt động", "công văn", "Cuộc vận động", "đề xuất", "chính thức", "tiếp tục" are generic,
# but "chuyển đổi số", "lao động", "văn hóa", "dân vận", "xuất bản", "tài chính", "tiếp công
# dân" are subjects.
_GENERIC_RUNS = (("cuoc", "van", "dong"), ("sua", "doi"), ("chuyen", "de"), ("hoat", "dong"),
                 ("cong", "van"), ("de", "xuat"), ("dot", "xuat"), ("chinh", "thuc"),
                 ("tiep", "tuc"), ("thay", "the"))
# Folded, some everyday words are also words of subjects: "kế hoạch" and "thống kê", "thông
# báo" and "thống kê", "chi cục" and "báo chí", "báo cáo" and "bảo vệ", "tại" and "tài chính".
# Written with diacritics, only these forms are everyday; without, the folded word is.
_GENERIC_FORMS = {
    "ke": {"kế"}, "thong": {"thông"}, "chi": {"chi"}, "bao": {"báo"}, "tai": {"tại"},
    "ve": {"về"}, "hien": {"hiện"}, "quan": {"quan"}, "truong": {"trưởng"}, "thu": {"thứ"},
    "tinh": {"tình", "tỉnh"}, "ban": {"ban", "bản", "bàn"}, "co": {"cơ", "có"},
    "noi": {"nội"}, "so": {"số", "sơ"}, "quy": {"quý"}, "dau": {"đầu"}, "ky": {"kỳ", "ký"},
}
_WORD = re.compile(r"[a-z0-9&]+(?:[-/][a-z0-9&]+)*")
# A document number: "4324/KH-UBND", "06-KH/BCĐ", "103/CT-BTTTT", "03-CT/TW".
_NUMBER = re.compile(r"(?<![\w/])(\d{1,5})\s*[-/]\s*([a-z]{1,6}(?:\s*[-/]\s*[a-z0-9&]{1,12}){0,3})"
                     r"(?![\w])")
# The kinds of text a report may answer (not BC, a report's own number).
_DIRECTIVE_TYPES = frozenset({"ct", "kh", "qd", "cv", "tb", "nq", "kl", "hd", "tt", "nd", "ubnd"})


def number_key(text: str) -> str:
    """A directive number with case, diacritics, spaces and '-'/'/' slips removed.

    >>> number_key("06-KH/BCĐ") == number_key("06/KH-BCD")
    True
    """
    return re.sub(r"[^a-z0-9]", "", fold_vietnamese(text))


def _tokens(text: str) -> tuple[str, ...]:
    words: list[str] = []
    for word in _WORD.findall(fold_vietnamese(text)):
        words.extend(_ABBREVIATIONS.get(word, word.replace("-", " ").replace("/", " ")).split())
    return tuple(words)


def _forms(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """``_tokens`` of ``text`` less its document numbers, and each word as written (lower
    case, with its diacritics; an abbreviation's words as folded). Folding is done character
    by character so that the two stay aligned; where it cannot be, the written forms are the
    folded words."""
    lower = unicodedata.normalize("NFC", text).casefold()
    folded = "".join(_fold_char(c) for c in lower)
    if len(folded) != len(lower):
        plain = _tokens(_NUMBER.sub(" ", fold_vietnamese(text)))
        return plain, plain
    blanked = _NUMBER.sub(lambda m: " " * len(m.group(0)), folded)
    words: list[str] = []
    forms: list[str] = []
    for m in _WORD.finditer(blanked):
        expanded = _ABBREVIATIONS.get(m.group(0))
        if expanded is not None:
            words += expanded.split()
            forms += expanded.split()
            continue
        words += m.group(0).replace("-", " ").replace("/", " ").split()
        forms += re.split(r"[-/]", lower[m.start():m.end()])
    if len(words) != len(forms):
        return tuple(words), tuple(words)
    return tuple(words), tuple(forms)


@functools.cache
def _fold_char(c: str) -> str:
    """``fold_vietnamese`` of one character, whitespace kept (the fold collapses it)."""
    return c if c.isspace() else fold_vietnamese(c)


def _content(words: Sequence[str], forms: Sequence[str], masked: Sequence[bool]) -> list[bool]:
    """Per word, whether it says something about the subject: not part of a unit's name, not
    a figure, not an everyday word or phrase (``_GENERIC``, ``_GENERIC_RUNS``) as written."""
    everyday = [w in _GENERIC and (f == w or f in _GENERIC_FORMS.get(w, (f,)))
                for w, f in zip(words, forms, strict=True)]
    for run in _GENERIC_RUNS:
        n = len(run)
        for i in range(len(words) - n + 1):
            if tuple(words[i:i + n]) == run:
                everyday[i:i + n] = [True] * n
    return [not m and not e and not w.isdigit()
            for w, m, e in zip(words, masked, everyday, strict=True)]


def _names(words: Sequence[str], masked: Sequence[bool], content: Sequence[bool],
           phrase: tuple[str, ...], weak: bool) -> bool:
    """Whether a title's words name ``phrase``: it occurs other than wholly inside a unit's
    name, and a phrase of everyday words ("Cuộc vận động") is not followed by a name of its
    own ("Cuộc vận động Toàn dân đoàn kết ...": another campaign)."""
    n = len(phrase)
    for i in range(len(words) - n + 1):
        if tuple(words[i:i + n]) != phrase or all(masked[i:i + n]):
            continue
        if not (weak and i + n < len(words) and content[i + n]):
            return True
    return False


class _NameTrie:
    """Unit names as word sequences, so that a title is masked in one pass (the longest name
    starting at each word) instead of one scan per unit: a national registry holds thousands of
    units, and registers hold titles by the hundred thousand."""

    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, _NameTrie] = {}
        self.end = False

    def add(self, words: Sequence[str]) -> None:
        node = self
        for word in words:
            node = node.children.setdefault(word, _NameTrie())
        node.end = True

    def mask(self, words: Sequence[str]) -> tuple[bool, ...]:
        """Per word, whether it lies in some occurrence of a name (names may overlap)."""
        masked = [False] * len(words)
        for i in range(len(words)):
            node, longest = self, 0
            for j in range(i, len(words)):
                nxt = node.children.get(words[j])
                if nxt is None:
                    break
                node = nxt
                if node.end:
                    longest = j + 1 - i
            masked[i:i + longest] = [True] * longest
        return tuple(masked)


@dataclass(frozen=True)
class TitleSubject:
    """What one title says: indexes of the known subject phrases it contains, the number keys
    of the directives it cites, and whether it has substantive words (at least two that are
    neither everyday words, numbers, nor part of a unit's name)."""

    phrases: frozenset[int]
    numbers: frozenset[str]
    directive_types: frozenset[str]  # type codes of cited numbers that are not in the rules
    substantive: bool


class SubjectIndex:
    """Every subject phrase of a rule book, compiled once; titles read once each."""

    def __init__(self, subjects: Iterable[Subject], numbers: Iterable[str],
                 unit_names: Iterable[str]) -> None:
        self.subjects: tuple[Subject, ...] = tuple(dict.fromkeys(subjects))
        self._phrases: list[tuple[str, ...]] = []
        self._phrase_ids: dict[tuple[str, ...], int] = {}
        for subject in self.subjects:
            for phrase in subject.phrases:
                self._phrase_id(phrase)
        self._known_numbers = frozenset(number_key(n) for n in numbers)
        self._unit_names = _NameTrie()
        for name in unit_names:
            if words := _tokens(name):
                self._unit_names.add(words)
        self._weak = frozenset(i for i, words in enumerate(self._phrases)
                               if not any(_content(words, words, [False] * len(words))))
        self._cache: dict[str, TitleSubject] = {}
        self._said: dict[TitleSubject, TitleSubject] = {}
        self._keys: dict[tuple[Subject, tuple[str, ...]],
                         tuple[frozenset[int], frozenset[str]]] = {}

    def _phrase_id(self, phrase: str) -> int:
        words = _tokens(phrase)
        if words not in self._phrase_ids:
            self._phrase_ids[words] = len(self._phrases)
            self._phrases.append(words)
        return self._phrase_ids[words]

    def read(self, text: str) -> TitleSubject:
        """What ``text`` says, once per distinct title; titles that say the same (the same
        report of another month) share one ``TitleSubject``, so that what depends on it is
        worked out once for all of them (``group._Index.on_title``)."""
        found = self._cache.get(text)
        if found is None:
            read = self._read(text)
            found = self._cache[text] = self._said.setdefault(read, read)
        return found

    def _read(self, text: str) -> TitleSubject:
        folded = fold_vietnamese(text)
        numbers, types = set(), set()
        for m in _NUMBER.finditer(folded):
            key = number_key(m.group(0))
            kind = re.split(r"[-/\s]", m.group(2))[0]
            if key in self._known_numbers:
                numbers.add(key)
            elif kind in _DIRECTIVE_TYPES:
                types.add(kind)
        words, forms = _forms(text)
        masked = self._unit_names.mask(words)
        content = _content(words, forms, masked)
        phrases = frozenset(i for i, p in enumerate(self._phrases)
                            if _names(words, masked, content, p, i in self._weak))
        return TitleSubject(phrases, frozenset(numbers), frozenset(types), sum(content) >= 2)

    def relation(self, title: TitleSubject, subject: Subject, own_numbers: Sequence[str]) -> str:
        """SAME when the title names ``subject`` (a phrase, or a number of ``own_numbers`` or
        of the subject's directives); OTHER when it names something else — another text of the
        rules above all ("Báo cáo kết quả thực hiện Kế hoạch 4324/KH-UBND" is not the campaign
        report of a plan that does not list 4324); else UNCHECKED.

        A phrase made only of everyday words ("Cuộc vận động") counts only where no name
        follows it (``_names``): "Cuộc vận động Toàn dân đoàn kết ..." is another campaign, while
        "tuyên truyền Cuộc vận động trong ngành Giáo dục" is this one.
        """
        mine, keys = self._subject_keys(subject, tuple(own_numbers))
        if title.numbers:  # it cites texts of the rules: it answers those, whatever its words
            return SAME if title.numbers & keys else OTHER
        if title.phrases & mine:
            return SAME
        if title.phrases or title.numbers or title.directive_types or title.substantive:
            return OTHER
        return UNCHECKED

    def _subject_keys(self, subject: Subject, own: tuple[str, ...]
                      ) -> tuple[frozenset[int], frozenset[str]]:
        """The phrase ids and number keys of one subject, worked out once per obligation."""
        found = self._keys.get((subject, own))
        if found is None:
            found = self._keys[(subject, own)] = (
                frozenset(self._phrase_ids[_tokens(p)] for p in subject.phrases),
                frozenset(number_key(n) for n in (*own, *subject.directives)),
            )
        return found


# What kind of report a title says it is. On folded text (no diacritics).
_REVIEW_WORDS = re.compile(r"\b(so ket|tong ket|danh gia)\b")
# "sơ kết 5 năm", "tổng kết 10 năm": a span of years, written in figures ("năm năm" is too
# often "Việt Nam năm 2025" to read words); not "quý 3 năm 2022", "tháng 5 năm 2022".
_YEARS = re.compile(r"(?<![\w/.-])(\d{1,2})\s+nam\b")
_NOT_A_SPAN = frozenset({"quy", "qui", "thang", "ngay", "tuan", "lan", "dot", "so"})
# "2021-2025", "giai đoạn 2021 – 2025", "từ năm 2021 đến năm 2025".
_RANGE = re.compile(r"(?<![\w/.-])(\d{4})\s*(?:-|\u2013|\u2014|den|toi)\s*(?:(?:het\s+)?nam\s+)?"
                    r"(\d{4})(?![\w/-])")
# A report answering a request says so: "báo cáo đột xuất", "theo yêu cầu", "phúc đáp".
_ON_REQUEST = re.compile(r"\b(dot xuat|theo yeu cau|theo de nghi|phuc dap)\b")


@dataclass(frozen=True)
class TitleForm:
    """What kind of report a title says it is, whatever its subject: a review ("sơ kết",
    "tổng kết", "đánh giá") of how many years or of which years, an answer to a request
    ("đột xuất", "theo yêu cầu"), and every document number it cites (a request letter's
    number among them). Read once per distinct text, without the rule book."""

    review: frozenset[str]  # "so ket", "tong ket", "danh gia"
    years: frozenset[int]  # N of "N năm"
    ranges: frozenset[tuple[int, int]]  # (2021, 2025) of "2021-2025"
    on_request: bool
    cited: frozenset[str]  # number keys (``number_key``) of the numbers written in it


@functools.lru_cache(maxsize=1 << 16)
def read_form(text: str) -> TitleForm:
    """>>> f = read_form("Báo cáo sơ kết 5 năm thực hiện Chỉ thị 03-CT/TW (2021 – 2025)")
    >>> sorted(f.review), sorted(f.years), sorted(f.ranges), sorted(f.cited)
    (['so ket'], [5], [(2021, 2025)], ['03cttw'])
    >>> sorted(read_form("Báo cáo quý 3 năm 2022").years)
    []
    """
    folded = fold_vietnamese(text)
    years = set()
    for m in _YEARS.finditer(folded):
        before = folded[:m.start()].split()
        if not (before and before[-1] in _NOT_A_SPAN):
            years.add(int(m.group(1)))
    ranges = {(int(m.group(1)), int(m.group(2))) for m in _RANGE.finditer(folded)
              if 1900 < int(m.group(1)) < int(m.group(2)) < 2200}
    return TitleForm(
        review=frozenset(m.group(1) for m in _REVIEW_WORDS.finditer(folded)),
        years=frozenset(years),
        ranges=frozenset(ranges),
        on_request=_ON_REQUEST.search(folded) is not None,
        cited=frozenset(number_key(m.group(0)) for m in _NUMBER.finditer(folded)),
    )


def index_of(book: RuleBookLike) -> SubjectIndex:
    """The rule book's subjects, and every registered unit's names to mask in titles (a title
    naming its sender says nothing about its subject). Short names and places are masked on
    their own, which also masks "short name + place": a short name that fits several units
    still names a unit, not a subject."""
    subjects = [ob.subject for d in book.directives for ob in d.obligations]
    numbers = [n for d in book.directives for n in ((d.number,) if d.number else ())]
    numbers += [n for s in subjects for n in s.directives]
    names = {name for unit in book.registry.units.values()
             for name in (unit.name, *unit.aliases, *unit.short, unit.place or "")}
    return SubjectIndex(subjects, numbers, sorted(names))


def numbers_of(book: RuleBookLike) -> dict[str, tuple[str, ...]]:
    """Per directive id, the number a report on it may cite: its own."""
    return {d.id: (d.number,) if d.number else () for d in book.directives}
