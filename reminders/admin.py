from django.contrib import admin

from reminders.models import PushSubscription, ReminderClaim, ReminderSettings


@admin.register(ReminderSettings)
class ReminderSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "enabled", "remind_at", "days", "by_email", "by_push"]
    exclude = ["feed_token"]


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "label", "created_at"]
    fields = ("user", "label", "created_at")
    readonly_fields = fields


@admin.register(ReminderClaim)
class ReminderClaimAdmin(admin.ModelAdmin):
    list_display = ["user", "local_day", "state", "attempts", "retry_after", "note"]
    list_filter = ["state"]
