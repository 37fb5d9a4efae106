import { type Body, type Meta, Uppy, type UppyFile } from '@uppy/core'
import { TaskQueue } from '@uppy/core/utils'
import { describe, expect, it, vi } from 'vitest'
import { type Clock, PresignUploadEngine } from './engine.ts'
import { type Explain, explainer, translator } from './failures.ts'
import { type EngineOptions, engineDefaults, type Presigned, type SignedUpload, type UploadFlow } from './flow.ts'
import coreLocale from './locale.ts'
import { UnexplainedFailure } from './presign-request.ts'
import { type SendOptions, StorageRequestFailed, type StorageResponse } from './transport.ts'
import type { UploadError } from './upload-error.ts'

// ---------------------------------------------------------------------------------------------------------------
// The fakes: a clock whose sleeps take no time, a storage that answers what each test scripts, and a flow that
// records its presign calls. Uppy itself is real.
// ---------------------------------------------------------------------------------------------------------------

/** Whole seconds: the storage's `Date` header has no finer resolution, and clock-skew sums must come out exact. */
const T0 = Date.UTC(2026, 10, 22, 3, 0, 0)
const SECOND = 1000
const MINUTE = 60 * SECOND

interface FakeClock extends Clock {
  time: number
  /** Every backoff the engine waited, in ms, in order. */
  sleeps: number[]
  /** While set, sleeps wait for `releaseSleeps()` (or their signal), so a test can act during a backoff. */
  holdSleeps: boolean
  releaseSleeps(): void
}

function fakeClock(): FakeClock {
  const held: Array<() => void> = []
  const clock: FakeClock = {
    time: T0,
    sleeps: [],
    holdSleeps: false,
    now: () => clock.time,
    // Full jitter at one half: every backoff is exactly half its ceiling.
    random: () => 0.5,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason)
        clock.sleeps.push(ms)
        clock.time += ms
        if (!clock.holdSleeps) return resolve()
        held.push(resolve)
        signal.addEventListener('abort', () => reject(signal.reason), { once: true })
      }),
    releaseSleeps: () => {
      for (const resolve of held.splice(0)) resolve()
    },
  }
  return clock
}

/** One storage answer as a test scripts it. */
interface Reply {
  status: number
  headers?: Record<string, string>
  body?: string
}

interface Sent {
  url: string
  method: 'PUT' | 'POST'
  fileName: string
  data: Blob
  opts: SendOptions
}

type Answer = (sent: Sent, sendNumber: number) => Reply | Promise<Reply>

const OK: Reply = { status: 200, headers: { etag: '"d41d8cd98f00b204e9800998ecf8427e"' } }

const xmlError = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>`

const EXPIRED: Reply = { status: 403, body: xmlError('AccessDenied', 'Request has expired') }
const SLOW_DOWN: Reply = { status: 503, body: xmlError('SlowDown', 'Please reduce your request rate.') }
const INTERNAL: Reply = { status: 500, body: xmlError('InternalError', 'We encountered an internal error.') }
const NO_ANSWER: Reply = { status: 0, body: '' }
const SIGNATURE_MISMATCH: Reply = {
  status: 403,
  body: xmlError(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided.',
  ),
}

/** Answers with these, one per send, then OK. */
const inTurn =
  (...replies: Reply[]): Answer =>
  (_sent, n) =>
    replies[n - 1] ?? OK

function response(reply: Reply, sentHeaders: Record<string, string>): StorageResponse {
  const headers = new Map(Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
  return {
    status: reply.status,
    header: (name) => headers.get(name.toLowerCase()) ?? null,
    body: reply.body ?? '',
    sentHeaders,
  }
}

/** Rejects as the real transport does when its signal aborts: with an AbortError. */
const aborted = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => {
    if (signal.aborted) reject(signal.reason)
    signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })

function fakeStorage(answer: Answer = () => OK) {
  const sends: Sent[] = []
  let inFlight = 0
  const storage = {
    sends,
    maxInFlight: 0,
    answer,
    transport: async (signed: SignedUpload, data: Blob, fileName: string, opts: SendOptions) => {
      const sent: Sent = { url: signed.url, method: signed.method, fileName, data, opts }
      sends.push(sent)
      inFlight++
      storage.maxInFlight = Math.max(storage.maxInFlight, inFlight)
      let reply: Reply
      try {
        reply = await Promise.race([storage.answer(sent, sends.length), aborted(opts.signal)])
      } finally {
        inFlight--
      }
      const res = response(reply, signed.method === 'PUT' ? signed.headers : {})
      if (reply.status < 200 || reply.status > 299) throw new StorageRequestFailed(res)
      return res
    },
  }
  return storage
}

interface PresignCall {
  files: string[]
  previous: Array<Presigned | undefined>
  answers: Presigned[]
  /** How many sends the storage had seen when this call was made: when in the queue the files were signed. */
  sendsBefore: number
}

type F = UppyFile<Meta, Body>

/** A vendor's answer for one file: a plain PUT URL, numbered by the presign call so a test can tell them apart. */
type Sign = (file: F, call: number) => SignedUpload

const plainPut: Sign = (file, call) => ({
  method: 'PUT',
  url: `https://storage.test/bucket/${file.name}?sig=${call}`,
  headers: { 'content-type': 'image/png' },
})

