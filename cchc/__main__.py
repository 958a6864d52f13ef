"""The ``cchc`` command: Django's manage.py under the project's name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    if len(sys.argv) > 1 and sys.argv[1] == "demo":
        # The demo serves plain HTTP on 127.0.0.1 and prints e-mail to the terminal;
        # everything else keeps the production-safe defaults.
        os.environ.setdefault("CCHC_HTTPS", "false")
        os.environ.setdefault("CCHC_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
