"""Thủ tục hành chính."""