function fakeFlow(opts: Partial<EngineOptions>, sign: Sign, sendsSoFar: () => number) {
  const calls: PresignCall[] = []
  /** Thrown by the next presign calls, one each, before any answers normally. */
  const presignFailures: unknown[] = []
  const results: Array<{ file: string; presigned: Presigned; response: StorageResponse }> = []
  /** Thrown by the next `result` calls, one each. */
  const resultFailures: unknown[] = []
  const flow: UploadFlow<Meta, Body> = {
    opts: { ...engineDefaults, ...opts },
    async presignBatch(files, previous) {
      const call: PresignCall = {
        files: files.map((f) => f.name ?? ''),
        previous,
        answers: [],
        sendsBefore: sendsSoFar(),
      }
      calls.push(call)
      if (presignFailures.length > 0) throw presignFailures.shift()
      call.answers = files.map((file) => ({ signed: sign(file, calls.length), data: { key: `uploads/${file.name}` } }))
      return call.answers
    },
    result(file, presigned, res) {
      results.push({ file: file.name ?? '', presigned, response: res })
      if (resultFailures.length > 0) throw resultFailures.shift()
      return {
        body: { key: presigned.data?.key, etag: res.header('etag') },
        uploadURL: presigned.signed.url.split('?')[0],
      }
    },
  }
  return { flow, calls, presignFailures, results, resultFailures }
}

/** What Uppy was told, per event, by file name. */
function recordEvents(uppy: Uppy<Meta, Body>) {
  const log = {
    success: [] as Array<{ name?: string; response: { status?: number; body?: unknown; uploadURL?: string } }>,
    errors: [] as Array<{ name?: string; error: UploadError }>,
    stalled: [] as Array<{ message: string; names: Array<string | undefined> }>,
    progress: [] as Array<{ name?: string; bytesUploaded: number | false; bytesTotal: number | null }>,
  }
  uppy.on('upload-success', (file, res) => log.success.push({ name: file?.name, response: res }))
  uppy.on('upload-error', (file, error) => log.errors.push({ name: file?.name, error: error as UploadError }))
  uppy.on('upload-stalled', (error, files) =>
    log.stalled.push({ message: error.message, names: files.map((f) => f.name) }),
  )
  uppy.on('upload-progress', (file, p) =>
    log.progress.push({ name: file?.name, bytesUploaded: p.bytesUploaded, bytesTotal: p.bytesTotal }),
  )
  return log
}

const quiet = { debug() {}, warn() {}, error() {} }

function setup({
  opts = {},
  sign = plainPut,
  answer,
  explain = explainer(),
}: {
  opts?: Partial<EngineOptions>
  sign?: Sign
  answer?: Answer
  explain?: Explain
} = {}) {
  const uppy = new Uppy<Meta, Body>({ logger: quiet })
  const clock = fakeClock()
  const storage = fakeStorage(answer)
  const vendor = fakeFlow(opts, sign, () => storage.sends.length)
  const engine = new PresignUploadEngine(uppy, vendor.flow, {
    transport: storage.transport,
    clock,
    explain,
    i18n: translator([coreLocale]),
  })
  uppy.addUploader(engine.upload)
  engine.attach()
  const events = recordEvents(uppy)
  const add = (...names: string[]) =>
    names.map((name) => uppy.addFile({ name, type: 'image/png', data: new Blob([`the bytes of ${name}`]) }))
  return { uppy, clock, storage, vendor, engine, events, add }
}

/**
 * Lets the engine run until `done` holds. Real 0 ms turns, not the engine's clock: the engine loads its recovery and
 * failure-words modules with dynamic imports, which settle on the module loader's time, not in a microtask.
 */
