from django.contrib import admin

from cchc.notify.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("title", "user", "kind", "created_at", "emailed_at", "read_at")
    list_filter = ("kind",)
    search_fields = ("title", "key", "user__username")
    raw_id_fields = ("user",)
