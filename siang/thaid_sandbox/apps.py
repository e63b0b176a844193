from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class ThaidSandboxConfig(AppConfig):
    name = "siang.thaid_sandbox"
    verbose_name = "ThaiD sandbox"
    # The client registered with the sandbox: (client id, secret). As at ThaiD, registration happens
    # once — here, when the app starts, from THAID_CLIENT_ID/SECRET — so a client whose settings
    # change later (a test giving a wrong secret) meets a provider that still expects the old ones.
    registered_client: tuple[str, str] = ("", "")

    def ready(self) -> None:
        if settings.PRODUCTION:
            raise ImproperlyConfigured(
                "The ThaiD sandbox refuses to start with production settings: it lets anyone sign in."
            )
        self.registered_client = (settings.THAID_CLIENT_ID or "", settings.THAID_CLIENT_SECRET or "")
