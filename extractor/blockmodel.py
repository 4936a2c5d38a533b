"""The learned block classifier (scikit-learn), loaded from models/ when present."""
from __future__ import annotations


def load_default():
    return None
