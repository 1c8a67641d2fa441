"""Locating the fields of an employment letter in its text.

Built for the *kind* of document, not one template: two families of evidence are
combined, label-driven (``Employee Name:``, ``Position/Title``, ``Dates of
employment``, a table's label cell beside its value cell) and prose (``This is to
certify that Mr. X was employed by Y as a Z from A to B``). Labels are matched
fuzzily, so OCR noise (``Ernployee Narne``) still finds them. Each value is mapped
back to the words it came from (page, union box, confidence, source).

Precedence when both find a field: label, then prose, then layout fallbacks
(letterhead for the employer, signature block for the supervisor).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rapidfuzz import fuzz

from workstation.documents.letter_dates import DateMention, find_dates, settle_order
from workstation.documents.letter_text import (
    OCR_PERSIAN_DIGIT_CONFIDENCE,
    BBox,
    LetterText,
    LetterWord,
    normalise_chars,
    union_bbox,
)
from workstation.matching.digits import has_persian_digits

log = logging.getLogger(__name__)

PRESENT = "present"

# ---------------------------------------------------------------------------------------------
# Values


@dataclass(frozen=True)
class LetterField:
    """One value read from a letter, with its evidence.

    Attributes:
        value: Normalised value (dates ISO; ``"present"`` for an open end date).
        confidence: 0..1: word confidence times how strong the locating pattern is.
        page: 1-based page.
        bbox: Union of the words' boxes, pixels of the page image.
        source: ``"text_layer"`` or ``"ocr"``.
        raw: The text as printed.
        method: How it was found: ``label``, ``prose``, ``letterhead``, ``signature``, ``layout``.
        ambiguous: True for a date whose day/month order the letter does not settle.
        candidates: Both ISO readings of an ambiguous date.
        calendar: For dates: ``gregorian`` or ``solar_hijri`` as printed.
    """

    value: str
    confidence: float
    page: int
    bbox: BBox
    source: str
    raw: str
    method: str
    ambiguous: bool = False
    candidates: tuple[str, ...] = ()
    calendar: str | None = None

    def to_json(self) -> dict[str, object]:
        """The ARCHITECTURE.md 4.2 field object (plus ``ambiguous``/``candidates`` for dates)."""
        out: dict[str, object] = {
            "value": None if self.ambiguous else self.value,
            "confidence": round(self.confidence, 3),
            "page": self.page,
            "bbox": [round(v, 1) for v in self.bbox],
            "source": self.source,
        }
        if self.ambiguous:
            out["ambiguous"] = True
            out["candidates"] = list(self.candidates)
        if self.calendar and self.calendar != "gregorian":
            out["calendar"] = self.calendar
        return out


@dataclass(frozen=True)
class LetterPeriod:
    """One employment period stated in the letter."""

    start_date: LetterField | None
    end_date: LetterField | None
    position: LetterField | None = None
    #: The contract (or subcontract) number stated for this period: from its table row, its numbered
    #: labels or its own clause; ``None`` when the letter ties no number to this period.
    contract_number: LetterField | None = None


@dataclass(frozen=True)
class RedFlag:
    """A red-flag phrase found in the letter (policy list), with where it stands."""

    phrase: str
    context: str
    page: int
    bbox: BBox


@dataclass(frozen=True)
class LocatedFields:
    """Everything the locators found in one letter."""

    fields: dict[str, LetterField]
    periods: tuple[LetterPeriod, ...]
    red_flags: tuple[RedFlag, ...]
    signature_block: bool
    subcontractor: bool
    dates: tuple[DateMention, ...] = field(default=())


# ---------------------------------------------------------------------------------------------
# Vocabulary

_LABELS: dict[str, tuple[str, ...]] = {
    "employee_name": ("employee name", "name of employee", "name of the employee", "full name", "name",
                      "employee", "employee full name", "staff name", "applicant name", "name of staff",
                      "نام", "اسم", "نام کامل", "نام کارمند"),
    "date_of_birth": ("date of birth", "dob", "d.o.b", "birth date", "born", "تاریخ تولد"),
    "employer": ("employer", "company", "organization", "organisation", "employer name", "company name",
                 "employing organization", "employing organisation", "کارفرما", "موسسه", "شرکت"),
    "position": ("position", "title", "position/title", "position title", "job title", "designation", "role",
                 "job position", "post", "job", "occupation", "وظیفه", "بست", "عنوان وظیفه"),
    "dates": ("dates of employment", "employment dates", "employment period", "period of employment",
              "duration of employment", "duration", "period", "employment duration", "service period",
              "period of service", "مدت کار", "مدت خدمت"),
    "start_date": ("start date", "date of joining", "joining date", "employment start date", "date hired",
                   "hire date", "from", "commencement date", "employed from", "start of employment",
                   "date of hire", "starting date", "تاریخ شروع", "از"),
    "end_date": ("end date", "date of separation", "separation date", "last working day",
                 "employment end date", "to", "until", "end of employment", "last day of employment",
                 "employed until", "ending date", "تاریخ ختم", "تا"),
    "supervisor_name": ("supervisor", "supervisor name", "direct supervisor", "name of supervisor",
                        "reporting to", "line manager", "immediate supervisor", "supervisor's name",
                        "manager", "reports to", "point of contact", "poc", "supervisor/poc", "آمر مستقیم", "سرپرست", "آمر",
                        "مدیر مستقیم", "سرپرست مستقیم"),
    "supervisor_contact": ("supervisor email", "supervisor phone", "supervisor contact", "supervisor's email",
                           "supervisor's phone", "supervisor e-mail", "supervisor telephone",
                           "supervisor contact details", "contact of supervisor"),
    "contact": ("email", "e-mail", "phone", "telephone", "tel", "mobile", "contact", "cell", "phone number",
                "email address", "contact number", "ایمیل", "ایمیل آدرس", "آدرس ایمیل", "تلفن", "تیلفون",
                "شماره تماس", "شماره تلفن", "موبایل", "مبایل"),
    "contract_number": ("contract number", "contract no", "contract #", "contract", "us government contract",
                        "u.s. government contract number", "contract no.", "government contract number",
                        "usg contract number", "شماره قرارداد"),
    "prime_contract_number": ("prime contract number", "prime contract", "prime contract no",
                              "prime contract #", "prime contract no."),
    "subcontract_number": ("subcontract number", "subcontract no", "subcontract", "sub-contract number",
                           "sub-contract no", "sub contract number", "subcontract #", "subcontract no."),
    "letter_date": ("date", "dated", "issue date", "date of issue", "letter date", "تاریخ"),
}
_LABEL_EXACT = {lbl for labels in _LABELS.values() for lbl in labels}
_LABEL_INDEX = [(_lbl, key) for key, labels in _LABELS.items() for _lbl in labels]

_HONORIFIC = r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Eng|Engr|Mister|Sir)\.?\s+)"
_NAME_TOKEN = r"[A-Z][A-Za-z'\-]*(?:-[A-Za-z]+)*"
_NAME = rf"(?P<name>{_NAME_TOKEN}(?:[ ]+(?:{_NAME_TOKEN}|ul|al|ud|u|e|bin|ibn)){{0,5}})"
_NOT_NAME_START = {"The", "This", "Our", "He", "She", "His", "Her", "We", "It", "In", "During", "To", "Please",
                   "Mr", "Mrs", "Ms", "Dear", "Sir", "Madam", "Subject", "Re", "Date", "Company", "Employee",
                   "Name", "Position", "Supervisor", "Contract", "Title", "I", "As", "If", "Sincerely"}
_NAME_STOP_WORDS = {"Was", "Is", "Has", "Worked", "Served", "Son", "Daughter", "Born", "Holder", "Who", "With",
                    "From", "Since", "As", "Has-been", "Date", "Employee", "Position", "Title", "Father",
                    "Dob", "DOB", "Of", "And", "For", "Tazkira", "Passport", "ID", "Supervisor", "Email", "E-mail",
                    "Phone", "Tel", "Mobile", "Contract", "Dates", "Start", "End", "Employer", "Company", "Signature",
                    "Department", "Nationality", "Name", "Job", "Designation", "SPECIMEN", "Specimen"}

# OCR often splits an address at "@" or "." ("susan.clark @example.com", "robert .miller@..."): one space is
# tolerated there, and removed from the value.
# A line break after a hyphen ("meridian-\ndp.example") leaves "- " inside an address: also tolerated.
# OCR reads an "l" as "|" ("|.young@..."): accepted in the name part and read as "l" (no address has a "|").
# An initial may be split from the rest by OCR ("l. young@..."): a one-letter part, a dot and one space.
_EMAIL = re.compile(r"(?:(?<![\w.])[A-Za-z|]\. )?[A-Za-z0-9_%+\-|][A-Za-z0-9._%+\-|]*(?: \.[A-Za-z0-9._%+\-]+|- [A-Za-z0-9._%+\-]+)? ?@ ?"
                    r"[A-Za-z0-9\-]+(?:(?:- |\.)[A-Za-z0-9\-]+)*\.[A-Za-z]{2,10}\b")
# "1+ (703) ...": a country code whose plus OCR put after it (a number read inside a right-to-left line)
_PHONE = re.compile(r"(?<![\w/])(?:\+|00|\d{1,3}\+ ?(?=\())?\(?\d[\d \-().]{7,18}\d(?![\w/])")
# A number wrapped at a hyphen ("WVL5X9-08-\nD-0112") reads "WVL5X9-08- D-0112" in the flat text: allowed.
# OCR may also read one hyphen at a line's end and the next line's start ("WQRM41- -16-C-5349").
_CONTRACT_NUM = (r"(?P<num>(?=(?:[A-Z0-9/]|- ?)*\d)(?=(?:[A-Z0-9/]|- ?)*[A-Z])[A-Z0-9]{2,}(?:(?:[-/]|- -?)[A-Z0-9]{1,})*"
                 r"|(?=[\d\-]*-)\d{2,}(?:-\d+)+)")
# US government contract numbers have fixed slots (FAR subpart 4.16 PIIDs, and USAID's older
# AID-<mission>-<type>-<year>-<serial>): the year and serial slots hold digits, USAID's type slot a letter.
_PIID = re.compile(r"^(?P<aac>(?=[A-Z0-9]{0,5}[A-Z])[A-Z0-9]{6})(?P<s1>-?)(?P<fy>[0-9OIl]{2})(?P<s2>-?)(?P<type>[A-Z])"
                   r"(?P<s3>-?)(?P<serial>[0-9OIl]{4})$")
_USAID = re.compile(r"^A[Il1]D-(?P<mission>[0-9OIl]{3})-(?P<type>[A-Z01])-(?P<fy>[0-9OIl]{2})-(?P<serial>[0-9OIl]{4,5})$")
_TO_DIGIT = str.maketrans({"O": "0", "I": "1", "l": "1"})


#: A PIID read with an ``O`` before its fiscal year's ``0`` (``SAQMMAO08D4645``: one round glyph read
#: twice, cases 300 and 571 of seed 6): fourteen characters where the format has thirteen.
_PIID_DOUBLED_ZERO = re.compile(r"^(?P<aac>[A-Z0-9]{5}[A-Z])O(?P<rest>0[0-9OIl]-?[A-Z]-?[0-9OIl]{4})$")


def _repair_contract(num: str) -> str:
    """OCR's letter-for-digit confusions (O/0, I/l/1) undone in the slots of a known contract number format
    that can hold only digits (or only a letter), and a zero read twice (``O0``) before the fiscal year of
    a PIID; any other number is left as read."""
    doubled = _PIID_DOUBLED_ZERO.match(num)
    if doubled:
        num = doubled.group("aac") + doubled.group("rest")
    m = _PIID.match(num)
    if m and any(c.isdigit() for c in m.group("fy") + m.group("serial")):
        return (m.group("aac") + m.group("s1") + m.group("fy").translate(_TO_DIGIT) + m.group("s2") + m.group("type")
                + m.group("s3") + m.group("serial").translate(_TO_DIGIT))
    m = _USAID.match(num)
    if m:
        kind = {"1": "I", "0": "O"}.get(m.group("type"), m.group("type"))
        return "-".join(("AID", m.group("mission").translate(_TO_DIGIT), kind, m.group("fy").translate(_TO_DIGIT),
                         m.group("serial").translate(_TO_DIGIT)))
    return num


def _norm_contract(num: str) -> str:
    """A contract number as read, without the spaces and doubled hyphens a wrapped line leaves in it, and
    with OCR's letter/digit confusions undone where its format allows only one (:func:`_repair_contract`)."""
    return _repair_contract(re.sub(r"-{2,}", "-", num.replace(" ", "")))


