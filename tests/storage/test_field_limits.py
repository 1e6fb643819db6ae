"""Lengths agree: what the form accepts, the service stores, the database holds and the JSON
export schema allows are one set of limits (``complaints.model.TEXT_LIMITS``).

An export used to fail validation for every complaint because one platform name was longer
than the schema allowed; here a complaint with every text field at its limit is stored (on
PostgreSQL too, where column lengths are enforced) and exported as valid JSON, and one
character more is refused with a message instead of reaching the database.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import String
from sqlalchemy.engine import Engine

from actions.complaints import questions
from complaints.model import TEXT_LIMITS, ComplaintDraft, IdentityTier
from complaints.service import submit_complaint, validate_draft
from complaints.validators import ComplaintValidationError
from i18n import use_language
from inspector.cli import run_export, validate_json_export
from inspector.query import ExportFilters
from inspector.writers import SCHEMA_PATH
from storage.complaints import Complaint
from storage.db import make_session_factory
from storage.users import user_key_for


def _schema_properties() -> dict[str, Any]:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    found: dict[str, Any] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict) and "receipt_code" in props:
                found.update(props)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    return found


def test_columns_and_schema_use_the_same_limits() -> None:
    props = _schema_properties()
    for field, limit in TEXT_LIMITS.items():
        column = Complaint.__table__.c[field]
        if isinstance(column.type, String) and column.type.length is not None:
            assert column.type.length == limit, field
        assert props[field].get("maxLength") == limit, field


def test_the_form_never_accepts_more_than_the_record_holds() -> None:
    assert min(TEXT_LIMITS["employer_name"],
                                         TEXT_LIMITS["platform_name"]) >= questions.MAX_EMPLOYER
    assert min(TEXT_LIMITS["region"], TEXT_LIMITS["city"]) >= questions.MAX_PLACE
    assert TEXT_LIMITS["full_name"] >= questions.MAX_NAME
    assert TEXT_LIMITS["address"] >= questions.MAX_ADDRESS
    assert TEXT_LIMITS["contact"] >= questions.MAX_CONTACT
    assert TEXT_LIMITS["description"] >= questions.MAX_DESCRIPTION
    assert TEXT_LIMITS["request"] >= questions.MAX_REQUEST


def _at_the_limit(**extra: Any) -> ComplaintDraft:
    def text(field: str, letter: str) -> str:
        return (letter * TEXT_LIMITS[field])[: TEXT_LIMITS[field]]

    values: dict[str, Any] = dict(
        category="wages_unpaid",
        identity_tier=IdentityTier.CONFIDENTIAL,
        consent_personal_data=True,
        employer_name=text("employer_name", "Ә"),
        platform_name=text("platform_name", "Ғ"),
        region=text("region", "Қ"),
        city=text("city", "Ң"),
        description=text("description", "ө"),
        request=text("request", "ү"),
        full_name=text("full_name", "Ұ"),
        address=text("address", "і"),
        contact="+77011234567",
        period_start=date(2026, 3, 1),
        period_end=date(2026, 5, 31),
        amount_kzt=450_000,
        language="kk",
    )
    values.update(extra)
    return ComplaintDraft(**values)


@pytest.mark.parametrize("field", sorted(TEXT_LIMITS))
def test_one_character_more_is_refused_with_a_message(field: str) -> None:
    draft = _at_the_limit()
    longer = "x" * (TEXT_LIMITS[field] + 1) if field != "contact" else "a" * 199 + "@b.kz"
    setattr(draft, field, longer)
    with use_language("ru"), pytest.raises(ComplaintValidationError) as refused:
        validate_draft(draft)
    assert refused.value.field == field
    assert str(TEXT_LIMITS[field]) in str(refused.value)


def test_a_complaint_at_every_limit_is_stored_and_exports_valid_json(
    engine: Engine, tmp_path: Path
) -> None:
    with make_session_factory(engine)() as session:
        stored = submit_complaint(
            session, _at_the_limit(contact="c" * (TEXT_LIMITS["contact"] - 5) + "@b.kz"),
            user_key=user_key_for(1, "limits"), idempotency_key="limits-1",
        )
        session.commit()
        code = stored.receipt_code
    out = tmp_path / "export.json"
    url = engine.url.render_as_string(hide_password=False)
    count = run_export("json", out, ExportFilters(receipt_codes=[code]),
                       with_personal_data=True, database_url=url, actor="test")
    assert count == 1
    validate_json_export(out)
    [row] = json.loads(out.read_text(encoding="utf-8"))["complaints"]
    for field, limit in TEXT_LIMITS.items():
        assert len(row[field]) == limit, field
