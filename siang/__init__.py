# The Celery app is loaded with Django, so `shared_task` tasks bind to it (siang/celery.py).
from siang.celery import app as celery_app

__all__ = ["celery_app"]
