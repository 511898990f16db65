#!/usr/bin/env bash
# Makes the evidence fixtures "as real producers write them" in
# tests/testsuite/fixtures/producers/ — small PDFs from Ghostscript, img2pdf,
# reportlab, pikepdf and qpdf, and JPEG/PNG images from Pillow — with
# README.md (what each file is and what a reader shows on it) and
# VERSIONS.txt (the exact tool versions used).
#
#     tools/make-fixtures.sh
#
# Run it once; the files are committed. It rewrites the folder from scratch.
# Installs what it lacks: Debian packages (ghostscript, qpdf, poppler-utils)
# with apt-get, and the pinned Python packages into a virtualenv outside the
# repository ($FIXTURES_VENV, default ~/.cache/alliance-report/fixtures-venv).
# The output is reproducible with the same versions: SOURCE_DATE_EPOCH=0,
# reportlab invariant=1, pikepdf/qpdf deterministic IDs, img2pdf --nodate,
# Ghostscript's and img2pdf's random /ID overwritten in place, seeded noise.
#
# The generator (tools/fixtures/make.py) also checks every fact README.md
# states (pixels through pdftoppm, structure through pikepdf) and fails if
# one does not hold.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
src="$root/tools/fixtures"
out="$root/tests/testsuite/fixtures/producers"
venv="${FIXTURES_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/alliance-report/fixtures-venv}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# The versions the committed files were made with (reportlab, pikepdf,
# Pillow, img2pdf and their dependencies).
pip_pins=(
  reportlab==5.1.0 pikepdf==10.18.0 pillow==13.0.0 img2pdf==0.6.3
  lxml==6.1.3 packaging==26.4 charset-normalizer==3.5.3
)

export SOURCE_DATE_EPOCH=0 TZ=UTC LC_ALL=C

