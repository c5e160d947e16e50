// `frontgate sign url|cookies`: signs a CloudFront URL or cookie set with a private key file, printing the signed
// URL, or Set-Cookie lines plus a ready-to-paste curl `-b` flag. Same policies as @aws-sdk/cloudfront-signer.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { getSignedCookies, getSignedUrl, renderCustomPolicy } from '../signer/index.ts';
import type { CloudFrontHashAlgorithm } from '../signer/index.ts';
import type { Command } from './command.ts';
import { UsageError } from './command.ts';

const usage = `Usage: frontgate sign url --url URL --key-pair-id ID --private-key FILE (--expires-in SECONDS | --date-less-than DATE)
                          [--date-greater-than DATE] [--ip-address CIDR] [--algorithm SHA1|SHA256]
                          [--policy-resource PATTERN] [--passphrase-env VAR]
       frontgate sign cookies (--url URL | --resource PATTERN) --key-pair-id ID --private-key FILE
                          (--expires-in SECONDS | --date-less-than DATE) [--date-greater-than DATE] [--ip-address CIDR]
                          [--algorithm SHA1|SHA256] [--domain DOMAIN] [--path PATH] [--passphrase-env VAR]

sign url      prints the signed URL. A canned policy is used unless --date-greater-than, --ip-address or
              --policy-resource (a wildcard Resource such as https://cdn.example.com/videos/*) ask for a custom one.
sign cookies  prints one Set-Cookie line per CloudFront-* cookie and a curl flag (-b '...') to replay them.
              Attributes: Path=/ (or --path), Domain only with --domain, Max-Age = the signed lifetime,
              Secure; HttpOnly; SameSite=Lax.
              --resource signs a custom policy for a wildcard Resource; --url an exact URL (canned policy).

DATE is anything JavaScript's Date accepts (2026-05-01T12:00:00Z, epoch milliseconds); epochs are rounded to
seconds like the AWS SDK. The private key is a PEM file (RSA 2048 or ECDSA P-256); an encrypted key reads its
passphrase from the environment variable named by --passphrase-env.`;

const options = {
  url: { type: 'string' },
  resource: { type: 'string' },
  'key-pair-id': { type: 'string' },
  'private-key': { type: 'string' },
  'expires-in': { type: 'string' },
  'date-less-than': { type: 'string' },
  'date-greater-than': { type: 'string' },
  'ip-address': { type: 'string' },
  algorithm: { type: 'string' },
  'policy-resource': { type: 'string' },
  'passphrase-env': { type: 'string' },
  domain: { type: 'string' },
  path: { type: 'string' },
  debug: { type: 'boolean' },
} as const;

type Values = {
  [K in keyof typeof options]?: (typeof options)[K]['type'] extends 'string' ? string : boolean;
};

