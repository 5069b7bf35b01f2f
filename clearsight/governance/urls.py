"""Governance packs: URLs."""

from django.urls import path

from clearsight.governance import views

app_name = "governance"
urlpatterns = [
    path("", views.index, name="index"),
    path("packs/new/", views.pack_request, name="pack-request"),
    path("packs/<int:pk>/", views.pack_detail, name="pack-detail"),
    path("packs/<int:pk>/download/<str:fmt>/", views.pack_download, name="pack-download"),
]
