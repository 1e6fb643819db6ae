"""Official field names and value labels for inspector documents, in Kazakh and Russian.

Why a table and not gettext: these are the column and field names of official documents. They
must come out in the language the inspector asks for (``--lang kk|ru``), independently of any
user's chat language, and they are reviewed as one list by the inspection. Keys are the stable
machine names used by JSON and the JSON Schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

__all__ = [
    "DOC_LANGUAGES",
    "FIELDS",
    "PERSONAL_FIELDS",
    "DocLanguage",
    "Field",
    "category_name",
    "field_label",
    "status_name",
    "text",
    "tier_name",
]

DocLanguage = Literal["kk", "ru"]
DOC_LANGUAGES: Final[tuple[DocLanguage, ...]] = ("kk", "ru")


@dataclass(frozen=True, slots=True)
class Field:
    """One exported field: machine key, whether it is personal data, and its kk/ru labels."""

    key: str
    personal: bool
    kk: str
    ru: str


FIELDS: Final[tuple[Field, ...]] = (
    Field("receipt_code", False, "Түбіртек коды", "Код квитанции"),
    Field("submitted_at", False, "Берілген күні (UTC)", "Дата подачи (UTC)"),
    Field("status", False, "Мәртебесі", "Статус"),
    Field("category", False, "Бұзушылық санаты", "Категория нарушения"),
    Field("identity_tier", False, "Өтініш берушінің жеке басын ашу деңгейі",
          "Уровень раскрытия личности заявителя"),
    Field("employer_group", False, "Жұмыс беруші тобы", "Группа работодателя"),
    Field("employer_group_size", False, "Жұмыс беруші бойынша шағымдар саны",
          "Жалоб на работодателя"),
    Field("employer_name", False, "Жұмыс берушінің атауы", "Наименование работодателя"),
    Field("employer_bin", False, "Жұмыс берушінің БСН", "БИН работодателя"),
    Field("platform_name", False, "Платформа", "Платформа"),
    Field("region", False, "Өңір", "Регион"),
    Field("city", False, "Елді мекен", "Населённый пункт"),
    Field("period_start", False, "Кезеңнің басы", "Начало периода"),
    Field("period_end", False, "Кезеңнің соңы", "Конец периода"),
    Field("amount_kzt", False, "Сомасы, теңге", "Сумма, тенге"),
    Field("amount_band", False, "Сома аралығы, теңге", "Диапазон суммы, тенге"),
    Field("description", False, "Өтініштің мәні", "Суть обращения"),
    Field("request", False, "Өтініш берушінің талабы", "Требование заявителя"),
    Field("attachments_count", False, "Қосымшалар саны", "Количество приложений"),
    Field("likely_duplicate", False, "Қайталануы мүмкін", "Возможный дубликат"),
    Field("duplicate_of", False, "Алғашқы шағым", "Первичная жалоба"),
    Field("language", False, "Хат алмасу тілі", "Язык переписки"),
    Field("full_name", True, "Тегі, аты, әкесінің аты", "Фамилия, имя, отчество"),
    Field("iin", True, "ЖСН", "ИИН"),
    Field("address", True, "Пошталық мекенжайы", "Почтовый адрес"),
    Field("contact", True, "Байланыс деректері", "Контактные данные"),
)
PERSONAL_FIELDS: Final = frozenset(f.key for f in FIELDS if f.personal)
_BY_KEY: Final = {f.key: f for f in FIELDS}

_CATEGORIES: Final[dict[str, tuple[str, str]]] = {
    "employment_status": ("Еңбек қатынастарының мәртебесі", "Статус трудовых отношений"),
    "algorithmic_management": ("Алгоритмдік басқару (бұғаттау, рейтинг, айыппұл)",
                               "Алгоритмическое управление (блокировка, рейтинг, штрафы)"),
    "wages_unpaid": ("Жалақыны төлемеу немесе кешіктіру",
                     "Невыплата или задержка заработной платы"),
    "minimum_wage": ("Ең төменгі жалақыдан төмен төлем",
                     "Оплата ниже минимальной заработной платы"),
    "working_time": ("Жұмыс уақыты және демалыс уақыты", "Рабочее время и время отдыха"),
    "leave": ("Еңбек демалыстары", "Отпуска"),
    "dismissal": ("Еңбек шартын бұзу", "Расторжение трудового договора"),
    "employment_contract": ("Еңбек шарты", "Трудовой договор"),
    "harmful_conditions": ("Зиянды және қауіпті еңбек жағдайлары",
                           "Вредные и опасные условия труда"),
    "safety_injury": ("Еңбек қауіпсіздігі және еңбекті қорғау, жазатайым оқиға",
                      "Безопасность и охрана труда, несчастный случай"),
    "social_protection": ("Әлеуметтік қорғау және зейнетақы жарналары",
                          "Социальная защита и пенсионные взносы"),
    "migrant_permit": ("Еңбек мигрантының жұмысқа рұқсаты",
                       "Разрешение на работу трудового мигранта"),
    "migrant_rights": ("Еңбек мигранттарының құқықтары", "Права трудовых мигрантов"),
    "discrimination_harassment": ("Еңбек саласындағы кемсітушілік және қудалау",
                                  "Дискриминация и домогательства в сфере труда"),
    "ai_at_work": ("Жасанды интеллект және жұмыстағы бақылау",
                   "Искусственный интеллект и контроль на работе"),
    "union": ("Кәсіподақ құқықтары", "Права профессиональных союзов"),
    "other": ("Басқа", "Иное"),
}
_STATUSES: Final[dict[str, tuple[str, str]]] = {
    "submitted": ("Берілді", "Подана"),
    "received": ("Қабылданды", "Принята"),
    "in_review": ("Қаралуда", "На рассмотрении"),
    "needs_info": ("Қосымша мәліметтер сұралды", "Запрошены дополнительные сведения"),
    "resolved": ("Шешілді", "Разрешена"),
    "rejected": ("Қабылданбады", "Отклонена"),
}
_TIERS: Final[dict[str, tuple[str, str]]] = {
    "anonymous": ("Анонимді", "Анонимно"),
    "confidential": ("Құпия (жұмыс берушіге ашылмайды)",
                     "Конфиденциально (не раскрывается работодателю)"),
    "named": ("Атын көрсетіп (ресми өтініш)", "С указанием имени (официальное обращение)"),
}
_TEXTS: Final[dict[str, tuple[str, str]]] = {
    "title": ("Еңбек құқықтарының бұзылуы туралы шағым", "Жалоба о нарушении трудовых прав"),
    "history": ("Мәртебе тарихы", "История статусов"),
    "attachments": ("Қосымшалар (SHA-256, алынған уақыты)",
                    "Приложения (SHA-256, время получения)"),
    "none": ("жоқ", "нет"),
    "yes": ("иә", "да"),
    "no": ("жоқ", "нет"),
    "hidden": ("Дербес деректер көрсетілмеген (рұқсат жоқ немесе анонимді шағым)",
               "Персональные данные не показаны (нет полномочий или анонимная жалоба)"),
    "generated": ("Құжат quqyq жүйесінде жасалды", "Документ сформирован системой quqyq"),
}


def _pick(pair: tuple[str, str], lang: DocLanguage) -> str:
    return pair[0] if lang == "kk" else pair[1]


def field_label(key: str, lang: DocLanguage) -> str:
    """The official name of field ``key`` in ``lang``."""
    field = _BY_KEY[key]
    return field.kk if lang == "kk" else field.ru


def category_name(category: str, lang: DocLanguage) -> str:
    """The official name of a complaint category."""
    return _pick(_CATEGORIES.get(category, _CATEGORIES["other"]), lang)


def status_name(status: str, lang: DocLanguage) -> str:
    """The official name of a complaint status."""
    return _pick(_STATUSES[status], lang) if status in _STATUSES else status


def tier_name(tier: str, lang: DocLanguage) -> str:
    """The official name of an identity tier."""
    return _pick(_TIERS[tier], lang) if tier in _TIERS else tier


def text(key: str, lang: DocLanguage) -> str:
    """A fixed phrase of the PDF document."""
    return _pick(_TEXTS[key], lang)
