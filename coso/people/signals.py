"""What other parts of the project are told when persons change, inside the change's transaction.

People knows nothing of the parts that keep figures per unit (the programme's results summary):
they listen here, so that a member's move is counted where the member now is (and a new name
sorted where it now belongs) in the same commit.
"""

from django.dispatch import Signal

# Members moved between units: sent with ``unit_ids``, the units they left and joined.
members_moved = Signal()
# A person's name changed: sent with ``person`` (its new ``sort_key``).
person_renamed = Signal()
