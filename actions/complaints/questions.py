"""The complaint form's questions: options with their typed words, readers, hints.

Readers take what people type ("150к", "+7 701 555 44 33", "с марта по май", "алмата") and
return the canonical value the complaint stores, or refuse with the validators' localized
message (never echoing the value: it may be an IIN).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Final

from actions.complaints.draft import NONE, SLOTS
from actions.complaints.places import region_of
from actions.forms import Option, Question, Refusal, typed
from complaints.model import CATEGORIES, TEXT_LIMITS, IdentityTier, category_from_intent
from complaints.texts import category_label, tier_explanation, tier_label
from complaints.validators import (
    ComplaintValidationError,
    parse_amount,
    parse_period,
    validate_bin,
    validate_iin,
)
from i18n import _
from i18n.normalize import ascii_digits, clean

__all__ = ["EDITABLE", "QUESTIONS", "TOP_CATEGORIES", "field_name", "read_phone"]

#: Shown first among the category buttons: the most common complaints.
TOP_CATEGORIES: Final = ("wages_unpaid", "dismissal", "algorithmic_management", "working_time",
                         "employment_contract", "safety_injury", "migrant_rights", "other")
#: Fields the summary's "Edit" offers (slot suffixes), with the words that name them.
EDITABLE: Final[dict[str, tuple[str, ...]]] = {
    "category": ("тем", "тақырып", "topic", "категор"),
    "employer": ("работодател", "компани", "фирм", "жұмыс беруш", "employer", "company"),
    "bin": ("бин", "бсн", "bin"),
    "region": ("регион", "город", "област", "аймақ", "қала", "облыс", "region", "city"),
    "period": ("период", "срок", "дат", "кезең", "мерзім", "period", "dates"),
    "amount": ("сумм", "деньг", "сома", "ақша", "amount", "sum", "money"),
    "description": ("описан", "что случ", "сипаттам", "description", "what happened"),
    "request": ("требован", "просьб", "талап", "request", "demand"),
    "full_name": ("имя", "фио", "фамил", "аты-жөн", "тегі", "name"),
    "iin": ("иин", "жсн", "iin"),
    "address": ("адрес", "мекенжай", "address"),
    "contact": ("телефон", "номер", "контакт", "почт", "байланыс", "email", "phone", "contact"),
    "tier": ("личност", "анонимн", "конфиденц", "identity", "tier"),
}
#: Keywords of each complaint topic, beside its title; the classified intent is tried last.
_TOPIC_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "wages_unpaid": ("зарплат", "заработн", "жалақ", "не плат", "не заплат", "задерж", "долг",
                     "төлемей", "төленбе", "wage", "salary", "unpaid", "not paid"),
    "dismissal": ("уволи", "увольн", "сократ", "жұмыстан шығар", "шығарып", "fired", "dismiss",
                  "sacked", "laid off"),
    "algorithmic_management": ("заблокир", "блокир", "деактив", "рейтинг", "бұғатта", "block",
                               "deactivat", "rating"),
    "working_time": ("переработ", "сверхуроч", "график", "выходн", "ночн", "жұмыс уақыт",
                     "үстеме", "overtime", "working hours", "night shift"),
    "employment_contract": ("договор", "контракт", "еңбек шарт", "шарт", "contract"),
    "safety_injury": ("травм", "несчастн", "жарақат", "injur", "accident", "safety"),
    "migrant_rights": ("паспорт", "мигрант", "депорт", "passport", "migrant", "deport"),
    "migrant_permit": ("разрешени на работу", "патент", "регистрац", "рұқсат", "permit"),
    "leave": ("отпуск", "больничн", "декрет", "демалыс", "leave", "vacation", "sick"),
    "harmful_conditions": ("вредн", "зиянды", "harmful", "hazard"),
    "discrimination_harassment": ("дискрим", "домогат", "оскорб", "кемсіт", "harass",
                                  "discrimin", "bully"),
    "social_protection": ("пенси", "взнос", "страхов", "зейнетақ", "pension", "contribution"),
    "minimum_wage": ("минимальн", "мзп", "ең төмен", "minimum wage"),
    "ai_at_work": ("искусственн", "нейросет", "камер", "слежк", "жасанды интеллект",
                   "artificial", "camera", "surveillance"),
    "union": ("профсоюз", "кәсіподақ", "union"),
    "employment_status": ("статус", "самозанят", "status", "contractor"),
    "other": ("другое", "другая", "басқа", "other"),
}
_ORDERED_TOPICS: Final = (*TOP_CATEGORIES, *(c for c in CATEGORIES if c not in TOP_CATEGORIES))
_BIN_IN_TEXT = re.compile(r"(?<!\d)\d{4}[\s-]?\d{4}[\s-]?\d{4}(?!\d)")
_NAME_PREFIX = re.compile(
    r"^\s*(?:меня зовут|моё имя|мое имя|я —|я -|менің атым|менің аты-жөнім|атым|my name is|"
    r"i am|i'm)\s*[:,-]?\s*",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TELEGRAM = re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{4,31}\b")
_PHONE = re.compile(r"\+?\d[\d\s()\-.]{8,20}\d")
# The form's limits: never longer than what the complaint record holds (complaints.model).
MAX_EMPLOYER: Final = min(TEXT_LIMITS["employer_name"], TEXT_LIMITS["platform_name"])
MAX_PLACE: Final = min(TEXT_LIMITS["region"], TEXT_LIMITS["city"])
MAX_NAME: Final = min(120, TEXT_LIMITS["full_name"])
MAX_ADDRESS: Final = min(300, TEXT_LIMITS["address"])
MAX_CONTACT: Final = TEXT_LIMITS["contact"]
MAX_DESCRIPTION: Final = TEXT_LIMITS["description"]
MAX_REQUEST: Final = TEXT_LIMITS["request"]


def field_name(field: str) -> str:
    """The name of an editable field in the current language."""
    return {
        "category": _("Topic"), "employer": _("Employer"), "bin": _("BIN"),
        "region": _("Region / city"), "period": _("Period"), "amount": _("Amount"),
        "description": _("What happened"), "request": _("What you ask for"),
        "full_name": _("Full name"), "iin": _("IIN"), "address": _("Postal address"),
        "contact": _("Contact"), "tier": _("Identity"),
    }[field]


def _refused(read: Callable[[str], Any]) -> Callable[[str], Any]:
    """A reader whose validation errors become :class:`Refusal` (the same localized text)."""

    def reader(text: str) -> Any:
        try:
            return read(text)
        except ComplaintValidationError as error:
            raise Refusal(str(error)) from None

    return reader


def _passes(validate: Callable[[str], str], value: Any) -> bool:
    """``value`` is a number the validator accepts as it is (a stored IIN or BIN)."""
    if not isinstance(value, str):
        return False
    try:
        return validate(value) == value
    except ComplaintValidationError:
        return False


def _plain(text: str) -> str:
    return ascii_digits(clean(text))


def _says_no(text: str) -> bool:
    return typed.yes_no(text) == typed.NO


def _only_yes_no(text: str) -> bool:
    """A bare "да" / "жоқ" / "yes": no answer to a question that asks for a name."""
    return typed.yes_no(text) is not None and len(typed.words(text)) <= 2


def _twelve_digits(text: str, validate: Callable[[str], str]) -> str | None:
    digits = re.sub(r"\D", "", _plain(text))
    return validate(digits) if digits else None


def _read_bin(text: str) -> str | None:
    if _says_no(text):
        return NONE
    return _twelve_digits(text, validate_bin)


def _read_iin(text: str) -> str | None:
    return _twelve_digits(text, validate_iin)


def _read_period(text: str) -> str:
    if _says_no(text):
        return NONE
    period = parse_period(_plain(text))
    return f"{period.start.isoformat()}/{period.end.isoformat() if period.end else ''}"


def _read_amount(text: str) -> str:
    if _says_no(text):
        return NONE
    return str(parse_amount(_plain(text)))


def _read_employer(text: str) -> str | None:
    """The employer's name as typed; a BIN typed with it goes to the BIN question."""
    name = " ".join(_BIN_IN_TEXT.sub(" ", _plain(text)).split()) or _plain(text)
    if _only_yes_no(name) or sum(c.isalnum() for c in name) < 2:
        return None
    if len(name) > MAX_EMPLOYER:
        raise Refusal(_("Please write only the name of the employer or the platform (up to "
                        "{count} characters); the details come later.").format(count=MAX_EMPLOYER))
    return name


