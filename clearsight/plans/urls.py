"""Improvement plans: URLs."""

from django.urls import path

from clearsight.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan-list"),
    path("new/", views.plan_create, name="plan-create"),
    path("import/", views.plan_import, name="plan-import"),
    path("<int:pk>/", views.plan_detail, name="plan-detail"),
    path("<int:pk>/on-a-page/", views.plan_on_a_page, name="plan-on-a-page"),
    path("<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("<int:pk>/status/", views.plan_transition, name="plan-transition"),
    path("<int:pk>/recommendations/new/", views.recommendation_create,
         name="recommendation-create"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation-detail"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit,
         name="recommendation-edit"),
    path("recommendations/<int:pk>/actions/new/", views.action_create, name="action-create"),
    path("recommendations/<int:pk>/measures/new/", views.measure_create,
         name="measure-create"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/progress/", views.action_progress, name="action-progress"),
    path("actions/<int:pk>/rating/", views.action_rate, name="action-rate"),
]
