from axes.admin import AccessAttemptAdmin
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.contrib import admin

admin.site.site_header = "Symposium newsroom"
admin.site.site_title = "Symposium newsroom"
admin.site.index_title = "Content"


class LoginAttemptAdmin(AccessAttemptAdmin):
    """django-axes' failed-login list, with a way for editors to lift a lockout early."""

    actions = ["unlock", *AccessAttemptAdmin.actions]

    @admin.action(description="Unlock the usernames and addresses of the selected attempts", permissions=["delete"])
    def unlock(self, request, queryset):
        usernames = sorted({name for name in queryset.values_list("username", flat=True) if name})
        addresses = sorted({address for address in queryset.values_list("ip_address", flat=True) if address})
        for username in usernames:
            axes_reset(username=username)
        for address in addresses:
            axes_reset(ip=address)
        self.message_user(request, f"Unlocked: {', '.join([*usernames, *addresses])}. They may log in again now.")


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, LoginAttemptAdmin)
