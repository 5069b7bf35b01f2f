"""Complaints and compliments: URLs. Fixed paths come before the complaint reference."""

from django.urls import path

from clearsight.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("new/", views.complaint_create, name="create"),
    path("bulletin/", views.learning_bulletin, name="bulletin"),
    path("about-me/", views.complaints_about_me, name="about-me"),
    path("report/", views.report, name="report"),
    path("report/download/", views.report_download, name="report-download"),
    path("compliments/", views.compliment_list, name="compliments"),
    path("compliments/new/", views.compliment_create, name="compliment-create"),
    path("compliments/teams/", views.compliments_by_team, name="compliments-by-team"),
    path("<str:reference>/", views.complaint_detail, name="detail"),
    path("<str:reference>/letter/", views.complaint_letter, name="letter"),
    path("<str:reference>/points/<int:number>/", views.point_outcome, name="point"),
    path("<str:reference>/learning/", views.learning_add, name="learning-add"),
    path("<str:reference>/learning/<int:pk>/complete/", views.learning_complete,
         name="learning-complete"),
    path("<str:reference>/<str:action>/", views.complaint_action, name="action"),
]
