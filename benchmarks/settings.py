"""The production settings plus one URL: a bare view to compare every page's throughput with."""

from laget.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
