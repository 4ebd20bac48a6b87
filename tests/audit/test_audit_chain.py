# ruff: noqa: S608 - raw SQL on a constant table name is the point: it simulates tampering
"""The access log is tamper-evident: every kind of raw-SQL mutation of a chain makes
`manage.py audit_verify` fail (rule 4)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from laget.audit.models import AccessLogEntry, AppendOnlyError
from laget.audit.services import access_log_write, chain_name

TABLE = AccessLogEntry._meta.db_table


@pytest.fixture
def chain(world):
    for i in range(4):
        access_log_write(
            user=world.lead,
            action="student.view",
            school_id=world.school.pk,
            student_id=world.student.pk,
            detail=f"read {i}",
        )
    return chain_name(world.school.pk)


def sql(statement, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def verify():
    call_command("audit_verify")


def assert_detected():
    with pytest.raises(CommandError, match="FAILED"):
        verify()


def test_intact_chain_verifies(chain, capsys):
    verify()
    assert "Access log intact" in capsys.readouterr().out


def test_orm_refuses_to_edit_or_delete(chain):
    entry = AccessLogEntry.objects.filter(chain=chain).first()
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(chain=chain).update(detail="x")
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(chain=chain).delete()


def test_altered_row_is_detected(chain, capsys):
    sql(f"UPDATE {TABLE} SET username = %s WHERE chain = %s AND seq = 2", ["someone_else", chain])
    assert_detected()
    assert "row 2 was altered" in capsys.readouterr().err


def test_deleted_middle_row_is_detected(chain, capsys):
    sql(f"DELETE FROM {TABLE} WHERE chain = %s AND seq = 2", [chain])
    assert_detected()
    assert "row 2 missing" in capsys.readouterr().err


def test_deleted_last_row_is_detected(chain, capsys):
    sql(f"DELETE FROM {TABLE} WHERE chain = %s AND seq = 4", [chain])
    assert_detected()
    assert "ends before its recorded tip" in capsys.readouterr().err


def _insert(chain, *, seq, prev_hash, detail, user_id=None):
    """A forged row whose own hash is computed correctly (the attacker knows the algorithm)."""
    template = AccessLogEntry.objects.get(chain=chain, seq=1)
    forged = AccessLogEntry(
        chain=chain,
        seq=seq,
        at=template.at,
        user_id=user_id,
        username="forged",
        role="",
        school_id=template.school_id,
        student_id=template.student_id,
        action="student.view",
        detail=detail,
        prev_hash=prev_hash,
    )
    forged.hash = forged.compute_hash()
    sql(
        f"INSERT INTO {TABLE} (chain, seq, at, user_id, username, role, school_id, student_id, action, object_type,"
        " object_id, detail, reason, emergency, prev_hash, hash) VALUES"
        " (%s, %s, %s, %s, %s, '', %s, %s, %s, '', '', %s, '', %s, %s, %s)",
        [
            chain,
            seq,
            forged.at,
            user_id,
            "forged",
            forged.school_id,
            forged.student_id,
            forged.action,
            detail,
            False,
            prev_hash,
            forged.hash,
        ],
    )


def test_row_inserted_in_the_middle_is_detected(chain, capsys):
    # Make room at seq 3 (through a detour, so the unique constraint holds), then insert a forged row there.
    sql(f"UPDATE {TABLE} SET seq = seq + 1000 WHERE chain = %s AND seq >= 3", [chain])
    sql(f"UPDATE {TABLE} SET seq = seq - 999 WHERE chain = %s AND seq >= 1000", [chain])
    row2 = AccessLogEntry.objects.get(chain=chain, seq=2)
    _insert(chain, seq=3, prev_hash=row2.hash, detail="forged")
    assert_detected()
    err = capsys.readouterr().err
    assert "does not follow the previous row" in err or "altered" in err


def test_row_appended_behind_the_logs_back_is_detected(chain, capsys):
    last = AccessLogEntry.objects.get(chain=chain, seq=4)
    _insert(chain, seq=5, prev_hash=last.hash, detail="forged")
    assert_detected()
    assert "ends before its recorded tip" in capsys.readouterr().err


def test_reordered_rows_are_detected(chain, capsys):
    sql(f"UPDATE {TABLE} SET seq = 99 WHERE chain = %s AND seq = 2", [chain])
    sql(f"UPDATE {TABLE} SET seq = 2 WHERE chain = %s AND seq = 3", [chain])
    sql(f"UPDATE {TABLE} SET seq = 3 WHERE chain = %s AND seq = 99", [chain])
    assert_detected()
    err = capsys.readouterr().err
    assert "row 2 was altered" in err
    assert "does not follow the previous row" in err
