"""The offline composer's parts; `studio.drafting.composer` is its entry point."""
