// The sample private media the demo seeds under videos/course-1/: a real six-second HLS stream (H.264 in
// MPEG-TS, made by ffmpeg with scripts/make-demo-media.sh and checked in under src/demo/media/) and a JSON file.

import { readFileSync } from 'node:fs';

export type DemoObject = { readonly key: string; readonly contentType: string; readonly body: Buffer };

const MEDIA_DIR = new URL('./media/', import.meta.url);

/** The segment file names the playlist lists, in order. */
export function playlistSegments(playlist: string): string[] {
  return playlist.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
}

/** Everything the demo puts in the bucket, keys relative to the bucket root. */
export function demoMediaObjects(basePath = 'videos/course-1'): readonly DemoObject[] {
  const playlist = readFileSync(new URL('master.m3u8', MEDIA_DIR));
  const segmentNames = playlistSegments(playlist.toString('utf8'));
  const lesson = {
    course: 'course-1',
    title: 'Private media behind CloudFront signed cookies',
    playlist: 'master.m3u8',
    segments: segmentNames,
  };
  return [
    { key: `${basePath}/master.m3u8`, contentType: 'application/vnd.apple.mpegurl', body: playlist },
    ...segmentNames.map((name) => ({
      key: `${basePath}/${name}`,
      contentType: 'video/mp2t',
      // Stored as .m2ts: a .ts file in src/ would be taken for TypeScript.
      body: readFileSync(new URL(name.replace(/\.ts$/, '.m2ts'), MEDIA_DIR)),
    })),
    {
      key: `${basePath}/lesson.json`,
      contentType: 'application/json',
      body: Buffer.from(`${JSON.stringify(lesson, null, 2)}\n`),
    },
  ];
}
