#!/usr/bin/env python3
"""Rebuild the embedded fonts in fonts/ from Debian's font packages.

    apt-get install fonts-noto-cjk fonts-babelstone-han && pip install fonttools
    python3 tools/subset-fonts.py

Noto Serif/Sans CJK ship as collections (JP, KR, SC, TC, HK faces). We keep the
Simplified Chinese face only and drop Hangul, which a Shanxi report never needs;
every Han code point the face maps stays, in every plane: names in the national
registers use characters of the 通用规范汉字表 outside the BMP (𬌗, 𫖮, 𬍤), and
so do the names of elements (𬭚, 𬬭, 𫟼). The few ideographs that
Noto lacks (U+4DB6-U+4DBF, U+9FF0-U+9FFF, added in Unicode 13/14) come from a
tiny subset of BabelStone Han, used as a fallback font.
"""
from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

NOTO = "/usr/share/fonts/opentype/noto/Noto{family}CJK-{weight}.ttc"
BABELSTONE = "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf"


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


def noto_sc(family, weight):
    collection = TTCollection(NOTO.format(family=family, weight=weight))
    font = next(f for f in collection.fonts if " SC" in f["name"].getDebugName(4))
    keep = [cp for cp in font.getBestCmap() if not dropped(cp)]
    subsetter = subset.Subsetter(options())
    subsetter.populate(unicodes=keep)
    subsetter.subset(font)
    font.save(f"fonts/Noto{family}CJKsc-{weight}.otf")
    return set(keep)


def main():
    covered = set()
    for family in ("Serif", "Sans"):
        for weight in ("Regular", "Bold"):
            covered |= noto_sc(family, weight)
    han = list(range(0x3400, 0x4DC0)) + list(range(0x4E00, 0xA000))
    font = TTFont(BABELSTONE)
    cmap = font.getBestCmap()
    missing = [cp for cp in han if cp not in covered and cp in cmap]
    subsetter = subset.Subsetter(options())
    subsetter.populate(unicodes=missing)
    subsetter.subset(font)
    font.save("fonts/BabelStoneHan-Extra.ttf")


if __name__ == "__main__":
    main()
