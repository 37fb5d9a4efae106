// A real redis-server for this package's tests only: not shipped (outside `src`), not exported.
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'

const REDIS_SERVER = '/usr/bin/redis-server'

export interface RedisTestServer {
  url: string
  stop(): Promise<void>
  /** Kills redis-server at once (SIGKILL), as a crash or a lost machine would: no goodbye to its clients. */
  kill(): Promise<void>
  /** Starts it again on the same port, empty (nothing is saved), as a Redis that came back would be. */
  restart(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * Debian's redis-server on a free loopback port, with nothing written to disk. Missing is a failure, not a skip: the
 * shared rate limit is only proven against a real Redis.
 */
export async function startRedisServer(): Promise<RedisTestServer> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(
      `${REDIS_SERVER} is missing: the Redis rate-limit tests need a real Redis. Install it with: apt-get install -y redis-server`,
    )
  }
  const port = await freePort()
  let running = await spawnRedis(port)
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (running.child.exitCode === null) running.child.kill('SIGTERM')
      await running.exited
    },
    async kill() {
      if (running.child.exitCode === null) running.child.kill('SIGKILL')
      await running.exited
    },
    async restart() {
      await running.exited
      running = await spawnRedis(port)
    },
  }
}

async function spawnRedis(port: number): Promise<{ child: ChildProcess; exited: Promise<void> }> {
  const child: ChildProcess = spawn(
    REDIS_SERVER,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) resolve()
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)))
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return { child, exited }
}
