"""Demoshire's governance pack: one six-weekly improvement board pack for the six weeks to the
demo's as-at date, made synchronously (the job queue is not needed) after every other part of
the demo has loaded. Run again, it makes a new pack only if the data changed, so the list of
packs shows what each board was given."""

from datetime import date
from typing import Any

from clearsight.governance import selectors, services
from clearsight.governance.documents import figure_text
from clearsight.governance.models import Pack
from clearsight.governance.workflow import PackKind, PackStatus


def board_pack(*, as_of: date) -> Pack:
    period = selectors.board_period(as_of)
    latest = (Pack.objects.filter(kind=PackKind.BOARD, period_end=period.end,
                                  status=PackStatus.DONE).order_by("-pk").first())
    if latest is not None:
        from clearsight.performance.selectors import computation_current

        current = computation_current()
        same = selectors.fingerprint(current.pk if current else None,
                                     selectors.data_markers())
        if same == latest.data_fingerprint:
            return latest
    pack = services.pack_create(kind=PackKind.BOARD, period=period)
    return services.pack_generate(pack_id=pack.pk, today=as_of)


def summary(pack: Pack) -> str:
    """The pack's headline figures in a few lines, for the command's output."""
    content: dict[str, Any] = pack.content
    audits, complaints = content["audits"], content["complaints"]
    lines = [f"Board pack {pack.pk} ({pack.period_label}), data version {pack.data_version}:",
             f"  KPIs: {len(content['kpis'])} headline indicators"
             + "".join(f"; {k['code']} {k['value']}" for k in content["kpis"][:4]),
             f"  Audits: {audits['completed']} completed, {audits['on_time']} on time, "
             f"{audits['moderated']} moderated, {audits['escalated']} escalated; grades "
             + ", ".join(f"{g['label']} {g['count']}" for g in audits["grades"]),
             f"  Complaints: {complaints['received']} received, {complaints['responded']} "
             f"responded to, {complaints['in_time']} in time, {complaints['upheld']} upheld, "
             f"stage 2 {complaints['stage2']}, stage 3 {complaints['stage3']}",
             "  Feedback (per cent positive): " + "; ".join(
                 f"{h['label']} {figure_text(h['percent'])}"
                 for h in content["feedback"]["headlines"])]
    for plan in content["plans"]:
        rag = {label: sum(r["rag"][label] for r in plan["recommendations"])
               for label in ("Red", "Amber", "Green")}
        actions = sum(r["actions"] for r in plan["recommendations"])
        overdue = sum(r["overdue"] for r in plan["recommendations"])
        lines.append(f"  Plan {plan['name']}: {len(plan['recommendations'])} recommendations, "
                     f"{actions} actions, red {rag['Red']}, amber {rag['Amber']}, green "
                     f"{rag['Green']}, overdue {overdue}")
    files = ", ".join(f"{fmt} {info['size']:,} bytes" for fmt, info in pack.files.items())
    lines.append(f"  Files: {files}")
    return "\n".join(lines)
