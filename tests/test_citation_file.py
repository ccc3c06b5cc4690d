"""CITATION.cff is valid Citation File Format 1.2.0 and says what LICENSE says.

The schema is the one the CFF project publishes (vendored in tests/fixtures/, as shipped in
cffconvert 2.0.0's wheel, ``cffconvert/schemas/1.2.0/schema.json``); it is checked with the
jsonschema package the book's stack already installs, so nothing is fetched.
"""

import json

import jsonschema
import pytest
import yaml

from sahel import paths

SCHEMA = paths.ROOT / "tests" / "fixtures" / "citation-file-format-1.2.0.schema.json"


def problems(document):
    """Every schema violation of a parsed CITATION.cff, as readable lines."""
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
        for e in validator.iter_errors(document)
    ]


def load(text):
    # CFF dates are strings to the schema; YAML would read 2026-12-07 as a date object.
    return yaml.load(text, Loader=yaml.BaseLoader)


def test_citation_file_is_valid_cff():
    document = load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert problems(document) == []
    assert document["cff-version"] == "1.2.0"


def test_citation_licences_match_the_licence_file():
    document = load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    licence = (paths.ROOT / "LICENSE").read_text(encoding="utf-8")
    assert set(document["license"]) == {"MIT", "CC-BY-4.0"}
    assert "MIT License" in licence and "CC BY 4.0" in licence


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda d: d.pop("title"), "'title' is a required property"),
        (lambda d: d.update({"license": ["Not-A-Licence"]}), "Not-A-Licence"),
        (lambda d: d.update({"date-released": "7 December 2026"}), "7 December 2026"),
        (lambda d: d.update({"authors": []}), "authors"),
    ],
    ids=["no title", "unknown licence", "date not ISO", "no author"],
)
def test_a_broken_citation_file_fails(edit, message):
    document = load((paths.ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    edit(document)
    found = problems(document)
    assert found and any(message in line for line in found), found
