#!/usr/bin/env python3
"""Makes the evidence fixtures of tests/testsuite/fixtures/spec-cases/: one
small file per class of file that public test suites (PngSuite, libjpeg-turbo,
pdf.js) showed the tool mishandling (issue 33). Their files are not
committed, their licences vary; these are written here from the
specifications.

    python3 tools/make-spec-fixtures.py [name ...]

Needs: python3 with Pillow, numpy, imagecodecs and pikepdf (pip install
pillow imagecodecs pikepdf); qpdf and pdftoppm (poppler-utils) to check the PDFs. Run it
once; the files are committed. The output is deterministic but for the
encrypted files (pikepdf salts their keys): name the files to write only those.

Invalid files (a located error, never a panic):
  bit-depth-0.png    IHDR: RGB with bit depth 0 (as PngSuite's xd0n2c08.png)
  bit-depth-3.png    IHDR: RGB with bit depth 3 (as PngSuite's xd3n2c08.png)
  twelve-bit.jpg     a valid 12-bit JPEG (SOF1, precision 12), which PDF's
                     DCTDecode cannot carry (as libjpeg-turbo's monkey12.jpg)

Valid files that must bind (poppler and `qpdf --check` read them cleanly):
  page-before-parent.pdf  a one-level page tree whose page, its resources
                     (a Type 3 font) and its parent /Pages sit in one object
                     stream in that order, as pdfTeX writes them (pdf.js's
                     french_diacritics.pdf)
  flate-progressive-jpeg.pdf  an image whose JPEG (progressive) is also
                     Flate-compressed: /Filter [/FlateDecode /DCTDecode]
                     (pdf.js's decodeACSuccessive.pdf, bug946506.pdf)
  form-listing-itself.pdf  a form XObject whose resources name the form
                     itself, which it never paints (pdf.js's bug1020858.pdf)

What a reader prints (item 3 of the issue):
  hidden-layers.pdf  optional content whose default configuration turns
                     two of three groups off (as pdf.js's
                     issue11144_reduced.pdf): blue marks in hidden marked
                     content, in an OCMD over a hidden group, in an image and
                     a form whose /OC is hidden, inside a visible form, and a
                     stamp annotation on a hidden layer; red and green marks
                     visible. Checked: poppler prints no blue.
  layer-unresolved.pdf  marked content naming a layer its page does not
                     define (printed, with a warning)
  need-appearances-blank.pdf  /NeedAppearances true, a filled text field
                     whose stored appearance is empty (as qpdf's
                     need-appearances-utf8.pdf and pdf.js's bug1883609.pdf),
                     and a check box with a value and no /AS
  field-value-without-appearance.pdf  a filled text field with no /AP
  palette-out-of-range.png  a 2-bit palette PNG of two colours whose
                     pixels also use indices 2 and 3 (as PngSuite's
                     xpcn/ps-type cases): decoders show black
  ihdr-bad-crc.png   a PNG whose IHDR CRC is wrong (as PngSuite's
                     xhdn0g08.png): Pillow refuses it
  huge-chunk.png     a PNG whose IDAT declares 2 GB (as libpng's crash
                     cases): refused, but not as a file cut short (Pillow
                     reads past the length; libpng refuses it)

A PDF whose attached file alone is encrypted, under a password (named as
that, not as a file that cannot be parsed; qpdf asks for the password too):
  encrypted-attachment.pdf, encrypted-attachment-bad-startxref.pdf (the
                     latter with startxref off the table, as pdf.js's
                     encrypted-attachment.pdf)
"""

import io
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import imagecodecs
import numpy as np
import pikepdf
from PIL import Image

