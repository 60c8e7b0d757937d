from django.urls import include, path

app_name = "awards"
urlpatterns = [
    path("", include("awards.urls_register")),
    path("nominations/", include("awards.urls_nominations")),
]
