"""Every glued figure the book counts from a record dataset is recomputed here: a new figure
glued with a query on a dataset fails until a test in this folder names its key."""

from pathlib import Path

import pytest

from tests.independent import glued

HERE = Path(__file__).resolve().parent


def named_in_tests():
    """Glue keys recomputed by this folder's ``test_record_figures_*`` modules (``FIGURES``),
    and those quoted in its other test modules (``"key"``, the chapters' own)."""
    import importlib

    ours = {"hc_seed_positions"}  # checked date by date in test_record_figures_un.py
    for path in HERE.glob("test_record_figures_*.py"):
        module = importlib.import_module(f"tests.independent.{path.stem}")
        ours |= set(getattr(module, "FIGURES", {}))
    text = "\n".join(p.read_text("utf-8") for p in HERE.glob("test_*.py"))
    return ours | {key for key in glued.bundles() if f'"{key}"' in text}


def test_every_dataset_figure_is_recomputed():
    keys = glued.dataset_keys()
    assert len(keys) >= 46  # UN fatalities 22, UCDP 10, DAC 6, Geo-PKO 8 on 7 December 2026
    missing = sorted(set(keys) - named_in_tests())
    assert missing == [], f"no independent recomputation of {missing}"


def test_every_glued_key_has_one_value_across_notebooks():
    for key in glued.dataset_keys():
        glued.text(key)  # raises if two notebooks glue the same key with different values


@pytest.mark.parametrize(
    ("module", "one", "other"),
    [
        ("test_record_figures_un", "hc_illness", "hc_accident"),
        ("test_record_figures_ucdp", "conf_before", "conf_last_year"),
        ("test_record_figures_dac", "aid_host_low", "aid_host_high"),
        ("test_record_figures_geopko", "pko_first_year", "pko_last_year"),
    ],
)
def test_values_glued_under_each_others_keys_fail(monkeypatch, module, one, other):
    """The checks fail on committed notebooks whose two values swapped keys."""
    import importlib

    tests = importlib.import_module(f"tests.independent.{module}")
    real = glued.bundles()
    swapped = {**real, one: real[other], other: real[one]}
    monkeypatch.setattr(glued, "bundles", lambda: swapped)
    for key in (one, other):
        with pytest.raises(AssertionError):
            tests.test_glued_value_is_the_recomputed_one(key)