OUT = Path(__file__).resolve().parent.parent / "tests/testsuite/fixtures/spec-cases"


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_with_depth(depth: int) -> bytes:
    """A 32×32 RGB PNG whose header declares `depth` bits per sample, with
    8-bit image data behind it (what PngSuite's x*n2c08 files hold)."""
    width = height = 32
    ihdr = struct.pack(">IIBBBBB", width, height, depth, 2, 0, 0, 0)
    rows = b"".join(b"\0" + b"".join(bytes((x * 8, y * 8, 128)) for x in range(width)) for y in range(height))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def twelve_bit_jpeg() -> bytes:
    y, x = np.mgrid[0:48, 0:64]
    grey = ((x * 64 + y * 20) % 4096).astype(np.uint16)
    data = imagecodecs.jpeg8_encode(grey, level=90, bitspersample=12)
    sof = data.find(b"\xff\xc1")
    assert sof > 0 and data[sof + 4] == 12, "not a 12-bit extended JPEG"
    return data


def pdf_with_object_stream(packed: list[tuple[int, bytes]], loose: list[tuple[int, bytes]], root: int) -> bytes:
    """A PDF 1.5 whose objects `packed` sit, in that order, in one object
    stream, `loose` ones in the file, with a cross-reference stream."""
    stream_id = max(n for n, _ in packed + loose) + 1
    xref_id = stream_id + 1
    header, body = b"", b""
    for number, text in packed:
        header += b"%d %d " % (number, len(body))
        body += text + b"\n"
    header += b"\n"
    data = zlib.compress(header + body, 9)
    out = bytearray(b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, text in loose:
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, text)
    offsets[stream_id] = len(out)
    out += b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n" % (
        stream_id, len(packed), len(header), len(data))
    out += data + b"\nendstream\nendobj\n"
    rows = [b"\x00" + struct.pack(">IH", 0, 0xFFFF)]
    in_stream = {number: i for i, (number, _) in enumerate(packed)}
    for number in range(1, xref_id + 1):
        if number in in_stream:
            rows.append(b"\x02" + struct.pack(">IH", stream_id, in_stream[number]))
        elif number == xref_id:
            rows.append(b"\x01" + struct.pack(">IH", len(out), 0))
        else:
            rows.append(b"\x01" + struct.pack(">IH", offsets[number], 0))
    table = b"".join(rows)
    xref_at = len(out)
    out += b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Length %d >>\nstream\n" % (
        xref_id, xref_id + 1, root, len(table))
    out += table + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)


def page_before_parent() -> bytes:
    # A Type 3 font of one glyph, "a": a filled square.
    glyph = b"1000 0 0 0 750 750 d1\n0 0 750 750 re f"
    content = b"BT /F1 48 Tf 72 700 Td (aaaa) Tj ET"
    packed = [
        (2, b"<< /Type /Page /Contents 3 0 R /Resources 4 0 R /MediaBox [0 0 595 842] /Parent 6 0 R >>"),
        (4, b"<< /Font << /F1 5 0 R >> /ProcSet [/PDF /Text] >>"),
        (5, b"<< /Type /Font /Subtype /Type3 /FontMatrix [0.001 0 0 0.001 0 0] /FontBBox [0 0 750 750] "
            b"/Resources << /ProcSet [/PDF] >> /FirstChar 97 /LastChar 97 /Widths [1000] "
            b"/Encoding << /Type /Encoding /Differences [97 /square] >> /CharProcs << /square 7 0 R >> >>"),
        (6, b"<< /Type /Pages /Count 1 /Kids [2 0 R] >>"),
        (1, b"<< /Type /Catalog /Pages 6 0 R >>"),
    ]
    loose = [
        (3, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content)),
        (7, b"<< /Length %d >>\nstream\n%s\nendstream" % (len(glyph), glyph)),
    ]
    return pdf_with_object_stream(packed, loose, root=1)