_CONTRACT_RE = re.compile(
    r"(?P<label>\b(?:prime\s+|sub-?\s?)?contract(?!or|ed|s\b|ing)|قرارداد\s+(?:اصلی|فرعی)\s+شماره|شماره\s+قرارداد\s+(?:اصلی|فرعی)|"
    r"قرارداد\s+شماره|شماره\s+قرارداد)\s*(?:number|no\.?|num\.?|nr\.?|#|id)?\s*[:.]?\s*"
    r"(?:\(\s*\d{1,2}\s*\)\s*[:.]?\s*)?(?:is|was|of)?\s*\(?" + _CONTRACT_NUM,
    re.IGNORECASE,
)
#: "prim" (a damaged "prime") just before a "contract" label, a short stray word or mark between
#: (``prim me ~ contract AID-306-...``: blind case 561, its "prime" cut by a stamp over the line end).
_DAMAGED_PRIME_BEFORE = re.compile(r"\bpr[il1]m\w*(?:\W+\w{1,3})?\W*$", re.IGNORECASE)


def _is_prime_label(flat: str, m: re.Match[str]) -> bool:
    """Whether a :data:`_CONTRACT_RE` match names the prime contract (its label, or a damaged "prime"
    just before it): the prime's number is never the letter's own."""
    label = m.group("label").lower()
    return "prime" in label or "اصلی" in label or bool(
        _DAMAGED_PRIME_BEFORE.search(flat, max(0, m.start() - 16), m.start()))


_CLOSING = re.compile(
    r"^\s*(?:sincerely|yours\s+(?:sincerely|faithfully|truly)|(?:best|kind|warm|with)\s+regards|regards|"
    r"respectfully|thank\s+you|signed|signature|approved\s+by|با\s+احترام|با احترام)\b",
    re.IGNORECASE,
)
_SALUTATION = re.compile(r"\b(?:to\s+whom\s+it\s+may\s+concern|dear\s+\w+|subject\s*:|re\s*:)", re.IGNORECASE)
_ABBREV = {"inc", "ltd", "co", "corp", "llc", "pvt", "plc", "l.l.c", "u.s", "u.s.a", "jr", "sr", "st", "s.a"}

_POSITION_STOP = (r"(?=\s+(?:from|since|with|at|for|in|during|between|under|and|on|until|till|to|starting|effective|"
                  r"where|based|within|of\s+the\s+company|beginning|commencing)\b|\s*[,.;(]|\s*$)")
# A full stop that ends a sentence (not the one in "Inc." or "U.S."): the next word starts a new clause.
_SENTENCE_BREAK = r"\.\s+(?:He|She|His|Her|The|This|We|I|During|In|Our|It|Mr|Mrs|Ms|Please|They|Should)\b"
_POSITION_RE = re.compile(
    r"\b(?:employed|hired|worked|working|served|serving|engaged|appointed|works|serves|contracted|joined)\b"
    r"(?:(?!" + _SENTENCE_BREAK + r")[^;])" + "{0,120}?"
    r"\b(?:as|in\s+the\s+(?:position|post|role|capacity)\s+of|to\s+the\s+(?:position|post)\s+of)\s+(?:an?\s+|the\s+)?"
    r"(?P<pos>[A-Za-z][\w/&'\-]*(?:\s+[\w/&'\-]+){0,5}?)" + _POSITION_STOP,
)
_POSITION_RE2 = re.compile(
    r"\b(?:position|post|title|designation|capacity|role)\s+(?:was|is|of|as)\s+(?:an?\s+|the\s+)?"
    r"(?P<pos>[A-Za-z][\w/&'\-]*(?:\s+[\w/&'\-]+){0,5}?)" + _POSITION_STOP,
    re.IGNORECASE,
)
_POSITION_RE3 = re.compile(
    r"(?:\band\s+(?:later\s+|then\s+|subsequently\s+)?|,\s*)as\s+(?:an?\s+|the\s+)"
    r"(?P<pos>[A-Za-z][\w/&'\-]*(?:\s+[\w/&'\-]+){0,5}?)" + _POSITION_STOP,
)
_BAD_POSITION_START = {"follows", "per", "well", "of", "such", "part", "soon", "long", "result", "his", "her",
                       "a", "an", "the", "our", "their", "mentioned", "stated", "from", "to", "and"}

_ORG = r"(?P<org>[A-Z0-9][A-Za-z0-9&'\-]*\.?(?:[A-Za-z0-9]+\.?)*(?:\s+(?:[A-Z0-9&(][A-Za-z0-9&'()\-]*\.?(?:[A-Za-z0-9]+\.?)*|of|and|for|the|de|in|&)){0,8})"
_EMPLOYER_RE = re.compile(
    r"\b(?:employed|hired|engaged|contracted|working|worked|served|serving|employee|staff\s+member|"
    r"member\s+of\s+staff|works|work)\s+(?:by|with|for|at|of|in)\s+(?:the\s+)?" + _ORG
)
_AFTER_RANGE_ORG = re.compile(r"\s(?:with|for|by)\s+(?:the\s+)?" + _ORG)
_TRAILING_CONNECTOR = re.compile(r"(?:\s+(?:of|and|for|the|de|in|&))+$")

_DOB_BEFORE = re.compile(r"(?:\bborn\b(?:\s+on)?|متولد|\bdate\s+of\s+birth\b|\bD\.?O\.?B\.?|\bbirth\s+date\b|تاریخ تولد|تولد)"
                         r"[\s:,\-]*(?:is|was)?[\s:]*$", re.IGNORECASE)
_BORN_YEAR = re.compile(r"\bborn\s+(?:in\s+(?:the\s+year\s+)?)?(?P<y>(?:19|20)\d\d)\b(?!\s*[-/.]\s*\d)", re.IGNORECASE)
_LETTER_DATE_BEFORE = re.compile(r"(?:\bdate[d]?\b|\bissued\s+on\b|\bdate\s+of\s+issue\b|\bletter\s+date\b)"
                                 r"[\s:,\-]*(?:on)?[\s:]*$", re.IGNORECASE)
_RANGE_BETWEEN = re.compile(r"^[\s,]*(?:to|until|till|through|thru|-|and|up\s+to|upto|تا|الی|الى|إلى)[\s,]*(?:the\s+)?$",
                            re.IGNORECASE)
_OPEN_END = re.compile(r"^[\s,]*(?:(?:to|until|till|through|up\s+to|upto|-|تا|الی|الى)\s*(?:the\s+)?"
                       r"(?P<kw>present(?:\s+day)?|date|now|today|current(?:ly)?|this\s+day|حال)\b)",
                       re.IGNORECASE)
_START_BEFORE = re.compile(r"(?:\bsince\b|\bfrom\b|\bstarting\b|\bstarted\b(?:\s+on)?|\bcommenc\w*\b(?:\s+on)?|"
                           r"\bjoined\b[^.]{0,60}?\bon\b|\bhired\b\s+on|\beffective\b|\bbeginning\b|از\s+تاریخ|از)"
                           r"[\s,:]*(?:on)?[\s,:]*(?:the\s+)?$", re.IGNORECASE)
_END_BEFORE = re.compile(r"(?:\buntil\b|\btill\b|\bended\b(?:\s+on)?|\bresigned\b[^.]{0,40}?\bon\b|\bleft\b[^.]{0,40}?"
                         r"\bon\b|\bseparated\b[^.]{0,40}?\bon\b|\bcompleted\b[^.]{0,40}?\bon\b|\bexpired\b\s+on)"
                         r"[\s,:]*$", re.IGNORECASE)
_STILL = re.compile(r"\b(?:still|currently|is\s+(?:presently|now)\s+(?:employed|working)|to\s+date|until\s+now|"
                    r"till\s+now|up\s+to\s+now|until\s+(?:the\s+)?present|to\s+(?:the\s+)?present|"
                    r"continues\s+to\s+work|is\s+employed|is\s+working)\b", re.IGNORECASE)

_SUPERVISOR_PROSE = re.compile(
    r"(?:\b(?:direct|immediate|line)?\s*supervisor(?:'s\s+name)?|\bsupervised\s+by|\bsupervision\s+of|"
    r"\breport(?:ed|s|ing)\s+(?:directly\s+)?to|\bline\s+manager)\s*(?:was|is|,|:|-)?\s*(?:was|is)?\s*"
    + _HONORIFIC + r"?" + _NAME
)
_SIGNER_IS_SUPERVISOR = re.compile(
    r"(?:\bI|\||\bl)\s+(?:was|am|served\s+as|have\s+been|acted\s+as)\s+(?:his|her|their|the\s+\w+'s)\s+"
    r"(?:direct\s+|immediate\s+|first-line\s+)?supervisor", re.IGNORECASE)
_FA_WORDS = r"[\u0600-\u06ff\u200c]+(?:\s+[\u0600-\u06ff\u200c]+)"
_FA_NAME = re.compile(r"محترم(?:ه)?\s+(?P<v>" + _FA_WORDS + r"{0,4}?)\s+(?:فرزند|ولد|بنت|دختر)")
_FA_POSITION = re.compile(r"به\s+(?:حیث|حیثت|حیت|حبث|جیث|حیٹ)\s+(?P<v>" + _FA_WORDS + r"{0,3}?)(?=\s+(?:تحت|در|و|از|الی|به|سپس)\s|\s*[.،]|\s*$)")
_FA_EMPLOYER = re.compile(r"(?:^|\s)در\s+(?P<v>" + _FA_WORDS + r"{0,6}?)\s+(?:ایفای\s+وظیفه|کار\s+کرده|اجرای\s+وظیفه)")
_SUBCONTRACTOR = re.compile(r"\bsub-?\s?contract(?:or|ed)?\b|قراردادی?\s+فرعی", re.IGNORECASE)


# ---------------------------------------------------------------------------------------------
# Helpers


def _norm_label(s: str) -> str:
    s = s.lower().replace("’", "'")
    s = normalise_chars(s.replace("\u200c", " "))  # ZWNJ or none, Arabic or Persian yeh/kaf: one label
    s = re.sub(r"[^\w#/'.\u0600-\u06ff ]+", " ", s)
    # No label starts or ends with an apostrophe: there it is a table rule read as "'" ("'To").
    return re.sub(r"\s+", " ", s).strip(" .'")


