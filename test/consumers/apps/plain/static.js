// Serves the built page from public/: the files as they are, `/` as index.html, nothing outside the folder.
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('./public', import.meta.url))
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
}

export async function serveStatic(req, res) {
  const { pathname } = new URL(req.url, 'http://page')
  const path = normalize(join(root, decodeURIComponent(pathname === '/' ? '/index.html' : pathname)))
  const info = path.startsWith(root + sep) ? await stat(path).catch(() => undefined) : undefined
  if (!info?.isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found')
    return
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'content-length': info.size,
  })
  createReadStream(path).pipe(res)
}
