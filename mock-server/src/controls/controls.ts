import type { Hono } from 'hono'
import type { MockEnv } from '../http/env.ts'
import type { MockState } from '../state.ts'
import type { MockConfig, MockObject, MockStats } from './answers.ts'

/**
 * Dev-only controls for tests and demos: what the mock holds, what it was asked, and the knobs (clock, faults)
 * that make failures repeatable. Never part of a vendor API.
 */
export function mountControls(app: Hono<MockEnv>, state: MockState): void {
  const { credentials, stats, faults, store, clock, endpoints } = state

  app.get('/__health', (c) => c.json({ ok: true }))

  app.get('/__config', (c) => {
    const { keys: _keys, ...gcs } = credentials.gcs
    return c.json<MockConfig>({
      nft2: credentials.nft2,
      startrail: credentials.startrail,
      leonardo: credentials.leonardo,
      typebot: credentials.typebot,
      s3: { endpoint: endpoints.s3, ...credentials.s3 },
      gcs: { endpoint: endpoints.gcs, ...gcs },
      api: endpoints.api,
    })
  })

  app.get('/__objects', (c) =>
    c.json(
      store.list().map(
        ({ bucket, key, size, sha256, contentType, cid, lastModified }): MockObject => ({
          bucket,
          key,
          size,
          sha256,
          contentType,
          ...(cid ? { cid } : {}),
          lastModified: lastModified.toISOString(),
        }),
      ),
    ),
  )

  app.get('/__stats', (c) =>
    c.json<MockStats>({
      presign: stats.presign,
      tokens: { nft2: { ...state.nft2Tokens.counts } },
      storage: stats.storage,
    }),
  )

  app.post('/__reset', async (c) => {
    await store.clear()
    stats.reset()
    faults.clear()
    clock.reset()
    state.nft2Tokens.reset()
    for (const reset of state.onReset) reset()
    return c.json({ ok: true })
  })

  app.get('/__clock', (c) => c.json({ now: clock.now().toISOString(), offsetMs: clock.offsetMs }))
  app.post('/__clock', async (c) => {
    const body = await c.req.json().catch(() => undefined)
    const advanceMs = (body as { advanceMs?: unknown } | undefined)?.advanceMs
    if (typeof advanceMs !== 'number' || !Number.isFinite(advanceMs)) {
      return c.json({ error: 'body must be {"advanceMs": <number of milliseconds, may be negative>}' }, 400)
    }
    clock.advance(advanceMs)
    return c.json({ now: clock.now().toISOString(), offsetMs: clock.offsetMs })
  })
  app.delete('/__clock', (c) => {
    clock.reset()
    return c.json({ now: clock.now().toISOString(), offsetMs: 0 })
  })

  // NFT2 tokens die early in reality too (a key rotated, a session ended): every client must get new ones.
  app.post('/__nft2/revoke-tokens', async (c) => {
    const body = await c.req.json().catch(() => ({}))
    const accessOnly = (body as { accessOnly?: unknown } | undefined)?.accessOnly === true
    return c.json({ revoked: state.nft2Tokens.revoke(accessOnly) })
  })

  app.get('/__faults', (c) => c.json(faults.list()))
  app.post('/__faults', async (c) => {
    const result = faults.add(await c.req.json().catch(() => undefined))
    return typeof result === 'string' ? c.json({ error: result }, 400) : c.json(result, 201)
  })
  app.delete('/__faults', (c) => {
    faults.clear()
    return c.json({ ok: true })
  })
}
