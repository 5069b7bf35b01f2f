"""Print N demo sign-ins with a spread of roles, giving the extra ones the demo password.

`manage.py demo_authority` sets a password on one person per role (11 sign-ins such as
team-manager@demoshire.example). The bench wants more distinct people than that, so this
script takes those 11 and then, going round the roles in turn, more demo staff who hold each
role, and sets the demo password on them. Run it against the throwaway bench database only:

    DATABASE_URL=sqlite:////tmp/x/bench.sqlite3 uv run python bench/demo_sign_ins.py --count 20

Prints one line per person: "<email> <role>".
"""

import argparse
import os
import sys
from itertools import cycle
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

DEFAULT_PASSWORD = "demoshire-demo-2026"  # noqa: S105 - the documented demo password


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--password",
                        default=os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD)
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth.hashers import make_password

    from clearsight.organisation.models import RoleGrant, User
    from clearsight.organisation.roles import Role

    chosen: list[tuple[str, str]] = []
    for role in Role:
        email = f"{role.value.replace('_', '-')}@demoshire.example"
        if User.objects.filter(username=email, is_active=True).exists():
            chosen.append((email, role.value))
    if not chosen:
        print("No demo sign-ins found: run `manage.py demo_authority` first.", file=sys.stderr)
        return 1
    taken = {email for email, _ in chosen}
    candidates = {
        role.value: list(RoleGrant.objects.filter(role=role, user__is_active=True)
                         .exclude(user__username__in=taken)
                         .order_by("user__staff_id", "user__pk")
                         .values_list("user__username", flat=True))
        for role in Role
    }
    hashed = make_password(args.password)  # one hash for everyone: same password, less work
    for role in cycle([role.value for role in Role]):
        if len(chosen) >= args.count or not any(candidates.values()):
            break
        while candidates[role] and candidates[role][0] in taken:
            candidates[role].pop(0)
        if not candidates[role]:
            continue
        email = candidates[role].pop(0)
        User.objects.filter(username=email).update(password=hashed)
        chosen.append((email, role))
        taken.add(email)
    if len(chosen) < args.count:
        print(f"Only {len(chosen)} demo staff can sign in; asked for {args.count}.",
              file=sys.stderr)
    for email, role in chosen[:args.count]:
        print(email, role)
    return 0


if __name__ == "__main__":
    sys.exit(main())