#: A period's number after its label, as _norm_label leaves it: "Start Date (2)" -> "start date 2".
_GROUP_SUFFIX = re.compile(r"\s+#?\s*\d{1,2}$")
#: The same on the label as printed (OCR may read the digit 1 as l or I): "Position (1):", "Contract No. #2".
_GROUP_NUMBER = re.compile(r"(?:\(\s*(?P<a>\d{1,2}|[lI])\s*\)|#\s*(?P<b>\d{1,2})|[ ](?P<c>\d))\s*[:：]?\s*$")


def label_group(label: str) -> int | None:
    """The period number a label carries (``Start Date (2)`` -> 2), or ``None``."""
    m = _GROUP_NUMBER.search(label.rstrip(" \t"))
    if m is None:
        return None
    g = m.group("a") or m.group("b") or m.group("c") or ""
    return 1 if g in ("l", "I") else int(g)


@functools.lru_cache(maxsize=4096)
def match_label(text: str) -> str | None:
    """The field key a label text stands for, tolerant of OCR noise (``Ernployee Narne``)."""
    norm = _GROUP_SUFFIX.sub("", _norm_label(text))
    if not norm or len(norm) > 45:
        return None
    best: tuple[float, str] | None = None
    for lbl, key in _LABEL_INDEX:
        if norm == lbl:
            return key
        if len(lbl) <= 5 or len(norm) <= 5:
            continue
        score = fuzz.ratio(norm, lbl)
        if score >= (76 if len(lbl) >= 10 else 86) and (best is None or score > best[0]) and _words_alike(norm, lbl):
            best = (score, key)
    return best[1] if best else None


def _words_alike(text: str, label: str) -> bool:
    """Word by word, ``text`` is ``label`` with OCR slips, not with a word of its own in its place.

    OCR garbles a letter or two of a word (``Ernployee Narne``, ``Dale of Birth``); a signer's title
    ``Site Manager`` is not the label ``line manager`` (a supervisor read ``I`` from the stamp beside it:
    case 46 of seed 6), though the two strings are as close as those slips.
    """
    tw, lw = text.split(), label.split()
    return len(tw) != len(lw) or all(fuzz.ratio(a, b) >= 60 for a, b in zip(tw, lw, strict=True))


def _clean_name(s: str) -> str:
    s = re.sub(r"^" + _HONORIFIC, "", s.strip())
    s = re.sub(r"(?<=[A-Za-z])- (?=[A-Za-z])", "-", s)  # a hyphenated name wrapped at its hyphen
    toks = s.split()
    for i, t in enumerate(toks[1:], 1):
        if t.strip(".,:") in _NAME_STOP_WORDS:
            toks = toks[:i]
            break
    while toks and toks[-1].strip(".,") in _NAME_STOP_WORDS:
        toks.pop()
    return " ".join(toks).strip(" ,.;:")


#: What OCR leaves at the edge of a value from table borders, underlines and stamp edges; no field
#: value starts or ends with these.
_EDGE_JUNK = " \t|_[]{}'\"`~\u2018\u2019\u201c\u201d"


def _strip(s: str) -> tuple[int, int]:
    """Offsets of ``s`` without leading/trailing spaces and punctuation."""
    a = 0
    b = len(s)
    while a < b and s[a] in " \t:;,-.\u200f\u200e":
        a += 1
    while b > a and s[b - 1] in " \t:;,":
        b -= 1
    return a, b




@dataclass
class _Cell:
    start: int
    end: int


class _Builder:
    """Collects candidates per field and keeps the strongest."""

    def __init__(self, lt: LetterText) -> None:
        self.lt = lt
        self.fields: dict[str, LetterField] = {}
        self.rank: dict[str, float] = {}

    def make(self, start: int, end: int, value: str, method: str, strength: float,
             date: DateMention | None = None) -> LetterField | None:
        ev = self.lt.evidence(start, end)
        if date is None:
            value = value.strip(_EDGE_JUNK)
        if ev is None or (not value and not (date is not None and date.ambiguous)):
            return None
        conf = ev.confidence * strength
        if date is not None and date.ambiguous:
            conf *= 0.5
        if any(w.source == "ocr" and has_persian_digits(w.text) for w in self.lt.words_in(start, end)):
            conf = min(conf, OCR_PERSIAN_DIGIT_CONFIDENCE)
        return LetterField(
            value=value, confidence=conf, page=ev.page, bbox=ev.bbox, source=ev.source, raw=ev.raw,
            method=method, ambiguous=bool(date and date.ambiguous),
            candidates=date.candidates if date and date.ambiguous else (),
            calendar=date.calendar if date else None,
        )

    def offer(self, name: str, f: LetterField | None, rank: float) -> None:
        if f is None:
            return
        if name not in self.fields or rank > self.rank[name]:
            self.fields[name] = f
            self.rank[name] = rank


#: Employment dates before this year are misreadings in this programme (service starts in 2001).
EARLIEST_EMPLOYMENT_YEAR = 1975


def _year(d: DateMention) -> int:
    return min(int(v[:4]) for v in (d.value, *d.candidates) if v)


def _date_value(d: DateMention) -> str:
    return d.value if d.value is not None else ""


# ---------------------------------------------------------------------------------------------
# Locators


def _cells(lt: LetterText) -> list[list[_Cell]]:
    """Per line, its cells: split at tabs (wide gaps) and, inside a cell, at ``label:`` boundaries."""
    out: list[list[_Cell]] = []
    for ln in lt.lines:
        cells: list[_Cell] = []
        pos = ln.start
        for part in lt.text[ln.start:ln.end].split("\t"):
            cells.append(_Cell(pos, pos + len(part)))
            pos += len(part) + 1
        out.append(cells)
    return out


# "؛" (Arabic semicolon) is how OCR often reads a colon after a Dari label
_LABEL_VALUE = re.compile(r"^\s*(?P<label>[^:؛\n]{1,45}?)\s*[:：؛]\s*(?P<value>.*)$")
_CAP_LABEL_SPLIT = re.compile(r"\s+(?=(?:[A-Z][a-z]+\s){0,3}[A-Z][a-z]+\s*:|(?:[\u0600-\u06ff\u200c]+\s){0,2}"
                              r"[\u0600-\u06ff\u200c]+\s*[:؛])")


def _label_pairs(lt: LetterText) -> list[tuple[str, int, int, int]]:
    """``(field_key, value_start, value_end, line_index)`` for every labelled value in the letter."""
    pairs: list[tuple[str, int, int, int]] = []
    cells_by_line = _cells(lt)
    for li, cells in enumerate(cells_by_line):
        if _is_header_row(lt, lt.lines[li].start, lt.lines[li].end):
            continue
        # Split cells further where a second "Label:" starts inside one cell (single-space layouts).
        split: list[_Cell] = []
        for c in cells:
            txt = lt.text[c.start:c.end]
            pos = 0
            for sm in _CAP_LABEL_SPLIT.finditer(txt):
                if lt.text[c.start + pos:c.start + sm.start()].count(":") and match_label(
                        txt[sm.end():].split(":")[0]) is not None:
                    split.append(_Cell(c.start + pos, c.start + sm.start()))
                    pos = sm.end()
            split.append(_Cell(c.start + pos, c.end))
        i = 0
        while i < len(split):
            c = split[i]
            txt = lt.text[c.start:c.end]
            m: re.Match[str] | None = _LABEL_VALUE.match(txt)
            key: str | None = None
            vs = ve = 0
            if m:
                key = match_label(m.group("label"))
                if key is not None:
                    vs, ve = c.start + m.start("value"), c.start + m.end("value")
                    if not lt.text[vs:ve].strip() and i + 1 < len(split):
                        # "Label:" cell, value in the next cell of the same row
                        vs, ve = split[i + 1].start, split[i + 1].end
                        i += 1
            if key is None:
                # a bare label cell followed by a value cell (tables)
                key = match_label(txt)
                if key is not None and key not in ("start_date", "end_date", "letter_date") or (
                        key is not None and i + 1 < len(split)):
                    if i + 1 < len(split):
                        vs, ve = split[i + 1].start, split[i + 1].end
                        i += 1
                    else:
                        key = None
                else:
                    key = None
            if key is not None:
                a, b = _strip(lt.text[vs:ve])
                vs, ve = vs + a, vs + b
                if ve <= vs and li + 1 < len(cells_by_line) and m is not None:
                    # "Employee Name:" alone, value on the next line
                    nxt = cells_by_line[li + 1][0]
                    ntxt = lt.text[nxt.start:nxt.end]
                    nline = lt.lines[li + 1]
                    if (not _LABEL_VALUE.match(ntxt) or match_label(ntxt.split(":")[0]) is None) and not _is_header_row(
                            lt, nline.start, nline.end):
                        a, b = _strip(ntxt)
                        vs, ve = nxt.start + a, nxt.start + b
                if ve > vs:
                    pairs.append((key, vs, ve, li))
            i += 1
    return pairs


def _dates_in(dates: Sequence[DateMention], start: int, end: int) -> list[DateMention]:
    return [d for d in dates if d.start >= start and d.end <= end]


def _first_line_break(text: str, start: int, end: int) -> int:
    nl = text.find("\n", start, end)
    return end if nl < 0 else nl


