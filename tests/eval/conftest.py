"""The embedded SmolLM2 loaded once for the evaluation tests, as a scorer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bimedix.eval.loglik import LlamaLoglikelihood
from bimedix.models.catalog import embedded_model_path


@pytest.fixture(scope="session")
def scorer() -> Iterator[LlamaLoglikelihood]:
    model = LlamaLoglikelihood(embedded_model_path(), n_ctx=1024)
    yield model
    model.close()


@pytest.fixture
def fresh_scorer(scorer: LlamaLoglikelihood) -> Iterator[LlamaLoglikelihood]:
    """The shared scorer with prefix reuse on and its counters reset."""
    scorer.reuse_prefix = True
    scorer.tokens_evaluated = 0
    yield scorer
    scorer.reuse_prefix = True
