app_name = "zuwendungen"

urlpatterns: list = []
