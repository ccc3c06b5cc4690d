"""Find verbatim excerpts in a source text.

The only normalisation allowed is collapsing runs of whitespace to one space (a quote copied
from a document may wrap differently); everything else — case, punctuation, curly quotes —
must match exactly.
"""

import re
from dataclasses import dataclass

_SPACE = re.compile(r"\s+")


def collapse(text):
    """Collapse every run of whitespace to a single space and strip the ends."""
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Located:
    """A text with whitespace collapsed, and a map back to offsets in the original."""

    original: str
    collapsed: str
    offsets: tuple

    @classmethod
    def of(cls, text):
        chars, offsets, pending_space = [], [], False
        for i, ch in enumerate(text):
            if ch.isspace():
                pending_space = bool(chars)
                continue
            if pending_space:
                chars.append(" ")
                offsets.append(i - 1)
                pending_space = False
            chars.append(ch)
            offsets.append(i)
        return cls(text, "".join(chars), tuple(offsets))

    def find(self, excerpt, start=0):
        """Return the (start, end) span of ``excerpt`` in the original text, or None."""
        needle = collapse(excerpt)
        if not needle:
            return None
        at = self.collapsed.find(needle, start)
        if at < 0:
            return None
        return self.offsets[at], self.offsets[at + len(needle) - 1] + 1

    def find_all(self, excerpt):
        """Every (start, end) span of ``excerpt`` in the original text."""
        needle, spans, at = collapse(excerpt), [], 0
        while needle:
            at = self.collapsed.find(needle, at)
            if at < 0:
                break
            spans.append((self.offsets[at], self.offsets[at + len(needle) - 1] + 1))
            at += 1
        return spans


def find_token(haystack, token):
    """Offset of ``token`` in ``haystack`` as a whole token (not inside a longer number/word)."""
    match = re.search(rf"(?<![\w]){re.escape(token)}(?![\w])", haystack)
    return match.start() if match else -1
