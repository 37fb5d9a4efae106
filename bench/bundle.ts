import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, type Rollup } from 'vite'

const root = join(import.meta.dirname, '..')

export interface Bundle {
  /** Every chunk, the lazily loaded ones too (what a secrets scan must read). */
  code: string
  /** min+gzip of what a page loads up front: the entry chunk, every static import inlined. */
  minGzipBytes: number
  /** min+gzip of the chunks loaded only through `import()` (e.g. the CID worker). */
  lazyMinGzipBytes: number
  /** The largest modules of the entry chunk, minified bytes each: where its size comes from. */
  largestModules: Array<{ module: string; bytes: number }>
}

/**
 * A browser entry bundled and minified as an app's bundler ships it; Uppy's core and React stay the app's own
 * (external). Used by the bundle-size benchmark and the secrets test.
 */
export async function bundle(entry: string): Promise<Bundle> {
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
  const files = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output)
  const text = (file: (typeof files)[number]) => (file.type === 'chunk' ? file.code : String(file.source))
  const gzip = (code: string) => gzipSync(code, { level: 9 }).length
  const entryChunk = files.find((f): f is Rollup.OutputChunk => f.type === 'chunk' && f.isEntry)
  const lazy = files.filter((f) => f !== entryChunk)
  return {
    code: files.map(text).join('\n'),
    minGzipBytes: entryChunk ? gzip(entryChunk.code) : 0,
    lazyMinGzipBytes: lazy.reduce((n, f) => n + gzip(text(f)), 0),
    largestModules: Object.entries(entryChunk?.modules ?? {})
      .map(([id, m]) => ({ module: id.replace(`${root}/`, ''), bytes: m.renderedLength }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 8),
  }
}
