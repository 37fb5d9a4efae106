import type { Body, Meta, UppyFile } from '@uppy/core'
import Uppy from '@uppy/core'
import type { UploadError } from '@uppy-presign/core'
import { describe, expect, it } from 'vitest'
import GcsSignedUrl, { type GcsSignedUrlOptions } from './GcsSignedUrl.ts'
import { type StartrailFileToSign, startrail } from './startrail.ts'

/**
 * What the plugin asks Startrail for, per file: `startrail()` with a fetch that records the request body and stops
 * there (a 400 in Startrail's shape), so no storage is needed to see the category each file is signed for.
 */
function recordingStartrail(category: 'artwork' | 'certificate' = 'artwork') {
  const bodies: Array<{ action: string; payload: Array<{ filename: string; category: string }> }> = []
  const fetch = async (_url: RequestInfo | URL, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init?.body)))
    return Response.json({ statusCode: 400, message: ['stopped after recording'] }, { status: 400 })
  }
  return { presign: startrail({ endpoint: 'http://startrail.test', category, fetch }), bodies }
}

async function run(opts: GcsSignedUrlOptions, files: Array<{ name: string; meta?: Record<string, unknown> }>) {
  const uppy = new Uppy<Meta, Body>().use(GcsSignedUrl, { retries: 0, uniqueNames: false, ...opts })
  const ids = files.map(({ name, meta }) =>
    uppy.addFile({ name, type: 'image/png', data: new Blob([new Uint8Array(8)]), meta }),
  )
  const errors = new Map<string, UploadError>()
  uppy.on('upload-error', (file: UppyFile<Meta, Body> | undefined, error: Error) => {
    if (file) errors.set(file.name ?? '', error as UploadError)
  })
  await uppy.upload()
  return { errors, ids, uppy }
}

describe('GcsSignedUrl: a category per file', () => {
  it('sends each file’s meta.category, and the adapter’s default for a file without one, in one call', async () => {
    const { presign, bodies } = recordingStartrail('artwork')
    await run({ presign }, [
      { name: 'art.png', meta: { category: 'artwork' } },
      { name: 'cert.pdf', meta: { category: 'certificate' } },
      { name: 'plain.png' },
      { name: 'picked-nothing.png', meta: { category: '' } },
    ])
    expect(bodies).toEqual([
      {
        action: 'write',
        payload: [
          { filename: 'art.png', category: 'artwork' },
          { filename: 'cert.pdf', category: 'certificate' },
          { filename: 'plain.png', category: 'artwork' },
          { filename: 'picked-nothing.png', category: 'artwork' },
        ],
      },
    ])
  })

  it('refuses a category Startrail does not have for that file only, naming the value and the allowed ones', async () => {
    const { presign, bodies } = recordingStartrail()
    const { errors } = await run({ presign }, [
      { name: 'poster.png', meta: { category: 'poster' } },
      { name: 'art.png', meta: { category: 'artwork' } },
    ])
    expect(bodies.map((b) => b.payload)).toEqual([[{ filename: 'art.png', category: 'artwork' }]])
    const refused = errors.get('poster.png')
    expect(refused?.info).toMatchObject({
      kind: 'invalid-meta',
      fileName: 'poster.png',
      retryable: false,
      details: { category: 'poster', allowed: 'certificate,for_authenticity,artwork,installation,non_attachment_file' },
    })
    expect(refused?.message).toBe(
      'poster.png: its category "poster" (meta.category) is not one files may have here: choose one of certificate, for_authenticity, artwork, installation, non_attachment_file for this file, then retry.',
    )
    // The other file went on to signing (here stopped by the recording fetch's 400).
    expect(errors.get('art.png')?.info.kind).toBe('presign')
  })

  it('`categories` narrows what files may name; a value that is no string is shown as it is', async () => {
    const { presign, bodies } = recordingStartrail()
    const { errors } = await run({ presign, categories: ['artwork', 'certificate'] }, [
      { name: 'thumb.png', meta: { category: 'non_attachment_file' } },
      { name: 'odd.png', meta: { category: 7 } },
      { name: 'cert.pdf', meta: { category: 'certificate' } },
    ])
    expect(bodies.map((b) => b.payload)).toEqual([[{ filename: 'cert.pdf', category: 'certificate' }]])
    expect(errors.get('thumb.png')?.message).toBe(
      'thumb.png: its category "non_attachment_file" (meta.category) is not one files may have here: choose one of artwork, certificate for this file, then retry.',
    )
    expect(errors.get('odd.png')?.message).toMatch(/^odd\.png: its category "7" \(meta\.category\)/)
  })

  it('a default outside `categories` refuses the files that have no category of their own', async () => {
    const { presign, bodies } = recordingStartrail('artwork')
    const { errors } = await run({ presign, categories: ['certificate'] }, [
      { name: 'plain.png' },
      { name: 'cert.pdf', meta: { category: 'certificate' } },
    ])
    expect(bodies.map((b) => b.payload)).toEqual([[{ filename: 'cert.pdf', category: 'certificate' }]])
    expect(errors.get('plain.png')?.info.kind).toBe('invalid-meta')
    expect(errors.get('plain.png')?.message).toBe(
      'plain.png has no category of its own (meta.category), and the default, "artwork", is not one files may have here: choose one of certificate for this file, then retry.',
    )
  })

  it('a custom presign gets the category only for files that name one', async () => {
    const calls: StartrailFileToSign[][] = []
    const presign = async (files: StartrailFileToSign[]) => {
      calls.push(files)
      throw new Error('stopped after recording')
    }
    await run({ presign }, [{ name: 'a.png' }, { name: 'b.pdf', meta: { category: 'installation' } }])
    expect(calls).toEqual([[{ fileName: 'a.png' }, { fileName: 'b.pdf', category: 'installation' }]])
  })

  it('startrail() declares its default category, and still signs with it when called alone', async () => {
    const { presign, bodies } = recordingStartrail('certificate')
    expect(presign.category).toBe('certificate')
    await expect(presign([{ fileName: 'a.pdf' }, { fileName: 'b.png', category: 'artwork' }])).rejects.toThrow()
    expect(bodies[0]?.payload).toEqual([
      { filename: 'a.pdf', category: 'certificate' },
      { filename: 'b.png', category: 'artwork' },
    ])
  })
})
