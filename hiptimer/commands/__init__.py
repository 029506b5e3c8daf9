"""The composition root and subcommands: build a run from files, flags, player and history."""
