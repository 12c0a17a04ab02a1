"""Stories: near-duplicates, incremental story clustering and canonical events across articles."""
