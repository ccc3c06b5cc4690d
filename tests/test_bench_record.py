"""The bench's record stage reads every registered record file and runs each aggregation."""

from bench import record_cost
from sahel.evidence import record


def test_stage_reads_every_registered_record_file():
    result = record_cost.stage()
    assert result["read"] == sorted(record.load_sources())
    assert set(result["aggregate_s"]) == set(record_cost.AGGREGATIONS)
    assert all(seconds > 0 for seconds in result["aggregate_s"].values())
