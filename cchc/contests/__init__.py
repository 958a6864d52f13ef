"""Cuộc thi tìm hiểu CCHC."""
