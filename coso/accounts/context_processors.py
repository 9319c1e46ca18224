from coso.accounts import scoping


def scope(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_roles": sorted(scoping.roles(user)),
        "is_system_admin": scoping.is_system_admin(user),
        "can_manage_users": scoping.holds(user, scoping.MANAGE_USERS),
        "is_officer": scoping.holds(user, scoping.VIEW),
        # The areas in the menu: those the user works in (scoping.AREAS, the same checks the
        # areas' pages make).
        "areas": scoping.areas(user),
        "can_record_visits": scoping.holds(user, scoping.RECORD_VISITS) or scoping.holds(user, scoping.MANAGE_VISITS),
    }
