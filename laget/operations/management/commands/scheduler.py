"""`manage.py scheduler`: the long-running scheduler of `make serve` and laget-scheduler.service."""

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections

from laget.operations.scheduler import jobs, logger, tick


class Command(BaseCommand):
    help = "Queue the periodic jobs (retention, access-log verification, pruning; the deadline scan) when due."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One tick, then exit (for cron or a check).")

    def handle(self, *args, once=False, **options):
        if once:
            queued = tick()
            self.stdout.write(f"Queued: {', '.join(queued) or 'nothing due'}.")
            return
        stop = threading.Event()
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: stop.set())
        logger.info(
            "scheduler started",
            extra={"tick_seconds": settings.SCHEDULER_TICK_SECONDS, "jobs": {j.name: j.cron for j in jobs()}},
        )
        while not stop.is_set():
            close_old_connections()
            try:
                tick()
            except DatabaseError:
                # A database restart is not a reason to stop scheduling: try again next tick.
                logger.exception("scheduler tick failed")
            stop.wait(settings.SCHEDULER_TICK_SECONDS)
        logger.info("scheduler stopped")
