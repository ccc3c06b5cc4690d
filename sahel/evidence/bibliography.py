"""The one home of "known bibkeys": the keys the book may cite in data it keeps (captions).

A key is known when a registry names it: a seed's (``data/sources.csv``) or a record file's
(``data/record_sources.csv``). Both registries are read with their own strict loaders.
"""

from sahel.evidence import record
from sahel.evidence.registry import load_registry


def known_bibkeys(sources=None, record_sources=None):
    """``{bibkey: registry id}`` for every seed and every record file that has a bibkey."""
    keys = {s.bibkey: s.id for s in load_registry(sources)}
    for source in record.load_sources(record_sources).values():
        if source.bibkey:
            keys.setdefault(source.bibkey, source.id)
    return keys
