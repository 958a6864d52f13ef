from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "cchc.feedback"
    label = "feedback"
    verbose_name = _("Phản ánh, kiến nghị")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from cchc.feedback.models import DeadlineRule, Holiday, UnitSetting
        from cchc.feedback.services import forget_setup
        from cchc.orgs.models import Unit

        # What portal submissions keep in the cache (default desk, deadline rules, holidays).
        for model in (DeadlineRule, Holiday, UnitSetting, Unit):
            post_save.connect(
                forget_setup, sender=model, dispatch_uid=f"fb-setup-save-{model.__name__}"
            )
            post_delete.connect(
                forget_setup, sender=model, dispatch_uid=f"fb-setup-del-{model.__name__}"
            )
