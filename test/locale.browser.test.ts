import type { Body, Meta } from '@uppy/core'
import Uppy from '@uppy/core'
import { UploadError } from '@uppy-presign/core'
import GcsSignedUrl, { startrail, startrailReads } from '@uppy-presign/gcs'
import IpfsPresign, { nft2 } from '@uppy-presign/ipfs'
import S3PostPolicy, { leonardo, typebot } from '@uppy-presign/s3-post'
import { describe, expect, it } from 'vitest'
import { failureStrings } from '../packages/core/src/failure-strings.ts'
import { unexplainedStrings } from '../packages/core/src/failures.ts'
import coreLocale from '../packages/core/src/locale.ts'
import gcsLocale from '../packages/gcs/src/locale.ts'
import ipfsLocale from '../packages/ipfs/src/locale.ts'
import s3PostLocale from '../packages/s3-post/src/locale.ts'
import { pngBlob, setFault, typebotSession, useMockServer } from './browser-harness.ts'
import { addFile, uploadAll } from './uppy-helpers.ts'

/**
 * Every error kind a person can meet, from each flow, in real Chromium against the mock, with the plugin's `locale`
 * set to a pseudo-locale: each string becomes `⟪key …its placeholders…⟫`. Once every marked part (with the values
 * spliced into it: file names, statuses, the storage's own words) is taken out, nothing but punctuation may be left,
 * or some English of ours reached the user without going through a locale.
 */

const leonardoStrings = leonardo.initImage({ endpoint: 'http://unused.test' }).locale?.strings ?? {}

const allStrings: Record<string, unknown> = {
  ...coreLocale.strings,
  ...failureStrings.strings,
  ...unexplainedStrings.strings,
  ...ipfsLocale.strings,
  ...gcsLocale.strings,
  ...s3PostLocale.strings,
  ...leonardoStrings,
}

/** Keeps each string's placeholders (and plural forms), so every value still lands somewhere visible. */
function pseudo(key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([form, text]) => [form, pseudo(key, text)]))
  }
  const placeholders = String(value).match(/%\{\w+\}/g) ?? []
  return `⟪${key} ${placeholders.join(' ')}⟫`
}
const PSEUDO = {
  strings: Object.fromEntries(Object.entries(allStrings).map(([key, value]) => [key, pseudo(key, value)])),
} as { strings: Record<string, string> }

/** What is left of a text once every marked part is taken out, innermost first (a hint inside a message). */
function unmarked(text: string): string {
  let rest = text
  for (let before = ''; before !== rest; ) {
    before = rest
    rest = rest.replace(/⟪[^⟪⟫]*⟫/g, '')
  }
  return rest
}

function expectNoEnglishOfOurs(error: Error | undefined, kind: string) {
  expect(error).toBeInstanceOf(UploadError)
  const { info, message } = error as UploadError
  expect(info.kind).toBe(kind)
  expect(message).toContain('⟪')
  expect(unmarked(message), message).toMatch(/^[\s\p{P}]*$/u)
  if (info.hint) expect(unmarked(info.hint), info.hint).toMatch(/^[\s\p{P}]*$/u)
}

const mock = useMockServer()
const FAST = { retries: 0, locale: PSEUDO }

const ipfsUppy = (options: Partial<Parameters<Uppy<Meta, Body>['use']>[1]> = {}) =>
  new Uppy<Meta, Body>().use(IpfsPresign, {
    presign: nft2({ endpoint: `${mock.url}/app/nft2` }),
    ...FAST,
    ...options,
  })
const gcsUppy = (options: Record<string, unknown> = {}) =>
  new Uppy<Meta, Body>().use(GcsSignedUrl, {
    presign: startrail({ endpoint: `${mock.url}/app/startrail`, category: 'artwork' }),
    ...FAST,
    ...options,
  })
