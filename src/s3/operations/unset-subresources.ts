// The bucket subresources Frontgate does not configure, read as S3 reads them on a bucket where they were
// never set, so tools that read every subresource (Terraform's aws_s3_bucket refresh) succeed: the
// documented NoSuch… errors, or the empty/default documents (Amazon S3 API Reference, each Get… page).
// Setting any of them stays 501 NotImplemented (route-s3-request.ts).

import { el, renderXmlDocument, S3_XMLNS } from '../../xml/index.ts';
import { S3Error } from '../s3-error.ts';
import type { S3Deps, S3Request, S3Response } from '../s3-types.ts';
import { xmlResponse } from './xml-response.ts';

type Operation = (request: S3Request, deps: S3Deps) => Promise<S3Response>;

const bucketOf = (request: S3Request) => (request.route.operation as { bucket: string }).bucket;

const notConfigured =
  (
    code:
      | 'NoSuchWebsiteConfiguration'
      | 'NoSuchLifecycleConfiguration'
      | 'ReplicationConfigurationNotFoundError'
      | 'NoSuchTagSet'
      | 'ObjectLockConfigurationNotFoundError',
  ): Operation =>
  async (request) => {
    throw new S3Error(code, { extra: { BucketName: bucketOf(request) } });
  };

const document =
  (render: () => ReturnType<typeof el>): Operation =>
  async () =>
    xmlResponse(renderXmlDocument(render()));

export const getBucketWebsite = notConfigured('NoSuchWebsiteConfiguration');
export const getBucketLifecycleConfiguration = notConfigured('NoSuchLifecycleConfiguration');
export const getBucketReplication = notConfigured('ReplicationConfigurationNotFoundError');
export const getBucketTagging = notConfigured('NoSuchTagSet');
export const getObjectLockConfiguration = notConfigured('ObjectLockConfigurationNotFoundError');

/** Every bucket has had SSE-S3 default encryption since January 2023 ("Amazon S3 now automatically encrypts all new objects"). */
export const getBucketEncryption = document(() =>
  el(
    'ServerSideEncryptionConfiguration',
    [
      el('Rule', [
        el('ApplyServerSideEncryptionByDefault', [el('SSEAlgorithm', 'AES256')]),
        el('BucketKeyEnabled', 'false'),
      ]),
    ],
    { xmlns: S3_XMLNS },
  ),
);
/** Logging off: an empty BucketLoggingStatus. */
export const getBucketLogging = document(() => el('BucketLoggingStatus', [], { xmlns: S3_XMLNS }));
/** Transfer Acceleration never set: an empty AccelerateConfiguration (no Status). */
export const getBucketAccelerateConfiguration = document(() =>
  el('AccelerateConfiguration', [], { xmlns: S3_XMLNS }),
);
/** The bucket owner pays, the default. */
export const getBucketRequestPayment = document(() =>
  el('RequestPaymentConfiguration', [el('Payer', 'BucketOwner')], { xmlns: S3_XMLNS }),
);
