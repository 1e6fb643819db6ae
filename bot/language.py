"""Per-message language detection for Kazakh, Russian and English as people write them here.

The order of evidence (ARCHITECTURE §2):

1. An explicit choice (the /start picker, /language) wins — decided by the caller
   (:mod:`bot.assistant`), which never asks this module when a choice is stored.
2. Cyrillic text: a word with a Kazakh-specific letter (ә ғ қ ң ө ұ ү һ і), a Kazakh word typed
   without those letters ("жумыс", "калай") or a Kazakh suffix ("курьермін") votes Kazakh; a
   Russian function word or ending votes Russian. Words neither list knows go to the lingua
   detector (restricted to kk/ru/en, built once) and vote with its confidence. Russian with a
   Kazakh word or two ("жалақы не выплатили") therefore stays Russian, and Kazakh with a Russian
   loanword ("зарплата келмеді") stays Kazakh.
3. Latin text: Kazakh in the 2021 Latin alphabet (ä ğ q ñ ö ū ü ı ş, "jalaqy", "rahmet") and
   Russian in Latin letters ("zarplata", "rabota", "privet") are told apart from English by
   letters and word lists; lingua cannot (its kk/ru models are Cyrillic).
4. A message with no usable evidence (1–3 words nobody recognises, numbers, emoji, "ок") keeps
   the conversation's previous language, else Telegram's ``language_code`` hint, else the default.

Measured on ``tests/data/language_detection.tsv`` by ``benchmarks/language_detection.py``.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, Literal

from i18n import DEFAULT_LANGUAGE, Language, normalize_language

if TYPE_CHECKING:
    from lingua import LanguageDetector as LinguaDetector

__all__ = ["Detection", "DetectionSource", "LanguageDetector", "default_detector", "detect"]

DetectionSource = Literal["detected", "previous", "hint", "default"]


def _wordlist(words: str) -> frozenset[str]:
    return frozenset(words.split())


KAZAKH_LETTERS: Final = frozenset("әғқңөұүһі")
KAZAKH_LATIN_LETTERS: Final = frozenset("äğñöūüış")  # 2021 alphabet; q is handled apart

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?", re.UNICODE)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[a-zà-ɏ]")
# Kazakh personal/possessive endings that Russian words practically never have.
_KK_SUFFIX = re.compile(
    r"(мын|мін|бын|бін|пын|пін|мыз|міз|сыз|сіз|ныз|ңыз|ңіз|ндар|ған|ген|ғын|ның|нің|дың|"
    r"дің|тың|тің|нан|нен|мады|меді|маймын|мейді|майды|лары|лері|"
    r"дары|дері|тары|тері|шы|ші)$"
)
_RU_SUFFIX = re.compile(r"(ться|тся|ешь|ишь|ого|его|ому|ему|ыми|ими|ают|яют|ует|ает|ить|ать|ять)$")

KK_WORDS: Final = _wordlist(
    """
    мен сен сендер біз олар ол бұл осы сол мына маған саған оған бізге сізге менің сенің
    бар жоқ жок иә иа ия жарайды жақсы жаксы рахмет рақмет рахмат сәлем салем салеметсиз
    сәлеметсіз қалай калай қайда кайда неге неше қанша канша қашан кашан кім ким керек
    туралы бойынша үшін ушин және жане немесе бірақ бирак тағы тагы әлі али еді еди екен
    жұмыс жумыс жұмысым жумысым жұмыста жумыста жұмыстан жумыстан жалақы жалакы жалақым
    жалакым айлық айлык ақша акша бастық бастык қожайын кожайын төлемеді толемеди төлеген
    шығарды шыгарды демалыс демалыстан еңбек енбек шарт шартсыз құқық кукык көмек комек
    көмектесіңіз комектесиниз қазақша казакша тіл тил болады болмайды болыңыз болыныз сау
    қош кош ала алам алмаймын бере береді береди айтыңыз айтыныз білмеймін билмеймин
    ештеңе ештене сұрақ сурак сұрағым жауап жауабы кеше бүгін бугин ертең ертен ай апта
    күн кун сағат сагат ма ме ба бе па пе ғой гой ғана гана
    """
)
RU_WORDS: Final = _wordlist(
    """
    и в во на что чтобы я мне меня мой моя мою мои как с со по за у нет это как но а или
    если уже ещё еще когда где почему можно нужно надо могу ли бы от до из при для о об про
    так его её ее их они он она мы вы вам вас нам нас там тут здесь был была были будет
    есть нету очень тоже только даже вот всё все весь сколько какой какая какие который
    который работа работу работе работы работаю работал зарплата зарплату зарплаты зп
    работодатель работодателя начальник здравствуйте здрасте привет спасибо пожалуйста
    хорошо да ладно пока уволили уволить уволят платят заплатили выплатили не платят
    месяц месяца месяцев день дня дней неделю часов час сегодня вчера завтра хочу помогите
    помощь вопрос скажите подскажите спс прив норм понятно
    """
)
NEUTRAL_WORDS: Final = _wordlist(
    "ок ok okay окей ага угу ммм hmm хм lol 👍 glovo wolt yandex яндекс kaspi каспи"
)
KK_LATIN_WORDS: Final = _wordlist(
    """
    salem salam sälem salemetsiz sälemetsız rahmet raqmet rakhmet rahmat jalaqy jalaqı jalaky
    zhalaqy zhalaky zhalakı jalaqym jalakym jūmys jumys zhumys jūmysym jumysym zhumysym
    jumysta jūmysta zhumysta jumystan jūmystan zhumystan qalai qalay kalay kalai qaida qayda
    kaida kayda nege qansha kansha qashan kashan kerek turaly boiynsha boyynsha üşin ushin
    jäne jane bırak birak tagy äli ali men sen biz olar bul osy magan maǵan bar joq jok
    iä ia ie jaqsy jaksy jaqsı jaraidy jaraidy sau bolynyz bolyñyz qosh kosh aqsha aksha
    bastyq bastyk qojaiyn tölemedi tolemedi tolemedı tolenbedi tölenbedi töledi toledi
    shygardy şyğardy shyğardy demalys eñbek enbek shart qūqyq kukyk komek kömek
    komektesiniz qazaqsha kazaksha til tıl bolady bolmaidy aitynyz aitynyzshy bilmeimin
    surak sūraq jauap keshe bügin bugin erteñ erten ai apta kün kun sagat ma me ba be pa pe
    goi ğoi gana ğana aily aylyk ailyq ailyk kelmedi bermedi bermeidi alamyn bolam
    """
)
RU_TRANSLIT_WORDS: Final = _wordlist(
    """
    privet privetik zdravstvuyte zdravstvuite zdrastvuite zdrasti zdrasste spasibo spasib spс
    pozhaluysta pozhaluista pojaluista zarplata zarplatu zarplaty zarplati zp rabota rabotu
    rabote raboty raboti rabotayu rabotal rabotodatel rabotodatelya rabotodatel' nachalnik
    ne net da mne menya menia mnya moy moi moya moyu kak chto chto-to cho shto chtoby pochemu
    pochemy uvolili uvolit uvolyat mogu mozhno mojno nado nuzhno nujno gde kogda uzhe uje esche
    eshe eshche ili eto etot kto tak vy vam vas nam nas oni ona tam tut zdes byl byla budet
    est' est tozhe tolko dazhe vot vse vsyo skolko kakoy kakaya kotoryy platyat platit zaplatili
    vyplatili dengi deneg mesyats mesyac mesyaca mesyatsa nedelyu chasov segodnya vchera zavtra
    khochu hochu pomogite pomoch pomosh vopros skazhite podskazhite otpusk otpuska bolnichnyy
    bolnichniy bolnichny dogovor trudovoy trudovoi kuryer kurer zaderzhivayut zaderjivayut
    shtraf shtrafy shtrafuyut normalno ponyatno ladno poka khorosho horosho
    """
)
EN_WORDS: Final = _wordlist(
    """
    the a an is are was were be been am i i'm im me my mine you your he she it we they our
    their to of for in on at by with from about and or but not no yes yeah what how why
    where when who which can could do does did don't dont didn't have has had will would
    should may might this that there here if so just also still
    pay paid pays salary wage wages job work working worked boss employer company fired
    hello hi hey thanks thank please help want need hours overtime leave sick contract
    courier driver app blocked account rights law complaint days months weeks week month
    """
)


@dataclass(frozen=True, slots=True)
class Detection:
    """The language decided for one message, where it came from and how sure we are (0–1)."""

    language: Language
    source: DetectionSource
    confidence: float


@dataclass(slots=True)
class _Votes:
    kk: float = 0.0
    ru: float = 0.0
    en: float = 0.0
    unknown: list[str] | None = None

    def best(self) -> tuple[Language, float, float]:
        """(language, its votes, margin over the runner-up)."""
        ranked = sorted((("kk", self.kk), ("ru", self.ru), ("en", self.en)), key=lambda p: -p[1])
        (lang, top), (_, second) = ranked[0], ranked[1]
        return lang, top, top - second  # type: ignore[return-value]


def _words(text: str) -> list[str]:
    normal = unicodedata.normalize("NFC", text).lower().replace("ё", "е")
    return _WORD.findall(normal)


def _cyrillic_votes(words: list[str]) -> _Votes:
    votes = _Votes(unknown=[])
    for word in words:
        if not _CYRILLIC.search(word):
            continue
        if KAZAKH_LETTERS.intersection(word):
            votes.kk += 1.5
        elif word in NEUTRAL_WORDS:
            continue
        elif word in KK_WORDS:
            votes.kk += 1.0
        elif word in RU_WORDS:
            votes.ru += 1.0
        elif len(word) > 4 and _KK_SUFFIX.search(word):
            votes.kk += 0.75
        elif len(word) > 4 and _RU_SUFFIX.search(word):
            votes.ru += 0.75
        else:
            assert votes.unknown is not None
            votes.unknown.append(word)
    return votes


def _latin_votes(words: list[str]) -> _Votes:
    votes = _Votes(unknown=[])
    for word in words:
        if _CYRILLIC.search(word) or not _LATIN.search(word):
            continue
        if word in NEUTRAL_WORDS:
            continue
        in_kk = word in KK_LATIN_WORDS
        in_ru = word in RU_TRANSLIT_WORDS
        in_en = word in EN_WORDS
        if KAZAKH_LATIN_LETTERS.intersection(word) or re.search(r"q(?!u)", word):
            votes.kk += 1.5
        elif in_kk or in_ru or in_en:
            # A word several lists know ("men", "da", "ne") counts a little for each.
            share = 1.0 / (in_kk + in_ru + in_en)
            votes.kk += share * in_kk
            votes.ru += share * in_ru
            votes.en += share * in_en
        elif re.search(r"(zh|kh|shch|ya|yu|iy|yy|tsya|ovat|yat|yut)", word):
            votes.ru += 0.5  # transliteration digraphs English words rarely have
        else:
            assert votes.unknown is not None
            votes.unknown.append(word)
    return votes


class LanguageDetector:
    """Rules for what people here write, lingua for the words the rules do not know.

    Thread-safe and cheap to call; the lingua model is built once, on first use.
    """

    def __init__(self, *, low_accuracy: bool = True, use_rules: bool = True) -> None:
        self.low_accuracy = low_accuracy
        self.use_rules = use_rules
        self._lingua: LinguaDetector | None = None
        self._lock = threading.Lock()

    def _model(self) -> LinguaDetector:
        if self._lingua is None:
            with self._lock:
                if self._lingua is None:
                    from lingua import Language as L
                    from lingua import LanguageDetectorBuilder

                    builder = LanguageDetectorBuilder.from_languages(L.KAZAKH, L.RUSSIAN, L.ENGLISH)
                    if self.low_accuracy:
                        builder = builder.with_low_accuracy_mode()
                    self._lingua = builder.with_preloaded_language_models().build()
        return self._lingua

    def lingua_confidences(self, text: str) -> dict[Language, float]:
        """lingua's confidence per language for ``text`` (all zero when it has no idea)."""
        result: dict[Language, float] = {"kk": 0.0, "ru": 0.0, "en": 0.0}
        for value in self._model().compute_language_confidence_values(text):
            code = normalize_language(value.language.iso_code_639_1.name)
            if code is not None:
                result[code] = value.value
        return result

    def warm_up(self) -> None:
        """Load the lingua models now rather than on the first user's message."""
        self._model()

    def detect(
        self, text: str, *, previous: str | None = None, hint: str | None = None
    ) -> Detection:
        """Decide the language of one message (no stored choice: the caller checked that)."""
        fallback = _fallback(previous, hint)
        words = _words(text)
        if not words:
            return fallback
        if not self.use_rules:
            return self._lingua_only(text, words, fallback)
        cyrillic = sum(1 for w in words if _CYRILLIC.search(w))
        votes = _cyrillic_votes(words) if cyrillic * 2 >= len(words) else _latin_votes(words)
        unknown = votes.unknown or []
        rule_evidence = votes.best()[1] > 0
        if not rule_evidence and len(words) <= 3 and normalize_language(previous):
            # A name, a number word or a loose word lingua guesses at: keep the conversation's.
            return fallback
        if unknown and cyrillic * 2 >= len(words):
            confidences = self.lingua_confidences(" ".join(unknown))
            # Each unknown word votes by lingua's confidence, slightly discounted: lingua on a few
            # loose words is less reliable than a letter or a listed word.
            for lang, conf in confidences.items():
                setattr(votes, lang, getattr(votes, lang) + 0.8 * conf * len(unknown))
        language, top, margin = votes.best()
        if top == 0:
            if previous or hint:
                return fallback
            # Latin text with no listed word at all: English is what is left.
            return Detection("en", "detected", 0.3)
        decisive = margin >= 1.0 or margin / top >= 0.5
        if not decisive and len(words) <= 3 and (previous or hint):
            return fallback
        return Detection(language, "detected", round(min(1.0, margin / top), 3))

    def _lingua_only(self, text: str, words: list[str], fallback: Detection) -> Detection:
        """The baseline: lingua alone, falling back only when it has no answer at all."""
        confidences = self.lingua_confidences(text)
        language = max(confidences, key=lambda k: confidences[k])
        if confidences[language] == 0.0:
            return fallback
        return Detection(language, "detected", round(confidences[language], 3))


def _fallback(previous: str | None, hint: str | None) -> Detection:
    prev = normalize_language(previous)
    if prev is not None:
        return Detection(prev, "previous", 0.0)
    hinted = normalize_language(hint)
    if hinted is not None:
        return Detection(hinted, "hint", 0.0)
    return Detection(DEFAULT_LANGUAGE, "default", 0.0)


_default: LanguageDetector | None = None
_default_lock = threading.Lock()


def default_detector() -> LanguageDetector:
    """The process-wide detector (lingua models are large: build them once)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = LanguageDetector()
        return _default


def detect(text: str, *, previous: str | None = None, hint: str | None = None) -> Detection:
    """Detect with the process-wide detector; see :meth:`LanguageDetector.detect`."""
    return default_detector().detect(text, previous=previous, hint=hint)
