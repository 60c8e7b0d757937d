app_name = "blocs"
urlpatterns = []
