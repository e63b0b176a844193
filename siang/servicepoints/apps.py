from django.apps import AppConfig


class ServicePointsConfig(AppConfig):
    name = "siang.servicepoints"
    verbose_name = "Service points"
