"""Khảo sát sự hài lòng."""
