#!/usr/bin/env python3
"""Makes the evidence fixtures of tests/testsuite/fixtures/spec-cases/: one
small file per class of file that public test suites (PngSuite, libjpeg-turbo,
pdf.js) showed the tool mishandling (issue 33). Their files are not
committed, their licences vary; these are written here from the
specifications.

    python3 tools/make-spec-fixtures.py

Needs: python3 with Pillow, numpy, imagecodecs and pikepdf (pip install
pillow imagecodecs pikepdf); qpdf and pdftoppm (poppler-utils) to check the PDFs. Run it
once; the files are committed. The output is deterministic.

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


def check_pdf(path: Path) -> None:
    """Both readers the standard names read it cleanly and draw something."""
    qpdf = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    if qpdf.returncode != 0 or "No syntax or stream encoding errors" not in qpdf.stdout:
        sys.exit(f"{path.name}: qpdf --check: {qpdf.stdout}{qpdf.stderr}")
    ppm = subprocess.run(["pdftoppm", "-r", "18", "-gray", str(path)], capture_output=True)
    if ppm.returncode != 0 or ppm.stderr:
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
    }
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    for name in ["bit-depth-0.png", "bit-depth-3.png"]:
        try:
            Image.open(OUT / name).load()
            sys.exit(f"{name}: Pillow reads it; it should be invalid")
        except (OSError, SyntaxError, ValueError):
            pass
    for name in ["page-before-parent.pdf", "flate-progressive-jpeg.pdf", "form-listing-itself.pdf"]:
        check_pdf(OUT / name)


if __name__ == "__main__":
    main()
