// The sample private media the demo seeds under videos/course-1/: a small HLS stream (a playlist and
// MPEG-TS segments generated here, no binaries in the repo) and a JSON file.

import { createHash } from 'node:crypto';

export type DemoObject = { readonly key: string; readonly contentType: string; readonly body: Buffer };

const TS_PACKET_BYTES = 188;
const SEGMENT_SECONDS = 2;

/**
 * One MPEG-TS segment made of valid transport packets (sync byte 0x47) on the null PID 0x1FFF, with a
 * deterministic payload per segment. Players accept the framing; there is no picture in it: the story
 * is about whether the bytes arrive, not about decoding them.
 */
export function makeTransportStreamSegment(index: number, packets = 64): Buffer {
  const segment = Buffer.alloc(packets * TS_PACKET_BYTES);
  for (let packet = 0; packet < packets; packet++) {
    const offset = packet * TS_PACKET_BYTES;
    segment[offset] = 0x47;
    segment[offset + 1] = 0x1f; // PID 0x1FFF (null packets), no error/start/priority flags
    segment[offset + 2] = 0xff;
    segment[offset + 3] = 0x10 | (packet & 0x0f); // payload only, continuity counter
    const fill = createHash('sha256').update(`segment-${index}-packet-${packet}`).digest();
    for (let i = 4; i < TS_PACKET_BYTES; i++) segment[offset + i] = fill[i % fill.length]!;
  }
  return segment;
}

export function makePlaylist(segmentNames: readonly string[]): string {
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${SEGMENT_SECONDS}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    ...segmentNames.flatMap((name) => [`#EXTINF:${SEGMENT_SECONDS}.000,`, name]),
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

/** Everything the demo puts in the bucket, keys relative to the bucket root. */
export function demoMediaObjects(basePath = 'videos/course-1', segmentCount = 3): readonly DemoObject[] {
  const segmentNames = Array.from({ length: segmentCount }, (_, i) => `segment-${i}.ts`);
  const lesson = {
    course: 'course-1',
    title: 'Private media behind CloudFront signed cookies',
    playlist: 'master.m3u8',
    segments: segmentNames,
  };
  return [
    {
      key: `${basePath}/master.m3u8`,
      contentType: 'application/vnd.apple.mpegurl',
      body: Buffer.from(makePlaylist(segmentNames)),
    },
    ...segmentNames.map((name, i) => ({
      key: `${basePath}/${name}`,
      contentType: 'video/mp2t',
      body: makeTransportStreamSegment(i),
    })),
    {
      key: `${basePath}/lesson.json`,
      contentType: 'application/json',
      body: Buffer.from(`${JSON.stringify(lesson, null, 2)}\n`),
    },
  ];
}
