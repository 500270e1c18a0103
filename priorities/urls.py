from django.urls import path

from priorities import views

app_name = "priorities"

urlpatterns = [
    path("priorities/", views.priority_list, name="priority_list"),
    path("priorities/<uslug:slug>/", views.priority_detail, name="priority_detail"),
]
