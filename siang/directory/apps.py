from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "siang.directory"
    verbose_name = "Directory"
