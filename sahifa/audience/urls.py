from django.urls import path

from . import views

app_name = "audience"

# The beacon itself (/audience/hit) is answered by BeaconMiddleware.
urlpatterns = [path("blocks/", views.blocks, name="blocks")]
