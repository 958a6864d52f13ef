"""Tests for the schedule capability."""
