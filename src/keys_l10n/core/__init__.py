"""The pure core: text and values in, values out. No file system, no clock, no adapter library (translate-toolkit,
GitPython, babel, polib, jinja2, nh3, WeasyPrint, mammoth); algorithm libraries (pyromark, rapidfuzz) are fine.
Imports nothing above it.
"""
