"""Line mode: one line per event, for screen readers, pipes and logs."""
