// The page as static files and nothing else: its uploads go to a backend elsewhere (`?backend=`).
import { createServer } from 'node:http'
import { serveStatic } from './static.js'

const server = createServer(serveStatic)
server.listen(0, '127.0.0.1', () => console.log(`page at http://127.0.0.1:${server.address().port}/`))
