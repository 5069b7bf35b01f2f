"""Load bench: N signed-in demo users ask for their home page at once, through wrk.

    uv run python bench/home_pages.py --url http://127.0.0.1:8000 --users 20 --duration 30s

Needs a running Clearsight with the demo authority loaded (`manage.py demo_authority`) and
the second factor off for the bench server (MFA_REQUIRED_FOR_PRIVILEGED=false), since most
demo sign-ins hold privileged roles. bench/run_home_bench.sh does all of that for you.

1. Signs each person in through the real sign-in form (GET the form, POST it with the CSRF
   token), a little apart, and checks that their home page answers 200 and says who they are.
2. Runs wrk with one thread and one connection per person (-t N -c N), each sending its own
   session cookie (bench/home_pages.lua), after a short warm-up.
3. Prints requests per second, p50/p95/p99 latency (from wrk's own histogram, in Lua
   `done()`) and how many answers were not 200 or failed at the socket.
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROLES = ["practitioner", "team_manager", "qa_officer", "service_manager", "head_of_service",
         "service_director", "principal_social_worker", "performance_analyst", "lado_officer",
         "board_member", "administrator"]
DEFAULT_PASSWORD = "demoshire-demo-2026"  # noqa: S105 - the documented demo password
SESSION_COOKIE = "clearsight_session"
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Person:
    email: str
    role: str
    cookie: str = ""


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def sign_in(base: str, person: Person, password: str, timeout: float = 30) -> str:
    """Sign in through the form; return the Cookie header value for the session."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    sign_in_url = f"{base}/sign-in/"
    with opener.open(sign_in_url, timeout=timeout) as response:
        page = response.read().decode()
    match = CSRF_FIELD.search(page)
    if not match:
        raise RuntimeError(f"no CSRF token in {sign_in_url}")
    data = urllib.parse.urlencode({
        "csrfmiddlewaretoken": match.group(1), "username": person.email,
        "password": password, "next": "/",
    }).encode()
    request = urllib.request.Request(  # noqa: S310 - main() allows only http(s) URLs
        sign_in_url, data=data, headers={"Referer": sign_in_url})
    try:
        with opener.open(request, timeout=timeout) as response:
            status, location = response.status, ""
    except urllib.error.HTTPError as answer:  # the 302 after a good sign-in lands here
        status, location = answer.code, answer.headers.get("Location", "")
    if status != 302:
        raise RuntimeError(f"{person.email}: sign-in answered {status} (wrong password?)")
    if "authenticator" in location:
        raise RuntimeError(
            f"{person.email}: the server asks for a second factor. Run the bench server with "
            "MFA_REQUIRED_FOR_PRIVILEGED=false.")
    with opener.open(f"{base}/", timeout=timeout) as response:
        home = response.read().decode()
        if response.status != 200 or "Signed in as" not in home:
            raise RuntimeError(f"{person.email}: the home page did not say who is signed in")
    cookies = {cookie.name: cookie.value for cookie in jar}
    if SESSION_COOKIE not in cookies:
        raise RuntimeError(f"{person.email}: no {SESSION_COOKIE} cookie after signing in")
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def read_people(users_file: str | None, count: int) -> list[Person]:
    if users_file:
        people = []
        for line in Path(users_file).read_text().splitlines():
            if line.strip():
                email, _, role = line.strip().partition(" ")
                people.append(Person(email, role or "?"))
    else:
        people = [Person(f"{role.replace('_', '-')}@demoshire.example", role) for role in ROLES]
    if len(people) < count:
        print(f"warning: only {len(people)} distinct sign-ins for {count} connections; "
              "some people get two sessions (bench/demo_sign_ins.py makes more)",
              file=sys.stderr)
        people = [Person(p.email, p.role) for p in (people * count)[:count]]
    return people[:count]


def run_wrk(base: str, path: str, cookies_file: str, connections: int, duration: str,
            timeout: str) -> dict[str, float]:
    env = dict(os.environ, BENCH_COOKIES=cookies_file, BENCH_PATH=path)
    command = ["wrk", "-t", str(connections), "-c", str(connections), "-d", duration,
               "--timeout", timeout, "-s", str(HERE / "home_pages.lua"), f"{base}{path}"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed ({result.returncode}): {result.stderr or result.stdout}")
    figures = {}
    for line in result.stdout.splitlines():
        if line.startswith("BENCH "):
            _, name, value = line.split()
            figures[name] = float(value)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description="Home page load bench (wrk, N signed-in users)")
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="the running server")
    parser.add_argument("--path", default="/", help="the page to load (default: home)")
    parser.add_argument("--users", type=int, default=20, help="people, one connection each")
    parser.add_argument("--users-file", help='lines of "<email> <role>" (default: the 11 '
                        "fixed demo sign-ins)")
    parser.add_argument("--password", default=os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD)
    parser.add_argument("--duration", default="30s", help="wrk -d (default 30s)")
    parser.add_argument("--warmup", default="3s", help="an unmeasured run first (0 for none)")
    parser.add_argument("--timeout", default="10s", help="wrk --timeout per request")
    parser.add_argument("--stagger", type=float, default=0.2,
                        help="seconds between sign-ins (default 0.2)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed", file=sys.stderr)
        return 2
    base = args.url.rstrip("/")
    if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
        parser.error("--url must be an http:// or https:// address")

    people = read_people(args.users_file, args.users)
    started = time.perf_counter()
    for person in people:
        person.cookie = sign_in(base, person, args.password)
        time.sleep(args.stagger)
    distinct = len({person.email for person in people})
    roles = sorted({person.role for person in people})
    print(f"Signed in {len(people)} sessions for {distinct} people in {len(roles)} roles "
          f"in {time.perf_counter() - started:.1f}s")

    with tempfile.NamedTemporaryFile("w", suffix=".cookies", delete=False) as handle:
        handle.write("\n".join(person.cookie for person in people) + "\n")
        cookies_file = handle.name
    try:
        if args.warmup not in ("", "0", "0s"):
            run_wrk(base, args.path, cookies_file, len(people), args.warmup, args.timeout)
        figures = run_wrk(base, args.path, cookies_file, len(people), args.duration,
                          args.timeout)
    finally:
        os.unlink(cookies_file)

    figures.update(people=distinct, roles=len(roles))
    print(f"GET {args.path} with {int(figures['connections'])} connections "
          f"({distinct} people) for {figures['seconds']:.1f}s")
    print(f"  requests/s   {figures['rps']:10.1f}   ({int(figures['requests'])} requests)")
    print(f"  latency p50  {figures['p50_ms']:10.1f} ms")
    print(f"  latency p95  {figures['p95_ms']:10.1f} ms")
    print(f"  latency p99  {figures['p99_ms']:10.1f} ms   (max {figures['max_ms']:.1f} ms)")
    print(f"  not 200      {int(figures['non200']):10d}   "
          f"({int(figures['redirects'])} redirects, e.g. a lost session)")
    print(f"  socket errors{int(figures['socket_errors']):10d}   "
          f"(connect {int(figures['errors_connect'])}, read {int(figures['errors_read'])}, "
          f"write {int(figures['errors_write'])}, timeout {int(figures['errors_timeout'])})")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0 if figures["non200"] == 0 and figures["socket_errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
