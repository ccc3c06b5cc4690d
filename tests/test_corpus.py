"""The corpus loader: every seed verified, every bad seed refused with its file name."""

import pytest

from sahel.evidence.corpus import load_corpus
from sahel.evidence.errors import (
    SeedDecodeError,
    SeedHashMismatchError,
    SeedMissingError,
    UnregisteredSeedError,
)
from sahel.evidence.registry import describe_file
from tests.conftest import rewrite

SEED = "002_723204da5f45f4f1.txt"


def test_loads_all_registered_seeds():
    corpus = load_corpus()
    assert list(corpus) == ["S000", "S001", "S002", "S003", "S004"]
    assert corpus["S000"].text.startswith("Norwegian Embassy in Mali to close")
    assert corpus["S000"].words == len(corpus["S000"].text.split())


def test_missing_seed(scratch):
    registry, seeds = scratch
    (seeds / SEED).unlink()
    with pytest.raises(SeedMissingError, match=rf"{SEED}: registered as S002 .* missing"):
        load_corpus(registry, seeds)


def test_altered_seed(scratch):
    registry, seeds = scratch
    rewrite(seeds / SEED, "Resolution 2690", "Resolution 2691")
    with pytest.raises(
        SeedHashMismatchError, match=rf"{SEED}: sha256 is [0-9a-f]{{64}}, the registry"
    ):
        load_corpus(registry, seeds)


def test_seed_that_is_not_utf8(scratch):
    registry, seeds = scratch
    path = seeds / SEED
    old = describe_file(path)
    path.write_bytes(path.read_bytes().replace(b"Blue Helmets", b"Blue\xe9Helmets"))
    new = describe_file(path)
    rewrite(registry, f"{old[0]},{old[1]}", f"{new[0]},{new[1]}")
    with pytest.raises(SeedDecodeError, match=rf"{SEED}: line \d+: not valid UTF-8 .* at byte \d+"):
        load_corpus(registry, seeds)


def test_unregistered_file_in_seeds(scratch):
    registry, seeds = scratch
    (seeds / "005_new.txt").write_text("A new document nobody registered.", encoding="utf-8")
    with pytest.raises(UnregisteredSeedError, match=r"005_new\.txt: in seeds/ but not registered"):
        load_corpus(registry, seeds)