async function until(done: () => boolean, what = 'the expected state') {
  for (let turn = 0; turn < 500; turn++) {
    if (done()) return
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
  throw new Error(`never reached ${what}`)
}

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/** A presign API's refusal as `presignRequest` throws it, for the engine to put into words. */
const presignRefused = (status: number, fileNames: string[]) =>
  new UnexplainedFailure('presignRefused', { fileNames, vendor: 'Test vendor', status, body: { error: 'refused' } })

const names = (sends: Sent[]) => sends.map((s) => s.fileName)
const batches = (calls: PresignCall[]) => calls.map((c) => c.files)

/** `20261122T030000Z`: SigV4's `X-Amz-Date`. */
const amzDate = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')

/** A SigV4 URL signed at `signedAt` (the signer's clock) for `lifetimeS` seconds. */
const sigV4Url = (file: F, call: number, signedAt: number, lifetimeS: number) =>
  `https://storage.test/bucket/${file.name}?X-Amz-Date=${amzDate(signedAt)}&X-Amz-Expires=${lifetimeS}&X-Amz-Signature=sig${call}`

// ---------------------------------------------------------------------------------------------------------------

describe('batching and batchSize', () => {
  it('presigns N files in ⌈N/batchSize⌉ calls, each with the next waiting files in upload order', async () => {
    const { uppy, vendor, storage, events, add } = setup({ opts: { batchSize: 2, limit: 1 } })
    add('a.png', 'b.png', 'c.png', 'd.png', 'e.png')
    await uppy.upload()
    expect(batches(vendor.calls)).toEqual([['a.png', 'b.png'], ['c.png', 'd.png'], ['e.png']])
    expect(names(storage.sends)).toEqual(['a.png', 'b.png', 'c.png', 'd.png', 'e.png'])
    expect(events.success.map((s) => s.name)).toEqual(['a.png', 'b.png', 'c.png', 'd.png', 'e.png'])
    expect(events.errors).toEqual([])
  })

  it('puts each file in exactly one batch while several files start at once', async () => {
    const { uppy, vendor, events, add } = setup({ opts: { batchSize: 2, limit: 3 } })
    add('a.png', 'b.png', 'c.png', 'd.png', 'e.png', 'f.png')
    await uppy.upload()
    expect(batches(vendor.calls)).toEqual([
      ['a.png', 'b.png'],
      ['c.png', 'd.png'],
      ['e.png', 'f.png'],
    ])
    expect(events.success).toHaveLength(6)
  })

  it('sends no more than `limit` files at once', async () => {
    const { uppy, storage, events, add } = setup({
      opts: { limit: 2, batchSize: 1 },
      // Each send spans a few turns, so that every file the engine lets start overlaps the others.
      answer: async () => {
        for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
        return OK
      },
    })
    add('a.png', 'b.png', 'c.png', 'd.png', 'e.png')
    await uppy.upload()
    expect(storage.maxInFlight).toBe(2)
    expect(events.success).toHaveLength(5)
  })

  it('takes `limit: 0` as Uppy does, no limit: every file sends at once, and the page does not freeze', async () => {
    // @uppy/core 6.3.1's TaskQueue setter turns once per free slot, so an unbounded concurrency never returns and
    // would hang this whole run: here it throws instead, and the test fails in its place.
    const { set } = Object.getOwnPropertyDescriptor(TaskQueue.prototype, 'concurrency') as PropertyDescriptor
    const guard = vi.spyOn(TaskQueue.prototype, 'concurrency', 'set').mockImplementation(function (this: TaskQueue, n) {
      if (!Number.isFinite(n) || n <= 0) throw new Error(`TaskQueue concurrency set to ${n}: the setter never returns`)
      set?.call(this, n)
    })
    try {
      const { uppy, storage, events, add } = setup({
        opts: { limit: 0, batchSize: 1 },
        answer: async () => {
          for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0))
          return OK
        },
      })
      add('a.png', 'b.png', 'c.png', 'd.png', 'e.png')
      await uppy.upload()
      expect(storage.maxInFlight).toBe(5)
      expect(events.success).toHaveLength(5)
    } finally {
      guard.mockRestore()
    }
  })

  it('with batchSize 1, presigns each file alone, in order', async () => {
    const { uppy, vendor, storage, add } = setup({ opts: { batchSize: 1, limit: 1 } })
    add('a.png', 'b.png', 'c.png')
    await uppy.upload()
    expect(batches(vendor.calls)).toEqual([['a.png'], ['b.png'], ['c.png']])
    expect(storage.sends.map((s) => s.url)).toEqual([
      'https://storage.test/bucket/a.png?sig=1',
      'https://storage.test/bucket/b.png?sig=2',
      'https://storage.test/bucket/c.png?sig=3',
    ])
  })

  it('fails each file of a failed batch once, from one presign call, and sends nothing', async () => {
    const { uppy, vendor, storage, events, add } = setup({ opts: { batchSize: 3, limit: 1 } })
    vendor.presignFailures.push(presignRefused(400, ['a.png', 'b.png', 'c.png']))
    add('a.png', 'b.png', 'c.png')
    await uppy.upload()
    expect(vendor.calls).toHaveLength(1)
    expect(storage.sends).toEqual([])
    expect(events.errors.map((e) => e.name)).toEqual(['a.png', 'b.png', 'c.png'])
    for (const { error } of events.errors)
      expect(error.info).toMatchObject({ kind: 'presign', status: 400, retryable: false })
    expect(events.success).toEqual([])
  })
})

