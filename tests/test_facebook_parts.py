"""Pure parts of the Facebook collector: metric registry, usage headers, classification."""

from __future__ import annotations

import json

import pytest
import requests

from pulso.collectors.base import Fatal, Retry, RetryPolicy
from pulso.collectors.facebook.adapter import GraphError
from pulso.collectors.facebook.limits import (
    Classifier,
    regain_seconds,
    slowdown_seconds,
    usage_percent,
)
from pulso.collectors.facebook.metrics import InsightSet, registry_for
from pulso.errors import StopCollection
from pulso.sandbox.fake_graph import _parse_fields


@pytest.mark.parametrize(
    ("version", "reach_name"),
    [
        ("v19.0", "post_impressions_unique"),
        ("v23.0", "post_impressions_unique"),
        ("v24.0", "post_total_media_view_unique"),
        ("v25.0", "post_total_media_view_unique"),
        ("v31.0", "post_total_media_view_unique"),
        ("v3.1", "post_impressions_unique"),
    ],
)
def test_registry_per_version(version, reach_name):
    reach = [m.graph for m in registry_for(version) if m.canonical == "reach"]
    assert reach == [reach_name]


def test_insight_values_map_to_canonical_names_and_drop_keeps_the_rest():
    insights = InsightSet.for_version("v25.0")
    data = [
        {"name": "post_total_media_view_unique", "values": [{"value": 174}]},
        {"name": "post_clicks_by_type", "values": [{"value": {"link clicks": 3, "other": 9}}]},
        {"name": "post_video_view_time", "values": [{"value": 84000}]},
        {"name": "not_ours", "values": [{"value": 5}]},
    ]
    assert insights.canonical_values(data) == {
        "reach": 174,
        "link_clicks": 3,
        "video_watch_seconds": 84,
    }
    insights.drop("post_total_media_view_unique", "error 100")
    assert "post_total_media_view_unique" not in insights.names
    assert insights.canonical_values(data) == {"link_clicks": 3, "video_watch_seconds": 84}
    again = InsightSet.for_version("v25.0", insights.dropped)
    assert again.names == insights.names


def test_usage_headers():
    headers = {
        "x-app-usage": json.dumps({"call_count": 12, "total_cputime": 3, "total_time": 4}),
        "x-business-use-case-usage": json.dumps(
            {"123": [{"type": "pages", "call_count": 91, "estimated_time_to_regain_access": 3}]}
        ),
        "x-page-usage": "not json",
    }
    assert usage_percent(headers) == 91
    assert regain_seconds(headers) == 180
    assert regain_seconds({"x-app-usage": headers["x-app-usage"]}) is None
    assert slowdown_seconds(79, 80, 300) == 0
    assert slowdown_seconds(100, 80, 300) == 60
    assert slowdown_seconds(100, 80, 10) == 10


def test_classification():
    classify = Classifier(RetryPolicy(cap_seconds=300))
    assert isinstance(classify(GraphError("x", code=190)), Fatal)
    assert isinstance(classify(GraphError("x", code=613)), Retry)
    assert isinstance(classify(GraphError("x", code=80004)), Retry)
    assert isinstance(classify(GraphError("x", status=429)), Retry)
    assert isinstance(classify(GraphError("x", code=2)), Retry)
    assert isinstance(classify(GraphError("x", code=99, is_transient=True)), Retry)
    assert isinstance(classify(GraphError("x", code=100, status=400)), type(None))
    assert isinstance(classify(requests.ConnectionError()), Retry)
    wait = {"x": json.dumps({"1": [{"estimated_time_to_regain_access": 30}]})}
    with pytest.raises(StopCollection, match="30 min"):
        classify(GraphError("x", code=32, usage=wait))


def test_fake_field_expansion_parser():
    fields = _parse_fields(
        "id,comments.limit(0).summary(true),attachments{media_type,type},insights.metric(a,b)"
    )
    assert fields == [
        ("id", {}, ""),
        ("comments", {"limit": "0", "summary": "true"}, ""),
        ("attachments", {}, "media_type,type"),
        ("insights", {"metric": "a,b"}, ""),
    ]
