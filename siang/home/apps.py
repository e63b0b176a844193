from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "siang.home"
    verbose_name = "Home"
