"""Pure-Python core of BiMediX Desktop: storage, prompts, text direction,
settings and the model catalog. Never imports Qt."""
