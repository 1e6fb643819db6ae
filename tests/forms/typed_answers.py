"""Typed answers to every question of both forms, in kk, ru and en, as people type them.

slot -> [(language, text, expected canonical value)]. Written from how workers answer (short,
with typos, Latin-script Kazakh, Russian with Kazakh words, "don't know"), not from the
questions' own keyword lists.
"""

from __future__ import annotations

from typing import Any

DK = "dk"
NONE = "none"

TYPED: dict[str, list[tuple[str, str, Any]]] = {
    # --- eligibility: profile -----------------------------------------------------------------
    "elig_work_type": [
        ("ru", "через приложение", "platform"), ("ru", "я курьер в яндекс еде", "platform"),
        ("ru", "таксую через индрайв", "platform"), ("ru", "работаю в компании", "employee"),
        ("ru", "по найму на заводе", "employee"), ("ru", "и то и другое", "both"),
        ("ru", "хз", DK), ("kk", "қосымша арқылы", "platform"), ("kk", "курьермін", "platform"),
        ("kk", "жұмыс берушіде", "employee"), ("kk", "екеуі де", "both"),
        ("kk", "bilmeimin", DK), ("en", "through an app", "platform"),
        ("en", "I drive for Uber", "platform"), ("en", "for an employer", "employee"),
        ("en", "both", "both"), ("en", "dunno", DK),
    ],
    "elig_citizenship": [
        ("en", "Kazakhstan", "KZ"),
        ("ru", "Казахстан", "KZ"), ("ru", "гражданин Кыргызстана", "KG"),
        ("ru", "узбекистан", "UZ"), ("ru", "я из таджикистана", "TJ"), ("ru", "Россия", "RU"),
        ("ru", "узбек", "UZ"), ("ru", "другая страна", "OTHER"), ("ru", "не знаю", DK),
        ("kk", "Қазақстан азаматымын", "KZ"), ("kk", "қырғызбын", "KG"), ("kk", "өзбекпін", "UZ"),
        ("kk", "kazakhstan", "KZ"), ("kk", "тәжікпін", "TJ"), ("en", "Kyrgyzstan", "KG"),
        ("en", "uzbekistan", "UZ"), ("en", "Russia", "RU"), ("en", "another country", "OTHER"),
    ],
    "elig_harmful": [
        ("ru", "да", "yes"), ("ru", "ага, пыль и шум", "yes"), ("ru", "нет", "no"),
        ("ru", "неа", "no"), ("ru", "не знаю", DK), ("kk", "иә", "yes"), ("kk", "ия", "yes"),
        ("kk", "жоқ", "no"), ("kk", "joq", "no"), ("kk", "білмеймін", DK), ("en", "yes", "yes"),
        ("en", "yep", "yes"), ("en", "nope", "no"), ("en", "not sure", DK),
    ],
    # --- eligibility: platform ----------------------------------------------------------------
    "elig_contract_type": [
        ("ru", "ГПХ", "civil"), ("ru", "я ИП", "sole_trader"), ("ru", "самозанятый", "sole_trader"),
        ("ru", "трудовой договор", "employment"), ("ru", "договора нет", "none"),
        ("ru", "никакого договора", "none"), ("kk", "жеке кәсіпкермін", "sole_trader"),
        ("kk", "еңбек шарты", "employment"), ("kk", "шарт жоқ", "none"),
        ("en", "employment contract", "employment"), ("en", "civil contract", "civil"),
        ("en", "I'm self-employed", "sole_trader"), ("en", "no contract", "none"),
    ],
    "elig_platform_sets_price": [
        ("ru", "да, приложение", "yes"), ("ru", "нет, я сам", "no"), ("kk", "иә", "yes"),
        ("kk", "жок", "no"), ("en", "yes", "yes"), ("en", "no", "no"),
    ],
    "elig_sanctions_for_refusal": [
        ("ru", "да, блокируют", "yes"), ("ru", "конечно", "yes"), ("kk", "иә, бұғаттайды", "yes"),
        ("kk", "жоқ", "no"), ("en", "yeah they block", "yes"), ("en", "never", "no"),
    ],
    "elig_ratings_affect_orders": [
        ("ru", "да", "yes"), ("ru", "хз", DK), ("kk", "ия", "yes"), ("en", "yep", "yes"),
    ],
    "elig_gps_control": [
        ("ru", "да", "yes"), ("ru", "нету", "no"), ("kk", "иә", "yes"), ("en", "no", "no"),
    ],
    "elig_automatic_dispatch": [
        ("ru", "да, само назначает", "yes"), ("kk", "жоқ", "no"), ("en", "yes", "yes"),
    ],
    "elig_income_share": [
        ("ru", "большая часть", 0.75), ("ru", "почти весь доход", 0.9), ("ru", "половина", 0.5),
        ("ru", "весь", 1.0), ("ru", "60%", 0.6), ("ru", "не знаю", DK),
        ("kk", "жартысы", 0.5), ("kk", "көбі", 0.75), ("kk", "барлығы", 1.0),
        ("en", "most of it", 0.75), ("en", "about half", 0.5), ("en", "all of it", 1.0),
    ],
    "elig_imposed_hours": [("ru", "да", "yes"), ("kk", "жоқ", "no"), ("en", "no", "no")],
    "elig_free_to_refuse": [
        ("ru", "да, свободно", "yes"), ("kk", "жоқ", "no"), ("en", "yes", "yes"),
    ],
    "elig_tools_provided": [("ru", "нет, всё своё", "no"), ("kk", "иә", "yes"), ("en", "no", "no")],
    "elig_uniform_branding": [("ru", "да", "yes"), ("kk", "иә", "yes"), ("en", "nope", "no")],
    "elig_paid_per_task": [
        ("ru", "да, за заказ", "yes"), ("kk", "иә", "yes"), ("en", "yes", "yes"),
    ],
    # --- eligibility: harmful work ------------------------------------------------------------
    "elig_work_class": [
        ("en", "3.2", "3.2"),
        ("ru", "3.2", "3.2"), ("ru", "3 класс 2 степени", "3.2"), ("ru", "класс 3.1", "3.1"),
        ("ru", "4", "4"), ("ru", "опасный", "4"), ("ru", "допустимый", "2"), ("ru", "не знаю", DK),
        ("kk", "3-сынып 2-дәреже", "3.2"), ("kk", "3,3", "3.3"), ("kk", "білмеймін", DK),
        ("en", "class 3 degree 4", "3.4"), ("en", "2", "2"), ("en", "dunno", DK),
    ],
    "elig_attested": [("ru", "да", "yes"), ("kk", "жоқ", "no"), ("en", "no idea", DK)],
    "elig_on_list": [
        ("ru", "да, 12 дней", 12), ("ru", "нет", "no"), ("ru", "да", "yes"), ("ru", "24", 24),
        ("ru", "не знаю", DK), ("kk", "иә, 18 күн", 18), ("kk", "жоқ", "no"),
        ("kk", "отыз алты", 36), ("en", "yes, 6 days", 6), ("en", "no", "no"),
    ],
    "elig_exposure_share": [
        ("en", "half of the shift", 0.5),
        ("ru", "половину смены", 0.5), ("ru", "6 часов", 0.75), ("ru", "всю смену", 1.0),
        ("kk", "ауысымның жартысы", 0.5), ("kk", "бүкіл ауысым", 1.0), ("kk", "4 сағат", 0.5),
        ("en", "most of the shift", 0.75), ("en", "the whole shift", 1.0),
    ],
    "elig_injuries": [
        ("en", "a serious injury", "serious"),
        ("ru", "нет, никто не погиб", "none"), ("ru", "лёгкие травмы", "minor"),
        ("ru", "была серьёзная травма", "serious"), ("ru", "человек погиб", "fatal"),
        ("kk", "ауыр жарақат болды", "serious"), ("kk", "болған жоқ", "none"),
        ("en", "minor cuts", "minor"), ("en", "none", "none"),
    ],
    "elig_equipment": [
        ("kk", "тозған", "worn"),
        ("ru", "старое, изношенное", "worn"), ("ru", "сломанное, опасно", "faulty"),
        ("ru", "хорошее", "good"), ("kk", "ақаулы", "faulty"), ("kk", "жақсы", "good"),
        ("en", "worn out", "worn"), ("en", "good", "good"),
    ],
    "elig_ppe": [
        ("ru", "не всё выдают", "partial"), ("ru", "да, всё", "full"), ("ru", "нет", "none"),
        ("kk", "жоқ, бермейді", "none"), ("kk", "кейде", "partial"),
        ("en", "yes, all of it", "full"), ("en", "only some", "partial"),
    ],
    "elig_colleagues_ill": [
        ("ru", "несколько человек", "several"), ("ru", "никто", "none"), ("kk", "ешкім", "none"),
        ("kk", "бірнеше адам", "several"), ("en", "one person", "one"), ("en", "nobody", "none"),
    ],
    "elig_guarantees_given": [
        ("ru", "ничего не дают", "no"), ("ru", "да, всё", "yes"), ("ru", "частично", "partly"),
        ("kk", "жоқ", "no"), ("kk", "ішінара", "partly"), ("en", "only some", "partly"),
        ("en", "nothing", "no"),
    ],
    # --- eligibility: migrant -----------------------------------------------------------------
    "elig_work_permit": [
        ("ru", "есть патент", "yes"), ("ru", "нету", "no"), ("kk", "жоқ", "no"),
        ("en", "yes", "yes"), ("en", "no", "no"),
    ],
    "elig_registration": [
        ("ru", "хз", DK), ("ru", "да", "yes"), ("kk", "иә", "yes"), ("en", "no", "no"),
    ],
    "elig_passport_held": [
        ("ru", "да, забрал бригадир", "yes"), ("ru", "нет, у меня", "no"),
        ("kk", "иә, бастық алып қойды", "yes"), ("en", "yes, the boss has it", "yes"),
    ],
    # --- eligibility: every worker ------------------------------------------------------------
    "elig_written_contract": [("ru", "нет", "no"), ("kk", "иә, бар", "yes"), ("en", "no", "no")],
    "elig_wages": [
        ("kk", "иә, уақытында", "ok"), ("en", "not paid at all", "unpaid"),
        ("ru", "задерживают", "late"), ("ru", "не платят уже два месяца", "unpaid"),
        ("ru", "да, вовремя", "ok"), ("kk", "жалақы кешіктіріледі", "late"),
        ("kk", "толық емес", "unpaid"), ("en", "yes, on time", "ok"), ("en", "late", "late"),
    ],
    "elig_overtime": [
        ("kk", "иә, төленеді", "paid"), ("en", "yes, paid extra", "paid"),
        ("ru", "да, но бесплатно", "unpaid"), ("ru", "да, оплачивают", "paid"),
        ("ru", "нет", "none"),
        ("kk", "жоқ", "none"), ("kk", "иә, бірақ төленбейді", "unpaid"), ("en", "no", "none"),
        ("en", "yes but unpaid", "unpaid"),
    ],
    "elig_leave_given": [("ru", "да", "yes"), ("kk", "жоқ", "no"), ("en", "no", "no")],
    "elig_dismissal_threats": [
        ("ru", "да, грозят уволить", "yes"), ("kk", "жоқ", "no"), ("en", "yes", "yes"),
    ],
    # --- complaint ----------------------------------------------------------------------------
    "complaint_tier": [
        ("ru", "анонимно", "anonymous"), ("ru", "конфиденциально", "confidential"),
        ("ru", "с моим именем", "named"), ("ru", "от своего имени", "named"),
        ("kk", "анонимді", "anonymous"), ("kk", "құпия", "confidential"),
        ("kk", "өз атымнан", "named"), ("en", "anonymous", "anonymous"),
        ("en", "confidential please", "confidential"), ("en", "with my name", "named"),
    ],
    "complaint_consent": [
        ("ru", "да, согласен", "yes"), ("ru", "согласна", "yes"), ("ru", "нет", "no"),
        ("ru", "не согласен", "no"), ("kk", "иә, келісемін", "yes"), ("kk", "жоқ", "no"),
        ("en", "yes I agree", "yes"), ("en", "no, stay anonymous", "no"),
    ],
    "complaint_category": [
        ("ru", "не платят зарплату", "wages_unpaid"), ("ru", "уволили", "dismissal"),
        ("ru", "заблокировали в приложении", "algorithmic_management"),
        ("ru", "переработки", "working_time"), ("ru", "забрали паспорт", "migrant_rights"),
        ("kk", "жалақы төленбейді", "wages_unpaid"), ("kk", "жұмыстан шығарды", "dismissal"),
        ("en", "unpaid wages", "wages_unpaid"), ("en", "I was fired", "dismissal"),
        ("en", "other", "other"),
    ],
    "complaint_employer": [
        ("ru", "ТОО Ромашка", "ТОО Ромашка"), ("ru", "Glovo", "Glovo"),
        ("kk", "«Алтын» ЖШС", "«Алтын» ЖШС"), ("en", "LLP Romashka", "LLP Romashka"),
    ],
    "complaint_bin": [
        ("ru", "971240001315", "971240001315"), ("ru", "9712 4000 1315", "971240001315"),
        ("ru", "не знаю", NONE), ("ru", "нет", NONE), ("kk", "білмеймін", NONE),
        ("en", "971-240-001-315", "971240001315"), ("en", "no", NONE),
    ],
    "complaint_region": [
        ("ru", "алмата", "Алматы"), ("ru", "г. Шымкент", "Шымкент"), ("ru", "Караганда",
         "Карагандинская область"), ("kk", "Астанада", "Астана"), ("kk", "Алматы облысы",
         "Алматинская область"), ("en", "Almaty", "Алматы"), ("en", "Nur-Sultan", "Астана"),
    ],
    "complaint_period": [
        ("ru", "с 01.03.2026 по 31.05.2026", "2026-03-01/2026-05-31"), ("ru", "не знаю", NONE),
        ("kk", "01.09.2026 бастап", "2026-09-01/"), ("en", "since 01.09.2026", "2026-09-01/"),
    ],
    "complaint_amount": [
        ("ru", "450к", "450000"), ("ru", "150 000 тг", "150000"), ("ru", "1,5 млн", "1500000"),
        ("ru", "нет", NONE), ("kk", "300 мың теңге", "300000"), ("kk", "білмеймін", NONE),
        ("en", "200000 tenge", "200000"), ("en", "no", NONE),
    ],
    "complaint_description": [
        ("ru", "Зарплату не платят три месяца, директор обещает.",
         "Зарплату не платят три месяца, директор обещает."),
        ("kk", "Жалақы үш ай бойы төленбеді.", "Жалақы үш ай бойы төленбеді."),
        ("en", "I was fired without notice.", "I was fired without notice."),
    ],
    "complaint_request": [
        ("ru", "выплатить долг", "выплатить долг"), ("kk", "қарызды төлеу", "қарызды төлеу"),
        ("en", "pay my wages", "pay my wages"),
    ],
    "complaint_full_name": [
        ("ru", "Ахметов Ерлан", "Ахметов Ерлан"), ("kk", "Нұрланова Әйгерім", "Нұрланова Әйгерім"),
        ("en", "Aigerim Nurlanova", "Aigerim Nurlanova"),
    ],
    "complaint_contact": [
        ("ru", "8 701 555 44 33", "+77015554433"), ("ru", "+7 (701) 555-44-33", "+77015554433"),
        ("kk", "мой номер 87015554433", "+77015554433"), ("en", "Me@Example.kz", "me@example.kz"),
        ("en", "７０１ ５５５ ４４ ３３", "+77015554433"),
    ],
    "complaint_iin": [
        ("ru", "880315400128", "880315400128"), ("kk", "8803 1540 0128", "880315400128"),
        ("en", "８８０３１５４００１２８", "880315400128"),
    ],
    "complaint_address": [
        ("ru", "Шымкент, ул. Абая 1", "Шымкент, ул. Абая 1"),
        ("kk", "Алматы, Абай даңғылы 10", "Алматы, Абай даңғылы 10"),
        ("en", "Shymkent, Abay st. 1", "Shymkent, Abay st. 1"),
    ],
    "complaint_notify": [
        ("ru", "да, пишите", "yes"), ("ru", "да", "yes"), ("ru", "нет, не надо", "no"),
        ("ru", "не знаю", "no"), ("ru", "уведомляйте", "yes"), ("ru", "не пишите", "no"),
        ("kk", "иә", "yes"), ("kk", "жоқ", "no"), ("kk", "иә, жазыңыз", "yes"),
        ("kk", "керек емес", "no"), ("en", "yes please", "yes"), ("en", "no thanks", "no"),
        ("en", "notify me", "yes"),
    ],
    "complaint_confirm": [
        ("ru", "отправить", "submit"), ("ru", "да", "submit"), ("ru", "отменить", "cancel"),
        ("kk", "жіберу", "submit"), ("kk", "болдырмау", "cancel"), ("en", "send it", "submit"),
        ("en", "cancel", "cancel"),
    ],
}

#: Messages that answer no question: each must give a re-ask, never an exception.
JUNK: list[str] = [
    "", "   ", "🙂", "👍👍👍", "\x00", "\x00да", "a" * 5000, "жалақы " * 800, "²", "¹²³",
    "１２３", "\u200f\u200e", "\u202eдa", "\ufeff", "٣", "🙂" * 2000, "<script>alert(1)</script>",
    "=HYPERLINK(\"x\")", "'; DROP TABLE complaints; --", "/form_answer{", "/form_answer{}",
    '/form_answer{"form_value": {"a": 1}}', '/form_answer{"form_value": null}',
    '/form_answer{"form_value": 1e309}', '/form_answer{"form_value": "x"}', "/", "{}", "null",
    "asdfghjkl", "12345678901234567890",
]

#: An unrelated rights question typed at any question (with the intent NLU gives it).
RIGHTS_QUESTION: dict[str, tuple[str, str]] = {
    "ru": ("сколько дней отпуска мне положено?", "ask_leave"),
    "kk": ("маған қанша күн демалыс беріледі?", "ask_leave"),
    "en": ("how many days of annual leave do I get?", "ask_leave"),
}