/** A NestJS-style refusal naming the files of the call it refuses by position, read by a reader as adapters have. */
const refusedFor = (fileNames: string[], refused: string[]) =>
  new UnexplainedFailure('presignRefused', {
    fileNames,
    vendor: 'Test vendor',
    status: 400,
    body: refused.map((name) => ({
      message: `files.${fileNames.indexOf(name)} (${name}) is taken`,
      fileIndex: fileNames.indexOf(name),
    })),
    readError: (body) => ({ issues: body as Array<{ message: string; fileIndex: number }> }),
  })

describe('a vendor refusing a batch because of files it names', () => {
  /** A flow whose vendor refuses every call for which `refuse` names files, naming those files. */
  function refusing(refuse: (fileNames: string[]) => string[], opts: Partial<EngineOptions>) {
    const setUp = setup({ opts })
    const sign = setUp.vendor.flow.presignBatch.bind(setUp.vendor.flow)
    setUp.vendor.flow.presignBatch = async (files, previous) => {
      const fileNames = files.map((f) => f.name ?? '')
      const refused = refuse(fileNames)
      if (refused.length === 0) return sign(files, previous)
      setUp.vendor.calls.push({ files: fileNames, previous, answers: [], sendsBefore: setUp.storage.sends.length })
      throw refusedFor(fileNames, refused)
    }
    return setUp
  }

  it("fails only the named file, with the vendor's words for it alone, and presigns the rest again without it", async () => {
    const taken = (fileNames: string[]) => fileNames.filter((name) => name === 'c.png')
    const { uppy, vendor, storage, events, add } = refusing(taken, { batchSize: 5, limit: 1 })
    add('a.png', 'b.png', 'c.png', 'd.png', 'e.png')
    await uppy.upload()
    expect(batches(vendor.calls)).toEqual([
      ['a.png', 'b.png', 'c.png', 'd.png', 'e.png'],
      ['a.png', 'b.png', 'd.png', 'e.png'],
      ['c.png'],
    ])
    expect(names(storage.sends)).toEqual(['a.png', 'b.png', 'd.png', 'e.png'])
    expect(events.success.map((s) => s.name)).toEqual(['a.png', 'b.png', 'd.png', 'e.png'])
    expect(events.errors.map((e) => e.name)).toEqual(['c.png'])
    const [refused] = events.errors
    expect(refused?.error.message).toBe(
      'Test vendor refused to sign c.png (400): files.0 (c.png) is taken. Fix what it names and try again.',
    )
    expect(refused?.error.info).toMatchObject({ kind: 'presign', fileName: 'c.png', retryable: false })
  })

  it('asks about each named file alone: one the vendor takes alone is uploaded', async () => {
    // b and d clash in one call (say, one name twice); alone, only d is still refused.
    const refuse = (fileNames: string[]) =>
      fileNames.length > 1
        ? fileNames.filter((n) => n === 'b.png' || n === 'd.png')
        : fileNames.filter((n) => n === 'd.png')
    const { uppy, vendor, events, add } = refusing(refuse, { batchSize: 4, limit: 1 })
    add('a.png', 'b.png', 'c.png', 'd.png')
    await uppy.upload()
    expect(batches(vendor.calls)).toEqual([
      ['a.png', 'b.png', 'c.png', 'd.png'],
      ['a.png', 'c.png'],
      ['b.png'],
      ['d.png'],
    ])
    expect(events.errors.map((e) => e.name)).toEqual(['d.png'])
    expect(events.success.map((s) => s.name)).toEqual(['a.png', 'b.png', 'c.png'])
  })

  it('fails the whole batch once when one of the issues is about the request, not a file', async () => {
    const { uppy, vendor, storage, events, add } = setup({ opts: { batchSize: 3, limit: 1 } })
    const fileNames = ['a.png', 'b.png', 'c.png']
    const refusal = refusedFor(fileNames, ['b.png'])
    ;(refusal.input.body as Array<{ message: string }>).push({ message: 'action must be write or read' })
    vendor.presignFailures.push(refusal)
    add(...fileNames)
    await uppy.upload()
    expect(vendor.calls).toHaveLength(1)
    expect(storage.sends).toEqual([])
    expect(events.errors.map((e) => e.name)).toEqual(['a.png', 'b.png', 'c.png'])
  })
})

