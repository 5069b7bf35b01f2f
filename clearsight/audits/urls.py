from django.urls import path

from clearsight.audits import views

app_name = "audits"
urlpatterns = [
    path("", views.my_audits, name="my-audits"),
    path("late/", views.late, name="late"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("samples/", views.samples, name="samples"),
    path("samples/draw/", views.draw_monthly, name="draw-monthly"),
    path("samples/thematic/", views.draw_thematic, name="draw-thematic"),
    path("samples/<int:pk>/", views.draw_detail, name="draw"),
    path("samples/<int:pk>/allocate/", views.draw_allocate, name="draw-allocate"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/grade/", views.grade, name="grade"),
    path("<int:pk>/moderate/", views.moderate, name="moderate"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/escalation/", views.escalation, name="escalation"),
    path("<int:pk>/swap/", views.swap, name="swap"),
    path("<int:pk>/reassign/", views.reassign, name="reassign"),
    path("actions/<int:pk>/", views.action, name="action"),
]
urlpatterns += [
    path("<int:pk>/supervision/", views.supervision, name="supervision"),
]

# Learning (issue 3, item 7): themes, the exemplar library and the managers' briefing.
urlpatterns += [
    path("themes/", views.themes, name="themes"),
    path("themes/report/", views.themes_report, name="themes-report"),
    path("<int:pk>/themes/", views.tag_themes, name="tag-themes"),
    path("<int:pk>/nominate/", views.nominate, name="nominate"),
    path("exemplars/", views.exemplars, name="exemplars"),
    path("exemplars/<int:pk>/review/", views.exemplar_review, name="exemplar-review"),
    path("briefing/", views.briefing, name="briefing"),
    path("briefing/word/", views.briefing_docx, name="briefing-docx"),
    path("briefing/pdf/", views.briefing_pdf, name="briefing-pdf"),
]
