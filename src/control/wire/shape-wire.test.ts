import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseXml, renderXmlDocument } from '../../xml/index.ts';
import { CloudFrontError } from '../cloudfront-error.ts';
import { loadCloudFrontModel } from '../model/cloudfront-model.ts';
import { readShape } from './read-shape.ts';
import { writeShape } from './write-shape.ts';

const model = loadCloudFrontModel();

test('list members are read under their model names and scalars get their types', () => {
  const node = parseXml(
    `<KeyGroupConfig><Name>g</Name><Items><PublicKey>K1</PublicKey><PublicKey>K2</PublicKey></Items></KeyGroupConfig>`,
  );
  assert.deepEqual(readShape(model, 'KeyGroupConfig', node, 'KeyGroupConfig'), {
    Name: 'g',
    Items: ['K1', 'K2'],
  });
  const aliases = parseXml(
    '<Aliases><Quantity>1</Quantity><Items><CNAME>a.example</CNAME></Items></Aliases>',
  );
  assert.deepEqual(readShape(model, 'Aliases', aliases, 'Aliases'), { Quantity: 1, Items: ['a.example'] });
  const ttl = parseXml('<TrustedKeyGroups><Enabled>true</Enabled><Quantity>0</Quantity></TrustedKeyGroups>');
  assert.deepEqual(readShape(model, 'TrustedKeyGroups', ttl, 'T'), { Enabled: true, Quantity: 0 });
});

test('a wrong element, a non-integer or a non-boolean is MalformedInput naming the path', () => {
  const cases = [
    '<Aliases><Quantity>one</Quantity></Aliases>',
    '<Aliases><Quantity>1</Quantity><Items><Alias>a</Alias></Items></Aliases>',
    '<Aliases><Bogus/></Aliases>',
  ];
  for (const xml of cases)
    assert.throws(
      () => readShape(model, 'Aliases', parseXml(xml), 'DistributionConfig.Aliases'),
      (error: unknown) =>
        error instanceof CloudFrontError &&
        error.code === 'MalformedInput' &&
        error.message.includes('DistributionConfig.Aliases'),
    );
});

test('values are written in model member order with list member names, booleans and timestamps', () => {
  const element = writeShape(model, 'KeyGroup', 'KeyGroup', {
    KeyGroupConfig: { Items: ['K1'], Name: 'g' },
    LastModifiedTime: '2026-12-05T00:00:00.000Z',
    Id: 'abc',
  });
  assert.equal(
    renderXmlDocument(element!),
    '<?xml version="1.0" encoding="UTF-8"?>\n<KeyGroup><Id>abc</Id><LastModifiedTime>2026-12-05T00:00:00.000Z</LastModifiedTime><KeyGroupConfig><Name>g</Name><Items><PublicKey>K1</PublicKey></Items></KeyGroupConfig></KeyGroup>',
  );
  const flag = writeShape(model, 'TrustedKeyGroups', 'TrustedKeyGroups', { Enabled: false, Quantity: 0 });
  assert.match(renderXmlDocument(flag!), /<Enabled>false<\/Enabled><Quantity>0<\/Quantity>/);
});

test('a document read and written again is the same (round trip through the model)', () => {
  const xml =
    '<CachePolicyConfig><Comment>c</Comment><Name>n</Name><DefaultTTL>60</DefaultTTL><MaxTTL>600</MaxTTL><MinTTL>0</MinTTL><ParametersInCacheKeyAndForwardedToOrigin><EnableAcceptEncodingGzip>true</EnableAcceptEncodingGzip><EnableAcceptEncodingBrotli>false</EnableAcceptEncodingBrotli><HeadersConfig><HeaderBehavior>whitelist</HeaderBehavior><Headers><Quantity>1</Quantity><Items><Name>Origin</Name></Items></Headers></HeadersConfig><CookiesConfig><CookieBehavior>none</CookieBehavior></CookiesConfig><QueryStringsConfig><QueryStringBehavior>none</QueryStringBehavior></QueryStringsConfig></ParametersInCacheKeyAndForwardedToOrigin></CachePolicyConfig>';
  const value = readShape(model, 'CachePolicyConfig', parseXml(xml), 'CachePolicyConfig');
  assert.equal(
    renderXmlDocument(writeShape(model, 'CachePolicyConfig', 'CachePolicyConfig', value)!),
    `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`,
  );
});

test('an empty Items next to a Quantity is refused as CloudFront does, empty tag items are not, and an empty list is never written', () => {
  assert.deepEqual(readShape(model, 'Tags', parseXml('<Tags><Items></Items></Tags>'), 'Tags'), { Items: [] });
  assert.throws(
    () =>
      readShape(model, 'Aliases', parseXml('<Aliases><Quantity>0</Quantity><Items/></Aliases>'), 'Aliases'),
    { code: 'MalformedInput', message: 'Unexpected list element termination' },
  );
  const written = writeShape(model, 'Aliases', 'Aliases', { Quantity: 0, Items: [] });
  assert.match(renderXmlDocument(written!), /<Aliases><Quantity>0<\/Quantity><\/Aliases>$/);
});
