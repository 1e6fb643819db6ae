"""Validators and parsers for complaint fields, as people in Kazakhstan type them.

Each failure raises :class:`ComplaintValidationError` whose message is already translated into
the current language (``i18n.use_language``) — the intake shows it as is. Messages never echo
the value back (it may be an IIN), only what is wrong with it.

Formats understood (kk/ru/en):

* IIN / BIN: 12 digits with the Kazakh checksum (weights 1..11, then 3..11,1,2 if the remainder
  is 10; a second remainder of 10 means no number can carry that prefix).
* Amounts in tenge: ``150к``, ``150 000 тг``, ``150 мың теңге``, ``1,5 млн``, ``1.5m``,
  ``200 тыс``, ``150000 tenge``, ``150 000 ₸``.
* Periods: ``с марта по май``, ``наурыздан мамырға дейін``, ``since March``, ``2 ай``,
  ``3 месяца``, ``01.03.2026–31.05.2026``, ``с 01.03.2026``, ``март 2026``.
* Attachments: size limit and an allow-list of types, checked against the file's magic bytes.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

from babel.numbers import format_decimal

from i18n import _, current_language
from i18n.normalize import ascii_digits, clean

__all__ = [
    "ALLOWED_ATTACHMENT_TYPES",
    "MACRO_CAPABLE_TYPES",
    "MAX_ATTACHMENT_BYTES",
    "ComplaintValidationError",
    "Period",
    "check_attachment",
    "iin_bin_check_digit",
    "macro_refusal",
    "parse_amount",
    "parse_period",
    "validate_bin",
    "validate_iin",
]


class ComplaintValidationError(ValueError):
    """A field value was refused; ``str(error)`` is the localized message for the user."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


# --- IIN / BIN ---------------------------------------------------------------------------------

_WEIGHTS_1: Final = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)
_WEIGHTS_2: Final = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)


def iin_bin_check_digit(first11: str) -> int | None:
    """The 12th digit of an IIN/BIN starting with ``first11``; ``None`` if none exists.

    >>> iin_bin_check_digit("97124000131")
    5
    """
    if len(first11) != 11 or not first11.isdigit():
        raise ValueError("need exactly 11 digits")
    digits = [int(c) for c in first11]
    remainder = sum(d * w for d, w in zip(digits, _WEIGHTS_1, strict=True)) % 11
    if remainder == 10:
        remainder = sum(d * w for d, w in zip(digits, _WEIGHTS_2, strict=True)) % 11
        if remainder == 10:
            return None  # such numbers are never issued
    return remainder


def _clean_number(value: str) -> str:
    # People paste "9712 4000 1315" or "971-240-001-315", from keyboards that give full-width
    # or superscript digits: NFKC and ascii_digits make them plain.
    return re.sub(r"[\s\-‐‑–.]", "", ascii_digits(clean(value or "")))


def _check_12_digits(field: str, value: str, what: str) -> str:
    cleaned = _clean_number(value)
    if not cleaned:
        raise ComplaintValidationError(field, _("Please enter the {what}.").format(what=what))
    if not (cleaned.isascii() and cleaned.isdigit()):
        raise ComplaintValidationError(
            field, _("The {what} must contain digits only.").format(what=what)
        )
    if len(cleaned) != 12:
        raise ComplaintValidationError(
            field,
            _("The {what} must have 12 digits; you entered {count}.").format(
                what=what, count=len(cleaned)
            ),
        )
    if iin_bin_check_digit(cleaned[:11]) != int(cleaned[11]):
        raise ComplaintValidationError(
            field,
            _("This {what} is not valid (the check digit does not match). Please check it.").format(
                what=what
            ),
        )
    return cleaned


def validate_iin(value: str) -> str:
    """Return the 12-digit IIN (individual identification number) or raise.

    Beyond the checksum, the first six digits are a birth date (YYMMDD) and the seventh the
    century and sex (1..6; 0 is used for some foreigners).
    """
    what = _("IIN")
    iin = _check_12_digits("iin", value, what)
    month, day, century = int(iin[2:4]), int(iin[4:6]), int(iin[6])
    if not (1 <= month <= 12 and 1 <= day <= 31 and century <= 6):
        raise ComplaintValidationError(
            "iin",
            _("This {what} is not valid (the check digit does not match). Please check it.").format(
                what=what
            ),
        )
    return iin


