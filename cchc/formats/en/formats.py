"""English formats follow the Vietnamese ones: dd/mm/yyyy for everyone."""

from cchc.formats.vi.formats import *  # noqa: F403
