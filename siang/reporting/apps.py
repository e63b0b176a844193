from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "siang.reporting"
    verbose_name = "Reporting"
