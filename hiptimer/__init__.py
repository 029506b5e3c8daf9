"""hiptimer: a terminal coach for the hip routine runners do 2-3 times a week."""

__version__ = "0.1.0"
