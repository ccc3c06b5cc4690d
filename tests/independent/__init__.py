"""Checks that recompute the book's figures from the raw files without importing ``sahel``."""
