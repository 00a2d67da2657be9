"""BiMediX Desktop: offline bilingual medical chat through llama.cpp."""

__version__ = "0.1.0"
