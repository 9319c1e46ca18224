from coso.accounts import scoping


def scope(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "user_roles": sorted(scoping.roles(user)),
        "is_system_admin": scoping.is_system_admin(user),
        "can_manage_users": scoping.holds(user, scoping.MANAGE_USERS),
        # Work areas (visits, field training, cadre work, imports) are for officers.
        "is_officer": scoping.holds(user, scoping.VIEW),
        "can_record_visits": scoping.holds(user, scoping.RECORD_VISITS) or scoping.holds(user, scoping.MANAGE_VISITS),
    }
