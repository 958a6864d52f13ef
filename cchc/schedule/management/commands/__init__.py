"""Management commands of the schedule app."""
