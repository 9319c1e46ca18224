"""What other parts of the project are told when the tree changes, inside the change's transaction.

The org app knows nothing of the rows that keep a unit's ancestors (the persons' and the trips'
province and district): they listen here.
"""

from django.dispatch import Signal

# A unit's place above its subtree changed (it moved, or its level did): sent with ``unit``,
# after the persons of the subtree were given their new province and district.
subtree_moved = Signal()
