"""The workout history in SQLite: the schema and its migrations, session queries, the recorder."""
