import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EdgeResponse } from '../edge-response.ts';
import { eventRequest, eventResponse } from './function-event.ts';
import { functionErrorResponse } from './function-error-response.ts';
import { decideViewerRequestOutput, decideViewerResponseOutput } from './function-output.ts';
import {
  generatedResponse,
  responseAfterViewerFunction,
  targetAfterFunction,
  viewerHeadersAfterFunction,
  viewerRequestFacts,
  viewerResponseFacts,
} from './viewer-function-io.ts';

test('node request headers become the function event and a returned request becomes headers and a target again', () => {
  const facts = viewerRequestFacts('GET', '/a b', 'x=1', {
    host: 'h',
    accept: ['a', 'b'],
    cookie: 'k=v; j=w',
  });
  const event = eventRequest(facts);
  assert.deepEqual(event.headers.accept, { value: 'a', multiValue: [{ value: 'a' }, { value: 'b' }] });
  const decision = decideViewerRequestOutput(
    { ...event, uri: '/index.html', querystring: {}, cookies: { ...event.cookies, added: { value: '1' } } },
    event,
  );
  assert.equal(decision.kind, 'request');
  if (decision.kind !== 'request') return;
  assert.equal(targetAfterFunction(decision), '/index.html');
  assert.deepEqual(viewerHeadersAfterFunction(decision), {
    host: 'h',
    accept: ['a', 'b'],
    cookie: 'k=v; j=w; added=1',
  });
});

test('a generated response is sent as FunctionGeneratedResponse with its body', () => {
  const decision = decideViewerRequestOutput(
    { statusCode: 302, headers: { location: { value: '/x' } }, body: 'moved' },
    eventRequest({ method: 'GET', uri: '/', headers: [] }),
  );
  assert.equal(decision.kind, 'response');
  if (decision.kind !== 'response') return;
  const response = generatedResponse(decision);
  assert.equal(response.status, 302);
  assert.equal(response.resultType, 'FunctionGeneratedResponse');
  assert.deepEqual(response.body, { kind: 'bytes', bytes: Buffer.from('moved') });
});

test('a viewer-response result replaces status and headers, keeps the body and the original header case', () => {
  const original: EdgeResponse = {
    status: 200,
    headers: [
      ['Content-Type', 'text/html'],
      ['ETag', '"1"'],
    ],
    body: { kind: 'bytes', bytes: Buffer.from('page') },
    resultType: 'Hit',
  };
  const given = eventResponse(viewerResponseFacts(original));
  const decision = decideViewerResponseOutput(
    { ...given, headers: { ...given.headers, 'x-frame-options': { value: 'DENY' } } },
    given,
  );
  assert.equal(decision.kind, 'response');
  if (decision.kind !== 'response') return;
  const after = responseAfterViewerFunction(original, decision);
  assert.deepEqual(after.headers, [
    ['Content-Type', 'text/html'],
    ['ETag', '"1"'],
    ['x-frame-options', 'DENY'],
  ]);
  assert.equal(after.body, original.body);
  assert.equal(after.resultType, 'Hit');
});

test('function failures are CloudFront error pages: 503 for execution and throttling, 502 for validation', () => {
  assert.equal(functionErrorResponse('FunctionExecutionError', 'id').status, 503);
  assert.equal(functionErrorResponse('FunctionThrottledError', 'id').status, 503);
  const validation = functionErrorResponse('FunctionValidationError', 'id');
  assert.equal(validation.status, 502);
  assert.equal(validation.detailedResultType, 'FunctionValidationError');
  assert.match(
    validation.body.kind === 'bytes' ? validation.body.bytes.toString('latin1') : '',
    /502 ERROR[\s\S]*returned an invalid value/,
  );
});
