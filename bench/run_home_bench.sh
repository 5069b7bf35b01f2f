#!/usr/bin/env bash
# Home-page load bench from nothing: a throwaway SQLite database with the Demoshire demo
# authority, gunicorn as in production (config/gunicorn.py), 20 signed-in demo users hitting
# their home pages through wrk for 30 seconds, then a short table. See bench/README.md.
#
#   bench/run_home_bench.sh                    # defaults below
#   WORKERS=4 THREADS=1 DURATION=60s bench/run_home_bench.sh   # 4 sync workers
#   KEEP=1 bench/run_home_bench.sh             # keep the temp folder (database, logs)
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-8765}"
# 2 cores here. 2 workers x 4 threads (gthread) served 1.3 to 2 times the requests of 4 sync
# workers in our runs (see README); WORKERS=4 THREADS=1 gives the sync set-up.
WORKERS="${WORKERS:-2}"
THREADS="${THREADS:-4}"        # >1 makes gunicorn use gthread workers
USERS="${USERS:-20}"
DURATION="${DURATION:-30s}"
OPEN_CASES="${OPEN_CASES:-1500}"  # the demo default
export DEMO_PASSWORD="${DEMO_PASSWORD:-demoshire-demo-2026}"

WORK="$(mktemp -d -t clearsight-bench.XXXXXX)"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.2; done
  fi
  if [[ -n "${KEEP:-}" ]]; then echo "Kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# Only this bench's environment: nothing here touches var/ or the real database.
export SECRET_KEY="bench-only-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DATABASE_URL="sqlite:///$WORK/bench.sqlite3"
export HTTPS=false
export DEBUG=false
export ALLOWED_HOSTS="127.0.0.1,localhost"
export MFA_REQUIRED_FOR_PRIVILEGED=false   # most demo sign-ins hold privileged roles
export HUEY_IMMEDIATE=true                 # no job queue file in var/
export MEDIA_ROOT="$WORK/media"
export STATIC_ROOT="$WORK/static"
export LOG_LEVEL=WARNING
unset REDIS_URL OIDC_RP_CLIENT_ID

step() { printf '\n== %s\n' "$*"; }
step "Database in $WORK"
uv run python manage.py migrate --noinput -v 0
step "Demo authority ($OPEN_CASES open cases)"
uv run python manage.py demo_authority --open-cases "$OPEN_CASES" --out "$WORK/demo" \
  | grep -v '^  ' || true
uv run python bench/demo_sign_ins.py --count "$USERS" > "$WORK/users.txt"
echo "$(wc -l < "$WORK/users.txt") sign-ins across $(cut -d' ' -f2 "$WORK/users.txt" | sort -u | wc -l) roles"
step "Static files"
uv run python manage.py collectstatic --noinput -v 0

step "gunicorn: $WORKERS workers x $THREADS threads on 127.0.0.1:$PORT"
BIND="127.0.0.1:$PORT" WEB_CONCURRENCY="$WORKERS" GUNICORN_THREADS="$THREADS" \
  uv run gunicorn -c config/gunicorn.py --pid "$WORK/gunicorn.pid" config.wsgi:application \
  > "$WORK/gunicorn.log" 2>&1 &
for _ in $(seq 100); do
  [[ -s "$WORK/gunicorn.pid" ]] && curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health/" && break
  sleep 0.2
done
SERVER_PID="$(cat "$WORK/gunicorn.pid")"
curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health/" || { tail -20 "$WORK/gunicorn.log"; exit 1; }

step "Bench: $USERS people, GET / for $DURATION"
status=0
uv run python bench/home_pages.py --url "http://127.0.0.1:$PORT" --users "$USERS" \
  --users-file "$WORK/users.txt" --duration "$DURATION" --json "$WORK/result.json" || status=$?

step "Baseline: the same people on the accessibility statement (same template, no case queries)"
uv run python bench/home_pages.py --url "http://127.0.0.1:$PORT" --users "$USERS" \
  --users-file "$WORK/users.txt" --duration "$DURATION" --path /accessibility/ \
  --json "$WORK/baseline.json" > /dev/null || status=$?

step "Result"
uv run python - "$WORK/result.json" "$WORKERS" "$THREADS" "$OPEN_CASES" "$WORK/baseline.json" <<'PY'
import json, os, sys
figures = json.load(open(sys.argv[1]))
baseline = json.load(open(sys.argv[5]))
workers, threads, cases = sys.argv[2:5]
rows = [
    ("server", f"gunicorn {workers} workers x {threads} threads, SQLite, {os.cpu_count()} CPUs"),
    ("data", f"Demoshire, {int(cases):,} open cases"),
    ("load", f"{int(figures['connections'])} connections, {int(figures['people'])} people, "
             f"{int(figures['roles'])} roles, {figures['seconds']:.0f}s"),
    ("requests/s", f"{figures['rps']:.1f}"),
    ("p50", f"{figures['p50_ms']:.1f} ms"),
    ("p95", f"{figures['p95_ms']:.1f} ms"),
    ("p99", f"{figures['p99_ms']:.1f} ms"),
    ("not 200", f"{int(figures['non200'])} of {int(figures['requests'])}"),
    ("socket errors", f"{int(figures['socket_errors'])}"),
    ("baseline", f"accessibility statement: {baseline['rps']:.1f} requests/s, "
                 f"p95 {baseline['p95_ms']:.1f} ms"),
    ("home/baseline", f"{figures['rps'] / baseline['rps']:.2f}x the requests/s, "
                      f"{figures['p95_ms'] / baseline['p95_ms']:.2f}x the p95"),
]
width = max(len(name) for name, _ in rows)
for name, value in rows:
    print(f"| {name:<{width}} | {value}")
PY
exit "$status"
