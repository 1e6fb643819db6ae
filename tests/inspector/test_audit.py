"""The export audit: every ``quqyq-inspect export`` leaves one append-only row (who, when, filters,
rows, SHA-256 of the file), listed by ``quqyq-inspect audit``, holding no personal data."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from inspector_seed import SECRET_ADDRESS, SECRET_IIN, SECRET_NAME, SECRET_PHONE, Seeded
from sqlalchemy import Engine, delete, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

import inspector.cli
from inspector.cli import main
from storage.audit import AppendOnlyError, ExportAudit, list_exports, record_export
from storage.db import make_engine, make_session_factory

SECRETS = (SECRET_NAME, SECRET_IIN, SECRET_ADDRESS, SECRET_PHONE)


@pytest.fixture
def engine(seeded: Seeded) -> Iterator[Engine]:
    engine = make_engine(seeded.url)
    yield engine
    engine.dispose()


@pytest.fixture
def cli(seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", seeded.url)
    monkeypatch.setattr("getpass.getuser", lambda: "os-inspector")


def _latest(engine: Engine) -> ExportAudit:
    with make_session_factory(engine)() as s:
        row = list_exports(s, limit=1)[0]
        s.expunge(row)
    return row


def _count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM export_audit")).scalar_one())


def _db_bytes(url: str) -> bytes:
    path = Path(make_url(url).database or "")
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def test_personal_data_export_is_recorded(
    seeded: Seeded, cli: None, engine: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "full.csv"
    before = _count(engine)
    assert main(["export", "--format", "csv", "--out", str(out), "--with-personal-data",
                 "--lang", "kk", "--actor", "inspector-7", "--receipt", seeded.named_code,
                 "--region", "Алматы", "--from", "2020-01-01"]) == 0
    assert SECRET_IIN in out.read_text(encoding="utf-8-sig")  # it did export personal data
    assert _count(engine) == before + 1
    row = _latest(engine)
    assert (row.actor, row.format, row.language, row.with_personal_data, row.row_count) == (
        "inspector-7", "csv", "kk", True, 1,
    )
    assert row.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
    assert row.output_path == str(out.resolve())
    assert row.filter_values == {
        "receipt_codes": [seeded.named_code], "regions": ["Алматы"],
        "submitted_from": "2020-01-01",
    }
    assert row.created_at.tzinfo is not None


def test_actor_defaults_to_the_os_user_and_exports_without_personal_data_are_recorded(
    cli: None, engine: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "plain.json"
    assert main(["export", "--format", "json", "--out", str(out), "--status", "received"]) == 0
    row = _latest(engine)
    assert (row.actor, row.format, row.with_personal_data) == ("os-inspector", "json", False)
    assert row.filter_values == {"statuses": ["received"]}
    assert row.row_count == len(json.loads(out.read_text(encoding="utf-8"))["complaints"])
    assert row.sha256 == hashlib.sha256(out.read_bytes()).hexdigest()


def test_audit_row_holds_filters_but_no_personal_data(
    seeded: Seeded, cli: None, engine: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "x.xlsx"
    assert main(["export", "--format", "xlsx", "--out", str(out), "--with-personal-data",
                 "--receipt", seeded.named_code, "--receipt", seeded.duplicate_codes[0],
                 "--employer", "971240001315", "--tier", "named", "--tier", "confidential"]) == 0
    row = _latest(engine)
    filters_json = json.dumps(
        {"employer": "971240001315",
         "receipt_codes": [seeded.named_code, seeded.duplicate_codes[0]],
         "tiers": ["named", "confidential"]},
        separators=(",", ":"), sort_keys=True,
    )
    assert row.filters == filters_json
    # the filters are in the database file as written (not only in this process)
    assert filters_json.encode("utf-8") in _db_bytes(seeded.url)
    # and no personal value is anywhere in the audit table, in any row or column
    with engine.connect() as conn:
        cells = [str(v) for r in conn.execute(text("SELECT * FROM export_audit")) for v in r]
    assert cells
    for secret in SECRETS:
        assert not any(secret in cell for cell in cells), secret


def test_pdf_export_audit_hashes_the_files_it_wrote(
    seeded: Seeded, cli: None, engine: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "pdf"
    out.mkdir()
    (out / "unrelated.txt").write_text("not part of the export")
    codes = [seeded.named_code, seeded.duplicate_codes[0]]
    assert main(["export", "--format", "pdf", "--out", str(out), "--lang", "kk",
                 "--with-personal-data", *(a for c in codes for a in ("--receipt", c))]) == 0
    row = _latest(engine)
    assert (row.format, row.row_count, row.output_path) == ("pdf", 2, str(out.resolve()))
    # sha256sum's manifest of the written files, sorted by name, hashed
    manifest = "".join(
        f"{hashlib.sha256((out / name).read_bytes()).hexdigest()}  {name}\n"
        for name in sorted(f"{c}.pdf" for c in codes)
    )
    assert row.sha256 == hashlib.sha256(manifest.encode()).hexdigest()
    assert len(row.sha256) == 64


def test_audit_command_prints_a_table_and_json_lines(
    cli: None, engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a.csv"
    assert main(["export", "--format", "csv", "--out", str(out), "--with-personal-data",
                 "--actor", "Иванов А.", "--category", "wages_unpaid"]) == 0
    row = _latest(engine)
    capsys.readouterr()

    assert main(["audit"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["time", "(UTC)", "actor"]
    newest = lines[1]
    for cell in ("Иванов А.", " csv ", " yes ", row.sha256[:16], '{"categories":["wages_unpaid"]}',
                 str(out.resolve()), row.created_at.strftime("%Y-%m-%d %H:%M:%S")):
        assert cell in newest, cell
    assert row.sha256 not in newest  # shortened to 16 hex digits
    # aligned: the path (last column) starts at the same offset on every line
    at = lines[0].index("path")
    assert all(line[at - 2:at] == "  " and line[at] == "/" for line in lines[1:])

    assert main(["audit", "--json", "--limit", "2"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 2
    assert records[0] == {
        "id": row.id, "created_at": row.created_at.isoformat(), "actor": "Иванов А.",
        "format": "csv", "language": "ru", "with_personal_data": True,
        "filters": {"categories": ["wages_unpaid"]}, "row_count": row.row_count,
        "sha256": row.sha256, "output_path": str(out.resolve()),
    }
    assert records[1]["id"] < records[0]["id"]  # newest first

    assert main(["audit", "--since", "2999-01-01"]) == 0
    assert "no exports recorded" in capsys.readouterr().out
    assert main(["audit", "--since", row.created_at.date().isoformat(), "--json"]) == 0
    assert str(row.id) in [str(json.loads(x)["id"]) for x in capsys.readouterr().out.split("\n")
                           if x]


def test_database_refuses_update_and_delete(cli: None, engine: Engine, tmp_path: Path) -> None:
    assert main(["export", "--format", "csv", "--out", str(tmp_path / "a.csv")]) == 0
    before = _count(engine)
    row = _latest(engine)
    for sql in ("UPDATE export_audit SET actor = 'someone else'",
                f"UPDATE export_audit SET sha256 = 'x' WHERE id = {row.id}",
                "DELETE FROM export_audit",
                f"DELETE FROM export_audit WHERE id = {row.id}"):
        with pytest.raises(IntegrityError, match="export_audit is append-only"), \
                engine.begin() as conn:
            conn.execute(text(sql))
    # also raw SQL through an ORM session
    with make_session_factory(engine)() as s, \
            pytest.raises(IntegrityError, match="append-only"):
        s.execute(text("DELETE FROM export_audit"))
    assert _count(engine) == before
    assert _latest(engine).actor == row.actor


def test_orm_refuses_update_and_delete(cli: None, engine: Engine, tmp_path: Path) -> None:
    assert main(["export", "--format", "csv", "--out", str(tmp_path / "a.csv")]) == 0
    before = _count(engine)
    row_id = _latest(engine).id
    factory = make_session_factory(engine)

    def refused(change: Callable[[Session, ExportAudit], None]) -> None:
        with factory() as s, pytest.raises(AppendOnlyError):
            row = s.get(ExportAudit, row_id)
            assert row is not None
            change(s, row)
            s.flush()

    def set_actor(_s: Session, row: ExportAudit) -> None:
        row.actor = "someone else"

    def delete_row(s: Session, row: ExportAudit) -> None:
        s.delete(row)

    def bulk_update(s: Session, _row: ExportAudit) -> None:
        s.execute(update(ExportAudit).values(row_count=0))

    def bulk_delete(s: Session, _row: ExportAudit) -> None:
        s.execute(delete(ExportAudit).where(ExportAudit.id == row_id))

    for change in (set_actor, delete_row, bulk_update, bulk_delete):
        refused(change)
    with factory() as s:
        assert s.scalar(select(func.count()).select_from(ExportAudit)) == before
        assert s.get(ExportAudit, row_id).actor == "os-inspector"  # type: ignore[union-attr]
        # appending still works
        record_export(s, actor="a", format="csv", language="ru", with_personal_data=False,
                      filters={}, row_count=0, sha256="0" * 64, output_path="/dev/null")
        s.rollback()


def test_record_export_refuses_anything_but_filters(engine: Engine) -> None:
    with make_session_factory(engine)() as s:
        for bad in ({"full_name": SECRET_NAME}, {"iin": SECRET_IIN}):
            with pytest.raises(ValueError, match="not an export filter"):
                record_export(s, actor="a", format="csv", language="ru",
                              with_personal_data=True, filters=bad, row_count=1,
                              sha256="0" * 64, output_path="/tmp/x.csv")
        with pytest.raises(ValueError, match="actor"):
            record_export(s, actor="x" * 121, format="csv", language="ru",
                          with_personal_data=False, filters={}, row_count=1, sha256="0" * 64,
                          output_path="/tmp/x.csv")
        s.rollback()


def test_export_whose_audit_cannot_be_written_is_removed(
    cli: None, engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_a: object, **_kw: object) -> None:
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(inspector.cli, "record_export", broken)
    before = _count(engine)
    out = tmp_path / "full.csv"
    with pytest.raises(RuntimeError, match="database unavailable"):
        main(["export", "--format", "csv", "--out", str(out), "--with-personal-data"])
    assert not out.exists()
    pdf = tmp_path / "pdf"
    with pytest.raises(RuntimeError):
        main(["export", "--format", "pdf", "--out", str(pdf), "--with-personal-data"])
    assert list(pdf.iterdir()) == []
    assert _count(engine) == before
