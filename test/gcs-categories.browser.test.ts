import type { Body, Meta } from '@uppy/core'
import Uppy from '@uppy/core'
import { UploadError } from '@uppy-presign/core'
import GcsSignedUrl, {
  type GcsResult,
  type GcsSignedUrlOptions,
  type StartrailFileToSign,
  startrail,
} from '@uppy-presign/gcs'
import { describe, expect, it } from 'vitest'
import { bytesOf, objects, pngBlob, setFault, stats, useMockServer } from './browser-harness.ts'
import { addFile, type Outcome, uploadAll } from './uppy-helpers.ts'

/**
 * A Startrail category per file (`meta.category`), in Chromium, through the demo app's proxy to the Startrail mock
 * and its GCS bucket: where each finalUrl points is the vendor's answer for the category sent, not the plugin's.
 */
const mock = useMockServer()
const proxy = () => startrail({ endpoint: `${mock.url}/app/startrail`, category: 'artwork' })

/** The real adapter, each call's files recorded as the plugin handed them over. */
function recordedProxy() {
  const real = proxy()
  const calls: StartrailFileToSign[][] = []
  const presign = async (files: StartrailFileToSign[]) => {
    calls.push(files)
    return real(files)
  }
  return { presign, calls }
}

const gcsUppy = (opts: Partial<GcsSignedUrlOptions> = {}) =>
  new Uppy<Meta, Body>({ autoProceed: false }).use(GcsSignedUrl, { presign: proxy(), ...opts })

const issuerFolder = () => `srr-images/${mock.config.startrail.issuerAddress}/`
/** Per Startrail's "Usage of Final URL": artwork on its static-files host, the other categories in the bucket. */
const artworkUrl = (fileName: string) => `${mock.url}/startrail/static-files/${issuerFolder()}${fileName}`
const bucketUrl = (fileName: string) =>
  `${mock.config.gcs.endpoint}/${mock.config.gcs.bucket}/${issuerFolder()}${fileName}`

const pdf = (size: number, seed: number) => new Blob([bytesOf(size, seed)], { type: 'application/pdf' })

function succeeded(outcome: Outcome | undefined): GcsResult {
  expect(outcome?.error).toBeUndefined()
  return outcome?.body as unknown as GcsResult
}

async function bytesAt(url: string): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetch(url)
  expect(response.status, `GET ${url}`).toBe(200)
  return new Uint8Array(await response.arrayBuffer())
}
const blobBytes = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer())

describe('GcsSignedUrl: a Startrail category per file, against the mock', () => {
  it('an artwork and a certificate in one call: each finalUrl where its category’s goes, serving its bytes', async () => {
    const { presign, calls } = recordedProxy()
    const uppy = gcsUppy({ presign })
    const art = pngBlob(30_000, 5)
    const cert = pdf(9000, 6)
    const artId = addFile(uppy, 'harbour.png', art)
    const certId = addFile(uppy, 'certificate.pdf', cert)
    uppy.setFileMeta(artId, { category: 'artwork' })
    uppy.setFileMeta(certId, { category: 'certificate' })
    const outcomes = await uploadAll(uppy)
    const artBody = succeeded(outcomes.get(artId))
    const certBody = succeeded(outcomes.get(certId))

    expect((await stats()).presign.startrail).toBe(1)
    expect(calls).toEqual([
      [
        { fileName: artBody.fileName, category: 'artwork' },
        { fileName: certBody.fileName, category: 'certificate' },
      ],
    ])
    expect(artBody).toMatchObject({ category: 'artwork', contentType: 'image/png' })
    expect(certBody).toMatchObject({ category: 'certificate', contentType: 'application/pdf' })
    expect(artBody.finalUrl).toBe(artworkUrl(artBody.fileName))
    expect(certBody.finalUrl).toBe(bucketUrl(certBody.fileName))
    expect(await bytesAt(artBody.finalUrl)).toEqual(await blobBytes(art))
    expect(await bytesAt(certBody.finalUrl)).toEqual(await blobBytes(cert))
    expect((await objects()).map((o) => o.key).sort()).toEqual(
      [artBody.fileName, certBody.fileName].map((name) => `${issuerFolder()}${name}`).sort(),
    )
  })

  it('an invalid category is refused for that file only, before the call; the others of the batch are stored', async () => {
    const uppy = gcsUppy()
    const bad = addFile(uppy, 'poster.png', pngBlob(2000, 1))
    const art = addFile(uppy, 'art.png', pngBlob(3000, 2))
    const thumb = addFile(uppy, 'thumb.png', pngBlob(4000, 3))
    uppy.setFileMeta(bad, { category: 'poster' })
    uppy.setFileMeta(thumb, { category: 'non_attachment_file' })
    const outcomes = await uploadAll(uppy)

    const error = outcomes.get(bad)?.error as UploadError
    expect(error).toBeInstanceOf(UploadError)
    expect(error.info).toMatchObject({ kind: 'invalid-meta', fileName: 'poster.png', retryable: false })
    expect(error.message).toBe(
      'poster.png: its category "poster" (meta.category) is not one files may have here: choose one of certificate, for_authenticity, artwork, installation, non_attachment_file for this file, then retry.',
    )
    const artBody = succeeded(outcomes.get(art))
    const thumbBody = succeeded(outcomes.get(thumb))
    expect(artBody.finalUrl).toBe(artworkUrl(artBody.fileName))
    // non_attachment_file (thumbnails, contract terms): the bucket URL.
    expect(thumbBody).toMatchObject({ category: 'non_attachment_file', finalUrl: bucketUrl(thumbBody.fileName) })
    // One call, for the two good files; the refused one never reached Startrail.
    expect((await stats()).presign.startrail).toBe(1)
    expect(await objects()).toHaveLength(2)

    // Set a category Startrail has, and Retry: the file is stored.
    uppy.setFileMeta(bad, { category: 'certificate' })
    const retried = succeeded((await uploadAll(uppy, (u) => u.retryUpload(bad))).get(bad))
    expect(retried).toMatchObject({ category: 'certificate', finalUrl: bucketUrl(retried.fileName) })
  })

  it('a re-sign after an expired URL asks for the same name and category, whatever the meta says by then', async () => {
    await setFault({ target: 'gcs', kind: 'expire', count: 1 })
    const { presign, calls } = recordedProxy()
    const uppy = gcsUppy({
      presign: async (files) => {
        const answer = await presign(files)
        // The category changed while the file is on its way must not move it from where its name was signed (the
        // engine works on the file as it was when the upload started; the plugin keeps what it signed, too).
        if (calls.length === 1) uppy.setFileMeta(id, { category: 'artwork' })
        return answer
      },
    })
    const data = pdf(5000, 8)
    const id = addFile(uppy, 'certificate.pdf', data)
    uppy.setFileMeta(id, { category: 'certificate' })
    const body = succeeded((await uploadAll(uppy)).get(id))
    expect(calls).toHaveLength(2)
    expect(calls[1]).toEqual(calls[0])
    expect(calls[0]).toEqual([{ fileName: body.fileName, category: 'certificate' }])
    expect(body).toMatchObject({ category: 'certificate', finalUrl: bucketUrl(body.fileName) })
    expect(await bytesAt(body.finalUrl)).toEqual(await blobBytes(data))
  })
})
