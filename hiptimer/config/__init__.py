"""The user's files: paths, TOML reading and safe writing, settings and routine files."""
