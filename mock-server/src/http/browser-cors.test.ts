import { describe, expect, it } from 'vitest'
import { corsFiltered, needsPreflight, preflightAllows, preflightFor } from './browser-cors.ts'

const PAGE = 'http://127.0.0.1:6006'

describe('needsPreflight (Fetch standard: simple method, safelisted headers, simple Content-Type)', () => {
  it.each([
    ['GET, no headers', new Request('http://x/a'), false],
    [
      'POST multipart/form-data',
      new Request('http://x/a', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=b' } }),
      false,
    ],
    [
      'POST application/json',
      new Request('http://x/a', { method: 'POST', headers: { 'content-type': 'application/json' } }),
      true,
    ],
    ['PUT image/png', new Request('http://x/a', { method: 'PUT', headers: { 'content-type': 'image/png' } }), true],
    ['GET with x-api-key', new Request('http://x/a', { headers: { 'x-api-key': 'k' } }), true],
  ])('%s → %s', (_name, request, expected) => {
    expect(needsPreflight(request)).toBe(expected)
  })

  it('builds the preflight with the origin, method and header names (an Origin a script-made Request cannot hold)', () => {
    const request = new Request('http://x/a', { method: 'PUT', headers: { 'content-type': 'image/png', 'x-b': '1' } })
    const preflight = preflightFor(request, PAGE)
    expect(preflight.method).toBe('OPTIONS')
    expect(preflight.headers.get('origin')).toBe(PAGE)
    expect(preflight.headers.get('access-control-request-method')).toBe('PUT')
    expect(preflight.headers.get('access-control-request-headers')).toBe('content-type,x-b')
  })
})

describe('preflightAllows', () => {
  const put = new Request('http://x/a', { method: 'PUT', headers: { 'content-type': 'image/png' } })
  const answer = (headers: Record<string, string>, status = 204) => new Response(null, { status, headers })
  const good = {
    'access-control-allow-origin': PAGE,
    'access-control-allow-methods': 'GET, PUT',
    'access-control-allow-headers': 'content-type',
  }
  it('lets through what the answer allows, and nothing else', () => {
    expect(preflightAllows(answer(good), put, PAGE)).toBe(true)
    expect(preflightAllows(answer(good, 403), put, PAGE)).toBe(false)
    expect(preflightAllows(answer({ ...good, 'access-control-allow-origin': 'http://other' }), put, PAGE)).toBe(false)
    expect(preflightAllows(answer({ ...good, 'access-control-allow-methods': 'GET' }), put, PAGE)).toBe(false)
    expect(preflightAllows(answer({ ...good, 'access-control-allow-headers': 'x-other' }), put, PAGE)).toBe(false)
  })
})

describe('corsFiltered', () => {
  const response = (headers: Record<string, string>) => new Response('body', { status: 200, headers })
  it('leaves a script only the safelisted and exposed headers', () => {
    const filtered = corsFiltered(
      response({
        'access-control-allow-origin': PAGE,
        'access-control-expose-headers': 'ETag',
        etag: '"abc"',
        'x-amz-meta-cid': 'QmTest',
        'content-type': 'text/plain',
      }),
      PAGE,
    )
    expect(filtered?.headers.get('etag')).toBe('"abc"')
    expect(filtered?.headers.get('content-type')).toBe('text/plain')
    expect(filtered?.headers.get('x-amz-meta-cid')).toBeNull()
  })

  it('is a network error (undefined) without the page origin allowed', () => {
    expect(corsFiltered(response({ etag: '"abc"' }), PAGE)).toBeUndefined()
    expect(corsFiltered(response({ 'access-control-allow-origin': 'http://other' }), PAGE)).toBeUndefined()
  })
})
