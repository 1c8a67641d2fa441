"""Text rules of the tazkira reader: field labels in three languages, values, name skeletons.

Pure string work, no OCR, so every rule here is tested on plain strings. The e-tazkira labels
are UNVERIFIED against a real card (DOMAIN.md): they are the usual Dari, Pashto and English
words for each field, matched fuzzily, and a field is also found by its position when its
label is unreadable (see :mod:`workstation.documents.tazkira`).
"""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from workstation.matching.digits import has_arabic_script, normalize_arabic_script, to_ascii_digits

__all__ = [
    "DARI_LABELS",
    "ENGLISH_LABELS",
    "FIELDS",
    "LABEL_SEPARATORS",
    "best_dari_label",
    "best_english_label",
    "clean_latin_name",
    "dari_sex",
    "digits_of",
    "format_tazkira_number",
    "latin_skeleton",
    "registration_number",
    "arabic_skeleton",
    "script_names_agree",
    "split_dari_label",
    "split_unpunctuated_label",
]

#: Fields of the e-tazkira front, in printing order (ARCHITECTURE.md 4.2 plus sex and issue date).
FIELDS = (
    "tazkira_number",
    "given_names",
    "surname",
    "father_name",
    "date_of_birth",
    "place_of_birth",
    "sex",
    "issue_date",
    "expiry_date",
)

#: English labels of each field, lower case, punctuation removed.
ENGLISH_LABELS: dict[str, tuple[str, ...]] = {
    "tazkira_number": ("id no", "id number", "tazkira no", "tazkira number", "national id no", "nid no",
                       "id card no", "national id number",
                       # ``ID`` is two small letters OCR garbles (``ie No.``); ``No.`` alone still
                       # starts the number's row on a tazkira front, where nothing else is numbered.
                       "no"),
    "given_names": ("name", "given name", "given names", "first name"),
    "surname": ("surname", "family name", "last name"),
    "father_name": ("father name", "fathers name", "father s name", "name of father"),
    "date_of_birth": ("date of birth", "birth date", "dob"),
    "place_of_birth": ("place of birth", "birth place", "pob"),
    "sex": ("sex", "gender"),
    "issue_date": ("date of issue", "issue date", "issued on", "date of issuance"),
    "expiry_date": ("date of expiry", "expiry date", "expiry", "valid until", "date of expiration"),
}

#: Dari and Pashto labels of each field, folded with :func:`normalize_arabic_script`.
DARI_LABELS: dict[str, tuple[str, ...]] = {
    "tazkira_number": ("شماره تذکره", "د تذکرې شمېره", "د تذکری شمیره", "نمبر تذکره", "شماره", "شمېره"),
    "given_names": ("نام", "نوم", "اسم"),
    "surname": ("تخلص", "نام خانوادگی", "کورنی نوم"),
    "father_name": ("نام پدر", "د پلار نوم", "ولد", "ولدیت", "اسم پدر"),
    "grandfather_name": ("ولدیت پدر کلان", "نام پدر کلان", "پدر کلان", "د نیکه نوم"),
    "date_of_birth": ("تاریخ تولد", "د زیږیدو نېټه", "د زیږېدو نیټه", "تاریخ تولد", "سال تولد", "د زیږون نېټه"),
    "place_of_birth": ("محل تولد", "د زیږیدو ځای", "د زیږون ځای", "جای تولد", "زادگاه"),
    "sex": ("جنسیت", "جنس"),
    "issue_date": ("تاریخ صدور", "د صدور نېټه", "تاریخ توزیع", "د صادرېدو نېټه"),
    "expiry_date": ("تاریخ انقضا", "د پای نیټه", "تاریخ ختم", "د اعتبار پای"),
}

_FOLDED_DARI = {
    k: tuple(normalize_arabic_script(v, fold_alef=True) for v in vals) for k, vals in DARI_LABELS.items()
}
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


# OCR readings of "ID" in a label (OCR-B and small print): 10, 1D, lD, |D.
_ID_MISREADS = re.compile(r"^(?:10|1d|ld|\|d|i0|l0)\b")


