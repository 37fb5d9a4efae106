import type { Body, Meta } from '@uppy/core'
import Uppy from '@uppy/core'
import IpfsPresign, { computeCid, nft2 } from '@uppy-presign/ipfs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { objects, pngBlob, useMockServer } from './browser-harness.ts'
import { addFile, uploadAll } from './uppy-helpers.ts'

/**
 * A page whose Content-Security-Policy refuses workers: the CID worker cannot start, and what the kit says must be
 * that cause, named from the browser's own violation report — not a guess. A policy set by a <meta> tag cannot be
 * taken back, so it stays on this file's page alone (each test file has a page of its own).
 */
const mock = useMockServer()
const instances: Array<Uppy<Meta, Body>> = []

beforeAll(() => {
  const policy = document.createElement('meta')
  policy.httpEquiv = 'Content-Security-Policy'
  policy.content = "worker-src 'none'"
  document.head.append(policy)
})
afterAll(() => {
  for (const uppy of instances) uppy.destroy()
})

describe('the CID worker refused by the page’s Content-Security-Policy', () => {
  it('computeCid rejects naming the directive that refused it', async () => {
    const failure = await computeCid(new Blob(['hello world\n'])).catch((error: unknown) => error)
    expect(failure).toMatchObject({ name: 'CidWorkerFailed', blockedBy: expect.stringMatching(/^worker-src/) })
  })

  it('verifyCid keeps the upload, with the gateway’s CID unverified and the CSP named as the reason', async () => {
    const uppy = new Uppy<Meta, Body>().use(IpfsPresign, {
      presign: nft2({ endpoint: `${mock.url}/app/nft2` }),
      verifyCid: true,
    })
    instances.push(uppy)
    const id = addFile(uppy, 'photo.png', pngBlob(70_000, 2))
    const outcome = (await uploadAll(uppy)).get(id)
    expect(outcome?.error).toBeUndefined()
    const [stored] = await objects()
    expect(outcome?.body).toMatchObject({
      cid: stored?.cid,
      cidVerified: false,
      cidUnverifiedReason: expect.stringMatching(
        /^The file's CID could not be computed in the browser \(the CID worker failed to run: the page's Content-Security-Policy refused it \(worker-src 'none'\); the worker starts from a blob: URL, so allow blob: in worker-src\), so the gateway's CID is not checked\.$/,
      ),
    })
  })
})
