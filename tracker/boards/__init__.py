"""Board meetings: the record of each improvement board, the pack kept for it, and what
changed since the board before.

``models`` holds the meeting and its kept pack; ``services`` writes (record or change
a meeting, keep its pack); ``selectors`` reads (the meetings a person may see, the
previous meeting, *since the last board*, the count of actions re-dated since each
authority's last board); ``forms`` is the meeting form.
"""
