"""Signing in through the council's identity provider (OpenID Connect), when configured.

Matching a person to a Clearsight account, in this order:
1. the subject recorded on the account: Microsoft Entra ID's `tid` and `oid` claims (tenant and
   object id, both stable), or the standard `sub` claim for any other provider;
2. on the first sign-in only, an active account with the same email address, provided the
   provider says it verified that address (`email_verified`, or Entra's `xms_edov` optional
   claim). The subject is then recorded, so later sign-ins match on it alone;
3. otherwise nobody: accounts are made by administrators or the staff import, unless
   OIDC_CREATE_USER is switched on.

The provider does its own multi-factor check, so these sessions skip Clearsight's TOTP step
(see second_factor.py); the sign-in signal records the method in the session.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from clearsight.accounts.middleware import OIDC_FAILED
from clearsight.organisation.models import User

logger = logging.getLogger("clearsight.accounts")


def _true(value: Any) -> bool:
    # Some providers send booleans as strings.
    return value is True or (isinstance(value, str) and value.lower() == "true")


def subject_from_claims(claims: dict[str, Any]) -> str:
    """The stable identifier we store in User.oidc_subject, or "" when there is none."""
    oid, tid = claims.get("oid"), claims.get("tid")
    if oid and tid:
        return f"{tid}:{oid}"
    return str(claims.get("sub") or "")


def verified_email(claims: dict[str, Any]) -> str:
    """The email address, lower-cased, only if the provider vouches for it."""
    email = str(claims.get("email") or "").strip().lower()
    if not email or "@" not in email:
        return ""
    if _true(claims.get("email_verified")) or _true(claims.get("xms_edov")):
        return email
    return ""


def username_from_claims(email: str | None, claims: dict[str, Any] | None = None) -> str:
    """Usernames are work email addresses, lower-cased (mozilla-django-oidc's
    OIDC_USERNAME_ALGO hook; only used when OIDC_CREATE_USER is on)."""
    if claims is not None:
        email = verified_email(claims)
    email = (email or "").strip().lower()
    if not email:
        raise SuspiciousOperation("No verified email address to make a username from")
    return email


class ClearsightOIDCBackend(OIDCAuthenticationBackend):
    def get_userinfo(self, access_token: str, id_token: str,
                     payload: dict[str, Any]) -> dict[str, Any]:
        """The userinfo endpoint's claims, with the ID token's on top.

        Entra puts `oid` and `tid` only in the ID token, which was checked (signature, nonce)
        before we get here, so its claims win over the userinfo response.
        """
        claims = dict(super().get_userinfo(access_token, id_token, payload))
        claims.update(payload)
        return claims

    def get_or_create_user(self, access_token: str, id_token: str,
                           payload: dict[str, Any]) -> User | None:
        self.check_id_token(payload)
        return super().get_or_create_user(access_token, id_token, payload)

    def check_id_token(self, payload: dict[str, Any]) -> None:
        """mozilla-django-oidc checks the signature, expiry and nonce; we also check that the
        token was issued to us, and by the expected issuer when OIDC_OP_ISSUER is set."""
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if settings.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token was issued to another client")
        issuer = getattr(settings, "OIDC_OP_ISSUER", "")
        if issuer and payload.get("iss") != issuer:
            raise SuspiciousOperation("ID token comes from an unexpected issuer")

    def get_user(self, user_id: int) -> User | None:
        """The signed-in person on each request. mozilla-django-oidc returns switched-off
        accounts too; like Django's ModelBackend, refuse them, so switching someone off ends
        their council sign-in session at once."""
        user = super().get_user(user_id)
        return user if user is not None and user.is_active else None

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(subject_from_claims(claims))

    def describe_user_by_claims(self, claims: dict[str, Any]) -> str:
        return f"subject {subject_from_claims(claims)}"

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        subject = subject_from_claims(claims)
        if not subject:
            return User.objects.none()
        by_subject = User.objects.filter(oidc_subject=subject)
        if by_subject.exists():
            return by_subject  # inactive people are refused by the callback view
        email = verified_email(claims)
        if not email:
            return User.objects.none()
        return User.objects.filter(
            Q(email__iexact=email) | Q(username__iexact=email),
            is_active=True, oidc_subject__isnull=True,
        )

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        subject = subject_from_claims(claims)
        if user.oidc_subject != subject:
            user.oidc_subject = subject
            user.save(update_fields=["oidc_subject"])
            logger.info("OpenID Connect subject recorded for user %s", user.pk)
        return user

    def create_user(self, claims: dict[str, Any]) -> User | None:
        """Only when OIDC_CREATE_USER is on. The new account has no role until an
        administrator gives it one, so it sees nothing but an empty home page."""
        email = verified_email(claims)
        if not email:
            logger.warning("OpenID Connect: no verified email, account not created")
            return None
        try:
            with transaction.atomic():
                user = User(
                    username=username_from_claims(email, claims), email=email,
                    first_name=str(claims.get("given_name") or "")[:150],
                    last_name=str(claims.get("family_name") or "")[:150],
                    oidc_subject=subject_from_claims(claims),
                )
                user.set_unusable_password()
                user.save()
        except IntegrityError:
            # The address belongs to an account that is switched off or linked elsewhere.
            logger.warning("OpenID Connect: account for %s not created (already taken)",
                           self.describe_user_by_claims(claims))
            return None
        logger.info("OpenID Connect: account created for user %s", user.pk)
        return user


class ClearsightOIDCCallbackView(OIDCAuthenticationCallbackView):
    """Failed sign-ins go back to our sign-in page, which says what happened."""

    def login_failure(self) -> HttpResponse:
        self.request.session[OIDC_FAILED] = True
        return redirect("accounts:sign-in")
