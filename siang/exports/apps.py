from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "siang.exports"
    verbose_name = "Exports"
