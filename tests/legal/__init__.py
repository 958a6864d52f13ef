"""Tests for the legal capability."""
