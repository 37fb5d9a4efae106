// The page side of `npm run bench` (bench/run.ts drives it): one upload job, run by our plugin, by a plain `fetch`
// loop, or by @uppy/aws-s3 6, each presigned through the same mock app backend, with the same concurrency.
import AwsS3 from '@uppy/aws-s3'
import Uppy, { type Body, type Meta } from '@uppy/core'
import IpfsPresign, { nft2 } from '@uppy-presign/ipfs'
import S3PostPolicy, { awsS3SignRequest, typebot } from '@uppy-presign/s3-post'
import { startTypebotSession } from '../typebot-session.ts'

export type Variant = 'ours' | 'fetch' | 'aws-s3'
export type Route = 's3-put' | 's3-post'
export interface Job {
  api: string
  route: Route
  variant: Variant
  count: number
  size: number
  /**
   * 'disk': the file the driver put in `#disk-file` (Chromium keeps at most ~500 MB of Blobs in memory, and a
   * person's large file comes from disk anyway); otherwise generated in memory.
   */
  source?: 'memory' | 'disk'
}

const LIMIT = 6
const quiet = { logger: { debug: () => {}, warn: () => {}, error: () => {} } }
const blobs = new Map<string, Blob[]>()

/** The same bytes for every variant of a job (generated once per count × size, PNG signature first). */
function filesOf(count: number, size: number): Blob[] {
  const key = `${count}x${size}`
  let list = blobs.get(key)
  if (!list) {
    blobs.clear()
    list = Array.from({ length: count }, (_, i) => {
      const bytes = new Uint8Array(size)
      crypto.getRandomValues(bytes.subarray(0, Math.min(size, 65536)))
      bytes[0] = i & 0xff
      bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].slice(0, size))
      return new Blob([bytes], { type: 'image/png' })
    })
    blobs.set(key, list)
  }
  return list
}

/** Runs `work` over `items`, `LIMIT` at a time: what Uppy's `limit` does, for the plain-fetch baseline. */
async function pool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(LIMIT, items.length) }, async () => {
      while (next < items.length) await work(items[next++] as T)
    }),
  )
}

async function expectOk(response: Response, what: string) {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`)
}

async function viaUppy(uppy: Uppy<Meta, Body>, files: Blob[]): Promise<void> {
  for (const [i, data] of files.entries()) uppy.addFile({ name: `f${i}.png`, type: 'image/png', data })
  const result = await uppy.upload()
  uppy.destroy()
  if (!result || result.failed?.length || result.successful?.length !== files.length) {
    throw new Error(`upload failed: ${result?.failed?.[0]?.error ?? 'no result'}`)
  }
}

async function run(job: Job): Promise<number> {
  const input = document.querySelector<HTMLInputElement>('#disk-file')
  const files = job.source === 'disk' ? [...(input?.files ?? [])] : filesOf(job.count, job.size)
  if (files.length !== job.count || files.some((f) => f.size !== job.size)) {
    throw new Error(`the job wants ${job.count} × ${job.size} B from ${job.source ?? 'memory'}; got ${files.length}`)
  }
  const presignPut = nft2({ endpoint: `${job.api}/app/nft2` })
  const policy = typebot({ endpoint: `${job.api}/app/typebot`, sessionId: 'bench' })
  if (job.route === 's3-post') await startTypebotSession(job.api, 'bench')
  const started = performance.now()
  if (job.route === 's3-put') {
    if (job.variant === 'ours') {
      await viaUppy(new Uppy<Meta, Body>(quiet).use(IpfsPresign, { presign: presignPut, limit: LIMIT }), files)
    } else if (job.variant === 'aws-s3') {
      // aws-s3 signs one file per call: it never sees the batch.
      const signRequest = async (request: { key: string; contentType?: string }) => {
        const { urls } = await presignPut([{ fileName: request.key, mimeType: request.contentType ?? 'image/png' }])
        return { url: urls[0] as string, headers: { 'content-type': request.contentType ?? 'image/png' } }
      }
      await viaUppy(
        new Uppy<Meta, Body>(quiet).use(AwsS3, { shouldUseMultipart: false, limit: LIMIT, signRequest } as never),
        files,
      )
    } else {
      // Presigned the same way as ours (NFT2 batches of 50), then PUT with fetch.
      const urls: string[] = []
      for (let i = 0; i < files.length; i += 50) {
        const batch = files.slice(i, i + 50).map((_, j) => ({ fileName: `f${i + j}.png`, mimeType: 'image/png' }))
        urls.push(...(await presignPut(batch)).urls)
      }
      await pool(
        files.map((file, i) => [file, urls[i] as string] as const),
        async ([file, url]) =>
          expectOk(await fetch(url, { method: 'PUT', body: file, headers: { 'content-type': 'image/png' } }), 'PUT'),
      )
    }
  } else if (job.variant === 'ours') {
    await viaUppy(new Uppy<Meta, Body>(quiet).use(S3PostPolicy, { presign: policy, limit: LIMIT }), files)
  } else if (job.variant === 'aws-s3') {
    await viaUppy(
      new Uppy<Meta, Body>(quiet).use(AwsS3, {
        shouldUseMultipart: false,
        limit: LIMIT,
        signRequest: awsS3SignRequest(policy),
      } as never),
      files,
    )
  } else {
    await pool(
      files.map((file, i) => [file, i] as const),
      async ([file, i]) => {
        const answer = (await policy({
          name: `f${i}.png`,
          type: 'image/png',
          extension: 'png',
          size: file.size,
          data: file,
        })) as {
          presignedUrl: string
          formData: Record<string, string>
        }
        const form = new FormData()
        for (const [name, value] of Object.entries(answer.formData)) form.append(name, value)
        form.append('file', file, `f${i}.png`)
        await expectOk(await fetch(answer.presignedUrl, { method: 'POST', body: form }), 'POST')
      },
    )
  }
  return performance.now() - started
}

;(globalThis as unknown as { runJob: typeof run }).runJob = run
