"""The evidence engine: what the book may say, and the proof that the sources say it.

Pipeline, in order: ``registry`` (the sources, their sha256 and dates) → ``corpus`` (the seed
texts, loaded only through the registry) → ``quantities`` and ``textmatch`` (reading numbers and
dates as written, finding quotes verbatim; ``numberwords`` reads numbers written in words) →
``claims`` (the ledger, every quote verified) → ``coverage`` (every number in a source, in
digits or in words, claimed or excluded). ``tables`` is the
strict CSV reader and atomic writer every loader uses; ``errors`` names what can go wrong;
``geo`` reads the vendored map geometry after checking its sha256.
"""
