"""Attribution verified by code: a quotation is a person's only when the source says so."""

import json

import pytest

from sahel import paths
from sahel.evidence import attribution


def publisher(corpus, sid):
    return corpus[sid].source.publisher


def test_the_ministrys_own_sentence_is_the_ministrys(corpus):
    text = corpus["S000"].text
    ministry = publisher(corpus, "S000")
    assert attribution.speaker(text, "When the UN mission ends", ministry) == ministry
    said = attribution.speaker(text, "We therefore have to find other ways", ministry)
    assert said == "Minister of Foreign Affairs Anniken Huitfeldt"
    assert attribution.speaker(text, "does not mean that Norway", ministry) == "Ms Huitfeldt"


def test_reported_speech_without_quotation_marks_is_the_publishers(corpus):
    # "…, according to her statement." with no quotation marks: the magazine's words
    text = corpus["S003"].text
    tdi = publisher(corpus, "S003")
    assert attribution.speaker(text, "The symbolic ceremony signifies", tdi) == tdi


def test_quotations_attributed_before_after_and_by_according_to(corpus):
    text, pub = corpus["S002"].text, publisher(corpus, "S002")
    assert attribution.speaker(text, "MINUSMA seems to become part", pub) == "Diop"
    assert attribution.speaker(text, "has certainly not achieved", pub).endswith("Konfourou")
    envoy = attribution.speaker(text, "which terminates the mandate of MINUSMA as of June 30", pub)
    assert envoy.endswith("Konfourou")
    with pytest.raises(attribution.AttributionError):
        attribution.speaker(text, "a sentence in no source", pub)


def test_a_misattribution_in_prose_fails(corpus):
    wrong = (
        "Norway's foreign minister, Anniken Huitfeldt, linked the closure to the mission's end: "
        "“When the UN mission ends, it will become more difficult to maintain normal diplomatic "
        "activity in the country”."
    )
    assert attribution.misattributions(wrong, corpus)
    right = (
        "The ministry linked the closure to the mission's end: “When the UN mission ends, it "
        "will become more difficult to maintain normal diplomatic activity in the country”."
    )
    assert attribution.misattributions(right, corpus) == []
    unnamed = "Someone said “We therefore have to find other ways to follow up our interests”."
    assert attribution.misattributions(unnamed, corpus)


@pytest.mark.parametrize("notebook", sorted(paths.ROOT.glob("notebooks/*.ipynb")), ids=str)
def test_chapters_attribute_every_quotation_as_the_source_does(notebook, corpus):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    prose = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert attribution.misattributions(prose, corpus) == []
