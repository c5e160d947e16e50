#!/usr/bin/env bash
# Regenerates the demo's course media in src/demo/media/: six seconds of ffmpeg's test pattern as H.264
# (baseline, 192x108, 15 fps, ~50 KB in all) cut into three 2-second MPEG-TS segments with a VOD HLS playlist.
# The files are checked in; run this only to change them (needs ffmpeg with libx264: apt-get install ffmpeg).
# Segments are stored as .m2ts (a .ts file in src/ would be taken for TypeScript); the demo seeds them under the
# names the playlist uses (segment-N.ts).
set -euo pipefail
out="$(cd "$(dirname "$0")/.." && pwd)/src/demo/media"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
rm -f "$out"/master.m3u8 "$out"/segment-*.m2ts
cd "$work"
ffmpeg -hide_banner -loglevel error \
  -f lavfi -i testsrc2=size=192x108:rate=15:duration=6 \
  -c:v libx264 -profile:v baseline -level 3.0 -pix_fmt yuv420p \
  -g 30 -keyint_min 30 -sc_threshold 0 -b:v 48k -maxrate 60k -bufsize 120k \
  -flags +bitexact -fflags +bitexact \
  -f hls -hls_time 2 -hls_playlist_type vod -hls_segment_filename 'segment-%d.ts' master.m3u8
cp master.m3u8 "$out/"
for segment in segment-*.ts; do cp "$segment" "$out/${segment%.ts}.m2ts"; done
ls -l "$out"
