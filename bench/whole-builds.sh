#!/usr/bin/env bash
# Whole-build timings with hyperfine, against typst's own CLI compiling the
# sources alliance-report emits (--emit-typst), on the same machine in the
# same run. Prints each target of issue 7 with its measured value.
#
#   bench/whole-builds.sh                 # needs hyperfine and typst 0.15 (installed if missing)
#   CLEAN_BUILD=1 bench/whole-builds.sh   # also times `cargo build --release` from a clean clone
#
# Installs: hyperfine (apt), typst-cli 0.15.1 (cargo install, ~15 min once).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v hyperfine >/dev/null || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
if ! typst --version 2>/dev/null | grep -q "0.15"; then
  cargo install --locked typst-cli@0.15.1
fi
command -v jq >/dev/null || { apt-get update -qq && apt-get install -y -qq jq >/dev/null; }

cargo build --release --quiet
cargo build --release --quiet --example generate
bin=target/release/alliance-report
work=target/bench-whole
rm -rf "$work" && mkdir -p "$work"
target/release/examples/generate large "$work/large"
target/release/examples/generate huge "$work/huge"
target/release/examples/generate evidence "$work/evidence"
target/release/examples/generate scans "$work/scans"
target/release/examples/generate colour-scans "$work/colour-scans"
target/release/examples/generate stamped "$work/stamped"
target/release/examples/generate binder "$work/binder"
target/release/examples/generate binder-400 "$work/binder-400"
target/release/examples/generate objects "$work/objects"

median() { jq -r '.results[0].median' "$1"; }

# The example: our whole process vs typst compile of the emitted sources.
"$bin" build example-report -o "$work/example.pdf" --emit-typst "$work/emitted" >/dev/null 2>&1
hyperfine --warmup 3 --runs 20 --export-json "$work/example.json" \
  -n alliance-report "$bin build example-report -o $work/example.pdf" \
  -n "typst compile" "typst compile --features a11y-extras --root $work/emitted --ignore-system-fonts --font-path $work/emitted/fonts $work/emitted/main.typ $work/typst.pdf"
ours=$(jq -r '.results[0].median' "$work/example.json")
theirs=$(jq -r '.results[1].median' "$work/example.json")

hyperfine --warmup 1 --runs 10 --export-json "$work/large.json" -n large "$bin build $work/large -o $work/large.pdf"
hyperfine --warmup 1 --runs 5 --export-json "$work/huge.json" -n huge "$bin build $work/huge -o $work/huge.pdf"
hyperfine --warmup 1 --runs 10 --export-json "$work/evidence.json" -n evidence "$bin build $work/evidence -o $work/evidence.pdf"
large=$(median "$work/large.json")
evidence=$(median "$work/evidence.json")
huge=$(median "$work/huge.json")
peak=$( { /usr/bin/time -v "$bin" build "$work/large" -o "$work/large.pdf" >/dev/null; } 2>&1 | awk '/Maximum resident/ {print $6}')
# Evidence of scans (issue 13): time with hyperfine, peak memory and output
# size against the inputs.
hyperfine --warmup 1 --runs 5 --export-json "$work/scans.json" -n scans "$bin build $work/scans -o $work/scans.pdf"
scans=$(median "$work/scans.json")
scans_peak=$( { /usr/bin/time -v "$bin" build "$work/scans" -o "$work/scans.pdf" >/dev/null; } 2>&1 | awk '/Maximum resident/ {print $6}')
colour_peak=$( { /usr/bin/time -v "$bin" build "$work/colour-scans" -o "$work/colour-scans.pdf" >/dev/null; } 2>&1 | awk '/Maximum resident/ {print $6}')
# A 200-page scanned contract with an e-seal annotation on every page,
# drawn into the file at load.
stamped=$( { /usr/bin/time -v "$bin" build "$work/stamped" -o "$work/stamped.pdf" >/dev/null; } 2>&1 | awk '/Maximum resident/ {print $6} /Elapsed/ {print $8}' | xargs)
# One scanned binder in one PDF, 1,000 and 400 A4 pages at 150 dpi, and a
# PDF of 65,540 objects in an object stream (issue 33): elapsed seconds and
# peak kB of single runs; check and build of the objects with hyperfine.
binder=$( { /usr/bin/time -f '%e %M' "$bin" build "$work/binder" -o "$work/binder.pdf" >/dev/null; } 2>&1 | tail -1)
binder_400=$( { /usr/bin/time -f '%e %M' "$bin" build "$work/binder-400" -o "$work/binder-400.pdf" >/dev/null; } 2>&1 | tail -1)
hyperfine --warmup 1 --runs 5 --export-json "$work/objects.json" \
  -n "objects check" "$bin check $work/objects" \
  -n "objects build" "$bin build $work/objects -o $work/objects.pdf"
