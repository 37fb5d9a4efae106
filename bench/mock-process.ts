import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** A process's resident memory, from /proc (Linux): what the kernel says it holds, not what the heap thinks. */
export const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) * 1024

/** The mock server in a process of its own, so that its memory is measured alone. */
export async function startServer(): Promise<{ pid: number; url: string; stop: () => void }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'mock-server/src/cli.ts', '--port', '0', '--app-rate-limit', 'off'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(d.toString())
      if (match?.[1]) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`mock server exited (${code})`)))
  })
  return { pid: child.pid as number, url, stop: () => child.kill('SIGTERM') }
}
