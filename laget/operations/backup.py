"""Back up and restore a Laget installation: the PostgreSQL database and the uploaded files.

A backup is a folder `laget-<time>/` with
- `database.dump`  pg_dump's custom format (restored with pg_restore),
- `files.tar.gz`   MEDIA_ROOT (attachments, scanned consents) as media/, ARCHIVE_ROOT as archive/,
- `manifest.json`  when, the row count of every table, the applied migrations, SHA-256 of both files.

The row counts and the dump are taken from one snapshot (`pg_export_snapshot()` handed to
`pg_dump --snapshot`), so a restore can prove it is complete: equal counts, table by table, and an
access log whose hash chains verify. Restore only into an empty database, so nothing is mixed.
"""

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone


class BackupError(Exception):
    """Said to the operator as it is: what is wrong and what to do."""


def _require_postgres():
    if connection.vendor != "postgresql":
        raise BackupError(
            "Backup and restore work on PostgreSQL (production). For the SQLite demo, stop it and copy "
            f"{settings.DATABASES['default']['NAME']} instead."
        )


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is missing: apt-get install postgresql-client")
    return path


def _pg_env() -> dict:
    """libpq's environment for the configured database (no password on a command line)."""
    s = settings.DATABASES["default"]
    env = dict(os.environ)
    env.update(
        PGDATABASE=s["NAME"], PGHOST=s.get("HOST") or "", PGPORT=str(s.get("PORT") or ""), PGUSER=s.get("USER") or ""
    )
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = s["PASSWORD"]
    return {k: v for k, v in env.items() if v != ""}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def table_counts() -> dict[str, int]:
    """Rows in every table of the public schema, by table name."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected names
            counts[table] = cursor.fetchone()[0]
    return counts


def _file_roots() -> dict[str, Path]:
    return {"media": Path(settings.MEDIA_ROOT), "archive": Path(settings.ARCHIVE_ROOT)}


def backup_create(*, output: Path) -> Path:
    """Write one backup folder under `output` and return it."""
    _require_postgres()
    target = Path(output) / f"laget-{timezone.now():%Y%m%d-%H%M%S}"
    target.mkdir(parents=True, exist_ok=False)
    target.chmod(0o700)  # children's data: only the service user reads a backup
    dump = target / "database.dump"
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = table_counts()
        migrations = sorted(f"{m.app}.{m.name}" for m in MigrationRecorder.Migration.objects.all())
        subprocess.run(  # noqa: S603 - fixed arguments, the database from settings
            [
                _tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={dump}",
            ],
            env=_pg_env(),
            check=True,
            capture_output=True,
            text=True,
        )
    files = target / "files.tar.gz"
    with tarfile.open(files, "w:gz") as tar:
        for name, root in _file_roots().items():
            if root.is_dir():
                tar.add(root, arcname=name)
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "database": settings.DATABASES["default"]["NAME"],
        "tables": counts,
        "migrations": migrations,
        "files": {"database.dump": _sha256(dump), "files.tar.gz": _sha256(files)},
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return target


def _read_manifest(source: Path) -> dict:
    path = Path(source) / "manifest.json"
    if not path.is_file():
        raise BackupError(f"{source} is not a Laget backup (no manifest.json).")
    manifest = json.loads(path.read_text())
    for name, digest in manifest["files"].items():
        if not (Path(source) / name).is_file() or _sha256(Path(source) / name) != digest:
            raise BackupError(f"{name} in {source} is missing or damaged (checksum differs); use another backup.")
    return manifest


def backup_restore(*, source: Path) -> dict:
    """Restore a backup into the configured, empty database and the (empty) file folders, then
    verify it. Returns {"tables": n, "rows": n, "chains": n}; raises BackupError on any difference."""
    _require_postgres()
    source = Path(source)
    manifest = _read_manifest(source)
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
    if existing:
        raise BackupError(
            f"The database {settings.DATABASES['default']['NAME']} already has {len(existing)} tables. "
            "Restore into a new, empty database (createdb) and point DATABASE_URL at it."
        )
    for name, root in _file_roots().items():
        if root.is_dir() and any(root.iterdir()):
            raise BackupError(f"{root} is not empty; restore the files into an empty folder ({name}).")
    connection.close()  # pg_restore creates the tables; start afresh afterwards
    result = subprocess.run(  # noqa: S603 - fixed arguments, the database from settings
        [
            _tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            f"--dbname={_pg_env()['PGDATABASE']}",
            str(source / "database.dump"),
        ],
        env=_pg_env(),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    with tarfile.open(source / "files.tar.gz", "r:gz") as tar:
        for name, root in _file_roots().items():
            members = [m for m in tar.getmembers() if m.name == name or m.name.startswith(f"{name}/")]
            for member in members:
                member.name = member.name[len(name) :].lstrip("/") or "."
            root.mkdir(parents=True, exist_ok=True)
            tar.extractall(root, members=members, filter="data")
    return backup_verify(manifest)


def backup_verify(manifest: dict) -> dict:
    """Row counts equal to the manifest's, table by table, and every access-log chain intact."""
    from laget.audit.services import chains_verify

    counts = table_counts()
    differences = [
        f"{table}: {manifest['tables'].get(table)} in the backup, {counts.get(table)} restored"
        for table in sorted(set(counts) | set(manifest["tables"]))
        if counts.get(table) != manifest["tables"].get(table)
    ]
    if differences:
        raise BackupError("Row counts differ after restore:\n" + "\n".join(differences))
    chains, rows, problems = chains_verify()
    if problems:
        raise BackupError("The restored access log does not verify:\n" + "\n".join(problems))
    return {"tables": len(counts), "rows": sum(counts.values()), "chains": chains, "access_log_rows": rows}
