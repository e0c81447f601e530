"""Correcting the record with a trace: withdrawing evidence, cancelling or superseding an
action, editing or retracting a progress update, restoring a rejected suggestion."""
