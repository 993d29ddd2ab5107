"""Reading a ticket's QR code from a photo, on the server (zxing-cpp).

The check-in page's camera scanner uses the browser's own barcode detector where there is one;
elsewhere (e.g. Safari on an iPhone) it sends a video frame here, and without JavaScript a photo
taken with the phone's camera is uploaded the same way.
"""

from __future__ import annotations

import io

MAX_IMAGE_BYTES = 4 * 1024 * 1024
MAX_PIXELS = 4096 * 4096


def decode_qr(data: bytes) -> str | None:
    """The text of the first QR code in the image, or None (not an image, too big, no code)."""
    if not data or len(data) > MAX_IMAGE_BYTES:
        return None
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_PIXELS:
                return None
            image.thumbnail((1600, 1600))
            results = zxingcpp.read_barcodes(
                image.convert("L"), formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
            )
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    return results[0].text if results else None
