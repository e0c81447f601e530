"""A finding's judgement area in the tracker: a manager confirms or changes the area
suggested at import (``services.set_judgement_area``), on the finding's page or, for many
findings at once, from the findings list."""
