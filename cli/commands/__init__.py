"""One module per command group: each reads its options, calls the engine, renders."""
