"""Backup and restore round trip (issue "A municipality can start using Laget on Monday", item 6):
`manage.py backup` of a live database and its files, `manage.py restore` into a fresh PostgreSQL
database, and the proof: equal row counts table by table, and `audit_verify` passing there.

PostgreSQL only: backups wrap pg_dump/pg_restore, which production runs on; SQLite is the demo's
database (copy the file). CI runs this on its PostgreSQL leg.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.db import connection

from laget.audit.services import access_log_write
from laget.cases.models import Attachment

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="backup and restore wrap pg_dump/pg_restore: needs PostgreSQL (DATABASE_URL); CI runs it",
)
ROOT = Path(__file__).resolve().parents[2]


def url_for(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


def manage(*args, database: str, media: Path, archive: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        DATABASE_URL=url_for(database),
        DJANGO_SETTINGS_MODULE="laget.settings",
        SECRET_KEY="backup-test",
        DEBUG="0",
        LAGET_DEMO="0",
        LAGET_TESTING="0",
        MEDIA_ROOT=str(media),
        ARCHIVE_ROOT=str(archive),
    )
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def counts(database: str) -> dict[str, int]:
    with psycopg.connect(url_for(database), autocommit=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}  # noqa: S608


@pytest.fixture
def fresh_database():
    name = f"laget_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url_for("postgres"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(url_for("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_with_equal_rows_and_a_verifying_access_log(
    world, case_factory, tmp_path, settings, fresh_database
):
    source_media, source_archive = tmp_path / "media", tmp_path / "archive"
    settings.MEDIA_ROOT = source_media
    case = case_factory(consent=True)
    attachment = Attachment(school=world.school, case=case, name="kartlegging.pdf", uploaded_by=world.lead)
    attachment.file.save("kartlegging.pdf", ContentFile(b"%PDF-1.4 kartlegging av Ola"), save=True)
    for _ in range(5):
        access_log_write(user=world.lead, action="case.view", school_id=world.school.pk, student_id=world.student.pk)
    (source_archive / "1").mkdir(parents=True)
    (source_archive / "1" / "package.zip").write_bytes(b"archive package")
    source_db = connection.settings_dict["NAME"]

    made = manage(
        "backup", "--output", str(tmp_path / "backups"), database=source_db, media=source_media, archive=source_archive
    )
    assert made.returncode == 0, made.stderr
    backup = next((tmp_path / "backups").iterdir())
    assert {p.name for p in backup.iterdir()} == {"database.dump", "files.tar.gz", "manifest.json"}

    restored_media, restored_archive = tmp_path / "restored-media", tmp_path / "restored-archive"
    restored = manage("restore", str(backup), database=fresh_database, media=restored_media, archive=restored_archive)
    assert restored.returncode == 0, restored.stderr
    assert "row counts equal to the backup" in restored.stdout

    # Checked here independently of the command's own check.
    source_counts, restored_counts = counts(source_db), counts(fresh_database)
    assert restored_counts == source_counts
    assert restored_counts["audit_accesslogentry"] >= 5
    assert restored_counts["cases_attachment"] == 1
    verified = manage("audit_verify", database=fresh_database, media=restored_media, archive=restored_archive)
    assert verified.returncode == 0, verified.stderr
    assert "Access log intact" in verified.stdout
    assert (restored_media / attachment.file.name).read_bytes() == b"%PDF-1.4 kartlegging av Ola"
    assert (restored_archive / "1" / "package.zip").read_bytes() == b"archive package"

    # A second restore into the now full database is refused, and so is a damaged backup.
    again = manage("restore", str(backup), database=fresh_database, media=tmp_path / "m3", archive=tmp_path / "a3")
    assert again.returncode != 0
    assert "Restore into a new, empty database" in again.stderr
    dump = backup / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-10] + b"0123456789")
    damaged = manage("restore", str(backup), database=fresh_database, media=tmp_path / "m4", archive=tmp_path / "a4")
    assert damaged.returncode != 0
    assert "database.dump" in damaged.stderr
    assert "damaged" in damaged.stderr
