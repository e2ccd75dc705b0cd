from django.contrib import admin

from routines.models import Exercise, Level


class LevelInline(admin.StackedInline):
    """The exercise's progression ladder, lowest level first; each with a full dose."""

    model = Level
    extra = 0
    ordering = ["position"]
    fields = (
        ("position", "name"),
        "changes",
        ("added_load", "source"),
        ("sets", "reps", "hold_seconds", "per_side"),
        ("tempo", "rest_seconds"),
        ("up_seconds", "up_cue", "down_seconds", "down_cue"),
    )


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    inlines = [LevelInline]
    list_display = ["position", "name", "focus", "in_plan", "dose"]
    list_display_links = ["name"]
    list_editable = ["position", "in_plan"]
    list_filter = ["focus", "in_plan"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "summary"]
    fieldsets = (
        (None, {"fields": ("name", "slug", "position", "in_plan", "focus", "summary")}),
        ("Instructions", {"fields": ("steps", "purpose", "cues", "equipment")}),
        ("Dose", {"fields": ("sets", "reps", "hold_seconds", "tempo", "per_side")}),
        (
            "Guided session",
            {
                "fields": ("up_seconds", "up_cue", "down_seconds", "down_cue", "rest_seconds"),
                "description": "How the player times each rep. The estimated time everywhere comes from these.",
            },
        ),
        ("Media", {"fields": ("video_url", "video_title", "source_url", "image", "image_alt")}),
    )
