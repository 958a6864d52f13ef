from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "cchc.portal"
    label = "portal"
    verbose_name = _("Cổng thông tin CCHC")

    def ready(self) -> None:
        from cchc.orgs.models import Unit
        from cchc.portal.models import Picture, SiteSetting
        from cchc.portal.selectors import forget_site_setting

        # The cached settings row carries its unit and emblem: any change to them drops it.
        for model in (SiteSetting, Picture, Unit):
            post_save.connect(
                forget_site_setting, sender=model, dispatch_uid=f"portal-{model.__name__}-save"
            )
            post_delete.connect(
                forget_site_setting, sender=model, dispatch_uid=f"portal-{model.__name__}-delete"
            )
