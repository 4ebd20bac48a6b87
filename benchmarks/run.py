"""`make bench`: generate a municipality on PostgreSQL, serve it with gunicorn and measure every main page.

    python -m benchmarks.run [--scale 1] [--history 1,10,100] [--log-per-day 30] [--reuse] [--label after]

For the lead, a member and a contact teacher of each large school (1×, 10×, 100× history): the
query count of one request (in process), median and p95 latency of sequential requests over
HTTP to gunicorn (2 workers), and for the lead the throughput at 8 connections as a ratio to a bare
Django view served by the same gunicorn in the same run. Then the owner's key figures, the nightly
deadline scan and `audit_verify` (time and peak memory). Prints one table and writes it into
docs/benchmarks.md under `--label` (other labels' sections are kept). Asserts nothing about time.

Loopback only; every measurement is bounded in count and time.
"""

import argparse
import datetime
import http.client
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/laget_bench"
PORT = int(os.environ.get("BENCH_PORT", "8190"))
ENV = {
    "DJANGO_SETTINGS_MODULE": "benchmarks.settings",
    "DEBUG": "0",
    "LAGET_DEMO": "0",
    "SECRET_KEY": "benchmark-only-secret-key-not-for-production-0123456789",
    "SECURE_COOKIES": "0",
    "SECURE_SSL_REDIRECT": "0",
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "AXES_ENABLED": "0",
}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", type=float, default=1.0, help="municipality size: 1 = 60 schools, 17,000 students")
    p.add_argument("--history", default="1,10,100", help="history multipliers of the large schools")
    p.add_argument("--log-per-day", type=int, default=30, help="access-log rows per school day per school")
    p.add_argument("--reuse", action="store_true", help="migrate and measure the database as it is (no generation)")
    p.add_argument("--label", default="run", help="section of docs/benchmarks.md to write")
    p.add_argument("--requests", type=int, default=30, help="sequential requests per page and user")
    p.add_argument("--seconds", type=float, default=15, help="time bound per page and user")
    p.add_argument("--load-seconds", type=int, default=3, help="wrk duration per page (lead only)")
    p.add_argument("--skip-verify", action="store_true", help="do not time audit_verify")
    p.add_argument("--roles", default="lead,member,teacher", help="whose pages to measure")
    p.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    return p.parse_args()


def setup_django(url):
    os.environ.update(ENV)
    os.environ["DATABASE_URL"] = url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def recreate_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    assert name.startswith("laget_"), "the benchmark only drops its own databases (laget_…)"
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# -- who and what is measured -----------------------------------------------------------------------
def sessions_for(user):
    """A signed-in session that has passed the second factor, as a real login leaves it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from laget.accounts import sessions

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="bench", confirmed=True
    )
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store[sessions.AUTH_AT] = sessions.now()
    store[sessions.SEEN_AT] = sessions.now()
    store.create()
    return store.session_key


def large_schools():
    from laget.organisations.models import School

    out = {}
    for school in School.objects.filter(name__startswith="Storeng skole"):
        out[int(re.search(r"\((\d+)x", school.name).group(1))] = school
    return dict(sorted(out.items()))


def people_and_pages(school):
    """The lead, a member, the contact teacher with most cases, and each page's URL for this school."""
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone

    from laget.cases.models import ActionPlan, Case, Referral
    from laget.meetings.models import Meeting
    from laget.organisations.models import Membership
    from laget.students.models import SchoolClass

    team = school.teams.get()
    members = {m.role.code: m.user for m in Membership.objects.filter(team=team).select_related("role", "user")}
    cls = SchoolClass.objects.filter(school=school).annotate(n=Count("students__cases")).order_by("-n", "pk").first()
    teacher = cls.contact_teachers.get()
    # A case of the teacher's class, so all three users have a reason to see it.
    ours = Case.objects.filter(school=school, student__school_class=cls).order_by("-pk")
    case = ours.filter(status="open", action_plans__isnull=False).first() or ours.first()
    now = timezone.now()
    upcoming = Meeting.objects.filter(team=team, starts_at__gte=now).order_by("starts_at").first()
    held = Meeting.objects.filter(team=team, starts_at__lt=now).order_by("-starts_at").first()
    plan = ActionPlan.objects.filter(case__school=school).order_by("-pk").first()
    referral = Referral.objects.filter(case=case).first()
    pages = [
        ("my page", reverse("home:my_page")),
        ("student list", reverse("students:student_list")),
        ("student page", reverse("home:student_detail", args=[case.student_id])),
        ("case list", reverse("cases:case_list")),
        ("case list, closed", reverse("cases:case_list") + "?status=closed"),
        ("case page", reverse("cases:case_detail", args=[case.pk])),
        ("referral list", reverse("cases:referral_list")),
        ("meeting list", reverse("meetings:meeting_list")),
        ("agenda (next meeting)", reverse("meetings:meeting_detail", args=[upcoming.pk])),
        ("minutes (last meeting)", reverse("meetings:minutes", args=[held.pk])),
        ("key figures", reverse("reports:school")),
        ("deadlines", reverse("deadlines:school")),
        ("attendance", reverse("attendance:overview")),
        ("PPT processes", reverse("ppt:process_list")),
        ("access-log review", reverse("audit:log_review")),
        ("invitation PDF", reverse("documents:invitation_pdf", args=[upcoming.pk])),
        ("referral PDF", reverse("documents:referral_pdf", args=[referral.pk])),
        ("plan PDF", reverse("documents:plan_pdf", args=[plan.pk])),
    ]
    users = {"lead": members["rektor"], "member": members["pprad"], "teacher": teacher}
    return users, pages


