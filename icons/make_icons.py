#!/usr/bin/env python3
"""Draw the app icon (a yellow five-pointed star on red) as PNG and ICO files.

Standard library only (zlib + struct), so it runs on any machine:
    python3 icons/make_icons.py
The outputs are committed; rerun only to change the design.
"""
import math
import os
import struct
import zlib

RED = (218, 37, 29)
YELLOW = (255, 205, 0)
HERE = os.path.dirname(os.path.abspath(__file__))


def star_polygon(cx, cy, outer, inner):
    points = []
    for i in range(10):
        r = outer if i % 2 == 0 else inner
        a = -math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return points


def inside(x, y, poly):
    hit = False
    j = len(poly) - 1
    for i in range(len(poly)):
        xi, yi = poly[i]
        xj, yj = poly[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            hit = not hit
        j = i
    return hit


def render(size):
    poly = star_polygon(size / 2, size * 0.53, size * 0.38, size * 0.38 * 0.382)
    ss = 4  # supersampling per axis, for smooth edges
    rows = []
    for y in range(size):
        row = bytearray([0])  # PNG filter type 0
        for x in range(size):
            cover = sum(
                inside(x + (i + 0.5) / ss, y + (j + 0.5) / ss, poly)
                for i in range(ss)
                for j in range(ss)
            ) / (ss * ss)
            px = [round(RED[k] * (1 - cover) + YELLOW[k] * cover) for k in range(3)]
            row += bytes(px + [255])
        rows.append(bytes(row))
    return b"".join(rows)


def png(size):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(render(size), 9))
        + chunk(b"IEND", b"")
    )


def ico(images):
    """An ICO whose entries are PNGs (valid since Windows Vista)."""
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    body = b""
    for size, data in images:
        dim = 0 if size >= 256 else size
        out += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(body))
        body += data
    return out + body


def main():
    made = {}
    for name, size in [
        ("32x32.png", 32),
        ("64x64.png", 64),
        ("128x128.png", 128),
        ("128x128@2x.png", 256),
        ("icon.png", 512),
    ]:
        made[size] = png(size)
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(made[size])
    with open(os.path.join(HERE, "icon.ico"), "wb") as f:
        f.write(ico([(16, png(16)), (32, made[32]), (64, made[64]), (256, made[256])]))


if __name__ == "__main__":
    main()
