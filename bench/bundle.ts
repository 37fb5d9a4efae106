import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, type Rollup } from 'vite'

const root = join(import.meta.dirname, '..')

export interface Bundle {
  /** Every chunk, the lazily loaded ones too (what a secrets scan must read). */
  code: string
  /** min+gzip of what a page loads up front: the entry chunk and the chunks it imports statically. */
  minGzipBytes: number
  /** min+gzip of the chunks loaded only through `import()` (e.g. the CID worker). */
  lazyMinGzipBytes: number
  /** The largest modules loaded up front, in bytes of their code before minification: where the size comes from. */
  largestModules: Array<{ module: string; bytes: number }>
}

/** Where the entry module seems to live: imports in it resolve from the project root's node_modules. */
const ENTRY = join(root, 'bench', '.bundle-entry.js')

/**
 * What an app's bundler ships for these imports of the built packages (`entry` is the app's module, e.g.
 * `export { default } from '@uppy-presign/ipfs'`), minified; Uppy's core and React stay the app's own (external).
 * Used by the bundle-size benchmark and the secrets test.
 */
export async function bundle(entry: string): Promise<Bundle> {
  const output = (await build({
    configFile: false,
    logLevel: 'silent',
    root,
    plugins: [
      {
        name: 'bundle-entry',
        resolveId: (id) => (id === ENTRY ? ENTRY : undefined),
        load: (id) => (id === ENTRY ? entry : undefined),
      },
    ],
    build: {
      write: false,
      minify: true,
      lib: { entry: ENTRY, formats: ['es'], fileName: 'bundle' },
      rolldownOptions: {
        external: (id) => /^(@uppy\/core|react($|\/)|react-dom)/.test(id),
        // A library build keeps its whitespace and /* @__PURE__ */ notes for the app's bundler to tree-shake with;
        // the app then minifies all of it. Measured as it reaches the browser: fully minified, no comments.
        output: { minify: true, comments: false },
      },
    },
  })) as Rollup.RollupOutput | Rollup.RollupOutput[]
  const files = (Array.isArray(output) ? output : [output]).flatMap((o) => o.output)
  const text = (file: (typeof files)[number]) => (file.type === 'chunk' ? file.code : String(file.source))
  const gzip = (code: string) => gzipSync(code, { level: 9 }).length
  const chunks = new Map(
    files.filter((f): f is Rollup.OutputChunk => f.type === 'chunk').map((chunk) => [chunk.fileName, chunk]),
  )
  // Without a Vite config, `@uppy-presign/*` resolves through each package.json's `exports`, to dist/: what an app
  // installs. A module from src/ would mean a size measured on code no user gets.
  const fromSources = [...chunks.values()]
    .flatMap((chunk) => chunk.moduleIds)
    .find((id) => /packages\/[^/]+\/src\//.test(id))
  if (fromSources) throw new Error(`${fromSources}: bundled from sources, not from the build (run npm run build)`)
  const entryChunk = [...chunks.values()].find((chunk) => chunk.isEntry)
  // Up front: the entry and every chunk it imports statically (a module shared with a lazy chunk is split out into
  // one, and still loads with the entry).
  const upFront = new Set<Rollup.OutputChunk>()
  const visit = (chunk: Rollup.OutputChunk | undefined) => {
    if (!chunk || upFront.has(chunk)) return
    upFront.add(chunk)
    for (const name of chunk.imports) visit(chunks.get(name))
  }
  visit(entryChunk)
  const lazy = files.filter((f) => !upFront.has(f as Rollup.OutputChunk))
  return {
    code: files.map(text).join('\n'),
    // Gzipped as one: an app's bundler puts them all in its own main chunk.
    minGzipBytes: gzip([...upFront].map((chunk) => chunk.code).join('\n')),
    lazyMinGzipBytes: lazy.reduce((n, f) => n + gzip(text(f)), 0),
    largestModules: [...upFront]
      .flatMap((chunk) => Object.entries(chunk.modules))
      .map(([id, m]) => ({ module: id.replace(`${root}/`, ''), bytes: m.renderedLength }))
      .sort((a, b) => b.bytes - a.bytes)
      .slice(0, 8),
  }
}
