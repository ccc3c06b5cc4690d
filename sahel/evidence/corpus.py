"""Load the seed documents, only through the registry, and verify every byte."""

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sahel import paths
from sahel.evidence import inputfiles
from sahel.evidence.errors import (
    SeedDecodeError,
    SeedHashMismatchError,
    SeedMissingError,
    SeedPathError,
    UnregisteredSeedError,
)
from sahel.evidence.registry import Source, load_registry
from sahel.evidence.textmatch import Located


@dataclass(frozen=True)
class Document:
    """A verified seed: its registry entry and its text."""

    source: Source
    text: str

    @property
    def id(self):
        return self.source.id

    @cached_property
    def located(self):
        """The text with whitespace collapsed, for quote look-ups (built once per document)."""
        return Located.of(self.text)

    @property
    def words(self):
        """Number of whitespace-separated tokens."""
        return len(self.text.split())


def read_seed(source, seeds_dir=None):
    """Read one registered seed: the rules of every input file (a regular file in seeds/, not
    empty, UTF-8 text without control characters: ``sahel.evidence.inputfiles``), then its
    sha256 against the registry's."""
    seeds_dir = Path(seeds_dir or paths.SEEDS)
    path = seeds_dir / source.file
    if not path.exists() and not path.is_symlink():
        raise SeedMissingError(
            f"{path}: registered as {source.id} in the registry but missing from seeds/"
        )
    data = inputfiles.read_bytes(path, seeds_dir, SeedPathError)
    digest = hashlib.sha256(data).hexdigest()
    if digest != source.sha256:
        raise SeedHashMismatchError(
            f"{path}: sha256 is {digest}, the registry records {source.sha256} "
            f"for {source.id}; the file was altered (seeds must be byte-identical copies)"
        )
    return Document(source, inputfiles.decode(data, path, SeedDecodeError))


def check_unregistered(sources, seeds_dir=None):
    """Fail on any file in ``seeds/`` that has no registry row."""
    seeds_dir = Path(seeds_dir or paths.SEEDS)
    if not seeds_dir.is_dir():
        raise SeedMissingError(f"{seeds_dir}: missing folder; the registered seeds live there")
    registered = {s.file for s in sources}
    extra = sorted(
        p.name
        for p in seeds_dir.iterdir()
        if not p.name.startswith(".") and p.name not in registered
    )
    if extra:
        raise UnregisteredSeedError(
            f"{seeds_dir / extra[0]}: in seeds/ but not registered in data/sources.csv"
            + (f" (also unregistered: {', '.join(extra[1:])})" if extra[1:] else "")
        )


def load_corpus(registry_path=None, seeds_dir=None):
    """Return ``{source id: Document}`` for every registered seed, all verified."""
    sources = load_registry(registry_path)
    check_unregistered(sources, seeds_dir)
    return {s.id: read_seed(s, seeds_dir) for s in sources}
