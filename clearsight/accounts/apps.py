from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "clearsight.accounts"
    label = "accounts"
    verbose_name = "Accounts and sign-in"

    def ready(self) -> None:
        from clearsight.accounts import signals  # noqa: F401 - connects the receivers
