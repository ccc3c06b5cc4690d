"""The Sahel report: load, verify and analyse the source documents behind the book."""

__all__ = ["paths", "errors", "registry", "corpus"]