def validate_bin(value: str) -> str:
    """Return the 12-digit BIN (business identification number) or raise.

    Digits 1-4 are the registration year and month, digit 5 the kind of entity: 4 resident
    legal entity, 5 non-resident, 6 individual entrepreneur in joint venture.
    """
    what = _("BIN")
    bin_ = _check_12_digits("bin", value, what)
    if not (1 <= int(bin_[2:4]) <= 12) or bin_[4] not in "456":
        raise ComplaintValidationError(
            "bin",
            _("This looks like an IIN, not a company BIN. Please enter the employer's BIN.")
            if bin_[4] in "0123"
            else _("This {what} is not valid (the check digit does not match). "
                   "Please check it.").format(what=what),
        )
    return bin_


# --- amounts -----------------------------------------------------------------------------------

_MULTIPLIERS: Final[dict[str, int]] = {
    "к": 1_000, "k": 1_000, "тыс": 1_000, "тысяч": 1_000, "тысячи": 1_000, "тысяча": 1_000,
    "т.": 1_000, "мың": 1_000, "мын": 1_000, "myn": 1_000, "thousand": 1_000, "thousands": 1_000,
    "млн": 1_000_000, "миллион": 1_000_000, "миллиона": 1_000_000, "миллионов": 1_000_000,
    "million": 1_000_000, "millions": 1_000_000, "mln": 1_000_000, "m": 1_000_000,
    "mio": 1_000_000, "млрд": 1_000_000_000, "миллиард": 1_000_000_000,
}
_TENGE: Final = frozenset(
    {"тг", "тенге", "теңге", "тңг", "₸", "kzt", "tenge", "tg", "т", "тнг", "теньге"}
)
_FOREIGN: Final = re.compile(
    r"(\$|usd|доллар|dollar|€|eur|евро|euro|руб|rub|₽|сом|som|сум|sum)", re.IGNORECASE
)
_AMOUNT_RE: Final = re.compile(
    r"^(?P<number>\d[\d\s\u00a0\u202f.,']*)\s*(?P<rest>[^\d]*)$", re.IGNORECASE
)
MAX_AMOUNT_KZT: Final = 10_000_000_000  # 10 bn tenge: anything above is a typo


def _to_decimal(number: str, has_multiplier: bool) -> Decimal:
    digits = re.sub(r"[\s\u00a0\u202f']", "", number)
    if digits.count(",") + digits.count(".") > 1:
        # "1.500.000" / "1,500,000": thousands separators; "1 500,50": last one is decimal.
        last = max(digits.rfind(","), digits.rfind("."))
        whole = re.sub(r"[.,]", "", digits[:last])
        tail = digits[last + 1 :]
        digits = whole + tail if len(tail) == 3 else whole + "." + tail
    elif "," in digits or "." in digits:
        sep = "," if "," in digits else "."
        whole, tail = digits.split(sep)
        # "150,000" without a multiplier is a thousands separator; "1,5 млн" is a decimal.
        digits = whole + tail if len(tail) == 3 and not has_multiplier else f"{whole}.{tail}"
    return Decimal(digits)


def _unreadable_amount() -> ComplaintValidationError:
    return ComplaintValidationError(
        "amount",
        _("I could not read the amount. Write it like this: 150000, 150 000 тг or 1,5 млн."),
    )


#: An amount inside a sentence: digits with separators, then a multiplier or a currency word.
_AMOUNT_IN_TEXT: Final = re.compile(
    r"\d[\d\s\u00a0.,']*\s*(?:к|k|тыс\w*|мың|мын|myn|thousand|млн|миллион\w*|million|mln)?\.?"
    r"\s*(?:тг|тенге|теңге|₸|kzt|tenge|tg)?(?!\w)"
)
#: Words before the total when a sentence names several amounts ("по 150к, всего 450к").
_TOTAL_WORDS: Final = ("всего", "итого", "барлығы", "жалпы", "total", "altogether")


