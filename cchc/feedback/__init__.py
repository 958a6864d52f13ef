"""Phản ánh, kiến nghị."""
