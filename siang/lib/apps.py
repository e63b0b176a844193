from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "siang.lib"
    label = "siang_lib"
