"""bench/mutation.py: how mutmut's exit codes become the score make bench reports."""

from bench import mutation


def test_score_counts_timeouts_as_killed_and_untested_mutants_as_surviving():
    codes = {"a": 1, "b": 3, "c": 36, "d": 0, "e": 33, "f": None, "g": 34}
    counts, share, run = mutation.score(codes)
    assert counts == {"killed": 2, "timeout": 1, "survived": 1, "no tests": 1,
                      "not checked": 1, "skipped": 1}
    assert sorted(run) == ["a", "b", "c", "d", "e"]  # not checked and skipped are not run
    assert share == 3 / 5
    assert mutation.score(codes, selected={"a", "d"})[1] == 1 / 2
    assert mutation.score({"x": None})[1] is None


def test_the_goal_is_met_at_85_percent_and_not_below():
    result = {"subset": [], "score": 0.85}
    assert mutation.goal(result)["met"]
    assert not mutation.goal({**result, "score": 0.8499})["met"]
    assert not mutation.goal({**result, "score": None})["met"]


def test_every_survivor_is_listed_with_its_reason():
    result = {
        "date": "d", "commit": "0" * 40, "subset": ["m.*"], "mutated": ["m.py"],
        "tests": ["tests/t.py"], "mutants": 3, "run": 2, "counts": {"killed": 1, "survived": 1},
        "score": 0.5, "seconds": 10.0,
        "survivors": [{"mutant": "m.x_f__mutmut_1", "status": "survived",
                       "diff": "-    a <= b\n+    a < b", "reason": "unexplained"}],
    }
    text = "\n".join(mutation.readme_lines(result))
    assert "score 50.0% (goal 85%" in text
    assert "| `m.x_f__mutmut_1` | `-    a <= b<br>+    a < b` | unexplained |" in text
    assert mutation.readme_lines(None)[2] == "Not measured: run `make mutation` first."
