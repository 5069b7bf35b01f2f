"""Benchmark: render the audit dashboard over 50,000 completed audits.

    uv run python bench/audit_dashboard.py
    DATABASE_URL=sqlite:////tmp/audit_dashboard.sqlite3 \\
        uv run python bench/audit_dashboard.py --audits 50000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/audit_dashboard \\
        uv run python bench/audit_dashboard.py
    uv run python bench/audit_dashboard.py --reuse --repeat 3   # measure the last build again

Makes a fresh (throwaway) database holding `--audits` completed audits spread over the last
12 months, 40 teams and 100 auditors, each with a lead's and a peer's grading (and a
moderator's for one in five) and the lead's or moderator's domain grades, then renders
/audits/dashboard/ through Django's test client as a QA officer (all audits) and as a board
member, printing wall seconds, this process's CPU seconds, the number of queries and the
wall time as a ratio of the issue's 1 s target. The first render in a process is the cold
figure; `--repeat` renders again in the same process. `--reuse` keeps the database of the
last run (the build takes minutes) when it holds completed audits. On PostgreSQL the build
ends with VACUUM ANALYZE, as autovacuum would do on a live database.
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DATABASE_URL", "sqlite:////tmp/audit_dashboard.sqlite3")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--audits", type=int, default=50_000)
    parser.add_argument("--teams", type=int, default=40)
    parser.add_argument("--auditors", type=int, default=100)
    parser.add_argument("--reuse", action="store_true",
                        help="measure the database the last run built, if it has audits")
    parser.add_argument("--repeat", type=int, default=1, help="renders per person")
    args = parser.parse_args()
    from audit_bench_db import fresh_database, line

    url = os.environ["DATABASE_URL"]
    if not args.reuse:
        fresh_database(url)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from clearsight.audits.models import Audit, Status

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.MFA_REQUIRED_FOR_PRIVILEGED = False
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    call_command("migrate", verbosity=0)
    if args.reuse and Audit.objects.filter(status=Status.COMPLETED).exists():
        print(f"{connection.vendor}: reusing {Audit.objects.count():,} audits")
    else:
        build(args)
    measure(args.repeat, line)


def build(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.utils import timezone

    from clearsight.audits import services
    from clearsight.audits.models import Audit, AuditGrading, DomainGrade, Grade, Status
    from clearsight.casework.models import Case, Child
    from clearsight.organisation.models import Directorate, RoleGrant, ServiceArea, Team, User
    from clearsight.organisation.roles import Role

    rng = random.Random(2026)
    built = time.perf_counter()
    directorate = Directorate.objects.create(name="Bigshire")
    areas = ServiceArea.objects.bulk_create(
        [ServiceArea(directorate=directorate, code=f"area-{n}", name=f"Area {n}")
         for n in range(4)])
    teams = Team.objects.bulk_create(
        [Team(service_area=areas[n % 4], code=f"team-{n}", name=f"Team {n}")
         for n in range(args.teams)])
    auditors = User.objects.bulk_create(
        [User(username=f"qa{n}@bench.example", first_name="Auditor", last_name=str(n),
              team=teams[n % len(teams)]) for n in range(args.auditors)])
    qa, member = User.objects.bulk_create([User(username="qa@bench.example"),
                                           User(username="board@bench.example")])
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=user, role=Role.QA_OFFICER) for user in [*auditors, qa]]
        + [RoleGrant(user=member, role=Role.BOARD_MEMBER)])
    children = Child.objects.bulk_create(
        [Child(child_id=f"B{n:07d}") for n in range(args.audits)], batch_size=5000)
    cases = Case.objects.bulk_create(
        [Case(case_ref=f"BC{n:07d}", child=child, case_type="cin",
              service_area=teams[n % len(teams)].service_area, team=teams[n % len(teams)],
              opened_on=date(2025, 1, 1)) for n, child in enumerate(children)],
        batch_size=5000)
    template = services.audit_template_current()
    domains = list(template.domains.all())
    grades = list(Grade.values)
    now = timezone.now()
    rows = []
    for n, case in enumerate(cases):
        completed = now - timedelta(days=rng.randrange(0, 360), hours=rng.randrange(24))
        deadline = (completed - timedelta(days=rng.choice([-5, -2, 3]))).date()
        rows.append(Audit(case=case, template=template, status=Status.COMPLETED,
                          lead=auditors[n % args.auditors],
                          peer=auditors[(n * 7 + 3) % args.auditors],
                          overall_grade=rng.choices(grades, weights=[10, 40, 40, 10])[0],
                          deadline=deadline, period_start=date(2025, 5, 1),
                          period_end=date(2025, 10, 31), completed_at=completed,
                          moderated_at=completed if n % 5 == 0 else None))
    audits = Audit.objects.bulk_create(rows, batch_size=5000)

    def near(grade: str) -> str:
        index = grades.index(grade) + rng.choice([-1, 0, 0, 0, 1])
        return grades[min(max(index, 0), 3)]

    gradings = []
    for n, audit in enumerate(audits):
        at = audit.completed_at or datetime(2026, 1, 1, tzinfo=UTC)
        gradings.append(AuditGrading(audit=audit, role="lead", auditor_id=audit.lead_id,
                                     overall_grade=near(audit.overall_grade), submitted_at=at))
        gradings.append(AuditGrading(audit=audit, role="peer", auditor_id=audit.peer_id,
                                     overall_grade=near(audit.overall_grade), submitted_at=at))
        if n % 5 == 0:
            gradings.append(AuditGrading(audit=audit, role="moderator", auditor=qa,
                                         overall_grade=audit.overall_grade, submitted_at=at))
    gradings = AuditGrading.objects.bulk_create(gradings, batch_size=5000)
    DomainGrade.objects.bulk_create(
        [DomainGrade(grading=grading, domain=domain, grade=near(grading.overall_grade))
         for grading in gradings if grading.role != "peer" for domain in domains],
        batch_size=10000)
    print(f"{connection.vendor}: built {len(audits):,} audits, {len(gradings):,} gradings, "
          f"{len(domains)} domains each in {time.perf_counter() - built:.1f} s")
    if connection.vendor == "postgresql":
        # What autovacuum does on a live database soon after a load this size: without
        # statistics the planner guesses 83 rows for 50,000 and picks nested loops.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def measure(repeat: int, line: Any) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from clearsight.organisation.models import User

    people = [("QA officer", User.objects.get(username="qa@bench.example")),
              ("board member", User.objects.get(username="board@bench.example"))]
    print(f"load average {os.getloadavg()[0]:.1f}")
    for round_ in range(repeat):
        for who, user in people:
            client = Client()
            client.force_login(user)
            with CaptureQueriesContext(connection) as queries:
                started, cpu = time.perf_counter(), time.process_time()
                response = client.get("/audits/dashboard/")
                took, cpu = time.perf_counter() - started, time.process_time() - cpu
            if response.status_code != 200:
                raise SystemExit(f"the dashboard answered {response.status_code}")
            label = f"dashboard as {who}" + (f" (render {round_ + 1})" if repeat > 1 else "")
            print(line(label, took, cpu, len(queries.captured_queries),
                       f", {len(response.content):,} bytes"))


if __name__ == "__main__":
    main()
