"""The result of the interview: explained in plain words, saved without personal data.

``action_eligibility_result`` runs when the form ends. After "stop" it only says the answers are
kept. Otherwise it scores the answers with :func:`actions.eligibility.assessment.assess` (the
one code path to ``scoring``) and sends, in the user's language:

1. the rights-violation risk degree and, for platform workers, the employment-relationship
   band, in plain words;
2. the 2–4 reasons with the largest contributions in ``scoring``'s result;
3. the current-law guarantees with their articles (harmful work);
4. the seed-003 professional-risk estimate, labelled as a research proposal;
5. buttons: file a complaint (prefilled from the ``elig_summary`` slot), read the rights of the
   main topic, talk to a person.
"""

from __future__ import annotations

import json
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlalchemy.orm import Session

from actions.common import button, language_of, main_topic_buttons
from actions.db import sessions
from actions.eligibility import platform, profile
from actions.eligibility.assessment import Assessment, assess
from actions.eligibility.form import DONE, STOPPED
from actions.eligibility.interview import answers_of
from actions.eligibility.parsers import Citizenship
from actions.guard import GuardedAction, log_failure
from actions.sealing import resolve, seal_answer, utter_sealed
from i18n import _, use_language
from scoring import CHECK, GUARANTEE_NAMES, OWED, STATUS_LABELS
from storage.questionnaires import Questionnaire

__all__ = ["SUMMARY", "ActionEligibilityResult", "render", "save", "summary_of", "topic_of"]


#: Compact result for the complaint intake (sealed: it names the migrant status).
SUMMARY = "elig_summary"
#: Topics that would tell which migrant answer was given.
MIGRANT_TOPICS = frozenset({"migrant_permit", "migrant_rights"})

#: Violation indicator -> complaint category / rights topic (``ask_<category>``).
_CATEGORY: dict[str, str] = {
    "wages_unpaid": "wages_unpaid",
    "wages_late": "wages_unpaid",
    "passport_withheld": "migrant_rights",
    "no_work_permit": "migrant_permit",
    "no_registration": "migrant_permit",
    "no_written_contract": "employment_contract",
    "harmful_without_guarantees": "harmful_conditions",
    "overtime_unpaid": "working_time",
    "dismissal_threats": "dismissal",
    "disguised_employment": "employment_status",
    "leave_denied": "leave",
}


def _violation_phrases() -> dict[str, str]:
    return {
        "wages_unpaid": _("wages are not paid in full"),
        "wages_late": _("wages are paid late"),
        "passport_withheld": _("your passport is kept by someone else"),
        "no_work_permit": _("you have no work permit"),
        "no_registration": _("you are not registered at your place of stay"),
        "no_written_contract": _("there is no written contract"),
        "harmful_without_guarantees": _("you do not get the guarantees for harmful work"),
        "overtime_unpaid": _("overtime is not paid"),
        "dismissal_threats": _("you are threatened with dismissal"),
        "disguised_employment": _("your work looks like employment without an employment contract"),
        "leave_denied": _("you do not get paid annual leave"),
    }


def _employment_phrases() -> dict[str, str]:
    return {
        "platform_sets_price": _("the app sets the price"),
        "sanctions_for_refusal": _("the app punishes refusals"),
        "ratings_affect_orders": _("ratings decide your orders"),
        "gps_control": _("the app controls you by GPS"),
        "automatic_dispatch": _("the app assigns orders"),
        "income_dependence": _("your income depends on this app"),
        "imposed_hours": _("the app sets your hours"),
        "cannot_refuse_or_work_elsewhere": _("you cannot freely refuse or work elsewhere"),
        "tools_provided": _("the app provides the tools"),
        "uniform_branding": _("you wear the app's uniform"),
        "periodic_pay": _("you get a regular wage"),
        "employment_contract": _("you have an employment contract"),
    }


