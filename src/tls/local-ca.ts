// A local certificate authority for running the story's real names over HTTPS on one machine:
// created once under the data dir (key file mode 0600), it issues leaf certificates for the names
// the demo and tests serve. Built on node-forge so no openssl binary is needed.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import forge from 'node-forge';

export type PemPair = { readonly cert: string; readonly key: string };

const DAY_MS = 86_400_000;

function newSerial(): string {
  // Positive 128-bit serial: the top bit cleared so DER does not read it as negative.
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

function validity(cert: forge.pki.Certificate, now: Date, days: number): void {
  cert.validity.notBefore = new Date(now.getTime() - DAY_MS);
  cert.validity.notAfter = new Date(now.getTime() + days * DAY_MS);
}

/** A new self-signed CA, valid ten years. */
export function createCertificateAuthority(commonName = 'Frontgate local CA', now = new Date()): PemPair {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = newSerial();
  validity(cert, now, 3650);
  const subject = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Frontgate (local development only)' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
}

/** A server certificate for `names` (DNS names, wildcards like `*.junlog.dev`, or IP addresses), signed by `ca`. */
export function issueServerCertificate(ca: PemPair, names: readonly string[], now = new Date()): PemPair {
  if (names.length === 0) throw new RangeError('issueServerCertificate needs at least one name');
  const caCert = forge.pki.certificateFromPem(ca.cert);
  const caKey = forge.pki.privateKeyFromPem(ca.key);
  const keys = forge.pki.rsa.generateKeyPair({ bits: 2048 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = newSerial();
  // 397 days: the longest lifetime browsers accept for a server certificate.
  validity(cert, now, 397);
  cert.setSubject([{ name: 'commonName', value: names[0]! }]);
  cert.setIssuer(caCert.subject.attributes);
  const altNames = names.map((name) => (isIP(name) ? { type: 7, ip: name } : { type: 2, value: name }));
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { cert: forge.pki.certificateToPem(cert), key: forge.pki.privateKeyToPem(keys.privateKey) };
}

/** Loads `<dir>/ca.pem` + `<dir>/ca-key.pem`, creating them on first use. */
export function loadOrCreateCertificateAuthority(
  dir: string,
): PemPair & { readonly certPath: string; readonly created: boolean } {
  const certPath = join(dir, 'ca.pem');
  const keyPath = join(dir, 'ca-key.pem');
  if (existsSync(certPath) && existsSync(keyPath)) {
    return {
      cert: readFileSync(certPath, 'utf8'),
      key: readFileSync(keyPath, 'utf8'),
      certPath,
      created: false,
    };
  }
  mkdirSync(dir, { recursive: true });
  const ca = createCertificateAuthority();
  writeFileSync(keyPath, ca.key, { mode: 0o600 });
  chmodSync(keyPath, 0o600);
  writeFileSync(certPath, ca.cert);
  return { ...ca, certPath, created: true };
}
