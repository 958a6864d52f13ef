#!/usr/bin/env python
"""Run the ``cchc`` command from a checkout without installing it."""

from cchc.__main__ import main

if __name__ == "__main__":
    main()
