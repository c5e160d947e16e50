import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoMediaObjects, playlistSegments } from './demo-media.ts';

const H264_STREAM_TYPE = 0x1b;

/** The stream types a segment's Program Map Table declares (ISO/IEC 13818-1 §2.4.4.8). */
function pmtStreamTypes(segment: Buffer): number[] {
  let pmtPid: number | undefined;
  for (let offset = 0; offset + 188 <= segment.length; offset += 188) {
    const pid = ((segment[offset + 1]! & 0x1f) << 8) | segment[offset + 2]!;
    const payloadStart = (segment[offset + 1]! & 0x40) !== 0;
    if (!payloadStart) continue;
    const adaptation = (segment[offset + 3]! >> 4) & 0x3;
    let p = offset + 4 + (adaptation & 0x2 ? 1 + segment[offset + 4]! : 0);
    p += 1 + segment[p]!; // pointer field
    if (pid === 0) pmtPid = ((segment[p + 10]! & 0x1f) << 8) | segment[p + 11]!;
    else if (pid === pmtPid) {
      const sectionLength = ((segment[p + 1]! & 0x0f) << 8) | segment[p + 2]!;
      const programInfoLength = ((segment[p + 10]! & 0x0f) << 8) | segment[p + 11]!;
      const types: number[] = [];
      for (let q = p + 12 + programInfoLength; q < p + 3 + sectionLength - 4; ) {
        types.push(segment[q]!);
        q += 5 + (((segment[q + 3]! & 0x0f) << 8) | segment[q + 4]!);
      }
      return types;
    }
  }
  return [];
}

test('every demo segment is whole MPEG-TS packets carrying an H.264 video stream', () => {
  const segments = demoMediaObjects().filter((o) => o.key.endsWith('.ts'));
  assert.equal(segments.length, 3);
  for (const { key, body } of segments) {
    assert.equal(body.length % 188, 0, key);
    for (let offset = 0; offset < body.length; offset += 188) assert.equal(body[offset], 0x47, key);
    assert.deepEqual(pmtStreamTypes(body), [H264_STREAM_TYPE], key);
  }
});

test('the demo playlist is a VOD playlist naming exactly the segments seeded beside it', () => {
  const objects = demoMediaObjects('videos/course-1');
  const playlist = objects.find((o) => o.key.endsWith('master.m3u8'));
  assert.ok(playlist);
  const text = playlist.body.toString();
  assert.match(text, /^#EXTM3U\n/);
  assert.match(text, /#EXT-X-ENDLIST/);
  const seeded = objects
    .filter((o) => o.key.endsWith('.ts'))
    .map((o) => o.key.slice('videos/course-1/'.length));
  assert.deepEqual(playlistSegments(text), seeded);
  assert.ok(objects.some((o) => o.key === 'videos/course-1/lesson.json'));
});
