// Compiles README blocks with tsc under the strict settings a demanding app uses, and reads the diagnostics back per
// block file.
import { spawnSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CodeBlock } from './blocks.ts'

/** What the README test demands beyond `strict`: the settings that catch the most in a user's code. */
export const STRICT_OPTIONS = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noPropertyAccessFromIndexSignature: true,
  jsx: 'react-jsx',
  skipLibCheck: true,
  noEmit: true,
  // Every block is a module of its own, even one without imports, so two blocks' top-level names never clash.
  moduleDetection: 'force',
}

/** Writes the blocks into `dir/blocks/`, with a tsconfig there that `extraOptions` completes. */
export function writeBlocks(dir: string, blocks: CodeBlock[], tsconfig: Record<string, unknown>): string {
  const blockDir = join(dir, 'blocks')
  mkdirSync(blockDir, { recursive: true })
  for (const block of blocks) writeFileSync(join(blockDir, block.file), block.code)
  const config = join(blockDir, 'tsconfig.json')
  writeFileSync(config, JSON.stringify(tsconfig, null, 2))
  return config
}

export interface TscRun {
  status: number | null
  /** Block file name → its diagnostics (`line,col: error TSxxxx: …`). */
  byFile: Map<string, string[]>
  /** Diagnostics in no block file (the set-up itself, a library): must be none either. */
  elsewhere: string[]
  output: string
}

export function runTsc(tsc: string, config: string, cwd: string): TscRun {
  const result = spawnSync(tsc, ['-p', config, '--pretty', 'false'], { cwd, encoding: 'utf8' })
  const output = `${result.stdout}${result.stderr}`
  const byFile = new Map<string, string[]>()
  const elsewhere: string[] = []
  let last: string[] | undefined
  for (const line of output.split('\n')) {
    if (line.trim() === '') continue
    const diagnostic = /(?:^|[\\/])blocks[\\/]([^\\/(]+)\((\d+,\d+)\): (.*)$/.exec(line)
    if (diagnostic) {
      const [, file = '', at, text] = diagnostic
      last = byFile.get(file) ?? []
      byFile.set(file, last)
      last.push(`${at}: ${text}`)
    } else if (/^\s/.test(line) && last) {
      // A diagnostic's continuation lines (elaboration of a type error) belong to the one above.
      last.push(line)
    } else {
      last = elsewhere
      elsewhere.push(line)
    }
  }
  return { status: result.status, byFile, elsewhere, output }
}
