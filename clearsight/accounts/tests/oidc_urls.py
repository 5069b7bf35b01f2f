"""The project's URLs as they are when OpenID Connect is configured (OIDC_RP_CLIENT_ID set)."""

from django.urls import include, path

from clearsight.accounts import urls as accounts_urls
from config.urls import urlpatterns as project_urlpatterns

urlpatterns = [
    path("", include((accounts_urls.urlpatterns + accounts_urls.oidc_urlpatterns(), "accounts"))),
    *[entry for entry in project_urlpatterns if getattr(entry, "namespace", None) != "accounts"],
]
