import pytest

from pulso.analytics.totals import UniqueCountError, sum_metric, sum_of_post_reach, total


def test_additive_metrics_are_summed_skipping_missing_values():
    assert sum_metric("shares", [116, 0, None, 2]) == 118


@pytest.mark.parametrize(
    "metric", ["reach", "video_viewers", "paid_reach", "post_impressions_unique"]
)
def test_unique_counts_are_never_summed(metric):
    with pytest.raises(UniqueCountError):
        sum_metric(metric, [174, 147])
    with pytest.raises(UniqueCountError):
        total(metric, [174, 147])


def test_explicit_flag_overrides_registry():
    with pytest.raises(UniqueCountError):
        sum_metric("people", [1, 2], is_unique=True)


def test_sum_of_post_reach_is_labelled():
    result = sum_of_post_reach([174, 147, None])
    assert result.value == 321
    assert result.method == "sum_of_post_reach"
    assert sum_of_post_reach([None]).value is None
