"""Writes a real PNG of exactly 2 MiB (the image limit): random RGB pixels, which do not
compress, plus one tEXt chunk that pads the file to the byte. Deterministic (seeded).

    python bench/gen_png.py OUT.png
"""

import random
import struct
import sys
import zlib

TARGET = 2 * 1024 * 1024


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png(width: int, height: int, rng: random.Random) -> bytes:
    rows = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 1))


def main() -> None:
    out = sys.argv[1]
    rng = random.Random(20261125)
    width, height = 836, 830  # ≈ 2.08 MB of incompressible pixels
    body = png(width, height, rng)
    iend = chunk(b"IEND", b"")
    # Pad with a tEXt chunk (keyword, NUL, text): 12 bytes of chunk framing + its data.
    pad = TARGET - len(body) - len(iend) - 12
    if pad < len(b"Comment\x00"):
        raise SystemExit(f"the pixels alone take {len(body)} bytes: shrink the image")
    text = b"Comment\x00" + b"x" * (pad - len(b"Comment\x00"))
    data = body + chunk(b"tEXt", text) + iend
    assert len(data) == TARGET, len(data)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
