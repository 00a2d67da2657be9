"""Medical benchmark evaluation (pure Python, no Qt): items, prompts,
log-likelihood and generation scoring, metrics, stored runs, the paper table."""