# --- tools -------------------------------------------------------------
need_apt=()
command -v gs >/dev/null || need_apt+=(ghostscript)
command -v qpdf >/dev/null || need_apt+=(qpdf)
command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null || need_apt+=(poppler-utils)
if ((${#need_apt[@]})); then
  echo "make-fixtures: installing ${need_apt[*]}" >&2
  sudo=""; [[ $(id -u) == 0 ]] || sudo=sudo
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${need_apt[@]}"
fi

if [[ ! -x $venv/bin/python ]]; then
  echo "make-fixtures: creating $venv" >&2
  python3 -m venv "$venv"
fi
py="$venv/bin/python"
if ! "$py" -m pip freeze 2>/dev/null | sort | diff -q - <(printf '%s\n' "${pip_pins[@]}" | sort) >/dev/null; then
  "$py" -m pip install --quiet --disable-pip-version-check "${pip_pins[@]}"
fi
make=("$py" "$src/make.py")

# --- files -------------------------------------------------------------
rm -rf "$out"
mkdir -p "$out"

echo "make-fixtures: images (Pillow)" >&2
"${make[@]}" images "$tmp" "$out"

echo "make-fixtures: Ghostscript" >&2
# As ps2pdf runs it; gs-2.0 with the /prepress settings, which embed the
# fonts (subsets of the URW Nimbus fonts standing in for Helvetica).
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pdfwrite -dCompatibilityLevel=1.3 \
  -sFIXTURE_TEXT=GS13 -sOutputFile="$out/gs-1.3.pdf" "$src/gs-fixture.ps"
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pdfwrite -dCompatibilityLevel=2.0 \
  -dPDFSETTINGS=/prepress -sFIXTURE_TEXT=GS20 -sOutputFile="$out/gs-2.0.pdf" \
  "$src/gs-fixture.ps" 2> >(grep -v -e 'transfer functions' -e '^GPL Ghostscript' -e '^$' >&2 || true)
"${make[@]}" fix-id "$out/gs-1.3.pdf" "$out/gs-2.0.pdf"

echo "make-fixtures: img2pdf" >&2
"$venv/bin/img2pdf" --nodate -o "$out/img2pdf-jpeg.pdf" "$tmp/img2pdf-src.jpg"
"$venv/bin/img2pdf" --nodate -o "$out/img2pdf-g4.pdf" "$tmp/img2pdf-src-g4.tif"
# img2pdf 0.6.3 means to ask pikepdf for a deterministic /ID but compares
# version strings ("10.18.0" < "6.2.0"): fix the random /ID in place.
"${make[@]}" fix-id "$out/img2pdf-jpeg.pdf" "$out/img2pdf-g4.pdf"

echo "make-fixtures: reportlab, pikepdf" >&2
"${make[@]}" pdfs "$tmp" "$out"

echo "make-fixtures: qpdf --linearize" >&2
qpdf --linearize --deterministic-id "$tmp/linearize-src.pdf" "$out/linearized.pdf"

"${make[@]}" truncate "$out"

# --- checks ------------------------------------------------------------
echo "make-fixtures: checks" >&2
for f in "$out"/*.pdf; do
  case "$(basename "$f")" in
    *-truncated.pdf) continue ;;
    broken-xref.pdf)
      # qpdf must warn (exit 3) and recover; poppler must still read the text.
      rc=0; qpdf --check "$f" >"$tmp/check.txt" 2>&1 || rc=$?
      [[ $rc == 3 ]] || { cat "$tmp/check.txt" >&2; echo "make-fixtures: qpdf --check $f: exit $rc, want 3" >&2; exit 1; }
      grep -q 'BROKEN XREF FIXTURE' <(pdftotext -q "$f" -) \
        || { echo "make-fixtures: pdftotext lost the text of $f" >&2; exit 1; } ;;
    *)
      qpdf --check "$f" >"$tmp/check.txt" 2>&1 \
        || { cat "$tmp/check.txt" >&2; echo "make-fixtures: qpdf --check $f failed" >&2; exit 1; } ;;
  esac
done
qpdf --check-linearization "$out/linearized.pdf" >/dev/null
"${make[@]}" verify "$out" >"$tmp/verify.txt" || { cat "$tmp/verify.txt" >&2; exit 1; }
echo "make-fixtures: $(grep -c '^ok' "$tmp/verify.txt") checks of the files passed" >&2

# --- VERSIONS.txt, README.md -------------------------------------------
{
  echo "# Tools that made the files in this folder (tools/make-fixtures.sh)."
  echo "ghostscript $(gs --version)  (Debian package $(dpkg-query -W -f='${Version}' ghostscript 2>/dev/null || echo '?'))"
  echo "qpdf $(qpdf --version | head -1 | awk '{print $3}')  (Debian package $(dpkg-query -W -f='${Version}' qpdf 2>/dev/null || echo '?'))"
  "$py" - <<'EOF'
import platform, zlib, reportlab, pikepdf, PIL, img2pdf
from PIL import features
print(f"python {platform.python_version()}  (its zlib {zlib.ZLIB_RUNTIME_VERSION}, used for rgb16.png)")
print(f"reportlab {reportlab.Version}")
print(f"pikepdf {pikepdf.__version__}  (libqpdf {pikepdf.__libqpdf_version__})")
print(f"pillow {PIL.__version__}  (libjpeg-turbo {features.version('libjpeg_turbo')} (libjpeg API {features.version('jpg')}), "
      f"zlib {features.version('zlib')} / zlib-ng {features.version('zlib_ng')}, libtiff {features.version('libtiff')}, "
      f"freetype {features.version('freetype2')}; text drawn with Pillow's built-in default font)")
print(f"img2pdf {img2pdf.__version__}")
EOF
  echo "poppler-utils $(pdftotext -v 2>&1 | head -1 | awk '{print $3}')  (pdftotext/pdftoppm: used only to check the files)"
} >"$out/VERSIONS.txt"

"${make[@]}" readme "$out" "$src/README.template.md"

echo "make-fixtures: wrote $(find "$out" -type f | wc -l) files, $(du -sk "$out" | cut -f1) KiB, to ${out#"$root"/}" >&2
