#!/usr/bin/env python3
"""Checks what render_fixture wrote, as a person would look at it.

  check_render.py OUT_DIR

- every HTML document is printed to PDF by headless Chromium; a receipt, a notice and a
  feedback form fit on one A4 page; pdftotext finds the Chinese text each must show, and
  pdffonts shows an embedded CJK font; the first page of each is kept as PNG (OUT_DIR/png)
  for a person to look at;
- the XLSX workbooks (read with zipfile + xml) and the CSV files (UTF-8 with a BOM) are
  read back and their counts equal the `stats` answer;
- nothing published (the disclosure list as HTML and CSV, the disclosure answer, the
  frozen publication) contains any of the personal data typed into free-text fields, and
  no published name is a whole name; the same data does reach internal documents (so the
  leak check can fail).
Standard library only. Exit 1 on the first list of failures.
"""
import csv, io, json, os, re, shutil, subprocess, sys, tempfile, zipfile
import xml.etree.ElementTree as ET

out = sys.argv[1]
m = json.load(open(os.path.join(out, "manifest.json"), encoding="utf-8"))
stats = m["stats"]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return name
    sys.exit("check_render: chromium is not installed (scripts/install-deps.sh installs it)")


def to_pdf(html, pdf):
    profile = tempfile.mkdtemp(prefix="od-chromium-")
    try:
        subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--user-data-dir=" + profile, "--no-pdf-header-footer",
                        "--print-to-pdf=" + pdf, "file://" + os.path.abspath(html)],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def pages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


# ---- documents as printed ------------------------------------------------------------
# Chromium embeds glyphs as unnamed Type 3 fonts, so the font is checked where it is
# chosen: a Chinese font must be installed, or every character prints as a box.
cjk = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
if "Noto" not in cjk or "CJK" not in cjk:
    sys.exit("check_render: no Noto CJK font installed (scripts/install-deps.sh installs fonts-noto-cjk)")
pngdir = os.path.join(out, "png")
os.makedirs(pngdir, exist_ok=True)
for d in m["documents"]:
    f = os.path.join(out, d["file"])
    if not f.endswith(".html"):
        continue
    pdf = f[:-5] + ".pdf"
    to_pdf(f, pdf)
    n = pages(pdf)
    if d["one_page"] and n != 1:
        fail("%s prints on %d pages, not one A4 page" % (d["file"], n))
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    w, h = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    if abs(min(w, h) - 595.3) > 2 or abs(max(w, h) - 841.9) > 2:  # A4 in points, either way round
        fail("%s is not printed on A4: %.1f x %.1f pt" % (d["file"], w, h))
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for word in d["contains"]:
        if re.sub(r"\s+", "", word) not in flat:
            fail("%s: the printed text lacks %r" % (d["file"], word))
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", pdf,
                    os.path.join(pngdir, os.path.basename(f)[:-5])], check=True)
    print("ok   %-22s %d page(s)" % (d["file"], n))


# ---- XLSX and CSV read back ----------------------------------------------------------
NS = {"s": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}


def read_xlsx(path):
    """{sheet name: [[cell text or number]]}"""
    z = zipfile.ZipFile(path)
    shared = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("s:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["s"])))
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))}
    sheets = {}
    for sh in ET.fromstring(z.read("xl/workbook.xml")).find("s:sheets", NS):
        target = rels[sh.get("{%s}id" % NS["r"])]
        root = ET.fromstring(z.read("xl/" + target.lstrip("/").replace("xl/", "")))
        rows = []
        for row in root.iter("{%s}row" % NS["s"]):
            cells = []
            for c in row.findall("s:c", NS):
                col = re.match(r"[A-Z]+", c.get("r")).group(0)
                idx = 0
                for ch in col:
                    idx = idx * 26 + ord(ch) - 64
                while len(cells) < idx - 1:
                    cells.append("")
                v = c.find("s:v", NS)
                if c.get("t") == "s":
                    cells.append(shared[int(v.text)])
                elif v is not None:
                    x = float(v.text)
                    cells.append(int(x) if x == int(x) else x)
                else:
                    cells.append("")
            rows.append(cells)
        sheets[sh.get("name")] = rows
    return sheets


def read_csv(path):
    raw = open(path, "rb").read()
    if not raw.startswith(b"\xef\xbb\xbf"):
        fail("%s has no UTF-8 byte order mark" % path)
    text = raw[3:].decode("utf-8")
    if "\r\n" not in text:
        fail("%s does not end lines with CRLF" % path)
    return list(csv.reader(io.StringIO(text, newline="")))


def csv_sections(rows):
    """Several sheets: a blank line, then the sheet's name, then its header and rows."""
    sections, name, cur = {}, None, None
    for r in rows:
        if not r or r == [""]:
            name = None
            continue
        if name is None:
            name = r[0]
            cur = sections[name] = []
            continue
        cur.append(r)
    return sections


def as_int(x):
    return int(float(x))


