// A new app in a temp folder, set up as a user sets one up: its own package.json and files, our packages from their
// packed tarballs, everything else from the registry (npm's cache makes repeat runs quick). Each step is timed, for
// the consumer tests to report.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export interface StepResult {
  ms: number
  output: string
}

export interface RunningServer {
  url: string
  output: () => string
  stop: () => Promise<void>
}

export interface FreshApp {
  dir: string
  /** Step name → milliseconds, in the order run. */
  timings: Record<string, number>
  /** Runs a command in the app folder; rejects with its output when it exits non-zero. */
  run(step: string, command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<StepResult>
  /** Starts a long-running command (a dev server) and resolves once its output matches `ready` (group 1: the URL). */
  serve(step: string, command: string, args: string[], ready: RegExp, env?: NodeJS.ProcessEnv): Promise<RunningServer>
  remove(): void
}

export interface FreshAppOptions {
  /** Files of the app, path → content (`package.json` included; bytes for images and such). */
  files: Record<string, string | Uint8Array>
  /** Our tarballs and registry packages (`name@range`) to `npm install`, as a user would. */
  install: string[]
  installDev?: string[]
}

const NPM_FLAGS = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error']

export async function freshApp(name: string, { files, install, installDev = [] }: FreshAppOptions): Promise<FreshApp> {
  const dir = mkdtempSync(join(tmpdir(), `uppy-presign-${name}-`))
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), content)
  }
  const timings: Record<string, number> = {}
  const children = new Set<ChildProcess>()

  const run: FreshApp['run'] = (step, command, args, env) =>
    new Promise((resolve, reject) => {
      const started = performance.now()
      const child = spawn(command, args, {
        cwd: dir,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      let output = ''
      child.stdout.on('data', (chunk) => (output += chunk))
      child.stderr.on('data', (chunk) => (output += chunk))
      child.on('error', reject)
      child.on('close', (code) => {
        timings[step] = Math.round(performance.now() - started)
        if (code === 0) resolve({ ms: timings[step] as number, output })
        else
          reject(new Error(`${name}: ${step} (${command} ${args.join(' ')}) exited ${code}:\n${output.slice(-6000)}`))
      })
    })

  const serve: FreshApp['serve'] = (step, command, args, ready, env) =>
    new Promise((resolve, reject) => {
      const started = performance.now()
      // Its own process group, so stop() ends the server and whatever it spawned.
      const child = spawn(command, args, {
        cwd: dir,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
      children.add(child)
      let output = ''
      let isReady = false
      const stop = () =>
        new Promise<void>((done) => {
          children.delete(child)
          if (child.exitCode !== null || child.pid === undefined) return done()
          child.once('exit', () => done())
          process.kill(-child.pid, 'SIGTERM')
        })
      const onData = (chunk: Buffer) => {
        output += chunk
        // Once only: later output (request logs) matches too, and must not overwrite the time to ready.
        const match = isReady ? null : ready.exec(output)
        if (match) {
          isReady = true
          timings[step] = Math.round(performance.now() - started)
          resolve({ url: match[1] ?? '', output: () => output, stop })
        }
      }
      child.stdout?.on('data', onData)
      child.stderr?.on('data', onData)
      child.on('error', reject)
      child.on('exit', (code) =>
        reject(new Error(`${name}: ${step} exited ${code} before ready:\n${output.slice(-6000)}`)),
      )
    })

  const app: FreshApp = {
    dir,
    timings,
    run,
    serve,
    remove: () => {
      for (const child of children)
        if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGKILL')
      rmSync(dir, { recursive: true, force: true })
    },
  }
  await run('npm install', 'npm', ['install', ...NPM_FLAGS, ...install])
  if (installDev.length > 0) await run('npm install -D', 'npm', ['install', '-D', ...NPM_FLAGS, ...installDev])
  return app
}
