from django.urls import path

from siang.directory import views

urlpatterns = [
    path("units/", views.unit_search, name="unit_search"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("provinces/", views.province_list, name="province_list"),
]
