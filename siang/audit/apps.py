from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "siang.audit"
    verbose_name = "Audit"
