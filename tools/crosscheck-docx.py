#!/usr/bin/env python3
"""Checks a .docx written by alliance-report with real clients.

    tools/crosscheck-docx.py FILE.docx [--pages N] [--orientations PPLP]
                             [--png DIR]

1. python-docx opens it; through lxml (python-docx has no API for these)
   it finds, per table, the rows marked w:tblHeader (which must lead the
   table), the cells with w:gridSpan and w:vMerge (a vMerge continue must
   lie under a restart of the same columns), and each section's
   orientation and page size (landscape pages must be wider than tall).
2. LibreOffice converts it to PDF headless (install libreoffice-writer-nogui
   and fonts-noto-cjk for the CJK glyphs); pdfinfo counts the pages and
   pdftotext extracts the text, which is printed per page.
3. With --labels FILE (tests/testsuite/build.rs), the form's labels listed
   there as FORM_LABELS must appear in order in LibreOffice's text, with
   whitespace removed; a two-level header's spanning cell (直接经济效益,
   表5's 级别) is read after the cells before it in its row, as in Word's
   rows (the test suite's word.rs moves them the same way).
4. With --png DIR, pdftoppm renders each page at 60 dpi into DIR to look at.
5. With --schemas DIR, lxml validates the WordprocessingML parts against
   the transitional schemas of ISO/IEC 29500-4 (DIR holds wml.xsd and the
   files it imports, as ISO and ECMA publish them): Word refuses elements
   out of the schema's order, where LibreOffice reads on.

Needs: pip install python-docx; apt-get install libreoffice-writer-nogui
fonts-noto-cjk poppler-utils. Exits 1 on the first failed check.

The sample the Rust tests build is written by
    DOCX_SAMPLE=sample.docx cargo test --lib docx::tests::writes_the_sample
and checked with
    tools/crosscheck-docx.py sample.docx --pages 7 --orientations PPLP [--schemas DIR]
"""

import argparse
import os
import subprocess
import sys
import tempfile

import zipfile

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def grid_layout(table):
    """Per row, (start column, span, vMerge value or None) of each cell."""
    layout = []
    for tr in table._tbl.tr_lst:
        column, cells = 0, []
        for tc in tr.tc_lst:
            pr = tc.tcPr
            span_el = pr.find(qn("w:gridSpan")) if pr is not None else None
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            merge_el = pr.find(qn("w:vMerge")) if pr is not None else None
            merge = None if merge_el is None else (merge_el.get(qn("w:val")) or "continue")
            cells.append((column, span, merge))
            column += span
        layout.append(cells)
    return layout


def check_tables(document):
    grid_total = 0
    for t, table in enumerate(document.tables, 1):
        rows = table.rows
        headers = [row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None for row in rows]
        leading = headers.index(False) if False in headers else len(headers)
        if any(headers[leading:]):
            fail(f"table {t}: a w:tblHeader row after a body row")
        grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        grid_total += len(grid)
        layout = grid_layout(table)
        spans = sum(1 for row in layout for (_, span, _) in row if span > 1)
        merges = sum(1 for row in layout for (_, _, m) in row if m)
        for r, row in enumerate(layout):
            if sum(span for (_, span, _) in row) != len(grid):
                fail(f"table {t} row {r + 1}: covers {sum(s for (_, s, _) in row)} of {len(grid)} columns")
            for column, span, merge in row:
                if merge == "continue":
                    above = {c: (s, m) for (c, s, m) in layout[r - 1]} if r else {}
                    if above.get(column, (0, None))[0] != span or above[column][1] is None:
                        fail(f"table {t} row {r + 1}: vMerge continue at column {column + 1} without a merge above")
        # python-docx resolves merges into the same cell object.
        first_text = table.cell(len(rows) - 1, 0).text if merges else ""
        print(
            f"table {t}: {len(rows)} rows, {len(grid)} grid columns, {leading} tblHeader rows, "
            f"{spans} gridSpan cells, {merges} vMerge cells"
            + (f", bottom-left cell reads {first_text!r}" if merges else "")
        )


