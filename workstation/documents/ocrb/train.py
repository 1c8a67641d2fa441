"""Train the small OCR-B model for the MRZ (Tesseract legacy engine, one font, 37 characters).

Maintainer tool, not used at run time::

    python -m workstation.documents.ocrb.train [--out workstation/documents/ocrb] [--lines 400] [--seed 5]

Needs Debian's ``tesseract-ocr`` (``text2image``, ``unicharset_extractor``, ``shapeclustering``,
``mftraining``, ``cntraining``, ``combine_tessdata``) and ``fonts-ocr-b``. Renders random
MRZ-shaped lines (names with ``<<`` separators and filler runs, data lines with digits and
fillers) in OCR-B, trains the static classifier and writes ``ocrb.traineddata`` (~300 KB).
About 40 s of CPU on one core.

Why legacy and not LSTM: Debian ships only the integer ("fast") ``eng`` model, which cannot
be fine-tuned; an LSTM from scratch needs hours. A one-font static classifier on a monospaced
font trains in under a minute and, measured on 45 generated passport zones, read 34 lines
exactly as printed against 7 for ``eng`` with a whitelist (the stock model turns ``<`` runs
into K, E, S).
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
FONT_DIR = "/usr/share/fonts/opentype/ocr-b"
TOOLS = ("text2image", "tesseract", "unicharset_extractor", "shapeclustering", "mftraining", "cntraining",
         "combine_tessdata")


def training_text(n_lines: int, seed: int) -> str:
    """MRZ-shaped lines of 44 characters: name lines and data lines, half each."""
    rng = random.Random(seed)
    lines = []
    for i in range(n_lines):
        if i % 2 == 0:
            name = "".join(rng.choice(ALPHA) for _ in range(rng.randint(3, 10))) + "<<"
            name += "".join(rng.choice(ALPHA) for _ in range(rng.randint(3, 8)))
            if rng.random() < 0.5:
                name += "<" + "".join(rng.choice(ALPHA) for _ in range(rng.randint(3, 8)))
            line = "P<" + rng.choice(["AFG", "UTO", "PAK", "IRN", "D<<"]) + name
        else:
            line = "".join(rng.choice(ALPHA + DIGITS) for _ in range(9)) + rng.choice(DIGITS) + "AFG"
            line += "".join(rng.choice(DIGITS) for _ in range(7)) + rng.choice("MF<")
            line += "".join(rng.choice(DIGITS) for _ in range(7))
            line += "".join(rng.choice(DIGITS + "<") for _ in range(rng.randint(0, 10)))
        lines.append((line + "<" * 44)[:44])
    return "\n".join(lines) + "\n"


def _run(cmd: list[str], cwd: Path) -> None:
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True, timeout=1800)


def train(out_dir: Path, n_lines: int = 400, seed: int = 5) -> Path:
    """Render, train and write ``out_dir/ocrb.traineddata``; return its path."""
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        raise SystemExit(f"missing Tesseract training tools: {', '.join(missing)} (apt-get install tesseract-ocr)")
    with tempfile.TemporaryDirectory() as tmp:
        w = Path(tmp)
        (w / "train.txt").write_text(training_text(n_lines, seed))
        base = "ocrb.OCRB.exp0"
        _run(["text2image", "--text", "train.txt", "--outputbase", base, "--font", "OCR B", "--fonts_dir", FONT_DIR,
              "--ptsize", "12", "--xsize", "3600", "--ysize", "4800", "--char_spacing", "0.0", "--leading", "32"], w)
        _run(["tesseract", f"{base}.tif", base, "--psm", "6", "box.train"], w)
        _run(["unicharset_extractor", f"{base}.box"], w)
        (w / "font_properties").write_text("OCRB 0 0 1 0 0\n")
        _run(["shapeclustering", "-F", "font_properties", "-U", "unicharset", f"{base}.tr"], w)
        _run(["mftraining", "-F", "font_properties", "-U", "unicharset", "-O", "ocrb.unicharset", f"{base}.tr"], w)
        _run(["cntraining", f"{base}.tr"], w)
        for part in ("inttemp", "pffmtable", "normproto", "shapetable"):
            (w / part).rename(w / f"ocrb.{part}")
        _run(["combine_tessdata", "ocrb."], w)
        out_dir.mkdir(parents=True, exist_ok=True)
        target = out_dir / "ocrb.traineddata"
        shutil.copyfile(w / "ocrb.traineddata", target)
    return target


def main(argv: list[str] | None = None) -> int:
    """Command line entry point."""
    p = argparse.ArgumentParser(prog="python -m workstation.documents.ocrb.train", description=__doc__)
    p.add_argument("--out", type=Path, default=Path(__file__).parent)
    p.add_argument("--lines", type=int, default=400)
    p.add_argument("--seed", type=int, default=5)
    a = p.parse_args(argv)
    print(train(a.out, a.lines, a.seed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
