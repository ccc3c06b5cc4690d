"""The rule that no number is typed into prose: digits reach the page only through glue.

One home for it: the prose scan of ``book/*.md`` and the notebooks' markdown
(``tests/test_prose_numbers.py``) and the checks of captions kept as data (``sahel.content``)
call :func:`typed_numbers`. Roles and directives that carry no typed number (glue, cite,
numref, ref, download, labels, directive options) are removed first; whatever digit remains
must be in the short allow-list. Number words count as numbers: the words the coverage scan
counts in the sources (``sahel.evidence.numberwords``: "two", "first", "a decade", "last year",
a weekday or a month named alone) are typed numbers in prose too.
"""

import re

from sahel.evidence.numberwords import word_tokens

ALLOWED = {
    "sha256": "name of the hash algorithm",
    "UTF-8": "name of the text encoding",
    "G5": "name of the G5 Sahel organisation",
}
ALLOWED_TERMS = {
    "one-sided": "UCDP's name for a type of violence (one-sided violence), not a count",
    "USD million": "the unit of the OECD's aid tables, not a count",
}
_TERMS = re.compile(r"\b(?:" + "|".join(map(re.escape, ALLOWED_TERMS)) + r")\b", re.I)
_ROLE = re.compile(
    r"\{(glue|glue:text|glue:md|cite|cite:p|cite:t|numref|ref|download|doc)\}`[^`]*`"
)
_CODE = re.compile(r"`[^`]*`")
_LABEL = re.compile(r"^\([\w-]+\)=\s*$", re.M)
_FENCE = re.compile(r"^(`{3,}|:{3,})\{[\w:-]+\}.*$", re.M)
_OPTION = re.compile(r"^:(name|format|alt|width|align|figwidth|class):.*$", re.M)
_DIGIT_TOKEN = re.compile(r"[\w.-]*\d(?:[\w.-]|,\d)*")


def typed_numbers(text):
    """Digit-bearing tokens left in prose once glue, roles, code and directive syntax are gone."""
    for pattern in (_ROLE, _LABEL, _FENCE, _OPTION):
        text = pattern.sub(" ", text)
    text = re.sub(r"^```bash$.*?^```$", " ", text, flags=re.M | re.S)
    text = _CODE.sub(" ", text)
    digits = [t for t in _DIGIT_TOKEN.findall(text) if t.strip(".-") not in ALLOWED]
    text = _TERMS.sub(" ", text)
    return digits + [words for _, _, words in word_tokens(text)]
