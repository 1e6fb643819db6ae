"""Constants shared by the inspector tests and their fixture (personal data to hunt for)."""

from __future__ import annotations

from dataclasses import dataclass

from tests.fakes.files import jpeg

SECRET_NAME = "Айгерим Нұрланова"
SECRET_IIN = "880315400128"
SECRET_ADDRESS = "Алматы, Абай к-сі 1, 2 пәтер"
SECRET_PHONE = "+77005551234"
INJECTIONS = ("=HYPERLINK(\"http://evil\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR")
JPEG = jpeg((10, 120, 60))
OTHER_JPEG = jpeg((200, 200, 30))



@dataclass
class Seeded:
    url: str
    named_code: str
    anonymous_code: str
    duplicate_codes: tuple[str, str]
    injection_code: str
