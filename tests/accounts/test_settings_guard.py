"""Demo mode must never run in production: settings refuse DEMO with DEBUG=0 outside tests."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def import_settings(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("LAGET_", "DEBUG", "SECRET_KEY"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import laget.settings"], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_demo_with_debug_off_refuses_to_start():
    result = import_settings(DEBUG="0", LAGET_DEMO="1")
    assert result.returncode != 0
    assert "LAGET_DEMO must be off in production" in result.stderr


def test_demo_with_debug_on_starts():
    result = import_settings(DEBUG="1", LAGET_DEMO="1")
    assert result.returncode == 0, result.stderr