def _amount_in_sentence(raw: str) -> int:
    """The amount in "450 000 тенге за 3 месяца", or the total in "по 150к, всего 450к"."""
    total = max((raw.rfind(word) for word in _TOTAL_WORDS), default=-1)
    for match in _AMOUNT_IN_TEXT.finditer(raw, max(total, 0)):
        candidate = match.group(0).strip(" .,")
        if not candidate or not _AMOUNT_RE.match(candidate):
            continue
        amount = parse_amount(candidate)
        # "за 3 месяца" holds a number, not an amount: a bare number counts from 1 000 tenge.
        if amount >= 1000 or not candidate.replace(" ", "").isdigit():
            return amount
    raise _unreadable_amount()


def parse_amount(text: str) -> int:
    """Parse an amount of money in tenge; return whole tenge.

    >>> parse_amount("1,5 млн")
    1500000
    >>> parse_amount("150 мың теңге")
    150000
    >>> parse_amount("по 150к в месяц, всего 450к")
    450000
    """
    raw = ascii_digits(clean(text or "")).lower()
    if not raw:
        raise ComplaintValidationError("amount", _("Please enter the amount in tenge."))
    if _FOREIGN.search(raw):
        raise ComplaintValidationError(
            "amount", _("Please give the amount in tenge (KZT), not in another currency.")
        )
    match = _AMOUNT_RE.match(raw)
    if match is None:
        return _amount_in_sentence(raw)
    words = [w for w in re.split(r"[\s.]+", match["rest"].strip()) if w]
    multiplier = 1
    for i, word in enumerate(words):
        word = word.strip(",;:!")
        if word in _MULTIPLIERS and multiplier == 1 and i == 0:
            multiplier = _MULTIPLIERS[word]
        elif word.rstrip(".") in _TENGE or word in _TENGE:
            continue
        elif i == 0 and word and word[0] in "кk" and word.endswith(("тг", "tg")):
            multiplier = 1_000  # "150ктг"
        else:
            raise _unreadable_amount()
    try:
        value = _to_decimal(match["number"].strip(" .,"), multiplier != 1) * multiplier
    except (InvalidOperation, ValueError):
        raise _unreadable_amount() from None
    amount = int(value.to_integral_value(rounding=ROUND_HALF_UP))  # whole tenge
    if amount <= 0:
        raise ComplaintValidationError("amount", _("The amount must be greater than zero."))
    if amount > MAX_AMOUNT_KZT:
        raise ComplaintValidationError(
            "amount", _("This amount looks too large. Please check the number of zeros.")
        )
    return amount


# --- periods -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Period:
    """A period of the violation: ``end`` is ``None`` when it is still going on."""

    start: date
    end: date | None


# Month stems (lower case). Kazakh and Russian months take case endings (наурыздан, мамырға,
# марта, мае), so we match the beginning of the word.
_MONTH_STEMS: Final[tuple[tuple[int, tuple[str, ...]], ...]] = (
    (1, ("январ", "қаңтар", "каңтар", "кантар", "qantar", "january", "jan")),
    (2, ("феврал", "ақпан", "акпан", "aqpan", "february", "feb")),
    (3, ("март", "наурыз", "nauryz", "march", "mar")),
    (4, ("апрел", "сәуір", "сауір", "сәуiр", "сауир", "sauir", "sáýir", "april", "apr")),
    (5, ("мая", "май", "мае", "мамыр", "mamyr", "may")),
    (6, ("июн", "маусым", "maýsym", "mausym", "june", "jun")),
    (7, ("июл", "шілде", "шилде", "shilde", "july", "jul")),
    (8, ("август", "тамыз", "tamyz", "august", "aug")),
    (9, ("сентябр", "қыркүйек", "кыркуйек", "qyrkúıek", "qyrkuiek", "september", "sep")),
    (10, ("октябр", "қазан", "казан", "qazan", "october", "oct")),
    (11, ("ноябр", "қараша", "караша", "qarasha", "november", "nov")),
    (12, ("декабр", "желтоқсан", "желтоксан", "jeltoqsan", "zheltoqsan", "december", "dec")),
)
_NUMBER_WORDS: Final[dict[str, int]] = {
    "один": 1, "одного": 1, "бір": 1, "бир": 1, "one": 1, "a": 1, "an": 1,
    "два": 2, "двух": 2, "екі": 2, "еки": 2, "two": 2,
    "три": 3, "трёх": 3, "трех": 3, "үш": 3, "уш": 3, "three": 3,
    "четыре": 4, "четырёх": 4, "төрт": 4, "торт": 4, "four": 4,
    "пять": 5, "пяти": 5, "бес": 5, "five": 5,
    "шесть": 6, "шести": 6, "алты": 6, "six": 6,
    "семь": 7, "жеті": 7, "жети": 7, "seven": 7,
    "восемь": 8, "сегіз": 8, "сегиз": 8, "eight": 8,
    "девять": 9, "тоғыз": 9, "тогыз": 9, "nine": 9,
    "десять": 10, "он": 10, "ten": 10,
    "одиннадцать": 11, "eleven": 11, "двенадцать": 12, "twelve": 12,
}
_MONTH_UNIT: Final = re.compile(r"^(ай|айдан|айдай|айға|мес|месяц\w*|month\w*|mo|ay)$")
_DATE_RE: Final = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{2,4})|(\d{4})-(\d{2})-(\d{2})")
_SINCE_WORDS: Final = ("с ", "since", "from", "бастап", "начиная", "по сей день", "до сих пор")


