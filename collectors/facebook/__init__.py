"""Facebook: the Graph API collector and the Meta Business Suite export importer."""

from pulso.collectors.facebook.collector import FacebookCollector, FacebookOptions
from pulso.collectors.facebook.export import read_export

__all__ = ["FacebookCollector", "FacebookOptions", "read_export"]
