"""Every export format read back: CSV parsed, XLSX loaded, JSON validated against the published
schema, PDF text extracted; formula injection neutralised; anonymous rows without personal data;
grouping by employer and duplicate flags."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

import jsonschema
import pytest
from inspector_seed import (
    INJECTIONS,
    SECRET_ADDRESS,
    SECRET_IIN,
    SECRET_NAME,
    SECRET_PHONE,
    Seeded,
)
from openpyxl import load_workbook
from pypdf import PdfReader

from inspector.cli import main, run_export, validate_json_export
from inspector.labels import field_label
from inspector.query import ExportFilters, amount_band, coarsened
from inspector.writers import SCHEMA_PATH, neutralise

SECRETS = (SECRET_NAME, SECRET_IIN, SECRET_ADDRESS, SECRET_PHONE)


def _csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _by_code(rows: list[dict[str, str]], lang: str = "ru") -> dict[str, dict[str, str]]:
    return {r[field_label("receipt_code", lang)]: r for r in rows}  # type: ignore[arg-type]


def test_neutralise() -> None:
    for payload in INJECTIONS:
        assert neutralise(payload) == "'" + payload
    assert neutralise("Ромашка") == "Ромашка"
    # after spaces, and after the ";" Kazakh/Russian Excel splits lines on
    assert neutralise("  =1+1") == "'  =1+1"
    assert neutralise("ТОО Ромашка;=HYPERLINK(1)") == "ТОО Ромашка;'=HYPERLINK(1)"
    # phone numbers and amounts stay as written
    for plain in ("+77015554433", "+7 (701) 555-44-33", "-150000"):
        assert neutralise(plain) == plain


def test_csv_split_on_semicolons_has_no_cell_starting_a_formula(
    seeded: Seeded, tmp_path: Path
) -> None:
    out = tmp_path / "c.csv"
    run_export("csv", out, ExportFilters(), database_url=seeded.url)
    content = out.read_text(encoding="utf-8-sig")
    assert content.startswith('"')  # every field quoted
    for line in content.splitlines():
        for cell in line.split(";"):  # how a ru/kk Excel without the import wizard reads it
            value = cell.strip(' "')
            assert not value.startswith(("=", "@")), cell
            assert not value.startswith(("+", "-")) or re.fullmatch(r"[+-][\d\s().-]+", value)


def test_csv_read_back_grouped_flagged_and_safe(seeded: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    assert run_export("csv", out, ExportFilters(), database_url=seeded.url) == 5
    rows = _csv_rows(out)
    assert list(rows[0])[:3] == ["Код квитанции", "Дата подачи (UTC)", "Статус"]
    by = _by_code(rows)
    # grouped: the four complaints about BIN 971240001315 share a group and are contiguous
    group = field_label("employer_group", "ru")
    groups = [r[group] for r in rows]
    assert groups.count("bin:971240001315") == 3
    first = groups.index("bin:971240001315")
    assert groups[first:first + 3] == ["bin:971240001315"] * 3
    assert by[seeded.named_code][field_label("employer_group_size", "ru")] == "3"
    # duplicates flagged, not dropped
    dup = field_label("likely_duplicate", "ru")
    d1, d2 = seeded.duplicate_codes
    assert by[d1][dup] == "да" and by[d2][dup] == "да"
    assert by[d2][field_label("duplicate_of", "ru")] == d1
    assert by[seeded.named_code][dup] == "нет"
    # no personal data without the flag
    text = out.read_text(encoding="utf-8-sig")
    for secret in SECRETS:
        assert secret not in text
    assert field_label("iin", "ru") not in rows[0]
    # formula injection neutralised
    hostile = by[seeded.injection_code]
    assert hostile[field_label("employer_name", "ru")] == "'" + INJECTIONS[0]
    assert hostile[field_label("request", "ru")] == "'" + INJECTIONS[1]
    assert hostile[field_label("region", "ru")] == "'" + INJECTIONS[3]
    assert hostile[field_label("city", "ru")] == "'" + INJECTIONS[4]
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_csv_with_personal_data_only_for_non_anonymous(seeded: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "p.csv"
    run_export("csv", out, ExportFilters(), lang="kk", with_personal_data=True,
               database_url=seeded.url)
    by = _by_code(_csv_rows(out), "kk")
    named = by[seeded.named_code]
    assert named["ЖСН"] == SECRET_IIN and named["Тегі, аты, әкесінің аты"] == SECRET_NAME
    anon = by[seeded.anonymous_code]
    for secret in SECRETS:
        assert all(secret not in value for value in anon.values())
    assert anon["Өтініштің мәні"] == "" and anon["Қосымшалар саны"] == "0"
    hostile = by[seeded.injection_code]
    assert hostile["Тегі, аты, әкесінің аты"] == "'" + INJECTIONS[2]
    assert hostile["Байланыс деректері"] == "'" + INJECTIONS[5]


def test_xlsx_read_back(seeded: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "c.xlsx"
    assert run_export("xlsx", out, ExportFilters(), lang="kk", database_url=seeded.url) == 5
    sheet = load_workbook(out, read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "Түбіртек коды" and "Жұмыс берушінің БСН" in header
    body = [dict(zip(header, r, strict=True)) for r in rows[1:]]
    assert len(body) == 5
    for row in body:
        for value in row.values():
            if isinstance(value, str):
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))
                assert all(secret not in value for secret in SECRETS)
    amounts = {r["Түбіртек коды"]: r["Сомасы, теңге"] for r in body}
    assert amounts[seeded.named_code] == 450_000  # numbers stay numbers
    hostile = next(r for r in body if r["Түбіртек коды"] == seeded.injection_code)
    assert hostile["Жұмыс берушінің атауы"] == "'" + INJECTIONS[0]


def test_json_valid_against_published_schema(seeded: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    run_export("json", out, ExportFilters(), with_personal_data=True, database_url=seeded.url)
    validate_json_export(out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    by = {c["receipt_code"]: c for c in doc["complaints"]}
    named, anon = by[seeded.named_code], by[seeded.anonymous_code]
    assert named["iin"] == SECRET_IIN and len(named["attachments"]) == 1
    assert len(named["attachments"][0]["sha256"]) == 64 and named["status"] == "received"
    assert anon["attachments"] == [] and anon["description"] is None
    assert not any(secret in json.dumps(anon, ensure_ascii=False) for secret in SECRETS)
    # the schema itself refuses personal data on an anonymous complaint
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    anon_bad = dict(anon, full_name=SECRET_NAME)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(dict(doc, complaints=[anon_bad]), schema)
    no_flag = dict(doc, with_personal_data=False, complaints=[named])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(no_flag, schema)


def test_json_without_personal_data_has_no_personal_keys(seeded: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    run_export("json", out, ExportFilters(), database_url=seeded.url)
    validate_json_export(out)
    text = out.read_text(encoding="utf-8")
    assert '"iin"' not in text and not any(secret in text for secret in SECRETS)


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        ("kk", ("Еңбек құқықтарының бұзылуы туралы шағым", "Жұмыс берушінің БСН",
                "Бұзушылық санаты", "Мәртебе тарихы", "ЖСН")),
        ("ru", ("Жалоба о нарушении трудовых прав", "БИН работодателя",
                "Категория нарушения", "История статусов", "ИИН")),
    ],
)
def test_pdf_per_complaint_in_kazakh_and_russian(
    seeded: Seeded, tmp_path: Path, lang: str, labels: tuple[str, ...]
) -> None:
    out = tmp_path / "pdf"
    count = run_export("pdf", out, ExportFilters(receipt_codes=[seeded.named_code]), lang=lang,
                       with_personal_data=True, database_url=seeded.url)
    assert count == 1
    content = " ".join(
        page.extract_text() for page in PdfReader(out / f"{seeded.named_code}.pdf").pages
    )
    flat = " ".join(content.split())
    for label in labels:
        assert label in flat
    assert SECRET_IIN in flat and "971240001315" in flat
    assert "Жалақы үш ай бойы төленбеді" in flat  # Kazakh glyphs survive the round trip


def test_pdf_of_anonymous_has_no_personal_data(seeded: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "pdf"
    run_export("pdf", out, ExportFilters(receipt_codes=[seeded.anonymous_code]), lang="ru",
               with_personal_data=True, database_url=seeded.url)
    flat = " ".join(PdfReader(out / f"{seeded.anonymous_code}.pdf").pages[0].extract_text().split())
    assert "Yandex Go" in flat
    assert not any(secret in flat for secret in SECRETS)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ExportFilters(tiers=["anonymous"]), 1),
        (ExportFilters(employer="971240001315"), 3),
        (ExportFilters(employer="ромашка"), 3),
        (ExportFilters(employer="yandex"), 1),
        (ExportFilters(statuses=["received"]), 1),
        (ExportFilters(regions=["алматы"]), 4),
        (ExportFilters(employer="РОМАШ"), 3),
        (ExportFilters(categories=["dismissal"]), 0),
        (ExportFilters(submitted_from=__import__("datetime").date(2100, 1, 1)), 0),
    ],
)
def test_filters(seeded: Seeded, tmp_path: Path, filters: ExportFilters, expected: int) -> None:
    assert run_export("csv", tmp_path / "f.csv", filters, database_url=seeded.url) == expected


def test_cli_status_change_and_export(
    seeded: Seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", seeded.url)
    assert main(["status", seeded.named_code, "in_review", "--note", "Құжаттар сұралды",
                 "--actor", "inspector-1"]) == 0
    assert main(["status", seeded.named_code, "submitted"]) == 2
    assert "cannot go from in_review" in capsys.readouterr().err
    out = tmp_path / "s.json"
    assert main(["export", "--format", "json", "--out", str(out), "--status", "in_review"]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [c["receipt_code"] for c in doc["complaints"]] == [seeded.named_code]
    # the outbox holds the notifications the bot will deliver to the author
    from complaints.service import pending_notifications
    from storage.db import make_engine, make_session_factory

    engine = make_engine(seeded.url)
    with make_session_factory(engine)() as s:
        pending = [(n.chat_id, n.status, n.note) for n in pending_notifications(s)]
    engine.dispose()
    assert pending == [(111, "received", "Тіркелді"), (111, "in_review", "Құжаттар сұралды")]


def test_cli_purge_deletes_only_files_of_old_abandoned_drafts(
    seeded: Seeded, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from datetime import timedelta

    from complaints.attachments import store_attachment
    from storage.base import utcnow
    from storage.db import make_engine, make_session_factory

    monkeypatch.setenv("DATABASE_URL", seeded.url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    from tests.fakes.files import jpeg

    engine = make_engine(seeded.url)
    with make_session_factory(engine)() as s:
        old = store_attachment(s, user_key="a" * 64, data=jpeg((1, 2, 3)), mime_type="image/jpeg",
                               received_at=utcnow() - timedelta(days=40), data_dir=tmp_path)
        fresh = store_attachment(s, user_key="b" * 64, data=jpeg((90, 2, 3)),
                                 mime_type="image/jpeg", data_dir=tmp_path)
        s.commit()
        old_id, fresh_id = old.id, fresh.id
    assert main(["purge", "--days", "30"]) == 0
    assert "1 attachments" in capsys.readouterr().out
    with make_session_factory(engine)() as s:
        from storage.complaints import Attachment

        assert s.get(Attachment, old_id) is None
        assert s.get(Attachment, fresh_id) is not None
    engine.dispose()


def test_an_anonymous_row_leaves_coarsened_to_the_month_and_an_amount_band(
    seeded: Seeded, tmp_path: Path
) -> None:
    out = tmp_path / "c.json"
    run_export("json", out, ExportFilters(), database_url=seeded.url)
    validate_json_export(out)  # the schema holds anonymous rows to month and band
    by = {c["receipt_code"]: c for c in json.loads(out.read_text("utf-8"))["complaints"]}
    named, anon = by[seeded.named_code], by[seeded.anonymous_code]
    assert anon["submitted_at"][8:19] == "01T00:00:00"
    assert anon["amount_kzt"] is None and anon["amount_band"] == "250000-499999"
    assert named["amount_kzt"] == 450_000 and named["amount_band"] == "250000-499999"


@pytest.mark.parametrize(("amount", "band"), [
    (0, "0-49999"), (49_999, "0-49999"), (50_000, "50000-99999"), (312_400, "250000-499999"),
    (1_000_000, "1000000+"), (None, None),
])
def test_amount_bands(amount: int | None, band: str | None) -> None:
    assert amount_band(amount) == band


def test_coarsening_widens_the_period_to_whole_months() -> None:
    row = coarsened({"submitted_at": datetime(2026, 2, 17, 14, 3, tzinfo=UTC),
                     "period_start": date(2026, 1, 12), "period_end": date(2024, 2, 3),
                     "amount_kzt": 312_400})
    assert row == {"submitted_at": datetime(2026, 2, 1, tzinfo=UTC),
                   "period_start": date(2026, 1, 1), "period_end": date(2024, 2, 29),
                   "amount_kzt": None}
