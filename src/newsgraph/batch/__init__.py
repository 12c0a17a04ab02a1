"""`newsgraph batch`: the analysis on Apache Spark (spark.py) and loading its output into a store (load.py)."""