describe('just-in-time presign', () => {
  it('presigns no file before its turn', async () => {
    const first = deferred<Reply>()
    const { uppy, vendor, storage, events, add } = setup({
      opts: { batchSize: 1, limit: 1 },
      answer: (sent) => (sent.fileName === 'a.png' ? first.promise : OK),
    })
    add('a.png', 'b.png', 'c.png')
    const done = uppy.upload()
    await until(() => storage.sends.length === 1, 'a.png sending')
    // a.png is on its way and b.png, c.png are next in line: neither has been signed yet.
    expect(batches(vendor.calls)).toEqual([['a.png']])
    first.resolve(OK)
    await done
    expect(batches(vendor.calls)).toEqual([['a.png'], ['b.png'], ['c.png']])
    expect(vendor.calls.map((c) => c.sendsBefore)).toEqual([0, 1, 2])
    expect(events.success).toHaveLength(3)
  })

  it('presigns the second batch only when its first file is about to start', async () => {
    const { uppy, vendor, add } = setup({ opts: { batchSize: 2, limit: 1 } })
    add('a.png', 'b.png', 'c.png', 'd.png')
    await uppy.upload()
    expect(batches(vendor.calls)).toEqual([
      ['a.png', 'b.png'],
      ['c.png', 'd.png'],
    ])
    // After a.png and b.png were sent, not while they were.
    expect(vendor.calls.map((c) => c.sendsBefore)).toEqual([0, 2])
  })
})

describe('expiry margin and re-presign', () => {
  /** A batch of two: b.png waits while a.png takes `sendMs`; both URLs are SigV4, signed for 60 s. */
  async function secondFileAfter(sendMs: number) {
    const env = setup({
      opts: { batchSize: 2, limit: 1, expiryMarginMs: 10 * SECOND },
      sign: (file, call) => ({ method: 'PUT', url: sigV4Url(file, call, env.clock.now(), 60), headers: {} }),
      answer: (sent) => {
        if (sent.fileName === 'a.png') env.clock.time += sendMs
        return OK
      },
    })
    env.add('a.png', 'b.png')
    await env.uppy.upload()
    return env
  }

  it('presigns again, with the old answer as `previous`, a URL whose lifetime minus the margin has passed', async () => {
    // 60 s lifetime, 55 s gone: 5 s left, under the 10 s margin.
    const { vendor, storage, events } = await secondFileAfter(55 * SECOND)
    expect(batches(vendor.calls)).toEqual([['a.png', 'b.png'], ['b.png']])
    expect(vendor.calls[1]?.previous).toEqual([vendor.calls[0]?.answers[1]])
    expect(storage.sends.map((s) => s.url.match(/sig\d+/)?.[0])).toEqual(['sig1', 'sig2'])
    expect(events.success).toHaveLength(2)
  })

  it('sends a URL still fresh beyond the margin as it is', async () => {
    // 60 s lifetime, 45 s gone: 15 s left, over the 10 s margin.
    const { vendor, storage } = await secondFileAfter(45 * SECOND)
    expect(batches(vendor.calls)).toEqual([['a.png', 'b.png']])
    expect(storage.sends.map((s) => s.url.match(/sig\d+/)?.[0])).toEqual(['sig1', 'sig1'])
  })

  it("counts a URL's lifetime from the presign call, so a signer whose clock is an hour behind is no reason to presign again", async () => {
    const env = setup({
      opts: { batchSize: 2, limit: 1 },
      // X-Amz-Date an hour before our now, 15 min lifetime: read as absolute times, it lapsed 45 min ago.
      sign: (file, call) => ({
        method: 'PUT',
        url: sigV4Url(file, call, env.clock.now() - 60 * MINUTE, 900),
        headers: {},
      }),
      answer: () => {
        env.clock.time += MINUTE
        return OK
      },
    })
    env.add('a.png', 'b.png')
    await env.uppy.upload()
    expect(batches(env.vendor.calls)).toEqual([['a.png', 'b.png']])
    expect(env.events.success).toHaveLength(2)
  })

  /**
   * The vendor and the storage share a clock 10 min ahead of ours. The vendor gives b.png `expiresAt` 8 s ahead of
   * that clock (15 min on the next call); the storage's answer to a.png tells its clock in `Date`, or not at all.
   */
  async function expiresAtWithStorageAhead({ dateHeader }: { dateHeader: boolean }) {
    const storageAheadMs = 10 * MINUTE
    let bCalls = 0
    const env = setup({
      opts: { batchSize: 1, limit: 1, expiryMarginMs: 10 * SECOND },
      sign: (file, call) => {
        const lifetime = file.name === 'b.png' && bCalls++ === 0 ? 8 * SECOND : 15 * MINUTE
        const vendorNow = env.clock.now() + storageAheadMs
        return {
          method: 'PUT',
          url: `https://storage.test/bucket/${file.name}?sig=${call}`,
          headers: {},
          expiresAt: vendorNow + lifetime,
        }
      },
      answer: () =>
        dateHeader ? { status: 200, headers: { date: new Date(env.clock.now() + storageAheadMs).toUTCString() } } : OK,
    })
    env.add('a.png', 'b.png')
    await env.uppy.upload()
    return env
  }

  it("corrects a vendor's `expiresAt` by the storage's Date header: 10 min ahead, a URL fresh by local time is presigned again", async () => {
    const { vendor, storage, events } = await expiresAtWithStorageAhead({ dateHeader: true })
    expect(batches(vendor.calls)).toEqual([['a.png'], ['b.png'], ['b.png']])
    expect(vendor.calls[2]?.previous).toEqual([vendor.calls[1]?.answers[0]])
    expect(storage.sends.map((s) => s.url)).toEqual([
      'https://storage.test/bucket/a.png?sig=1',
      'https://storage.test/bucket/b.png?sig=3',
    ])
    expect(events.success).toHaveLength(2)
  })

  it('judges that same `expiresAt` by our own clock, and sends it, while no Date header has told the storage clock', async () => {
    const { vendor, storage } = await expiresAtWithStorageAhead({ dateHeader: false })
    expect(batches(vendor.calls)).toEqual([['a.png'], ['b.png']])
    expect(storage.sends.map((s) => s.url)).toEqual([
      'https://storage.test/bucket/a.png?sig=1',
      'https://storage.test/bucket/b.png?sig=2',
    ])
  })
})

