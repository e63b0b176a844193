from django.urls import path

from siang.catalog import excel_views

urlpatterns = [
    path("unit/<int:unit_id>/catalogue/import/", excel_views.import_workbook, name="catalog_import"),
    path(
        "unit/<int:unit_id>/catalogue/import/template.xlsx",
        excel_views.blank_workbook,
        name="catalog_import_template",
    ),
    path("unit/<int:unit_id>/catalogue/export.xlsx", excel_views.export_workbook, name="catalog_export"),
]
