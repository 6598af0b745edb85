"""Pictures the fake APIs serve as the platforms' CDNs would (fbcdn, pbs.twimg.com), from
127.0.0.1: drawn with Pillow, the same bytes for the same name on every run."""

from __future__ import annotations

import functools
import hashlib
import io

from PIL import Image, ImageDraw

# Pairs of colours a picture blends between (calm, poster-like; chosen by the name's hash).
PALETTES = (
    ((32, 92, 160), (118, 190, 220)),
    ((28, 120, 96), (170, 214, 150)),
    ((150, 60, 90), (240, 170, 120)),
    ((90, 70, 150), (200, 170, 230)),
    ((180, 110, 30), (250, 220, 140)),
    ((40, 60, 80), (150, 170, 190)),
)


@functools.lru_cache(maxsize=512)
def picture(name: str, *, width: int = 720, height: int = 480, fmt: str = "JPEG") -> bytes:
    """A picture for ``name``: a blend of two colours with a few discs and a band,
    encoded as ``fmt`` (JPEG or PNG). Deterministic: the same name gives the same bytes."""
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    start, end = PALETTES[digest[0] % len(PALETTES)]
    ramp = Image.linear_gradient("L")
    if digest[1] % 2:
        ramp = ramp.transpose(Image.Transpose.ROTATE_90)
    ramp = ramp.resize((width, height))
    size = (width, height)
    image = Image.composite(Image.new("RGB", size, end), Image.new("RGB", size, start), ramp)
    draw = ImageDraw.Draw(image, "RGBA")
    for i in range(3):
        x = digest[2 + i] * width // 255
        y = digest[5 + i] * height // 255
        r = height // 6 + digest[8 + i] * height // 1020
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, 70 + 30 * i))
    band = height * (55 + digest[11] % 20) // 100
    draw.rectangle((0, band, width, band + height // 8), fill=(255, 255, 255, 110))
    out = io.BytesIO()
    if fmt == "PNG":
        image.save(out, "PNG", optimize=True)
    else:
        image.save(out, "JPEG", quality=85)
    return out.getvalue()


def content_type(fmt: str) -> str:
    return "image/png" if fmt == "PNG" else "image/jpeg"
