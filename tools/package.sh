#!/usr/bin/env bash
# Packs a built alliance-report into the archive a release attaches, and
# writes its SHA-256 checksum beside it. The release workflow runs this on
# every target; the test suite runs it on the binary it has just built, so
# what is tested is what is shipped.
#
#   tools/package.sh TARGET BINARY OUTDIR
#
# writes OUTDIR/alliance-report-VERSION-TARGET.tar.gz (.zip for Windows)
# holding one folder of that name: the binary and the README. Beside it,
# ARCHIVE.sha256 in the format of `sha256sum` ("HEX  NAME"), which
# `sha256sum -c` and `shasum -a 256 -c` both read. Prints the archive's
# path. The archive is reproducible: sorted names, no owners, every time
# stamp the commit's (SOURCE_DATE_EPOCH when set).
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 TARGET BINARY OUTDIR" >&2
  exit 2
fi
target=$1
binary=$2
out=$3
root=$(cd "$(dirname "$0")/.." && pwd)

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
if [ -z "$version" ]; then
  echo "$0: no version in $root/Cargo.toml" >&2
  exit 1
fi
if [ ! -f "$binary" ]; then
  echo "$0: no binary at $binary" >&2
  exit 1
fi
case $target in
  *-windows-*) exe=alliance-report.exe ext=zip ;;
  *) exe=alliance-report ext=tar.gz ;;
esac
name="alliance-report-$version-$target"
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}

mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$binary" "$stage/$name/$exe"
chmod 755 "$stage/$name/$exe"
cp "$root/README.md" "$stage/$name/README.md"
chmod 644 "$stage/$name/README.md"
touch -d "@$epoch" "$stage/$name" "$stage/$name"/* 2>/dev/null || true

archive="$out/$name.$ext"
rm -f "$archive" "$archive.sha256"
case $ext in
  zip)
    # Windows runners have 7-Zip; elsewhere zip(1).
    if command -v 7z >/dev/null; then
      (cd "$stage" && 7z a -tzip -bd -bso0 "$archive" "$name" >/dev/null)
    else
      (cd "$stage" && zip -q -X -r "$archive" "$name")
    fi
    ;;
  tar.gz)
    if tar --version 2>/dev/null | grep -q 'GNU tar'; then
      tar -C "$stage" --sort=name --owner=0 --group=0 --numeric-owner \
        --mtime="@$epoch" -cf - "$name" | gzip -n >"$archive"
    else
      # bsdtar (macOS)
      tar -C "$stage" --uid 0 --gid 0 -cf - "$name" | gzip -n >"$archive"
    fi
    ;;
esac

if command -v sha256sum >/dev/null; then
  sum=$(sha256sum "$archive" | cut -d' ' -f1)
else
  sum=$(shasum -a 256 "$archive" | cut -d' ' -f1)
fi
printf '%s  %s\n' "$sum" "$name.$ext" >"$archive.sha256"
echo "$archive"
