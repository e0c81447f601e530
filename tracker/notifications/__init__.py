"""Email notifications: who is told what about an action, at once or in the daily email."""
