import logging

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from clearsight.accounts.forms import SecondFactorCodeForm, SignInForm
from clearsight.accounts.home import home_panels_for
from clearsight.accounts.middleware import OIDC_FAILED, TIMED_OUT
from clearsight.accounts.second_factor import (
    confirmed_device,
    needs_second_factor,
    qr_code_svg,
    safe_next,
    second_factor_url,
    secret_for_typing,
    unconfirmed_device,
)
from clearsight.core.access import public, signed_in
from clearsight.organisation.typing import AuthenticatedHttpRequest

logger = logging.getLogger("clearsight.accounts")
WRONG_CODE = "The code is not right. Enter the code your authenticator app shows now"
TOO_MANY_CODES = ("You have entered too many wrong codes. Wait a minute, then enter the code "
                  "your authenticator app shows now")


class SignInView(LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.session.pop(TIMED_OUT, None)
        context["oidc_failed"] = self.request.session.pop(OIDC_FAILED, False)
        context["oidc_enabled"] = settings.OIDC_ENABLED
        context["oidc_provider_name"] = getattr(settings, "OIDC_PROVIDER_NAME", "")
        return context

    def get_success_url(self) -> str:
        url = super().get_success_url()
        if needs_second_factor(self.request):
            return second_factor_url(self.request.user, url)
        return url


sign_in = public(SignInView.as_view())


@signed_in
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        auth.logout(request)  # deletes the session on the server, not just the cookie
        return redirect("accounts:signed-out")
    return render(request, "accounts/sign_out.html")


@public
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")


@signed_in
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "accounts/home.html", {"panels": home_panels_for(request.user)})


@signed_in
@require_POST
def session_extend(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in". SessionLimitsMiddleware has already counted this request as activity,
    so there is nothing left to do but answer: 204 to the warning script, or back to the page
    for a plain form post."""
    if request.headers.get("X-Requested-With") == "fetch":
        return HttpResponse(status=204)
    return redirect(safe_next(request, request.POST.get("next")))


def _code_accepted(device: TOTPDevice, form: SecondFactorCodeForm, user_pk: int | None) -> bool:
    """Check the code against the device, with django-otp's growing delay after wrong codes."""
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        form.add_error("code", TOO_MANY_CODES)
        return False
    if device.verify_token(form.cleaned_data["code"]):
        return True
    logger.warning("wrong second-factor code: user %s", user_pk)
    form.add_error("code", WRONG_CODE)
    return False


def _verified(request: AuthenticatedHttpRequest, device: TOTPDevice, next_url: str) -> HttpResponse:
    otp_login(request, device)
    request.session.cycle_key()  # a new session id for the fully signed-in session
    logger.info("second factor passed: user %s", request.user.pk)
    return redirect(next_url)


@signed_in
@require_http_methods(["GET", "POST"])
def mfa_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if not needs_second_factor(request):
        return redirect(next_url)
    user = request.user
    if confirmed_device(user):
        # Adding another app needs an administrator: otherwise a password alone would do.
        return redirect(second_factor_url(user, next_url))
    device = unconfirmed_device(user)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _code_accepted(device, form, user.pk):
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        logger.info("authenticator app set up: user %s", user.pk)
        return _verified(request, device, next_url)
    return render(request, "accounts/mfa_setup.html", {
        "form": form, "next": next_url, "qr_code": qr_code_svg(device.config_url),
        "secret": secret_for_typing(device),
    })


@signed_in
@require_http_methods(["GET", "POST"])
def mfa_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"))
    if not needs_second_factor(request):
        return redirect(next_url)
    device = confirmed_device(request.user)
    if device is None:
        return redirect(second_factor_url(request.user, next_url))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _code_accepted(
            device, form, request.user.pk):
        return _verified(request, device, next_url)
    return render(request, "accounts/mfa_verify.html", {"form": form, "next": next_url})
