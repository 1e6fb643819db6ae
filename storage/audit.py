"""Export audit: one append-only row per ``quqyq-inspect export``.

Every export — with or without personal data, the flag is recorded — leaves a row saying who
(``actor``: ``--actor`` or the OS user), when (``created_at``, UTC), what (``format``,
``language``, ``with_personal_data``, the ``filters`` as JSON, ``row_count``), where
(``output_path``) and exactly which bytes (``sha256``):

* CSV, XLSX, JSON: the SHA-256 (hex) of the written file — ``sha256sum out.csv``;
* PDF, which writes one file per complaint into a directory: the SHA-256 of the manifest
  ``"<file sha256 hex>  <file name>\\n"`` for each file the export wrote, sorted by name — the
  output of ``sha256sum``, so ``cd out && LC_ALL=C sha256sum -- <the files> | sha256sum``
  reproduces it (see :func:`sha256_of_files`; no files → the SHA-256 of the empty string).

The row never holds personal data: ``filters`` only accepts the keys of the export filters
(region, category, status, tier, employer, receipt codes, submission dates), never a complainant's
name, IIN, address or contact.

Append-only, twice over: the migration ``0007_export_audit`` installs database triggers that make
every ``UPDATE`` and ``DELETE`` on ``export_audit`` fail (SQLite ``RAISE(ABORT)``, PostgreSQL a
plpgsql function raising ``restrict_violation``; both surface as
:class:`sqlalchemy.exc.IntegrityError`), and this module refuses in the ORM too: flushing a
changed or deleted :class:`ExportAudit`, or executing an ORM ``update()``/``delete()`` of it,
raises :class:`AppendOnlyError` before anything reaches the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Boolean, Integer, String, Text, event, select
from sqlalchemy.orm import Mapped, Mapper, ORMExecuteState, Session, mapped_column

from storage.base import Base, UTCDateTime, utcnow

__all__ = [
    "FILTER_KEYS",
    "FORMATS",
    "AppendOnlyError",
    "ExportAudit",
    "list_exports",
    "record_export",
    "sha256_of_file",
    "sha256_of_files",
]

FORMATS: Final = ("csv", "xlsx", "json", "pdf")
#: The only keys ``filters`` may hold (the export filters; none of them is personal data).
FILTER_KEYS: Final = frozenset({
    "submitted_from", "submitted_to", "regions", "categories", "statuses", "tiers", "employer",
    "receipt_codes",
})
ACTOR_MAX: Final = 120
PATH_MAX: Final = 1000
_CHUNK: Final = 1 << 20


class AppendOnlyError(RuntimeError):
    """Raised when the application tries to change or delete an export audit row."""


class ExportAudit(Base):
    """One export: who, when, which filters, how many rows, and the SHA-256 of what was written."""

    __tablename__ = "export_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(ACTOR_MAX))
    format: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(8))
    with_personal_data: Mapped[bool] = mapped_column(Boolean)
    #: The filters as compact JSON (keys sorted, UTF-8 kept); see :attr:`filter_values`.
    filters: Mapped[str] = mapped_column(Text)
    row_count: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    output_path: Mapped[str] = mapped_column(String(PATH_MAX))

    @property
    def filter_values(self) -> dict[str, Any]:
        """The filters as a dict."""
        value = json.loads(self.filters)
        assert isinstance(value, dict)
        return value


def _refuse(_mapper: Mapper[Any], _connection: object, target: ExportAudit) -> None:
    raise AppendOnlyError(f"export_audit is append-only (row {target.id} cannot change)")


event.listen(ExportAudit, "before_update", _refuse)
event.listen(ExportAudit, "before_delete", _refuse)


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk(state: ORMExecuteState) -> None:
    """ORM ``update(ExportAudit)`` / ``delete(ExportAudit)`` bypass the mapper events above."""
    if (state.is_update or state.is_delete) and state.bind_mapper is not None \
            and state.bind_mapper.class_ is ExportAudit:
        raise AppendOnlyError("export_audit is append-only (bulk UPDATE/DELETE refused)")


def sha256_of_file(path: Path) -> str:
    """The SHA-256 (hex) of the file at ``path``."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def sha256_of_files(paths: Iterable[Path]) -> str:
    """One SHA-256 for several files: that of their ``sha256sum`` manifest, sorted by name.

    The manifest has one line ``"<sha256 hex>  <name>\\n"`` per file (name without directory),
    in the order of the names; its UTF-8 bytes are hashed.
    """
    lines = sorted((p.name, sha256_of_file(p)) for p in paths)
    manifest = "".join(f"{digest}  {name}\n" for name, digest in lines)
    return hashlib.sha256(manifest.encode("utf-8")).hexdigest()


def _text(name: str, value: str, limit: int) -> str:
    value = value.strip()
    if not value or len(value) > limit:
        raise ValueError(f"{name} must be 1 to {limit} characters")
    return value


def _filters_json(filters: Mapping[str, Any]) -> str:
    unknown = set(filters) - FILTER_KEYS
    if unknown:
        raise ValueError(f"not an export filter: {', '.join(sorted(unknown))}")
    return json.dumps(dict(filters), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def record_export(
    session: Session,
    *,
    actor: str,
    format: str,
    language: str,
    with_personal_data: bool,
    filters: Mapping[str, Any],
    row_count: int,
    sha256: str,
    output_path: str | Path,
) -> ExportAudit:
    """Add (and flush) the audit row of one export; the caller commits."""
    if format not in FORMATS:
        raise ValueError(f"unknown export format {format!r}")
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValueError("sha256 must be 64 lowercase hex digits")
    if row_count < 0:
        raise ValueError("row_count must not be negative")
    row = ExportAudit(
        actor=_text("actor", actor, ACTOR_MAX),
        format=format,
        language=language,
        with_personal_data=with_personal_data,
        filters=_filters_json(filters),
        row_count=row_count,
        sha256=sha256,
        output_path=_text("output path", str(output_path), PATH_MAX),
    )
    session.add(row)
    session.flush()
    return row


def list_exports(
    session: Session, *, since: datetime | None = None, limit: int = 100
) -> list[ExportAudit]:
    """The latest ``limit`` exports (made at or after ``since``), newest first."""
    query = select(ExportAudit).order_by(ExportAudit.created_at.desc(), ExportAudit.id.desc())
    if since is not None:
        query = query.where(ExportAudit.created_at >= since)
    return list(session.scalars(query.limit(limit)))
