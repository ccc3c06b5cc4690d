"""Independent recomputation of the book's figures from the vendored record (data/record/).

Each ``test_*`` module here recomputes figures with plain pandas from the vendored files,
without importing the ``sahel`` package, and compares each with the value the committed
notebooks glue under its key. Two implementations that agree are evidence; one implementation
and its last output are not.
"""
