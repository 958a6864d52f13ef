"""Schedules: read the timing phrases of plans into due dates."""
