import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { createPresignedPost } from '@aws-sdk/s3-presigned-post'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import type { MockState } from '../state.ts'

/**
 * The vendors' side of signing, done by the real signers (AWS SDK; Google's client on Node, its byte-identical
 * WebCrypto twin in a page) so that what the mock's storage accepts is what real S3 / GCS accept from those
 * libraries. Every signature reads the mock clock.
 */
export function createPresigners(state: MockState) {
  const { s3, gcs } = state.credentials
  const s3Client = () =>
    new S3Client({
      region: s3.region,
      endpoint: state.endpoints.s3,
      forcePathStyle: true,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
      // Without this the SDK signs a CRC32 of an empty body into every URL (`x-amz-checksum-crc32=AAAAAA==`).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      // createPresignedPost reads "now" from the client's clock offset.
      systemClockOffset: state.clock.offsetMs,
    })

  return {
    /** Presigned SigV4 PUT; `Content-Type` is signed, so the upload must send exactly `contentType`. */
    putUrl(bucket: string, key: string, contentType: string, expiresInSeconds: number): Promise<string> {
      return getSignedUrl(s3Client(), new PutObjectCommand({ Bucket: bucket, Key: key, ContentType: contentType }), {
        expiresIn: expiresInSeconds,
        signingDate: state.clock.now(),
        signableHeaders: new Set(['content-type']),
      })
    },

    /** Browser POST policy, as `createPresignedPost` returns it: `{ url, fields }`. */
    postPolicy(input: {
      bucket: string
      key: string
      fields: Record<string, string>
      conditions: Array<unknown>
      expiresInSeconds: number
    }): Promise<{ url: string; fields: Record<string, string> }> {
      return createPresignedPost(s3Client(), {
        Bucket: input.bucket,
        Key: input.key,
        Fields: input.fields,
        // The SDK's type lists only the documented condition shapes; ours are those shapes.
        Conditions: input.conditions as never,
        Expires: input.expiresInSeconds,
      })
    },

    /**
     * GCS V4 signed URL whose signature covers `content-type`, for reads too: Startrail's doc says to send the
     * result's `contentType` "when uploading or downloading … Otherwise, you will get an error about signature
     * mismatch".
     */
    gcsUrl(action: 'read' | 'write', key: string, contentType: string, expiresInSeconds: number): Promise<string> {
      return state.platform.signGcsUrl({
        endpoint: state.endpoints.gcs,
        bucket: gcs.bucket,
        key,
        method: action === 'read' ? 'GET' : 'PUT',
        contentType,
        clientEmail: gcs.serviceAccount.client_email,
        privateKey: gcs.keys.privateKey,
        privateKeyPem: gcs.serviceAccount.private_key,
        now: state.clock.now(),
        expiresInSeconds,
      })
    },
  }
}

export type Presigners = ReturnType<typeof createPresigners>