def _read_region(text: str) -> str | None:
    region = region_of(text)
    if region is not None:
        return region
    place = _plain(text)
    if _only_yes_no(place) or sum(c.isalpha() for c in place) < 2 or len(place) > MAX_PLACE:
        return None
    return place


def _read_text(minimum: int, maximum: int, message: Callable[[], str]) -> Callable[[str], str]:
    def read(text: str) -> str:
        value = _plain(text)
        if sum(c.isalnum() for c in value) < minimum:
            raise Refusal(message())
        return value[:maximum]

    return read


def _unless_bare_yes_no(read: Callable[[str], str]) -> Callable[[str], str | None]:
    """A reader that does not take a bare "да" / "жоқ" as the text asked for."""

    def reader(text: str) -> str | None:
        return None if _only_yes_no(text) else read(text)

    return reader


def _read_name(text: str) -> str | None:
    name = _NAME_PREFIX.sub("", _plain(text)).strip(" .")
    if _only_yes_no(name):
        return None
    if any(c.isdigit() for c in name):
        raise Refusal(_("Please write your name in letters: surname, first name, patronymic."))
    if sum(c.isalpha() for c in name) < 2:
        return None
    if len(name) > MAX_NAME:
        raise Refusal(_("This is too long for a name. Please write surname, first name and "
                        "patronymic only."))
    return name


