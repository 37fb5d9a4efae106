// A packed tarball, opened as the registry would serve it: its files, its package.json, and the imports of its code.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { parseAst } from 'rolldown/parseAst'

export interface Manifest {
  name: string
  version: string
  private?: boolean
  license?: string
  repository?: { type?: string; url?: string; directory?: string }
  keywords?: string[]
  engines?: { node?: string }
  exports?: Record<string, unknown>
  files?: string[]
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  devDependencies?: Record<string, string>
}

export interface OpenedTarball {
  /** The extracted `package/` folder. */
  dir: string
  /** Every file, relative to `dir`, `/`-separated. */
  files: string[]
  manifest: Manifest
  bytes: number
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
}

export function openTarball(tarball: string): OpenedTarball {
  const into = mkdtempSync(join(tmpdir(), 'uppy-presign-tarball-'))
  execFileSync('tar', ['-xzf', tarball, '-C', into])
  const dir = join(into, 'package')
  const files = walk(dir).map((file) => relative(dir, file).split('\\').join('/'))
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest
  return { dir, files, manifest, bytes: statSync(tarball).size }
}

/**
 * The specifiers of `import … from 'x'`, `import 'x'`, `export … from 'x'` and `import('x')` in a module's code, read
 * from its syntax tree (Rolldown's parser): an import in a comment or a string (bundled JSDoc examples) is not one.
 */
export function importSpecifiers(code: string, file: string): string[] {
  const found = new Set<string>()
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null) return
    const { type, source } = node as { type?: string; source?: { type?: string; value?: unknown } }
    const importing = ['ImportDeclaration', 'ExportNamedDeclaration', 'ExportAllDeclaration', 'ImportExpression']
    if (type && importing.includes(type) && source?.type === 'Literal' && typeof source.value === 'string') {
      found.add(source.value)
    }
    // Arrays too: their elements are the values.
    for (const value of Object.values(node)) if (typeof value === 'object') visit(value)
  }
  visit(parseAst(code, { lang: 'js' }, file))
  return [...found]
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`; relative and `node:` specifiers → undefined. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}