def locate_fields(lt: LetterText, red_flag_phrases: Sequence[str] = ()) -> LocatedFields:
    """Find every field of the letter in ``lt``.

    Args:
        lt: The assembled letter text.
        red_flag_phrases: Phrases to flag (from the policy file), matched case-insensitively as words.
    """
    text = lt.text
    flat = lt.flat
    # A year outside 1920..2100 is an OCR misreading (or a Solar Hijri year read as Gregorian), never a date.
    dates = [d for d in find_dates(text) if any(1920 <= int(v[:4]) <= 2100 for v in (d.value, *d.candidates) if v)]
    b = _Builder(lt)
    used_dates: set[int] = set()
    periods: list[LetterPeriod] = []

    # ---- labels ---------------------------------------------------------------------------
    pairs = _label_pairs(lt)
    label_supervisor_line: int | None = None
    contacts_after_supervisor: list[tuple[int, int]] = []
    label_start: tuple[DateMention, int] | None = None
    label_end: tuple[LetterField, DateMention | None] | None = None
    label_starts: list[DateMention] = []
    label_ends: list[LetterField] = []
    label_positions: list[LetterField] = []
    # (period number on the label or None, start/end/position/contract, value): a form's periods as units
    period_labels: list[tuple[int | None, str, LetterField]] = []
    for key, vs, ve, li in pairs:
        val = text[vs:ve]
        group = _group_before(lt, vs, li)
        if key == "employee_name":
            name = _clean_name(val.split("\t")[0])
            if name and not any(ch.isdigit() for ch in name):
                b.offer("employee_name", b.make(vs, vs + len(val), name, "label", 1.0), 3)
        elif key == "date_of_birth":
            ds = _dates_in(dates, vs, ve)
            if ds:
                d = ds[0]
                used_dates.add(d.start)
                b.offer("date_of_birth", b.make(d.start, d.end, _date_value(d), "label", 1.0, d), 3)
        elif key == "employer":
            b.offer("employer", b.make(vs, ve, val.strip(), "label", 1.0), 3)
        elif key == "position":
            if re.search(r"\d{2,}", val):
                # A number or a date after the label (a table's contract cell read first, under a
                # lost header): no job title carries one.
                continue
            pf = b.make(vs, ve, val.strip(" .;"), "label", 1.0)
            b.offer("position", pf, 3)
            if pf is not None:
                label_positions.append(pf)
                period_labels.append((group, "position", pf))
        elif key == "dates":
            ds = _dates_in(dates, vs, ve)
            if ds:
                used_dates.update(d.start for d in ds)
        elif key == "start_date":
            ds = _dates_in(dates, vs, ve)
            if ds:
                used_dates.add(ds[0].start)
                label_start = (ds[0], li)
                label_starts.append(ds[0])
                sf0 = b.make(ds[0].start, ds[0].end, _date_value(ds[0]), "label", 1.0, ds[0])
                if sf0 is not None:
                    period_labels.append((group, "start", sf0))
        elif key == "end_date":
            ds = _dates_in(dates, vs, ve)
            if ds:
                used_dates.add(ds[0].start)
                f = b.make(ds[0].start, ds[0].end, _date_value(ds[0]), "label", 1.0, ds[0])
                if f:
                    label_end = (f, ds[0])
                    label_ends.append(f)
                    period_labels.append((group, "end", f))
            elif re.search(r"\b(?:present|current|to\s+date|ongoing|now)\b", val, re.IGNORECASE):
                f = b.make(vs, ve, PRESENT, "label", 1.0)
                if f:
                    label_end = (f, None)
                    label_ends.append(f)
                    period_labels.append((group, "end", f))
        elif key == "supervisor_name":
            name = _before_title(_clean_name(re.split(r"[,(\t]|\s-\s", val)[0]))
            if name and match_label(name.strip(" :؛")) is not None:
                name = ""  # the next label ("آمر مستقیم: ایمیل: ..." with the name elsewhere on the line)
            if not name or any(ch.isdigit() for ch in name) or "@" in name:
                # a mixed-script line ("آمر مستقیم: ... Susan Hill ..."): the Latin name anywhere on it
                ln = lt.lines[li]
                latin_name = re.compile(r"(?<![@\w.])" + _NAME_TOKEN + r"(?: " + _NAME_TOKEN + r"){1,3}(?![\w@])")
                nm = latin_name.search(text, ln.start, ln.end)
                for adj in (li - 1, li + 1):
                    # OCR of a right-to-left line may put its Latin run on a line of its own beside the label
                    if nm is None and 0 <= adj < len(lt.lines) and len(text[lt.lines[adj].start:lt.lines[adj].end].split()) <= 6:
                        ln = lt.lines[adj]
                        nm = latin_name.search(text, ln.start, ln.end)
                if nm:
                    vs, ve, val = nm.start(), nm.end(), nm.group(0)
                    name = _clean_name(val)
                contacts_after_supervisor.append((ln.start, ln.end))
            if name and not any(ch.isdigit() for ch in name) and "@" not in name:
                end = vs + val.find(name.split()[-1]) + len(name.split()[-1]) if name.split()[-1] in val else ve
                b.offer("supervisor_name", b.make(vs, end, name, "label", 1.0), 3)
                label_supervisor_line = li
                # the value may wrap onto the next line ("..., 0093 7426\n321 619.")
                contacts_after_supervisor.append((vs, max(ve, min(_sentence_end(flat, vs), ve + 80))))
        elif key == "supervisor_contact":
            contacts_after_supervisor.append((vs, ve))
        elif key == "contact":
            if label_supervisor_line is not None and 0 < li - label_supervisor_line <= 3:
                contacts_after_supervisor.append((vs, ve))
        elif key in ("contract_number", "prime_contract_number", "subcontract_number"):
            m = re.search(_CONTRACT_NUM, val)
            if m:
                cf = b.make(vs + m.start(), vs + m.end(), _norm_contract(m.group("num")), "label", 1.0)
                b.offer(key, cf, 3)
                if cf is not None and key != "prime_contract_number":
                    period_labels.append((group, "contract", cf))
        elif key == "letter_date":
            ds = _dates_in(dates, vs, ve)
            if ds and li < len(lt.lines):
                d = ds[0]
                used_dates.add(d.start)
                b.offer("letter_date", b.make(d.start, d.end, _date_value(d), "label", 1.0, d), 3)

    # ---- date of birth in prose ---------------------------------------------------------------
    for d in dates:
        if d.start in used_dates:
            continue
        before = flat[max(0, d.start - 40):d.start]
        if _DOB_BEFORE.search(before):
            used_dates.add(d.start)
            b.offer("date_of_birth", b.make(d.start, d.end, _date_value(d), "prose", 0.95, d), 2)

    # ---- a birth year alone ("born in 1986", "Date of Birth: 1986") ---------------------------------------
    if "date_of_birth" not in b.fields:
        ym = _BORN_YEAR.search(flat)
        if ym is None:
            for key, vs, ve, _ in pairs:
                if key == "date_of_birth":
                    ym = re.compile(r"^\s*(?P<y>(?:19|20)\d\d)\s*$").match(flat, vs, ve)
                    break
        if ym is not None:
            b.offer("date_of_birth", b.make(ym.start("y"), ym.end("y"), ym.group("y"), "prose", 0.9), 1.5)

    # ---- letter date: labelled or standing alone near the top / in the signature block ---------
    body_start = _body_start(lt)
    for d in dates:
        if d.start in used_dates or "letter_date" in b.fields:
            continue
        before = flat[max(0, d.start - 25):d.start]
        dl = lt.line_at(d.start)
        line_text = re.sub(r"^\s*[A-Z][A-Za-z\- ]{1,25},\s*(?=\S)", "", text[dl.start:dl.end]) if dl else ""
        alone = dl is not None and len(re.sub(r"[\W_]|date[d]?", "", line_text, flags=re.I)) <= len(
            re.sub(r"[\W_]", "", d.raw)) + 1
        if _LETTER_DATE_BEFORE.search(before) or (alone and d.start < body_start):
            used_dates.add(d.start)
            b.offer("letter_date", b.make(d.start, d.end, _date_value(d), "layout", 0.95, d), 2)

    # ---- employment periods from ranges -------------------------------------------------------
    free = [d for d in dates if (d.start not in used_dates or _in_label(pairs, d, ("dates",)))
            and _year(d) >= EARLIEST_EMPLOYMENT_YEAR]
    i = 0
    while i < len(free):
        d1 = free[i]
        d2 = free[i + 1] if i + 1 < len(free) else None
        between = flat[d1.end:d2.start] if d2 else ""
        if d2 is not None and _RANGE_BETWEEN.match(between):
            sf = b.make(d1.start, d1.end, _date_value(d1), "prose", 1.0, d1)
            ef: LetterField | None = b.make(d2.start, d2.end, _date_value(d2), "prose", 1.0, d2)
            periods.append(LetterPeriod(sf, ef, None))
            used_dates.update((d1.start, d2.start))
            i += 2
            continue
        m_open = _OPEN_END.match(flat[d1.end:d1.end + 40])
        if m_open:
            sf = b.make(d1.start, d1.end, _date_value(d1), "prose", 1.0, d1)
            ef = b.make(d1.end + m_open.start("kw"), d1.end + m_open.end("kw"), PRESENT, "prose", 1.0)
            periods.append(LetterPeriod(sf, ef, None))
            used_dates.add(d1.start)
            i += 1
            continue
        before = flat[max(0, d1.start - 80):d1.start]
        if _START_BEFORE.search(before) and d1.start not in used_dates:
            sf = b.make(d1.start, d1.end, _date_value(d1), "prose", 0.95, d1)
            sent_end = _sentence_end(flat, d1.end)
            m_still = _STILL.search(flat, _sentence_start(flat, d1.start), sent_end)
            # an explicit end date later in the same sentence ("... and left on 31 August 2013")
            ef = None
            if d2 is not None and d2.start < sent_end and _END_BEFORE.search(flat[max(d1.end, d2.start - 80):d2.start]):
                ef = b.make(d2.start, d2.end, _date_value(d2), "prose", 0.95, d2)
                used_dates.add(d2.start)
                i += 1
            elif m_still:
                ef = b.make(m_still.start(), m_still.end(), PRESENT, "prose", 0.9)
            periods.append(LetterPeriod(sf, ef, None))
            used_dates.add(d1.start)
            i += 1
            continue
        if _END_BEFORE.search(before) and periods and periods[-1].end_date is None:
            ef = b.make(d1.start, d1.end, _date_value(d1), "prose", 0.95, d1)
            periods[-1] = replace(periods[-1], end_date=ef)
            used_dates.add(d1.start)
        i += 1

    table_periods, table_contracts = _column_table(lt)
    if table_periods and not periods:
        periods = list(table_periods)
        if table_contracts and table_contracts[0] is not None:  # the first period's contract
            b.offer("contract_number", table_contracts[0], 2.5)

    label_periods = _label_periods(period_labels)
    if len(label_periods) > 1 and not periods:
        # "Position (1)", "Start Date (1)", ..., "Start Date (2)"...: one period per group of labels
        periods = label_periods
        label_start = label_end = None
    if label_start is not None or label_end is not None:
        s_f = None
        if label_start is not None:
            d = label_start[0]
            s_f = b.make(d.start, d.end, _date_value(d), "label", 1.0, d)
        e_f = label_end[0] if label_end else None
        if not periods or all(p.start_date is None or (s_f and p.start_date.value != s_f.value) for p in periods):
            periods.insert(0, LetterPeriod(s_f, e_f, None))

    # ---- positions per period, then the letter's position --------------------------------------
    positions = _prose_positions(lt)
    row_positions = _row_positions(lt, periods, positions)
    periods = [replace(p, position=p.position or row_positions.get(i)) for i, p in enumerate(periods)]
    if "position" not in b.fields:
        if periods and periods[0].position is not None:
            b.offer("position", periods[0].position, 2)
        elif positions:
            s, e, val = positions[0]
            b.offer("position", b.make(s, e, val, "prose", 0.9), 2)

    if periods:
        starts = [p.start_date for p in periods if p.start_date is not None]
        ends = [p.end_date for p in periods if p.end_date is not None]
        if starts:
            b.offer("start_date", min(starts, key=lambda f: f.value or min(f.candidates, default="9999")), 2)
        if ends:
            present = [f for f in ends if f.value == PRESENT]
            b.offer("end_date", present[0] if present else max(
                ends, key=lambda f: f.value or max(f.candidates, default="")), 2)

    # ---- employee name (prose) ---------------------------------------------------------------------
    for pat, strength, rank, on_text in _NAME_PATTERNS:
        if "employee_name" in b.fields and b.rank["employee_name"] >= rank:
            break
        hay = text if on_text else flat
        for m in pat.finditer(hay):
            name = _clean_name(m.group("name"))
            if not name or name.split()[0] in _NOT_NAME_START or len(name) < 3:
                continue
            s = m.start("name") + hay[m.start("name"):].find(name)
            b.offer("employee_name", b.make(s, s + len(name), name, "prose", strength), rank)
            break

    # ---- employer (prose, then letterhead) ------------------------------------------------------------
    letterhead = _letterhead(lt, body_start)
    for m in _EMPLOYER_RE.finditer(flat):
        org = _clean_org(m.group("org"))
        if not org or org.split()[0] in ("Mr", "Mr.", "Ms", "Mrs", "He", "She", "Our", "Us", "Me"):
            continue
        s = m.start("org")
        b.offer("employer", b.make(s, s + len(org), org, "prose", 0.95), 2)
        break
    if "employer" not in b.fields:
        # "... worked as X from A to B under contract number N with ORG."
        for p in periods:
            anchor = p.end_date or p.start_date
            if anchor is None:
                continue
            a_off = _offset_of(lt, anchor)
            m2 = _AFTER_RANGE_ORG.search(flat, a_off, _sentence_end(flat, a_off) + 1)
            if m2:
                org = _clean_org(m2.group("org"))
                if (org and len(org.split()) >= 2
                        and org.split()[0] not in ("Mr", "Mr.", "Ms", "Mrs", "He", "She", "Our", "Us", "Me")):
                    st = m2.start("org")
                    # weaker than a letterhead: "... to 2013 with the support of ..." is not always the employer
                    b.offer("employer", b.make(st, st + len(org), org, "prose", 0.9), 0.9)
                    break
    if letterhead is not None:
        s, e, val = letterhead
        lh = b.make(s, e, val, "letterhead", 0.85)
        b.offer("letterhead_organisation", lh, 1)
        b.offer("employer", lh, 1)
        _prefer_longer(b, lh)

    # ---- signature block -----------------------------------------------------------------------------
    sig = _signature(lt)
    signature_block = sig is not None
    if sig is not None:
        sig_start, name_span = sig
        if name_span is not None:
            s, e = name_span
            b.offer("signatory_name", b.make(s, e, _clean_name(text[s:e]), "signature", 0.9), 1)
            if True:  # signer, title, organisation: the organisation line under the signature
                li = lt.line_index(s)
                for ln in lt.lines[li + 2:li + 4]:
                    cand = text[ln.start:ln.end].split("\t")[0].strip()
                    if (_looks_like_org(cand) and len(cand.split()) >= 2 and not find_dates(cand) and _ORG_WORD.search(cand)
                            and "@" not in cand and not re.search(r"\d{3,}", cand)):
                        sig_org = b.make(ln.start, ln.start + len(cand), cand, "signature", 0.8)
                        b.offer("employer", sig_org, 0.8)
                        _prefer_longer(b, sig_org)
                        break

    # ---- supervisor ------------------------------------------------------------------------------------
    sup_span: tuple[int, int] | None = None
    if "supervisor_name" not in b.fields:
        for m in _SUPERVISOR_PROSE.finditer(flat):
            name = _before_title(_clean_name(m.group("name")))
            if not name or name.split()[0] in _NOT_NAME_START:
                continue
            s = m.start("name") + flat[m.start("name"):].find(name)
            b.offer("supervisor_name", b.make(s, s + len(name), name, "prose", 0.95), 2)
            sup_span = (s, _sentence_end(flat, s + len(name)))
            break
    m_signer = _SIGNER_IS_SUPERVISOR.search(flat)
    if "supervisor_name" not in b.fields and m_signer and "signatory_name" in b.fields:
        b.offer("supervisor_name", b.fields["signatory_name"], 1)
        # "I am his supervisor and can be reached at ...": contacts in that sentence are the signer's
        contacts_after_supervisor.append((m_signer.start(), _sentence_end(flat, m_signer.end())))
    if sup_span is not None:
        contacts_after_supervisor.append(sup_span)
    sup = b.fields.get("supervisor_name")
    contact = _contacts(lt, contacts_after_supervisor)
    if contact is None and sup is not None:
        # the supervisor signs the letter: the signature block's contacts are theirs
        sig_name = b.fields.get("signatory_name")
        if sig is not None and sig_name is not None and _same_person(sig_name.value, sup.value):
            contact = _contacts(lt, [(sig[0], len(text))])
        elif sup.method == "label":
            # the next lines after a "Supervisor:" label
            li = lt.line_index(_offset_of(lt, sup))
            ln_end = lt.lines[min(li + 2, len(lt.lines) - 1)].end
            contact = _contacts(lt, [(lt.lines[li].start, ln_end)])
    if contact is not None:
        b.offer("supervisor_contact", contact, 2)

    # ---- Dari prose ("محترم NAME فرزند ...", "به حیث POSITION", "در ORG ایفای وظیفه") ----------------------
    for key, pat, rank in (("employee_name", _FA_NAME, 2.0), ("position", _FA_POSITION, 1.9),
                           ("employer", _FA_EMPLOYER, 2.0)):
        if key in b.fields and b.rank[key] >= rank:
            continue
        fm = pat.search(flat)
        if fm:
            val = fm.group("v").strip()
            b.offer(key, b.make(fm.start("v"), fm.start("v") + len(val), val, "prose", 0.9), rank)
    if periods and all(p.position is None for p in periods) and "position" in b.fields:
        periods[0] = replace(periods[0], position=b.fields["position"])
    _mend_from_letterhead(lt, b)

    # ---- contract numbers --------------------------------------------------------------------------------
    for m in _CONTRACT_RE.finditer(flat):
        label = m.group("label").lower()
        num = m.group("num")
        if not any(c.isdigit() for c in num) or len(num) < 5:
            continue
        key = "prime_contract_number" if _is_prime_label(flat, m) else (
            "subcontract_number" if label.startswith("sub") or "فرعی" in label else "contract_number")
        b.offer(key, b.make(m.start("num"), m.end("num"), _norm_contract(num), "prose", 0.95), 2)
    periods = _period_contracts(lt, periods, b)
    subcontractor = bool(_SUBCONTRACTOR.search(flat)) or "subcontract_number" in b.fields
    # A subcontractor's own number is its contract number; the prime number alone never stands in for it.
    if "contract_number" not in b.fields and "subcontract_number" in b.fields:
        b.offer("contract_number", b.fields["subcontract_number"], 1)
    if subcontractor and "subcontract_number" not in b.fields and "prime_contract_number" in b.fields:
        cn = b.fields.get("contract_number")
        if cn is not None and cn.value != b.fields["prime_contract_number"].value:
            b.offer("subcontract_number", cn, 1)

    # ---- red flags ----------------------------------------------------------------------------------------
    flags: list[RedFlag] = []
    for phrase in red_flag_phrases:
        pat = re.compile(r"(?<!\w)" + r"\s+".join(re.escape(p) for p in phrase.split()) + r"(?!\w)", re.IGNORECASE)
        for m in pat.finditer(flat):
            ev = lt.evidence(m.start(), m.end())
            if ev is None:
                continue
            ctx = flat[max(0, m.start() - 60):m.end() + 60].strip()
            flags.append(RedFlag(phrase, re.sub(r"\s+", " ", ctx), ev.page, ev.bbox))

    return LocatedFields(
        fields=dict(b.fields), periods=tuple(periods), red_flags=tuple(flags),
        signature_block=signature_block, subcontractor=subcontractor, dates=tuple(dates),
    )


