"""What every sign-in records in the session, whichever way the person signed in."""

import logging
import time
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY

from clearsight.accounts.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from clearsight.accounts.second_factor import LOCAL, OIDC, SIGN_IN_METHOD
from clearsight.organisation.models import User

logger = logging.getLogger("clearsight.accounts")
OIDC_BACKEND = "clearsight.accounts.oidc.ClearsightOIDCBackend"


@receiver(user_logged_in, dispatch_uid="clearsight_record_sign_in")
def record_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    method = OIDC if getattr(user, "backend", "") == OIDC_BACKEND else LOCAL
    now = time.time()
    session = request.session
    session[SIGN_IN_METHOD] = method
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN_AT] = now
    if method == LOCAL:
        # A fresh password sign-in always asks for the second factor again.
        session.pop(DEVICE_ID_SESSION_KEY, None)
    logger.info("sign-in: user %s by %s", user.pk, method)


@receiver(user_logged_out, dispatch_uid="clearsight_record_sign_out")
def record_sign_out(sender: Any, request: HttpRequest | None, user: User | None,
                    **kwargs: Any) -> None:
    if user is not None:
        logger.info("sign-out: user %s", user.pk)