def _norm_en(text: str) -> str:
    t = " ".join(_PUNCT.sub(" ", text.lower()).split())
    return _ID_MISREADS.sub("id", t)


def best_english_label(text: str, *, min_score: float = 84.0) -> tuple[str, float] | None:
    """The field whose English label ``text`` is, with a 0-100 score, or ``None``.

    ``text`` is the label as read (``Father Name:``, ``Date of Birth``); OCR slips of a letter
    or two still match. A label that exactly matches wins over a fuzzy one, so ``Name`` never
    becomes ``Surname``.
    """
    t = _norm_en(text)
    if not t:
        return None
    best: tuple[str, float] | None = None
    for key, labels in ENGLISH_LABELS.items():
        for label in labels:
            if t == label:
                return key, 100.0
            if abs(len(label) - len(t)) > 3:
                continue
            score = float(fuzz.ratio(t, label))
            if score >= min_score and (best is None or score > best[1]):
                best = (key, score)
    return best


#: What ends a label: the colon, and what OCR reads for it on a right-to-left line.
LABEL_SEPARATORS = (":", "：", "؛", "ː")


def split_dari_label(text: str) -> tuple[str, str]:
    """Split ``label: value`` as Tesseract gives a Dari/Pashto line (logical order).

    Returns ``(label, value)``; the label is empty when there is no colon.
    """
    for sep in LABEL_SEPARATORS:
        if sep in text:
            label, _, value = text.rpartition(sep) if text.count(sep) > 1 and sep == ":" else text.partition(sep)
            return label.strip(), value.strip()
    return "", text.strip()


def split_unpunctuated_label(text: str) -> tuple[str, int] | None:
    """A Dari line whose colon was lost (``نام پدر /< پلار نوم فرید``): its field, and how many of
    its words (split on spaces) are the label, or ``None`` when it does not begin with a label.

    The label words are its own field's label words in either language, OCR slips of them, and
    marks between them; the value is what follows.
    """
    toks = text.split()
    key = next((h[0] for n in (5, 4, 3, 2, 1) if len(toks) > n
                for h in [best_dari_label(" ".join(toks[:n]))] if h is not None and h[1] >= 90), None)
    if key is None:
        return None
    words = {w for label in _FOLDED_DARI[key] for w in label.split()}
    n = 0
    for tok in toks:
        t = normalize_arabic_script(tok, fold_alef=True).strip("/|\\:<>.,!")
        if not t or not has_arabic_script(t) or t in words or (
                len(t) >= 3 and any(len(w) >= 3 and fuzz.ratio(t, w) >= 80 for w in words)):
            n += 1
            continue
        break
    return (key, n) if 0 < n < len(toks) else None


def best_dari_label(text: str, *, min_score: float = 70.0) -> tuple[str, float] | None:
    """The field whose Dari or Pashto label ``text`` holds, with a 0-100 score, or ``None``.

    The label of an e-tazkira line names the field in both languages (``نام / نوم``); each
    part separated by ``/`` or ``|`` is tried, and the best part decides. Multi-word labels are
    preferred over their one-word prefixes (``نام پدر`` is the father's name, not ``نام``).
    """
    folded = normalize_arabic_script(text, fold_alef=True)
    parts = [p.strip() for p in re.split(r"[/|\\]", folded) if p.strip()] or [folded.strip()]
    best: tuple[str, float] | None = None
    for part in parts:
        if not has_arabic_script(part):
            continue
        for key, labels in _FOLDED_DARI.items():
            for label in labels:
                if part == label:
                    score = 100.0 + len(label) / 100.0
                elif abs(len(label) - len(part)) > 3:
                    continue
                else:
                    score = float(fuzz.ratio(part, label)) + len(label) / 100.0
                if score >= min_score and (best is None or score > best[1]):
                    best = (key, score)
    if best is None and parts and has_arabic_script(parts[0]):
        # The slash between the two languages read as a letter (``تاریخ تولد اد زیږیدو نیټه``): a
        # line that begins with a whole label of two words or more names that field.
        for key, labels in _FOLDED_DARI.items():
            for label in labels:
                if " " in label and parts[0].startswith(label + " "):
                    score = 85.0 + len(label) / 100.0  # below the 90 that strips a label off a value
                    if score >= min_score and (best is None or score > best[1]):
                        best = (key, score)
    return best