# (pattern, strength, rank, run on the text with line breaks rather than the flat text)
_NAME_PATTERNS: list[tuple[re.Pattern[str], float, float, bool]] = [
    (re.compile(r"\b(?:certify|certifies|confirm|confirms|verify|verifies|attest|attests|state|states|declare)\s+"
                r"that\s+" + _HONORIFIC + r"?" + _NAME), 0.95, 2.5, False),
    (re.compile(r"\b(?:employment\s+of|services\s+of|employee,?|name\s+is)\s+" + _HONORIFIC + r"?" + _NAME),
     0.9, 2.2, False),
    (re.compile(r"(?:^|(?<=[.:]\s)|(?<=\s{2}))" + _HONORIFIC + r"?" + _NAME + r",?\s+(?:\([^)]*\)\s+)?(?:,\s*)?"
                r"(?:was|has\s+been|is|worked|served|holder|son\s+of|daughter\s+of|s/o|d/o|born)\b", re.M),
     0.85, 2.1, True),
    (re.compile(r"\b(?:Mr|Mrs|Ms|Miss)\.?\s+" + _NAME), 0.75, 1.5, False),
]


_ORG_WORD = re.compile(r"\b(?:company|co|services|service|group|mission|embassy|llc|inc|ltd|command|corporation|corp|"
                       r"partners|solutions|construction|logistics|agency|office|department|ministry|organi[sz]ation|"
                       r"foundation|association|international|consulting|engineering|security|usaid|forces)\b",
                       re.IGNORECASE)


def _word_confidences(lt: LetterText, f: LetterField) -> dict[str, float]:
    """The OCR confidence of each word of field ``f``, by its text as :class:`LetterText` writes it."""
    import unicodedata

    from workstation.documents.letter_text import logical_arabic

    start = _offset_of(lt, f)
    if lt.text[start:start + len(f.raw)] != f.raw:
        return {}
    out: dict[str, float] = {}
    for w in lt.words_in(start, start + len(f.raw)):
        out[normalise_chars(unicodedata.normalize("NFKC", logical_arabic(w.text.strip())))] = w.confidence
    return out


def _mend_from_letterhead(lt: LetterText, b: _Builder) -> None:
    """The employer named in the body, its OCR slips mended from the letterhead's reading of the same name.

    A letter names its organisation in the letterhead (large print) and again in the body; OCR may
    misread one letter of either (a dot: ``نورنگیت`` for ``نورتگیت``, case 107 of seed 6, a review where
    the letter agreed with the record). When the two read the same words but for a few that are one
    letter apart (never half of them or more), each such word takes the reading Tesseract was surer of.
    """
    from rapidfuzz.distance import Levenshtein

    emp, head = b.fields.get("employer"), b.fields.get("letterhead_organisation")
    if emp is None or head is None or emp.value == head.value or emp.source != "ocr" or head.source != "ocr":
        return
    ew, hw = emp.value.split(), head.value.split()
    if len(ew) != len(hw) or len(ew) < 2:
        return
    diff = [i for i, (x, y) in enumerate(zip(ew, hw, strict=True)) if x != y]
    if not diff or 2 * len(diff) >= len(ew) or any(
            min(len(ew[i]), len(hw[i])) < 4 or Levenshtein.distance(ew[i], hw[i]) > 1 for i in diff):
        return
    ec, hc = _word_confidences(lt, emp), _word_confidences(lt, head)
    mended = list(ew)
    for i in diff:
        if ew[i] in ec and hw[i] in hc and hc[hw[i]] > ec[ew[i]]:
            mended[i] = hw[i]
    if mended != ew:
        b.fields["employer"] = replace(emp, value=" ".join(mended))


def _looks_like_org(s: str) -> bool:
    """Capitalised words with the usual connectors ("Combined Joint Logistics Command, Bagram")."""
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in ("of", "and", "for", "the", "de", "in", "&")
               for w in s.replace(",", " ").split())


def _prefer_longer(b: _Builder, candidate: LetterField | None) -> None:
    """Take ``candidate`` for the employer when the prose named only its beginning ("..., Bagram" cut off)."""
    emp = b.fields.get("employer")
    if (candidate is not None and emp is not None and emp.method == "prose" and len(candidate.value) > len(emp.value)
            and candidate.value.lower().startswith(emp.value.lower())):
        b.offer("employer", candidate, b.rank["employer"] + 0.1)


def _word_field(words: Sequence[LetterWord], value: str, method: str, strength: float,
                date: DateMention | None = None) -> LetterField:
    page = words[0].page
    ws = [w for w in words if w.page == page]
    conf = sum(w.confidence for w in ws) / len(ws) * strength * (0.5 if date is not None and date.ambiguous else 1.0)
    source = "ocr" if any(w.source == "ocr" for w in ws) else "text_layer"
    return LetterField(value=value, confidence=conf, page=page, bbox=union_bbox(w.bbox for w in ws), source=source,
                       raw=" ".join(w.text for w in ws), method=method, ambiguous=bool(date and date.ambiguous),
                       candidates=date.candidates if date is not None and date.ambiguous else (),
                       calendar=date.calendar if date is not None else None)


_TABLE_KEYS = {"position": "position", "start_date": "start", "end_date": "end", "contract_number": "contract"}