describe('one re-presign after an "expired" answer', () => {
  it('answers a 403 "Request has expired" with exactly one new presign and one resend, without a backoff', async () => {
    const { uppy, vendor, storage, clock, events, add } = setup({ answer: inTurn(EXPIRED) })
    add('a.png')
    await uppy.upload()
    expect(batches(vendor.calls)).toEqual([['a.png'], ['a.png']])
    expect(storage.sends.map((s) => s.url)).toEqual([
      'https://storage.test/bucket/a.png?sig=1',
      'https://storage.test/bucket/a.png?sig=2',
    ])
    expect(clock.sleeps).toEqual([])
    expect(events.success.map((s) => s.name)).toEqual(['a.png'])
    expect(events.errors).toEqual([])
  })

  it('gives the new presign the expired answer as `previous`, so a flow that chose a name keeps it', async () => {
    const { uppy, vendor, add } = setup({ answer: inTurn(EXPIRED) })
    add('a.png')
    await uppy.upload()
    expect(vendor.calls[1]?.previous).toEqual([vendor.calls[0]?.answers[0]])
  })

  it('reports a second "expired" answer as one upload-error of kind `expired`, with no third presign', async () => {
    const { uppy, vendor, storage, events, add } = setup({
      answer: inTurn(EXPIRED, EXPIRED),
    })
    add('a.png')
    await uppy.upload()
    expect(vendor.calls).toHaveLength(2)
    expect(storage.sends).toHaveLength(2)
    expect(events.errors).toHaveLength(1)
    expect(events.errors[0]?.name).toBe('a.png')
    expect(events.errors[0]?.error.info).toMatchObject({ kind: 'expired', status: 403, fileName: 'a.png' })
    expect(events.success).toEqual([])
  })
})