def classic_pdf(objects: list[bytes]) -> bytes:
    """A PDF 1.4 of `objects` (numbered from 1, the first the catalogue)
    with a classic cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, text in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, text)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def flate_progressive_jpeg() -> bytes:
    y, x = np.mgrid[0:76, 0:73]
    rgb = np.stack([x * 3, y * 3, np.full_like(x, 128)], axis=-1).astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(rgb).save(buffer, "JPEG", quality=90, progressive=True)
    jpeg = zlib.compress(buffer.getvalue(), 9)
    content = b"q 292 0 0 304 54 48 cm /Im1 Do Q"
    return classic_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 400] /Contents 5 0 R "
        b"/Resources << /XObject << /Im1 4 0 R >> >> >>",
        b"<< /Type /XObject /Subtype /Image /Width 73 /Height 76 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
        b"/Filter [/FlateDecode /DCTDecode] /Length %d >>\nstream\n" % len(jpeg) + jpeg + b"\nendstream",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
    ])


def encrypted_attachment(startxref_off_by: int) -> bytes:
    """A PDF whose pages and strings are not encrypted (/StmF and /StrF
    /Identity) but whose attached file is, under a user password (/EFF,
    AuthEvent /EFOpen: PDF 32000-1 §7.6.5). The encryption dictionary's keys
    come from pikepdf (R6, user password "u"; its salts are random, so this
    file differs from run to run). `startxref_off_by` moves startxref off
    the table, as in pdf.js's encrypted-attachment.pdf."""
    plain = io.BytesIO()
    document = pikepdf.new()
    document.add_blank_page()
    document.save(plain, encryption=pikepdf.Encryption(user="u", owner="o", R=6),
                  object_stream_mode=pikepdf.ObjectStreamMode.disable)
    raw = plain.getvalue()
    start = raw.rindex(b"<<", 0, raw.index(b"/CF"))
    end = raw.index(b"endobj", start)
    encrypt = raw[start:end].strip()
    encrypt = encrypt.replace(b"/StmF /StdCF /StrF /StdCF", b"/StmF /Identity /StrF /Identity /EFF /StdCF")
    encrypt = encrypt.replace(b"/AuthEvent /DocOpen", b"/AuthEvent /EFOpen")
    assert b"/EFF /StdCF" in encrypt and b"/AuthEvent /EFOpen" in encrypt
    sealed = bytes(range(256)) * 2  # stands for the encrypted attachment
    content = b"BT /F1 24 Tf 72 700 Td (The attachment is encrypted) Tj ET"
    pdf = classic_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(a.txt) 5 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        b"<< /Type /Filespec /F (a.txt) /UF (a.txt) /EF << /F 6 0 R >> >>",
        b"<< /Type /EmbeddedFile /Length %d >>\nstream\n" % len(sealed) + sealed + b"\nendstream",
        encrypt,
    ])
    pdf = pdf.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Encrypt 7 0 R /ID [<%s> <%s>] >>" % (b"66" * 16, b"66" * 16))
    at = pdf.rindex(b"startxref\n") + len(b"startxref\n")
    offset = int(pdf[at:pdf.index(b"\n", at)])
    return pdf[:at] + b"%d" % (offset + startxref_off_by) + pdf[pdf.index(b"\n", at):]


def form_listing_itself() -> bytes:
    """A page painting a form whose resources name the form itself, which
    it never paints (as pdf.js's bug1020858.pdf, from a metafile export)."""
    outer = b"q 2 0 0 2 0 0 cm /Meta8 Do Q"
    inner = b"0.2 w 1 j 20 20 40 10 re B"
    return classic_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R "
        b"/Resources << /XObject << /Meta7 5 0 R >> >> >>",
        b"<< /Length 9 >>\nstream\n/Meta7 Do\nendstream",
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 200 100] /Resources << /XObject << /Meta8 6 0 R >> >> "
        b"/Length %d >>\nstream\n%s\nendstream" % (len(outer), outer),
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 100 50] /Resources << /XObject << /Meta8 6 0 R >> >> "
        b"/Length %d >>\nstream\n%s\nendstream" % (len(inner), inner),
    ])


def stream(data: bytes, entries: bytes = b"") -> bytes:
    return b"<< %s /Length %d >>\nstream\n" % (entries, len(data)) + data + b"\nendstream"