def read_phone(text: str) -> str | None:
    """A phone number as +7XXXXXXXXXX (Kazakhstan's 8 prefix read as +7), else ``None``.

    Twelve digits that make a valid IIN are refused: an IIN is not a contact.
    """
    match = _PHONE.search(_plain(text))
    if match is None:
        return None
    digits = re.sub(r"\D", "", match.group(0))
    if len(digits) == 12 and _passes(validate_iin, digits):
        raise Refusal(_("This looks like an IIN, not a phone number. Please write a phone "
                        "number or an e-mail."))
    if len(digits) == 11 and digits[0] in "78":
        return "+7" + digits[1:]
    if len(digits) == 10 and digits[0] == "7":
        return "+7" + digits
    return "+" + digits if 10 <= len(digits) <= 15 else None


def _read_contact(text: str) -> str:
    plain = _plain(text)
    email = _EMAIL.search(plain)
    if email and len(email.group(0)) <= MAX_CONTACT:
        return email.group(0).lower()
    phone = read_phone(plain)
    if phone:
        return phone
    telegram = _TELEGRAM.search(plain)
    if telegram:
        return telegram.group(0)
    raise Refusal(_("Please write a phone number, for example +7 701 123 45 67, or an e-mail."))


def _read_consent(text: str) -> str | None:
    answer = typed.yes_no(text)
    if answer == typed.DONT_KNOW:
        raise Refusal(_("Without your consent the complaint can only be anonymous: inspectors "
                        "will not know who you are. Do you agree? Please answer yes or no."))
    return answer


def _read_notify(text: str) -> str | None:
    answer = typed.yes_no(text)
    if answer == typed.DONT_KNOW:
        return "no"  # unsure: nothing kept; the status can always be asked with the code
    return answer


def _untranslated(text: str) -> Callable[[], str]:
    """A button title that is a proper name (the same in every language)."""
    return lambda: text


def _topic_of_intent(intent: str) -> str | None:
    """ "не платят зарплату" classified as ``ask_wages_unpaid`` names the wages topic."""
    category = category_from_intent(intent)
    return None if category == "other" else category


def _topic(category: str) -> Option:
    return Option(category, lambda: category_label(category), _TOPIC_WORDS.get(category, ()))


def _tier(tier: IdentityTier, words: tuple[str, ...]) -> Option:
    return Option(tier.value, lambda: tier_label(tier).capitalize(), words)


def _edit(field: str) -> Option:
    return Option("edit:" + field, lambda: field_name(field), EDITABLE[field])


_CONFIRM_VALUES: Final = ("submit", "cancel")

