"""Names: one Arabic-script name, many Latin spellings; slots that move; parts that split.

An Afghan name written in Dari has one spelling; in Latin it has dozens (ICAO
counts 16 for Mohammad, 32 with a final t). This module decides whether two names
are the same name written differently, and says why:

* :func:`normalize_name` folds case, diacritics, MRZ fillers (``<``), hyphens,
  apostrophes and spacing.
* Compound parts are rewritten to one form before comparing (``ABD AL RAHMAN``,
  ``ABDURRAHMAN``, ``ABDUL-RAHMAN`` -> ``ABDUL RAHMAN``; ``NASIR UD DIN``,
  ``NASIRUDDIN``, ``NASIR AL-DIN`` -> ``NASIRUDDIN``), and parts are compared
  joined as well as one by one, so a compound split differently still matches.
* Each part is reduced to a phonetic *fold* (``KH``, ``GH``, ``Q``/``K``, ``W``/``V``,
  ``OO``/``OU``/``U``, ``EE``/``I``, diphthongs, doubled letters, a final ``H``,
  ``-ZAI``/``-ZAY``/``-ZY``), and two folds agree letter by letter, where ``E``
  may stand for ``A`` or ``I`` and a final ``T`` for ``D``. A table of families
  catches the spellings no rule reaches (``MAHOMED``, ``SYED``, ``DAOUD``).
  Compound parts sharing an ending (``-ZAI``, ``-ULLAH``, ``-UDDIN``) compare their
  stems by family (YOUSUFZAI ~ YOUSAFZAI); a short vowel written out on one side
  only passes (FAZAL ~ FAZL).
* A Dari-script part is compared with a Latin one through a dictionary of common
  Afghan names (``_lexicon.DARI_NAMES``), else letter by letter: every Dari letter
  must meet its Latin counterpart, and a Latin first or last vowel or diphthong
  must be written in Dari (KARIMI ends in ی, KARIM does not).
* Anything else is compared with rapidfuzz; a close spelling is at most a
  *review*, and only when one of the two words is not a common Afghan name
  (``_lexicon``): NASLR for NASIR is an OCR slip (review), NAZIR for NASIR is
  another name (fail), as are AHMADZAI / AHMADI and KARIMI / RAHIMI.
* Leading courtesy titles (MR, ENG, HAJI, آقای) are ignored and reported.

:func:`compare_names` compares a record's (given names, surname) with a
document's, allowing swapped slots and a single name in either slot.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

from rapidfuzz.distance import Levenshtein

from workstation.matching import _lexicon
from workstation.matching.digits import has_arabic_script, normalize_arabic_script
from workstation.matching.policy import DEFAULT_POLICY, MatchingPolicy

log = logging.getLogger(__name__)

__all__ = [
    "NameComparison",
    "PartComparison",
    "compare_name_parts",
    "compare_names",
    "fold_name_part",
    "name_tokens",
    "normalize_name",
]

Status = Literal["pass", "fail", "review"]
_RANK = {"pass": 2, "review": 1, "fail": 0}

# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------

_APOSTROPHES = "'`´ʼʻ’‘ʿʾ"


def normalize_name(text: str | None) -> str:
    """Upper-case Latin without diacritics, or folded Arabic script; single spaces.

    ``<`` (MRZ filler), hyphens, dots and commas become spaces; apostrophes
    (``SA'ID``, ``ʿALI``) are dropped.

    Args:
        text: A name as written on a record or read from a document; None is empty.

    Returns:
        The normalised name, possibly empty.
    """
    if not text:
        return ""
    s = normalize_arabic_script(text, fold_alef=True)
    s = "".join(ch for ch in s if ch not in _APOSTROPHES)
    # Strip Latin diacritics (Ā, é, ç): decompose, drop combining marks, keep Arabic letters.
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    s = unicodedata.normalize("NFC", s).upper()
    s = re.sub(r"[^\w]|[\d_]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


# Compound rewrites on the normalised (space-separated) Latin text, applied to both sides.
_COMPOUND_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # ABD AL RAHMAN, ABDUL-RAHMAN, ABDOL RAHMAN, ABDEL RAHMAN, ABDULRAHMAN -> ABDUL RAHMAN
    (re.compile(r"\bABD ?[AEOU]L ?"), "ABDUL "),
    # ABDURRAHMAN, ABDUR RAHMAN, ABDUS SATTAR (sun-letter assimilation) -> ABDUL RAHMAN
    (re.compile(r"\bABD ?[AEOU](SH|[RSTZND]) ?(?=\1)"), "ABDUL "),
    # ABDURAHMAN, ABDU RAHMAN -> ABDUL RAHMAN
    (re.compile(r"\bABD ?[AEOU] ?(?=(?:SH|[RSTZND])[AEIOU])"), "ABDUL "),
    # NASIR UD DIN, NASIRUDDIN, NASIR AL-DIN, NASREDDIN, NASIR-UD-DEEN -> NASIRUDDIN
    (re.compile(r"\b([A-Z]{3,}?) ?[AEOU][LD]? ?D(?:I|EE|Y)N\b"), r"\1UDDIN"),
    # HABIB UR RAHMAN, HABIBURRAHMAN, AZIZ-US-SALAM -> HABIB RAHMAN (the assimilated article;
    # UD-DIN is the rule above)
    (re.compile(r"\b([A-Z]{3,}?) ?U(SH|[RSTZ]) ?(?=\2)"), r"\1 "),
    # HABIB ULLAH, HABIBULLAH, HABIB-ALLAH, HABIBOLLAH -> HABIBULLAH
    (re.compile(r"\b([A-Z]{3,}?) ?[AOU]LL?AH?\b"), r"\1ULLAH"),
)


def name_tokens(text: str | None) -> list[str]:
    """The parts of a name after normalisation and compound rewrites (``ABDUL RAHMAN``)."""
    s = normalize_name(text)
    if not s:
        return []
    if not has_arabic_script(s):
        for pattern, repl in _COMPOUND_RULES:
            s = pattern.sub(repl, s)
    return s.split()


# Courtesy titles written before a name in letters and forms; not part of the name.
_TITLES = frozenset({
    "MR", "MRS", "MS", "MISS", "DR", "ENG", "ENGR", "ENGINEER", "PROF", "HAJI", "HAJJI", "ALHAJ", "ALHAJJ",
    "MAULAWI", "MAWLAWI", "MOULAVI", "MAWLAVI", "MAULVI", "QARI", "SAHIB", "SAHEB", "SIR", "MADAM",
    "آقای", "اقای", "آقا", "خانم", "محترم", "محترمه", "انجنیر", "داکتر", "دکتر", "حاجی", "الحاج", "مولوی", "قاری",
    "ښاغلی", "میرمن",
})


def _strip_titles(tokens: list[str]) -> tuple[list[str], list[str]]:
    """Leading courtesy titles removed (``MR``, ``HAJI``, ``آقای``), and the titles removed."""
    dropped: list[str] = []
    while len(tokens) > 1 and tokens[0] in _TITLES:
        dropped.append(tokens[0])
        tokens = tokens[1:]
    return tokens, dropped


# --------------------------------------------------------------------------------------------
# Phonetic fold of one Latin part
# --------------------------------------------------------------------------------------------

_DIGRAPHS = (
    ("TCH", "C"), ("KH", "X"), ("GH", "Ğ"), ("SH", "$"), ("CH", "C"), ("ZH", "J"), ("DJ", "J"),
    ("PH", "F"), ("TH", "T"), ("DH", "D"), ("CK", "K"), ("Q", "K"), ("W", "V"), ("C", "K"),
)
_VOWELS = set("AEIOUÄ")
# Ğ is GH (غ, and ق as Iranians say it): it may stand for G (GULAM) or for Q/K (GHASEM = QASIM).


@lru_cache(maxsize=8192)
def fold_name_part(part: str, *, keep_final_h: bool = False, merge_diphthongs: bool = True) -> str:
    """Phonetic fold of one normalised Latin name part (``MOHAMMED`` -> ``MUHAMED``).

    Consonant digraphs become one letter (``KH`` X, ``GH`` G, ``SH`` $, ``CH`` C,
    ``Q`` K, ``W`` V); ``EE`` -> I, ``OO``/``OU`` -> U, ``O`` -> U; diphthongs
    ``AI AY EI EY AE`` -> Ä; a non-initial ``Y`` before a consonant -> I; doubled
    letters collapse; a final ``H`` after a vowel goes; ``-ZAI/-ZAY/-ZY/-ZEI`` -> ``ZÄ``.
    ``E`` is kept: :func:`_folds_agree` lets it stand for A or I.
    """
    s = part.upper()
    for a, b in _DIGRAPHS:
        s = s.replace(a, b)
    s = s.replace("EE", "I").replace("II", "I").replace("OO", "U").replace("OU", "U").replace("UU", "U")
    s = s.replace("AA", "A")
    # Y: consonant at the start or before a vowel, else a vowel.
    out: list[str] = []
    for i, ch in enumerate(s):
        nxt = s[i + 1] if i + 1 < len(s) else ""
        if ch == "Y" and i > 0 and nxt not in _VOWELS:
            out.append("I")
        else:
            out.append(ch)
    s = "".join(out)
    s = re.sub(r"(?<![AEOU])IY(?=[AEOU])", "I", s)  # glide: NADIYA = NADIA, NIYAZI = NIAZI
    s = re.sub(r"IE(?=[^AEIOU])", "I", s)  # KARIEM = KARIM
    if merge_diphthongs:
        s = re.sub(r"(?:A[EI]+|EI+)(?![AEIOU])", "Ä", s)  # AI, EI, AE, AEI (ESMAEIL = ISMAIL)
    s = s.replace("O", "U")
    s = re.sub(r"(.)\1+", r"\1", s)
    if not keep_final_h and len(s) > 2 and s.endswith("H") and s[-2] in _VOWELS:
        s = s[:-1]
    s = re.sub(r"Z(?:Ä|I|AI)$", "ZÄ", s)
    return s


# Spellings no general rule reaches, grouped by family; keys are folds.
_FAMILY_SPELLINGS: dict[str, tuple[str, ...]] = {
    "MUHAMMAD": ("MOHAMMAD", "MUHAMMAD", "MOHAMMED", "MUHAMMED", "MOHAMAD", "MUHAMAD", "MOHAMED", "MUHAMED",
                 "MAHOMED", "MAHOMET", "MOHAMUD", "MOHUMMAD", "MOUHAMED", "MOUHAMMED", "MAHAMMAD", "MAHAMAD",
                 "MUHAMMET", "MOHAMMAT", "MEHMET", "MEHMED", "MOHD", "MUHD", "MHD", "MD", "MOHAMMADU"),
    "AHMAD": ("AHMAD", "AHMED", "AHMET", "AHMAT", "ACHMAD", "ACHMED", "EHMAD"),
    "SAYED": ("SAYED", "SAYYED", "SAYYID", "SYED", "SEYED", "SEYYED", "SAIYID", "SAIYED", "SYYED",
              "SAYYAD", "SYAD", "SEYYID", "SAIYAD"),
    "SAEED": ("SAEED", "SAID", "SAEID", "SAYEED", "SAIED"),
    "SULAIMAN": ("SULAIMAN", "SULEIMAN", "SULEMAN", "SULAYMAN", "SOLEIMAN", "SOLAIMAN", "SULEYMAN"),
    "SIDDIQ": ("SIDDIQ", "SIDDIQUE", "SIDIQ", "SEDDIQ", "SIDDIK"),
    "SIDDIQI": ("SIDDIQI", "SIDDIQUI", "SEDDIQI", "SIDIQI", "SIDDIKI"),
    "YUSUF": ("YUSUF", "YOUSUF", "YOUSEF", "YUSEF", "YOSEF", "YOSUF", "YOUSOF", "YUSOF", "YOUSAF", "YUSAF"),
    "DAWUD": ("DAWOOD", "DAUD", "DAWUD", "DAVOOD", "DAVUD", "DAOUD", "DAOOD", "DAWOUD", "DAOD"),
    "MUSTAFA": ("MOSTAFA", "MUSTAFA", "MUSTAPHA", "MOSTAPHA", "MUSTAFAH"),
    "USMAN": ("OSMAN", "USMAN", "OTHMAN", "UTHMAN", "OSMON", "USMON"),
    "HUSAIN": ("HUSSAIN", "HUSAIN", "HOSSEIN", "HOSEIN", "HUSSEIN", "HUSEIN", "HOSSAIN", "HOSAIN", "HUSAYN",
               "HUSSAYN", "HUSEYIN", "HOSAYN"),
    "YAQUB": ("YAQUB", "YAQOOB", "YAKUB", "YAKOOB", "YACOUB", "YAGHOOB", "YAQOB", "YAGHUB", "YAQOUB"),
    "AISHA": ("AISHA", "AYESHA", "AYSHA", "AISHAH", "AYISHA", "AYSHE", "AICHA"),
    "ZIA": ("ZIA", "ZIYA", "ZEYA", "ZIAA"),
    "YAHYA": ("YAHYA", "YAHIA", "YAHYAH", "YAHIYA"),
    "ILYAS": ("ILYAS", "ILIAS", "ELYAS", "ELIAS", "ILYAAS"),
    "MUSA": ("MUSA", "MOOSA", "MOUSA", "MOSA", "MUSAH"),
    "ISA": ("ISA", "EESA", "ESA", "ISAH"),
    "ZAKARIA": ("ZAKARIA", "ZAKARIYA", "ZAKARIYYA", "ZAKARYA", "ZAKRIA"),
    "HABIBA": ("HABIBA", "HABIBAH", "HABEEBA"),
    "WAHEED": ("WAHID", "WAHEED", "VAHID", "WAHED"),
}


@lru_cache(maxsize=1)
def _family_of_fold() -> dict[str, str]:
    table: dict[str, str] = {}
    clashes: set[str] = set()
    for family, spellings in _FAMILY_SPELLINGS.items():
        for s in (family, *spellings):
            fold = fold_name_part(s)
            if table.setdefault(fold, family) != family:
                clashes.add(fold)  # a spelling two families share proves nothing
    return {k: v for k, v in table.items() if k not in clashes}


def _family(part: str) -> str | None:
    return _family_of_fold().get(fold_name_part(part))


@lru_cache(maxsize=1)
def _known_folds() -> frozenset[str]:
    words = [*_lexicon.GIVEN_NAMES, *_lexicon.SURNAMES, *_lexicon.DARI_NAMES.values()]
    words += [s for family in _FAMILY_SPELLINGS.values() for s in family]
    return frozenset(fold_name_part(w) for w in words for w in name_tokens(w) + ["".join(name_tokens(w))])


def _is_known_name(part: str) -> bool:
    """Whether the part (or a spelling of it) is a common Afghan name, by fold.

    A known name with a suffix (``HIDAYAT`` + ``ULLAH``, ``AHMAD`` + ``ZAI``) is known too.
    """
    fold = fold_name_part(part)
    candidates = {fold}
    for suffix in ("ULA", "UDIN", "ZÄ", "I", "KEL", "XEL"):
        if fold.endswith(suffix) and len(fold) - len(suffix) >= 3:
            candidates.add(fold[: -len(suffix)])
    known = _known_folds()
    return any(c in known or any(_folds_agree(c, k) for k in known if len(k) == len(c)) for c in candidates)


def _soft_h(fold: str) -> str:
    """The fold without an H after a vowel (ZABIHULLAH / ZABIULLAH, MOHMAND / MOMAND)."""
    return re.sub(r"(?<=[AEIUÄ])H", "", fold)


def _without_inner_vowels(fold: str) -> set[str]:
    """The fold with one vowel between two consonants left out (FAZAL -> FAZL, FERESHTA -> FRESHTA)."""
    out = set()
    for i in range(1, len(fold) - 1):
        if fold[i] in "AEIU" and fold[i - 1] not in _VOWELS and fold[i + 1] not in _VOWELS:
            out.add(fold[:i] + fold[i + 1:])
    return out


def _agree_but_for_a_written_vowel(fa: str, fb: str) -> bool:
    """Folds that agree once a short vowel written out on one side only is left out (FAZAL ~ FAZL)."""
    if abs(len(fa) - len(fb)) not in (1, 2) or min(len(fa), len(fb)) < 4:
        return False
    longer, shorter = (fa, fb) if len(fa) > len(fb) else (fb, fa)
    frontier = {longer}
    for _ in range(len(longer) - len(shorter)):
        frontier = {v for f in frontier for v in _without_inner_vowels(f)}
    return any(_folds_agree(f, shorter) for f in frontier)


_COMPATIBLE = {frozenset("EA"), frozenset("EI"), frozenset("IY"), frozenset("ĞG"), frozenset("ĞK")}


def _folds_agree(a: str, b: str) -> bool:
    """Letter-by-letter agreement where E ~ A, E ~ I, I ~ Y, GH ~ G ~ Q, and a final T ~ D."""
    if len(a) != len(b):
        return False
    for i, (x, y) in enumerate(zip(a, b, strict=True)):
        if x == y or frozenset((x, y)) in _COMPATIBLE:
            continue
        if i == len(a) - 1 and {x, y} == {"T", "D"} and len(a) >= 4:
            continue
        return False
    return True


# --------------------------------------------------------------------------------------------
# Dari script against Latin
# --------------------------------------------------------------------------------------------

# Common Afghan name parts in Dari/Pashto script -> their usual Latin family spelling,
# keyed by the normalised Dari spelling (alef variants, ی/ي, half spaces folded).
_DARI_NAMES: dict[str, str] = {normalize_name(k): v for k, v in _lexicon.DARI_NAMES.items()}

# Dari/Pashto letters -> what each may stand for in the Latin fold: a consonant of the
# fold, or a lower-case vowel class: "a" long A (ا), "*" any vowel (a first alef, the
# alef of the article ال), "u" (و as a vowel), "i" (ی as a vowel), "?" a vowel or
# nothing (ع, ء).
_LETTER_CLASSES: dict[str, tuple[str, ...]] = {
    "ا": ("a",), "آ": ("a",), "ء": ("?",), "ع": ("?",), "ئ": ("?", "Y"), "أ": ("*",), "إ": ("*",),
    "ب": ("B",), "پ": ("P",), "ت": ("T",), "ټ": ("T",), "ث": ("S", "T"), "ج": ("J",), "چ": ("C",),
    "ح": ("H",), "خ": ("X",), "د": ("D",), "ډ": ("D",), "ذ": ("Z",), "ر": ("R",), "ړ": ("R",),
    "ز": ("Z",), "ژ": ("J",), "ږ": ("J", "G", "Z"), "س": ("S",), "ش": ("$",), "ښ": ("$", "X"),
    "ص": ("S",), "ض": ("Z",), "ط": ("T",), "ظ": ("Z",), "غ": ("Ğ", "G"), "ف": ("F",), "ق": ("K", "Ğ"),
    "ک": ("K",), "گ": ("G",), "ګ": ("G",), "ل": ("L",), "م": ("M",), "ن": ("N",), "ڼ": ("N",),
    "ځ": ("Z",), "څ": ("S",), "و": ("V", "u"), "ه": ("H",), "ی": ("Y", "i"), "ې": ("i",), "ۍ": ("i",),
}
# Letters that absorb the L of the article al- (ud-din, ur-rahman, us-salam).
_SUN_LETTERS = frozenset("تثدذرزسشصضطظلن")
# Latin spellings (in the fold, diphthongs unmerged) each vowel class may meet.
_VOWEL_SPELLINGS: dict[str, tuple[str, ...]] = {
    "a": ("A", "E"),
    "*": ("A", "E", "I", "U"),
    "u": ("U",),
    "i": ("I", "E", "AI", "EI", "AE"),
    "i$": ("I", "E", "AI", "EI", "AEI"),  # a final ی: Ali, Karimi, Malalai, Alokozaei (-zaei, a -zai spelling)
    "h$": ("A", "E"),  # a final ه after a consonant: Fatima, Fatemeh
    "?": ("A", "E", "I", "U", ""),
}


def _script_skeleton_matches(arabic: str, latin: str) -> bool:
    """Whether some reading of the Dari letters spells the Latin part.

    Dari writes consonants and long vowels; short vowels are left out. So every Dari
    letter must meet its Latin counterpart in order; a single Latin short vowel
    (A E I U) inside the word may stand alone, but a first or last Latin vowel, and
    a diphthong (AI, EI), must be written in Dari too (KARIMI ends in ی, KARIM not).
    """
    fold = fold_name_part(latin, keep_final_h=True, merge_diphthongs=False)
    fold = fold.replace("Ä", "AI")
    units: list[tuple[str, ...]] = []
    last = len(arabic) - 1
    for i, ch in enumerate(arabic):
        classes = _LETTER_CLASSES.get(ch)
        if classes is None:
            return False
        if ch in "اآ" and (i == 0 or (i + 1 < last and arabic[i + 1] == "ل")):
            classes = ("*",)  # a first alef carries any vowel; the article al- is read ul
        elif ch == "ه" and i == last and i > 0:
            classes = ("H", "h$")  # SHAH, ABDULLAH / FATIMA, FATEMEH
        elif ch == "ی" and i == last and i > 0:
            classes = ("Y", "i$")
        elif ch == "ل" and 0 < i < last and arabic[i - 1] in "اآ" and arabic[i + 1] in _SUN_LETTERS:
            classes = ("L", "")  # the article before a sun letter: JALALUDDIN = جلال‌الدین
        units.append(classes)
    n, m = len(units), len(fold)
    vowels = "AEIU"

    @cache
    def walk(i: int, j: int) -> bool:
        if i == n:
            return j == m
        # A lone short vowel inside the word, unwritten in Dari.
        if 0 < j < m - 1 and fold[j] in vowels and fold[j + 1] not in vowels and walk(i, j + 1):
            return True
        for c in units[i]:
            if c in _VOWEL_SPELLINGS:
                for spelling in _VOWEL_SPELLINGS[c]:
                    if fold.startswith(spelling, j) and walk(i + 1, j + len(spelling)):
                        return True
            elif j < m and (fold[j] == c or frozenset((fold[j], c)) in _COMPATIBLE):
                if walk(i + 1, j + 1):
                    return True
            elif j > 0 and fold[j - 1] == c and walk(i + 1, j):
                return True  # the same consonant written twice (no shadda) for one Latin letter
        return False

    return walk(0, 0)


def _dari_to_latin(arabic: str) -> str | None:
    """The Latin family spelling of a Dari part, if it is (a compound of) known names."""
    names = _DARI_NAMES
    if arabic in names:
        return names[arabic]
    # A compound written as one word (عبدالرحیم, محمدنصیر): split into known names.
    for k in range(len(arabic) - 1, 1, -1):
        head, tail = arabic[:k], arabic[k:]
        if head in names:
            rest = _dari_to_latin(tail)
            if rest is not None:
                return names[head] + " " + rest
    return None


# --------------------------------------------------------------------------------------------
# Comparing parts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PartComparison:
    """How two name parts (or joined groups of parts) compare.

    Attributes:
        status: ``pass``, ``fail`` or ``review``.
        score: 1.0 identical, about 0.95 same family, lower for a fuzzy likeness.
        reason: Why, in the officer's words (``same name family: MUHAMMAD ~ MOHAMMAD``).
    """

    status: Status
    score: float
    reason: str


# Different names whose folds the general rules would let agree (جاوید / جواد, غنی / قانع).
_DISTINCT = frozenset(
    frozenset((fold_name_part(x), fold_name_part(y)))
    for x, y in (("JAVED", "JAWAD"), ("JAVED", "JAVAD"), ("GHANI", "QANI"), ("SAYED", "SAEED"))
)


# Folded endings of compound name parts, and the Latin spellings that fold to them.
_COMPOUND_SUFFIXES = ("ZÄ", "ULA", "UDIN")
_SUFFIX_SPELLINGS = {
    "ZÄ": ("ZAI", "ZAY", "ZEI", "ZAEI", "ZY"),
    "ULA": ("ULLAH", "ULLA", "ULAH", "ULA", "OLLAH", "OLAH", "ALLAH"),
    "UDIN": ("UDDIN", "UDIN", "UDEEN", "UDDEEN", "EDDIN", "ALDIN", "ULDIN"),
}


def _stem_length(part: str, suffix: str) -> int:
    """Length of ``part`` without the Latin spelling of the folded ``suffix`` (0 when absent)."""
    for spelling in sorted(_SUFFIX_SPELLINGS[suffix], key=len, reverse=True):
        if part.endswith(spelling):
            return len(part) - len(spelling)
    return 0


def _compare_latin(a: str, b: str, policy: MatchingPolicy) -> PartComparison:
    if a == b:
        return PartComparison("pass", 1.0, "exact")
    fa, fb = fold_name_part(a), fold_name_part(b)
    if frozenset((fa, fb)) in _DISTINCT:
        return PartComparison("fail", Levenshtein.normalized_similarity(fa, fb), f"different names: {a} / {b}")
    if fa == fb or _folds_agree(fa, fb):
        return PartComparison("pass", 0.96, f"same name family: {a} ~ {b}")
    family_a, family_b = _family(a), _family(b)
    if family_a is not None and family_a == family_b:
        return PartComparison("pass", 0.95, f"same name family: {a} ~ {b} ({family_a})")
    for suffix in _COMPOUND_SUFFIXES:
        # YOUSUFZAI ~ YOUSAFZAI, HABIBULLAH ~ HABEEBULLAH: the stems are one family.
        if fa.endswith(suffix) and fb.endswith(suffix) and min(len(fa), len(fb)) - len(suffix) >= 3:
            stem_a, stem_b = a[: _stem_length(a, suffix)], b[: _stem_length(b, suffix)]
            if stem_a and stem_b and stem_a != a and stem_b != b:
                inner = _compare_latin(stem_a, stem_b, policy)
                if inner.status == "pass":
                    return PartComparison("pass", min(inner.score, 0.95), f"same name family: {a} ~ {b}")
    if _agree_but_for_a_written_vowel(fa, fb):
        return PartComparison("pass", 0.93, f"same name family: {a} ~ {b} (short vowel written out)")
    score = Levenshtein.normalized_similarity(fa, fb)
    shortest = min(len(a), len(b))
    if shortest >= policy.name_min_length_for_fuzzy:
        if score >= policy.name_pass_score:
            return PartComparison("pass", score, f"close spelling: {a} ~ {b}")
        if score >= policy.name_review_score:
            if _soft_h(fa) == _soft_h(fb):
                return PartComparison("review", score, f"an H written on one side only: {a} / {b}")
            if _is_known_name(a) and _is_known_name(b):
                return PartComparison("fail", score, f"different names: {a} / {b} (both are names)")
            return PartComparison("review", score, f"similar but not the same name: {a} / {b} (spelling or OCR?)")
    return PartComparison("fail", score, f"different names: {a} / {b}")


def _compare_script(arabic: str, latin: str, policy: MatchingPolicy) -> PartComparison:
    known = _dari_to_latin(arabic)
    if known is not None:
        # Compare the family spelling with the Latin part, joined (ABDUL RAHIM ~ ABDULRAHIM).
        joined_known = "".join(name_tokens(known))
        result = _compare_latin(joined_known, latin, policy)
        if result.status == "pass":
            return PartComparison("pass", min(result.score, 0.95), f"same name family: {arabic} ~ {latin}")
        if result.status == "review":
            return PartComparison("review", result.score, f"similar but not the same name: {arabic} / {latin}")
        return PartComparison("fail", result.score, f"different names: {arabic} / {latin}")
    consonants = re.sub(r"[AEIUÄ]", "", fold_name_part(latin))
    if _script_skeleton_matches(arabic, latin):
        if len(consonants) >= 3 or (len(consonants) >= 2 and len(arabic) >= 4):
            return PartComparison("pass", policy.name_script_pass_score,
                                  f"same consonants: {arabic} ~ {latin}")
        return PartComparison("review", policy.name_script_review_score,
                              f"short name, same consonants: {arabic} ~ {latin}")
    return PartComparison("fail", 0.0, f"different names: {arabic} / {latin}")


def compare_name_parts(a: str, b: str, *, policy: MatchingPolicy = DEFAULT_POLICY) -> PartComparison:
    """Compare two name parts (single words, or compounds joined without spaces).

    Args:
        a: Expected part, normalised (:func:`name_tokens`), Latin or Dari script.
        b: Found part, the same.
        policy: Fuzzy thresholds.
    """
    arabic_a, arabic_b = has_arabic_script(a), has_arabic_script(b)
    if arabic_a and arabic_b:
        if a == b:
            return PartComparison("pass", 1.0, "exact")
        latin_a, latin_b = _dari_to_latin(a), _dari_to_latin(b)
        if latin_a is not None and latin_b is not None:
            # Two known names: decide by their Latin families (احمدزی AHMADZAI / احمدی AHMADI).
            r = _compare_latin("".join(name_tokens(latin_a)), "".join(name_tokens(latin_b)), policy)
            reason = f"same name family: {a} ~ {b}" if r.status == "pass" else f"different names: {a} / {b}"
            return PartComparison("pass" if r.status == "pass" else "fail", r.score, reason)
        score = Levenshtein.normalized_similarity(a, b)
        if min(len(a), len(b)) >= policy.name_min_length_for_fuzzy and score >= policy.name_review_score:
            return PartComparison("review", score, f"similar but not the same name: {a} / {b}")
        return PartComparison("fail", score, f"different names: {a} / {b}")
    if arabic_a:
        return _compare_script(a, b, policy)
    if arabic_b:
        r = _compare_script(b, a, policy)
        return r
    return _compare_latin(a, b, policy)


# --------------------------------------------------------------------------------------------
# Comparing sequences of parts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _SeqResult:
    status: Status
    score: float
    reasons: tuple[str, ...]


def _join(parts: list[str]) -> str:
    return "".join(parts)


def _compare_sequences(a: list[str], b: list[str], policy: MatchingPolicy, truncated_ok: bool) -> _SeqResult:
    """Align two ordered lists of parts; parts may be split or joined differently."""
    if not a or not b:
        return _SeqResult("review", 0.0, ("nothing to compare",))
    whole = compare_name_parts(_join(a), _join(b), policy=policy)
    if whole.status == "pass" and (len(a) == len(b) == 1 or whole.reason == "exact"):
        said = whole.reason if len(a) == len(b) else f"compound split differently: {' '.join(a)} ~ {' '.join(b)}"
        return _SeqResult("pass", whole.score, (said,))
    # Dynamic programming over (i, j): each step pairs 1-2 parts of a with 1-2 parts of b
    # (a compound split differently), or leaves one part unmatched. Best = fewest unmatched
    # parts, then best worst-status, then highest total score.
    n, m = len(a), len(b)
    Key = tuple[int, int, float]
    Value = tuple[Key, tuple[str, ...], tuple[str, ...], tuple[str, ...], int]
    memo: dict[tuple[int, int], Value] = {}

    def value(i: int, j: int) -> Value:
        """Best alignment of a[i:] with b[j:]: key, reasons, unmatched parts of a, of b, pairs."""
        if (i, j) in memo:
            return memo[(i, j)]
        if i == n and j == m:
            return (0, 2, 0.0), (), (), (), 0
        options: list[Value] = []
        for k in (1, 2):
            for step_b in (1, 2):
                if i + k > n or j + step_b > m or (k == 2 and step_b == 2):
                    continue
                pa, pb = _join(a[i:i + k]), _join(b[j:j + step_b])
                r = compare_name_parts(pa, pb, policy=policy)
                if r.status == "fail" and truncated_ok and j + step_b == m and (
                        pa.startswith(pb) or fold_name_part(pa).startswith(fold_name_part(pb))):
                    # A field cut to one letter (``SAYED<J``) shows too little to pass on: a review.
                    r = (PartComparison("pass", 0.9, f"truncated: {pb} for {pa}") if len(pb) >= 2 else
                         PartComparison("review", 0.5, f"cut to its first letter: {pb} for {pa}"))
                if (r.status == "fail" and k == 1 and step_b == 1 and min(len(pa), len(pb)) == 1
                        and max(len(pa), len(pb)) > 1 and pa[0] == pb[0]):
                    # ``JOHN M`` for ``JOHN MILLER``: an initial (or a name cut off by a stain) is too
                    # little to pass on and no sign of another name
                    short, full = (pa, pb) if len(pa) == 1 else (pb, pa)
                    r = PartComparison("review", 0.5, f"an initial only: {short} for {full}")
                if r.status == "fail" or (r.status == "review" and (k == 2 or step_b == 2)):
                    continue  # a compound split differently must really match, not just look alike
                (unm, rank, score), reasons, ua, ub, pairs = value(i + k, j + step_b)
                reason = r.reason
                if k != step_b:
                    reason = (f"compound split differently: {' '.join(a[i:i + k])} ~ {' '.join(b[j:j + step_b])}"
                              if r.reason == "exact" else f"{r.reason} (compound split differently)")
                new_reasons = reasons if reason == "exact" else (reason, *reasons)
                options.append(((unm, min(rank, _RANK[r.status]), score + r.score), new_reasons, ua, ub, pairs + 1))
        if i < n:
            (unm, rank, score), reasons, ua, ub, pairs = value(i + 1, j)
            options.append(((unm - 1, rank, score), reasons, (a[i], *ua), ub, pairs))
        if j < m:
            (unm, rank, score), reasons, ua, ub, pairs = value(i, j + 1)
            options.append(((unm - 1, rank, score), reasons, ua, (b[j], *ub), pairs))
        out = max(options, key=lambda o: o[0])
        memo[(i, j)] = out
        return out

    (_, rank, total), reasons, ua, ub, pairs = value(0, 0)
    # Average over the pairs, scaled by the share of parts that found a partner.
    covered = (n + m - len(ua) - len(ub)) / (n + m)
    score = round(total / pairs * covered, 3) if pairs else 0.0
    if ua and ub:
        return _SeqResult("fail", score, (f"different names: {' '.join(ua)} / {' '.join(ub)}",))
    if ua:
        return _SeqResult("review", score, (*reasons, f"part missing on the document: {' '.join(ua)}"))
    if ub:
        return _SeqResult("review", score, (*reasons, f"part not on the record: {' '.join(ub)}"))
    return _SeqResult("pass" if rank == 2 else "review", score, reasons)


@dataclass(frozen=True)
class NameComparison:
    """The outcome of comparing a record's name with a document's.

    Attributes:
        status: ``pass``, ``fail`` or ``review``.
        score: 0-1, how alike the names are (1 identical).
        reason: Why, for the officer: ``same name family: MUHAMMAD ~ MOHAMMAD; order swapped``.
        expected: The record's name as compared (given names, then surname).
        found: The document's name as compared.
    """

    status: Status
    score: float
    reason: str
    expected: str
    found: str


def _label(given: list[str], surname: list[str]) -> str:
    g, s = " ".join(given), " ".join(surname)
    if g and s:
        return f"{g} / {s}"
    return g or s


def compare_names(
    record_given: str | None,
    record_surname: str | None,
    doc_given: str | None,
    doc_surname: str | None,
    *,
    policy: MatchingPolicy = DEFAULT_POLICY,
    truncated_ok: bool = False,
) -> NameComparison:
    """Compare the record's given names and surname with a document's.

    Policy (DOMAIN.md): a single name may stand in either slot, and the other slot
    empty or missing is not a mismatch; surname and given names may be swapped; a
    compound may be split differently; spellings of one name family pass; a close
    spelling of a different word is a review; a different name fails.

    Args:
        record_given: Given names on the record (may be None or empty).
        record_surname: Surname on the record.
        doc_given: Given names read from the document (Latin or Dari script).
        doc_surname: Surname read from the document.
        policy: Thresholds.
        truncated_ok: The found name may be cut short (an MRZ name field): a last part
            that is a prefix of the expected one passes.

    Returns:
        A :class:`NameComparison` whose reason lists every rule used.
    """
    rg, rs = name_tokens(record_given), name_tokens(record_surname)
    dg, ds = name_tokens(doc_given), name_tokens(doc_surname)
    expected, found = _label(rg, rs), _label(dg, ds)
    titles: list[str] = []
    for tokens in (rg, rs, dg, ds):
        kept, dropped = _strip_titles(tokens)
        tokens[:] = kept
        titles += dropped
    if not (rg or rs):
        return NameComparison("review", 0.0, "no name on the record", expected, found)
    if not (dg or ds):
        return NameComparison("review", 0.0, "no name read from the document", expected, found)

    candidates: list[tuple[tuple[int, float, int], Status, float, tuple[str, ...]]] = []

    single = not (rg and rs) or not (dg and ds)

    def slots(pairs: list[tuple[list[str], list[str]]], note: str | None, preference: int) -> None:
        compared = [(x, y) for x, y in pairs if x and y]
        if not compared:
            return
        results = [_compare_sequences(x, y, policy, truncated_ok) for x, y in compared]
        status: Status = min((r.status for r in results), key=lambda s: _RANK[s])
        score = sum(r.score for r in results) / len(results)
        reasons: list[str] = [x for r in results for x in r.reasons]
        if note:
            reasons.append(note)
        for x, y in pairs:
            if x and not y:
                reasons.append("a slot is empty on one side (single name; not a mismatch)")
                break
            if y and not x:
                reasons.append("a slot is empty on one side (single name; not a mismatch)")
                break
        candidates.append(((_RANK[status], score, preference), status, score, tuple(reasons)))

    slots([(rg, dg), (rs, ds)], None, 3)
    slots([(rg, ds), (rs, dg)], "single name in the other slot" if single else "order swapped (surname and given names)", 2)
    whole = _compare_sequences(rg + rs, dg + ds, policy, truncated_ok)
    candidates.append(((_RANK[whole.status], whole.score, 1), whole.status, whole.score,
                       (*whole.reasons, "name parts in different slots")))
    if rs and rg:
        swapped = _compare_sequences(rs + rg, dg + ds, policy, truncated_ok)
        candidates.append(((_RANK[swapped.status], swapped.score, 0), swapped.status, swapped.score,
                           (*swapped.reasons, "order swapped, name parts in different slots")))
    _, status, score, reasons = max(candidates, key=lambda c: (c[0][0], c[0][2], c[0][1]))
    # De-duplicate reasons, keep order; "exact" only when nothing else is said.
    seen: list[str] = []
    for r in reasons:
        if r not in seen and r != "exact":
            seen.append(r)
    if titles:
        seen.append(f"title ignored: {' '.join(dict.fromkeys(titles))}")
    reason = "; ".join(seen) if seen else "exact"
    return NameComparison(status, round(score, 3), reason, expected, found)
