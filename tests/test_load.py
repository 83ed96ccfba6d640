"""Loading: documents are recognised by content and bad files say what is wrong."""
import pypdfium2 as pdfium
import pytest
from PIL import Image

from support import DATA, thai_page
from ingest import load
from ingest.gather import gather
from ingest.errors import EmptyDocumentError, EncryptedPdfError, InputFileError


def test_pdf_pages_render_at_300_dpi(tmp_path):
    path = tmp_path / "two.pdf"
    pages = [thai_page(["หน้าหนึ่ง"]), thai_page(["หน้าสอง"])]
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=300)
    doc = load.open_document(path)
    assert (doc.format, doc.pages, len(doc.sha256)) == ("pdf", 2, 64)
    image, dpi = load.render_page(doc, 1)
    assert dpi == 300 and abs(image.width - 2480) <= 2


def test_format_is_decided_by_content_not_name(tmp_path):
    path = tmp_path / "scan.pdf"
    thai_page(["ทดสอบ"]).save(path, format="PNG")
    assert load.open_document(path).format == "png"


def test_multipage_tiff_and_exif_orientation(tmp_path):
    tif = tmp_path / "bundle.tif"
    a, b = thai_page(["หนึ่ง"]).convert("1"), thai_page(["สอง"]).convert("1")
    a.save(tif, save_all=True, append_images=[b], compression="group4", dpi=(300, 300))
    assert load.open_document(tif).pages == 2
    jpg = tmp_path / "sideways.jpg"
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated 90° clockwise: viewers turn it upright
    Image.new("L", (300, 200), 255).save(jpg, exif=exif)
    image, _ = load.render_page(load.open_document(jpg), 0)
    assert image.size == (200, 300)


def test_folder_means_every_supported_file(tmp_path):
    (tmp_path / "a").mkdir()
    thai_page(["x"], size=(100, 100)).save(tmp_path / "a" / "1.png")
    thai_page(["x"], size=(100, 100)).save(tmp_path / "2.jpg")
    (tmp_path / "notes.txt").write_text("ignore me")
    assert [f.path.name for f in gather([tmp_path])] == ["2.jpg", "1.png"]


@pytest.mark.parametrize("make, error, words", [
    (lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj<<>>\nthis is not a pdf at all"), InputFileError, "damaged"),
    (lambda p: p.write_bytes(b""), EmptyDocumentError, "empty"),
    (lambda p: p.write_text("Dear clerk, this is a text file."), InputFileError, "not a scanned document"),
    (lambda p: pdfium.PdfDocument.new().save(str(p)), EmptyDocumentError, "no pages"),
])
def test_bad_files_say_what_is_wrong(tmp_path, make, error, words):
    path = tmp_path / "bad.pdf"
    make(path)
    with pytest.raises(error) as e:
        load.open_document(path)
    assert words in str(e.value) and "bad.pdf" in str(e.value) and e.value.hint


def test_encrypted_pdf():
    with pytest.raises(EncryptedPdfError, match="encrypted"):
        load.open_document(DATA / "encrypted.pdf")


def test_huge_image_is_refused_before_decoding(tmp_path):
    path = tmp_path / "huge.png"
    Image.new("1", (20000, 20000), 1).save(path)  # 400 Mpx, a few hundred kB on disk
    with pytest.raises(InputFileError, match="too large"):
        load.open_document(path)


def test_text_layer_used_only_when_good(realdocs):
    good = load.open_document(realdocs / "psu-invitation-letter.pdf")
    layer = load.text_layer(good, 0, 300)
    assert load.text_layer_ok(layer.text) and "เรื่อง" in layer.text
    for name in ("gazette-corrupt-text-layer.pdf", "sao-announcement-bad-text-layer.pdf", "sao-memo-chain.pdf"):
        doc = load.open_document(realdocs / name)
        assert not load.text_layer_ok("\n".join(load.text_layer(doc, i, 300).text for i in range(doc.pages))), name


# -- images of any depth and colour mode read as the paper looks ------------------------------

def _paper(paper=240, ink=20):
    """Paper with a bar of ink, greys as a scanner sees them: what every mode below must show."""
    from PIL import ImageDraw

    page = Image.new("L", (300, 200), paper)
    ImageDraw.Draw(page).rectangle((60, 60, 240, 90), fill=ink)
    return page


def _png16(path, channels, values):
    """A 16-bit PNG written by hand (Pillow writes 16-bit grey only): ``values`` is rows of samples."""
    import struct
    import zlib

    import numpy as np

    height, width = values.shape[0], values.shape[1] // channels
    raw = b"".join(b"\x00" + row.astype(">u2").tobytes() for row in values)
    kind = {1: 0, 2: 4, 3: 2, 4: 6}[channels]

    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 16, kind, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _transparent(mode):
    """Ink opaque, paper fully transparent (its colour underneath black, as scanners leave it)."""
    import numpy as np

    ink = np.asarray(_paper()) < 128
    alpha = np.where(ink, 255, 0).astype(np.uint8)
    grey = np.zeros_like(alpha)
    if mode == "LA":
        return Image.fromarray(np.dstack([grey, alpha]), "LA")
    return Image.fromarray(np.dstack([grey, grey, grey, alpha]), "RGBA")


def _save16(path, scale):
    import numpy as np

    Image.fromarray(np.asarray(_paper()).astype(np.uint16) * scale).save(path)


def _save_png16_rgb(path, alpha=False):
    import numpy as np

    a = np.asarray(_paper()).astype(np.uint16) * 257
    planes = [a, a, a] + ([np.full_like(a, 65535)] if alpha else [])
    _png16(path, len(planes), np.dstack(planes).reshape(a.shape[0], -1))


@pytest.mark.parametrize("name, save", [
    ("grey16.png", lambda p: _save16(p, 257)),                   # 16-bit grey, full scale
    ("grey16.tif", lambda p: _save16(p, 257)),
    ("grey12.tif", lambda p: _save16(p, 16)),                    # 12-bit samples in 16-bit words
    ("grey32.tif", lambda p: _paper().convert("I").save(p)),
    ("float.tif", lambda p: _paper().convert("F").save(p)),
    ("rgb16.png", _save_png16_rgb),
    ("rgba16.png", lambda p: _save_png16_rgb(p, alpha=True)),
    ("rgba.png", lambda p: _transparent("RGBA").save(p)),
    ("la.png", lambda p: _transparent("LA").save(p)),
    ("palette.png", lambda p: _paper().convert("RGB").convert("P").save(p)),
    ("palette-alpha.png", lambda p: _transparent("RGBA").convert("P").save(p)),
    ("cmyk.jpg", lambda p: _paper().convert("CMYK").save(p, quality=95)),
    ("cmyk.tif", lambda p: _paper().convert("CMYK").save(p)),
    ("bilevel.tif", lambda p: _paper(255, 0).convert("1").save(p, compression="group4")),
])
def test_any_depth_and_colour_mode_reads_as_the_paper_looks(tmp_path, name, save):
    import numpy as np

    path = tmp_path / name
    save(path)
    image, _ = load.render_page(load.open_document(path), 0)
    assert image.mode in ("L", "RGB")
    grey = np.asarray(image.convert("L"))
    assert grey[120:190, 10:290].mean() > 225, "paper must stay light"
    assert grey[65:86, 65:236].mean() < 40, "ink must stay dark"