def _professional_phrases() -> dict[str, str]:
    return {
        "B": _("exposure to harmful factors"),
        "T": _("injuries at the workplace"),
        "Ob": _("the state of the equipment"),
        "SIZ": _("lack of protective equipment"),
        "Z": _("occupational illness among colleagues"),
    }


def _degree_text(degree: str) -> str:
    return {
        "low": _("Your answers show few signs that your labour rights are violated."),
        "medium": _("Your answers show some signs that your labour rights may be violated."),
        "high": _("Your answers show serious signs that your labour rights are violated."),
        "very_high": _(
            "Your answers show very serious signs that your labour rights are violated."
        ),
    }[degree]


def _band_text(band: str) -> str:
    return {
        "likely_employee": _(
            "The way the app manages your work looks like an employment relationship: you may "
            "be an employee with the rights of the Labour Code, whatever your contract is called "
            "(ILO Recommendation No. 198, para 13)."
        ),
        "unable_to_determine": _(
            "From your answers it is not clear whether you are an employee or independent; an "
            "inspector or a court decides on the facts of your work."
        ),
        "likely_independent": _(
            "Your work looks independent: the Labour Code's employee guarantees probably do not "
            "apply, but your contract with the platform does."
        ),
    }[band]


def _degree_word(degree: str) -> str:
    return {
        "low": _("low"),
        "medium": _("medium"),
        "high": _("high"),
        "very_high": _("very high"),
    }[degree]


def _article(text: str) -> str:
    """An article reference from the scoring data ("Labour Code art. 69 p.2") in the user's
    language, word order included (Kazakh: "69-бап")."""
    for english, translated in (
        ("Labour Code", _("Labour Code of the RK")),
        ("Social Code", _("Social Code of the RK")),
        ("MHSD order", _("MHSD order")),
        ("Government decree", _("Government decree")),
    ):
        text = text.replace(english, translated)
    text = _NUMBER_OF_DATE.sub(
        lambda m: _("No. {number} of {date}").format(number=m[1], date=m[2]), text
    )
    text = _ARTICLE.sub(lambda m: _("art. {number}").format(number=m[1]), text)
    text = _CHAPTER.sub(lambda m: _("ch. {number}").format(number=m[1]), text)
    return _POINT.sub(lambda m: _("p. {number}").format(number=m[1]), text)


_NUMBER_OF_DATE = re.compile(r"No\. (\d+) of (\d{2}\.\d{2}\.\d{4})")
_ARTICLE = re.compile(r"\bart\. ?(\d+)")
_CHAPTER = re.compile(r"\bch\. ?(\d+)")
_POINT = re.compile(r"\bp\. ?(\d+)")


def _guarantee_line(assessment: Assessment, name: str) -> str | None:
    owed = assessment.guarantees
    assert owed is not None
    status = int(getattr(owed, name)[0])
    if status not in (OWED, CHECK):
        return None
    what = {
        "reduced_hours": _("Shorter working time: no more than {hours} hours a week").format(
            hours=int(owed.weekly_hours_limit[0]) if status == OWED else 36
        ),
        "extra_leave": _("Extra paid annual leave: at least {days} calendar days").format(
            days=int(owed.extra_leave_days[0]) if status == OWED else 6
        ),
        "increased_pay": _("Increased pay for harmful conditions"),
        "nutrition": (
            _("Therapeutic and preventive food (then no milk)")
            if owed.nutrition_kind[0] == "therapeutic_food"
            else _("Milk or therapeutic and preventive food, one of the two")
        ),
        "ppe": _("Protective clothing and equipment free of charge"),
        "pension": _("Occupational pension contributions of {rate}% paid by the employer").format(
            rate=5 if status != OWED else round(float(owed.pension_rate[0]) * 100)
        ),
    }[name]
    mark = "✅" if status == OWED else "❔"
    line = f"{mark} {what} ({_article(owed.articles[name])})"
    if status == CHECK:
        line += " — " + _("to check: depends on the attestation and the List")
    return line


