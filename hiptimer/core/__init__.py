"""The pure core: catalog, settings value, plan, engine, cues, history records, wording. No I/O."""