def _month_of(word: str) -> int | None:
    word = word.lower().strip(".,;:!?()")
    if len(word) < 3:
        return None
    for number, stems in _MONTH_STEMS:
        for stem in stems:
            if len(stem) <= 3:
                if word == stem or (len(word) <= 4 and word.startswith(stem)):
                    return number
            elif word.startswith(stem):
                return number
    return None


def _month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _invalid_period() -> ComplaintValidationError:
    return ComplaintValidationError(
        "period",
        _("I could not understand the period. Write, for example: "
          "01.03.2026–31.05.2026, \"from March to May\" or \"2 months\"."),
    )


def _parse_dates(text: str) -> list[date]:
    found: list[date] = []
    for m in _DATE_RE.finditer(text):
        try:
            if m.group(4):
                found.append(date(int(m.group(4)), int(m.group(5)), int(m.group(6))))
            else:
                year = int(m.group(3))
                year = year + 2000 if year < 100 else year
                found.append(date(year, int(m.group(2)), int(m.group(1))))
        except ValueError:
            raise ComplaintValidationError(
                "period", _("This date does not exist. Please check the day and month.")
            ) from None
    return found


def parse_period(text: str, today: date | None = None) -> Period:
    """Parse the period of a violation relative to ``today`` (default: the current date).

    Months without a year are the most recent such months not after ``today``.

    >>> parse_period("с марта по май", today=date(2026, 6, 10))
    Period(start=datetime.date(2026, 3, 1), end=datetime.date(2026, 5, 31))
    """
    today = today or date.today()
    raw = ascii_digits(clean(text or "")).lower()
    if not raw:
        raise _invalid_period()

    dates = _parse_dates(raw)
    if dates:
        start = dates[0]
        end: date | None = dates[1] if len(dates) > 1 else None
        if len(dates) == 1 and not any(w in f" {raw}" for w in _SINCE_WORDS):
            end = start  # a single day
        return _checked(Period(start, end), today)

    words = re.findall(r"[\w'’]+", raw)
    years = [int(w) for w in words if re.fullmatch(r"(19|20)\d\d", w)]
    months = [m for m in (_month_of(w) for w in words) if m is not None]

    # "2 ай", "3 месяца", "two months", "екі ай": the last N months up to today.
    for i, word in enumerate(words[:-1]):
        count = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
        if count and _MONTH_UNIT.match(words[i + 1]) and not months:
            if not 1 <= count <= 120:
                raise _invalid_period()
            return Period(_shift_months(today, count), None)
    if not months:
        raise _invalid_period()

    def year_for(month: int) -> int:
        if years:
            return years[0] if len(years) == 1 or month == months[0] else years[-1]
        return today.year if month <= today.month else today.year - 1

    first, last = months[0], months[-1]
    start_year = year_for(first)
    start = _month_start(start_year, first)
    since = len(months) == 1 and any(w in f" {raw}" for w in _SINCE_WORDS)
    if since:
        return _checked(Period(start, None), today)
    end_year = years[-1] if len(years) > 1 else start_year + (1 if last < first else 0)
    if not years and last < first:  # "с ноября по февраль": the period crosses New Year
        end_year = today.year if last <= today.month else today.year - 1
        start = _month_start(end_year - 1, first)
    return _checked(Period(start, _month_end(end_year, last)), today)


