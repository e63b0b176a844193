"""Names in the reader's language: English where the data has it, Thai otherwise."""

from __future__ import annotations

from django.utils import translation


def pick_name(name_th: str, name_en: str) -> str:
    """`name_en` in English when it is filled, `name_th` in Thai and as the fallback."""
    if name_en and translation.get_language() == "en":
        return name_en
    return name_th


class DisplayName:
    """For models with `name_th` and `name_en`: units, provinces, districts, departments."""

    name_th: str
    name_en: str

    @property
    def display_name(self) -> str:
        return pick_name(self.name_th, self.name_en)
