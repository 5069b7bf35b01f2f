from auditlog.models import LogEntry
from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path
from django.views.generic import RedirectView

from clearsight.core.access import public
from clearsight.organisation.roles import Role

admin.site.site_header = "Clearsight administration"
admin.site.site_title = "Clearsight administration"
# Change history can hold case details; administrators manage configuration, not case content.
admin.site.unregister(LogEntry)


def _administrators_only(request: HttpRequest) -> bool:
    """The admin screens follow the Administrator role, not only Django's staff flag: taking
    the role away (in the staff file, say) takes the screens away too."""
    user = request.user
    return bool(user.is_active and user.is_staff and user.has_role(Role.ADMINISTRATOR))


admin.site.has_permission = _administrators_only  # type: ignore[method-assign]

urlpatterns = [
    path("", include("clearsight.accounts.urls")),
    path("", include("clearsight.core.urls")),
    path("organisation/", include("clearsight.organisation.urls")),
    path("cases/", include("clearsight.casework.urls")),
    path("audits/", include("clearsight.audits.urls")),
    path("feedback/", include("clearsight.feedback.urls")),
    path("performance/", include("clearsight.performance.urls")),
    path("complaints/", include("clearsight.complaints.urls")),
    path("plans/", include("clearsight.plans.urls")),
    path("lado/", include("clearsight.lado.urls")),
    path("private-fostering/", include("clearsight.fostering.urls")),
    path("governance/", include("clearsight.governance.urls")),
    # One sign-in page for everyone: the admin's own login form would bypass the second factor
    # screens, so it sends people to ours.
    path("admin/login/", public(RedirectView.as_view(pattern_name="accounts:sign-in",
                                                     query_string=True)), name="admin-sign-in"),
    path("admin/", admin.site.urls),
]

handler403 = "clearsight.core.views.forbidden"
handler404 = "clearsight.core.views.not_found"
handler500 = "clearsight.core.views.server_error"