def _header_units(lt: LetterText, start: int, parts: Sequence[str]) -> tuple[list[str | None], list[float]]:
    """Column keys and left edges of a candidate header row; a cell of single-word labels splits ("From To")."""
    keys: list[str | None] = []
    xs: list[float] = []
    pos = start
    for part in parts:
        if not any(c.isalnum() for c in part):
            # A table rule read as ``|`` or ``:`` between two cells is no column of its own.
            pos += len(part) + 1
            continue
        ws = [w for w in lt.words_in(pos, pos + len(part)) if any(c.isalnum() for c in w.text)]
        key = _TABLE_KEYS.get(match_label(part) or "")
        exact = _norm_label(part) in _LABEL_EXACT
        if not exact and len(ws) > 1 and all(_TABLE_KEYS.get(match_label(w.text) or "") for w in ws):
            for w in ws:
                keys.append(_TABLE_KEYS.get(match_label(w.text) or ""))
                xs.append(w.bbox[0])
        else:
            letters = re.sub(r"[\W_]", "", part)
            if (key is None and keys and keys[-1] == "start" and "end" not in keys
                    and 1 <= len(letters) <= 3 and letters[0] in "TtIl"):
                # The short label between "From" and the next label, misread ("\\Te" for "To"):
                # a table of periods has its end column there.
                key = "end"
            keys.append(key)
            xs.append(ws[0].bbox[0] if ws else 0.0)
        pos += len(part) + 1
    return keys, xs


def _is_header_row(lt: LetterText, start: int, end: int) -> bool:
    """Whether a line is a table's header (three or more column labels, a start and an end among them)."""
    parts = lt.text[start:end].split("\t")
    if len(parts) < 2:
        return False
    keys, _ = _header_units(lt, start, parts)
    return "start" in keys and "end" in keys and sum(k is not None for k in keys) >= 3


def _prose_across(words: Sequence[LetterWord], bounds: Sequence[float], h: float) -> bool:
    """Whether a line runs on across two or more column edges with only a word space at each: prose.

    A table's cells are apart by their padding; a sentence under the table whose words happen to
    start right of the column edges (none straddles one) still steps over them with ordinary word
    spaces (``... under prime | contractor Northgate | Logistics Services ...``).
    """
    ws = sorted(words, key=lambda w: w.bbox[0])
    crossings = 0
    for a, b in zip(ws, ws[1:], strict=False):
        if any(a.bbox[0] < bnd <= b.bbox[0] for bnd in bounds) and b.bbox[0] - a.bbox[2] < 0.4 * h:
            crossings += 1
    return crossings >= 2


#: What OCR reads a table's vertical rule as when it runs two cells' words together ("2018/6").
_RULE_CHARS = "|/![]"


def _split_at_rule(w: LetterWord, bounds: Sequence[float], h: float) -> list[LetterWord]:
    """``w`` split where a table rule read as a character joins two cells across a column edge.

    OCR reads a rule between cells as ``|`` or ``/`` and, with little padding, glues the cells'
    words into one ("2018/6" for "2018 | 6 October"). Only a rule character standing within about
    half a line height of a column edge the word straddles splits it; a date's own slashes sit
    inside one cell.
    """
    x0, y0, x1, y1 = w.bbox
    n = len(w.text)
    if n < 3:
        return [w]
    step = (x1 - x0) / n
    for bnd in bounds:
        # A rule glued to the word's own end ("|.06/02/2010|") past a column edge: the rule is the edge.
        if x0 < bnd < x1 and w.text[-1] in _RULE_CHARS and abs(x1 - 0.5 * step - bnd) <= 0.6 * h:
            return _split_at_rule(replace(w, text=w.text[:-1], bbox=(x0, y0, x1 - step, y1)), bounds, h)
        if x0 < bnd < x1 and w.text[0] in _RULE_CHARS and abs(x0 + 0.5 * step - bnd) <= 0.6 * h:
            return _split_at_rule(replace(w, text=w.text[1:], bbox=(x0 + step, y0, x1, y1)), bounds, h)
    for bnd in bounds:
        if not x0 < bnd < x1:
            continue
        spots = [i for i, c in enumerate(w.text) if c in _RULE_CHARS and 0 < i < n - 1
                 and abs(x0 + (i + 0.5) * step - bnd) <= 0.6 * h]
        if len(spots) == 1:
            i = spots[0]
            left = replace(w, text=w.text[:i], bbox=(x0, y0, x0 + i * step, y1))
            right = replace(w, text=w.text[i + 1:], bbox=(x0 + (i + 1) * step, y0, x1, y1))
            return [left, *_split_at_rule(right, bounds, h)]
    return [w]


def _column_table(lt: LetterText) -> tuple[list[LetterPeriod], list[LetterField | None]]:
    """Periods from a table with a header row (``Position | From | To | Contract No.``), cells may wrap.

    Columns are the header cells' spans; body lines follow until a line crosses a column boundary
    (prose again). Rows start at each date of the start column; every cell's words are gathered by
    height between one row's start and the next.
    """
    text = lt.text
    letter_dates = functools.cache(lambda: find_dates(text))  # found only when a cell needs them

    for li, ln in enumerate(lt.lines):
        parts = text[ln.start:ln.end].split("\t")
        if len(parts) < 2:
            continue
        keys, xs = _header_units(lt, ln.start, parts)
        if "start" not in keys or "end" not in keys or sum(k is not None for k in keys) < 3:
            continue
        h = ln.height
        # column edges: a little left of each header cell (cell padding); body words never cross them
        bounds = [x - 0.15 * h for x in xs[1:]]
        # a cell's first word may start a little left of its header's (OCR's box, a slanted photo): a
        # word belongs to the column whose header it starts no more than a third of a line before
        starts_at = [x - 0.35 * h for x in xs[1:]]
        body: list[LetterWord] = []
        header_right = max((w.bbox[2] for w in lt.words_in(ln.start, ln.end)), default=0.0)
        for nxt in lt.lines[li + 1:li + 40]:
            if nxt.page != ln.page:
                break
            if nxt.height > 1.6 * h:
                continue  # a watermark or stamp drawn across the table
            # table rules read as "|" by OCR are not words
            ws = [p for w in lt.words_in(nxt.start, nxt.end) for p in _split_at_rule(_off_rules(w, h), bounds, h)
                  if any(c.isalnum() for c in p.text)]
            line_text = text[nxt.start:nxt.end]
            # (A cell's text may run a few pixels past the next header's edge on a tilted photo:
            # straddling an edge means reaching well into both columns.)
            straddles = any(w.bbox[0] < bnd - 0.25 * h and bnd + 0.25 * h < w.bbox[2] for w in ws for bnd in bounds)
            after_table = (match_label(line_text.split(":")[0]) in ("supervisor_name", "prime_contract_number")
                           or _is_closing(line_text))
            # a sentence under the table runs on far past its last column (a cell may outgrow its header)
            runs_past = len(ws) >= 6 and max(w.bbox[2] for w in ws) > header_right + 6 * h
            if straddles or runs_past or _prose_across(ws, bounds, h) or after_table:
                break
            body.extend(ws)
        if not body:
            continue

        def col(w: LetterWord, bounds: list[float] = starts_at) -> int:
            return sum(1 for bnd in bounds if w.bbox[0] >= bnd)

        by_col: dict[str, list[LetterWord]] = {}
        for w in body:
            k = keys[col(w)]
            if k is not None:
                by_col.setdefault(k, []).append(w)
        starts = by_col.get("start", [])
        # the start column's text, word by word, to find where each row's date begins
        spans: list[tuple[int, int, LetterWord]] = []
        col_text = ""
        for w in _reading_order(starts, h):
            if col_text:
                col_text += " "
            wt = _cell_word(w.text)
            spans.append((len(col_text), len(col_text) + len(wt), w))
            col_text += wt
        mentions = find_dates(col_text)
        tops = sorted({min(w.bbox[1] for s0, e0, w in spans if s0 < d.end and d.start < e0) for d in mentions})
        if not tops:
            continue
        tol = 0.6 * h
        rows: list[LetterPeriod] = []
        contracts: list[LetterField | None] = []
        for ri, top in enumerate(tops):
            bottom = tops[ri + 1] - tol if ri + 1 < len(tops) else float("inf")

            def cell(k: str, top: float = top, bottom: float = bottom, tol: float = tol, h: float = h,
                     by_col: dict[str, list[LetterWord]] = by_col) -> list[LetterWord]:
                return _reading_order([w for w in by_col.get(k, []) if top - tol <= w.bbox[1] < bottom], h)

            fields: dict[str, LetterField | None] = {"start": None, "end": None, "position": None}
            for k in ("start", "end"):
                ws = cell(k)
                if not ws:
                    continue
                t = " ".join(_cell_word(w.text) for w in ws)
                ds = find_dates(t)
                if ds and ds[0].ambiguous:
                    # A cell alone shows no order; the letter's other dates may (its text missed a
                    # date with a rule glued to it).
                    ds = [settle_order([ds[0], *letter_dates()], text)[0]]
                if ds:
                    fields[k] = _word_field(ws, _date_value(ds[0]), "table", 1.0, ds[0])
                elif k == "end" and re.search(r"\b(?:present|current|to\s+date|ongoing)\b", t, re.IGNORECASE):
                    fields[k] = _word_field(ws, PRESENT, "table", 1.0)
            ws = cell("position")
            if ws:
                fields["position"] = _word_field(ws, " ".join(w.text for w in ws).strip(" ,;|}{[]_"), "table", 0.95)
            ws = cell("contract")
            # A cell wraps a long number at its hyphens; OCR reads a sans-serif "I" as "|" (never in a number).
            num = re.search(_CONTRACT_NUM, _norm_contract("".join(normalise_chars(w.text).strip(_SPECKS) for w in ws).replace("|", "I"))) if ws else None
            contracts.append(_word_field(ws, _repair_contract(num.group("num")), "table", 0.95) if ws and num else None)
            rows.append(LetterPeriod(fields["start"], fields["end"], fields["position"], contracts[-1]))
        return rows, contracts
    return [], []


def _off_rules(w: LetterWord, h: float) -> LetterWord:
    """``w`` with its box drawn in from table rules OCR took into it: a box twice the line's height
    around a word with no rule character in it holds the cell's vertical rules (and their padding)
    on both sides, which would make the word reach into the next column and above its row."""
    x0, y0, x1, y1 = w.bbox
    n = len(w.text)
    lead = n - len(w.text.lstrip(_SPECKS))
    trail = n - len(w.text.rstrip(_SPECKS))
    if 0 < lead + trail < n:
        # A speck OCR read before or after the word ("_SUB-2007-585") is not where its cell begins.
        step = (x1 - x0) / n
        w = replace(w, text=w.text[lead:n - trail], bbox=(x0 + lead * step, y0, x1 - trail * step, y1))
        x0, y0, x1, y1 = w.bbox
    if y1 - y0 < 1.8 * h or any(c in _RULE_CHARS for c in w.text) or x1 - x0 < 2 * h:
        return w
    mid = (y0 + y1) / 2
    return replace(w, bbox=(x0 + 0.5 * h, mid - 0.5 * h, x1 - 0.5 * h, mid + 0.5 * h))


_SPECKS = "_.,'`"
#: What OCR glues to the ends of a table cell's word: rules (a date's own slash aside), specks, stray colons.
_CELL_EDGE_JUNK = _RULE_CHARS.replace("/", "") + _SPECKS + ";:"


