from django.urls import include, path

urlpatterns = [
    path("", include("siang.reporting.compliance_urls")),
    path("", include("siang.reporting.dashboard_urls")),
]
