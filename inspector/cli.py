"""``quqyq-inspect``: exports, their audit trail and status changes for labour inspectors.

Examples::

    quqyq-inspect export --format csv  --out complaints.csv  --region Алматы --from 2026-01-01
    quqyq-inspect export --format xlsx --out complaints.xlsx --lang kk --category wages_unpaid
    quqyq-inspect export --format json --out complaints.json   # validates against the schema
    quqyq-inspect export --format pdf  --out pdf/ --lang kk --receipt K7QX-M4TD
    quqyq-inspect export --format csv  --out full.csv --with-personal-data --actor "Иванов А."
    quqyq-inspect audit --since 2026-12-01          # who exported what, when (newest first)
    quqyq-inspect audit --limit 20 --json           # the same as JSON lines
    quqyq-inspect status K7QX-M4TD in_review --note "Запрошены документы" --actor "Иванов А."
    quqyq-inspect schema            # prints the path of the published JSON Schema

Personal data (full name, IIN, postal address, contact) of confidential and named complaints is
exported only with ``--with-personal-data``; anonymous complaints never carry it, nor their free
text or attachments. Every export is recorded in the append-only table ``export_audit`` (actor,
time, format, language, the personal-data flag, filters, row count, SHA-256 of what was written,
output path; see :mod:`storage.audit`), listed by ``quqyq-inspect audit``. The database is the
one of ``DATABASE_URL`` (default SQLite under ``DATA_DIR``). Logs and console output contain
counts and receipt codes, never personal data.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import jsonschema

from complaints.attachments import purge_unlinked_attachments
from complaints.model import CATEGORIES, ComplaintStatus, IdentityTier
from complaints.service import change_status
from inspector.labels import DOC_LANGUAGES, DocLanguage
from inspector.query import ExportFilters, iter_export_rows
from inspector.writers import SCHEMA_PATH, write_csv, write_json, write_pdfs, write_xlsx
from stack.settings import StackSettings
from storage import sealed
from storage.audit import (
    ACTOR_MAX,
    ExportAudit,
    list_exports,
    record_export,
    sha256_of_file,
    sha256_of_files,
)
from storage.base import utcnow
from storage.conversations import purge_idle_conversations
from storage.db import make_engine, make_session_factory
from storage.files import restrict

__all__ = ["build_parser", "format_audit_table", "main", "run_export", "validate_json_export"]

log = logging.getLogger("quqyq.inspector")


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a positive whole number: {value!r}")
    return number


def _actor(value: str) -> str:
    value = value.strip()
    if not value or len(value) > ACTOR_MAX:
        raise argparse.ArgumentTypeError(f"the actor must be 1 to {ACTOR_MAX} characters")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(
        prog="quqyq-inspect", description="quqyq complaints for labour inspectors."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    exp = sub.add_parser("export", help="export complaints to CSV, XLSX, JSON or PDF")
    exp.add_argument("--format", choices=("csv", "xlsx", "json", "pdf"), required=True)
    exp.add_argument("--out", type=Path, required=True,
                     help="output file (a directory for --format pdf)")
    exp.add_argument("--lang", choices=DOC_LANGUAGES, default="ru",
                     help="language of field names and labels (official languages)")
    exp.add_argument("--from", dest="submitted_from", type=_day, help="submitted on/after")
    exp.add_argument("--to", dest="submitted_to", type=_day, help="submitted on/before")
    exp.add_argument("--region", action="append", default=[], help="exact region (repeatable)")
    exp.add_argument("--category", action="append", default=[], choices=CATEGORIES)
    exp.add_argument("--status", action="append", default=[],
                     choices=[s.value for s in ComplaintStatus])
    exp.add_argument("--tier", action="append", default=[],
                     choices=[t.value for t in IdentityTier])
    exp.add_argument("--employer", help="employer BIN (12 digits) or part of its name/platform")
    exp.add_argument("--receipt", action="append", default=[], help="receipt code (repeatable)")
    exp.add_argument("--with-personal-data", action="store_true",
                     help="include name, IIN, address, contact of non-anonymous complaints "
                          "(authorised inspectors only; recorded in the export audit)")
    exp.add_argument("--actor", type=_actor, default=None,
                     help="who exports, recorded in the export audit (default: OS user)")

    audit = sub.add_parser("audit", help="list the recorded exports, newest first")
    audit.add_argument("--since", type=_day, help="exports made on/after this day (UTC)")
    audit.add_argument("--limit", type=_positive, default=100,
                       help="at most this many (default 100)")
    audit.add_argument("--json", action="store_true", help="one JSON object per line")

    st = sub.add_parser("status", help="change a complaint's status (notifies the author)")
    st.add_argument("receipt_code")
    st.add_argument("new_status", choices=[s.value for s in ComplaintStatus])
    st.add_argument("--note", help="note shown to the author with the new status")
    st.add_argument("--actor", default=None, help="who changes it (default: OS user)")

    sub.add_parser("schema", help="print the path of the JSON Schema of JSON exports")

    purge = sub.add_parser(
        "purge",
        help="delete what unfinished drafts left (files, sealed personal answers) and "
        "conversations idle too long (run daily, e.g. cron)",
    )
    purge.add_argument("--days", type=int, default=30,
                       help="drafts older than this many days (default 30)")
    purge.add_argument(
        "--conversation-days", type=int,
        default=int(os.environ.get("QUQYQ_CONVERSATION_RETENTION_DAYS") or 90),
        help="conversations idle for longer than this many days "
        "(default $QUQYQ_CONVERSATION_RETENTION_DAYS or 90)",
    )
    return parser


def _filters(args: argparse.Namespace) -> ExportFilters:
    return ExportFilters(
        submitted_from=args.submitted_from,
        submitted_to=args.submitted_to,
        regions=args.region,
        categories=args.category,
        statuses=args.status,
        tiers=args.tier,
        employer=args.employer,
        receipt_codes=args.receipt,
    )


def _filters_json(f: ExportFilters) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("submitted_from", "submitted_to", "employer"):
        value = getattr(f, key)
        if value:
            out[key] = value.isoformat() if isinstance(value, date) else value
    for key in ("regions", "categories", "statuses", "tiers", "receipt_codes"):
        if getattr(f, key):
            out[key] = list(getattr(f, key))
    return out


def validate_json_export(path: Path) -> None:
    """Validate a JSON export against the published schema (raises ``ValidationError``)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    with path.open(encoding="utf-8") as fh:
        jsonschema.validate(json.load(fh), schema, cls=jsonschema.Draft202012Validator)


