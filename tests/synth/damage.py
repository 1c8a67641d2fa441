"""Reusable damage for any rendered document: scan skew, turned pages, desk photos, blur, noise, JPEG.

``apply(img, rng, level)`` returns the damaged RGB image and a record of every operation, so that
benchmarks can slice by damage, orientation tests know the true rotation and quality tests know
whether the blur was meant to be past reading. Conventions (also in README.md):

- ``orientation``: clockwise quarter turns applied to the upright document (0, 90, 180, 270).
- ``skew_cw_deg``: further clockwise rotation in degrees (negative = counter-clockwise).
- ``rotation_cw_deg``: orientation + skew in (-180, 180], the whole clockwise rotation to undo.
- ``page_quad``: the document's corners (top-left, top-right, bottom-right, bottom-left of the
  upright page) in output pixels.
"""

from __future__ import annotations

import math
import random
from typing import Any

import cv2
import numpy as np

LEVELS = ("none", "mild", "heavy", "mixed")
MM_PER_INCH = 25.4
# Gaussian blur in millimetres on the document: at or below READABLE_MM text stays readable; at or
# above PAST_READING_MM the 2.3 mm MRZ characters and 3 mm body text are not readable. The generator
# never draws between the two, so the label in the truth is unambiguous.
READABLE_MM = 0.10
PAST_READING_MM = 0.40


def choose_level(rng: random.Random, level: str) -> str:
    """Resolve ``mixed`` to one of none/mild/heavy (20/50/30 %)."""
    if level not in LEVELS:
        raise ValueError(f"damage level must be one of {', '.join(LEVELS)}")
    if level != "mixed":
        return level
    return rng.choices(("none", "mild", "heavy"), weights=(20, 50, 30))[0]


def choose_dpi(rng: random.Random, level: str) -> int:
    """Render resolution for a (resolved) damage level: 300 clean, 200-300 mild, 150-220 heavy."""
    if level == "none":
        return 300
    if level == "mild":
        return rng.choice((200, 240, 300, 300))
    return rng.choice((150, 150, 180, 200, 220))


def _h_translate(tx: float, ty: float) -> np.ndarray:
    return np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]], dtype=np.float64)


def _as_h(m: np.ndarray) -> np.ndarray:
    return np.vstack([m, [0, 0, 1]]).astype(np.float64)


def rotate_quarter(img: np.ndarray, orientation: int) -> tuple[np.ndarray, np.ndarray]:
    """Turn ``img`` clockwise by ``orientation`` degrees (0/90/180/270); return it and the homography."""
    h, w = img.shape[:2]
    k = (orientation // 90) % 4
    if k == 0:
        return img, np.eye(3)
    out = np.ascontiguousarray(np.rot90(img, -k))
    if k == 1:  # cw 90: (x, y) -> (h-1-y, x)
        hm = np.array([[0, -1, h - 1], [1, 0, 0], [0, 0, 1]], dtype=np.float64)
    elif k == 2:
        hm = np.array([[-1, 0, w - 1], [0, -1, h - 1], [0, 0, 1]], dtype=np.float64)
    else:  # cw 270: (x, y) -> (y, w-1-x)
        hm = np.array([[0, 1, 0], [-1, 0, w - 1], [0, 0, 1]], dtype=np.float64)
    return out, hm


def rotate_small(img: np.ndarray, cw_deg: float, fill: tuple[int, int, int]) -> tuple[np.ndarray, np.ndarray]:
    """Rotate clockwise by ``cw_deg`` on an enlarged canvas filled with ``fill``."""
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -cw_deg, 1.0)
    c, s = abs(math.cos(math.radians(cw_deg))), abs(math.sin(math.radians(cw_deg)))
    nw, nh = int(math.ceil(w * c + h * s)), int(math.ceil(w * s + h * c))
    m[0, 2] += (nw - w) / 2
    m[1, 2] += (nh - h) / 2
    out = cv2.warpAffine(img, m, (nw, nh), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=fill)
    return out, _as_h(m)


