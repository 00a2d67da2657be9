"""Side-by-side compare: several models answer the same prompt, each through
its own `ChatController`; a blind mode hides which is which until the tester
votes (votes in `bimedix.core.compare_votes`)."""
