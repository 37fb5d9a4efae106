import { join } from 'node:path'
import { createServer } from 'vite'

/**
 * Serves a benchmark page (a folder under bench/ with an index.html) through Vite on 127.0.0.1, so the page imports
 * the kit's TypeScript as an app's dev build would. No HMR, no watching: an edit elsewhere in the repository must
 * not reload the page mid-run.
 */
export async function servePage(folder: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await createServer({
    configFile: false,
    root: join(import.meta.dirname, folder),
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, hmr: false, watch: null },
  })
  await server.listen()
  return { url: server.resolvedUrls?.local[0] as string, close: () => server.close() }
}