export const signCommand: Command = {
  name: 'sign',
  usage,
  run: async (args, io) => {
    const [mode, ...rest] = args;
    if (mode !== 'url' && mode !== 'cookies')
      throw new UsageError(
        `expected "url" or "cookies", got ${mode === undefined ? 'nothing' : JSON.stringify(mode)}`,
      );
    let values: Values;
    try {
      ({ values } = parseArgs({ args: [...rest], options, allowPositionals: false, strict: true }));
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const keyPairId = required(values, 'key-pair-id');
    const privateKeyPath = resolve(io.cwd, required(values, 'private-key'));
    let privateKey: string;
    try {
      privateKey = readFileSync(privateKeyPath, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --private-key ${privateKeyPath}: ${(error as Error).message}`);
    }
    const passphrase = values['passphrase-env'] === undefined ? undefined : io.env[values['passphrase-env']];
    if (values['passphrase-env'] !== undefined && passphrase === undefined) {
      throw new UsageError(
        `environment variable ${values['passphrase-env']} (from --passphrase-env) is not set`,
      );
    }
    const algorithm = parseAlgorithm(values.algorithm);
    const now = Date.now();
    const dateLessThan = parseExpiry(values, now);
    const dateGreaterThan =
      values['date-greater-than'] === undefined
        ? undefined
        : parseDate('--date-greater-than', values['date-greater-than']);
    const ipAddress = values['ip-address'];
    const credentials = { keyPairId, privateKey, passphrase, algorithm };

    if (mode === 'url') {
      const url = required(values, 'url');
      if (values.resource !== undefined)
        throw new UsageError('--resource is for "sign cookies"; use --policy-resource with "sign url"');
      const pattern = values['policy-resource'];
      const signed =
        pattern === undefined
          ? getSignedUrl({ ...credentials, url, dateLessThan, dateGreaterThan, ipAddress })
          : getSignedUrl({
              ...credentials,
              url,
              policy: renderCustomPolicy({ resource: pattern, dateLessThan, dateGreaterThan, ipAddress }),
            });
      io.stdout(`${signed}\n`);
      return 0;
    }

    if ((values.url === undefined) === (values.resource === undefined))
      throw new UsageError('give exactly one of --url or --resource');
    if (values.url?.includes('*') && dateGreaterThan === undefined && ipAddress === undefined) {
      throw new UsageError(
        '--url contains "*" but would be a canned policy, which CloudFront compares literally: use --resource for a wildcard',
      );
    }
    const cookies =
      values.resource !== undefined
        ? getSignedCookies({
            ...credentials,
            policy: renderCustomPolicy({
              resource: values.resource,
              dateLessThan,
              dateGreaterThan,
              ipAddress,
            }),
          })
        : getSignedCookies({
            ...credentials,
            url: values.url as string,
            dateLessThan,
            dateGreaterThan,
            ipAddress,
          });
    const ordered = [
      ['CloudFront-Expires', cookies['CloudFront-Expires']],
      ['CloudFront-Policy', cookies['CloudFront-Policy']],
      ['CloudFront-Signature', cookies['CloudFront-Signature']],
      ['CloudFront-Key-Pair-Id', cookies['CloudFront-Key-Pair-Id']],
      ['CloudFront-Hash-Algorithm', cookies['CloudFront-Hash-Algorithm']],
    ].filter((entry): entry is [string, string | number] => entry[1] !== undefined);
    // Max-Age matches the signed lifetime (epoch rounded like the SDK), never longer.
    const maxAgeSeconds = Math.max(
      0,
      Math.floor((Math.round(dateLessThan.getTime() / 1000) * 1000 - now) / 1000),
    );
    const attributes = [
      ...(values.domain === undefined ? [] : [`Domain=${values.domain}`]),
      `Path=${values.path ?? '/'}`,
      `Max-Age=${maxAgeSeconds}`,
      'Secure',
      'HttpOnly',
      'SameSite=Lax',
    ].join('; ');
    for (const [name, value] of ordered) io.stdout(`Set-Cookie: ${name}=${value}; ${attributes}\n`);
    io.stdout(`-b '${ordered.map(([name, value]) => `${name}=${value}`).join('; ')}'\n`);
    return 0;
  },
};

function required(values: Values, name: 'url' | 'key-pair-id' | 'private-key'): string {
  const value = values[name];
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function parseAlgorithm(text: string | undefined): CloudFrontHashAlgorithm | undefined {
  if (text === undefined) return undefined;
  const upper = text.toUpperCase().replace('-', '');
  if (upper !== 'SHA1' && upper !== 'SHA256')
    throw new UsageError(`--algorithm must be SHA1 or SHA256, got ${JSON.stringify(text)}`);
  return upper;
}

function parseExpiry(values: Values, now: number): Date {
  const expiresIn = values['expires-in'];
  const lessThan = values['date-less-than'];
  if ((expiresIn === undefined) === (lessThan === undefined))
    throw new UsageError('give exactly one of --expires-in or --date-less-than');
  if (expiresIn !== undefined) {
    if (!/^\d+$/.test(expiresIn) || Number(expiresIn) === 0)
      throw new UsageError(
        `--expires-in must be a positive number of seconds, got ${JSON.stringify(expiresIn)}`,
      );
    return new Date(now + Number(expiresIn) * 1000);
  }
  return parseDate('--date-less-than', lessThan as string);
}

function parseDate(flag: string, text: string): Date {
  const date = new Date(/^\d+$/.test(text) ? Number(text) : text);
  if (Number.isNaN(date.getTime())) throw new UsageError(`${flag} ${JSON.stringify(text)} is not a date`);
  return date;
}
