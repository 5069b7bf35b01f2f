from django.urls import path

from clearsight.casework import views

app_name = "casework"
urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("<str:case_ref>/", views.case_detail, name="case-detail"),
]