def _reading_order(words: Sequence[LetterWord], h: float) -> list[LetterWord]:
    """``words`` line by line (tops within half a line height), left to right in each line: a word's
    top moves by a pixel or two with its letters (``8 June 2016``: "June" sits lower than "2016")."""
    lines: list[list[LetterWord]] = []
    for w in sorted(words, key=lambda w: w.bbox[1]):
        if lines and w.bbox[1] - lines[-1][0].bbox[1] <= 0.5 * max(h, 1.0):
            lines[-1].append(w)
        else:
            lines.append([w])
    return [w for ln in lines for w in sorted(ln, key=lambda w: w.bbox[0])]


def _cell_word(text: str) -> str:
    """A table cell's word without the rule or speck OCR glued to its ends (``|.06/02/2010``)."""
    return normalise_chars(text).strip(_CELL_EDGE_JUNK) or normalise_chars(text)


def _group_before(lt: LetterText, vs: int, li: int) -> int | None:
    """The period number on the label just before a value at ``vs`` on line ``li`` ("Start Date (2):")."""
    ln = lt.lines[li] if li < len(lt.lines) else None
    lo = ln.start if ln is not None and ln.start <= vs else max(0, vs - 40)
    before = lt.text[max(lo, vs - 40):vs].rstrip(" \t:：")
    label = before.split("\t")[-1]
    return label_group(label + ":") if label else None


_PERIOD_KINDS = ("position", "start", "end", "contract")


def _label_periods(items: Sequence[tuple[int | None, str, LetterField]]) -> list[LetterPeriod]:
    """A form's periods from its labelled values, each period a unit.

    Labels that carry a period number (``Start Date (2)``) are grouped by it, so a label OCR lost
    leaves its own slot empty instead of shifting the next period's value into it. Without numbers,
    a group ends where a kind of label it already holds comes again (``Position``, ``Start Date``,
    ``End Date``, ``Position``...). Returns no periods unless at least two groups hold a date.
    """
    numbered = {g for g, _, _ in items if g is not None}
    groups: list[dict[str, LetterField]] = []
    if len(numbered) >= 2:
        by_number: dict[int, dict[str, LetterField]] = {}
        current: int | None = None
        for g, kind, f in items:
            current = g if g is not None else current
            if current is None:
                continue
            by_number.setdefault(current, {}).setdefault(kind, f)
        groups = [by_number[k] for k in sorted(by_number)]
    else:
        for _, kind, f in items:
            if not groups or kind in groups[-1]:
                groups.append({})
            groups[-1][kind] = f
    groups = [g for g in groups if "start" in g or "end" in g]
    if len(groups) < 2:
        return []
    return [LetterPeriod(g.get("start"), g.get("end"), g.get("position"), g.get("contract")) for g in groups]


def _in_label(pairs: Sequence[tuple[str, int, int, int]], d: DateMention, keys: tuple[str, ...]) -> bool:
    return any(k in keys and vs <= d.start < ve for k, vs, ve, _ in pairs)


def _offset_of(lt: LetterText, f: LetterField) -> int:
    """Character offset of a field's raw text (first occurrence on its page)."""
    idx = lt.text.find(f.raw)
    while idx >= 0:
        ev = lt.evidence(idx, idx + len(f.raw))
        if ev is not None and ev.page == f.page and abs(ev.bbox[1] - f.bbox[1]) < 2:
            return idx
        idx = lt.text.find(f.raw, idx + 1)
    return 0


# A full stop ends a sentence unless it closes an initial ("U.S.", "J.") or a title/company abbreviation.
_STOP = (r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bNo)(?<!\bCo)(?<!\bSt)(?<!\bInc)(?<!\bLtd)"
         r"[.!?]")
_SENT_START = re.compile(_STOP + r"(?=\s+[A-Z\d])|\s{3,}")
_SENT_END = re.compile(_STOP + r"(?=\s+[A-Z\d]|\s*$)|\s{3,}")


def _sentence_start(flat: str, pos: int) -> int:
    last = 0
    for m in _SENT_START.finditer(flat, 0, pos):
        last = m.end()
    return last


def _sentence_end(flat: str, pos: int) -> int:
    m = _SENT_END.search(flat, pos)
    return m.start() if m else len(flat)


def _clean_org(org: str) -> str:
    toks = org.split()
    out: list[str] = []
    for t in toks:
        if t.endswith(".") and t[:-1].lower().rstrip(".") not in _ABBREV and len(t) > 2 and "." not in t[:-1]:
            out.append(t[:-1])
            break
        out.append(t)
    s = _TRAILING_CONNECTOR.sub("", " ".join(out))
    return s.strip(" ,;")


def _prose_positions(lt: LetterText) -> list[tuple[int, int, str]]:
    flat = lt.flat
    out: list[tuple[int, int, str]] = []
    for pat in (_POSITION_RE, _POSITION_RE2, _POSITION_RE3):
        for m in pat.finditer(flat):
            pos = m.group("pos").strip()
            first = pos.split()[0].lower() if pos else ""
            if not pos or first in _BAD_POSITION_START or "\f" in pos:
                continue
            if pos[0].islower() and (first.endswith("ed") or first.endswith("ing")):
                continue  # "the position was funded under ..."
            if any(ch.isdigit() for ch in pos):
                continue
            out.append((m.start("pos"), m.start("pos") + len(pos), pos))
    for m in _FA_POSITION.finditer(flat):
        val = m.group("v").strip()
        if val:
            out.append((m.start("v"), m.start("v") + len(val), val))
    out.sort()
    return out


# Where one period's text ends and the next one's begins: a sentence end, a clause that moves on in time
# ("Thereafter", "and then", "and as", Dari "و سپس"), a paragraph gap, a bullet or a numbered item.
_UNIT_BREAK = re.compile(
    r"(?<=\S)(?<!\b[A-Z])(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bNo)(?<!\bCo)(?<!\bSt)(?<!\bInc)(?<!\bLtd)"
    r"[.;](?=\s+[^a-z\s])"
    r"|\n[ \t]*\n|\n[ \t]*(?:[\u2022\u00b7*\-\u2013]|\(?\d{1,2}[.)]|\(?[a-h][.)])[ \t]"
    r"|\b(?:thereafter|then|subsequently|later|afterwards|following\s+this|after\s+that)\b"
    r"|\band\s+(?:as|from|since|between)\b|سپس|(?:^|\s)و\s+(?:از|به\s+حیث)\b",
    re.IGNORECASE,
)


def _period_anchors(lt: LetterText, periods: Sequence[LetterPeriod]) -> list[tuple[int, int] | None]:
    """Per period, the text span from its first to its last date (``None`` when it has no date read)."""
    out: list[tuple[int, int] | None] = []
    for p in periods:
        offs = [(o, o + len(f.raw)) for f in (p.start_date, p.end_date) if f is not None and f.method != "reader"
                for o in (_offset_of(lt, f),) if lt.text.startswith(f.raw, o)]
        out.append((min(a for a, _ in offs), max(e for _, e in offs)) if offs else None)
    return out


def _unit_of(lt: LetterText, anchors: Sequence[tuple[int, int] | None], start: int, end: int) -> int | None:
    """Which period a value at ``[start, end)`` belongs to: the period of its own line (a table row or a
    bullet), else the period whose dates it follows with no break between, else the one it leads into."""
    if not any(anchors):
        return None
    text = lt.text
    li = lt.line_index(start)
    on_line = [k for k, a in enumerate(anchors) if a is not None and li in (lt.line_index(a[0]), lt.line_index(a[1] - 1))]
    if len(on_line) == 1:
        a = anchors[on_line[0]]
        assert a is not None
        lo, hi = (a[1], start) if a[1] <= start else (end, a[0])
        if not _UNIT_BREAK.search(text, lo, max(lo, hi)):  # a row or a bullet, not a wrapped sentence
            return on_line[0]
    for k, a in enumerate(anchors):
        if a is not None and a[0] <= start < a[1]:
            return k
    before = [k for k, a in enumerate(anchors) if a is not None and a[1] <= start]
    after = [k for k, a in enumerate(anchors) if a is not None and a[0] >= end]
    if before:
        k = max(before, key=lambda k: anchors[k][1])  # type: ignore[index]
        if not _UNIT_BREAK.search(text, anchors[k][1], start):  # type: ignore[index]
            return k
    if after:
        k = min(after, key=lambda k: anchors[k][0])  # type: ignore[index]
        if not _UNIT_BREAK.search(text, end, anchors[k][0]):  # type: ignore[index]
            return k
    return None


def _period_contracts(lt: LetterText, periods: list[LetterPeriod], b: _Builder) -> list[LetterPeriod]:
    """Each period's own contract number: the number stated in its unit (its clause, row or bullet).

    One period: the letter's contract (or subcontract) number. Several: each number goes to the period
    whose text it belongs to (:func:`_unit_of`); a period no number belongs to has none, even when the
    letter states one for another period.
    """
    if not periods or all(p.contract_number is not None for p in periods):
        return periods
    if len(periods) == 1:
        cn = b.fields.get("contract_number") or b.fields.get("subcontract_number")
        return [replace(periods[0], contract_number=cn)] if cn is not None else periods
    anchors = _period_anchors(lt, periods)
    found: dict[int, LetterField] = {}
    for m in _CONTRACT_RE.finditer(lt.flat):
        num = m.group("num")
        if _is_prime_label(lt.flat, m) or not any(c.isdigit() for c in num) or len(num) < 5:
            continue
        # "Contract Number (2) ..." names its period; else the period whose text the number belongs to
        g = label_group(lt.flat[m.start():m.start("num")].rstrip(" :.") + ":")
        k = g - 1 if g is not None and 1 <= g <= len(periods) else _unit_of(lt, anchors, m.start("num"), m.end("num"))
        if k is None or k in found:
            continue
        f = b.make(m.start("num"), m.end("num"), _norm_contract(num), "prose", 0.95)
        if f is not None:
            found[k] = f
    return [p if p.contract_number is not None else replace(p, contract_number=found.get(k))
            for k, p in enumerate(periods)]


def _row_positions(lt: LetterText, periods: Sequence[LetterPeriod],
                   positions: Sequence[tuple[int, int, str]]) -> dict[int, LetterField]:
    """Position of each period: same table row (other cells), else the position in its unit of text
    (:func:`_unit_of`), else the nearest prose position in its sentence."""
    b = _Builder(lt)
    flat = lt.flat
    out: dict[int, LetterField] = {}
    units: dict[int, tuple[int, int, str]] = {}
    if len(periods) > 1:
        anchors = _period_anchors(lt, periods)
        for pp in positions:
            k = _unit_of(lt, anchors, pp[0], pp[1])
            span = anchors[k] if k is not None else None
            if k is not None and span is not None and (
                    k not in units or abs(pp[0] - span[0]) < abs(units[k][0] - span[0])):
                units[k] = pp
    for idx, p in enumerate(periods):
        anchor = p.start_date or p.end_date
        if anchor is None:
            continue
        a = _offset_of(lt, anchor)
        ln = lt.line_at(a)
        # a table row: the date is a cell of its own (OCR's wide gaps between words of prose are not cells)
        own_cell = ln is not None and any(c.strip(" -:;,") == anchor.raw.strip(" -:;,")
                                          for c in lt.text[ln.start:ln.end].split("\t"))
        if ln is not None and len(periods) > 1 and own_cell:
            cells = [c for c in lt.text[ln.start:ln.end].split("\t")]
            pos = ln.start
            for c in cells:
                st = pos
                pos += len(c) + 1
                stripped = c.strip(" -:;,")
                if not stripped or find_dates(c) or re.fullmatch(r"(?i)(to|until|present|-|from)", stripped):
                    continue
                if (re.search(r"[A-Za-z]", stripped) and not re.search(r"\d", stripped) and len(stripped) < 60
                        and match_label(stripped) is None):
                    s0 = st + c.find(stripped)
                    f = b.make(s0, s0 + len(stripped), stripped, "layout", 0.9)
                    if f:
                        out[idx] = f
                    break
            if idx in out:
                continue
        if idx in units:
            st, en, val = units[idx]
            f = b.make(st, en, val, "prose", 0.95)
            if f:
                out[idx] = f
                continue
        s_start, s_end = _sentence_start(flat, a), _sentence_end(flat, a)
        cands = [pp for pp in positions if s_start <= pp[0] <= s_end]
        if not cands:
            # the sentence before ("He worked as X. He served from A to B.")
            cands = [pp for pp in positions if pp[0] < a]
            cands = cands[-1:]
        if cands:
            best = min(cands, key=lambda pp: abs(pp[0] - a))
            f = b.make(best[0], best[1], best[2], "prose", 0.95)
            if f:
                out[idx] = f
    return out


