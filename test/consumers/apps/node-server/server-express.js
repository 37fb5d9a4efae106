// Express 5: the proxies mounted with no body parser in front (they read the raw body), then the built page.
import express from 'express'
import { toNodeHandler, uploads } from './proxies.js'
import { serveStatic } from './static.js'

const app = express()
// Express 5 wildcards are named (`*splat`); `app.all` keeps req.url whole, which the proxies match on.
app.all('/api/*splat', toNodeHandler(uploads))
app.use(serveStatic)
const server = app.listen(0, '127.0.0.1', () => console.log(`app at http://127.0.0.1:${server.address().port}/`))
