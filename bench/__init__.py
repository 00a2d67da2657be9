"""Performance benchmarks for BiMediX Desktop (`make bench`, `python -m bench`).

Three measurements, all on the embedded model (SmolLM2-135M-Instruct):

* `bench.streaming` - tokens/s through the app's whole pipeline (ChatRunner,
  SQLite, LlamaCppBackend) against a bare llama-cpp-python loop;
* `bench.kv_reuse` - how many prompt tokens each turn of a 10-turn
  conversation really evaluates, i.e. whether the KV cache prefix is reused;
* `bench.gui_stall` - the longest the Qt event loop of the real MainWindow
  goes without running while a reply streams.

Results go to `bench/results.json` (with machine details) and
`bench/results.md` (a Markdown table for docs/benchmarks.md). Tests never time
anything; this package is where timing lives. Targets are recorded as
pass/fail, never asserted.
"""
