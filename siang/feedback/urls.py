from django.urls import path

from siang.feedback import views

urlpatterns = [
    path("f/sw.js", views.service_worker, name="feedback_sw"),
    path("f/<str:token>", views.feedback_form, name="feedback_form"),
    path("track/", views.feedback_track_lookup, name="feedback_track_lookup"),
    path("track/<str:code>", views.feedback_track, name="feedback_track"),
]
