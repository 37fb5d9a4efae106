import type { IncomingMessage } from 'node:http'
import { Readable } from 'node:stream'
import { Storage } from '@google-cloud/storage'
import busboy from 'busboy'
import type { MockContext } from '../http/env.ts'
import type { MockPlatform } from './platform.ts'

// The AWS SDK is pinned to its 3.116x line on purpose (later lines need Node 22); its warning about that is noise.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

const incoming = (c: MockContext): IncomingMessage => {
  if (!c.env.incoming) throw new Error('the Node platform serves requests from @hono/node-server only')
  return c.env.incoming
}

/**
 * The mock server on Node: bodies read from the socket as they arrive (a 2 GiB upload never sits in memory),
 * resets destroy the socket, forms are streamed through busboy, GCS URLs signed by `@google-cloud/storage` so what
 * the mock accepts is what Google's library makes.
 */
export const nodePlatform: MockPlatform = {
  requestBody: (c) => incoming(c),

  async discardRest(c, capBytes) {
    const request = incoming(c)
    if (request.readableEnded) return
    let seen = 0
    for await (const chunk of request as AsyncIterable<Uint8Array>) {
      seen += chunk.byteLength
      if (seen > capBytes) {
        request.socket.destroy()
        return
      }
    }
  },

  resetConnection: (c) => incoming(c).socket.destroy(),

  clientAddress: (c) => c.env.incoming?.socket.remoteAddress,

  parseForm(body, contentType, handlers) {
    return new Promise((resolve, reject) => {
      // Hono's parseBody() buffers the whole form (a 300 MB form took 1.3 GB of RSS): busboy streams it.
      // A browser sends the file name as UTF-8 bytes (the form's encoding), and S3 reads it so; busboy's default
      // (latin1) would store `写.png` as mojibake of twice the bytes.
      const parser = busboy({
        headers: { 'content-type': contentType },
        defParamCharset: 'utf8',
        limits: { fieldSize: 64 * 1024, fields: 100 },
      })
      parser.on('field', (name, value) => handlers.field(name, value))
      parser.on('file', (name, stream, info) =>
        // destroyOnReturn: false, because a write that stops early (EntityTooLarge) would otherwise destroy busboy's
        // file stream: busboy then waits forever for that stream to end, and the POST is never answered.
        handlers.file(name, info.filename ?? '', stream.iterator({ destroyOnReturn: false }), () => stream.resume()),
      )
      parser.on('close', () => resolve())
      parser.on('error', reject)
      Readable.from(body)
        .on('error', (error) => parser.destroy(error))
        .pipe(parser)
    })
  },

  async signGcsUrl(input) {
    const storage = new Storage({
      apiEndpoint: input.endpoint,
      projectId: 'mock-project',
      credentials: { client_email: input.clientEmail, private_key: input.privateKeyPem },
    })
    const [url] = await storage
      .bucket(input.bucket)
      .file(input.key)
      .getSignedUrl({
        version: 'v4',
        action: input.method === 'GET' ? 'read' : 'write',
        contentType: input.contentType,
        accessibleAt: input.now,
        expires: input.now.getTime() + input.expiresInSeconds * 1000,
      })
    return url
  },
}
