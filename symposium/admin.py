from django.contrib import admin

admin.site.site_header = "Symposium newsroom"
admin.site.site_title = "Symposium newsroom"
admin.site.index_title = "Content"
