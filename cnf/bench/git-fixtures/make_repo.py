#!/usr/bin/env python3
"""Writes a `git fast-import` stream for the clone benchmark's repository: 5,000 files in the first
commit (in 50 directories, a few hundred bytes each), then 9,999 commits that each change one of
them. Usage: make_repo.py | git fast-import --quiet (in an empty repository)."""
import sys

FILES = 5000
COMMITS = 10000
out = sys.stdout.buffer


def blob(mark, text):
    data = text.encode()
    out.write(b"blob\nmark :%d\ndata %d\n" % (mark, len(data)) + data + b"\n")


def path(i):
    return "dir%02d/file%04d.txt" % (i % 50, i)


def content(i, version):
    return ("file %d, version %d\n" % (i, version)) + ("line of text for the clone benchmark %d\n" % i) * 6


mark = 0
marks = {}
for i in range(FILES):
    mark += 1
    blob(mark, content(i, 0))
    marks[i] = mark
when = 1767225600
for c in range(COMMITS):
    changed = range(FILES) if c == 0 else [c % FILES]
    if c > 0:
        mark += 1
        blob(mark, content(c % FILES, c))
        marks[c % FILES] = mark
    message = b"commit %d\n" % c
    out.write(b"commit refs/heads/main\n")
    out.write(b"committer Bench <bench@example.org> %d +0000\n" % (when + c))
    out.write(b"data %d\n" % len(message) + message)
    for i in changed:
        out.write(b"M 100644 :%d %s\n" % (marks[i], path(i).encode()))
    out.write(b"\n")
