"""Private fostering URLs."""

from django.urls import path

from clearsight.fostering import views

app_name = "fostering"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("arrangements/", views.arrangement_list, name="arrangement-list"),
    path("arrangements/new/", views.arrangement_new, name="arrangement-new"),
    path("arrangements/<int:pk>/", views.arrangement, name="arrangement"),
    path("arrangements/<int:pk>/visits/new/", views.visit_new, name="visit-new"),
    path("arrangements/<int:pk>/decision/", views.arrangement_decide, name="decision"),
    path("arrangements/<int:pk>/notices/new/", views.notice_new, name="notice-new"),
    path("awareness/", views.awareness, name="awareness"),
]
