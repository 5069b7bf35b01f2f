"""LADO register URLs (every page is for LADO officers and the named senior manager only)."""

from django.urls import path

from clearsight.lado import views

app_name = "lado"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.referral_new, name="referral-new"),
    path("overview/", views.overview, name="overview"),
    path("annual-report/", views.annual_report, name="annual-report"),
    path("annual-report.docx", views.annual_report_docx, name="annual-report-docx"),
    path("settings/", views.lado_settings, name="settings"),
    path("<int:pk>/", views.referral, name="referral"),
    path("<int:pk>/update/", views.referral_edit, name="referral-edit"),
    path("<int:pk>/decision/", views.referral_decide, name="referral-decide"),
    path("<int:pk>/allegations/new/", views.allegation_new, name="allegation-new"),
    path("<int:pk>/allegations/<int:allegation>/outcome/", views.allegation_outcome,
         name="allegation-outcome"),
    path("<int:pk>/meetings/new/", views.meeting_new, name="meeting-new"),
    path("<int:pk>/oversight/new/", views.oversight_new, name="oversight-new"),
    path("<int:pk>/close/", views.referral_close, name="referral-close"),
    path("<int:pk>/reopen/", views.referral_reopen, name="referral-reopen"),
]
