"""The reference list is labelled and sorted author-year, like the citations."""

from pybtex.database import parse_file
from pybtex.plugin import find_plugin

import sahel.sphinxext  # noqa: F401  (registers the style)
from sahel import paths


def test_reference_list_labels_and_order():
    entries = parse_file(paths.BOOK / "references.bib").entries.values()
    style = find_plugin("pybtex.style.formatting", "authoryear")()
    ordered = list(style.sort(entries))
    labels = list(style.format_labels(ordered))
    assert labels == sorted(labels, key=str.lower)
    assert "Okalamar, 2023" in labels and "Wikipedia contributors, n.d." in labels
    assert not any("{" in label for label in labels)