# -- measuring ----------------------------------------------------------------------------------------
def query_count(session_key, url):
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response.status_code, len(ctx.captured_queries)


def sequential(session_key, url, n, seconds):
    """Latencies (ms) of up to n sequential keep-alive requests, stopping after `seconds`."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=120)
    headers = {"Cookie": f"sessionid={session_key}"} if session_key else {}
    out, status, deadline = [], None, time.monotonic() + seconds
    for _ in range(n):
        start = time.perf_counter()
        conn.request("GET", url, headers=headers)
        response = conn.getresponse()
        response.read()
        out.append((time.perf_counter() - start) * 1000)
        status = response.status
        if time.monotonic() > deadline or status != 200:
            break
    conn.close()
    return status, out


def throughput(session_key, url, seconds):
    """Requests per second at 8 connections (wrk, else a bounded Python loop of 8 threads)."""
    target = f"http://127.0.0.1:{PORT}{url}"
    if shutil.which("wrk"):
        cmd = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--timeout", "30s", target]
        if session_key:
            cmd[1:1] = ["-H", f"Cookie: sessionid={session_key}"]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout  # noqa: S603
        m = re.search(r"Requests/sec:\s+([\d.]+)", out)
        return float(m.group(1)) if m else 0.0
    import concurrent.futures

    end = time.monotonic() + seconds

    def loop():
        n = 0
        while time.monotonic() < end:
            sequential(session_key, url, 1, 60)
            n += 1
        return n

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        total = sum(pool.map(lambda _: loop(), range(8)))
    return total / seconds


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def start_gunicorn(url):
    env = {**os.environ, **ENV, "DATABASE_URL": url}
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    proc = subprocess.Popen(  # noqa: S603 - our own gunicorn on loopback
        [gunicorn, "laget.wsgi", "-w", "2", "-b", f"127.0.0.1:{PORT}", "--timeout", "300", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            if sequential(None, "/healthz", 1, 5)[0] == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not start")


def timed_command(*args):
    """Run a management command in a child process: seconds and peak memory (MB)."""
    env = {**os.environ, **ENV}
    wrapper = (
        "import resource, runpy, sys\n"
        "sys.argv = ['manage.py', *sys.argv[1:]]\n"
        "try:\n    runpy.run_path('manage.py', run_name='__main__')\n"
        "finally:\n    print('peak-kb', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    start = time.perf_counter()
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "-c", wrapper, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600
    )
    seconds = time.perf_counter() - start
    m = re.search(r"peak-kb (\d+)", result.stderr)
    peak = int(m.group(1)) / 1024 if m else 0.0
    said = [line for line in (result.stdout + result.stderr).strip().splitlines() if not line.startswith("peak-kb")]
    return seconds, peak, said[-1:]


def row_counts():
    from django.apps import apps
    from django.db import connection

    rows = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if not model.__module__.startswith("laget."):
                continue
            cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")  # noqa: S608 - table names from the models
            n = cursor.fetchone()[0]
            if n:
                rows.append((model._meta.label, n))
    return sorted(rows, key=lambda r: -r[1])


def machine():
    from django.db import connection

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    mem = next(
        line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores, {int(mem) // 1024 // 1024} GB RAM (shared with other work); "
        f"PostgreSQL {pg}; Python {platform.python_version()}; gunicorn, 2 sync workers"
    )


def main():
    args = parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB)
    history = [int(h) for h in args.history.split(",")]
    if not args.reuse:
        recreate_database(url)
    setup_django(url)
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("migrate", verbosity=0)  # with --reuse: brings a database generated by older code up to date
    print(f"migrated in {time.perf_counter() - start:.0f} s")
    if not args.reuse:
        from benchmarks.generate import Generator

        start = time.perf_counter()
        Generator(scale=args.scale, history=history, log_per_day=args.log_per_day).run()
        print(f"generated in {time.perf_counter() - start:.0f} s")
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    schools = large_schools()
    plan = []
    for h, school in schools.items():
        users, pages = people_and_pages(school)
        for role, user in users.items():
            if role not in args.roles.split(","):
                continue
            key = sessions_for(user)
            for name, page in pages:
                plan.append((name, h, role, key, page))
    from django.contrib.auth import get_user_model

    owner = get_user_model().objects.filter(is_superuser=True).first()
    owner_key = sessions_for(owner)
    rows = []
    for name, h, role, key, page in plan:  # query counts in process, before the server runs
        status, queries = query_count(key, page)
        rows.append({"page": name, "h": h, "role": role, "key": key, "url": page, "status": status, "q": queries})
    _status, owner_q = query_count(owner_key, "/nokkeltall/skoleeier/")
    server = start_gunicorn(url)
    try:
        bare = throughput(None, "/__bench/bare", max(args.load_seconds, 2))
        health = throughput(None, "/healthz", max(args.load_seconds, 2))
        for row in rows:
            if row["status"] != 200:
                continue
            status, lat = sequential(row["key"], row["url"], args.requests, args.seconds)
            row.update(median=statistics.median(lat), p95=pct(lat, 0.95), n=len(lat))
            if row["role"] == "lead" and args.load_seconds:
                row["rps"] = throughput(row["key"], row["url"], args.load_seconds)
            print(f"{row['page']:<24} {row['h']:>4}x {row['role']:<8} {row['q']:>5} q {row['median']:>8.1f} ms")
        status, lat = sequential(owner_key, "/nokkeltall/skoleeier/", 10, args.seconds)
        owner_row = {"q": owner_q, "median": statistics.median(lat), "p95": pct(lat, 0.95)}
    finally:
        server.terminate()
        server.wait(30)
    scan = timed_command("deadlines_scan")
    verify = None if args.skip_verify else timed_command("audit_verify")
    report = render(args, rows, history, bare, health, owner_row, scan, verify)
    print(report)
    write_section(Path(args.out), args.label, report)


def render(args, rows, history, bare, health, owner_row, scan, verify):
    from laget.audit.models import AccessLogEntry

    log_rows = AccessLogEntry.objects.count()
    counts = row_counts()
    lines = [
        f"Run `{args.label}`: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, "
        f"`python -m benchmarks.run --scale {args.scale} --history {args.history} --log-per-day {args.log_per_day}`",
        "",
        f"Machine: {machine()}.",
        "",
        f"Bare Django view (same middleware, same gunicorn): {bare:.0f} req/s at 8 connections; "
        f"`/healthz` {health:.0f} req/s.",
        "",
        "Each cell: queries / median ms / p95 ms for one user (sequential requests); for the lead also",
        "throughput at 8 connections as a fraction of the bare view's. 404 = the page is not theirs.",
        "",
        "| page | user | " + " | ".join(f"{h}× history" for h in history) + " |",
        "|---|---|" + "---|" * len(history),
    ]
    by = {(r["page"], r["role"], r["h"]): r for r in rows}
    pages = list(dict.fromkeys(r["page"] for r in rows))
    for page in pages:
        for role in args.roles.split(","):
            cells = []
            for h in history:
                r = by.get((page, role, h))
                if r is None:
                    cells.append("")
                elif r["status"] != 200:
                    cells.append(str(r["status"]))
                else:
                    cell = f"{r['q']} q / {r['median']:.0f} / {r['p95']:.0f} ms"
                    if "rps" in r:
                        cell += f" / {r['rps'] / bare:.2f}×bare" if bare else ""
                    cells.append(cell)
            lines.append(f"| {page} | {role} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Owner's key figures, whole municipality (superuser): {owner_row['q']} queries, "
        f"median {owner_row['median']:.0f} ms, p95 {owner_row['p95']:.0f} ms.",
        f"Nightly deadline scan (`manage.py deadlines_scan`, whole municipality): {scan[0]:.1f} s.",
    ]
    if verify:
        per_million = verify[0] / max(1, log_rows) * 1e6
        lines.append(
            f"`manage.py audit_verify` over {log_rows:,} rows: {verify[0]:.1f} s "
            f"({per_million:.1f} s per million rows), peak memory {verify[1]:.0f} MB; said: {' '.join(verify[2])}"
        )
    lines += ["", "<details><summary>Rows per table</summary>", "", "| table | rows |", "|---|---|"]
    lines += [f"| {label} | {n:,} |" for label, n in counts]
    lines += ["", "</details>"]
    return "\n".join(lines)


def write_section(path: Path, label: str, body: str):
    text = path.read_text() if path.exists() else "# Benchmarks\n\nWritten by `make bench` (`benchmarks/run.py`).\n"
    start, end = f"<!-- bench:{label} -->", f"<!-- /bench:{label} -->"
    section = f"{start}\n## {label}\n\n{body}\n{end}"
    if start in text:
        text = re.sub(re.escape(start) + r".*?" + re.escape(end), lambda _: section, text, flags=re.S)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
