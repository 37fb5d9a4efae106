import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createConnection, createServer } from 'node:net'
import { networkInterfaces } from 'node:os'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

const REPO = fileURLToPath(new URL('../..', import.meta.url))

/** Resolves true if something accepts a TCP connection at host:port, false if it is refused. */
const accepts = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

const canBind = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })

/** A port N with N+1 and N+2 free too: the CLI puts S3 and GCS there. */
async function freePortTriple(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve) => {
      const server = createServer()
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number }
        server.close(() => resolve(port))
      })
    })
    if (port + 2 < 65536 && (await canBind(port)) && (await canBind(port + 1)) && (await canBind(port + 2))) return port
  }
  throw new Error('no three consecutive free ports')
}

const started: ChildProcess[] = []
afterEach(() => {
  // The whole process group (npx → tsx → node) that this test started, and only that.
  for (const child of started.splice(0)) {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {}
    }
  }
})

/** Starts the CLI in its own process group and waits for the lines it prints once it listens. */
function startCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn('npx', ['tsx', 'mock-server/src/cli.ts', ...args], {
    cwd: REPO,
    env: { ...process.env, ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  started.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => {
    stdout += d.toString()
  })
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString()
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const printed = new Promise<{ api: string; s3: string; gcs: string }>((resolve, reject) => {
    const check = () => {
      const api = /mock server[^\n]*: (http:\/\/\S+)/.exec(stdout)?.[1]
      const s3 = /S3 storage:\s+(http:\/\/\S+)/.exec(stdout)?.[1]
      const gcs = /GCS storage:\s+(http:\/\/\S+)/.exec(stdout)?.[1]
      if (api && s3 && gcs) resolve({ api, s3, gcs })
    }
    child.stdout?.on('data', check)
    void exited.then((code) => reject(new Error(`cli exited (${code}) before printing its URL: ${stdout}${stderr}`)))
  })
  // A test that expects the CLI to fail never awaits `printed`.
  printed.catch(() => {})
  const stop = async () => {
    if (child.pid) process.kill(-child.pid, 'SIGTERM')
    return exited
  }
  return { child, printed, exited, stop, output: () => ({ stdout, stderr }) }
}

/** The addresses a TCP port is listened on, from the kernel's table (Linux): '0100007F' is 127.0.0.1. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0')
  const found: string[] = []
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/)
      if (state === '0A' && local?.endsWith(`:${hexPort}`)) found.push(local.split(':')[0] ?? '')
    }
  }
  return found
}

async function expectServesOnLoopbackOnly(port: number) {
  if (existsSync('/proc/net/tcp')) expect(listeningAddresses(port)).toEqual(['0100007F'])
  expect(await accepts('127.0.0.1', port)).toBe(true)
  // Bound to 0.0.0.0 it would accept these too; bound to 127.0.0.1 it refuses them.
  expect(await accepts('127.0.0.2', port)).toBe(false)
  const external = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal)
  if (external) expect(await accepts(external.address, port)).toBe(false)
}

describe('CLI: npx tsx mock-server/src/cli.ts', () => {
  it.each([
    ['--port N', (port: number) => ({ args: ['--port', String(port)], env: {} })],
    ['MOCK_PORT=N', (port: number) => ({ args: [], env: { MOCK_PORT: String(port) } })],
  ])('%s: prints its URLs, answers /__health, listens on 127.0.0.1 only, stops on SIGTERM', async (_, how) => {
    const port = await freePortTriple()
    const { args, env } = how(port)
    const cli = startCli(args, env)
    const urls = await cli.printed
    expect(urls).toEqual({
      api: `http://127.0.0.1:${port}`,
      s3: `http://127.0.0.1:${port + 1}`,
      gcs: `http://127.0.0.1:${port + 2}`,
    })
    const health = await fetch(`${urls.api}/__health`)
    expect({ status: health.status, body: await health.json() }).toEqual({ status: 200, body: { ok: true } })
    const config = (await (await fetch(`${urls.api}/__config`)).json()) as {
      s3: { endpoint: string }
      gcs: { endpoint: string }
    }
    expect([config.s3.endpoint, config.gcs.endpoint]).toEqual([urls.s3, urls.gcs])
    for (const p of [port, port + 1, port + 2]) await expectServesOnLoopbackOnly(p)

    await cli.stop()
    // `npx` may exit before the server process under it has closed its sockets: give it a bounded moment.
    let open = true
    for (let i = 0; i < 50 && open; i++) {
      open = await accepts('127.0.0.1', port)
      if (open) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(open).toBe(false)
  })

  it('--port wins over MOCK_PORT', async () => {
    const port = await freePortTriple()
    const cli = startCli(['--port', String(port)], { MOCK_PORT: '1' })
    expect((await cli.printed).api).toBe(`http://127.0.0.1:${port}`)
    await cli.stop()
  })

  it('a port that is not a number → exit code 2 and a message naming --port / MOCK_PORT', async () => {
    const cli = startCli(['--port', 'abc'])
    expect(await cli.exited).toBe(2)
    expect(cli.output().stderr).toContain('--port / MOCK_PORT must be a port number, got abc')
  })

  it('--app-rate-limit sets the demo app backend limit: 2/60 lets two presign calls through, the third is 429', async () => {
    const cli = startCli(['--port', '0', '--app-rate-limit', '2/60'])
    const { api } = await cli.printed
    const presign = () =>
      fetch(`${api}/app/nft2/presigned-image`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:5173' },
        body: JSON.stringify({ files: [{ fileName: 'a.png', mimeType: 'image/png' }] }),
      }).then((response) => response.status)
    expect([await presign(), await presign(), await presign()]).toEqual([200, 200, 429])
    await cli.stop()
  })

  it('an --app-rate-limit that is not <calls>/<seconds> or off → exit code 2 and a message', async () => {
    const cli = startCli(['--app-rate-limit', '10 per minute'])
    expect(await cli.exited).toBe(2)
    expect(cli.output().stderr).toContain(
      '--app-rate-limit / MOCK_APP_RATE_LIMIT must be <calls>/<seconds> (e.g. 1000/60) or off, got 10 per minute',
    )
  })
})
