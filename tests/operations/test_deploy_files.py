"""The production profile's files: systemd units that systemd accepts and that run the same
processes as `make serve`, and a start script that refuses a configuration it cannot serve."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
SERVE = ROOT / "deploy" / "laget-serve"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_unit_files(tmp_path):
    for unit in UNITS.iterdir():  # installed under /opt/laget; point them at this checkout to verify
        (tmp_path / unit.name).write_text(unit.read_text().replace("/opt/laget", str(ROOT)))
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *sorted(p.name for p in tmp_path.iterdir())],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Unknown key" not in result.stderr, result.stderr


def test_the_units_run_the_same_processes_as_make_serve():
    roles = {}
    for unit in UNITS.glob("*.service"):
        match = re.search(r"^ExecStart=/opt/laget/deploy/laget-serve (.+)$", unit.read_text(), re.M)
        assert match, f"{unit.name} does not start through deploy/laget-serve"
        roles[unit.stem] = match.group(1)
    assert roles == {
        "laget-prepare": "prepare",
        "laget-web": "web",
        "laget-worker": "worker",
        "laget-scheduler": "scheduler",
        "laget-backup": "manage backup",
    }
    script = SERVE.read_text()
    for role in ("prepare", "web", "worker", "scheduler"):
        assert f'"$0" {role} &' in script or f"{role}) " in script
    target = (UNITS / "laget.target").read_text()
    assert "laget-web.service laget-worker.service laget-scheduler.service" in target


def serve(env_file: Path | None, **env) -> subprocess.CompletedProcess:
    base = {"PATH": os.environ["PATH"], "LAGET_ENV_FILE": str(env_file) if env_file else "/nonexistent/laget.env"}
    base.update(env)
    return subprocess.run(["bash", str(SERVE), "prepare"], env=base, capture_output=True, text=True, timeout=30)


def test_serve_without_an_environment_file_says_what_to_do():
    result = serve(None)
    assert result.returncode == 2
    assert "deploy/laget.env.example" in result.stderr


def test_serve_refuses_sqlite_and_demo_mode(tmp_path):
    env_file = tmp_path / "laget.env"
    env_file.write_text("DATABASE_URL=sqlite:////tmp/laget.sqlite3\n")
    result = serve(env_file)
    assert result.returncode == 2
    assert "must point at PostgreSQL" in result.stderr
    env_file.write_text("DATABASE_URL=postgres://laget@127.0.0.1/laget\nLAGET_DEMO=1\n")
    result = serve(env_file)
    assert result.returncode == 2
    assert "LAGET_DEMO must be off" in result.stderr


def test_the_example_environment_file_is_valid_for_the_script(tmp_path):
    # Sourcing the example runs nothing and sets the variables the documentation names.
    result = subprocess.run(
        [
            "bash",
            "-c",
            f"set -a; . {ROOT / 'deploy' / 'laget.env.example'}; echo $SECRET_KEY; echo $DEFAULT_FROM_EMAIL",
        ],
        capture_output=True,
        text=True,
        timeout=10,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["change-me-to-a-long-random-value", "Laget <laget@kommune.no>"]
