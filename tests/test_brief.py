"""`baocao brief` (issue 9): the meeting brief as HTML (rendered in headless Chromium, network
off), XLSX (read back with openpyxl against the JSON of the same run) and Markdown; hostile
unit names come out inert in HTML, Markdown, CSV and XLSX. The annex (``--full``) is checked
here; the meeting page (issue 16) in tests/test_brief_page.py."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import struct
import subprocess
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests._cli import invoke

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "submissions"
ARGS = ["brief", "--as-of", "2022-11-15", "-s", str(EXAMPLES), "--next-meeting", "2023-01-10"]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


CHROMIUM = _chromium()


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("brief")


@pytest.fixture(scope="module")
def as_json(work: Path) -> dict[str, Any]:
    run = invoke(*ARGS, "--format", "json", cwd=work)
    assert run.code == 0, run.err
    data: dict[str, Any] = json.loads(run.out)
    return data


@pytest.fixture(scope="module")
def html_file(work: Path) -> Path:
    """The brief with its annex (--full)."""
    path = work / "brief.html"
    run = invoke(*ARGS, "--full", "-o", str(path), cwd=work)
    assert run.code == 0, run.err
    return path


# A period as the human brief writes it, worked out here from the code JSON keeps.
QUARTERS = ("I", "II", "III", "IV")


def period_words(code: str) -> str:
    year, _, part = code.partition("-")
    if not part:
        return f"năm {year}"
    if part.startswith("Q"):
        return f"quý {QUARTERS[int(part[1]) - 1]}/{year}"
    if part in ("H1", "H2"):
        return f"6 tháng {'đầu' if part == 'H1' else 'cuối'} năm {year}"
    if part == "9M":
        return f"9 tháng đầu năm {year}"
    return f"tháng {int(part)}/{year}"


# ---------------------------------------------------------------------------------------
# JSON: the figures come from the view, once


def test_brief_json_figures(as_json: dict[str, Any]) -> None:
    f = as_json["figures"]
    assert f["assessed"] == f["on_time"] + f["late"] + f["overdue"]
    assert f["expected"] == f["assessed"] + f["pending"]
    assert 0 <= f["rate_on_time"] <= f["rate_received"] <= 1
    days = [r["days_overdue"] for r in as_json["overdue"]]
    assert days == sorted(days, reverse=True)
    assert len(as_json["overdue"]) == f["overdue"]
    assert all(date(2022, 11, 15) < date.fromisoformat(r["due"]) <= date(2023, 1, 10)
               for r in as_json["upcoming"])
    assert {r["verdict"] for r in as_json["upcoming"]} == {"pending"}


# ---------------------------------------------------------------------------------------
# HTML: self-contained, and as Chromium shows it


def test_html_is_self_contained(html_file: Path) -> None:
    text = html_file.read_text(encoding="utf-8")
    lowered = text.lower()
    for forbidden in ("<script", "src=", "href=", "url(", "@import", "http:", "https:",
                      "<link", "<iframe", "<object", "<img"):
        assert forbidden not in lowered, forbidden
    assert "@page" in text
    assert "size: A4" in text


NEEDS_CHROMIUM = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Debian's chromium is not installed (.ci/run installs it: apt-get install chromium)")


def _chromium_run(page: Path, profile: Path, *extra: str) -> str:
    """Headless Chromium with the network off: every host resolves to nothing and every
    request goes to a dead proxy; each request is written to ``profile/net.json``."""
    assert CHROMIUM is not None
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
               "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
               f"--log-net-log={profile / 'net.json'}", "--hide-scrollbars", *extra,
               page.as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


def page_requests(net_log: Path) -> list[str]:
    """URLs the *page* asked for (not Chromium's own update or time checks, whose initiator
    is "not an origin"), other than the file itself and data: URLs."""
    log = json.loads(net_log.read_text(encoding="utf-8"))
    names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
    urls = []
    for event in log["events"]:
        params = event.get("params") or {}
        if names.get(event["type"]) != "URL_REQUEST_START_JOB" or "url" not in params:
            continue
        if params.get("initiator") == "not an origin":
            continue
        if not params["url"].startswith(("file:", "data:")):
            urls.append(params["url"])
    return urls


@NEEDS_CHROMIUM
def test_the_request_detector_sees_a_page_that_loads_from_outside(tmp_path: Path) -> None:
    page = tmp_path / "control.html"
    page.write_text('<img src="http://example.invalid/x.png"><link rel="stylesheet" '
                    'href="https://fonts.example.invalid/a.css">', encoding="utf-8")
    profile = tmp_path / "profile"
    _chromium_run(page, profile, "--dump-dom")
    assert sorted(page_requests(profile / "net.json")) == [
        "http://example.invalid/x.png", "https://fonts.example.invalid/a.css"]


@pytest.mark.slow
@NEEDS_CHROMIUM
def test_html_brief_in_headless_chromium(html_file: Path, as_json: dict[str, Any],
                                         tmp_path: Path) -> None:
    dom = _chromium_run(html_file, tmp_path / "dom", "--dump-dom")
    shot = tmp_path / "brief.png"
    _chromium_run(html_file, tmp_path / "shot", "--window-size=1000,1400",
                  f"--screenshot={shot}")
    # the screenshot is a real PNG of the asked size
    head = shot.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", head[16:24]) == (1000, 1400)
    # rows: one per overdue, late and upcoming report, as in the JSON of the same run
    for key in ("overdue", "late", "upcoming"):
        table = re.search(rf'<table id="t-{key}"[^>]*>(.*?)</table>', dom, re.S)
        assert table is not None, key
        assert table.group(1).count("<tr>") - 1 == len(as_json[key]), key
    worst = as_json["overdue"][0]
    assert f"{worst['days_overdue']}</td>" in dom
    # bars: two per unit in the annex's chart, their widths the rates of the JSON
    rows = as_json["rates"]["units"]
    chart = re.search(r'<svg id="chart-units"(.*?)</svg>', dom, re.S)
    assert chart is not None
    rates = [float(r) for r in re.findall(r'class="bar on-time" data-rate="([\d.]+)"',
                                           chart.group(1))]
    assert rates == [r["figures"]["rate_on_time"] or 0.0 for r in rows]
    assert chart.group(1).count('class="bar received"') == len(rows)
    # and a bar behind each directive's two rates on the first page
    table = re.search(r'<table id="t-directives"(.*?)</table>', dom, re.S)
    assert table is not None
    shown = [float(r) for r in re.findall(r'data-rate="([\d.]+)"', table.group(1))]
    assert shown == [r for d in as_json["rates"]["directives"]
                     for r in (d["figures"]["rate_on_time"], d["figures"]["rate_received"])
                     if r is not None]
    # nothing tried to load from outside
    assert page_requests(tmp_path / "dom" / "net.json") == []
    assert page_requests(tmp_path / "shot" / "net.json") == []


@pytest.mark.slow
@NEEDS_CHROMIUM
def test_html_brief_prints_on_a4(html_file: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "brief.pdf"
    _chromium_run(html_file, tmp_path / "pdf", "--no-pdf-header-footer",
                  f"--print-to-pdf={pdf}")
    data = pdf.read_bytes()
    boxes = set(re.findall(rb"/MediaBox\s*\[([^\]]*)\]", data))
    assert len(boxes) == 1
    width, height = (float(v) for v in boxes.pop().split()[2:4])
    assert (round(width), round(height)) == (595, 842)  # A4 in points (210 × 297 mm)
    assert page_requests(tmp_path / "pdf" / "net.json") == []


# ---------------------------------------------------------------------------------------
# XLSX, read back


def test_xlsx_brief_matches_the_json(work: Path, as_json: dict[str, Any]) -> None:
    path = work / "brief.xlsx"
    run = invoke(*ARGS, "--format", "xlsx", "--full", "-o", str(path), cwd=work)
    assert run.code == 0, run.err
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Tóm tắt", "Theo đơn vị", "Quá hạn", "Trễ hạn", "Sắp đến hạn",
                             "Cần xem lại", "Căn cứ", "Hạn giả định"]
    for ws in wb.worksheets[1:]:  # the annex: a table per sheet
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref
        assert ws.auto_filter.ref.startswith("A1:")
        assert all(c.font.bold for c in ws[1])
    overdue = wb["Quá hạn"]
    headers = [c.value for c in overdue[1]]
    assert headers[:6] == ["Đơn vị", "Văn bản, mục", "Kỳ", "Hạn", "Hạn theo",
                           "Số ngày quá hạn"]
    rows = list(overdue.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(as_json["overdue"])
    for row, item in zip(rows, as_json["overdue"], strict=True):
        assert isinstance(row[3], datetime)  # a real date cell
        assert row[3].date().isoformat() == item["due"]
        assert row[5] == item["days_overdue"]
        assert row[2] == period_words(item["period"])
    assert overdue.cell(row=2, column=4).number_format == "DD/MM/YYYY"
    units = list(wb["Theo đơn vị"].iter_rows(min_row=2, values_only=True))
    assert [(u[1], u[7]) for u in units] == [
        (r["figures"]["expected"], r["figures"]["rate_on_time"])
        for r in as_json["rates"]["units"]]
    assert wb["Theo đơn vị"].cell(row=2, column=8).number_format == "0.0%"
    summary = {r[0]: r[1] for r in wb["Tóm tắt"].iter_rows(values_only=True)}
    assert summary["báo cáo phải nộp"] == as_json["figures"]["expected"]
    assert summary["đúng hạn (trên số đã đến hạn)"] == as_json["figures"]["rate_on_time"]
    assert "Số liệu tính đến ngày 15/11/2022 · phiên họp tiếp theo: 10/01/2023" in summary
    widths = [wb["Căn cứ"].column_dimensions[c].width for c in "ABC"]
    assert all(10 <= w <= 62 for w in widths)


def test_xlsx_needs_an_output_file(tmp_path: Path) -> None:
    run = invoke("brief", "--format", "xlsx", cwd=tmp_path)
    assert run.code == 2
    assert "option.output" in run.err


def test_next_meeting_before_as_of_is_an_error(tmp_path: Path) -> None:
    run = invoke("brief", "--as-of", "2023-03-01", "--next-meeting", "2023-02-01", cwd=tmp_path)
    assert run.code == 2
    assert "option.next-meeting" in run.err


def test_markdown_brief_has_every_section(work: Path, as_json: dict[str, Any]) -> None:
    run = invoke(*ARGS, "--format", "md", "--lang", "en", "--full", cwd=work)
    assert run.code == 0
    at = -1
    for heading in ("# Reporting compliance brief", "## Headline figures",
                    "## The 10 units furthest behind", "## By directive", "# Annex",
                    "## By unit", "## Overdue, not received", "## Received late",
                    "## Due before the meeting", "## Clauses", "## Assumed-deadline policies"):
        assert run.out.find(heading, at + 1) > at, heading  # present, in this order
        at = run.out.find(heading, at + 1)
    overdue = run.out.split("## Overdue")[1].split("## Received late")[0]
    assert overdue.count("\n| ") == len(as_json["overdue"]) + 1


# ---------------------------------------------------------------------------------------
# Hostile names


FORMULA = '=HYPERLINK("http://x.invalid","bấm vào đây")'
SCRIPT = "<script>alert('x')</script> \"Sở\" <b>đậm</b>"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled rules with two units renamed: a formula and a script with quotes."""
    work = tmp_path_factory.mktemp("hostile")
    shutil.copytree(ROOT / "rules", work / "rules")
    units = work / "rules" / "units.yaml"
    text = units.read_text(encoding="utf-8")
    for unit, name in (("so-tttt-tay-ninh", FORMULA), ("so-tttt-thai-nguyen", SCRIPT)):
        text = re.sub(rf"(- id: {unit}\n    name: )[^\n]*", lambda m, n=name: m[1] +
                      json.dumps(n, ensure_ascii=False), text)
        text = text.replace(f"- id: {unit}\n", f"- id: {unit}\n    label: "
                            f"{json.dumps(name, ensure_ascii=False)}\n", 1)
    units.write_text(text, encoding="utf-8")
    return work


