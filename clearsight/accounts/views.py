from django.contrib import auth
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from clearsight.accounts.forms import SignInForm
from clearsight.accounts.home import home_panels_for
from clearsight.accounts.middleware import TIMED_OUT
from clearsight.core.access import public, signed_in


class SignInView(LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: object) -> dict[str, object]:
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.session.pop(TIMED_OUT, None)
        return context


sign_in = public(SignInView.as_view())


@signed_in
@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        auth.logout(request)
        return redirect("accounts:signed-out")
    return render(request, "accounts/sign_out.html")


@public
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/home.html", {"panels": home_panels_for(request.user)})
