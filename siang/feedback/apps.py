from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "siang.feedback"
    verbose_name = "Citizen feedback"
