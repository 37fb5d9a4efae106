/**
 * `npm start`: the mock server (in this process) and Storybook dev (a child), on 127.0.0.1, with the stories told
 * where the mock is. Both stop together: on Ctrl-C / SIGTERM with code 0, and if either dies, with code 1, so a
 * half-running demo never looks healthy.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type MockServer, startMockServer } from '../mock-server/src/index.ts'

const HOST = '127.0.0.1'
const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name]
  const port = Number(raw ?? fallback)
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`npm start: ${name} must be a port number (1-65535), got ${JSON.stringify(raw)}`)
    process.exit(2)
  }
  return port
}

const mockPort = portFrom('MOCK_PORT', 4010)
const storybookPort = portFrom('STORYBOOK_PORT', 6006)

let mock: MockServer | undefined
let storybook: ChildProcess | undefined
let stopping = false

/** Stops whatever is running, then exits: the single way out, so nothing is left listening behind us. */
async function shutdown(code: number, reason?: string): Promise<never> {
  if (!stopping) {
    stopping = true
    if (reason) console.error(`\nnpm start: ${reason}; stopping.`)
    const exited = storybook && storybook.exitCode === null && storybook.signalCode === null ? storybook : undefined
    exited?.kill('SIGTERM')
    await Promise.all([
      mock?.close().catch((error: unknown) => console.error('npm start: closing the mock server failed:', error)),
      exited && waitForExit(exited, 5000),
    ])
  }
  process.exit(code)
}

function waitForExit(child: ChildProcess, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    // Storybook normally exits at once on SIGTERM; if it hangs, it must not keep the port after we are gone.
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

process.on('SIGINT', () => void shutdown(0))
process.on('SIGTERM', () => void shutdown(0))
// The mock runs in this process: if it throws, Storybook would go on serving stories whose every upload fails.
process.on('uncaughtException', (error) => {
  console.error(error)
  void shutdown(1, 'the mock server crashed')
})
process.on('unhandledRejection', (error) => {
  console.error(error)
  void shutdown(1, 'the mock server crashed')
})
// Last resort (process.exit from anywhere): never leave Storybook running without its mock.
process.on('exit', () => {
  if (storybook && storybook.exitCode === null && storybook.signalCode === null) storybook.kill('SIGTERM')
})

try {
  mock = await startMockServer({ port: mockPort })
} catch (error) {
  const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
  await shutdown(
    1,
    inUse
      ? `port ${mockPort}, ${mockPort + 1} or ${mockPort + 2} is taken (the mock needs three); set MOCK_PORT`
      : `the mock server did not start: ${String(error)}`,
  )
}
const mockUrl = (mock as MockServer).url

// Storybook's own CLI, run by this node: no npx, and no shell between us and the process we must stop.
const storybookBin = join(
  dirname(createRequire(import.meta.url).resolve('storybook/package.json')),
  'dist/bin/dispatcher.js',
)
storybook = spawn(
  process.execPath,
  [
    storybookBin,
    'dev',
    ...['-p', String(storybookPort), '--host', HOST],
    // --exact-port: fail rather than move to another port, or the URL printed below would be wrong.
    ...['--no-open', '--ci', '--exact-port', '--no-version-updates'],
  ],
  {
    cwd: root,
    stdio: 'inherit',
    // STORYBOOK_* variables reach the page as import.meta.env: this is how stories/mock.ts finds this mock.
    env: { ...process.env, STORYBOOK_MOCK_URL: mockUrl, STORYBOOK_DISABLE_TELEMETRY: '1' },
  },
)
storybook.on('exit', (code, signal) => {
  if (!stopping) void shutdown(1, `Storybook exited (${signal ?? `code ${code}`})`)
})
storybook.on('error', (error) => {
  if (!stopping) void shutdown(1, `Storybook did not start: ${error.message}`)
})

const storybookUrl = `http://${HOST}:${storybookPort}`

/** Storybook prints its own banner early; ours comes once it answers, so both URLs are the last thing on screen. */
async function announceWhenReady(): Promise<void> {
  const deadline = Date.now() + 180_000
  while (!stopping && Date.now() < deadline) {
    try {
      if ((await fetch(`${storybookUrl}/index.json`)).ok) break
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  if (stopping) return
  const m = mock as MockServer
  console.log(
    [
      '',
      'uppy-presign demo is running',
      `  Storybook:   ${storybookUrl}`,
      `  mock server: ${m.url}  (S3 ${m.s3Url}, GCS ${m.gcsUrl}; dev credentials at ${m.url}/__config)`,
      `  app proxies: ${m.url}/app/{nft2,startrail,leonardo,typebot}`,
      'Ctrl-C stops both.',
      '',
    ].join('\n'),
  )
}
await announceWhenReady()
