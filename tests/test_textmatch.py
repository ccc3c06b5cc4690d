"""The fast text matching behaves exactly like the plain definitions it replaced."""

import re
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


SEEDS = tuple(p.read_text(encoding="utf-8") for p in sorted(paths.SEEDS.iterdir()))
EDGES = ("", " ", "\n\n", "  a", "a  ", " a  b\n\n c ", "x\ny", "\u00a0\u00a0z\u3000")
# Short texts made of the pieces that matter: letters, digits (Arabic-Indic too), punctuation
# next to tokens and every kind of whitespace. Hypothesis shrinks a failure to its smallest text.
TEXTS = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join)
HAYSTACKS = st.lists(st.sampled_from(PIECES), max_size=15).map("".join)


def assert_located_like_reference(text, excerpts):
    fast, slow = textmatch.Located.of(text), Reference.of(text)
    assert fast.collapsed == slow.collapsed == textmatch.collapse(text), repr(text)
    assert fast.offsets == slow.offsets, repr(text)
    for excerpt in excerpts:
        expected = slow.find_all(excerpt)
        assert fast.find_all(excerpt) == expected, (repr(text), repr(excerpt))
        assert fast.find(excerpt) == (expected[0] if expected else None)


@pytest.mark.parametrize("text", SEEDS + EDGES)
def test_located_matches_the_definition_on_the_seeds_and_edge_cases(text):
    starts = (0, len(text) // 3, len(text) // 2, max(len(text) - 5, 0))
    assert_located_like_reference(text, [text[i : i + n] for i in starts for n in (1, 5, 12)])


@settings(max_examples=400)
@given(text=TEXTS, data=st.data())
def test_located_matches_the_character_by_character_definition(text, data):
    excerpts = []
    for _ in range(3):
        i = data.draw(st.integers(0, len(text)), label="start")
        excerpts.append(text[i : i + data.draw(st.integers(1, 12), label="length")])
    assert_located_like_reference(text, excerpts)


@settings(max_examples=400)
@given(token=st.sampled_from(["1", "a", "1,", "-1", "_", "é1", ""]), haystack=HAYSTACKS)
def test_find_token_matches_the_regex_definition(token, haystack):
    match = re.search(rf"(?<![\w]){re.escape(token)}(?![\w])", haystack)
    assert textmatch.find_token(haystack, token) == (match.start() if match else -1)


def assert_digit_tokens_are_the_whitespace_runs_holding_a_digit(text):
    expected = [(*m.span(), m.group()) for m in re.finditer(r"\S*\d\S*", text)]
    assert coverage.digit_tokens(text) == expected, repr(text)


@pytest.mark.parametrize("text", SEEDS + EDGES)
def test_digit_tokens_on_the_seeds_and_edge_cases(text):
    assert_digit_tokens_are_the_whitespace_runs_holding_a_digit(text)


@settings(max_examples=400)
@given(text=TEXTS)
def test_digit_tokens_are_the_whitespace_runs_holding_a_digit(text):
    assert_digit_tokens_are_the_whitespace_runs_holding_a_digit(text)


def test_a_document_locates_its_text_once():
    document = load_corpus()["S000"]
    assert document.located is document.located
    assert document.located.original == document.text
