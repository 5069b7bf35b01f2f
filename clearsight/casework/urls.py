from django.urls import path

from clearsight.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.case_list, name="case-list"),
    # Two segments, so that no case reference can shadow it.
    path("imports/new/", views.case_import, name="case-import"),
    path("<str:case_ref>/", views.case_detail, name="case-detail"),
]
