"""X (Twitter) API v2: posts, metrics over time and replies; X Analytics export import.

Only ``collectors.x.adapter`` imports tweepy.
"""

from pulso.collectors.x.adapter import XClient
from pulso.collectors.x.collector import REFRESH_SCHEDULE, XCollector, XConfig
from pulso.collectors.x.export import read_export

__all__ = [
    "REFRESH_SCHEDULE",
    "XClient",
    "XCollector",
    "XConfig",
    "read_export",
]
