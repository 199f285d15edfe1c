#!/usr/bin/env python3
"""Computes the snapshot root of a directory as OS2's snapshot store does (docs/snapshots.md,
"Tree objects"), apart from it: a check that the format is as written. Usage: tree_root.py DIR"""
import hashlib
import os
import stat
import sys


def tree_id(path):
    """The SHA-256 of the tree object of directory `path` (bytes), as 64 hex digits."""
    parts = [b"os2-tree-1\0"]
    for name in sorted(os.listdir(path)):  # names as bytes, sorted bytewise
        full = os.path.join(path, name)
        st = os.lstat(full)
        mode = b"%03o" % (st.st_mode & 0o777)
        if stat.S_ISLNK(st.st_mode):
            parts.append(b"link " + os.readlink(full) + b"\0" + name + b"\0")
        elif stat.S_ISDIR(st.st_mode):
            parts.append(b"dir " + mode + b" " + tree_id(full).encode() + b"\0" + name + b"\0")
        elif stat.S_ISREG(st.st_mode):
            with open(full, "rb") as f:
                content = hashlib.sha256(f.read()).hexdigest().encode()
            parts.append(b"file " + mode + b" %d " % st.st_size + content + b"\0" + name + b"\0")
        # FIFOs, sockets and devices are not in a snapshot
    return hashlib.sha256(b"".join(parts)).hexdigest()


print(tree_id(os.fsencode(sys.argv[1])))
