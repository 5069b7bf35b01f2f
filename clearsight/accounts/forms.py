from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    """Email and password. Error text follows the GOV.UK pattern for sign-in."""

    username = forms.CharField(
        label="Email address", max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false",
                                      "autofocus": False}),
    )
    password = forms.CharField(
        label="Password", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "This account has been switched off. Ask your Clearsight administrator.",
    }

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs.pop("autofocus", None)


ENTER_CODE = "Enter the 6-digit code from your authenticator app"


class SecondFactorCodeForm(forms.Form):
    """The 6-digit code an authenticator app shows. Spaces and dashes are ignored."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The code is 6 numbers, for example 123456. It changes every 30 seconds.",
        max_length=20,
        widget=forms.TextInput(attrs={
            "class": "govuk-input--width-5", "inputmode": "numeric",
            "autocomplete": "one-time-code", "spellcheck": "false",
        }),
        error_messages={"required": ENTER_CODE},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].replace("-", "").split())
        if len(code) != 6 or not code.isascii() or not code.isdigit():
            raise forms.ValidationError(ENTER_CODE)
        return code
