"""The pure core: routine catalog, settings value, plan, engine, cues and wording. No I/O."""