def _hostile(work: Path, *args: str) -> list[str]:
    return ["--rules", str(work / "rules"), "--as-of", "2023-03-01", *args]


def test_hostile_names_are_inert_in_html_and_markdown(hostile: Path) -> None:
    html = invoke("brief", *_hostile(hostile, "--full"), cwd=hostile)
    assert html.code == 0, html.err
    assert "<script" not in html.out
    assert "<b>" not in html.out
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &quot;Sở&quot;" in html.out
    assert "=HYPERLINK(&quot;http://x.invalid&quot;" in html.out
    md = invoke("brief", *_hostile(hostile, "--format", "md", "--full"), cwd=hostile)
    assert "<script" not in md.out
    assert "<b>" not in md.out
    assert "&lt;script&gt;alert('x')&lt;/script&gt; \"Sở\" &lt;b&gt;đậm&lt;/b&gt;" in md.out


def test_hostile_names_are_inert_in_csv_and_xlsx(hostile: Path) -> None:
    run = invoke("check", *_hostile(hostile, "--format", "csv"), cwd=hostile)
    rows = list(csv.DictReader(io.StringIO(run.out.removeprefix("\ufeff"))))
    names = {r["Đơn vị báo cáo"] for r in rows}  # the reporter's name
    assert "'" + FORMULA in names  # a spreadsheet shows it as text
    assert FORMULA not in names
    assert SCRIPT in names  # not a formula: unchanged
    path = hostile / "brief.xlsx"
    done = invoke("brief", *_hostile(hostile, "--format", "xlsx", "--full", "-o", str(path)),
                  cwd=hostile)
    assert done.code == 0, done.err
    wb = openpyxl.load_workbook(path)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and ("HYPERLINK" in c.value or "<script>" in c.value)]
    assert {c.value for c in cells} >= {FORMULA, SCRIPT}
    assert {c.data_type for c in cells} == {"s"}  # text cells, never formulas
