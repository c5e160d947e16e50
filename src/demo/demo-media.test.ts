import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoMediaObjects, makeTransportStreamSegment } from './demo-media.ts';

test('every demo segment is whole MPEG-TS packets starting with the sync byte', () => {
  const segment = makeTransportStreamSegment(1);
  assert.equal(segment.length % 188, 0);
  for (let offset = 0; offset < segment.length; offset += 188) assert.equal(segment[offset], 0x47);
  assert.notDeepEqual(segment, makeTransportStreamSegment(2));
});

test('the demo playlist names exactly the segments that are seeded beside it', () => {
  const objects = demoMediaObjects('videos/course-1', 3);
  const playlist = objects.find((o) => o.key.endsWith('master.m3u8'));
  assert.ok(playlist);
  const named = playlist.body
    .toString()
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'));
  const seeded = objects
    .filter((o) => o.key.endsWith('.ts'))
    .map((o) => o.key.slice('videos/course-1/'.length));
  assert.deepEqual(named, seeded);
  assert.ok(objects.some((o) => o.key === 'videos/course-1/lesson.json'));
});
