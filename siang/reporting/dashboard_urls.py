from django.urls import path

from siang.reporting import dashboard_views

urlpatterns = [
    path("unit/<int:unit_id>/dashboard/", dashboard_views.unit_dashboard, name="unit_dashboard"),
    path("pacc/dashboard/", dashboard_views.pacc_dashboard, name="pacc_dashboard"),
    path("area/dashboard/", dashboard_views.area_dashboard, name="area_dashboard"),
]
