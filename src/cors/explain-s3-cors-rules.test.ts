import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CorsRule } from './cors-rule.ts';
import { evaluateS3Cors } from './evaluate-s3-cors.ts';
import { explainS3CorsRules } from './explain-s3-cors-rules.ts';

const RULES: CorsRule[] = [
  { AllowedOrigins: ['https://a.example'], AllowedMethods: ['GET'], AllowedHeaders: [], ExposeHeaders: [] },
  {
    AllowedOrigins: ['https://*.b.example'],
    AllowedMethods: ['PUT'],
    AllowedHeaders: ['x-amz-*'],
    ExposeHeaders: [],
  },
  {
    AllowedOrigins: ['*'],
    AllowedMethods: ['PUT', 'GET'],
    AllowedHeaders: ['content-type'],
    ExposeHeaders: [],
  },
];

test('says which part of each rule failed, using ACRM and lower-cased ACRH', () => {
  assert.deepEqual(
    explainS3CorsRules(RULES, {
      method: 'OPTIONS',
      origin: 'https://x.b.example',
      accessControlRequestMethod: 'PUT',
      accessControlRequestHeaders: 'X-Amz-Date, Content-Type',
    }),
    [
      {
        rule: 0,
        matches: false,
        methodAllowed: false,
        originAllowed: false,
        headersNotAllowed: ['x-amz-date', 'content-type'],
      },
      {
        rule: 1,
        matches: false,
        methodAllowed: true,
        originAllowed: true,
        headersNotAllowed: ['content-type'],
      },
      {
        rule: 2,
        matches: false,
        methodAllowed: true,
        originAllowed: true,
        headersNotAllowed: ['x-amz-date'],
      },
    ],
  );
});

test('the first matching explanation is the rule evaluateS3Cors picks', () => {
  const request = { method: 'GET', origin: 'https://a.example' };
  const explained = explainS3CorsRules(RULES, request);
  const decision = evaluateS3Cors({
    ...request,
    isPreflight: false,
    bucketExists: true,
    rules: RULES,
    resourceType: 'OBJECT',
  });
  assert.equal(
    decision.kind === 'headers' && decision.matchedRule,
    explained.findIndex((rule) => rule.matches),
  );
  assert.deepEqual(
    explained.map((rule) => rule.matches),
    [true, false, true],
  );
});
