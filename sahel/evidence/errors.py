"""Exceptions for bad input. Each message names the file and what is wrong with it."""


class SahelInputError(Exception):
    """Base class: an input file is missing, altered or malformed."""


class RegistryError(SahelInputError):
    """``data/sources.csv`` is malformed (bad row, duplicate id, missing column)."""


class DuplicateIdError(SahelInputError):
    """Two rows of a table (registry, ledger, …) share an id."""


class InputFileError(SahelInputError):
    """An input file breaks the rules every input file follows (``sahel.evidence.inputfiles``):
    a link out of its folder, not a regular file, empty, not UTF-8 text, control characters."""


class SeedMissingError(SahelInputError):
    """A registered seed file is not in ``seeds/``."""


class SeedPathError(InputFileError):
    """A registered seed is a directory or a link to a file outside ``seeds/``."""


class SeedHashMismatchError(SahelInputError):
    """A seed's bytes no longer match the sha256 the registry recorded."""


class SeedDecodeError(InputFileError):
    """A seed is not text as every input file must be: empty, not valid UTF-8, a byte-order
    mark, a NUL or other control character."""


class UnregisteredSeedError(SahelInputError):
    """A file in ``seeds/`` has no row in the registry."""


class CheckoutMismatchError(SahelInputError):
    """The book is built (or a notebook run) in one checkout with another checkout's package."""
