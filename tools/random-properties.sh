#!/usr/bin/env bash
# The longer, randomised run of the property tests (tests/testsuite/properties.rs),
# bounded in time. `cargo test` runs the same 24 cases every time, from a
# fixed seed; this draws a new seed on every run and keeps starting cases
# until the time is up (both properties run at once, one per core).
#
#   tools/random-properties.sh [SECONDS]      # default 120
#
# Each property prints its seed ("properties: seed N"). A failure names the
# report folder it kept under $TMPDIR/alliance-report-tests/properties/, and proptest
# writes the failing case to tests/proptest-regressions/properties.txt:
# commit that line, and every later `cargo test` replays the case first.
# To repeat a run: PROPERTIES_SEED=N cargo test --test testsuite properties::
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-120}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
# A case takes seconds; 400 cases are more than the time allows, and the
# ones left when it is up pass at once.
PROPERTIES_SEED=random PROPERTIES_SECONDS="$seconds" PROPTEST_CASES=400 \
  cargo test --test testsuite -- --nocapture \
  properties::arbitrary_unicode_prints_as_written properties::markup_characters_print_as_written \
  >"$log" 2>&1 || status=$?
grep -E "^properties: seed|^test |^test result|panicked|minimal failing input|Test failed" "$log" || true
if ((status)); then
  tail -n 80 "$log"
  echo "random-properties: a property failed; the case is in tests/proptest-regressions/properties.txt" >&2
fi
exit "$status"
