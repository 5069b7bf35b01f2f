from django.conf import settings
from django.urls import URLPattern, path

from clearsight.accounts import views
from clearsight.core.access import public

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("sign-in/authenticator/set-up/", views.mfa_setup, name="mfa-setup"),
    path("sign-in/authenticator/", views.mfa_verify, name="mfa-verify"),
    path("session/extend/", views.session_extend, name="session-extend"),
]


def oidc_urlpatterns() -> list[URLPattern]:
    """mozilla-django-oidc's two views, under /oidc/. They are open to anyone (they start and
    finish the provider's sign-in), declared `public` so the access rules can see them. The
    library's logout view is left out: signing out is ours."""
    from mozilla_django_oidc.views import OIDCAuthenticationRequestView

    from clearsight.accounts.oidc import ClearsightOIDCCallbackView

    return [
        path("oidc/authenticate/", public(OIDCAuthenticationRequestView.as_view()),
             name="oidc-init"),
        path("oidc/callback/", public(ClearsightOIDCCallbackView.as_view()),
             name="oidc-callback"),
    ]


if settings.OIDC_ENABLED:
    urlpatterns += oidc_urlpatterns()
