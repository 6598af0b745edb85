"""Facebook: the Graph API collector and the Meta Business Suite export importer."""

from collectors.facebook.collector import FacebookCollector, FacebookOptions, collect_facebook
from collectors.facebook.export import read_export

__all__ = ["FacebookCollector", "FacebookOptions", "collect_facebook", "read_export"]
