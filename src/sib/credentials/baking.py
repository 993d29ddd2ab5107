"""Baked badges (Open Badges 3.0 baking): the credential inside a PNG or an SVG image.

PNG: an `iTXt` chunk with the keyword `openbadgecredential` holding the credential JSON.
SVG: an `<openbadges:credential>` element (namespace https://purl.imsglobal.org/ob/v3p0) whose
CDATA holds the credential JSON. The image itself is drawn here (Pillow, DejaVu fonts).
"""

from __future__ import annotations

import io
import struct
import zlib
from functools import cache
from pathlib import Path

from django.utils.html import escape

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"
OB_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
BRAND = (0x1F, 0x4E, 0x79)
ACCENT = (0xF2, 0xB1, 0x34)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG image")
    chunks = []
    offset = len(PNG_SIGNATURE)
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        chunks.append((kind, png[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return chunks


def bake_png(png: bytes, credential_json: str) -> bytes:
    """Insert the iTXt chunk before IEND (replacing an earlier baked credential)."""
    text = KEYWORD + b"\0" + b"\0\0" + b"\0" + b"\0" + credential_json.encode("utf-8")
    out = [PNG_SIGNATURE]
    for kind, data in _chunks(png):
        if kind == b"iTXt" and data.startswith(KEYWORD + b"\0"):
            continue
        if kind == b"IEND":
            out.append(_chunk(b"iTXt", text))
        out.append(_chunk(kind, data))
    return b"".join(out)


def unbake_png(png: bytes) -> str | None:
    for kind, data in _chunks(png):
        if kind == b"iTXt" and data.startswith(KEYWORD + b"\0"):
            rest = data[len(KEYWORD) + 1 :]
            compressed, _method = rest[0], rest[1]
            rest = rest[2:]
            _language, rest = rest.split(b"\0", 1)
            _translated, text = rest.split(b"\0", 1)
            return (zlib.decompress(text) if compressed else text).decode("utf-8")
    return None


@cache
def _font_path(bold: bool) -> str | None:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in FONT_DIRS:
        path = Path(folder) / name
        if path.exists():
            return str(path)
    return None


def _font(size: int, *, bold: bool = False):  # noqa: ANN202 - a Pillow font
    from PIL import ImageFont

    path = _font_path(bold)
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


def _wrap(text: str, limit: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines[:4]


def badge_png(title: str, subtitle: str, *, size: int = 512) -> bytes:
    """A round badge with the achievement's title (the image the credential is baked into)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=BRAND + (255,), outline=ACCENT + (255,), width=14)
    draw.ellipse((44, 44, size - 44, size - 44), outline=(255, 255, 255, 200), width=3)
    font = _font(34, bold=True)
    lines = _wrap(title, 18)
    top = size / 2 - len(lines) * 22
    for index, line in enumerate(lines):
        draw.text((size / 2, top + index * 44), line, font=font, fill="white", anchor="mm")
    draw.text((size / 2, size - 110), subtitle, font=_font(24), fill=ACCENT + (255,), anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def badge_svg(title: str, subtitle: str, credential_json: str) -> str:
    """A baked SVG badge: the same design, with the credential in `<openbadges:credential>`."""
    lines = _wrap(title, 18)
    top = 256 - len(lines) * 22
    text = "".join(
        f'<text x="256" y="{top + index * 44 + 12:.0f}" text-anchor="middle" '
        f'font-family="DejaVu Sans, sans-serif" font-weight="bold" font-size="34" '
        f'fill="#fff">{escape(line)}</text>'
        for index, line in enumerate(lines)
    )
    payload = credential_json.replace("]]>", "]]]]><![CDATA[>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="{OB_NAMESPACE}" '
        'width="512" height="512" viewBox="0 0 512 512" role="img" '
        f'aria-label="{escape(title)}">'
        f"<openbadges:credential><![CDATA[{payload}]]></openbadges:credential>"
        f"<title>{escape(title)}</title>"
        '<circle cx="256" cy="256" r="241" fill="#1f4e79" stroke="#f2b134" stroke-width="14"/>'
        '<circle cx="256" cy="256" r="211" fill="none" stroke="#fff" stroke-opacity=".8" '
        'stroke-width="3"/>'
        f"{text}"
        '<text x="256" y="410" text-anchor="middle" font-family="DejaVu Sans, sans-serif" '
        f'font-size="24" fill="#f2b134">{escape(subtitle)}</text>'
        "</svg>\n"
    )