def hidden_layers() -> bytes:
    """Objects 6 (shown), 7 and 8 (off by default) are the groups; 9 an
    OCMD showing when any of [8] is on. Blue is everything hidden."""
    content = b"\n".join([
        b"/OC /Shown BDC 1 0 0 rg 10 10 80 80 re f BT /F1 14 Tf 10 150 Td (VISIBLE LAYER) Tj ET EMC",
        b"/OC /Off BDC 0 0 1 rg 100 10 80 80 re f BT /F1 14 Tf 0 0 1 rg 100 170 Td (HIDDEN LAYER) Tj ET EMC",
        b"/OC /Either BDC 0 0 1 rg 190 10 40 40 re f EMC",
        b"q 40 0 0 40 240 10 cm /Blue Do Q",
        b"/HiddenForm Do /ShownForm Do",
        b"1 0 0 rg 10 120 20 20 re f",
    ])
    hidden_form = b"0 0 1 rg 240 60 40 40 re f"
    shown_form = b"0 1 0 rg 290 10 40 40 re f /OC /Off BDC 0 0 1 rg 290 60 40 40 re f EMC"
    square = b"0 0 1 rg 0 0 20 20 re f"
    green = b"0 1 0 rg 0 0 20 20 re f"
    form = b"/Type /XObject /Subtype /Form /BBox [0 0 400 200]"
    return classic_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /OCProperties << /OCGs [6 0 R 7 0 R 8 0 R] "
        b"/D << /Order [6 0 R 7 0 R 8 0 R] /OFF [7 0 R 8 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 400 200] /Contents 4 0 R /Annots [14 0 R 16 0 R] "
        b"/Resources << /Font << /F1 5 0 R >> /Properties << /Shown 6 0 R /Off 7 0 R /Either 9 0 R >> "
        b"/XObject << /Blue 10 0 R /HiddenForm 11 0 R /ShownForm 12 0 R >> >> >>",
        stream(content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /OCG /Name (Shown) >>",
        b"<< /Type /OCG /Name (Off) >>",
        b"<< /Type /OCG /Name (Off too) >>",
        b"<< /Type /OCMD /OCGs [8 0 R] /P /AnyOn >>",
        stream(b"\x00\x00\xff" * 4, b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceRGB "
               b"/BitsPerComponent 8 /OC 7 0 R"),
        stream(hidden_form, form + b" /OC 9 0 R"),
        stream(shown_form, form + b" /Resources << /Properties << /Off 7 0 R >> >> /OC 6 0 R"),
        stream(square, b"/Type /XObject /Subtype /Form /BBox [0 0 20 20]"),
        b"<< /Type /Annot /Subtype /Stamp /Rect [340 10 380 50] /F 4 /AP << /N 13 0 R >> /OC 7 0 R >>",
        stream(green, b"/Type /XObject /Subtype /Form /BBox [0 0 20 20]"),
        b"<< /Type /Annot /Subtype /Stamp /Rect [340 60 380 100] /F 4 /AP << /N 15 0 R >> /OC 6 0 R >>",
    ])


def layer_unresolved() -> bytes:
    content = b"/OC /Nowhere BDC 0 1 0 rg 10 10 80 80 re f EMC /OC /Off BDC 0 0 1 rg 100 10 80 80 re f EMC"
    return classic_pdf([
        b"<< /Type /Catalog /Pages 2 0 R /OCProperties << /OCGs [5 0 R] /D << /OFF [5 0 R] >> >> >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R "
        b"/Resources << /Properties << /Off 5 0 R >> >> >>",
        stream(content),
        b"<< /Type /OCG /Name (Off) >>",
    ])


def form_pdf(need_appearances: bool, text_field: bytes, extra: list[bytes]) -> bytes:
    """A page with a text field (object 6) and the `extra` objects from 7;
    the field's value is (FILLED BY THE READER)."""
    label = b"BT /F1 12 Tf 20 160 Td (Name:) Tj ET"
    kids = b"6 0 R" + b"".join(b" %d 0 R" % n for n in range(7, 7 + len(extra)) if b"/Subtype /Widget" in extra[n - 7])
    acro = b"/AcroForm << /Fields [%s] /DA (/Helv 0 Tf 0 g) /DR << /Font << /Helv 5 0 R >> >>%s >>" % (
        kids, b" /NeedAppearances true" if need_appearances else b"")
    return classic_pdf([
        b"<< /Type /Catalog /Pages 2 0 R %s >>" % acro,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Annots [%s] "
        b"/Resources << /Font << /F1 5 0 R >> >> >>" % kids,
        stream(label),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /V (FILLED BY THE READER) /F 4 "
        b"/Rect [60 150 280 175] /DA (/Helv 12 Tf 0 g) /P 3 0 R %s >>" % text_field,
        *extra,
    ])


