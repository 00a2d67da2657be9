"""Qt (PySide6) desktop shell: widgets render state and forward intent;
model loading and generation run on a worker thread."""
