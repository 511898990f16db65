#!/usr/bin/env bash
# Makes the unusual workbook fixtures of tests/testsuite/fixtures/workbooks/
# (beside those of make-workbook-fixtures.sh, which it leaves alone). A
# 表4 with two events, as a Mac Excel set to the 1904 date system saves it,
# where a date's serial counts from 1904-01-01, not 1899-12-30:
#
#   mac-1904.xlsx  openpyxl with the 1904 epoch (Excel's date1904="1"):
#                  D3 the date 2024-06-15, D4 the plain number 43997
#                  (2024-06-16 counted from 1904, a date cell whose format
#                  was cleared)
#   mac-1904.xls   LibreOffice Calc: that file as Excel 97-2003 (DATEMODE)
#   mac-1904.ods   LibreOffice Calc: that file as OpenDocument
#                  (table:null-date 1904-01-01)
#
# and a workbook a member protected with a password to open:
#
#   password.xlsx  msoffcrypto-tool: mac-1904.xlsx encrypted, password 1234
#
#     tools/make-unusual-workbook-fixtures.sh
#
# Run it once; the files are committed, so `cargo test` needs only Rust.
# Installs what it lacks: LibreOffice Calc (apt), openpyxl and
# msoffcrypto-tool (pip).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/testsuite/fixtures/workbooks"
command -v soffice >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null; }
python3 -c 'import openpyxl' 2>/dev/null || pip install --quiet openpyxl
command -v msoffcrypto-tool >/dev/null || pip install --quiet msoffcrypto-tool
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

python3 - "$tmp/mac-1904.xlsx" <<'PY'
import datetime, sys
import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
book = openpyxl.Workbook()
book.epoch = CALENDAR_MAC_1904
sheet = book.active
sheet.title = "表4"
sheet.append(["表4 举办促进产业发展相关活动"])
sheet.append(["序号", "活动名称", "主办单位", "举办时间", "举办地点", "联盟成员单位参加数量（家）",
              "其他单位参加数量（家）", "活动规模（人）"])
sheet.append([1, "苹果电脑上填的活动", "汾河工业大学", datetime.date(2024, 6, 15), "太原市", 5, 3, 80])
sheet.cell(3, 4).number_format = "yyyy-mm-dd"
sheet.append([2, "日期成了数字的活动", "汾河工业大学", 43997, "晋中市", 4, 2, 60])
book.save(sys.argv[1])
PY
(cd "$tmp" && soffice --headless --convert-to xls mac-1904.xlsx >/dev/null 2>&1)
(cd "$tmp" && soffice --headless --convert-to ods mac-1904.xlsx >/dev/null 2>&1)
msoffcrypto-tool -e -p 1234 "$tmp/mac-1904.xlsx" "$tmp/password.xlsx"
cp "$tmp"/mac-1904.xlsx "$tmp"/mac-1904.xls "$tmp"/mac-1904.ods "$tmp"/password.xlsx "$out/"
{
  echo "mac-1904.*: openpyxl $(python3 -c 'import openpyxl; print(openpyxl.__version__)'), $(soffice --version | head -n 1)"
  echo "password.xlsx: $(pip show msoffcrypto-tool 2>/dev/null | grep '^Version' | tr -d '\n')"
} > "$out/VERSIONS-unusual.txt"
ls -la "$out"/mac-1904.* "$out"/password.xlsx
