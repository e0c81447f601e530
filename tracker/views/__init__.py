"""Pages of the tracker, by subject: parse the request, call one selector or service, render or
redirect. ``common`` holds what they share (``object_for_user`` decides "404 or 403")."""
