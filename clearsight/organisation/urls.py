from django.urls import path

from clearsight.organisation import views

app_name = "organisation"
urlpatterns = [
    path("teams/", views.team_list, name="team-list"),
    path("teams/<slug:code>/", views.team_detail, name="team-detail"),
    path("imports/", views.import_list, name="import-list"),
    path("imports/staff/", views.import_staff, name="import-staff"),
    path("imports/<int:pk>/", views.import_detail, name="import-detail"),
]
