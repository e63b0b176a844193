from django.urls import path

from siang.reporting import compliance_views as views

urlpatterns = [
    path("compliance/", views.compliance_home, name="compliance_home"),
    path("compliance/<str:area>/", views.compliance_area, name="compliance_area"),
    path("compliance/<str:area>/<slug:step>/", views.compliance_units, name="compliance_units"),
    path("compliance/<str:area>/<slug:step>/list.pdf", views.official_list_pdf, name="compliance_list_pdf"),
    path(
        "compliance/<str:area>/<slug:step>/list.xlsx", views.official_list_xlsx, name="compliance_list_xlsx"
    ),
    path(
        "compliance/<str:area>/<slug:step>/letter.pdf",
        views.official_list_letter,
        name="compliance_letter_pdf",
    ),
    path("unit/<int:unit_id>/steps/", views.unit_remaining, name="compliance_unit"),
]