#: Digits of an electronic tazkira's number (``1399-3950-48167``), the card that carries a zone.
E_TAZKIRA_DIGITS = 13


def digits_of(text: str) -> str:
    """ASCII digits only (Persian and Arabic-Indic digits converted)."""
    return "".join(ch for ch in to_ascii_digits(text) if ch.isdigit())


def format_tazkira_number(text: str) -> str:
    """A tazkira number as read, normalised: ASCII digits, groups joined by ``-``.

    Thirteen digits become the e-tazkira's ``1399-0101-12345`` (the format is UNVERIFIED, so
    other lengths keep their own grouping). Dari lines printed right to left often come out
    of OCR with the groups reversed (``12345-0101-1399``); a 5-4-4 grouping is turned back.
    """
    s = to_ascii_digits(text)
    groups = re.findall(r"\d+", s)
    if not groups:
        return ""
    if [len(g) for g in groups] == [5, 4, 4]:
        groups = groups[::-1]
    joined = "".join(groups)
    if len(joined) == E_TAZKIRA_DIGITS and [len(g) for g in groups] in ([4, 4, 5], [13], [8, 5], [4, 9]):
        return f"{joined[:4]}-{joined[4:8]}-{joined[8:]}"
    return "-".join(groups)


#: Words of a paper tazkira's registration line, in printing order (volume, page, record
#: number; DOMAIN.md, UNVERIFIED), folded with :func:`normalize_arabic_script`. Each part's number
#: follows its word. Dari ``جلد ۲ صفحه ۱۹۹ نمبر ثبت ۱۳۵``, Pashto ``ټوک``/``مخ``/``ثبت شمېره``.
_REGISTRATION_WORDS_FA = (
    ("جلد", "ټوک"),
    ("صفحه", "مخ"),
    ("ثبت", "نمبر", "شماره", "شمېره", "شمیره", "ګڼه"),
)
_REGISTRATION_EN = re.compile(
    r"\bvol(?:ume)?\.?\s*(?:no\.?\s*)?(\d{1,4})\W{0,3}\s*(?:page|pg|p)\.?\s*(?:no\.?\s*)?(\d{1,4})\W{0,3}\s*"
    r"(?:(?:registration|reg|record|serial)\.?\s*)?(?:no|number|nr|#)\.?\s*(\d{1,6})\b",
    re.IGNORECASE,
)


def registration_number(text: str) -> tuple[str, str, str] | None:
    """Volume, page and record number of a paper tazkira's registration line, or ``None``.

    ``Volume 24, Page 86, Registration No. 925`` (an English translation) and the Dari
    ``جلد ۲ صفحه ۱۹۹ نمبر ثبت ۱۳۵`` (Persian digits, logical order) give ``('24', '86', '925')``
    and ``('2', '199', '135')``. All three parts must be read, in printing order, each number right
    after its word: a line that only mentions a page is not a registration.
    """
    m = _REGISTRATION_EN.search(to_ascii_digits(text))
    if m is not None:
        return m.group(1), m.group(2), m.group(3)
    toks = normalize_arabic_script(text, fold_alef=True).replace(":", " ").split()
    parts: list[str] = []
    i = 0
    for words in _REGISTRATION_WORDS_FA:
        while i < len(toks) and not _registration_word(toks[i], words):
            i += 1
        while i < len(toks) and _registration_word(toks[i], words):
            i += 1  # "نمبر ثبت": both words of the record number's label
        if i >= len(toks) or not toks[i].isdigit():
            return None
        parts.append(toks[i])
        i += 1
    return parts[0], parts[1], parts[2]


def _registration_word(tok: str, words: tuple[str, ...]) -> bool:
    return any(tok == w or (len(w) >= 4 and len(tok) >= 3 and fuzz.ratio(tok, w) >= 75) for w in words)


