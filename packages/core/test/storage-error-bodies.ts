// Real answers of the mock server (mock-server/src, `startMockServer({ port: 0 })` run with `npx tsx` on
// 2026-11-22) to deliberately bad requests: presigned with the vendors' APIs, then sent with the wrong Content-Type,
// an empty or oversized body, after `POST /__clock {advanceMs}`, twice to one name, or under a `status`
// fault. Copied here because packages may not depend on the mock; the mock's own tests keep these shapes honest.
/** s3 put wrong content-type: 403 */
export const S3_PUT_SIGNATURE_MISMATCH = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message><AWSAccessKeyId>AKIAMOCKDEV000000001</AWSAccessKeyId><StringToSign>AWS4-HMAC-SHA256
20261122T025314Z
20261122/us-east-1/s3/aws4_request
57561b7b30acae8a9cdb19c78741968a302b0aafe592453d23e277d65e8d3b53</StringToSign><SignatureProvided>016acb499dc94f65b837d8efacbb66db7c59488c673663861aa51ef75365f4d9</SignatureProvided><StringToSignBytes>41 57 53 34 2d 48 4d 41 43 2d 53 48 41 32 35 36 0a 32 30 32 36 31 31 32 32 54 30 32 35 33 31 34 5a 0a 32 30 32 36 31 31 32 32 2f 75 73 2d 65 61 73 74 2d 31 2f 73 33 2f 61 77 73 34 5f 72 65 71 75 65 73 74 0a 35 37 35 36 31 62 37 62 33 30 61 63 61 65 38 61 39 63 64 62 31 39 63 37 38 37 34 31 39 36 38 61 33 30 32 62 30 61 61 66 65 35 39 32 34 35 33 64 32 33 65 32 37 37 64 36 35 65 38 64 33 62 35 33</StringToSignBytes><CanonicalRequest>PUT
/nft2-protocol/photo-10a2f1971b49.png
X-Amz-Algorithm=AWS4-HMAC-SHA256&amp;X-Amz-Content-Sha256=UNSIGNED-PAYLOAD&amp;X-Amz-Credential=AKIAMOCKDEV000000001%2F20261122%2Fus-east-1%2Fs3%2Faws4_request&amp;X-Amz-Date=20261122T025314Z&amp;X-Amz-Expires=3600&amp;X-Amz-SignedHeaders=content-type%3Bhost&amp;x-id=PutObject
content-type:image/png
host:127.0.0.1:37835