def check_stats_tables(label, tables):
    summary = {r[1]: r[2] for r in tables["概况"][1:]}
    for key in ("cases", "items", "open_items", "overdue_items", "answered_on_time", "answered_late",
                "opinions_late", "duplicates_caught", "emergencies", "major_cases"):
        if as_int(summary.get(key, -1)) != stats[key]:
            fail("%s 概况 %s = %r, stats says %r" % (label, key, summary.get(key), stats[key]))
    avg = round(stats["average_days_to_answer"], 1)
    if abs(float(summary["average_days_to_answer"]) - avg) > 1e-9:
        fail("%s average %r, stats %r rounded is %r" % (label, summary["average_days_to_answer"], stats["average_days_to_answer"], avg))
    town_names = {t["code"]: t["name"] for t in m["names"]["towns"]}
    for sheet, dim in (("按镇街", "town"), ("按救助类别", "category"), ("按主管部门", "department"), ("按办理结果", "outcome")):
        got = {r[1]: as_int(r[2]) for r in tables[sheet][1:]}
        if got != stats["by"][dim]:
            fail("%s %s: %r, stats.by.%s is %r" % (label, sheet, got, dim, stats["by"][dim]))
    for r in tables["按镇街"][1:]:
        if r[0] != town_names[r[1]]:
            fail("%s 按镇街 shows %r for %s, not its name %r" % (label, r[0], r[1], town_names[r[1]]))
    amounts = sum(float(r[2]) for r in tables["金额-按救助类别"][1:])
    granted = sum(float(x.get("amount", 0)) for x in m["disclosure"]["rows"])
    if abs(amounts - granted) > 1e-6:
        fail("%s granted amounts %r differ from the disclosure list's %r" % (label, amounts, granted))


check_stats_tables("stats.xlsx", read_xlsx(os.path.join(out, "stats.xlsx")))
check_stats_tables("stats.csv", csv_sections(read_csv(os.path.join(out, "stats.csv"))))

ledger_x = read_xlsx(os.path.join(out, "ledger.xlsx"))["服务台账"]
ledger_c = csv_sections(read_csv(os.path.join(out, "ledger.csv")))["服务台账"]
for label, rows in (("ledger.xlsx", ledger_x), ("ledger.csv", ledger_c)):
    if len(rows) - 1 != stats["cases"]:
        fail("%s has %d rows, stats says %d cases" % (label, len(rows) - 1, stats["cases"]))
    if not any("未答复" in str(c) for r in rows for c in r):
        fail("%s does not show the unanswered inquiry" % label)
    if any(re.fullmatch(r"[a-z]+(\.[a-z]+)*", str(c)) for r in rows[1:] for c in r[3:7]):
        fail("%s shows a code where a name belongs" % label)

disc = read_csv(os.path.join(out, "disclosure.csv"))
if len(disc) - 1 != m["disclosure"]["count"]:
    fail("disclosure.csv has %d rows, disclosure says %d" % (len(disc) - 1, m["disclosure"]["count"]))
if m["publication"]["count"] != m["disclosure"]["count"] or len(m["publication"]["rows"]) != m["publication"]["count"]:
    fail("the publication froze %d rows, the list has %d" % (m["publication"]["count"], m["disclosure"]["count"]))

if m["finance_stats"]["cases"] != stats["cases"] or m["finance_stats"]["by"] != stats["by"]:
    fail("the finance bureau does not read district-wide statistics: %r cases" % m["finance_stats"]["cases"])
if m["health_stats"]["cases"] != 0:
    fail("the health bureau, to which nothing was routed, sees %r cases" % m["health_stats"]["cases"])

# ---- nothing personal is published ---------------------------------------------------
secrets = [s for s in m["secrets"] if s]
published = {d["file"]: open(os.path.join(out, d["file"]), encoding="utf-8-sig").read()
             for d in m["documents"] if d["published"]}
published["disclosure answer"] = json.dumps(m["disclosure"], ensure_ascii=False)
published["frozen publication"] = json.dumps(m["publication"], ensure_ascii=False)
for where, text in published.items():
    for s in secrets:
        if s in text:
            fail("%s publishes %r" % (where, s))
    digits = re.findall(r"\d{7,}", text)
    if digits:
        fail("%s publishes long numbers %r" % (where, digits[:5]))
whole = {"马文博", "王", "刘桂芝", "陈建国"}
for row in m["disclosure"]["rows"] + m["publication"]["rows"]:
    if row.get("name") in whole or "*" not in row.get("name", "*"):
        fail("a published row names %r unmasked" % row.get("name"))
if not any(r.get("name") == "*" for r in m["disclosure"]["rows"]):
    fail("the one-character name 王 is not published as *")
# the same data does reach internal documents, so the check above can fail
internal = open(os.path.join(out, "notice-FWD.html"), encoding="utf-8").read()
for s in (secrets[0], "13800000001", "马文博"):
    if s not in internal:
        fail("the forward notice lacks %r: the leak check would prove nothing" % s)

if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("all render checks passed")
