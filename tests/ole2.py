"""Build small OLE2 compound files (the legacy .doc/.xls container) for upload tests.

Only the directory matters to the upload check, so every stream is empty: the file is a
header, one FAT sector and as many directory sectors as the entries need (version 3,
512-byte sectors). Entries hang off their parent as a chain of right siblings, which readers
accept as a (degenerate) red-black tree.
"""

from __future__ import annotations

import struct

SECTOR = 512
FREE, END_OF_CHAIN, FAT_SECTOR = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NO_STREAM = 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5


def _entry(name: str, kind: int, child: int, right: int) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    return (
        encoded.ljust(64, b"\x00")
        + struct.pack("<HBB", len(encoded), kind, 1)  # name length, type, black
        + struct.pack("<III", NO_STREAM, right, child)  # left, right, child
        + b"\x00" * 16  # class id
        + b"\x00" * 4  # state bits
        + b"\x00" * 16  # created, modified
        + struct.pack("<IQ", END_OF_CHAIN if kind != ROOT else END_OF_CHAIN, 0)  # start, size
    )


def compound_file(tree: dict) -> bytes:
    """``tree`` maps names to None (an empty stream) or to a dict (a storage and its entries)."""
    entries: list[list] = [["Root Entry", ROOT, NO_STREAM, NO_STREAM]]

    def add(children: dict) -> int:
        first = NO_STREAM
        previous = None
        for name, inner in children.items():
            index = len(entries)
            entries.append(
                [name, STORAGE if isinstance(inner, dict) else STREAM, NO_STREAM, NO_STREAM]
            )
            if previous is None:
                first = index
            else:
                entries[previous][3] = index
            previous = index
            if isinstance(inner, dict):
                entries[index][2] = add(inner)
        return first

    entries[0][2] = add(tree)
    per_sector = SECTOR // 128
    while len(entries) % per_sector:
        entries.append(None)
    directory = b"".join(
        _entry(*entry)
        if entry
        else b"\x00" * 64
        + b"\x00" * 4
        + struct.pack("<III", NO_STREAM, NO_STREAM, NO_STREAM)
        + b"\x00" * 48
        for entry in entries
    )
    dir_sectors = len(directory) // SECTOR
    # Sector 0 is the FAT, sectors 1.. are the directory chain.
    fat = [FAT_SECTOR] + [i + 2 for i in range(dir_sectors - 1)] + [END_OF_CHAIN]
    fat += [FREE] * (SECTOR // 4 - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)  # minor, major, byte order, shifts
        + b"\x00" * 6
        + struct.pack("<I", 0)  # directory sectors (0 for version 3)
        + struct.pack("<I", 1)  # FAT sectors
        + struct.pack("<I", 1)  # first directory sector
        + struct.pack("<I", 0)  # transaction signature
        + struct.pack("<I", 4096)  # mini stream cutoff
        + struct.pack("<II", END_OF_CHAIN, 0)  # first mini FAT sector, count
        + struct.pack("<II", END_OF_CHAIN, 0)  # first DIFAT sector, count
        + struct.pack("<I", 0)  # the FAT is sector 0
        + struct.pack("<I", FREE) * 108
    )
    return header + struct.pack(f"<{SECTOR // 4}I", *fat) + directory
