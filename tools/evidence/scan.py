#!/usr/bin/env python3
"""Turn pages rendered by pdftoppm into fake scans or photos (deterministic).

    scan.py scan  SEED IN.pgm OUT.jpg   grayscale scan: paper tint, uneven
                                        shading, light noise, slight blur,
                                        rotation of at most 0.5°, JPEG q70
    scan.py png   SEED IN.ppm OUT.png   a clean colour scan (tint, rotation,
                                        no noise) saved as a 12-colour PNG
    scan.py photo SEED IN.ppm OUT.jpg   colour photo: noise, soft focus,
                                        vignette, JPEG q72

Everything random comes from random.Random(SEED), so the output depends only
on the input and the seed (and on Pillow's encoders).
"""
import random
import sys

from PIL import Image, ImageChops, ImageFilter


def noise(rng, size, amp):
    """Uniform noise in [-amp/2, amp/2] around 128, as an L image."""
    w, h = size
    raw = Image.frombytes("L", size, rng.randbytes(w * h))
    return raw.point(lambda v: 128 + (v * amp) // 256 - amp // 2)


def shading(rng, size, amp, cells=(6, 8)):
    """Low-frequency unevenness around 128 (paper, lighting)."""
    cw, ch = cells
    small = Image.frombytes("L", (cw, ch), rng.randbytes(cw * ch))
    small = small.point(lambda v: 128 + (v * amp) // 256 - amp // 2)
    return small.resize(size, Image.BICUBIC)


def scan_palette():
    """Paper, seven greys of ink and four shades of seal red, so that the
    small red seal survives quantisation."""
    paper, ink, seal = (230, 226, 214), (40, 38, 36), (214, 48, 46)
    mix = lambda a, b, t: tuple(round(x + (y - x) * t) for x, y in zip(a, b))
    colours = [mix(paper, ink, t / 7) for t in range(8)] + [mix(paper, seal, t / 4) for t in range(1, 5)]
    pal = Image.new("P", (1, 1))
    pal.putpalette([c for rgb in colours for c in rgb] + [0] * 3 * (256 - len(colours)))
    return pal


def scan(rng, im, clean=False):
    # Paper is never white and ink never black on a scan.
    im = im.point(lambda v: 28 + v * 212 // 255)
    if not clean:  # noise would blow up a PNG
        im = ImageChops.add(im, shading(rng, im.size, 14), 1, -128)
        im = ImageChops.add(im, noise(rng, im.size, 6), 1, -128)
        im = im.filter(ImageFilter.GaussianBlur(0.55))
    angle = rng.uniform(-0.5, 0.5)
    im = im.rotate(angle, resample=Image.BICUBIC, fillcolor=226 if im.mode == "L" else (230, 226, 214))
    # A faint shadow along one edge, where the lid did not close.
    w, h = im.size
    edge = Image.linear_gradient("L").rotate(90, expand=True).resize((18, h))
    edge = edge.point(lambda v: 255 - (255 - v) // 6)
    x = 0 if rng.random() < 0.5 else w - 18
    if x:
        edge = edge.transpose(Image.FLIP_LEFT_RIGHT)
    if im.mode != "L":
        edge = edge.convert(im.mode)
    im.paste(ImageChops.multiply(im.crop((x, 0, x + 18, h)), edge), (x, 0))
    return im


def photo(rng, im):
    im = im.convert("RGB")
    w, h = im.size
    n = noise(rng, im.size, 10)
    im = Image.merge("RGB", [ImageChops.add(c, n, 1, -128) for c in im.split()])
    im = im.filter(ImageFilter.GaussianBlur(0.8))
    # Vignette: darker corners.
    v = Image.radial_gradient("L").resize(im.size, Image.BICUBIC)
    v = v.point(lambda x: 255 - max(0, x - 150) * 90 // 105)
    im = ImageChops.multiply(im, Image.merge("RGB", [v, v, v]))
    return im


def main():
    mode, seed, src, dst = sys.argv[1:5]
    rng = random.Random(int(seed))
    im = Image.open(src)
    if mode == "scan":
        scan(rng, im.convert("L")).save(dst, "JPEG", quality=70, optimize=True)
    elif mode == "png":
        # Warm paper: tint each channel differently.
        r, g, b = im.convert("RGB").split()
        im = Image.merge("RGB", (r, g.point(lambda v: v * 250 // 255), b.point(lambda v: v * 238 // 255)))
        out = scan(rng, im, clean=True).quantize(palette=scan_palette(), dither=Image.Dither.NONE)
        out.save(dst, "PNG", optimize=True)
    elif mode == "photo":
        photo(rng, im).save(dst, "JPEG", quality=72, optimize=True)
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