describe('retries with backoff and Retry-After', () => {
  it('sends again after 503 SlowDown, no answer (status 0) and 500, waiting 250, 500, 1000 ms (ceilings 500·2ⁿ, jitter ½)', async () => {
    const { uppy, vendor, storage, clock, events, add } = setup({
      opts: { retries: 4, retryBaseMs: 500 },
      answer: inTurn(SLOW_DOWN, NO_ANSWER, INTERNAL),
    })
    add('a.png')
    await uppy.upload()
    expect(clock.sleeps).toEqual([250, 500, 1000])
    // Retries resend the signed upload the file holds: no new presign.
    expect(vendor.calls).toHaveLength(1)
    expect(storage.sends.map((s) => s.url)).toEqual(Array(4).fill('https://storage.test/bucket/a.png?sig=1'))
    expect(events.success.map((s) => s.name)).toEqual(['a.png'])
    expect(events.errors).toEqual([])
  })

  it('stops after `retries` further attempts and reports the last failure once', async () => {
    const { uppy, storage, clock, events, add } = setup({
      opts: { retries: 2, retryBaseMs: 500 },
      answer: () => INTERNAL,
    })
    add('a.png')
    await uppy.upload()
    expect(storage.sends).toHaveLength(3)
    expect(clock.sleeps).toEqual([250, 500])
    expect(events.errors).toHaveLength(1)
    expect(events.errors[0]?.error.info).toMatchObject({
      kind: 'server',
      status: 500,
      retryable: true,
      fileName: 'a.png',
    })
    expect(events.success).toEqual([])
  })

  it('waits what `Retry-After: 7` asks, 7000 ms, instead of its own backoff', async () => {
    const { uppy, storage, clock, events, add } = setup({
      answer: inTurn({ ...SLOW_DOWN, headers: { 'Retry-After': '7' } }),
    })
    add('a.png')
    await uppy.upload()
    expect(clock.sleeps).toEqual([7000])
    expect(storage.sends).toHaveLength(2)
    expect(events.success).toHaveLength(1)
  })

  it('does not send again after a 403 SignatureDoesNotMatch, which the same request would get again', async () => {
    const { uppy, vendor, storage, clock, events, add } = setup({ answer: () => SIGNATURE_MISMATCH })
    add('a.png')
    await uppy.upload()
    expect(storage.sends).toHaveLength(1)
    expect(vendor.calls).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
    expect(events.errors).toHaveLength(1)
    expect(events.errors[0]?.error.info).toMatchObject({
      kind: 'signature-mismatch',
      status: 403,
      retryable: false,
      fileName: 'a.png',
    })
  })

  it('retries a presign call that failed retryably, with the same backoff', async () => {
    const { uppy, vendor, storage, clock, events, add } = setup({ opts: { retries: 4, retryBaseMs: 500 } })
    vendor.presignFailures.push(presignRefused(503, ['a.png']), presignRefused(503, ['a.png']))
    add('a.png')
    await uppy.upload()
    expect(batches(vendor.calls)).toEqual([['a.png'], ['a.png'], ['a.png']])
    expect(clock.sleeps).toEqual([250, 500])
    expect(storage.sends).toHaveLength(1)
    expect(events.success).toHaveLength(1)
  })

  it('gives up on a batch whose presign keeps failing after `retries` further calls, not once per file', async () => {
    const { uppy, vendor, storage, events, add } = setup({ opts: { retries: 2, batchSize: 2, limit: 1 } })
    for (let i = 0; i < 10; i++) vendor.presignFailures.push(presignRefused(503, ['a.png', 'b.png']))
    add('a.png', 'b.png')
    await uppy.upload()
    expect(batches(vendor.calls)).toEqual(Array(3).fill(['a.png', 'b.png']))
    expect(storage.sends).toEqual([])
    expect(events.errors.map((e) => e.name)).toEqual(['a.png', 'b.png'])
    for (const { error } of events.errors) expect(error.info).toMatchObject({ kind: 'presign', status: 503 })
  })

  it("waits what a presign API's `Retry-After` asks before calling it again", async () => {
    const { uppy, vendor, clock, events, add } = setup()
    vendor.presignFailures.push(
      new UnexplainedFailure('presignRefused', {
        fileNames: ['a.png'],
        vendor: 'Test vendor',
        status: 429,
        body: { error: 'too many requests' },
        retryAfter: '3',
      }),
    )
    add('a.png')
    await uppy.upload()
    expect(vendor.calls).toHaveLength(2)
    expect(clock.sleeps).toEqual([3000])
    expect(events.success).toHaveLength(1)
  })
})

describe('stall', () => {
  it('tells Uppy a stalled upload with the locale message (Uppy adds the names), and the upload goes on', async () => {
    const { uppy, storage, events, add } = setup({
      opts: { stallTimeoutMs: 30_000 },
      answer: (sent) => {
        sent.opts.onStalled?.(30_000)
        return OK
      },
    })
    add('a.png')
    await uppy.upload()
    expect(storage.sends[0]?.opts.stallTimeoutMs).toBe(30_000)
    expect(events.stalled).toEqual([{ message: 'No upload progress for 30 s:', names: ['a.png'] }])
    expect(events.success.map((s) => s.name)).toEqual(['a.png'])
    expect(events.errors).toEqual([])
  })

  it("reports the transport's progress scaled to the file's size", async () => {
    const { uppy, events, add } = setup({
      answer: (sent) => {
        sent.opts.onProgress(50, 200)
        return OK
      },
    })
    const [id] = add('a.png')
    const size = uppy.getFile(id as string).size as number
    await uppy.upload()
    expect(events.progress).toEqual([{ name: 'a.png', bytesUploaded: size / 4, bytesTotal: size }])
  })
})