def _reasons(assessment: Assessment) -> list[str]:
    """2–4 reasons, largest contributions first: violations, then what points to employment."""
    violations = _violation_phrases()
    unknown_mark = " " + _("(you were not sure)")
    vio = assessment.violation
    lines = [
        violations[name] + (unknown_mark if vio.unknown[0, vio.indicators.index(name)] else "")
        for name in vio.reasons(n=4)
    ]
    emp = assessment.employment
    if emp is not None:
        phrases = _employment_phrases()
        # Indicators never asked (the band was decided without them) are no reason to show.
        asked = [
            name
            for name in emp.reasons(n=len(emp.indicators))
            if assessment.answers.get(platform.SLOT_OF[name]) is not None
        ]
        lines = lines[:2] + [
            phrases[name] + (unknown_mark if emp.unknown[0, emp.indicators.index(name)] else "")
            for name in asked[: 4 - min(len(lines), 2)]
        ]
    return lines[:4]


def render(assessment: Assessment) -> str:
    """The result as one message in the current language (call inside ``use_language``)."""
    parts = [_("Result of the check"), "", _degree_text(str(assessment.violation.degree[0]))]
    if assessment.employment is not None:
        parts += ["", _band_text(str(assessment.employment.band[0]))]
    reasons = _reasons(assessment)
    if reasons:
        parts += ["", _("Why:")] + ["• " + reason for reason in reasons]
    else:
        parts += ["", _("You reported no violation.")]
    if assessment.guarantees is not None:
        lines = [_guarantee_line(assessment, name) for name in GUARANTEE_NAMES]
        shown = [line for line in lines if line]
        parts += [
            "",
            _("What the law gives you for harmful work (quqyq legal data {version}):").format(
                version=assessment.guarantees.version
            ),
        ]
        parts += shown or [_("On your answers no extra guarantee is owed.")]
    if assessment.professional is not None:
        pro = assessment.professional
        phrases = _professional_phrases()
        parts += [
            "",
            _(
                "Research proposal, not law: by the risk model of the monograph on guarantees "
                "for harmful work (formula 4), your individual professional risk is {score} of "
                "1 ({degree}). Main factors: {factors}."
            ).format(
                score=f"{float(pro.score[0]):.2f}",
                degree=_degree_word(str(pro.degree[0])),
                factors=", ".join(phrases[name] for name in pro.reasons(n=3)) or "—",
            ),
        ]
    parts += ["", _("This is guidance, not a legal decision. What would you like to do next?")]
    return "\n".join(parts)


def topic_of(assessment: Assessment) -> str:
    """The rights topic (complaint category) the result is mostly about."""
    reasons = assessment.violation.reasons(n=1)
    if reasons:
        return _CATEGORY[reasons[0]]
    if assessment.guarantees is not None:
        return "harmful_conditions"
    if assessment.employment is not None:
        return "employment_status"
    if profile.is_migrant(assessment.answers):
        return "migrant_rights"
    return "complaint_process"


def summary_of(assessment: Assessment, questionnaire_id: int | None) -> dict[str, Any]:
    """Compact result for the complaint intake (``elig_summary`` slot); no personal data.

    Keys: ``questionnaire_id`` (row in ``questionnaires`` or None if saving failed),
    ``category`` (complaint category, e.g. ``wages_unpaid``), ``work_type``, ``migrant``,
    ``eaeu_citizen``, ``violations`` (violation indicators, largest first),
    ``violation_degree``, ``employment_band`` (platform workers), ``contract_type``,
    ``guarantees_owed`` (harmful work: guarantee names owed by current law).
    """
    answers = assessment.answers
    citizenship = answers.get(profile.CITIZENSHIP)
    known_citizenship = citizenship not in (None, "dk")
    owed = assessment.guarantees
    return {
        "questionnaire_id": questionnaire_id,
        "category": topic_of(assessment),
        "work_type": answers.get(profile.WORK_TYPE),
        "migrant": profile.is_migrant(answers),
        "eaeu_citizen": Citizenship(str(citizenship)).eaeu if known_citizenship else None,
        "violations": assessment.violation.reasons(n=11),
        "violation_degree": str(assessment.violation.degree[0]),
        "employment_band": (
            str(assessment.employment.band[0]) if assessment.employment is not None else None
        ),
        "contract_type": answers.get("elig_contract_type"),
        "guarantees_owed": (
            [name for name in GUARANTEE_NAMES if int(getattr(owed, name)[0]) == OWED]
            if owed is not None
            else []
        ),
    }


