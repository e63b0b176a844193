from django.conf import settings
from django.urls import include, path

from siang import views

urlpatterns = [
    # First: the citizen form is most of the traffic, and each pattern tried costs every request.
    path("", include("siang.feedback.urls")),
    path("", include("siang.home.urls")),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("language/<str:language>", views.switch_language, name="switch_language"),
    path("", include("siang.directory.urls")),
    path("accounts/", include("siang.accounts.signin_urls")),
    path("", include("siang.accounts.urls")),
    path("", include("siang.catalog.urls")),
    path("", include("siang.catalog.excel_urls")),
    path("", include("siang.servicepoints.urls")),
    path("", include("siang.casework.urls")),
    path("", include("siang.reporting.urls")),
    path("", include("siang.exports.urls")),
]

if settings.THAID_SANDBOX:
    urlpatterns.append(path("thaid-sandbox/", include("siang.thaid_sandbox.urls")))

handler404 = "siang.views.not_found"
handler500 = "siang.views.server_error"
