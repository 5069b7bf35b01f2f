from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Clearsight administration"
admin.site.site_title = "Clearsight administration"

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
    path("admin/", admin.site.urls),
]

handler403 = "clearsight.core.views.forbidden"
handler404 = "clearsight.core.views.not_found"
handler500 = "clearsight.core.views.server_error"
