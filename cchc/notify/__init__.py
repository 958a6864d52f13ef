"""Thông báo và nhắc việc."""
