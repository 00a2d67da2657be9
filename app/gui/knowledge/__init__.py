"""The GUI side of the knowledge base (issue 20): the Knowledge panel
(`panel`), its background indexing (`tasks`), and citations in replies that
open the passage they cite (`citations`)."""
