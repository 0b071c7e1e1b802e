#!/usr/bin/env python3
"""Reads a static-ct-api log directory with nothing of ctcore's: the Python
standard library and the C2SP static-ct-api / tlog-tiles specs.

  dump_sample_entries.py LOG_DIR OUT_DIR INDEX...

Parses every data tile (TileLeaf records), recomputes the RFC 6962 Merkle tree
head over the entries and checks it against the checkpoint's size and root,
then writes, for each INDEX, OUT_DIR/INDEX.der (the x509_entry certificate or
the precert_entry's pre_certificate) and OUT_DIR/INDEX.chain (the issuer
fingerprints, hex, one a line). Exit 1 with a message on any mismatch.
"""
import base64
import hashlib
import os
import struct
import sys


def fail(msg):
    print("dump_sample_entries: " + msg, file=sys.stderr)
    sys.exit(1)


def tile_path(level, n, width):
    # tlog-tiles: N as 3-digit groups, all but the last prefixed with "x".
    groups = []
    while True:
        groups.insert(0, "%03d" % (n % 1000))
        n //= 1000
        if n == 0:
            break
    path = "/".join(["x" + g for g in groups[:-1]] + [groups[-1]])
    suffix = "" if width == 256 else ".p/%d" % width
    return "tile/%s/%s%s" % (level, path, suffix)


class Reader:
    def __init__(self, data):
        self.data, self.pos = data, 0

    def take(self, n):
        if self.pos + n > len(self.data):
            fail("truncated tile")
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out

    def uint(self, n):
        return int.from_bytes(self.take(n), "big")

    def vec(self, n):
        return self.take(self.uint(n))


def parse_leaf(r):
    """Returns (timestamped_entry bytes, entry dict) for one TileLeaf."""
    start = r.pos
    timestamp = r.uint(8)
    entry_type = r.uint(2)
    entry = {"timestamp": timestamp, "type": entry_type}
    if entry_type == 0:  # x509_entry: ASN.1Cert certificate<1..2^24-1>
        entry["cert"] = r.vec(3)
    elif entry_type == 1:  # precert_entry: PreCert
        entry["issuer_key_hash"] = r.take(32)
        entry["tbs"] = r.vec(3)
    else:
        fail("unknown entry type %d" % entry_type)
    r.vec(2)  # CtExtensions
    timestamped_entry = r.data[start:r.pos]
    if entry_type == 1:
        entry["cert"] = r.vec(3)  # pre_certificate
    chain = r.vec(2)
    if len(chain) % 32:
        fail("bad fingerprint list")
    entry["chain"] = [chain[i:i + 32].hex() for i in range(0, len(chain), 32)]
    return timestamped_entry, entry


def mth(leaves):
    # RFC 6962 §2.1: k is the largest power of two smaller than n.
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + mth(leaves[:k]) + mth(leaves[k:])).digest()


def main():
    if len(sys.argv) < 3:
        fail("usage: dump_sample_entries.py LOG_DIR OUT_DIR INDEX...")
    log_dir, out_dir, wanted = sys.argv[1], sys.argv[2], [int(a) for a in sys.argv[3:]]
    with open(os.path.join(log_dir, "checkpoint")) as f:
        lines = f.read().split("\n")
    size, root = int(lines[1]), base64.b64decode(lines[2])
    leaves, entries = [], []
    for n in range((size + 255) // 256):
        width = min(256, size - 256 * n)
        with open(os.path.join(log_dir, tile_path("data", n, width)), "rb") as f:
            r = Reader(f.read())
        for _ in range(width):
            timestamped_entry, entry = parse_leaf(r)
            # MerkleTreeLeaf: version v1 (0), leaf_type timestamped_entry (0).
            leaves.append(hashlib.sha256(b"\x00" + b"\x00\x00" + timestamped_entry).digest())
            entries.append(entry)
        if r.pos != len(r.data):
            fail("trailing bytes in data tile %d" % n)
    if mth(leaves) != root:
        fail("the entries do not hash to the checkpoint's root")
    for fp in {fp for e in entries for fp in e["chain"]}:
        with open(os.path.join(log_dir, "issuer", fp), "rb") as f:
            if hashlib.sha256(f.read()).hexdigest() != fp:
                fail("issuer/%s does not hash to its name" % fp)
    os.makedirs(out_dir, exist_ok=True)
    for i in wanted:
        with open(os.path.join(out_dir, "%d.der" % i), "wb") as f:
            f.write(entries[i]["cert"])
        with open(os.path.join(out_dir, "%d.chain" % i), "w") as f:
            f.write("\n".join(entries[i]["chain"]) + "\n")
        with open(os.path.join(out_dir, "%d.time" % i), "w") as f:
            f.write("%d\n" % (entries[i]["timestamp"] // 1000))
    print("size=%d entries=%d root=ok" % (size, len(entries)))


if __name__ == "__main__":
    main()
