"""Cổng thông tin CCHC."""
