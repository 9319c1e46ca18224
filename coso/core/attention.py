"""What needs a user's attention on their home page.

Each part of the system registers a provider: a function ``(user) -> list[Item]``. The home
page shows every item; later parts (visits, placements, programme) add their own providers.
"""

from dataclasses import dataclass

_providers = []


@dataclass
class Item:
    title: str
    url: str = ""
    level: str = "warning"  # bootstrap colour: warning, danger, info
    detail: str = ""


def register(provider):
    _providers.append(provider)
    return provider


def items_for(user):
    items = []
    for provider in _providers:
        items.extend(provider(user))
    return items
