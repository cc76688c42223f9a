"""One use case per command: options and a project context in, a result value out. No printing, no exiting. May use
adapters and the core.
"""
