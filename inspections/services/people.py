"""Who a decision is recorded against."""


def person(user):
    return user if user is not None and getattr(user, "is_authenticated", False) else None
