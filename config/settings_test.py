"""Test settings: the real settings with TESTING on (fast hashing, no secret needed)."""

import os

os.environ["TESTING"] = "1"

from config.settings import *  # noqa: E402,F403