describe('cancel and remove', () => {
  it('never presigns nor sends a file removed while queued, and reports nothing for it', async () => {
    const first = deferred<Reply>()
    const { uppy, vendor, storage, events, add } = setup({
      opts: { batchSize: 2, limit: 1 },
      answer: (sent) => (sent.fileName === 'a.png' ? first.promise : OK),
    })
    const [, , c] = add('a.png', 'b.png', 'c.png', 'd.png')
    const done = uppy.upload()
    await until(() => storage.sends.length === 1, 'a.png sending')
    uppy.removeFile(c as string)
    first.resolve(OK)
    await done
    expect(batches(vendor.calls)).toEqual([['a.png', 'b.png'], ['d.png']])
    expect(names(storage.sends)).toEqual(['a.png', 'b.png', 'd.png'])
    expect(events.success.map((s) => s.name)).toEqual(['a.png', 'b.png', 'd.png'])
    expect(events.errors).toEqual([])
  })

  it("aborts the transport's signal of a file removed while sending, and reports neither success nor error", async () => {
    const { uppy, storage, events, add } = setup({ answer: () => new Promise<Reply>(() => {}) })
    const [a] = add('a.png')
    const done = uppy.upload()
    await until(() => storage.sends.length === 1, 'a.png sending')
    expect(storage.sends[0]?.opts.signal.aborted).toBe(false)
    uppy.removeFile(a as string)
    await done
    expect(storage.sends[0]?.opts.signal.aborted).toBe(true)
    expect(events.success).toEqual([])
    expect(events.errors).toEqual([])
  })

  it('aborts every file sending on cancelAll, and reports nothing', async () => {
    const { uppy, storage, events, add } = setup({
      opts: { limit: 2, batchSize: 2 },
      answer: () => new Promise<Reply>(() => {}),
    })
    add('a.png', 'b.png', 'c.png')
    const done = uppy.upload()
    await until(() => storage.sends.length === 2, 'a.png and b.png sending')
    uppy.cancelAll()
    await done
    expect(storage.sends.map((s) => s.opts.signal.aborted)).toEqual([true, true])
    expect(names(storage.sends)).toEqual(['a.png', 'b.png'])
    expect(events.success).toEqual([])
    expect(events.errors).toEqual([])
  })

  it('stops a presign call waiting to retry on cancelAll: no further presign call', async () => {
    const { uppy, vendor, storage, clock, events, add } = setup()
    vendor.presignFailures.push(presignRefused(503, ['a.png']))
    clock.holdSleeps = true
    add('a.png')
    const done = uppy.upload()
    await until(() => clock.sleeps.length === 1, 'the presign backoff')
    uppy.cancelAll()
    // Were the wait not stopped, this would let the retry go ahead.
    clock.releaseSleeps()
    await done
    expect(vendor.calls).toHaveLength(1)
    expect(storage.sends).toEqual([])
    expect(events.errors).toEqual([])
  })
})

describe('results', () => {
  it("carries the flow's `result` (body, uploadURL) in upload-success, read from the storage's answer", async () => {
    const { uppy, vendor, events, add } = setup()
    add('a.png')
    await uppy.upload()
    expect(events.success).toEqual([
      {
        name: 'a.png',
        response: {
          status: 200,
          body: { key: 'uploads/a.png', etag: '"d41d8cd98f00b204e9800998ecf8427e"' },
          uploadURL: 'https://storage.test/bucket/a.png',
        },
      },
    ])
    expect(vendor.results.map((r) => r.presigned)).toEqual([vendor.calls[0]?.answers[0]])
  })

  it('reports a `result` that throws (a header hidden by CORS) as one upload-error; Retry sends to the same URL, no new presign', async () => {
    const { uppy, vendor, storage, events, add } = setup()
    vendor.resultFailures.push(new UnexplainedFailure('hiddenHeader', { fileName: 'a.png', header: 'x-amz-meta-cid' }))
    const [a] = add('a.png')
    await uppy.upload()
    expect(events.errors).toHaveLength(1)
    expect(events.errors[0]?.name).toBe('a.png')
    expect(events.errors[0]?.error.info).toMatchObject({ kind: 'cors', retryable: false })
    expect(events.success).toEqual([])
    await uppy.retryUpload(a as string)
    expect(vendor.calls).toHaveLength(1)
    expect(storage.sends.map((s) => s.url)).toEqual(Array(2).fill('https://storage.test/bucket/a.png?sig=1'))
    expect(events.success.map((s) => s.name)).toEqual(['a.png'])
    expect(events.errors).toHaveLength(1)
  })

  it('reports an error not in words (a chunk that would not load) as it is, not as a failed presign, and does not retry it', async () => {
    const { uppy, vendor, storage, events, add } = setup()
    vendor.resultFailures.push(new TypeError('Failed to fetch dynamically imported module'))
    add('a.png')
    await uppy.upload()
    expect(events.errors).toHaveLength(1)
    expect(events.errors[0]?.error.message).toBe('a.png: Failed to fetch dynamically imported module')
    expect(events.errors[0]?.error.info).toMatchObject({ kind: 'storage', fileName: 'a.png', retryable: false })
    expect(storage.sends).toHaveLength(1)
  })

  it('presigns afresh a refused file that was removed and added again', async () => {
    const { uppy, vendor, storage, add } = setup()
    vendor.resultFailures.push(new UnexplainedFailure('hiddenHeader', { fileName: 'a.png', header: 'x-amz-meta-cid' }))
    const [a] = add('a.png')
    await uppy.upload()
    uppy.removeFile(a as string)
    const [again] = add('a.png')
    // Uppy derives a file's ID from its name, type, size and date: the same file comes back under the same ID.
    expect(again).toBe(a)
    await uppy.upload()
    expect(vendor.calls).toHaveLength(2)
    expect(storage.sends.map((s) => s.url)).toEqual([
      'https://storage.test/bucket/a.png?sig=1',
      'https://storage.test/bucket/a.png?sig=2',
    ])
  })
})
