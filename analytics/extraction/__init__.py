"""Comment-to-proposal extraction: features, models, training and evaluation.

Pure computation (no database, no network). ``pulso.consultation.scoring`` stores what this
scores.
"""

from pulso.analytics.extraction.data import Row, load_seed, read_labelled_csv
from pulso.analytics.extraction.features import FeatureConfig
from pulso.analytics.extraction.model import CommentScore, ExtractionModel
from pulso.analytics.extraction.themes import ThemeInfo
from pulso.analytics.extraction.thresholds import Thresholds
from pulso.analytics.extraction.training import LexiconBaseline, fit

__all__ = [
    "CommentScore",
    "ExtractionModel",
    "FeatureConfig",
    "LexiconBaseline",
    "Row",
    "ThemeInfo",
    "Thresholds",
    "fit",
    "load_seed",
    "read_labelled_csv",
]
