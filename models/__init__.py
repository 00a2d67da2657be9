"""Data only: the catalog of known models (`catalog.json`), shipped inside the
package as `bimedix.models`. Local *.gguf files dropped here are git-ignored."""
