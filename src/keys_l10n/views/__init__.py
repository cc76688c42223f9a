"""Renderers of command results: values in, text (table, JSON, CSV, Markdown, HTML, SVG) out. No file I/O."""
