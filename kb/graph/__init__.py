"""The citation and topic graph, the taxonomy and its classification; built from the database."""
