"""Sound: WAV cues, backends, the fallback ladder and the player."""
