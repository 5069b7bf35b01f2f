"""The second factor (TOTP) for privileged roles who sign in with a local password.

Who needs it: anyone holding a role in PRIVILEGED_ROLES, while MFA_REQUIRED_FOR_PRIVILEGED is
on, unless they signed in through the council's identity provider (OpenID Connect), which
does its own multi-factor check. The rule fails closed: a session that does not say it came
from OpenID Connect is treated as a password session.
"""

import re
from base64 import b32encode
from typing import TypeGuard

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearsight.organisation.models import User
from clearsight.organisation.roles import PRIVILEGED_ROLES
from clearsight.organisation.typing import AuthenticatedHttpRequest

SIGN_IN_METHOD = "clearsight_sign_in_method"
LOCAL = "local"  # signed in with a Clearsight password
OIDC = "oidc"
DEVICE_NAME = "Authenticator app"


def is_verified(user: User) -> bool:
    """True when this session passed the second factor (django-otp's OTPMiddleware)."""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def needs_second_factor(request: HttpRequest) -> TypeGuard[AuthenticatedHttpRequest]:
    """True only for a signed-in user, so a caller may then treat `request.user` as a User."""
    user = request.user
    if not settings.MFA_REQUIRED_FOR_PRIVILEGED or not user.is_authenticated:
        return False
    if request.session.get(SIGN_IN_METHOD) == OIDC:
        return False
    if not user.has_role(*PRIVILEGED_ROLES):
        return False
    return not is_verified(user)


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def unconfirmed_device(user: User) -> TOTPDevice:
    """The device being set up. Kept between visits so a code already scanned still works."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def second_factor_url(user: User, next_url: str = "") -> str:
    """The set-up page for someone with no app yet, otherwise the page that asks for a code."""
    name = "accounts:mfa-verify" if confirmed_device(user) else "accounts:mfa-setup"
    url = reverse(name)
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def secret_for_typing(device: TOTPDevice) -> str:
    """The key as an authenticator app asks for it: base32, in groups of four."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(data: str) -> SafeString:
    """An inline SVG QR code: no request leaves the browser, and no inline styles (CSP).

    The markup is made here from the otpauth URL; nothing in it comes from the request.
    """
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, border=4)
    svg = image.to_string(encoding="unicode")
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    svg = svg.replace(
        "<svg ",
        '<svg class="app-qr-code" role="img" focusable="false" '
        'aria-label="QR code to scan with your authenticator app" ',
        1,
    )
    return mark_safe(svg)  # noqa: S308 - generated above, contains no user input
