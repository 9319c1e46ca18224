"""Draw the app icons (PNG, no image library needed): a white mountain and sun on the
union blue. Run once; the PNGs are committed under coso/static/coso/icons/."""

import struct
import sys
import zlib
from pathlib import Path

BLUE = (11, 94, 215)
WHITE = (255, 255, 255)
GOLD = (255, 205, 0)


def pixel(x, y, n, pad):
    """Colour at (x, y) of an n×n icon; ``pad``: the share of the safe zone left around."""
    u, v = x / n, y / n
    s = 1 - 2 * pad
    u, v = (u - pad) / s, (v - pad) / s  # 0..1 inside the safe zone
    if (u - 0.70) ** 2 + (v - 0.28) ** 2 < 0.11**2:
        return GOLD
    # two peaks: (0.38, 0.30) and (0.66, 0.48), base at v = 0.80
    if 0.80 >= v >= 0.30:
        left = abs(u - 0.38) <= (v - 0.30) * 0.9
        right = v >= 0.48 and abs(u - 0.66) <= (v - 0.48) * 1.0
        if left or right:
            return WHITE
    return BLUE


def png(n, pad):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x + 0.5, y + 0.5, n, pad)) for x in range(n)) for y in range(n))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", n, n, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def main(out):
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, n, pad in (
        ("icon-192.png", 192, 0.08),
        ("icon-512.png", 512, 0.08),
        ("maskable-512.png", 512, 0.18),
        ("apple-touch-icon.png", 180, 0.10),
    ):
        (out / name).write_bytes(png(n, pad))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "coso/static/coso/icons")
