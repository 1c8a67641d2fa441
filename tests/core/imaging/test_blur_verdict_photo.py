"""A blurred desk photo whose document outline is found but whose print is not: the officer is
told to rescan (blur), not that there is no document (SPECIMEN passport from the generator)."""

from __future__ import annotations

import random
from pathlib import Path

from tests.synth import damage, passport, people
from workstation.documents.reading import read_document
from workstation.imaging.quality import WARN_BLUR, WARN_NO_TEXT


def test_a_blurred_photo_cropped_to_its_outline_is_called_blurred(tmp_path: Path) -> None:
    # Image 178 of bench/read.py's degraded set (seed 7): a photo blurred past reading, whose
    # cropped page showed no characters, so it was reported "no text found".
    rng = random.Random("bench-read:7:178")
    person = people.make_person(rng, "B7-00178")
    lvl = damage.choose_level(rng, "mixed")
    dpi = damage.choose_dpi(rng, lvl)
    img, _ = passport.make_passport(rng, person, dpi=dpi)
    img, rec = damage.apply(img, rng, lvl, dpi=dpi)
    assert rec.get("mode") == "photo" and rec.get("blur_past_reading")
    path = tmp_path / "photo.jpg"
    path.write_bytes(damage.encode(img, "jpeg", rec.get("jpeg_quality") or 80, rec.get("exif_orientation", 1)))
    r = read_document(path)
    assert WARN_BLUR in r.warnings
    assert WARN_NO_TEXT not in r.warnings
