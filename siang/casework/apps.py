from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "siang.casework"
    verbose_name = "PACC casework"
