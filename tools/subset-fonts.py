#!/usr/bin/env python3
"""Rebuild the embedded fonts in fonts/ from Debian's font packages.

    apt-get install fonts-noto-cjk fonts-hanazono fonts-babelstone-han zstd
    pip install fonttools
    python3 tools/subset-fonts.py              # every face (about 30 minutes)
    python3 tools/subset-fonts.py --fallbacks  # the fallback faces only

Then `ALLIANCE_REPORT_BLESS_FONT_BOOK=1 cargo test --lib compile::fonts`
rewrites fonts/book.json, the font book the binary reads instead of parsing
every face at startup.

Noto Serif/Sans CJK ship as collections (JP, KR, SC, TC, HK faces). We keep the
Simplified Chinese face only and drop Hangul, which a Shanxi report never needs;
every Han code point the face maps stays, in every plane: names in the national
registers use characters of the 通用规范汉字表 outside the BMP (𬌗, 𫖮, 𬍤), and
so do the names of elements (𬭚, 𬬭, 𫟼).

Han characters that some Noto face lacks come from fallback faces, in this
order, each keeping only what the faces before it lack:
- HanaMinA (花園明朝A): compatibility ideographs, a few of Extensions B and C,
  and the tick boxes ☐ ☑ ☒ (sized like the CJK □); small, stored plain.
- HanaMinB (花園明朝B): Extensions B-F; stored compressed with zstd and
  unpacked the first time a document needs it.
- BabelStone Han: what Unicode 13-15 added (U+4DB6-U+4DBF, U+9FEB-U+9FFF,
  Extensions G and H as far as it reaches); compressed too.
"""
import subprocess
import sys

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

NOTO = "/usr/share/fonts/opentype/noto/Noto{family}CJK-{weight}.ttc"
HANAZONO = "/usr/share/fonts/truetype/hanazono/HanaMin{part}.ttf"
BABELSTONE = "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf"
NOTO_FACES = [(family, weight) for family in ("Serif", "Sans") for weight in ("Regular", "Bold")]

# Blocks of Han characters: radicals, ideographic description and strokes,
# the ideographs of every plane, and the compatibility ideographs.
HAN = [(0x2E80, 0x2FFF), (0x31C0, 0x31EF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
       (0x20000, 0x3FFFF)]
TICK_BOXES = [0x2610, 0x2611, 0x2612]


def options():
    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.notdef_outline = True
    opts.hinting = False
    opts.glyph_names = False
    return opts


def dropped(cp):
    hangul = (0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF)
    return any(lo <= cp <= hi for lo, hi in hangul)


def noto_path(family, weight):
    return f"fonts/Noto{family}CJKsc-{weight}.otf"


def noto_sc(family, weight):
    collection = TTCollection(NOTO.format(family=family, weight=weight))
    font = next(f for f in collection.fonts if " SC" in f["name"].getDebugName(4))
    font.recalcTimestamp = False
    keep = [cp for cp in font.getBestCmap() if not dropped(cp)]
    subsetter = subset.Subsetter(options())
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    font.save(noto_path(family, weight))


def fallback(source, wanted, out, compress):
    """Subsets `source` to the code points of `wanted` it maps; returns them."""
    font = TTFont(source, recalcTimestamp=False)
    cmap = font.getBestCmap()
    keep = sorted(cp for cp in wanted if cp in cmap)
    subsetter = subset.Subsetter(options())
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    # The Arphic Public License (BabelStone Han) asks every modified file to
    # say how it was changed; the description (name ID 10) says it.
    notice = (f"Subset of {source.rsplit('/', 1)[-1]} made by alliance-report's tools/subset-fonts.py: "
              f"only the {len(keep)} code points the fonts before it in the fallback order lack.")
    font["name"].setName(notice, 10, 3, 1, 0x409)
    font.save(out)
    if compress:
        # Level 22 takes 13.3 MB for HanaMinB where xz -9e takes 12.8, and
        # unpacks ten times faster (0.12 s against 1.2 s).
        subprocess.run(["zstd", "-q", "-f", "--rm", "--ultra", "-22", out, "-o", f"{out}.zst"], check=True)
    print(f"{out}: {len(keep)} code points")
    return set(keep)


def main():
    if "--fallbacks" not in sys.argv[1:]:
        for family, weight in NOTO_FACES:
            noto_sc(family, weight)
    # A character goes to the fallbacks when any Noto face lacks it: the
    # serif and sans faces do not map quite the same characters.
    covered = None
    for family, weight in NOTO_FACES:
        cmap = set(TTFont(noto_path(family, weight), lazy=True).getBestCmap())
        covered = cmap if covered is None else covered & cmap
    wanted = {cp for lo, hi in HAN for cp in range(lo, hi + 1)} - covered
    wanted |= set(TICK_BOXES)
    wanted -= fallback(HANAZONO.format(part="A"), wanted, "fonts/HanaMinA-Fallback.ttf", False)
    wanted -= fallback(HANAZONO.format(part="B"), wanted, "fonts/HanaMinB-Fallback.ttf", True)
    fallback(BABELSTONE, wanted, "fonts/BabelStoneHan-Fallback.ttf", True)


if __name__ == "__main__":
    main()
