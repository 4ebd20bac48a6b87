"""Helpers shared by the security tests."""

from contextlib import contextmanager

from django.db import transaction


@contextmanager
def rolled_back():
    """Run a request in a savepoint that is rolled back afterwards: allowed writes leave no trace,
    so the next role or the next generated example sees the same objects."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
