#!/usr/bin/env bash
# Makes the fixtures of tests/testsuite/fixtures/workbooks/merge/: the
# example's workbook as `xlsx export` writes it, then edited by openpyxl as
# a member unit edits it in Excel (openpyxl keeps the hidden id column and
# the very hidden base sheet, as Excel does):
#
#   changed-260.xlsx     表1: 总投入 of the project at 260 changed to 270
#   renamed-sheet.xlsx   表1 renamed 项目表, and 财政经费 of its first row 980 -> 990
#   renamed-row.xlsx     表1: the first project's name corrected; 表4: a row
#                        copied (its hidden id with it) and the copy renamed
#   deleted-row.xlsx     表1: the third project's row deleted; 表3's rows
#                        sorted in reverse (whole rows, ids with them)
#   new-rows.xlsx        表1: a new row whose name is one character off an
#                        existing one; a new row with only a name and a lead
#                        unit (the other cells empty); 五: a new member whose
#                        18-digit code Excel turned into a number
#
#     tools/make-merge-fixtures.sh [BINARY]
#
# Run it once; the files are committed, so `cargo test` needs only Rust.
# Installs openpyxl (pip) if it lacks it. VERSIONS.txt records the version.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/testsuite/fixtures/workbooks/merge"
bin="${1:-$root/target/debug/alliance-report}"
python3 -c 'import openpyxl' 2>/dev/null || pip install --quiet openpyxl
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

rm -rf "$out" && mkdir -p "$out"
"$bin" xlsx export "$root/example-report" -o "$tmp/all.xlsx" >/dev/null

python3 - "$tmp/all.xlsx" "$out" <<'PY'
import copy, sys
from openpyxl import load_workbook

source, out = sys.argv[1], sys.argv[2]

def rows(sheet):
    """(row number, {header: cell}) of each filled row under the headers."""
    headers = {}
    for row in sheet.iter_rows(min_row=2, max_row=3):
        for cell in row:
            if cell.value:
                headers.setdefault(cell.column, cell.value)
    first = 4 if sheet.title != "五" else 4
    found = []
    for r in range(first, sheet.max_row + 1):
        if sheet.cell(r, 2).value in (None, ""):
            continue
        found.append((r, {headers.get(c, c): sheet.cell(r, c) for c in range(1, sheet.max_column + 1)}))
    return found

def find(sheet, name):
    return next(r for r, cells in rows(sheet) if sheet.cell(r, 2).value == name)

def column(sheet, header):
    for row in sheet.iter_rows(min_row=2, max_row=3):
        for cell in row:
            if cell.value == header:
                return cell.column
    raise KeyError(header)

def save(book, name):
    book.save(f"{out}/{name}")

# 总投入 260 -> 270.
book = load_workbook(source)
sheet = book["表1"]
r = find(sheet, "煤沥青分子结构调控与高性能炭材料构筑机制研究")
sheet.cell(r, column(sheet, "总投入（万元）")).value = 270
save(book, "changed-260.xlsx")

# A renamed sheet, and an edit in it.
book = load_workbook(source)
sheet = book["表1"]
sheet.title = "项目表"
sheet.cell(4, column(sheet, "财政经费（万元）")).value = 990
save(book, "renamed-sheet.xlsx")

# A corrected name; a copied row.
book = load_workbook(source)
sheet = book["表1"]
sheet.cell(4, 2).value = "煤基高性能碳纤维原丝制备关键技术及产业化示范"
events = book["表4"]
last = max(r for r, _ in rows(events))
for c in range(1, events.max_column + 1):
    events.cell(last + 1, c).value = events.cell(4, c).value
    events.cell(last + 1, c).number_format = events.cell(4, c).number_format
events.cell(last + 1, 2).value = "复制后改名的活动"
save(book, "renamed-row.xlsx")

# A deleted row; whole rows sorted.
book = load_workbook(source)
sheet = book["表1"]
sheet.delete_rows(6)
achievements = book["表3"]
filled = rows(achievements)
values = [[achievements.cell(r, c).value for c in range(1, achievements.max_column + 1)] for r, _ in filled]
formats = [[achievements.cell(r, c).number_format for c in range(1, achievements.max_column + 1)] for r, _ in filled]
for (r, _), row, fmt in zip(filled, reversed(values), reversed(formats)):
    for c, (value, number_format) in enumerate(zip(row, fmt), start=1):
        achievements.cell(r, c).value = value
        achievements.cell(r, c).number_format = number_format
save(book, "deleted-row.xlsx")

# New rows: a near-duplicate name, one with empty cells, a rounded code.
book = load_workbook(source)
sheet = book["表1"]
last = max(r for r, _ in rows(sheet))
near = sheet.cell(last + 1, 1)
sheet.cell(last + 1, 2).value = "煤基高性能碳纤维原丝制备关键技术及示范工程"
for c in range(3, sheet.max_column):
    sheet.cell(last + 1, c).value = sheet.cell(4, c).value
sheet.cell(last + 2, 2).value = "只填了名称的新项目"
sheet.cell(last + 2, column(sheet, "牵头单位")).value = "汾河工业大学"
members = book["五"]
last = max(r for r, _ in rows(members))
members.cell(last + 1, 2).value = "新加入的成员单位有限公司"
members.cell(last + 1, 3).value = 911401007012345678
members.cell(last + 1, 4).value = "起到技术支撑作用"
members.cell(last + 1, 5).value = "企业"
save(book, "new-rows.xlsx")
PY

echo "openpyxl: $(python3 -c 'import openpyxl; print(openpyxl.__version__)')" > "$out/VERSIONS.txt"
ls -la "$out"