def need_appearances_blank() -> bytes:
    tick = b"0 g 2 2 m 8 14 l 18 4 l 4 w S"
    return form_pdf(True, b"/AP << /N 7 0 R >>", [
        stream(b"/Tx BMC EMC", b"/Type /XObject /Subtype /Form /BBox [0 0 220 25] /Resources << >>"),
        b"<< /Type /Annot /Subtype /Widget /FT /Btn /T (agree) /V /Yes /F 4 /Rect [60 100 80 120] "
        b"/P 3 0 R /AP << /N << /Yes 9 0 R /Off 10 0 R >> >> >>",
        stream(tick, b"/Type /XObject /Subtype /Form /BBox [0 0 20 20]"),
        stream(b"", b"/Type /XObject /Subtype /Form /BBox [0 0 20 20]"),
    ])


def field_value_without_appearance() -> bytes:
    return form_pdf(False, b"", [])


def png_file(width: int, height: int, depth: int, colour: int, rows: bytes, plte: bytes = b"") -> bytes:
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0))
    if plte:
        out += chunk(b"PLTE", plte)
    return out + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def palette_out_of_range() -> bytes:
    """32×32, 2 bits per index, a palette of red and green; the four
    quadrants use indices 0, 1, 2 and 3."""
    rows = b""
    for y in range(32):
        indices = [(x >= 16) + 2 * (y >= 16) for x in range(32)]
        packed = bytes(sum(i << (6 - 2 * k) for k, i in enumerate(indices[b:b + 4])) for b in range(0, 32, 4))
        rows += b"\0" + packed
    return png_file(32, 32, 2, 3, rows, plte=bytes([255, 0, 0, 0, 255, 0]))


def grey_rows(width: int, height: int) -> bytes:
    return b"".join(b"\0" + bytes((x * 8) % 256 for x in range(width)) for _ in range(height))


def ihdr_bad_crc() -> bytes:
    data = bytearray(png_file(32, 32, 8, 0, grey_rows(32, 32)))
    data[29] ^= 0xFF  # IHDR's CRC: 8 signature + 8 chunk head + 13 body
    return bytes(data)


def huge_chunk() -> bytes:
    data = png_file(32, 32, 8, 0, grey_rows(32, 32))
    at = data.index(b"IDAT") - 4
    return data[:at] + struct.pack(">I", 0x7FFFFFF0) + data[at + 4:]


def poppler_pixels(path: Path) -> np.ndarray:
    ppm = subprocess.run(["pdftoppm", "-r", "72", "-png", str(path)], capture_output=True, check=True)
    return np.asarray(Image.open(io.BytesIO(ppm.stdout)).convert("RGB")).astype(int)


def count(pixels: np.ndarray, rgb: tuple[int, int, int]) -> int:
    return int((np.abs(pixels - np.array(rgb)).max(axis=-1) < 60).sum())