const postUppy = (presign: Parameters<Uppy<Meta, Body>['use']>[1]['presign']) =>
  new Uppy<Meta, Body>().use(S3PostPolicy, { presign, ...FAST })

/** The one file's error after an upload. */
async function errorOf(uppy: Uppy<Meta, Body>, name: string, data: Blob, type?: string) {
  const id = addFile(uppy, name, data, type)
  return (await uploadAll(uppy)).get(id)?.error
}

const png = () => pngBlob(2000, 3)

describe('every message comes from a locale: nothing of ours is left under a pseudo-locale', () => {
  it('IPFS: a refused type, an unusable answer, a vendor refusal, no response', async () => {
    expectNoEnglishOfOurs(
      await errorOf(ipfsUppy(), 'cat.gif', new Blob(['GIF89a'], { type: 'image/gif' })),
      'invalid-file',
    )
    expectNoEnglishOfOurs(
      await errorOf(ipfsUppy({ presign: async () => ({}) as never }), 'cat.png', png()),
      'malformed-presign',
    )
    expectNoEnglishOfOurs(
      await errorOf(ipfsUppy({ presign: async () => ({ urls: [{}] }) as never }), 'cat.png', png()),
      'malformed-presign',
    )
    // The app's proxy refuses, in NFT2's own error shape, read by NFT2's reader.
    await setFault({ target: 'nft2', kind: 'status', status: 400 })
    expectNoEnglishOfOurs(await errorOf(ipfsUppy(), 'cat.png', png()), 'presign')
    const closed = 'http://127.0.0.1:9/bucket/cat.png?X-Amz-Date=20261122T025314Z&X-Amz-Expires=900'
    expectNoEnglishOfOurs(
      await errorOf(ipfsUppy({ presign: async () => [{ url: closed }] }), 'cat.png', png()),
      'network',
    )
  })

  it('IPFS: storage refusals, a hidden CID and a CID that is not the file’s', async () => {
    await setFault({ target: 's3-put', kind: 'expire', count: 2 })
    expectNoEnglishOfOurs(await errorOf(ipfsUppy(), 'a.png', png()), 'expired')
    await setFault({ target: 's3-put', kind: 'status', status: 500, count: 1 })
    expectNoEnglishOfOurs(await errorOf(ipfsUppy(), 'b.png', png()), 'server')
    await setFault({ target: 's3-put', kind: 'hide-header', count: 1 })
    expectNoEnglishOfOurs(await errorOf(ipfsUppy(), 'c.png', png()), 'cors')
    await setFault({ target: 's3-put', kind: 'wrong-cid', count: 1 })
    expectNoEnglishOfOurs(await errorOf(ipfsUppy({ verifyCid: true }), 'd.png', png()), 'cid-mismatch')
  })

  it('GCS: size and name rules, an unusable answer, a signature mismatch, a name already taken', async () => {
    expectNoEnglishOfOurs(await errorOf(gcsUppy({ maxFileSize: 10 }), 'big.png', png()), 'too-large')
    expectNoEnglishOfOurs(await errorOf(gcsUppy({ uniqueNames: false }), 'my photo.png', png()), 'invalid-file')
    expectNoEnglishOfOurs(await errorOf(gcsUppy(), 'photo', png()), 'invalid-file')
    const vendor = startrail({ endpoint: `${mock.url}/app/startrail`, category: 'artwork' })
    const withoutType = async (files: Array<{ fileName: string }>) => {
      const { results } = await vendor(files)
      return results.map(({ url, filename }) => ({ url, filename }))
    }
    expectNoEnglishOfOurs(await errorOf(gcsUppy({ presign: withoutType }), 'p.png', png()), 'malformed-presign')
    const swapsType = async (files: Array<{ fileName: string }>) => {
      const { results } = await vendor(files)
      return { results: results.map((r) => ({ ...r, contentType: 'text/plain' })) }
    }
    expectNoEnglishOfOurs(await errorOf(gcsUppy({ presign: swapsType }), 's.png', png()), 'signature-mismatch')
    // Startrail names are unique per issuer: it refuses the second, in its own error shape.
    expect(await errorOf(gcsUppy({ uniqueNames: false }), 'same.png', png())).toBeUndefined()
    expectNoEnglishOfOurs(await errorOf(gcsUppy({ uniqueNames: false }), 'same.png', png()), 'presign')
  })

  it('GCS: a category files may not have, from meta.category or the default', async () => {
    const poster = gcsUppy()
    const id = addFile(poster, 'poster.png', png())
    poster.setFileMeta(id, { category: 'poster' })
    expectNoEnglishOfOurs((await uploadAll(poster)).get(id)?.error, 'invalid-meta')
    expectNoEnglishOfOurs(await errorOf(gcsUppy({ categories: ['certificate'] }), 'plain.png', png()), 'invalid-meta')
  })

  it('GCS reads: no category, a name never stored, a changed Content-Type, a refused signing call', async () => {
    const reads = (options: Record<string, unknown> = {}) =>
      startrailReads({ endpoint: `${mock.url}/app/startrail`, category: 'artwork', ...FAST, ...options })
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: Error) => error,
      )
    expectNoEnglishOfOurs(await failure(reads({ category: undefined }).download({ fileName: 'a.png' })), 'invalid-file')
    expectNoEnglishOfOurs(await failure(reads().download({ fileName: 'a b.png' })), 'invalid-file')
    expectNoEnglishOfOurs(await failure(reads().download({ fileName: 'ghost.png' })), 'storage')
    const rewriting: typeof fetch = (input, init) =>
      fetch(input, init?.method === 'POST' ? init : { ...init, headers: { 'Content-Type': 'text/plain' } })
    expectNoEnglishOfOurs(
      await failure(reads({ fetch: rewriting }).download({ fileName: 'ghost.png' })),
      'signature-mismatch',
    )
    await setFault({ target: 'startrail', kind: 'status', status: 400 })
    expectNoEnglishOfOurs(await failure(reads().download({ fileName: 'a.png' })), 'presign')
  })

  it('S3 POST: Leonardo’s rules, a policy’s size range and conditions, a vendor refusal, an unusable answer', async () => {
    const initImage = leonardo.initImage({ endpoint: `${mock.url}/app/leonardo` })
    expectNoEnglishOfOurs(await errorOf(postUppy(initImage), 'cat.gif', new Blob(['GIF89a'])), 'invalid-file')
    expectNoEnglishOfOurs(await errorOf(postUppy(initImage), 'cat.jpg', png(), 'image/jpeg'), 'invalid-file')
    await typebotSession('session-7')
    const chat = typebot({ endpoint: `${mock.url}/app/typebot`, sessionId: 'session-7' })
    expectNoEnglishOfOurs(
      await errorOf(
        postUppy(chat),
        'huge.bin',
        new Blob([new Uint8Array(10 * 1024 * 1024 + 1)], { type: 'application/pdf' }),
      ),
      'too-large',
    )
    const tampered = Object.assign(async (file: Parameters<typeof chat>[0]) => {
      const answer = (await chat(file)) as { formData: Record<string, string> }
      return { ...answer, formData: { ...answer.formData, 'x-extra': '1' } }
    })
    expectNoEnglishOfOurs(await errorOf(postUppy(tampered as typeof chat), 'note.txt', new Blob(['hi'])), 'policy')
    expectNoEnglishOfOurs(
      await errorOf(
        postUppy(typebot({ endpoint: `${mock.url}/app/typebot`, sessionId: '' })),
        'n.txt',
        new Blob(['x']),
      ),
      'presign',
    )
    expectNoEnglishOfOurs(
      await errorOf(postUppy((async () => ({})) as never), 'n.txt', new Blob(['x'])),
      'malformed-presign',
    )
  })
})
