import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { Agent, request } from 'undici';
import { isLocalhostName, lookupOriginHost } from './localhost-lookup.ts';

function resolve(name: string, all: boolean): Promise<string | LookupAddress[]> {
  return new Promise((done, fail) =>
    lookupOriginHost(name, { all }, (error, address) => (error ? fail(error) : done(address))),
  );
}

test('names under .localhost are loopback names, look-alikes are not', () => {
  assert.ok(isLocalhostName('localhost'));
  assert.ok(isLocalhostName('media.s3.localhost'));
  assert.ok(isLocalhostName('Media.S3.LOCALHOST.'));
  assert.ok(!isLocalhostName('localhost.example.com'));
  assert.ok(!isLocalhostName('notlocalhost'));
});

test('a .localhost name resolves to 127.0.0.1 in both lookup forms', async () => {
  assert.equal(await resolve('bucket.s3.localhost', false), '127.0.0.1');
  assert.deepEqual(await resolve('bucket.s3.localhost', true), [{ address: '127.0.0.1', family: 4 }]);
});

test('other names still go to the system resolver', async () => {
  await assert.rejects(resolve('no-such-host.invalid', false), (error: NodeJS.ErrnoException) => {
    assert.match(String(error.code), /ENOTFOUND|EAI_AGAIN/);
    return true;
  });
});

test('an origin connection to <bucket>.s3.localhost reaches a loopback listener with that Host', async (t) => {
  const server = createServer((req, res) => res.end(req.headers.host));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  t.after(() => new Promise<void>((done) => server.close(() => done())));
  const agent = new Agent({ connect: { lookup: lookupOriginHost } });
  t.after(() => agent.close());
  const { port } = server.address() as { port: number };
  const response = await request(`http://media.s3.localhost:${port}/`, { dispatcher: agent });
  assert.equal(await response.body.text(), `media.s3.localhost:${port}`);
});