def _checked(period: Period, today: date) -> Period:
    if period.end is not None and period.end < period.start:
        raise ComplaintValidationError(
            "period", _("The end of the period is before its start. Please check the dates.")
        )
    if period.start > today:
        raise ComplaintValidationError("period", _("The period cannot start in the future."))
    if period.start.year < 1991:
        raise _invalid_period()
    return period


# --- attachments -------------------------------------------------------------------------------

MAX_ATTACHMENT_BYTES: Final = 20 * 1024 * 1024  # Telegram bots can download at most 20 MB
ALLOWED_ATTACHMENT_TYPES: Final[dict[str, str]] = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/webp": "WebP",
    "image/heic": "HEIC",
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "text/plain": "TXT",
}


#: Formats that can carry macros the server cannot check: refused with a way out (PDF/DOCX).
MACRO_CAPABLE_TYPES: Final = frozenset({
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.ms-word.document.macroenabled.12",
    "application/vnd.ms-word.template.macroenabled.12",
    "application/vnd.ms-excel.sheet.macroenabled.12",
    "application/vnd.ms-excel.template.macroenabled.12",
    "application/vnd.ms-excel.addin.macroenabled.12",
    "application/vnd.ms-excel.sheet.binary.macroenabled.12",
    "application/vnd.ms-powerpoint.presentation.macroenabled.12",
})


def macro_refusal() -> ComplaintValidationError:
    """The localized refusal of a document that is (or may be) carrying macros."""
    return ComplaintValidationError(
        "attachment",
        _("Old Word/Excel files and documents with macros are not accepted. Please save the "
          "document as PDF or DOCX and send it again."),
    )


def _sniff(head: bytes) -> str | None:
    """The MIME type implied by the first bytes, or None when unknown/plain text."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp" and head[8:12] in (b"heic", b"heix", b"mif1", b"msf1", b"hevc"):
        return "image/heic"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"PK\x03\x04"):
        return "application/zip"  # docx and xlsx are zip containers
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "application/msword"
    return None


def check_attachment(size_bytes: int, mime_type: str | None, head: bytes = b"") -> str:
    """Check a received file; return its normalised MIME type or raise.

    ``head`` (the first bytes, when available) must agree with the declared type, so a renamed
    executable is refused.
    """
    allowed = ", ".join(sorted(set(ALLOWED_ATTACHMENT_TYPES.values())))
    if size_bytes <= 0:
        raise ComplaintValidationError("attachment", _("The file is empty."))
    if size_bytes > MAX_ATTACHMENT_BYTES:
        raise ComplaintValidationError(
            "attachment",
            _("The file is too large ({size} MB). The limit is {limit} MB.").format(
                size=format_decimal(round(size_bytes / 1024 / 1024, 1), locale=current_language()),
                limit=MAX_ATTACHMENT_BYTES // 1024 // 1024,
            ),
        )
    mime = (mime_type or "").split(";")[0].strip().lower()
    if mime == "image/jpg":
        mime = "image/jpeg"
    if mime in MACRO_CAPABLE_TYPES:
        raise macro_refusal()
    if mime not in ALLOWED_ATTACHMENT_TYPES:
        raise ComplaintValidationError(
            "attachment",
            _("This type of file is not accepted. Please send a photo or a document: "
              "{types}.").format(types=allowed),
        )
    if head:
        sniffed = _sniff(head)
        ok = (
            sniffed == mime
            or (sniffed == "application/zip" and mime.startswith("application/vnd.openxml"))
            or (sniffed is None and mime == "text/plain" and b"\x00" not in head)
        )
        if not ok:
            raise ComplaintValidationError(
                "attachment",
                _("The file content does not match its type. Please send the original file."),
            )
    return mime
