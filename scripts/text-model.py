#!/usr/bin/env python3
"""Prints the code lengths of the SQLite store's text packing model 1 (src/QuoteBot.Storage.Sqlite/TextPacking.cs).

Order-1 static Huffman over UTF-8 bytes: for each of 32 classes of the byte before (TextPacking.ContextOf), a code
of at most 12 bits for every byte value. Counted over the invented English articles of the spent extraction test
folders (Labelled, HeldOut to HeldOut9); never the untouched ones. Every byte value gets a code (a floor count), so
any text can be packed. The model is frozen once shipped: a changed model is a new format number, not an edit.

Run from the repository root: python3 scripts/text-model.py
"""
import glob
import heapq
from collections import Counter

FOLDERS = ["Labelled", "HeldOut", "HeldOut2", "HeldOut3", "HeldOut4", "HeldOut5", "HeldOut6", "HeldOut7", "HeldOut8", "HeldOut9"]
MAX_BITS = 12


def context_of(b):
    if 97 <= b <= 122:
        return b - 97
    if 65 <= b <= 90:
        return b - 65
    if b == 32:
        return 26
    if 48 <= b <= 57:
        return 27
    if b in b".!?":
        return 28
    if b in b",;:":
        return 29
    return 30 if b < 128 else 31


def huffman_lengths(freq):
    heap = [(c, s, [s]) for s, c in freq.items()]
    heapq.heapify(heap)
    lengths = Counter()
    tie = 256
    while len(heap) > 1:
        a = heapq.heappop(heap)
        b = heapq.heappop(heap)
        for s in a[2] + b[2]:
            lengths[s] += 1
        heapq.heappush(heap, (a[0] + b[0], tie, a[2] + b[2]))
        tie += 1
    return lengths


def limited_lengths(counts):
    floor = 1
    while True:
        lengths = huffman_lengths({b: counts[b] * 64 + floor for b in range(256)})
        if max(lengths.values()) <= MAX_BITS:
            return [lengths[b] for b in range(256)]
        floor *= 2


def main():
    text = b""
    for folder in FOLDERS:
        for path in sorted(glob.glob(f"tests/QuoteBot.Extraction.Tests/{folder}/*.txt")):
            with open(path, "rb") as f:
                text += f.read()
    counts = [Counter() for _ in range(32)]
    prev = 32
    for b in text:
        counts[context_of(prev)][b] += 1
        prev = b
    for c in range(32):
        print('        "' + "".join("%x" % n for n in limited_lengths(counts[c])) + '" +')


main()
