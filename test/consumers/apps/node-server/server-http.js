// node:http alone: /api/* to the presign proxies, everything else the built page.
import { createServer } from 'node:http'
import { toNodeHandler, uploads } from './proxies.js'
import { serveStatic } from './static.js'

const api = toNodeHandler(uploads)
const server = createServer((req, res) => (req.url.startsWith('/api/') ? api(req, res) : serveStatic(req, res)))
server.listen(0, '127.0.0.1', () => console.log(`app at http://127.0.0.1:${server.address().port}/`))
