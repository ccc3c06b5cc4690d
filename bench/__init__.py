"""The benchmark (``make bench``) and the synthetic corpora it measures."""
