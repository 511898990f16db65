#!/usr/bin/env bash
# Regenerates the fictional evidence files of the example report
# (example-report/evidence/*.pdf, *.jpg, *.png) from tools/evidence/*.typ.
#
#     tools/make-evidence.sh
#
# Needs: typst (0.15), pdftoppm (poppler-utils), python3 with Pillow.
# Uses only the repository's fonts (fonts/). The output is deterministic:
# typst gets a fixed creation timestamp, and the fake scans take their noise
# and tilt from fixed seeds (tools/evidence/scan.py).
#
# Born-digital documents are written as PDF directly; “scans” are rendered
# with pdftoppm at 100 dpi (grayscale for the JPEG scans, colour for the PNG
# certificates) and aged by scan.py; the meeting photo is drawn in typst and
# rendered in colour.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/tools/evidence"
out="$root/example-report/evidence"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

export SOURCE_DATE_EPOCH=0

for tool in typst pdftoppm python3; do
  command -v "$tool" >/dev/null || { echo "make-evidence: $tool not found" >&2; exit 1; }
done
python3 -c 'import PIL' 2>/dev/null || { echo "make-evidence: python3 needs Pillow (pip install pillow)" >&2; exit 1; }

# compile SOURCE OUTPUT.pdf [TYPST OPTIONS...]
compile() {
  local name="$1" output="$2"
  shift 2
  typst compile --root "$src" --ignore-system-fonts --font-path "$root/fonts" \
    --creation-timestamp 0 --no-pdf-tags "$@" "$src/$name.typ" "$output"
}

# pdf: SOURCE NAME [PAGES] — a born-digital PDF (optionally only some pages).
pdf() {
  if [[ $# -gt 2 ]]; then
    compile "$1" "$out/$2.pdf" --pages "$3"
  else
    compile "$1" "$out/$2.pdf"
  fi
}

# scan: SOURCE PAGE SEED NAME.EXT — one page as a scan: NAME.jpg a grayscale
# JPEG, NAME.png a clean colour PNG.
scan() {
  local pdf="$tmp/$1.pdf" page="$tmp/$1-$2"
  [[ -f $pdf ]] || compile "$1" "$pdf"
  case "$4" in
    *.jpg)
      pdftoppm -gray -r 100 -f "$2" -l "$2" -singlefile "$pdf" "$page"
      python3 "$src/scan.py" scan "$3" "$page.pgm" "$out/$4" ;;
    *.png)
      pdftoppm -r 100 -f "$2" -l "$2" -singlefile "$pdf" "$page"
      python3 "$src/scan.py" png "$3" "$page.ppm" "$out/$4" ;;
  esac
}

# photo: SOURCE SEED NAME.jpg — a colour photo drawn in typst.
photo() {
  compile "$1" "$tmp/$1.pdf"
  pdftoppm -r 100 -singlefile "$tmp/$1.pdf" "$tmp/$1"
  python3 "$src/scan.py" photo "$2" "$tmp/$1.ppm" "$out/$3"
}

mkdir -p "$out"
# Remove what an earlier run made; evidence.yaml stays.
find "$out" -maxdepth 1 -type f \( -name '[1-9]-*.pdf' -o -name '[1-9]-*.jpg' -o -name '[1-9]-*.png' \) -delete

# 1 会议、活动
pdf   1-1-notice                      "1-1-大会通知议程及签到表"
photo 1-1-photo 11                    "1-1-会场照片.jpg"
pdf   1-2-symposium                   "1-2-研讨会通知及会议手册"
# 2 产业发展研究报告
pdf   2-1-annual-report               "2-1-产业发展年度报告"
pdf   2-2-carbon-fibre-report         "2-2-碳纤维产业链研究报告"
# 3 公共技术创新平台
scan  3-1-centre-recognition 1 31     "3-1-工程研究中心认定文件.jpg"
pdf   3-1-centre-recognition          "3-1-共享使用记录" 2
pdf   3-2-testing-stats               "3-2-检测平台共享使用情况统计表"
# 4 项目任务书
pdf   4-1-carbon-fibre-task           "4-1-碳纤维原丝项目任务书"
pdf   4-2-pga-task                    "4-2-聚乙醇酸项目任务书"
# 5 技术转移、成果转化协议
pdf   5-1-gangue-contract             "5-1-煤矸石陶粒技术转让合同"
scan  5-2-anode-contract 1 521        "5-2-硬炭负极技术转让合同-1.jpg"
scan  5-2-anode-contract 2 522        "5-2-硬炭负极技术转让合同-2.jpg"
scan  5-2-anode-contract 3 523        "5-2-硬炭负极技术转让合同-3.jpg"
# 6 知识产权
pdf   6-1-patent-certificates         "6-1-共有发明专利清单" 3
scan  6-1-patent-certificates 1 611   "6-1-发明专利证书-碳纤维原丝.jpg"
scan  6-1-patent-certificates 2 612   "6-1-发明专利证书-针状焦.jpg"
scan  6-2-software-certificates 1 621 "6-2-软件著作权登记证书-共享服务平台.png"
scan  6-2-software-certificates 2 622 "6-2-软件著作权登记证书-智能控制系统.png"
# 7 工作制度  8 联盟协议  9 会议纪要
pdf   7-1-charter                     "7-1-联盟章程及工作制度汇编"
pdf   8-1-agreement                   "8-1-联盟协议"
pdf   9-1-minutes                     "9-1-会员大会暨理事会会议纪要"

du -sh "$out"
