"""The fast text matching behaves exactly like the plain definitions it replaced."""

import random
import re
from dataclasses import dataclass

import pytest

from sahel import paths
from sahel.evidence import coverage, textmatch
from sahel.evidence.corpus import load_corpus

WHITESPACE = (" ", "\n", "\t", "\r\n", "  ", "\u00a0", "\u2009", "\u3000", "\x1c")
PIECES = ("a", "b", "é", "1", "٣", ",", "_", "-", *WHITESPACE)


@dataclass(frozen=True)
class Reference:
    """The character-by-character definition: collapsed text and one offset per character."""

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
        return cls("".join(chars), tuple(offsets))

    def find_all(self, excerpt):
        needle = re.sub(r"\s+", " ", excerpt).strip()
        spans, at = [], 0
        while needle:
            at = self.collapsed.find(needle, at)
            if at < 0:
                break
            spans.append((self.offsets[at], self.offsets[at + len(needle) - 1] + 1))
            at += 1
        return spans


def texts():
    rng = random.Random(20260101)
    samples = [p.read_text(encoding="utf-8") for p in sorted(paths.SEEDS.iterdir())]
    samples += ["", " ", "\n\n", "  a", "a  ", " a  b\n\n c ", "x\ny", "\u00a0\u00a0z\u3000"]
    samples += [
        "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40))) for _ in range(3000)
    ]
    return samples


def test_located_matches_the_character_by_character_definition():
    rng = random.Random(7)
    for text in texts():
        fast, slow = textmatch.Located.of(text), Reference.of(text)
        assert fast.collapsed == slow.collapsed == textmatch.collapse(text), repr(text)
        assert fast.offsets == slow.offsets, repr(text)
        for _ in range(3):
            i = rng.randint(0, len(text))
            excerpt = text[i : i + rng.randint(1, 12)]
            expected = slow.find_all(excerpt)
            assert fast.find_all(excerpt) == expected, (repr(text), repr(excerpt))
            assert fast.find(excerpt) == (expected[0] if expected else None)


@pytest.mark.parametrize("token", ["1", "a", "1,", "-1", "_", "é1", ""])
def test_find_token_matches_the_regex_definition(token):
    rng = random.Random(token)
    for _ in range(4000):
        haystack = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 15)))
        match = re.search(rf"(?<![\w]){re.escape(token)}(?![\w])", haystack)
        assert textmatch.find_token(haystack, token) == (match.start() if match else -1)


def test_digit_tokens_are_the_whitespace_runs_holding_a_digit():
    for text in texts():
        expected = [(*m.span(), m.group()) for m in re.finditer(r"\S*\d\S*", text)]
        assert coverage.digit_tokens(text) == expected, repr(text)


def test_a_document_locates_its_text_once():
    document = load_corpus()["S000"]
    assert document.located is document.located
    assert document.located.original == document.text
