import AwsS3 from '@uppy/aws-s3'
import Uppy, { type Body, type Meta } from '@uppy/core'
import { type GcsResult, awsS3SignRequest as gcsSignRequest, startrail } from '@uppy-presign/gcs'
import { leonardo, awsS3SignRequest as postSignRequest, type S3PostSigned, typebot } from '@uppy-presign/s3-post'
import { describe, expect, it } from 'vitest'
import { objects, pngBlob, sha256Hex, stats, typebotSession, useMockServer } from './browser-harness.ts'
import { addFile, uploadAll } from './uppy-helpers.ts'

/**
 * The path for apps that keep `@uppy/aws-s3` 6: its own uploader, signing through our vendor adapters and the app's
 * presign proxies (/app/<vendor>), against the real mock over loopback. What it cannot do is in the READMEs.
 */
const mock = useMockServer()

describe('@uppy/aws-s3 with awsS3SignRequest', () => {
  it('uploads through Startrail with the Content-Type GCS signed, and hands the finalUrl to onSigned', async () => {
    const signed: Array<GcsResult & { key: string }> = []
    const uppy = new Uppy<Meta, Body>().use(AwsS3, {
      shouldUseMultipart: false,
      signRequest: gcsSignRequest(startrail({ endpoint: `${mock.url}/app/startrail`, category: 'artwork' }), {
        onSigned: (s) => signed.push(s),
      }),
    })
    const blob = pngBlob(200_000, 5)
    // A type other than the one Startrail derives from the extension: the signed one must win, or GCS refuses.
    const id = addFile(uppy, 'my cat.png', blob, 'application/octet-stream')
    const outcome = (await uploadAll(uppy)).get(id)
    expect(outcome?.error).toBeUndefined()

    const stored = (await objects()).filter((o) => o.bucket === mock.config.gcs.bucket)
    expect(stored).toHaveLength(1)
    const [object] = stored
    expect(object?.contentType).toBe('image/png')
    expect(object?.size).toBe(blob.size)
    expect(object?.sha256).toBe(await sha256Hex(blob))
    // aws-s3's result: the object URL and the name Startrail stored it under (spaces made safe).
    expect(outcome?.body).toEqual({
      location: `${mock.config.gcs.endpoint}/${object?.bucket}/${object?.key}`,
      key: signed[0]?.key,
    })
    expect(object?.key.endsWith(`/${signed[0]?.fileName}`)).toBe(true)
    expect(signed[0]?.fileName).toMatch(/-my-cat\.png$/)
    // Artwork's finalUrl is on Startrail's static-files host, not the bucket: only onSigned can tell the app.
    expect(signed[0]?.finalUrl).toBe(`${mock.url}/startrail/static-files/${object?.key}`)
    const served = await fetch(signed[0]?.finalUrl as string)
    expect(served.status).toBe(200)
    expect(await sha256Hex(await served.blob())).toBe(object?.sha256)
    expect((await stats()).presign.startrail).toBe(1)
  })

  it('uploads a Leonardo init image through its POST policy, and hands the id to onSigned', async () => {
    const signed: Array<S3PostSigned & { key: string }> = []
    const uppy = new Uppy<Meta, Body>().use(AwsS3, {
      shouldUseMultipart: false,
      signRequest: postSignRequest(leonardo.initImage({ endpoint: `${mock.url}/app/leonardo` }), {
        onSigned: (s) => signed.push(s),
      }),
    })
    const blob = pngBlob(50_000, 7)
    const id = addFile(uppy, 'init.png', blob)
    const outcome = (await uploadAll(uppy)).get(id)
    expect(outcome?.error).toBeUndefined()

    const stored = (await objects()).filter((o) => o.bucket === mock.config.s3.buckets.uploads)
    expect(stored).toHaveLength(1)
    const [object] = stored
    expect(object?.sha256).toBe(await sha256Hex(blob))
    expect(object?.contentType).toBe('image/png')
    expect(outcome?.body).toEqual({
      key: object?.key,
      location: `${mock.config.s3.endpoint}/${object?.bucket}/${object?.key}`,
    })
    expect(signed).toEqual([{ id: expect.any(String), key: object?.key }])
    // The id is what a generation needs; Leonardo knows it as the uploaded image.
    const image = await fetch(`${mock.url}/app/leonardo/init-image/${signed[0]?.id}`)
    expect(image.status).toBe(200)
    expect(((await image.json()) as { init_images_by_pk: { id: string } | null }).init_images_by_pk?.id).toBe(
      signed[0]?.id,
    )
  })

  it('uploads through a Typebot POST policy, where location is the fileUrl', async () => {
    await typebotSession('session-42')
    const signed: Array<S3PostSigned & { key: string }> = []
    const uppy = new Uppy<Meta, Body>().use(AwsS3, {
      shouldUseMultipart: false,
      signRequest: postSignRequest(typebot({ endpoint: `${mock.url}/app/typebot`, sessionId: 'session-42' }), {
        onSigned: (s) => signed.push(s),
      }),
    })
    const blob = new Blob(['%PDF-1.4 not really\n'], { type: 'application/pdf' })
    const id = addFile(uppy, 'report.pdf', blob)
    const outcome = (await uploadAll(uppy)).get(id)
    expect(outcome?.error).toBeUndefined()
    const body = outcome?.body as { location: string; key: string }
    expect(body.key).toMatch(/^public\/tmp\/sessions\/session-42\/.+-report\.pdf$/)
    expect(body.location).toBe(signed[0]?.fileUrl)
    const served = await fetch(body.location)
    expect(served.status).toBe(200)
    expect(await served.text()).toBe('%PDF-1.4 not really\n')
  })

  it('refuses multipart steps with an error that names the option to set', async () => {
    const uppy = new Uppy<Meta, Body>().use(AwsS3, {
      shouldUseMultipart: true,
      signRequest: gcsSignRequest(startrail({ endpoint: `${mock.url}/app/startrail`, category: 'artwork' })),
    })
    const id = addFile(uppy, 'big.png', pngBlob(1000))
    const outcome = (await uploadAll(uppy)).get(id)
    expect(outcome?.error?.message).toMatch(/multipart.*shouldUseMultipart: false/)
    expect((await stats()).presign.startrail ?? 0).toBe(0)
  })

  it('refuses a Leonardo adapter with fitTo, which needs the bytes aws-s3 never gives the signer', () => {
    const presign = leonardo.initImage({
      endpoint: `${mock.url}/app/leonardo`,
      fitTo: { width: 512, height: 512, mode: 'contain' },
    })
    expect(() => postSignRequest(presign)).toThrow(/fitTo/)
  })
})