def save(session: Session, assessment: Assessment, language: str) -> Questionnaire:
    """Store the result (canonical answers and scores, no personal data); caller commits."""
    answers = {slot: value for slot, value in assessment.answers.items() if value is not None}
    citizenship = answers.get(profile.CITIZENSHIP)
    owed = assessment.guarantees
    row = Questionnaire(
        language=language,
        scoring_version=assessment.violation.version,
        work_type=answers.get(profile.WORK_TYPE),
        migrant=profile.is_migrant(answers),
        eaeu_citizen=(
            Citizenship(str(citizenship)).eaeu if citizenship not in (None, "dk") else None
        ),
        answers=answers,
        violation_score=float(assessment.violation.score[0]),
        violation_degree=str(assessment.violation.degree[0]),
        violation_reasons=assessment.violation.reasons(n=11),
        employment_score=(
            float(assessment.employment.score[0]) if assessment.employment is not None else None
        ),
        employment_band=(
            str(assessment.employment.band[0]) if assessment.employment is not None else None
        ),
        guarantees=(
            {name: STATUS_LABELS[int(getattr(owed, name)[0])] for name in GUARANTEE_NAMES}
            if owed is not None
            else None
        ),
        professional_score=(
            float(assessment.professional.score[0]) if assessment.professional is not None else None
        ),
        professional_degree=(
            str(assessment.professional.degree[0]) if assessment.professional is not None else None
        ),
    )
    session.add(row)
    session.flush()
    return row


class ActionEligibilityResult(GuardedAction):
    """Explain the result of the interview and offer the next steps."""

    def name(self) -> str:
        """Action name in the domain."""
        return "action_eligibility_result"

    async def act(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Score, explain, save and offer complaint / rights / human buttons."""
        language = language_of(tracker)
        with use_language(language):
            if tracker.get_slot(STOPPED):
                dispatcher.utter_message(
                    text=_(
                        'The check is paused. Your answers are kept: press "Continue" to go on '
                        "where you stopped."
                    ),
                    buttons=[
                        button(_("Continue"), "/start_eligibility_check"),
                        *main_topic_buttons()[1:],
                    ],
                )
                return [SlotSet(STOPPED, False)]
            # The migrant questions' answers are personal: read back from the app database.
            assessment = assess(resolve(tracker, answers_of(tracker.slots)))
            questionnaire_id = self._save(assessment, language)
            topic = topic_of(assessment)
            # The result names what the worker told (a held passport, no permit): sealed. The
            # rights button must not tell it either: every migrant topic opens the migrants'
            # rights (citizenship, which the tracker knows, tells no more than that).
            if topic in MIGRANT_TOPICS:
                topic = "migrant_rights"
            utter_sealed(
                dispatcher, tracker, render(assessment),
                buttons=[
                    button(_("File a complaint"), "/file_complaint"),
                    button(_("Read my rights"), "/ask_" + topic),
                    button(_("Talk to a person"), "/request_human"),
                ],
            )
            summary = json.dumps(summary_of(assessment, questionnaire_id))
        return [
            SlotSet(SUMMARY, seal_answer(tracker, SUMMARY, summary)),
            SlotSet(DONE, True),
        ]

    @staticmethod
    def _save(assessment: Assessment, language: str) -> int | None:
        """Save the result; a storage failure must not cost the worker their answer."""
        try:
            with sessions()() as session, session.begin():
                return save(session, assessment, language).id
        except Exception as error:  # the reply matters more than the statistics row
            log_failure("action_eligibility_result (saving)", error)
            return None