def check_sections(document, expected):
    letters = ""
    for s, section in enumerate(document.sections, 1):
        landscape = section.orientation == WD_ORIENT.LANDSCAPE
        if landscape != (section.page_width > section.page_height):
            fail(f"section {s}: orientation and page size disagree")
        letters += "L" if landscape else "P"
        footer = section.footer._element
        has_page = any("PAGE" in (t.text or "") for t in footer.iter(qn("w:instrText")))
        print(f"section {s}: {'landscape' if landscape else 'portrait'}, "
              f"{section.page_width.mm:.0f}×{section.page_height.mm:.0f} mm, footer page number: {has_page}")
    if expected and letters != expected:
        fail(f"section orientations {letters}, expected {expected}")


def validate(path, schemas):
    from lxml import etree

    wml = etree.XMLSchema(etree.parse(os.path.join(schemas, "wml.xsd")))
    app = etree.XMLSchema(etree.parse(os.path.join(schemas, "shared-documentPropertiesExtended.xsd")))
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                schema = wml
            elif name == "docProps/app.xml":
                schema = app
            else:
                continue
            if not schema.validate(etree.fromstring(package.read(name))):
                error = schema.error_log[0]
                fail(f"{name} line {error.line}: {error.message}")
            print(f"schema: {name} valid")


def form_labels(path):
    """FORM_LABELS of the test suite, the one list of the form's labels."""
    import re

    source = open(path, encoding="utf-8").read()
    body = source[source.index("FORM_LABELS"):]
    body = body[: body.index("];")]
    labels = re.findall(r'^\s*"((?:[^"\\]|\\.)*)",', body, re.M)
    for span, before in [("直接经济效益", "转化方式"), ("级别", "建成时间（年月）")]:
        after = labels.index(before)
        at = max(i for i in range(after) if labels[i] == span)
        labels.insert(after, labels.pop(at))
    return labels


def check_labels(text, labels):
    squeezed = "".join(text.split())
    at = 0
    for i, label in enumerate(labels):
        label = "".join(label.split())
        found = squeezed.find(label, at)
        if found < 0:
            fail(f"label {i + 1} {label!r} not found in order; text there: {squeezed[at:at + 80]!r}")
        at = found + len(label)
    print(f"labels: all {len(labels)} in order")


def convert(path, pages, png, labels):
    out = tempfile.mkdtemp(prefix="docx-crosscheck-")
    profile = "file://" + os.path.join(out, "profile")
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", out, path],
        check=True, capture_output=True, timeout=300,
    )
    pdf = os.path.join(out, os.path.splitext(os.path.basename(path))[0] + ".pdf")
    if not os.path.exists(pdf):
        fail("LibreOffice did not convert the file")
    info = subprocess.run(["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout
    count = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    print(f"LibreOffice: {pdf}, {count} pages")
    text = subprocess.run(["pdftotext", "-layout", pdf, "-"], check=True, capture_output=True, text=True).stdout
    for n, page in enumerate(text.split("\f")[:count], 1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        print(f"--- page {n}: {' | '.join(lines[:3])} … {lines[-1] if lines else ''}")
    if labels:
        check_labels(subprocess.run(["pdftotext", "-raw", pdf, "-"], check=True, capture_output=True, text=True).stdout, labels)
    if pages and count != pages:
        fail(f"{count} pages, expected {pages}")
    if png:
        os.makedirs(png, exist_ok=True)
        subprocess.run(["pdftoppm", "-png", "-r", "60", pdf, os.path.join(png, "page")], check=True)
        print(f"pages rendered into {png}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docx")
    parser.add_argument("--pages", type=int, help="the page count LibreOffice must give")
    parser.add_argument("--orientations", help="P or L per section, e.g. PPLP")
    parser.add_argument("--png", help="a folder to render the pages into")
    parser.add_argument("--schemas", help="a folder with the ISO/IEC 29500-4 transitional schemas")
    parser.add_argument("--labels", help="the Rust file whose FORM_LABELS must appear in order")
    args = parser.parse_args()
    document = docx.Document(args.docx)
    check_tables(document)
    check_sections(document, args.orientations)
    if args.schemas:
        validate(args.docx, args.schemas)
    convert(args.docx, args.pages, args.png, form_labels(args.labels) if args.labels else None)
    print("OK")


if __name__ == "__main__":
    main()