def run_export(
    fmt: str,
    out: Path,
    filters: ExportFilters,
    *,
    lang: str = "ru",
    with_personal_data: bool = False,
    database_url: str | None = None,
    actor: str | None = None,
) -> int:
    """Export the complaints matching ``filters`` to ``out``; return how many were written.

    Once the output is written, one row is added to the export audit (``actor`` defaults to the
    OS user). If that row cannot be committed, what was written is deleted and the error
    raised: no export leaves the database unrecorded.
    """
    engine = make_engine(database_url)
    # Exports only read: a deferred SQLite transaction never blocks the bot's writes.
    factory = make_session_factory(engine.execution_options(sqlite_begin="DEFERRED"))
    doc_lang: DocLanguage = "kk" if lang == "kk" else "ru"
    pdfs: list[Path] = []
    try:
        with factory() as session:
            chunks = iter_export_rows(session, filters, with_personal_data=with_personal_data)
            if fmt == "csv":
                with out.open("w", encoding="utf-8-sig", newline="") as fh:
                    count = write_csv(chunks, fh, lang=doc_lang,
                                      with_personal_data=with_personal_data)
            elif fmt == "xlsx":
                count = write_xlsx(chunks, out, lang=doc_lang,
                                   with_personal_data=with_personal_data)
            elif fmt == "json":
                with out.open("w", encoding="utf-8") as fh:
                    count = write_json(chunks, fh, session=session,
                                       with_personal_data=with_personal_data,
                                       filters=_filters_json(filters),
                                       generated_at=datetime.now(UTC))
            elif fmt == "pdf":
                count = write_pdfs(chunks, out, session=session, lang=doc_lang,
                                   with_personal_data=with_personal_data, on_file=pdfs.append)
            else:
                raise ValueError(f"unknown format {fmt!r}")
        written = pdfs if fmt == "pdf" else [out]
        try:
            # A write transaction of its own (the export's was a deferred read).
            with make_session_factory(engine)() as session:
                row = record_export(
                    session, actor=actor or getpass.getuser(), format=fmt, language=doc_lang,
                    with_personal_data=with_personal_data, filters=_filters_json(filters),
                    row_count=count, output_path=out.resolve(),
                    sha256=sha256_of_files(pdfs) if fmt == "pdf" else sha256_of_file(out),
                )
                audit_id = row.id
                session.commit()
        except BaseException:
            for path in written:
                path.unlink(missing_ok=True)
            raise
    finally:
        engine.dispose()
    # Without the data or the path (an inspector may name a file after a person).
    log.log(logging.WARNING if with_personal_data else logging.INFO,
            "export audit #%d: %s, %d complaints, personal data %s",
            audit_id, fmt, count, "yes" if with_personal_data else "no")
    return count


