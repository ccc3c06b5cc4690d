"""Who a source gives a quotation to: a person only when the source attributes it, else the
publisher.

The rule: a passage is a person's words only if, in the source's own paragraph, it stands
inside quotation marks (‘…’, “…”, «…» or "…") and that paragraph attributes the quotation with
a verb of saying ("said X", "X stated", "added X", "X declared", "according to X"). Anything
else — the publisher's own sentences, or reported speech without quotation marks — is the
publisher's. The speaker is returned as the source names him or her ("Ms Huitfeldt").
"""

import re

from sahel.evidence.errors import SahelInputError
from sahel.evidence.textmatch import collapse

_PAIRS = {"‘": "’", "“": "”", "«": "»", '"': '"'}
_NAME = r"((?:(?:Ms|Mr|Dr)\.? |the )?[A-Z][\w’'.-]*(?: (?:of |to |the )*[A-Z][\w’'.-]*)*)"
_VERBS = r"(?:said|stated|added|declared)"
_AFTER = re.compile(rf"[,’”»\"]\s*{_VERBS} {_NAME}")  # ‘…,’ said Minister … Huitfeldt
_AFTER_LOWER = re.compile(rf"[,’”»\"]\s*{_VERBS} (the \w+ [a-z]+)")  # », added the Malian diplomat
_TRAILING = re.compile(rf"[’”»\"],? {_NAME} {_VERBS}\b")  # », Ambassador … Konfourou declared
_BEFORE = re.compile(rf"(?:^|\. ){_NAME}(?:, [^,]+,)? {_VERBS}\b[^«“‘\"]*[«“‘\"]")
_ACCORDING = re.compile(rf"According to {_NAME}, [«“‘\"]")


class AttributionError(SahelInputError):
    """A passage is not in its source, so no one can be given it."""


def paragraph(text, excerpt):
    """The source's paragraph (line) holding ``excerpt`` (whitespace collapsed)."""
    want = collapse(excerpt)
    for line in text.splitlines():
        if want in collapse(line):
            return collapse(line)
    raise AttributionError(f"passage not found in one paragraph of the source: {excerpt!r}")


def quoted(para, excerpt):
    """True if ``excerpt`` lies inside a pair of quotation marks in ``para``."""
    start = para.index(collapse(excerpt))
    end = start + len(collapse(excerpt))
    for open_, close in _PAIRS.items():
        before = para.rfind(open_, 0, start + 1)
        if before == -1:
            continue
        after = para.find(close, max(end - 1, before + 1))
        closed_between = para.find(close, before + 1, start) if open_ != close else -1
        if after != -1 and closed_between == -1:
            return True
    return False


def named_speaker(para):
    """The person a paragraph attributes its quotation to, or None."""
    for pattern in (_AFTER_LOWER, _AFTER, _TRAILING, _ACCORDING, _BEFORE):
        if match := pattern.search(para):
            return match.group(1).rstrip(".")
    return None


def people(text):
    """Every person a text attributes a quotation to, as named (one per paragraph at most)."""
    return {p for line in text.splitlines() if (p := named_speaker(collapse(line)))}


def speaker(text, excerpt, publisher):
    """Who the source gives ``excerpt`` to: the person it attributes the quotation to, or the
    ``publisher`` when the passage is not a quotation attributed in its paragraph."""
    para = paragraph(text, excerpt)
    if quoted(para, excerpt) and (person := named_speaker(para)):
        return person
    return publisher


_PROSE_QUOTE = re.compile(r"“([^”]+)”")


def _sentences(markdown):
    return [
        sentence
        for para in re.split(r"\n\s*\n", markdown)
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-Z{])", collapse(para))
    ]


def misattributions(markdown, corpus):
    """Quotations in a chapter's prose attributed to someone the source does not give them to.

    For each “…” in ``markdown`` found verbatim in a source: if the source gives it to a
    person, the prose sentence must name that person (by the last word of the name); if it
    gives it to the publisher, the words leading up to it (from the sentence's start or the
    previous quotation) must name no person that source quotes. Returns the problems found.
    """
    problems = []
    for sentence in _sentences(markdown):
        previous = 0
        for match in _PROSE_QUOTE.finditer(sentence):
            lead, previous = sentence[previous : match.start()], match.end()
            found = [d for d in corpus.values() if collapse(match.group(1)) in d.located.collapsed]
            if not found:
                continue
            doc = found[0]
            who = speaker(doc.text, match.group(1), doc.source.publisher)
            names = {p.split()[-1] for p in people(doc.text)}
            if who != doc.source.publisher and who.split()[-1] not in sentence:
                problems.append(f"“{match.group(1)}” is {who}'s ({doc.id}), unnamed: {sentence}")
            elif who == doc.source.publisher and (wrong := [n for n in names if n in lead]):
                problems.append(
                    f"“{match.group(1)}” is the publisher's ({doc.source.publisher}, {doc.id}), "
                    f"but the prose gives it to {', '.join(sorted(wrong))}: {sentence}"
                )
    return problems
