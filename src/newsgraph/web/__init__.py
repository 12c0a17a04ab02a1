"""The web interface and HTTP API of `newsgraph serve`."""
