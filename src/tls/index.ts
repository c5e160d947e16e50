// Public surface of the local TLS helpers (demo and tests).
export {
  createCertificateAuthority,
  issueServerCertificate,
  loadOrCreateCertificateAuthority,
} from './local-ca.ts';
export type { PemPair } from './local-ca.ts';
