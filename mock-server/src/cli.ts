import { parseArgs } from 'node:util'
import { startMockServer } from './index.ts'

const { values } = parseArgs({ options: { port: { type: 'string' } } })
const port = Number(values.port ?? process.env.MOCK_PORT ?? 4010)
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`mock-server: --port / MOCK_PORT must be a port number, got ${values.port ?? process.env.MOCK_PORT}`)
  process.exit(2)
}

const server = await startMockServer({ port })
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
