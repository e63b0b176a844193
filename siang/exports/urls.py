from django.urls import path

from siang.exports import views

urlpatterns = [
    path("unit/<int:unit_id>/exports/", views.unit_exports, name="exports_unit"),
    path("unit/<int:unit_id>/exports/start", views.unit_export_start, name="exports_unit_start"),
    path("pacc/exports/", views.pacc_exports, name="exports_pacc"),
    path("pacc/exports/start", views.pacc_export_start, name="exports_pacc_start"),
    path("exports/<int:pk>/", views.job_page, name="exports_job"),
    path("exports/<int:pk>/download", views.download, name="exports_download"),
]