content-type;host
UNSIGNED-PAYLOAD</CanonicalRequest><CanonicalRequestBytes>50 55 54 0a 2f 6e 66 74 32 2d 70 72 6f 74 6f 63 6f 6c 2f 70 68 6f 74 6f 2d 31 30 61 32 66 31 39 37 31 62 34 39 2e 70 6e 67 0a 58 2d 41 6d 7a 2d 41 6c 67 6f 72 69 74 68 6d 3d 41 57 53 34 2d 48 4d 41 43 2d 53 48 41 32 35 36 26 58 2d 41 6d 7a 2d 43 6f 6e 74 65 6e 74 2d 53 68 61 32 35 36 3d 55 4e 53 49 47 4e 45 44 2d 50 41 59 4c 4f 41 44 26 58 2d 41 6d 7a 2d 43 72 65 64 65 6e 74 69 61 6c 3d 41 4b 49 41 4d 4f 43 4b 44 45 56 30 30 30 30 30 30 30 30 31 25 32 46 32 30 32 36 31 31 32 32 25 32 46 75 73 2d 65 61 73 74 2d 31 25 32 46 73 33 25 32 46 61 77 73 34 5f 72 65 71 75 65 73 74 26 58 2d 41 6d 7a 2d 44 61 74 65 3d 32 30 32 36 31 31 32 32 54 30 32 35 33 31 34 5a 26 58 2d 41 6d 7a 2d 45 78 70 69 72 65 73 3d 33 36 30 30 26 58 2d 41 6d 7a 2d 53 69 67 6e 65 64 48 65 61 64 65 72 73 3d 63 6f 6e 74 65 6e 74 2d 74 79 70 65 25 33 42 68 6f 73 74 26 78 2d 69 64 3d 50 75 74 4f 62 6a 65 63 74 0a 63 6f 6e 74 65 6e 74 2d 74 79 70 65 3a 69 6d 61 67 65 2f 70 6e 67 0a 68 6f 73 74 3a 31 32 37 2e 30 2e 30 2e 31 3a 33 37 38 33 35 0a 0a 63 6f 6e 74 65 6e 74 2d 74 79 70 65 3b 68 6f 73 74 0a 55 4e 53 49 47 4e 45 44 2d 50 41 59 4c 4f 41 44</CanonicalRequestBytes><RequestId>E9C9E74A388FB79D</RequestId></Error>`

/** gcs put wrong content-type: 403 */
export const GCS_PUT_SIGNATURE_MISMATCH = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>SignatureDoesNotMatch</Code><Message>Access denied.</Message><Details>The request signature we calculated does not match the signature you provided. Check your Google secret key and signing method.</Details><StringToSign>GOOG4-RSA-SHA256
20261122T025314Z
20261122/auto/storage/goog4_request
f0c73f293e7fd964bf79e9ad9e3ad12c2bc1cb0f6972d2f4a5db0ae6c6bfc8a0</StringToSign><CanonicalRequest>PUT
/artwork-staging-images/srr-images/0xf1B51E02804A7AF4Eb4c2f57dc9a05510A513C17/photo.jpg
X-Goog-Algorithm=GOOG4-RSA-SHA256&amp;X-Goog-Credential=startrail-signer%40mock-project.iam.gserviceaccount.com%2F20261122%2Fauto%2Fstorage%2Fgoog4_request&amp;X-Goog-Date=20261122T025314Z&amp;X-Goog-Expires=900&amp;X-Goog-SignedHeaders=content-type%3Bhost
content-type:image/png
host:127.0.0.1

content-type;host
UNSIGNED-PAYLOAD</CanonicalRequest></Error>`

/** gcs put again 412: 412 */
export const GCS_PUT_NAME_TAKEN = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold.</Message><Details>Startrail file names are unique per issuer-address: srr-images/0xf1B51E02804A7AF4Eb4c2f57dc9a05510A513C17/photo.jpg already holds a file. Request a signed URL for a new name.</Details></Error>`

/** s3 post wrong content-type: 403 */
export const S3_POST_POLICY_CONTENT_TYPE = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy Condition failed: [&quot;eq&quot;, &quot;$Content-Type&quot;, &quot;image/png&quot;]</Message><RequestId>FCC5E8889EE37C20</RequestId></Error>`

/** s3 post empty: 400 */
export const S3_POST_EMPTY = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>EntityTooSmall</Code><Message>Your proposed upload is smaller than the minimum allowed size</Message><ProposedSize>0</ProposedSize><MinSizeAllowed>1</MinSizeAllowed><RequestId>B81E1A63FB2DE585</RequestId></Error>`

/** s3 post too large: 400 */
export const S3_POST_TOO_LARGE = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message><MaxSizeAllowed>33554432</MaxSizeAllowed><RequestId>AB9ADD7626CE2F21</RequestId></Error>`

/** s3 put expired: 403 */
export const S3_PUT_EXPIRED = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>3600</X-Amz-Expires><Expires>2026-11-22T03:53:15Z</Expires><ServerTime>2026-11-22T04:53:15Z</ServerTime><RequestId>2FAE169D8F760A11</RequestId></Error>`

/** gcs put expired: 400 */
export const GCS_PUT_EXPIRED = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>ExpiredToken</Code><Message>Invalid argument.</Message><Details>The provided token has expired. Request signature expired at: 2026-11-22T03:08:15+00:00</Details></Error>`

/** s3 post expired: 403 */
export const S3_POST_POLICY_EXPIRED = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>AccessDenied</Code><Message>Invalid according to Policy: Policy expired.</Message><RequestId>F2E2CCA385F49A86</RequestId></Error>`

/** s3 put 503: 503 */
export const S3_PUT_SLOW_DOWN = `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message><RequestId>1088C3629C73160A</RequestId></Error>`
