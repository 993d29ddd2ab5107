from django.urls import path

from sib.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search_page, name="search"),
    path("manuals/new/", views.document_form, name="document-create"),
    path("manuals/<slug:key>/", views.document_detail, name="document"),
    path("manuals/<slug:key>/edit/", views.document_form, name="document-edit"),
    path("manuals/<slug:key>/history/", views.document_history, name="document-history"),
    path("manuals/<slug:key>/changes/", views.document_changes, name="document-changes"),
    path("manuals/<slug:key>/pdf/<str:language>/", views.document_pdf, name="document-pdf"),
    path("manuals/<slug:key>/chapters/new/", views.chapter_form, name="chapter-create"),
    path("manuals/<slug:key>/chapters/<slug:chapter_key>/", views.chapter_detail, name="chapter"),
    path(
        "manuals/<slug:key>/chapters/<slug:chapter_key>/edit/",
        views.chapter_form,
        name="chapter-edit",
    ),
    path("terms/", views.term_map, name="map"),
    path("terms/new/", views.term_form, name="term-create"),
    path("terms/a-z/<str:language>/", views.terms_az, name="terms-az"),
    path("terms/<slug:slug>/", views.term_detail, name="term"),
    path("terms/<slug:slug>/edit/", views.term_form, name="term-edit"),
    path("terms/<slug:slug>/relations/", views.relation_add, name="relation-add"),
    path(
        "terms/<slug:slug>/relations/<int:relation_id>/delete/",
        views.relation_delete,
        name="relation-delete",
    ),
    path("materials/new/", views.material_create, name="material-create"),
    path("materials/<int:material_id>/", views.material_open, name="material"),
    path("materials/<int:material_id>/delete/", views.material_delete, name="material-delete"),
]