QUESTIONS: Final[tuple[Question, ...]] = (
    Question(
        "complaint_tier",
        lambda: "\n\n".join(tier_explanation(t) for t in IdentityTier),
        (
            _tier(IdentityTier.ANONYMOUS, ("аноним", "без имени", "атымсыз", "аты-жөнсіз",
                                           "anonym", "anonim", "no name", "жасырын")),
            _tier(IdentityTier.CONFIDENTIAL, ("конфиденц", "тайно", "скрыт", "только инспектор",
                                              "құпия", "confiden", "secret", "private")),
            _tier(IdentityTier.NAMED, ("имен", "под своим", "открыто", "официальн", "атым",
                                       "аты-жөн", "ашық", "named", "with my name", "my name")),
        ),
        hint=lambda: _("Please choose one of the three options: anonymous, confidential or "
                       "with your name."),
    ),
    Question(
        "complaint_consent",
        lambda: _("To pass your name and contacts to the inspection I need your consent to the "
                  "processing of personal data (Law of the RK \"On personal data and their "
                  "protection\" of 21.05.2013 No. 94-V). They are used only for this complaint; "
                  "you can delete them at any time with /delete_my_data. Do you agree?"),
        (
            # "No" first: "не согласен" also contains "согласен".
            Option("no", lambda: _("No, stay anonymous"), (
                "не согласен", "не согласна", "несоглас", "не хочу", "не надо", "келіспеймін",
                "disagree", "don't agree", "do not agree", "аноним", "anonym",
            )),
            Option("yes", lambda: _("I agree"), ("согласен", "согласна", "согласны",
                                                 "келісемін", "agree")),
        ),
        read=_read_consent,
        hint=lambda: _('Please answer "yes" (I agree) or "no" (stay anonymous).'),
    ),
    Question(
        "complaint_category",
        lambda: _("What is the complaint about?"),
        tuple(_topic(c) for c in _ORDERED_TOPICS),
        shown=TOP_CATEGORIES,
        skip="other",
        from_intent=_topic_of_intent,
        hint=lambda: _("Choose a topic with a button, or name it in a few words: unpaid wages, "
                       "dismissal, blocked by the app…"),
    ),
    Question(
        "complaint_employer",
        lambda: _("Who is the employer? Write the company name, or the platform "
                  "(Yandex Go, Glovo, Wolt...)."),
        read=_read_employer,
        accepts=lambda v: isinstance(v, str) and 2 <= len(v) <= MAX_EMPLOYER,
        free_text=True,
        hint=lambda: _("Please name the employer: the company, the shop or the platform, as you "
                       "know it."),
    ),
    Question(
        "complaint_bin",
        lambda: _("Do you know the employer's BIN (12 digits)? It helps the inspection find the "
                  "company. If not, press \"Skip\"."),
        read=_refused(_read_bin),
        accepts=lambda v: _passes(validate_bin, v),
        skip=NONE,
        skip_button=True,
        hint=lambda: _("Please write the 12 digits of the BIN, or press \"Skip\"."),
    ),
    Question(
        "complaint_region",
        lambda: _("In which region or city do you work?"),
        tuple(Option(city, _untranslated(city)) for city in ("Алматы", "Астана", "Шымкент")),
        read=_read_region,
        accepts=lambda v: isinstance(v, str) and 2 <= len(v) <= MAX_PLACE,
        free_text=True,
        read_first=True,  # "Алматы облысы" is the region, not the city's button
        hint=lambda: _("Please write the city or region, for example Алматы or Карагандинская "
                       "область."),
    ),
    Question(
        "complaint_period",
        lambda: _("Since when, or in which period, were your rights violated? For example: "
                  "\"from March to May\", \"2 months\", 01.03.2026–31.05.2026."),
        read=_refused(_read_period),
        accepts=lambda v: isinstance(v, str) and re.fullmatch(r"\d{4}-\d\d-\d\d/(\d{4}-\d\d-\d\d)?",
                                                              v) is not None,
        skip=NONE,
        skip_button=True,
        shows_personal=True,  # its hint repeats what the check found
    ),
    Question(
        "complaint_amount",
        lambda: _("How much money are you owed, in tenge? For example: 150000, 150 000 тг, "
                  "1,5 млн. If it is not about money, press \"Skip\"."),
        read=_refused(_read_amount),
        accepts=lambda v: isinstance(v, str) and v.isdigit(),
        skip=NONE,
        skip_button=True,
        shows_personal=True,  # its hint repeats what the check found
    ),
    Question(
        "complaint_description",
        lambda: _("Describe in your own words what happened."),
        read=_read_text(10, MAX_DESCRIPTION,
                        lambda: _("Please describe what happened in a few sentences.")),
        accepts=lambda v: isinstance(v, str) and len(v) >= 10,
        free_text=True,
        interruptible=False,
        personal=True,
    ),
    Question(
        "complaint_request",
        lambda: _("What do you ask for? For example: pay the debt, reinstate me, "
                  "formalise the contract."),
        read=_unless_bare_yes_no(_read_text(
            2, MAX_REQUEST, lambda: _("Please write what you ask the inspection for."))),
        accepts=lambda v: isinstance(v, str) and len(v) >= 2,
        free_text=True,
        interruptible=False,
        personal=True,
    ),
    Question(
        "complaint_full_name",
        lambda: _("Your full name (surname, first name, patronymic if any):"),
        read=_read_name,
        accepts=lambda v: isinstance(v, str) and 2 <= len(v) <= MAX_NAME,
        free_text=True,
        hint=lambda: _("Please write your surname and first name."),
        personal=True,
    ),
    Question(
        "complaint_contact",
        lambda: _("A phone number or e-mail where the inspector can reach you:"),
        read=_read_contact,
        accepts=lambda v: isinstance(v, str) and 3 <= len(v) <= MAX_CONTACT,
        free_text=True,
        personal=True,
    ),
    Question(
        "complaint_iin",
        lambda: _("Your IIN (12 digits):"),
        read=_refused(_read_iin),
        accepts=lambda v: _passes(validate_iin, v),
        hint=lambda: _("Please write the 12 digits of your IIN."),
        personal=True,
    ),
    Question(
        "complaint_address",
        lambda: _("Your postal address (an official reply is sent there):"),
        read=_read_text(5, MAX_ADDRESS,
                        lambda: _("Please write the full postal address: city, street, house.")),
        accepts=lambda v: isinstance(v, str) and 5 <= len(v) <= MAX_ADDRESS,
        free_text=True,
        personal=True,
    ),
    Question(
        "complaint_notify",
        lambda: _("Shall I write to you here in Telegram when the status of the complaint "
                  "changes? For that I keep the number of this chat; without it you can ask for "
                  "the status with the receipt code."),
        (
            Option("no", lambda: _("No, I will ask myself"), (
                "не надо", "не пишите", "не нужно", "жазбаңыз", "керек емес", "don't",
                "do not", "no thanks",
            )),
            Option("yes", lambda: _("Yes, write to me here"), (
                "пишите", "уведомля", "сообщайте", "жазыңыз", "хабарла", "notify", "write to me",
            )),
        ),
        read=_read_notify,
        hint=lambda: _('Please answer "yes" (write to me here) or "no".'),
    ),
    Question(
        "complaint_confirm",
        lambda: _("Please check your complaint:"),
        (
            *(_edit(field) for field in EDITABLE),
            # "Cancel" before "Submit": "не отправляй" also contains "отправ".
            Option("cancel", lambda: _("Cancel"), ("отмена", "отменить", "не отправ",
                                                   "бас тарт", "жібермe", "cancel")),
            Option("submit", lambda: _("Submit"), ("отправ", "подтвержд", "жібер", "send",
                                                   "submit", "да", "иә", "yes", "ок", "ok")),
            Option("edit", lambda: _("Edit"), ("измен", "исправ", "поменя", "өзгерт", "түзет",
                                               "edit", "change", "correct")),
        ),
        accepts=lambda v: v in _CONFIRM_VALUES,
        hint=lambda: _("Please press \"Submit\", \"Edit\" or \"Cancel\"."),
        shows_personal=True,  # the summary repeats the answers
    ),
)

if tuple(q.slot for q in QUESTIONS) != SLOTS:  # pragma: no cover - guards an edit
    raise RuntimeError("complaint questions and draft.SLOTS disagree")
