from django.urls import path

from siang.casework import views

urlpatterns = [
    path("pacc/cases/", views.queue, name="casework_queue"),
    path("pacc/cases/<int:pk>/", views.case_detail, name="casework_case"),
    path("pacc/cases/<int:pk>/take", views.case_take, name="casework_take"),
    path("pacc/cases/<int:pk>/assign", views.case_assign, name="casework_assign"),
    path("pacc/cases/<int:pk>/review", views.case_start_review, name="casework_start_review"),
    path("pacc/cases/<int:pk>/refer", views.case_refer, name="casework_refer"),
    path("pacc/cases/<int:pk>/close", views.case_close, name="casework_close"),
    path("pacc/cases/<int:pk>/note", views.case_note, name="casework_note"),
    path("pacc/cases/<int:pk>/contact", views.case_reveal, name="casework_reveal"),
    path("pacc/lexicon/", views.lexicon, name="pacc_lexicon"),
    path("pacc/lexicon/<int:pk>/", views.lexicon_term, name="pacc_lexicon_term"),
]
