from django.urls import path

from siang.home import views

urlpatterns = [
    path("", views.public, name="home"),
    path("accounts/home/", views.staff, name="account_home"),
]
