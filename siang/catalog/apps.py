from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "siang.catalog"
    verbose_name = "Catalogue"
