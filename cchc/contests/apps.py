from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    name = "cchc.contests"
    label = "contests"
    verbose_name = _("Cuộc thi tìm hiểu CCHC")

    def ready(self) -> None:
        from cchc.contests.models import Contest, Round
        from cchc.contests.services import round_forget

        for model in (Contest, Round):
            post_save.connect(
                round_forget, sender=model, dispatch_uid=f"round_forget_{model.__name__}"
            )
            post_delete.connect(
                round_forget, sender=model, dispatch_uid=f"round_forget_del_{model.__name__}"
            )
