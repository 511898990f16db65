#!/usr/bin/env bash
# Makes the workbook fixtures of tests/testsuite/fixtures/workbooks/: the
# example's workbook for one member unit, as `xlsx export` writes it, then
# saved by the programs members use:
#
#   libreoffice.ods   LibreOffice Calc, converted to OpenDocument
#   libreoffice.xlsx  LibreOffice Calc, that file saved back as xlsx
#   libreoffice.xls   LibreOffice Calc, as Excel 97-2003
#   openpyxl.xlsx     openpyxl: 表4 with a formula that has no cached
#                     value (openpyxl never computes one)
#
#     tools/make-workbook-fixtures.sh [BINARY]
#
# Run it once; the files are committed, so `cargo test` needs only Rust.
# Installs what it lacks: LibreOffice Calc (apt) and openpyxl (pip).
# VERSIONS.txt records the versions used.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/tests/testsuite/fixtures/workbooks"
bin="${1:-$root/target/debug/alliance-report}"
member="太原龙城碳素科技有限公司"
command -v soffice >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-calc-nogui >/dev/null; }
python3 -c 'import openpyxl' 2>/dev/null || pip install --quiet openpyxl
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

mkdir -p "$out" && rm -f "$out"/libreoffice.* "$out"/openpyxl.xlsx "$out"/VERSIONS.txt
"$bin" xlsx export "$root/example-report" --member "$member" -o "$tmp/member.xlsx" 2>/dev/null
(cd "$tmp" && soffice --headless --convert-to ods member.xlsx >/dev/null 2>&1)
cp "$tmp/member.ods" "$out/libreoffice.ods"
mkdir "$tmp/back" && (cd "$tmp" && soffice --headless --convert-to 'xlsx:Calc MS Excel 2007 XML' --outdir back member.ods >/dev/null 2>&1)
cp "$tmp/back/member.xlsx" "$out/libreoffice.xlsx"
(cd "$tmp" && soffice --headless --convert-to xls member.ods >/dev/null 2>&1)
cp "$tmp/member.xls" "$out/libreoffice.xls"

python3 - "$out/openpyxl.xlsx" <<'PY'
import sys
from openpyxl import Workbook
book = Workbook()
sheet = book.active
sheet.title = "表4"
sheet.append(["表4 举办促进产业发展相关活动"])
sheet.append(["序号", "活动名称", "主办单位", "举办时间", "举办地点", "联盟成员单位参加数量（家）",
              "其他单位参加数量（家）", "活动规模（人）"])
sheet.append([1, "公式没有结果的活动", "汾河工业大学", "2024-05-20", "太原市", 5, 3, "=F3+G3"])
book.save(sys.argv[1])
PY

{
  echo "soffice: $(soffice --version | head -n 1)"
  echo "openpyxl: $(python3 -c 'import openpyxl; print(openpyxl.__version__)')"
  echo "member: $member"
} > "$out/VERSIONS.txt"
ls -la "$out"