def check_readers() -> None:
    """Poppler prints the layers and fields as the tests expect; Pillow
    decodes (or refuses) the PNGs as they expect."""
    pixels = poppler_pixels(OUT / "hidden-layers.pdf")
    if count(pixels, (0, 0, 255)) or not count(pixels, (255, 0, 0)) or not count(pixels, (0, 255, 0)):
        sys.exit("hidden-layers.pdf: poppler does not print red and green only")
    text = subprocess.run(["pdftotext", str(OUT / "hidden-layers.pdf"), "-"], capture_output=True, text=True).stdout
    if "VISIBLE LAYER" not in text:
        sys.exit(f"hidden-layers.pdf: poppler's text: {text}")
    decoded = np.asarray(Image.open(OUT / "palette-out-of-range.png").convert("RGB"))
    corners = [tuple(decoded[y, x]) for y, x in [(0, 0), (0, 31), (31, 0), (31, 31)]]
    if corners != [(255, 0, 0), (0, 255, 0), (0, 0, 0), (0, 0, 0)]:
        sys.exit(f"palette-out-of-range.png: Pillow shows {corners}")
    try:
        Image.open(OUT / "ihdr-bad-crc.png").load()
        sys.exit("ihdr-bad-crc.png: Pillow reads it; it should be refused")
    except (OSError, SyntaxError, ValueError):
        pass


def check_pdf(path: Path, complaint: str = "") -> None:
    """Both readers the standard names read it cleanly and draw something;
    poppler may make the `complaint` the file is made to draw from it."""
    qpdf = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    if qpdf.returncode != 0 or "No syntax or stream encoding errors" not in qpdf.stdout:
        sys.exit(f"{path.name}: qpdf --check: {qpdf.stdout}{qpdf.stderr}")
    ppm = subprocess.run(["pdftoppm", "-r", "18", "-gray", str(path)], capture_output=True)
    if ppm.returncode != 0 or (ppm.stderr and not (complaint and complaint in ppm.stderr.decode())):
        sys.exit(f"{path.name}: pdftoppm: {ppm.stderr.decode()}")
    pixels = ppm.stdout.split(b"\n", 3)[3]
    if min(pixels) > 200:
        sys.exit(f"{path.name}: pdftoppm draws a blank page")


def main() -> None:
    for tool in ["qpdf", "pdftoppm"]:
        if shutil.which(tool) is None:
            sys.exit(f"make-spec-fixtures: {tool} not found")
    OUT.mkdir(parents=True, exist_ok=True)
    files = {
        "bit-depth-0.png": png_with_depth(0),
        "bit-depth-3.png": png_with_depth(3),
        "twelve-bit.jpg": twelve_bit_jpeg(),
        "page-before-parent.pdf": page_before_parent(),
        "flate-progressive-jpeg.pdf": flate_progressive_jpeg(),
        "form-listing-itself.pdf": form_listing_itself(),
        "encrypted-attachment.pdf": encrypted_attachment(0),
        "encrypted-attachment-bad-startxref.pdf": encrypted_attachment(40),
        "hidden-layers.pdf": hidden_layers(),
        "layer-unresolved.pdf": layer_unresolved(),
        "need-appearances-blank.pdf": need_appearances_blank(),
        "field-value-without-appearance.pdf": field_value_without_appearance(),
        "palette-out-of-range.png": palette_out_of_range(),
        "ihdr-bad-crc.png": ihdr_bad_crc(),
        "huge-chunk.png": huge_chunk(),
    }
    # Only these, when named: `make-spec-fixtures.py hidden-layers.pdf`
    # (the encrypted files differ from run to run).
    wanted = sys.argv[1:] or list(files)
    for name, data in files.items():
        if name in wanted:
            (OUT / name).write_bytes(data)
    for name in ["bit-depth-0.png", "bit-depth-3.png"]:
        try:
            Image.open(OUT / name).load()
            sys.exit(f"{name}: Pillow reads it; it should be invalid")
        except (OSError, SyntaxError, ValueError):
            pass
    for name in ["page-before-parent.pdf", "flate-progressive-jpeg.pdf", "form-listing-itself.pdf",
                 "hidden-layers.pdf", "field-value-without-appearance.pdf"]:
        check_pdf(OUT / name)
    # A layer no page defines; a check box without /AS, drawn by its value
    # in pdf.js (poppler leaves it blank).
    check_pdf(OUT / "layer-unresolved.pdf", "Marked Content 'Nowhere' is unknown")
    check_pdf(OUT / "need-appearances-blank.pdf", "missing AS value")
    check_readers()


if __name__ == "__main__":
    main()
