"""Site admin for contests: where site administrators set up contests, rounds and prizes."""

from django.contrib import admin

from cchc.contests.models import Choice, Contest, Participant, Prize, Question, Round


class RoundInline(admin.TabularInline):
    model = Round
    extra = 0
    exclude = ["output"]


class PrizeInline(admin.TabularInline):
    model = Prize
    extra = 0


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Contest)
class ContestAdmin(admin.ModelAdmin):
    list_display = ["title", "organiser", "published"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["organiser", "activity"]
    inlines = [RoundInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "contest", "opens_at", "closes_at"]
    exclude = ["output"]
    inlines = [PrizeInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "contest", "kind", "topic", "difficulty", "active"]
    list_filter = ["kind", "difficulty", "active"]
    inlines = [ChoiceInline]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["full_name", "contest", "unit", "locality", "created_at"]
    search_fields = ["full_name", "phone"]
    exclude = ["id_number_hash"]
    raw_id_fields = ["unit"]
