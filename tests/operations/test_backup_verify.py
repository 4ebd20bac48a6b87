"""The restore's proof can fail: it compares every table's rows with the backup's manifest."""

import pytest

from laget.operations.backup import BackupError, backup_verify, table_counts


def test_a_restore_that_lost_rows_is_reported(db):
    """The verification itself can fail: a manifest with one row more than the database has."""
    manifest = {"tables": table_counts()}
    manifest["tables"]["audit_accesslogentry"] += 1
    with pytest.raises(BackupError, match="audit_accesslogentry"):
        backup_verify(manifest)