def _body_start(lt: LetterText) -> int:
    """Offset where the letter's body starts (the salutation or subject line), or a third into page 1."""
    m = _SALUTATION.search(lt.text)
    if m:
        return m.start()
    first_page = [ln for ln in lt.lines if ln.page == 1]
    if not first_page:
        return 0
    return first_page[min(len(first_page) - 1, max(1, len(first_page) // 3))].start


_ADDRESS = re.compile(r"\b(?:road|street|st\.|house|avenue|ave\.|district|suite|drive|airfield|box|floor|"
                      r"building|lane|square|village|province|blvd)\b|,\s*(?:kabul|kandahar|herat|afghanistan|va|usa)\b",
                      re.IGNORECASE)


def _letterhead(lt: LetterText, body_start: int) -> tuple[int, int, str] | None:
    """The organisation named in the letterhead: the tallest text line at the top of page 1, not an address."""
    cands = []
    for ln in lt.lines:
        if ln.page != 1 or ln.start >= body_start:
            break
        pos = ln.start
        best: tuple[int, str] | None = None
        for cell in lt.text[ln.start:ln.end].split("\t"):
            st = pos
            pos += len(cell) + 1
            words = cell.split()
            if not words or (len(words) == 1 and len(cell) <= 5 and cell.isupper()):
                continue  # a logo's initials
            if len(words) > 1 and len(words[0]) <= 4 and words[0].isupper() and words[0].isalpha() and (
                    "".join(w[0] for w in words[1:] if w[:1].isupper()).startswith(words[0][:2])):
                st += len(words[0]) + 1  # "SRS Silk Route Security Services": initials beside the name
                cell = cell[len(words[0]) + 1:]
            if best is None or len(cell) > len(best[1]):
                best = (st, cell)
        if best is None:
            continue
        start, s = best
        if re.search(r"\b(?:memorandum|subject|specimen|department\s+of\s+the|ref(?:erence)?\b|letter\s+of|"
                     r"verification|certificate|to\s+whom|تصدیق|گواهی|مکتوب)", normalise_chars(s), re.IGNORECASE):
            continue
        if (len(re.findall(r"[A-Za-z\u0600-\u06ff]", s)) < 3 or "@" in s or find_dates(s)
                or _SALUTATION.search(s) or re.search(r"\b(?:tel|phone|fax|email|www|http|p\.?o\.? box)\b", s, re.I)
                or re.search(r"\d{3,}", s) or ":" in s or _ADDRESS.search(s)):
            continue
        if match_label(s) is not None:
            continue  # a table's label cell ("Employer"), whose box rule remnants made tall
        cands.append((ln.height, start, s))
    if not cands:
        return None
    tallest = max(h for h, _, _ in cands)
    # the first of the tallest lines (a centred name and address can be the same size)
    start, val = next((st, v) for h, st, v in cands if h >= 0.9 * tallest)
    a, b = _strip(val)
    if b <= a:
        return None
    return start + a, start + b, val[a:b]


#: Words of a signer's title line, never of the signer's name.
_TITLE_WORDS = {"manager", "director", "officer", "supervisor", "lead", "coordinator", "chief", "head", "commander",
                "specialist", "representative", "administrator", "advisor", "adviser", "president", "vice", "deputy",
                "assistant", "executive", "secretary", "hr", "human", "resources", "program", "programme", "project",
                "country", "site", "team", "department", "general", "senior", "principal", "partner", "owner",
                "ceo", "coo", "cfo", "captain", "major", "colonel", "lieutenant", "sergeant", "contracting",
                "operations", "company", "llc", "inc", "ltd", "specimen", "page", "synthetic", "document"}
_SIG_LINE = re.compile(r"^\s*(?:signature|signed|sign|name\s+and\s+signature|authori[sz]ed\s+signatory)\s*[:.]|"
                       r"^\s*_{4,}|^\s*\.{6,}", re.IGNORECASE)
_CLOSINGS = ("sincerely", "yours sincerely", "yours faithfully", "yours truly", "best regards", "kind regards",
             "regards", "respectfully", "with regards", "warm regards", "thank you", "با احترام")


def _is_closing(line: str) -> bool:
    """A closing line ("Sincerely,", "Best regards"), also as OCR misreads it ("Sincerelv", "Smcerely,")."""
    if _CLOSING.match(line):
        return True
    words = re.sub(r"[^\w\s\u0600-\u06ff]", " ", line).lower().split()
    if not words or len(words) > 3:
        return False
    head = " ".join(words)
    return any(fuzz.ratio(head, c) >= 80 for c in _CLOSINGS if len(c) >= 7)


def _before_title(name: str) -> str:
    """A person's name without the title OCR ran into it when the comma between was lost
    (``Farhad Noori Contracting Officer's Represe``); a name of one word is kept whole."""
    toks = name.split()
    for k, t in enumerate(toks):
        if k >= 2 and re.sub(r"(?:'s|[^a-z])", "", t.lower()) in _TITLE_WORDS:
            return " ".join(toks[:k])
    return name


def _name_line(s: str) -> str | None:
    """The person's name a line holds alone (``John Smith``, ``SARAH THOMPSON``, ``Dr. A. Karimi``), or ``None``."""
    cleaned = re.sub(r"^(?:name|signed|signature|signatory)\s*:\s*", "", s.replace("\t", " "), flags=re.I)
    # "Sarah Jones, Country Director" (title after a comma), OCR junk after the name ("JOHN MILLER, é")
    cleaned = re.sub(r"\s+", " ", cleaned.split(",")[0]).strip(" _.-,|")
    if not cleaned or "@" in cleaned or ":" in cleaned or re.search(r"\d", cleaned):
        return None
    body = re.sub(r"^" + _HONORIFIC, "", cleaned)
    toks = body.split()
    if not 2 <= len(toks) <= 4 or any(t.lower().strip(".,") in _TITLE_WORDS for t in toks):
        return None
    if not all(re.fullmatch(r"[A-Z](?:[A-Za-z'\-]+|\.)", t) for t in toks) or _ORG_WORD.search(body):
        return None
    return cleaned


def _signature(lt: LetterText) -> tuple[int, tuple[int, int] | None] | None:
    """The signature block: ``(offset where it starts, span of the signer's name)``, or ``None``.

    A closing ("Sincerely,", OCR-tolerant) or a signature line (``Signature:``, a rule of underscores)
    with the signer's name under it; or, as letters drawn without a closing end (forms, memoranda,
    Dari letters whose closing OCR garbles), a person's name standing alone on a line in the letter's
    last lines after its body text, usually over a title line.
    """
    text = lt.text
    lines = lt.lines

    def name_at(i: int) -> tuple[int, int] | None:
        s = text[lines[i].start:lines[i].end]
        cand = _name_line(s.split("\t")[0]) or _name_line(s)
        if cand is None:
            return None
        flat_line = re.sub(r"\s+", " ", s.replace("\t", " "))
        off = flat_line.find(cand)
        if off < 0 or flat_line != s:
            # tabs inside the line: map back by the first and last token
            first, last = cand.split()[0], cand.split()[-1]
            a = s.find(first)
            z = s.rfind(last)
            return (lines[i].start + a, lines[i].start + z + len(last)) if 0 <= a <= z else None
        return lines[i].start + off, lines[i].start + off + len(cand)

    for i, ln in enumerate(lines):
        line_text = text[ln.start:ln.end]
        if not (_is_closing(line_text) or _SIG_LINE.match(line_text)):
            continue
        for j in range(i + 1, min(i + 6, len(lines))):
            span = name_at(j)
            if span is not None:
                return ln.start, span
        return ln.start, None
    # no closing: the letter's last lines after its body (footer lines skipped)
    tail: list[int] = []
    for i in range(len(lines) - 1, -1, -1):
        s = text[lines[i].start:lines[i].end]
        words = s.split()
        if len(words) >= 6 and sum(w[:1].islower() for w in words) >= 2:
            break  # a line of the body's prose
        tail.append(i)
        if len(tail) >= 10:
            break
    for i in sorted(tail):
        span = name_at(i)
        if span is not None:
            return lines[i].start, span
    return None


def _same_person(a: str, b: str) -> bool:
    return fuzz.token_set_ratio(a.lower(), b.lower()) >= 85


def _contacts(lt: LetterText, spans: Sequence[tuple[int, int]]) -> LetterField | None:
    """Emails and phone numbers in ``spans``, joined as ``email, phone`` with the union box of the first."""
    found: list[tuple[int, int, str]] = []
    for s, e in spans:
        seg = lt.flat[s:e]
        for m in _EMAIL.finditer(seg):
            found.append((s + m.start(), s + m.end(), m.group(0).replace(" ", "").replace("|", "l")))
        for m in _PHONE.finditer(seg):
            # stop at the end of a sentence or a parenthesis: "+93 79 745 9054). 4. Next paragraph"
            v = re.split(r"\)?\.\s|\)\s*[.,;]|\)\s*$", m.group(0))[0].rstrip(" .-(")
            if v.count("(") > v.count(")"):
                v = v.rstrip("(")
            digits = re.sub(r"\D", "", v)
            if len(digits) >= 9 and not find_dates(v):
                found.append((s + m.start(), s + m.start() + len(v), re.sub(r"^(\d{1,3})\+ ?", r"+\1 ", v.strip())))
    if not found:
        return None
    # Overlapping search spans find the same contact twice, or a shorter piece of it: keep the longest.
    found.sort(key=lambda t: (t[0], -(t[1] - t[0])))
    kept: list[tuple[int, int, str]] = []
    for item in found:
        if not any(k[0] <= item[0] and item[1] <= k[1] for k in kept):
            kept.append(item)
    found = kept
    seen: list[str] = []
    for _, _, v in sorted(found, key=lambda t: ("@" not in t[2], t[0])):  # e-mail first, then phone
        if v not in seen:
            seen.append(v)
    evs = [lt.evidence(s, e) for s, e, _ in found]
    first = evs[0]
    if first is None:
        return None
    boxes = [ev.bbox for ev in evs if ev is not None and ev.page == first.page]
    conf = sum(ev.confidence for ev in evs if ev is not None) / len(evs)
    return LetterField(value=", ".join(seen), confidence=conf * 0.95, page=first.page, bbox=union_bbox(boxes),
                       source=first.source, raw=", ".join(v for _, _, v in found), method="prose")
