# ruff: noqa: S608 - raw SQL on a constant table name is the point: it simulates tampering
"""The access log is tamper-evident: every kind of raw-SQL mutation of a chain makes
`manage.py audit_verify` fail (rule 4)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from laget.audit.models import AccessLogEntry, AppendOnlyError, ChainHead
from laget.audit.services import GENESIS, access_log_write, chain_name, chain_seal

TABLE = AccessLogEntry._meta.db_table


@pytest.fixture
def chain(world, django_capture_on_commit_callbacks):
    """Four rows, each written in its own transaction and sealed when it commits (as in a request)."""
    for i in range(4):
        with django_capture_on_commit_callbacks(execute=True):
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


def test_rows_are_sealed_in_order_after_their_transaction_commits(world, django_capture_on_commit_callbacks):
    """Written in the request's transaction without a lock (fail closed stays), sealed right after it."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        entry = access_log_write(user=world.lead, action="student.view", school_id=world.school.pk)
    assert AccessLogEntry.objects.get(pk=entry.pk).seq is None  # written, not yet sealed
    assert not ChainHead.objects.filter(chain=chain_name(world.school.pk)).exists()  # no head touched
    for callback in callbacks:
        callback()
    sealed = AccessLogEntry.objects.get(pk=entry.pk)
    assert (sealed.seq, sealed.prev_hash) == (1, GENESIS)
    assert sealed.hash == sealed.compute_hash()
    assert ChainHead.objects.get(chain=chain_name(world.school.pk)).hash == sealed.hash


def test_verify_seals_what_a_crashed_process_left_unsealed(chain, world, capsys):
    access_log_write(user=world.lead, action="student.view", school_id=world.school.pk, detail="never sealed")
    verify()
    assert AccessLogEntry.objects.filter(chain=chain, seq=5, detail="never sealed").exists()


def test_an_unsealed_row_cannot_be_sealed_twice(chain):
    """The sealing's update only touches rows without a place: a sealed row keeps its hashes."""
    row = AccessLogEntry.objects.get(chain=chain, seq=2)
    assert chain_seal(chain) == 0
    assert AccessLogEntry.objects.get(pk=row.pk).hash == row.hash


def test_verify_lists_chains_not_rows(chain):
    """audit_verify lists the chains with DISTINCT; under the model's default ordering (chain, seq)
    that DISTINCT was over (chain, seq) and returned every row of the log into memory."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        verify()
    listing = [q["sql"] for q in ctx.captured_queries if "DISTINCT" in q["sql"].upper()]
    assert listing
    assert all('"seq"' not in sql.split("FROM")[0] for sql in listing)