def background(nrng: np.random.Generator, rng: random.Random, w: int, h: int) -> tuple[np.ndarray, str]:
    """A desk surface: wood, cloth, plain coloured, dark or a pile of paper; RGB uint8."""
    kind = rng.choice(("wood", "cloth", "plain", "dark", "paper_pile"))
    base = {
        "wood": (150, 105, 65),
        "cloth": rng.choice(((60, 80, 130), (120, 40, 45), (70, 110, 80))),
        "plain": rng.choice(((200, 200, 195), (170, 160, 140), (215, 205, 190))),
        "dark": (45, 42, 40),
        "paper_pile": (225, 222, 215),
    }[kind]
    # texture at half resolution, then scaled up (cheap, and a phone blurs it anyway)
    hw, hh = max(2, w // 2), max(2, h // 2)
    small = nrng.standard_normal((max(2, h // 64), max(2, w // 64)), dtype=np.float32)
    tex = cv2.resize(small, (hw, hh), interpolation=cv2.INTER_CUBIC) * 12
    if kind == "wood":
        yy = np.arange(hh, dtype=np.float32)[:, None] * 2
        xx = np.arange(hw, dtype=np.float32)[None, :] * 2
        tex += np.sin(yy * rng.uniform(0.03, 0.08) + 6 * np.sin(xx * 0.004 + rng.uniform(0, 6))) * 14
    elif kind == "cloth":
        yy = np.arange(hh)[:, None]
        xx = np.arange(hw)[None, :]
        tex += ((yy // 2 + xx // 2) % 2).astype(np.float32) * 10 - 5
    elif kind == "paper_pile":
        tex[:, : int(hw * rng.uniform(0.05, 0.3))] -= 25  # the edge of another sheet under the document
    tex += nrng.standard_normal((hh, hw), dtype=np.float32) * 3
    tex = cv2.resize(tex, (w, h), interpolation=cv2.INTER_LINEAR)
    img = np.empty((h, w, 3), np.float32)
    for c in range(3):
        img[:, :, c] = tex + base[c]
    return np.clip(img, 0, 255).astype(np.uint8), kind


def _illumination(nrng: np.random.Generator, rng: random.Random, w: int, h: int, strength: float) -> np.ndarray:
    """A smooth multiplicative light field (1 = unchanged) darkening one side, computed small."""
    sw, sh = max(8, w // 16), max(8, h // 16)
    ang = rng.uniform(0, 2 * math.pi)
    yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
    t = ((xx / sw - 0.5) * math.cos(ang) + (yy / sh - 0.5) * math.sin(ang)) + 0.5
    field = 1.0 - strength * np.clip(t, 0, 1)
    small = nrng.standard_normal((4, 4), dtype=np.float32)
    field += cv2.resize(small, (sw, sh), interpolation=cv2.INTER_CUBIC) * strength * 0.15
    return field.astype(np.float32)


def photograph(
    img: np.ndarray, rng: random.Random, nrng: np.random.Generator, heavy: bool
) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """Lay the document on a desk and take a phone photo: margin, perspective, shadow, uneven light."""
    h, w = img.shape[:2]
    fill = rng.uniform(0.55, 0.8) if heavy else rng.uniform(0.65, 0.88)
    ow, oh = int(w / fill), int(h / fill)
    if rng.random() < 0.3:  # portrait frame
        oh = int(max(oh, ow * 1.2))
    bg, kind = background(nrng, rng, ow, oh)
    ox, oy = (ow - w) * rng.uniform(0.25, 0.75), (oh - h) * rng.uniform(0.25, 0.75)
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    persp = rng.uniform(0.03, 0.12) if heavy else rng.uniform(0.0, 0.05)
    ang = math.radians(rng.uniform(-8, 8) if heavy else rng.uniform(-3, 3))
    cx, cy = ox + w / 2, oy + h / 2
    dst = []
    for x, y in src:
        dx, dy = x - w / 2, y - h / 2
        rx = cx + dx * math.cos(ang) - dy * math.sin(ang)
        ry = cy + dx * math.sin(ang) + dy * math.cos(ang)
        dst.append([rx + rng.uniform(-persp, persp) * w, ry + rng.uniform(-persp, persp) * h])
    dst_a = np.float32(dst)
    hm = cv2.getPerspectiveTransform(src, dst_a)
    warped = cv2.warpPerspective(img, hm, (ow, oh), flags=cv2.INTER_LINEAR, borderValue=(0, 0, 0))
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), hm, (ow, oh), flags=cv2.INTER_LINEAR)
    # light: shadow, uneven illumination and glare as one low-resolution field, scaled up once
    sw, sh = max(8, ow // 16), max(8, oh // 16)
    gain = np.ones((sh, sw), np.float32)
    add = np.zeros((sh, sw), np.float32)
    shadow = rng.random() < (0.8 if heavy else 0.5)
    small_mask = cv2.resize(mask, (sw, sh), interpolation=cv2.INTER_AREA).astype(np.float32) / 255
    if shadow:
        off = max(1, int(round(w * 0.015 / 16)))
        sm = np.roll(np.roll(small_mask, off, axis=0), max(1, off // 2), axis=1)
        sm = cv2.GaussianBlur(sm, (0, 0), max(1.0, off * 1.5))
        gain *= 1 - 0.45 * sm * (1 - small_mask)
    light = rng.uniform(0.25, 0.5) if heavy else rng.uniform(0.05, 0.25)
    gain *= _illumination(nrng, rng, ow, oh, light)
    glare = rng.random() < (0.25 if heavy else 0.08)
    if glare:
        gx, gy = rng.uniform(0.2, 0.8) * sw, rng.uniform(0.2, 0.8) * sh
        rad = rng.uniform(0.06, 0.15) * min(sw, sh)
        yy, xx = np.mgrid[0:sh, 0:sw].astype(np.float32)
        add += np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * rad**2)) * 200
    gain_f = cv2.resize(gain, (ow, oh), interpolation=cv2.INTER_LINEAR)
    add_f = cv2.resize(add, (ow, oh), interpolation=cv2.INTER_LINEAR) if glare else None
    a = mask.astype(np.float32) * (1 / 255)
    wb = (rng.uniform(0.92, 1.06), 1.0, rng.uniform(0.9, 1.05))  # phone white balance
    out = np.empty((oh, ow, 3), np.uint8)
    for c in range(3):
        ch = bg[:, :, c].astype(np.float32)
        ch += (warped[:, :, c].astype(np.float32) - ch) * a
        ch *= gain_f * wb[c]
        if add_f is not None:
            ch += add_f
        np.clip(ch, 0, 255, out=ch)
        out[:, :, c] = ch.astype(np.uint8)
    rec = {
        "background": kind,
        "perspective": round(persp, 4),
        "shadow": shadow,
        "uneven_light": round(light, 3),
        "glare": glare,
        "document_fill": round(fill, 3),
        "camera_tilt_deg": round(math.degrees(ang), 2),
    }
    return out, hm, rec


def blur(img: np.ndarray, rng: random.Random, dpi: float, past_reading: bool) -> tuple[np.ndarray, dict[str, Any]]:
    """Gaussian or motion blur, readable or deliberately past reading."""
    px_per_mm = dpi / MM_PER_INCH
    if past_reading:
        sigma_mm = rng.uniform(PAST_READING_MM, PAST_READING_MM * 1.8)
    else:
        sigma_mm = rng.uniform(0.03, READABLE_MM)
    sigma_px = sigma_mm * px_per_mm
    if rng.random() < 0.35:
        # motion blur with the same spread: a line of length ~ sigma * sqrt(12)
        length = max(3, int(round(sigma_px * math.sqrt(12))) | 1)
        ang = rng.uniform(0, 180)
        k = np.zeros((length, length), np.float32)
        k[length // 2, :] = 1
        rot = cv2.getRotationMatrix2D((length / 2 - 0.5, length / 2 - 0.5), ang, 1.0)
        k = cv2.warpAffine(k, rot, (length, length))
        k /= max(k.sum(), 1e-6)
        out = cv2.filter2D(img, -1, k)
        return out, {"kind": "motion", "length_px": length, "angle_deg": round(ang, 1),
                     "sigma_mm": round(sigma_mm, 3), "past_reading": past_reading}
    out = cv2.GaussianBlur(img, (0, 0), sigma_px)
    return out, {"kind": "gaussian", "sigma_px": round(sigma_px, 3), "sigma_mm": round(sigma_mm, 3),
                 "past_reading": past_reading}


def apply(
    img: np.ndarray,
    rng: random.Random,
    level: str,
    *,
    dpi: int = 300,
    allow_quarter_turns: bool = True,
    paper: bool = False,
    force: dict[str, Any] | None = None,
) -> tuple[np.ndarray, dict[str, Any]]:
    """Damage ``img`` (RGB uint8, rendered at ``dpi``) at ``level``; return the image and its record.

    Args:
        img: The clean render.
        rng: Source of every choice (a numpy generator is seeded from it).
        level: ``none``, ``mild``, ``heavy`` or ``mixed``.
        dpi: The resolution ``img`` was rendered at (for blur in millimetres).
        allow_quarter_turns: False to keep the page upright apart from skew.
        paper: The document is a sheet of paper (letters, paper tazkira): it may have fold creases.
        force: Override choices: ``orientation``, ``mode`` (scan/photo), ``skew_cw_deg``,
            ``blur`` (none/readable/past_reading), ``jpeg_quality``, ``color``
            (color/grayscale/photocopy), ``exif_orientation`` (1, 3, 6, 8).

    Returns:
        (image, record): the record holds every operation (README.md lists the keys).
    """
    force = force or {}
    level = choose_level(rng, level)
    nrng = np.random.default_rng(rng.getrandbits(64))
    h0, w0 = img.shape[:2]
    hm = np.eye(3)
    ops: list[str] = []
    rec: dict[str, Any] = {"level": level, "dpi": dpi}
    heavy = level == "heavy"

    rec["creases"] = 0
    if paper and level != "none" and rng.random() < (0.45 if heavy else 0.25):
        img, n = creases(img, rng)
        rec["creases"] = n
        ops.append("creases")

    orientation = 0
    if level != "none" and allow_quarter_turns and rng.random() < (0.25 if heavy else 0.06):
        orientation = rng.choice((90, 180, 270))
    orientation = int(force.get("orientation", orientation))
    if orientation:
        img, m = rotate_quarter(img, orientation)
        hm = m @ hm
        ops.append("orientation")
    rec["orientation"] = orientation

    mode = "scan" if level == "none" else ("photo" if rng.random() < (0.5 if heavy else 0.2) else "scan")
    mode = force.get("mode", mode)
    rec["mode"] = mode
    skew = 0.0
    if mode == "scan":
        if level != "none":
            skew = rng.uniform(-8, 8) if heavy else rng.uniform(-3, 3)
        skew = float(force.get("skew_cw_deg", skew))
        bed = rng.choice(((255, 255, 255), (245, 245, 242), (235, 236, 238), (30, 30, 30)))
        if level != "none":
            # scanner bed margin around the document
            mh = int(img.shape[0] * rng.uniform(0.02, 0.12))
            mw = int(img.shape[1] * rng.uniform(0.02, 0.12))
            img = cv2.copyMakeBorder(img, mh, mh + int(mh * rng.random()), mw, mw + int(mw * rng.random()),
                                     cv2.BORDER_CONSTANT, value=bed)
            hm = _h_translate(mw, mh) @ hm
            ops.append("scan_margin")
        if skew:
            img, m = rotate_small(img, skew, bed)
            hm = m @ hm
            ops.append("skew")
        rec["scanner_bed"] = list(bed)
    else:
        img, m, prec = photograph(img, rng, nrng, heavy)
        hm = m @ hm
        rec["photo"] = prec
        skew = float(prec["camera_tilt_deg"])
        ops.append("photo")
    rec["skew_cw_deg"] = round(skew, 3)
    total = (orientation + skew) % 360
    rec["rotation_cw_deg"] = round(total - 360 if total > 180 else total, 3)

    # blur
    blur_choice = "none"
    if level == "mild" and rng.random() < 0.3:
        blur_choice = "readable"
    elif heavy:
        r = rng.random()
        blur_choice = "past_reading" if r < 0.2 else "readable" if r < 0.6 else "none"
    blur_choice = force.get("blur", blur_choice)
    rec["blur"] = None
    if blur_choice != "none":
        img, b = blur(img, rng, dpi, blur_choice == "past_reading")
        rec["blur"] = b
        ops.append("blur")
    rec["blur_past_reading"] = blur_choice == "past_reading"

    # faded / low contrast (heavy only)
    rec["contrast"] = 1.0
    if heavy and rng.random() < 0.3:
        c = rng.uniform(0.45, 0.75)
        img = np.clip((img.astype(np.float32) - 128) * c + 128 + rng.uniform(0, 30), 0, 255).astype(np.uint8)
        rec["contrast"] = round(c, 3)
        ops.append("low_contrast")

    # colour: most scanners and phones keep colour; some scans are grey; heavy ones may be photocopies
    color = "color"
    if level != "none" and mode == "scan":
        r = rng.random()
        if heavy and r < 0.12:
            color = "photocopy"
        elif r < (0.3 if heavy else 0.15):
            color = "grayscale"
    color = force.get("color", color)
    rec["color"] = color
    if color != "color":
        g = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY)
        if color == "photocopy":
            lo, hi = rng.uniform(40, 70), rng.uniform(215, 240)  # keeps light marks such as SPECIMEN grey
            g = np.clip((g.astype(np.float32) - lo) * (255 / (hi - lo)), 0, 255).astype(np.uint8)
            speck = nrng.random(g.shape, dtype=np.float32) < rng.uniform(0.0005, 0.002)
            g[speck] = 0
        img = cv2.cvtColor(g, cv2.COLOR_GRAY2RGB)
        ops.append(color)

    # sensor noise
    rec["noise_sigma"] = 0.0
    if level != "none":
        sigma = rng.uniform(5, 12) if heavy else rng.uniform(1.5, 5)
        noise = nrng.standard_normal(img.shape[:2], dtype=np.float32) * sigma
        out = np.empty_like(img)
        for c in range(img.shape[2]):
            out[:, :, c] = np.clip(img[:, :, c] + noise, 0, 255).astype(np.uint8)
        img = out
        rec["noise_sigma"] = round(sigma, 2)
        ops.append("noise")

    # JPEG quality is applied when the file is written (encode()); chosen here
    q: int | None = None
    if level != "none" and (mode == "photo" or rng.random() < 0.7):
        q = rng.randint(40, 70) if heavy else rng.randint(70, 90)
    q = force.get("jpeg_quality", q)
    rec["jpeg_quality"] = q
    # phones held upright store the pixels turned and say so in EXIF (Orientation 6/8/3)
    exif = 1
    if mode == "photo" and rng.random() < 0.15:
        exif = rng.choice((6, 6, 8, 3))
    exif = int(force.get("exif_orientation", exif))
    rec["exif_orientation"] = exif if q is not None else 1
    if q is not None:
        ops.append("jpeg")
    corners = np.float64([[0, 0, 1], [w0, 0, 1], [w0, h0, 1], [0, h0, 1]]).T
    pc = hm @ corners
    pc = (pc[:2] / pc[2]).T
    rec["page_quad"] = [[round(float(x), 1), round(float(y), 1)] for x, y in pc]
    rec["source_size"] = [int(w0), int(h0)]
    rec["homography"] = [[round(float(v), 8) for v in row] for row in hm]
    rec["image_size"] = [int(img.shape[1]), int(img.shape[0])]
    rec["ops"] = ops
    return img, rec


def map_boxes(rec: dict[str, Any], boxes_norm: dict[str, list[float]]) -> dict[str, list[float]]:
    """Boxes given as page fractions, mapped through the damage into output pixels (axis-aligned hull)."""
    w0, h0 = rec["source_size"]
    hm = np.array(rec["homography"], dtype=np.float64)
    out = {}
    for k, (x0, y0, x1, y1) in boxes_norm.items():
        pts = np.array([[x0 * w0, y0 * h0, 1], [x1 * w0, y0 * h0, 1], [x1 * w0, y1 * h0, 1], [x0 * w0, y1 * h0, 1]]).T
        p = hm @ pts
        xs, ys = p[0] / p[2], p[1] / p[2]
        out[k] = [round(float(xs.min()), 1), round(float(ys.min()), 1), round(float(xs.max()), 1),
                  round(float(ys.max()), 1)]
    return out


def creases(img: np.ndarray, rng: random.Random) -> tuple[np.ndarray, int]:
    """Fold creases across the sheet: a letter folded in three, or one or two random folds."""
    h, w = img.shape[:2]
    lines: list[tuple[str, float]] = []
    if h > w * 1.2 and rng.random() < 0.6:
        lines = [("h", h / 3 + rng.uniform(-8, 8)), ("h", 2 * h / 3 + rng.uniform(-8, 8))]
    else:
        for _ in range(rng.randint(1, 2)):
            lines.append((rng.choice("hv"), rng.uniform(0.25, 0.75)))
        lines = [(o, p * (h if o == "h" else w)) for o, p in lines]
    gain_y = np.ones(h, np.float32)
    gain_x = np.ones(w, np.float32)
    width = max(1.5, min(h, w) / 600)
    for o, pos in lines:
        n = h if o == "h" else w
        d = np.arange(n, dtype=np.float32) - pos
        prof = 1 - 0.14 * np.exp(-((d / width) ** 2)) + 0.05 * np.exp(-(((d - 3 * width) / (3 * width)) ** 2))
        prof -= 0.04 * np.exp(-(((d + 4 * width) / (6 * width)) ** 2))
        if o == "h":
            gain_y *= prof
        else:
            gain_x *= prof
    gain = gain_y[:, None] * gain_x[None, :]
    out = np.empty_like(img)
    for c in range(img.shape[2]):
        out[:, :, c] = np.clip(img[:, :, c] * gain, 0, 255).astype(np.uint8)
    return out, len(lines)


_EXIF_STORE = {3: 2, 6: 1, 8: -1}  # np.rot90 k that turns the displayed image into the stored pixels


def encode(img: np.ndarray, fmt: str, quality: int | None = None, exif_orientation: int = 1) -> bytes:
    """Encode an RGB image as ``png`` or ``jpeg`` bytes (deterministic).

    With ``exif_orientation`` 3, 6 or 8 (JPEG only) the pixels are stored turned and the EXIF
    Orientation tag says how to display them, as a phone does; the displayed image is ``img``.
    """
    if fmt == "jpeg" and exif_orientation in _EXIF_STORE:
        import io

        from PIL import Image

        stored = np.ascontiguousarray(np.rot90(img, _EXIF_STORE[exif_orientation]))
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        buf = io.BytesIO()
        Image.fromarray(stored).save(buf, "JPEG", quality=int(quality or 85), exif=exif.tobytes())
        return buf.getvalue()
    bgr = cv2.cvtColor(img, cv2.COLOR_RGB2BGR)
    if fmt == "png":
        ok, buf = cv2.imencode(".png", bgr, [cv2.IMWRITE_PNG_COMPRESSION, 3])
    else:
        ok, buf = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, int(quality or 85)])
    if not ok:
        raise RuntimeError("image encoding failed")
    return bytes(buf)
