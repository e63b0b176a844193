"""Mounted at /accounts/ (siang/urls.py)."""

from django.urls import path

from siang.accounts import signin_views

urlpatterns = [
    path("signin/", signin_views.signin, name="signin"),
    path("thaid/callback/", signin_views.thaid_callback, name="thaid_callback"),
    path("signout/", signin_views.signout, name="signout"),
]
