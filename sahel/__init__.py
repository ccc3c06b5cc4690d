"""The Sahel report: load, verify and analyse the source documents behind the book."""
