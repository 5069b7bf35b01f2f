from django.urls import path

from clearsight.performance import views

app_name = "performance"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("indicators/", views.catalogue, name="catalogue"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator"),
    path("indicators/<str:code>/children/", views.indicator_children, name="indicator-children"),
    path("indicators/<str:code>/settings/", views.indicator_settings, name="indicator-settings"),
    path("due/", views.due, name="due"),
    path("data/", views.data, name="data"),
    path("data/annex-a/", views.load_annex_a, name="load-annex-a"),
    path("data/ssda903/", views.load_ssda903, name="load-ssda903"),
    path("data/cin-census/", views.load_cin_census, name="load-cin-census"),
    path("data/population/", views.population, name="population"),
    path("data/compute/", views.compute, name="compute"),
    path("data/computations/<int:pk>/", views.computation, name="computation"),
    path("settings/", views.profile, name="profile"),
]
