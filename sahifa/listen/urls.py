from django.urls import path

from . import views

app_name = "listen"

urlpatterns = [
    path("podcast.xml", views.podcast, name="podcast"),
    path("<str:section_slug>/podcast.xml", views.podcast, name="section_podcast"),
]
