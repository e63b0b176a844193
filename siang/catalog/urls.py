from django.urls import path

from siang.catalog import views

urlpatterns = [
    # a unit's staff: the catalogue, departments, the editor, the Admin's review
    path("unit/<int:unit_id>/catalogue/", views.unit_catalogue, name="catalog_unit"),
    path("unit/<int:unit_id>/catalogue/submit", views.submit_selected, name="catalog_submit"),
    path("unit/<int:unit_id>/catalogue/departments/", views.departments, name="catalog_departments"),
    path(
        "unit/<int:unit_id>/catalogue/departments/order",
        views.departments_order,
        name="catalog_departments_order",
    ),
    path(
        "unit/<int:unit_id>/catalogue/departments/<int:pk>/",
        views.department_edit,
        name="catalog_department_edit",
    ),
    path(
        "unit/<int:unit_id>/catalogue/departments/<int:pk>/retire",
        views.department_retire,
        name="catalog_department_retire",
    ),
    path("unit/<int:unit_id>/catalogue/new/", views.process_new, name="catalog_process_new"),
    path("unit/<int:unit_id>/catalogue/<int:pk>/", views.process_detail, name="catalog_process"),
    path("unit/<int:unit_id>/catalogue/<int:pk>/edit/", views.process_edit, name="catalog_process_edit"),
    path("unit/<int:unit_id>/catalogue/<int:pk>/move", views.process_move, name="catalog_process_move"),
    path(
        "unit/<int:unit_id>/catalogue/<int:pk>/discard", views.process_discard, name="catalog_process_discard"
    ),
    path(
        "unit/<int:unit_id>/catalogue/<int:pk>/history/",
        views.process_history,
        name="catalog_process_history",
    ),
    path("unit/<int:unit_id>/catalogue/review/", views.review_queue, name="catalog_review_queue"),
    path(
        "unit/<int:unit_id>/catalogue/review/approve",
        views.review_approve_selected,
        name="catalog_review_approve",
    ),
    path("unit/<int:unit_id>/catalogue/review/<int:pk>/", views.review_revision, name="catalog_review"),
    # PACC: the national template library; unit staff may read it
    path("catalogue/templates/", views.template_list, name="catalog_templates"),
    path("catalogue/templates/<int:pk>/", views.template_detail, name="catalog_template"),
    path("catalogue/templates/<int:pk>/offer", views.template_offer, name="catalog_template_offer"),
    path("catalogue/templates/<int:pk>/edit/", views.template_edit, name="catalog_template_edit"),
    # citizens: a unit's approved process, as a printable citizen manual
    path("units/<int:unit_id>/services/<int:pk>/", views.service_manual, name="service_manual"),
]
