import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, type Rollup } from 'vite'

const root = join(import.meta.dirname, '..')

/**
 * A browser entry bundled and minified as an app's bundler ships it, every `import()` chunk included; Uppy's core
 * and React stay the app's own (external). Used by the bundle-size benchmark and the secrets test.
 */
export async function bundle(entry: string): Promise<{ code: string; minGzipBytes: number; chunks: number }> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    root,
    build: {
      write: false,
      minify: true,
      lib: { entry: join(root, entry), formats: ['es'], fileName: 'bundle' },
      rollupOptions: { external: (id) => /^(@uppy\/core|react($|\/)|react-dom)/.test(id) },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[]
  const chunks = (Array.isArray(output) ? output : [output])
    .flatMap((o) => o.output)
    .map((chunk) => (chunk.type === 'chunk' ? chunk.code : String(chunk.source)))
  const code = chunks.join('\n')
  return { code, minGzipBytes: gzipSync(code, { level: 9 }).length, chunks: chunks.length }
}
