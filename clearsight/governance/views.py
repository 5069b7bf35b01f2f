"""Governance pack pages. Packs hold aggregates only, small numbers suppressed: those who read
packs (workflow.PACK_READERS, improvement board members included) see every pack; those who run
quality assurance and the plan (workflow.PACK_REQUESTERS) ask for new ones. No page here shows
child-level data, so none writes the access log."""

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from clearsight.core.access import declared_rule, for_roles
from clearsight.governance import selectors, services
from clearsight.governance.documents import sections
from clearsight.governance.forms import PackRequestForm
from clearsight.governance.workflow import PACK_READERS, PACK_REQUESTERS, PackKind, PackStatus
from clearsight.organisation.typing import AuthenticatedHttpRequest


def _other_outputs(user: Any) -> list[dict[str, Any]]:
    """The other governance documents this person may open, made by the apps that own them:
    the monthly managers' briefing (audits: page, Word and PDF) and the complaints learning
    bulletin. Each is listed only if its own access rule lets this person in."""
    outputs = [
        ("audits:briefing", "Monthly managers' briefing",
         "The month's audit findings, for managers, as a page, Word or PDF."),
        ("complaints:bulletin", "Quarterly complaints learning bulletin",
         "Good practice and learning from the quarter's complaints."),
    ]
    found = []
    for name, title, text in outputs:
        match = resolve(reverse(name))
        rule = declared_rule(match.func)
        if rule is not None and rule.allows(user):
            found.append({"title": title, "href": reverse(name), "text": text})
    return found


def _index(request: AuthenticatedHttpRequest, form: PackRequestForm | None,
           status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    can_request = selectors.user_requests_packs(request.user)
    if form is None and can_request:
        form = PackRequestForm(today=today, quarters=selectors.quarter_choices(today),
                               initial={"kind": PackKind.BOARD})
    packs = selectors.pack_list_for_user(user=request.user)
    return render(request, "governance/index.html", {
        "form": form, "can_request": can_request, "outputs": _other_outputs(request.user),
        "packs": packs, "rule": selectors.SMALL_RULE}, status=status)


@for_roles(PACK_READERS)
def index(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _index(request, None)


@require_POST
@for_roles(PACK_REQUESTERS)
def pack_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PackRequestForm(request.POST, today=today,
                           quarters=selectors.quarter_choices(today))
    if not form.is_valid():
        return _index(request, form)
    if form.cleaned_data["kind"] == PackKind.BOARD:
        period = selectors.board_period(form.cleaned_data["end"])
    else:
        period = selectors.quarter_period(form.cleaned_data["quarter"] or "", today)
    pack = services.pack_request(kind=form.cleaned_data["kind"], period=period,
                                 by=request.user)
    return redirect("governance:pack-detail", pk=pack.pk)


@for_roles(PACK_READERS)
def pack_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    pack = selectors.pack_get_for_user(user=request.user, pk=pk)
    content = pack.content if pack.status == PackStatus.DONE else None
    return render(request, "governance/pack.html", {
        "pack": pack, "content": content,
        "waiting": pack.status in (PackStatus.QUEUED, PackStatus.RUNNING),
        "formats": [(fmt, {"docx": "Word", "pdf": "PDF (tagged, accessible)",
                           "xlsx": "Excel, with charts"}[fmt], info)
                    for fmt, info in pack.files.items()],
        "sections": sections(content) if content else []})


@for_roles(PACK_READERS)
def pack_download(request: AuthenticatedHttpRequest, pk: int, fmt: str) -> HttpResponse:
    pack = selectors.pack_get_done_for_user(user=request.user, pk=pk)
    if fmt not in services.FORMATS or fmt not in pack.files:
        raise Http404("No such format")
    content_type, _make = services.FORMATS[fmt]
    response = HttpResponse(services.pack_file(pack, fmt), content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{pack.kind}-pack-{pack.period_end:%Y-%m-%d}.{fmt}"')
    return response
