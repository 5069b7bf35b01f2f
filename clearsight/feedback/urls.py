"""Feedback from children and families: URLs. The public pages sit under answer/; no URL
holds anything about a person (the link's token is random and single-use)."""

from django.urls import path

from clearsight.feedback import views

app_name = "feedback"
urlpatterns = [
    # Public: no account needed.
    path("answer/", views.start, name="start"),
    path("answer/questions/", views.respond, name="respond"),
    path("answer/thank-you/", views.thanks, name="thanks"),
    path("answer/<str:token>/", views.link, name="link"),
    # Staff.
    path("", views.overview, name="overview"),
    path("results/", views.results, name="results"),
    path("report/", views.report, name="report"),
    path("report/download/", views.report_download, name="report-download"),
    path("early-help/", views.early_help, name="early-help"),
    path("responses/", views.responses, name="responses"),
    path("responses/<int:pk>/", views.response_detail, name="response-detail"),
    path("responses/<int:pk>/themes/", views.response_themes, name="response-themes"),
    path("cases/", views.case_find, name="case-find"),
    path("cases/<str:case_ref>/invite/", views.invite, name="invite"),
    path("cases/<str:case_ref>/phone/", views.phone, name="phone"),
    path("invitations/<int:pk>/", views.invitation, name="invitation"),
    path("invitations/<int:pk>/withdraw/", views.invitation_withdraw,
         name="invitation-withdraw"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/<int:pk>/", views.alert_deal, name="alert-deal"),
    path("themes/", views.themes, name="themes"),
    path("themes/add/", views.theme_add, name="theme-add"),
    path("you-said-we-did/", views.actions, name="actions"),
    path("you-said-we-did/add/", views.action_add, name="action-add"),
    path("you-said-we-did/<int:pk>/", views.action_edit, name="action-edit"),
]
