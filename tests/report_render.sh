#!/bin/sh
# Renders the HTML report in headless Chromium and fails if the page is
# blank or any inline SVG is not well-formed XML.
#   report_render.sh SOCIALCAP SAMPLE CHROMIUM PYTHON WORK_DIR
set -eu
bin="$1"; sample="$2"; chromium="$3"; python="$4"; work="$5"
rm -rf "$work"; mkdir -p "$work"
"$bin" report "$sample" --at 2021-05-31 --out "$work/report.html" --title Havenstad \
	--mark "2021-01-23=riot night" --quiet
# A fresh profile, and no background traffic: the machine may have no network.
timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
	--disable-component-update --disable-sync --no-first-run --disable-quic \
	--user-data-dir="$work/profile" --window-size=1280,4000 --hide-scrollbars \
	--screenshot="$work/report.png" "file://$work/report.html" >"$work/chromium.log" 2>&1 || {
	cat "$work/chromium.log"; echo "chromium failed"; exit 1; }
"$python" - "$work/report.html" "$work/report.png" <<'PY'
import re, struct, sys, zlib
import xml.etree.ElementTree as ET

html = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r"<svg\b.*?</svg>", html, flags=re.S)
if len(svgs) < 4:
    sys.exit("expected at least 4 charts, found %d" % len(svgs))
for i, svg in enumerate(svgs):
    try:
        ET.fromstring(svg)
    except ET.ParseError as e:
        sys.exit("SVG %d is malformed: %s" % (i, e))

# Decode the PNG (8-bit RGB or RGBA, as Chromium writes it) and count the
# pixels that are not page background.
data = open(sys.argv[2], "rb").read()
if data[:8] != b"\x89PNG\r\n\x1a\n":
    sys.exit("screenshot is not a PNG")
pos, idat, width = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
        if depth != 8 or ctype not in (2, 6):
            sys.exit("unexpected PNG format %d/%d" % (depth, ctype))
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = width * bpp
prev = bytearray(stride)
ink = 0
for y in range(height):
    f = raw[y * (stride + 1)]
    line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]
        c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    for x in range(0, stride, bpp):
        if line[x] < 200 or line[x + 1] < 200 or line[x + 2] < 200:
            ink += 1
    prev = line
share = ink / float(width * height)
print("%d charts, all well-formed; %.1f%% of the %dx%d screenshot is ink" % (len(svgs), 100 * share, width, height))
if share < 0.02:
    sys.exit("the rendered page is (nearly) blank")
PY
