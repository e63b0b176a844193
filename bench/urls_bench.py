"""The site's URLs plus the benchmark's baseline: a trivial Django view behind the same middleware."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from siang.urls import urlpatterns as site_urlpatterns


def bench_ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"pong", content_type="text/plain")


urlpatterns = [path("bench/ping", bench_ping, name="bench_ping"), *site_urlpatterns]
