"""Drafting: formats, prompts as files, the model and the offline composer, the grounding check."""
