// The repository stands alone: code comments and docs cite AWS documentation (page title or URL) or the repo's
// own docs, never files outside it (planning notes, research, spec drafts), and comments carry no planning
// vocabulary. The one exception is the drift check that compares examples/junlog/ with the scenario it copies.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const ROOT = resolve(import.meta.dirname, '..');
const DRIFT_CHECK = 'test/examples-match-scenarios.test.ts';

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', 'src', 'test', 'bench', 'scripts', 'bin', 'docs', 'README.md'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter(
      (file) =>
        /\.(ts|js|md|sh)$/.test(file) && file !== DRIFT_CHECK && file !== 'test/self-contained.test.ts',
    );
}

const OUTSIDE =
  /\/work\/|shared\/(spec|research|scenarios)|spec\/(cloudfront|s3)\.md|(cloudfront|s3)\.md ?§|\bspec §|research\/|ARCHITECTURE\.md/;
const PLANNING = /\b(issue #?\d+|milestone|TODO\(|the brief\b)/i;

test('docs and comments cite AWS pages or the repo, never files outside the repository', () => {
  const offending = trackedFiles().flatMap((file) =>
    readFileSync(join(ROOT, file), 'utf8')
      .split('\n')
      .flatMap((line, index) => (OUTSIDE.test(line) ? [`${file}:${index + 1}: ${line.trim()}`] : [])),
  );
  assert.deepEqual(offending, []);
});

test('code comments carry no planning vocabulary (issue numbers, milestones, TODO(name))', () => {
  const offending = trackedFiles()
    .filter((file) => /\.(ts|js)$/.test(file))
    .flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => {
          const comment = /(?:^\s*(?:\/\/|\*|\/\*)|\s\/\/\s)(.*)$/.exec(line)?.[1];
          return comment !== undefined && PLANNING.test(comment)
            ? [`${file}:${index + 1}: ${line.trim()}`]
            : [];
        }),
    );
  assert.deepEqual(offending, []);
});
