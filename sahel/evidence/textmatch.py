"""Find verbatim excerpts in a source text.

The only normalisation allowed is collapsing runs of whitespace to one space (a quote copied
from a document may wrap differently); everything else — case, punctuation, curly quotes —
must match exactly.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_LONG_SPACE = re.compile(r"\s{2,}")


def collapse(text):
    """Collapse every run of whitespace to a single space and strip the ends."""
    # str.split() and str.strip() and re's \s agree on what is whitespace (str.isspace).
    return " ".join(text.split())


@dataclass(frozen=True)
class Located:
    """A text with whitespace collapsed, and a map back to offsets in the original.

    Collapsed position ``j`` maps to ``j + shift`` in the original, where ``shift`` only
    changes at a leading run of whitespace and at runs of two or more whitespace characters
    (a single whitespace character becomes a single space in place). So the map is a short
    list of (collapsed position, shift) steps, found by C-speed regex scans; a collapsed space
    maps to the last whitespace character of its run.
    """

    original: str
    collapsed: str
    steps: tuple = field(default=(), repr=False)  # collapsed positions where the shift changes
    shifts: tuple = field(default=(), repr=False)  # the shift from each of those positions on

    @classmethod
    def of(cls, text):
        collapsed = collapse(text)
        body = text.strip()
        lead = len(text) - len(text.lstrip())
        steps, shifts, shift = [], [], lead
        if lead:
            steps.append(0)
            shifts.append(lead)
        if len(body) > len(collapsed):  # some run inside the text is longer than one character
            for run in _LONG_SPACE.finditer(text, lead, lead + len(body)):
                steps.append(run.start() - shift)
                shift += run.end() - run.start() - 1
                shifts.append(shift)
        return cls(text, collapsed, tuple(steps), tuple(shifts))

    def _original(self, j):
        """Offset in the original text of collapsed position ``j``."""
        k = bisect_right(self.steps, j) - 1
        return j + (self.shifts[k] if k >= 0 else 0)

    @property
    def offsets(self):
        """For every collapsed position, its offset in the original text."""
        return tuple(self._original(j) for j in range(len(self.collapsed)))

    def _span(self, at, length):
        return self._original(at), self._original(at + length - 1) + 1

    def find(self, excerpt, start=0):
        """Return the (start, end) span of ``excerpt`` in the original text, or None."""
        needle = collapse(excerpt)
        if not needle:
            return None
        at = self.collapsed.find(needle, start)
        if at < 0:
            return None
        return self._span(at, len(needle))

    def find_all(self, excerpt):
        """Every (start, end) span of ``excerpt`` in the original text."""
        needle, spans, at = collapse(excerpt), [], 0
        while needle:
            at = self.collapsed.find(needle, at)
            if at < 0:
                break
            spans.append(self._span(at, len(needle)))
            at += 1
        return spans


def _is_word(ch):
    """Whether ``ch`` is a word character as re's ``\\w`` defines it for str patterns."""
    return ch.isalnum() or ch == "_"


def find_token(haystack, token):
    """Offset of ``token`` in ``haystack`` as a whole token (not inside a longer number/word).

    The same as searching ``(?<!\\w)TOKEN(?!\\w)``, without compiling a pattern per token.
    """
    end = len(token)
    at = haystack.find(token)
    while at >= 0:
        before = haystack[at - 1] if at else ""
        after = haystack[at + end : at + end + 1]
        if not (before and _is_word(before)) and not (after and _is_word(after)):
            return at
        at = haystack.find(token, at + 1)
    return -1
