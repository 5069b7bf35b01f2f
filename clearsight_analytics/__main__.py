"""`python -m clearsight_analytics COMMAND ...`: the analytics package's commands, which need
no server and no database.

Commands:
    report   compute the indicators from the national returns and write an HTML, Excel or
             JSON report (`python -m clearsight_analytics report --help`)
"""

import sys
from collections.abc import Callable, Sequence

from clearsight_analytics.report.cli import main as report_main

COMMANDS: dict[str, tuple[Callable[[Sequence[str]], int], str]] = {
    "report": (report_main, "compute the indicators from the national returns and write a "
                            "report (HTML, Excel or JSON)"),
}
USAGE = "usage: python -m clearsight_analytics COMMAND [options]\n\ncommands:\n" + "".join(
    f"  {name:<8} {words}\n" for name, (_, words) in COMMANDS.items()) + (
    "\nRun python -m clearsight_analytics COMMAND --help for a command's options.\n")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help"):
        (sys.stdout if args else sys.stderr).write(USAGE)
        return 0 if args else 2
    command = COMMANDS.get(args[0])
    if command is None:
        sys.stderr.write(f"{USAGE}\nerror: no command {args[0]!r}\n")
        return 2
    return command[0](args[1:])


if __name__ == "__main__":
    sys.exit(main())