objects_check=$(jq -r '.results[0].median' "$work/objects.json")
objects_build=$(jq -r '.results[1].median' "$work/objects.json")
scans_in=$(cat "$work"/scans/evidence/*.jpg | wc -c)
scans_out=$(wc -c <"$work/scans.pdf")

echo
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
div() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf 'example, whole process: %.3f s; typst compile of the emitted sources: %.3f s; ratio %s (target <= 0.80)\n' \
  "$ours" "$theirs" "$(div "$ours" "$theirs")"
printf 'large report: %.3f s (target <= 2 s); peak memory %d MB (target <= 300 MB)\n' "$large" "$((peak / 1024))"
printf 'huge report: %.3f s = %s x large (target <= 4.2)\n' "$huge" "$(div "$huge" "$large")"
printf 'example with 200 pages of evidence from 30 files: %.3f s (issue 5: within a few seconds)\n' "$evidence"
printf '600 grey 1700x2300 JPEG scans: %.3f s (target <= 6 s); peak memory %d MB (target <= 1 GB); output %d MB for %d MB of scans\n' \
  "$scans" "$((scans_peak / 1024))" "$((scans_out >> 20))" "$((scans_in >> 20))"
printf '300 colour A4 scans at 200 dpi: peak memory %d MB (target <= 1 GB)\n' "$((colour_peak / 1024))"
printf '200-page stamped contract (elapsed, peak kB): %s\n' "$stamped"
read -r binder_s binder_kb <<<"$binder"
read -r binder_400_s binder_400_kb <<<"$binder_400"
printf 'one PDF of 1,000 scanned A4 pages at 150 dpi: %s s (target <= 8 s); peak memory %d MB (target <= 1 GB)\n' \
  "$binder_s" "$((binder_kb / 1024))"
printf 'one PDF of 400 such pages: %s s (target <= 3 s); peak memory %d MB\n' "$binder_400_s" "$((binder_400_kb / 1024))"
printf 'a PDF of 65,540 objects: check %.3f s, build %.3f s (target < 2 s each)\n' "$objects_check" "$objects_build"
# The watch rebuild: criterion's median of a rebuild after editing one paragraph.
cargo bench --quiet --bench stages -- rebuild >/dev/null 2>&1
rebuild=$(jq -r '.median.point_estimate' "target/criterion/example_rebuild after editing one paragraph/new/estimates.json")
printf 'watch rebuild after editing one paragraph: %.0f ms (target <= 100 ms)\n' "$(awk -v n="$rebuild" 'BEGIN { print n / 1e6 }')"

if [ "${CLEAN_BUILD:-0}" = 1 ]; then
  clone=$(mktemp -d)
  git clone --quiet . "$clone/alliance-report"
  start=$(date +%s)
  (cd "$clone/alliance-report" && CARGO_TARGET_DIR="$clone/target" cargo build --release --quiet)
  secs=$(( $(date +%s) - start ))
  rm -rf "$clone"
  printf 'cargo build --release from a clean clone: %d min %d s (target <= 10 min)\n' $((secs / 60)) $((secs % 60))
fi
