"""What the serve middleware hides, on its own (served end to end in test_serve.py)."""

from __future__ import annotations

from pathlib import Path

from bimedix.cli.serve_privacy import AliasOnlyMiddleware


def scrub(model: str, body: str) -> str:
    middleware = AliasOnlyMiddleware(app=None, model_path=Path(model), alias="bimedix")  # type: ignore[arg-type]
    return middleware.scrub(body.encode()).decode()


def test_path_folder_and_file_name_are_hidden():
    assert scrub("/models/x.gguf", '{"model": "/models/x.gguf"}') == '{"model": "bimedix"}'
    assert scrub("/models/x.gguf", "cannot open /models/other.gguf") == (
        "cannot open <models>/other.gguf"
    )
    assert scrub("/models/x.gguf", '{"dir": "/models"}') == '{"dir": "<models>"}'
    assert scrub("/models/x.gguf", "loaded x.gguf") == "loaded bimedix"


def test_the_apis_own_routes_are_not_mangled():
    # A model folder named like a route must not rewrite the route.
    assert scrub("/models/x.gguf", '"/v1/models"') == '"/v1/models"'