def _audit_json(row: ExportAudit) -> dict[str, Any]:
    return {
        "id": row.id,
        "created_at": row.created_at.isoformat(),
        "actor": row.actor,
        "format": row.format,
        "language": row.language,
        "with_personal_data": row.with_personal_data,
        "filters": row.filter_values,
        "row_count": row.row_count,
        "sha256": row.sha256,
        "output_path": row.output_path,
    }


def format_audit_table(rows: list[ExportAudit]) -> str:
    """The exports as aligned columns (time UTC, actor, ..., path), one line each."""
    header = ("time (UTC)", "actor", "format", "lang", "personal", "rows", "sha256", "filters",
              "path")
    lines = [header] + [
        (row.created_at.strftime("%Y-%m-%d %H:%M:%S"), row.actor, row.format, row.language,
         "yes" if row.with_personal_data else "no", str(row.row_count), row.sha256[:16],
         row.filters, row.output_path)
        for row in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    right = {header.index("rows")}
    return "\n".join(
        "  ".join(
            [cell.rjust(w) if i in right else cell.ljust(w)
             for i, (cell, w) in enumerate(zip(line, widths, strict=False))] + [line[-1]]
        )
        for line in lines
    )


def _cmd_export(args: argparse.Namespace) -> int:
    count = run_export(args.format, args.out, _filters(args), lang=args.lang,
                       with_personal_data=args.with_personal_data, actor=args.actor)
    if args.format == "json":
        validate_json_export(args.out)
    print(f"{count} complaints exported to {args.out}")
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    since = datetime.combine(args.since, time.min, UTC) if args.since else None
    engine = make_engine()
    try:
        with make_session_factory(engine.execution_options(sqlite_begin="DEFERRED"))() as s:
            rows = list_exports(s, since=since, limit=args.limit)
    finally:
        engine.dispose()
    if args.json:
        for row in rows:
            print(json.dumps(_audit_json(row), ensure_ascii=False))
    elif rows:
        print(format_audit_table(rows))
    else:
        print("no exports recorded" + (f" since {args.since}" if since else ""))
    return 0


def _cmd_schema(_args: argparse.Namespace) -> int:
    print(SCHEMA_PATH)
    return 0


def _cmd_purge(args: argparse.Namespace) -> int:
    engine = make_engine()
    try:
        with make_session_factory(engine)() as session:
            removed = purge_unlinked_attachments(session, timedelta(days=args.days))
            drafts = sealed.purge_older_than(session, utcnow() - timedelta(days=args.days))
            session.commit()
    finally:
        engine.dispose()
    conversations = purge_idle_conversations(
        StackSettings.from_env().tracker_store_url, timedelta(days=args.conversation_days)
    )
    print(f"{removed} attachments and {drafts} sealed answers of abandoned drafts deleted; "
          f"{conversations} conversations idle for over {args.conversation_days} days erased")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    engine = make_engine()
    try:
        with make_session_factory(engine)() as session:
            try:
                change_status(session, args.receipt_code, args.new_status, note=args.note,
                              actor=args.actor or getpass.getuser())
            except (LookupError, ValueError) as error:
                print(f"error: {error}", file=sys.stderr)
                return 2
            session.commit()
    finally:
        engine.dispose()
    print(f"{args.receipt_code}: {args.new_status} (the author will be notified)")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "export": _cmd_export,
    "audit": _cmd_audit,
    "status": _cmd_status,
    "schema": _cmd_schema,
    "purge": _cmd_purge,
}


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``quqyq-inspect``."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    restrict()  # exports may hold personal data: readable by the operator only
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
