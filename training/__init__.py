"""The BiMediX training pipeline (`bimedix-train`, extra `[train]`).

Bilingual medical data → LoRA/QLoRA of attention, experts and router →
merged model → GGUF → quantised file the desktop app loads. torch,
transformers and PEFT are imported inside the functions that need them, so
importing this package (or the app) never pays for them.
"""
