"""Mounted at /thaid-sandbox/ (siang/urls.py) when THAID_SANDBOX is on; paths as ThaiD's."""

from django.urls import path

from siang.thaid_sandbox import views

app_name = "thaid_sandbox"

urlpatterns = [
    path(".well-known/openid-configuration", views.discovery, name="discovery"),
    path("api/v2/oauth2/auth/", views.authorize, name="authorize"),
    path("api/v2/oauth2/token/", views.token, name="token"),
    path("api/v2/oauth2/introspect/", views.introspect, name="introspect"),
    path("api/v2/oauth2/revoke/", views.revoke, name="revoke"),
    path("api/v2/oauth2/userinfo/", views.userinfo, name="userinfo"),
    path("api/v2/oauth2/jwks/", views.jwks, name="jwks"),
]
