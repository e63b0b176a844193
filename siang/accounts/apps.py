from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "siang.accounts"
    verbose_name = "Accounts"
