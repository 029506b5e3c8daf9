"""The workout history: SQLite schema, queries, week statistics and the recorder."""
