"""CCHC: plan, run, track and report communication work on administrative reform."""
