"""The main chat window's parts, one widget per module: the sidebar, the
chat header, the status items, the notice row, the disclaimer bar, the
menus and the export/import tasks. `bimedix.gui.main_window` assembles them
over a `ChatController`."""
