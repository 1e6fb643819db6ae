"""Export writers: CSV (UTF-8 with BOM), XLSX (openpyxl write-only), JSON (+ JSON Schema), PDF.

Every writer consumes the chunked row stream of :func:`inspector.query.iter_export_rows` and
writes as it goes, so memory does not grow with the number of complaints. Text cells that a
spreadsheet would execute (starting with ``= + - @``, tab or carriage return) are prefixed with
an apostrophe in CSV and XLSX.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Final

from fpdf import FPDF, XPos, YPos
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from sqlalchemy.orm import Session

from inspector.labels import (
    DocLanguage,
    category_name,
    field_label,
    status_name,
    text,
    tier_name,
)
from inspector.query import ExportRow, attachments_of, export_keys, history_of

__all__ = [
    "FONT_DIR",
    "SCHEMA_PATH",
    "neutralise",
    "write_csv",
    "write_json",
    "write_pdfs",
    "write_xlsx",
]

SCHEMA_PATH: Final = Path(__file__).resolve().parent / "complaint.schema.json"
SCHEMA_ID: Final = "https://quqyq.kz/schemas/complaint-export-1.json"
FONT_DIR: Final = Path(__file__).resolve().parent / "fonts"
_DANGEROUS_START: Final = ("=", "+", "-", "@", "\t", "\r")

Chunks = Iterable[list[ExportRow]]


#: A phone number or a signed number: no formula can hide in it, so it stays as written.
_PLAIN_NUMBER: Final = re.compile(r"[+-]?[\d\s().-]+")
#: Excel in Kazakh and Russian locales splits CSV lines on ";": each piece is a cell there.
_AFTER_SEMICOLON: Final = re.compile(r";(\s*)(?=[=+\-@\t\r])")


def neutralise(value: str) -> str:
    """Make a text cell inert in spreadsheets (CSV/formula injection, OWASP).

    A leading formula character (also after spaces) gets an apostrophe, and so does one after
    a ``;``; phone numbers ("+7 701 555 44 33") are left as they are.

    >>> neutralise("=HYPERLINK(1)"), neutralise("  @SUM(A1)"), neutralise("+77015554433")
    ("'=HYPERLINK(1)", "'  @SUM(A1)", '+77015554433')
    >>> neutralise("ТОО Ромашка; =cmd")
    "ТОО Ромашка; '=cmd"
    """
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    if value.lstrip(" ").startswith(_DANGEROUS_START):
        value = "'" + value
    return _AFTER_SEMICOLON.sub(lambda m: ";" + m[1] + "'", value)


def _display(key: str, value: Any, lang: DocLanguage) -> Any:
    """Human-readable value for spreadsheets and PDF (codes translated, dates ISO)."""
    if value is None:
        return None
    if key == "category":
        return category_name(value, lang)
    if key == "status":
        return status_name(value, lang)
    if key == "identity_tier":
        return tier_name(value, lang)
    if key == "likely_duplicate":
        return text("yes" if value else "no", lang)
    return value


def _cell_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _converters(
    keys: list[str], lang: DocLanguage, *, spreadsheet_dates: bool
) -> list[tuple[str, Callable[[Any], Any]]]:
    """One value converter per column, chosen once (the per-row loop is the hot path)."""
    labels: dict[str, Callable[[str, DocLanguage], str]] = {
        "category": category_name, "status": status_name, "identity_tier": tier_name,
    }

    def text_cell(value: Any) -> Any:
        if isinstance(value, str):
            return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value)) if spreadsheet_dates \
                else neutralise(value)
        if isinstance(value, datetime):
            # Excel has no time zones: naive UTC (the header says UTC); CSV gets ISO text.
            return value.replace(tzinfo=None) if spreadsheet_dates else _cell_text(value)
        if isinstance(value, date):
            return value if spreadsheet_dates else value.isoformat()
        return value

    out: list[tuple[str, Callable[[Any], Any]]] = []
    for key in keys:
        if key in labels:
            table: dict[str, Any] = {}
            label = labels[key]

            def coded(value: Any, table: dict[str, Any] = table,
                      label: Callable[[str, DocLanguage], str] = label) -> Any:
                if value is None:
                    return None
                if value not in table:
                    table[value] = neutralise(label(value, lang))
                return table[value]

            out.append((key, coded))
        elif key == "likely_duplicate":
            yes, no = text("yes", lang), text("no", lang)

            def flag(value: Any, yes: str = yes, no: str = no) -> str:
                return yes if value else no

            out.append((key, flag))
        else:
            out.append((key, text_cell))
    return out


def write_csv(chunks: Chunks, out: IO[str], *, lang: DocLanguage, with_personal_data: bool) -> int:
    """Write CSV (open ``out`` with ``encoding="utf-8-sig", newline=""``); return the row count.

    The BOM makes Excel read UTF-8 (Cyrillic) correctly; headers are the official field names.
    """
    keys = export_keys(with_personal_data)
    columns = _converters(keys, lang, spreadsheet_dates=False)
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)  # every field quoted, in every locale
    writer.writerow([field_label(k, lang) for k in keys])
    count = 0
    for chunk in chunks:
        writer.writerows([[convert(row[key]) for key, convert in columns] for row in chunk])
        count += len(chunk)
    return count


def write_xlsx(chunks: Chunks, path: Path, *, lang: DocLanguage, with_personal_data: bool) -> int:
    """Write an XLSX workbook in openpyxl's write-only (streaming) mode; return the row count.

    openpyxl streams through lxml when it is installed (it is a pinned dependency: the pure
    Python XML writer is about 2x slower).
    """
    keys = export_keys(with_personal_data)
    columns = _converters(keys, lang, spreadsheet_dates=True)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(text("title", lang)[:31])
    sheet.freeze_panes = "B2"
    bold = Font(bold=True)
    header = []
    for key in keys:
        cell = WriteOnlyCell(sheet, value=field_label(key, lang))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for chunk in chunks:
        for row in chunk:
            sheet.append([convert(row[key]) for key, convert in columns])
        count += len(chunk)
    workbook.save(path)
    return count


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    return value


def write_json(
    chunks: Chunks,
    out: IO[str],
    *,
    session: Session,
    with_personal_data: bool,
    filters: dict[str, Any],
    generated_at: datetime,
) -> int:
    """Write the JSON export document (see ``complaint.schema.json``) incrementally.

    Codes stay machine codes (``wages_unpaid``); attachments are listed with their SHA-256 and
    time received (not for anonymous complaints).
    """
    keys = export_keys(with_personal_data)
    head = {
        "$schema": SCHEMA_ID,
        "generated_at": _json_value(generated_at),
        "with_personal_data": with_personal_data,
        "filters": filters,
    }
    out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "complaints": [\n')
    count = 0
    for chunk in chunks:
        files = attachments_of(
            session, [r["_id"] for r in chunk if r["identity_tier"] != "anonymous"]
        )
        for row in chunk:
            item = {k: _json_value(row[k]) for k in keys}
            item["attachments"] = [
                {k: _json_value(v) for k, v in a.items()} for a in files.get(row["_id"], [])
            ]
            out.write((",\n" if count else "") + json.dumps(item, ensure_ascii=False))
            count += 1
    out.write("\n]}\n")
    return count


class _ComplaintPDF(FPDF):
    def __init__(self, lang: DocLanguage) -> None:
        super().__init__(format="A4")
        self.lang: DocLanguage = lang
        self.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_auto_page_break(auto=True, margin=15)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", "", 7)
        self.cell(0, 5, f"{text('generated', self.lang)} · {self.page_no()}", align="C")


def _line(pdf: FPDF, height: float, value: str) -> None:
    """A paragraph across the full width, then back to the left margin."""
    pdf.multi_cell(0, height, value, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _pdf_one(
    row: ExportRow,
    history: list[ExportRow],
    files: list[ExportRow],
    lang: DocLanguage,
    with_personal_data: bool,
) -> FPDF:
    pdf = _ComplaintPDF(lang)
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 14)
    _line(pdf, 8, f"{text('title', lang)} № {row['receipt_code']}")
    pdf.ln(2)
    for key in export_keys(with_personal_data):
        if key == "receipt_code":
            continue
        value = _cell_text(_display(key, row[key], lang))
        pdf.set_font("DejaVu", "B", 9)
        _line(pdf, 5, field_label(key, lang))
        pdf.set_font("DejaVu", "", 10)
        _line(pdf, 5, "—" if value in (None, "") else str(value))
        pdf.ln(1)
    if not with_personal_data or row["identity_tier"] == "anonymous":
        pdf.set_font("DejaVu", "", 8)
        _line(pdf, 5, text("hidden", lang))
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 11)
    _line(pdf, 6, text("history", lang))
    pdf.set_font("DejaVu", "", 9)
    for event in history:
        line = f"{_cell_text(event['at'])} — {status_name(event['status'], lang)}"
        if event["note"]:
            line += f": {event['note']}"
        _line(pdf, 5, line)
    pdf.ln(2)
    pdf.set_font("DejaVu", "B", 11)
    _line(pdf, 6, text("attachments", lang))
    pdf.set_font("DejaVu", "", 8)
    for f in files or []:
        _line(pdf, 4.5, f"{f['sha256']} · {_cell_text(f['received_at'])} · {f['mime_type']}")
    if not files:
        _line(pdf, 5, text("none", lang))
    return pdf


def write_pdfs(
    chunks: Chunks,
    out_dir: Path,
    *,
    session: Session,
    lang: DocLanguage,
    with_personal_data: bool,
    on_file: Callable[[Path], None] | None = None,
) -> int:
    """Write one PDF per complaint (``<receipt code>.pdf``) into ``out_dir``; return the count."""
    out_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    for chunk in chunks:
        files = attachments_of(
            session, [r["_id"] for r in chunk if r["identity_tier"] != "anonymous"]
        )
        for row in chunk:
            pdf = _pdf_one(
                row, history_of(session, row["_id"]), files.get(row["_id"], []), lang,
                with_personal_data,
            )
            path = out_dir / f"{row['receipt_code']}.pdf"
            pdf.output(str(path))
            count += 1
            if on_file:
                on_file(path)
    return count


def iter_rows_flat(chunks: Chunks) -> Iterator[ExportRow]:
    """Flatten the chunk stream (for callers that want one row at a time)."""
    for chunk in chunks:
        yield from chunk
