"""Chat engine: the Backend protocol, prompt formats and the llama.cpp
backend. Never imports Qt; never calls back into the GUI except through the
iterator `stream_chat` returns."""
