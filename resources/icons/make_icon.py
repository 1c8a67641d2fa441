"""Draw the application icon (a page with a check mark) as PNG and ICO. Run: python resources/icons/make_icon.py"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent


def draw(size: int = 256) -> Image.Image:
    """The icon at ``size`` pixels."""
    s = size / 256
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((40 * s, 16 * s, 200 * s, 240 * s), radius=14 * s, fill=(245, 247, 250, 255), outline=(40, 70, 110, 255), width=int(8 * s))
    for i, y in enumerate((60, 88, 116, 144)):
        d.line((64 * s, y * s, (176 if i % 2 == 0 else 150) * s, y * s), fill=(120, 140, 165, 255), width=int(8 * s))
    d.line((64 * s, 190 * s, 176 * s, 190 * s), fill=(40, 40, 40, 255), width=int(5 * s))
    d.line((64 * s, 206 * s, 176 * s, 206 * s), fill=(40, 40, 40, 255), width=int(5 * s))
    d.ellipse((140 * s, 140 * s, 244 * s, 244 * s), fill=(0, 122, 74, 255))
    d.line((160 * s, 194 * s, 184 * s, 218 * s, 224 * s, 166 * s), fill=(255, 255, 255, 255), width=int(14 * s), joint="curve")
    return img


if __name__ == "__main__":
    icon = draw(256)
    icon.save(HERE / "workstation.png")
    icon.save(HERE / "workstation.ico", sizes=[(16, 16), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])
