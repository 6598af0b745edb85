"""Comment-to-proposal extraction: features, models, training and evaluation.

Pure computation (no database, no network). ``db/review.py`` stores what this scores.
"""

from analytics.extraction.data import Row, load_seed, read_labelled_csv
from analytics.extraction.features import FeatureConfig
from analytics.extraction.model import CommentScore, ExtractionModel
from analytics.extraction.themes import ThemeInfo
from analytics.extraction.training import LexiconBaseline, fit

__all__ = [
    "CommentScore",
    "ExtractionModel",
    "FeatureConfig",
    "LexiconBaseline",
    "Row",
    "ThemeInfo",
    "fit",
    "load_seed",
    "read_labelled_csv",
]
