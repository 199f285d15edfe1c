#!/usr/bin/env python3
"""Makes the snapshot benchmark's workspace: 10,000 regular files, ~200 MB, in a fixed layout from
a fixed seed. 9,960 small files (100 B to 40 KB, ~8 KB on average, like source files and their
build output) in 610 nested directories (10 x 10 x 5), and 40 large ones (1 to 5 MB, like
archives or data sets) at the top; a few executables, symbolic links and empty directories.
Contents are random bytes, so no compression makes one store look better than another.
Usage: make_tree.py DIR (DIR must not exist yet)."""
import os
import random
import sys

SMALL, LARGE = 9960, 40
rng = random.Random(20261207)
root = sys.argv[1]
os.mkdir(root)
directories = []
for a in range(10):
    for b in range(10):
        for c in range(5):
            directories.append(os.path.join("src%d" % a, "pkg%d" % b, "mod%d" % c))
for d in directories:
    os.makedirs(os.path.join(root, d), exist_ok=True)
parents = sorted({os.path.dirname(d) for d in directories} | {os.path.dirname(os.path.dirname(d)) for d in directories})
places = directories + parents


def write(path, size, mode=0o644):
    with open(path, "wb") as out:
        out.write(rng.randbytes(size))
    os.chmod(path, mode)


for i in range(SMALL):
    size = int(100 * (400 ** rng.random()))  # log-uniform, 100 B to 40 KB
    mode = 0o755 if i % 50 == 0 else 0o644
    write(os.path.join(root, rng.choice(places), "file%05d.dat" % i), size, mode)
os.mkdir(os.path.join(root, "data"))
for i in range(LARGE):
    write(os.path.join(root, "data", "blob%02d.bin" % i), rng.randrange(1 << 20, 5 << 20))
for i in range(20):
    os.symlink("../../pkg%d/mod0/file%05d.dat" % (i % 10, i), os.path.join(root, directories[i * 7], "link%02d" % i))
for i in range(10):
    os.makedirs(os.path.join(root, "empty", "e%d" % i))
