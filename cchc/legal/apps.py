from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "cchc.legal"
    label = "legal"
    verbose_name = _("Văn bản, căn cứ pháp lý")