def clean_latin_name(text: str) -> str:
    """Upper-case Latin name: letters, spaces, hyphens and apostrophes; a lone dash is empty."""
    s = unicodedata.normalize("NFKD", text)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).upper()
    s = re.sub(r"[^A-Z\-' ]+", " ", s)
    s = " ".join(w.strip("-'") for w in s.split())
    return " ".join(w for w in s.split() if w)


_SEX_DARI = {"مرد": "M", "مذکر": "M", "ذکور": "M", "نارینه": "M", "نر": "M",
             "زن": "F", "مونث": "F", "اناث": "F", "ښځه": "F", "ښڅه": "F", "زنانه": "F", "نجلی": "F"}


def dari_sex(text: str) -> str | None:
    """``M`` or ``F`` from the Dari/Pashto word for the sex, or ``None``."""
    t = normalize_arabic_script(text, fold_alef=True)
    for word in t.split():
        if word in _SEX_DARI:
            return _SEX_DARI[word]
    for word in t.split():
        for key, val in _SEX_DARI.items():
            if len(word) >= 2 and fuzz.ratio(word, key) >= 80:
                return val
    return None


# --------------------------------------------------------------------------------------------
# Dari against Latin: consonant skeletons.
#
# A stop-gap for the matching helper's name families (workstation.matching.names), which
# were not there when this was written: both spellings are reduced to the consonants a
# transcription keeps (vowels, alef, waw and yeh dropped; doubled consonants collapsed) and
# compared fuzzily. Good enough to flag a Dari name that is not the Latin one; not a matcher.
# --------------------------------------------------------------------------------------------

_AR_SKELETON = {
    "ب": "B", "پ": "P", "ت": "T", "ط": "T", "ث": "S", "ج": "J", "چ": "C", "ح": "H", "خ": "X",
    "د": "D", "ذ": "Z", "ر": "R", "ز": "Z", "ژ": "Z", "ړ": "R", "ږ": "Z", "س": "S", "ش": "S",
    "ښ": "S", "ص": "S", "ض": "Z", "ظ": "Z", "غ": "G", "ف": "F", "ق": "K", "ک": "K", "گ": "G",
    "ګ": "G", "ل": "L", "م": "M", "ن": "N", "ڼ": "N", "ه": "H", "ځ": "Z", "څ": "S", "ټ": "T", "ډ": "D",
}
_LATIN_DIGRAPHS = (("KH", "X"), ("GH", "G"), ("SH", "S"), ("CH", "C"), ("TH", "T"), ("DH", "Z"),
                   ("ZH", "Z"), ("PH", "F"), ("TS", "S"), ("DZ", "Z"))
_LATIN_SKELETON = {"Q": "K", "C": "K", "V": "", "W": "", "Y": "", "A": "", "E": "", "I": "", "O": "",
                   "U": "", "X": "X", "'": "", "-": ""}


def _collapse(s: str) -> str:
    out: list[str] = []
    for ch in s:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def arabic_skeleton(text: str) -> str:
    """The consonant skeleton of a Dari/Pashto name (``محمد نصیر`` -> ``MHMDNSR``)."""
    t = normalize_arabic_script(text, fold_alef=True)
    words = []
    for w in t.split():
        w = w[:-1] if len(w) > 2 and w.endswith("ه") else w  # final heh writes a vowel (Fatima)
        words.append("".join(_AR_SKELETON.get(ch, "") for ch in w))
    return _collapse("".join(words))


def latin_skeleton(text: str) -> str:
    """The consonant skeleton of a Latin transcription (``MOHAMMAD NASIR`` -> ``MHMDNSR``)."""
    s = clean_latin_name(text).replace(" ", "")
    for a, b in _LATIN_DIGRAPHS:
        s = s.replace(a, b)
    s = "".join(_LATIN_SKELETON.get(ch, ch) for ch in s)
    return _collapse(s)


def script_names_agree(dari: str, latin: str, *, min_score: float = 75.0) -> tuple[bool, float]:
    """Whether a Dari-script name and a Latin one can be the same name, with a 0-100 score."""
    a, b = arabic_skeleton(dari), latin_skeleton(latin)
    if not a and not b:
        return True, 100.0
    if not a or not b:
        return False, 0.0
    score = float(fuzz.ratio(a, b))
    return score >= min_score, score
