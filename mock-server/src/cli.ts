import { parseArgs } from 'node:util'
import { startMockServer } from './index.ts'

const { values } = parseArgs({ options: { port: { type: 'string' }, 'app-rate-limit': { type: 'string' } } })
const port = Number(values.port ?? process.env.MOCK_PORT ?? 4010)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`mock-server: --port / MOCK_PORT must be a port number, got ${values.port ?? process.env.MOCK_PORT}`)
  process.exit(2)
}

/** `--app-rate-limit 1000/60` (calls per seconds, per client) or `off`; the mock's default when absent. */
function appRateLimitOption(value: string | undefined) {
  if (value === undefined) return undefined
  if (value === 'off') return false
  const [, calls, seconds] = /^(\d+)\/(\d+)$/.exec(value) ?? []
  if (!(Number(calls) >= 1 && Number(seconds) >= 1)) {
    console.error(
      `mock-server: --app-rate-limit / MOCK_APP_RATE_LIMIT must be <calls>/<seconds> (e.g. 1000/60) or off, got ${value}`,
    )
    process.exit(2)
  }
  return { limit: Number(calls), windowMs: Number(seconds) * 1000 }
}
const appRateLimit = appRateLimitOption(values['app-rate-limit'] ?? process.env.MOCK_APP_RATE_LIMIT)

const server = await startMockServer({ port, appRateLimit })
console.log(`mock server (vendor APIs + controls): ${server.url}`)
console.log(`  S3 storage:  ${server.s3Url}`)
console.log(`  GCS storage: ${server.gcsUrl}`)
console.log(`  dev credentials and endpoints: ${server.url}/__config`)

const stop = async () => {
  await server.close()
  process.exit(0)
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
