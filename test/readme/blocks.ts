// The TypeScript blocks of the repository's READMEs, as the README-code test compiles them.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface CodeBlock {
  /** README path from the repository root, e.g. `packages/ipfs/README.md`. */
  readme: string
  /** Line of the opening fence, 1-based: where a failure points. */
  line: number
  lang: 'ts' | 'tsx'
  /** A block fenced ```ts fragment: an excerpt of a program, not one, so it is not compiled. */
  fragment: boolean
  code: string
  /** The module file the block becomes: unique, and names its README and line. */
  file: string
}

/** Root, every package and the mock server: each README a user reads on the registry or on GitHub. */
export function readmePaths(root: string): string[] {
  const packages = readdirSync(join(root, 'packages')).map((name) => `packages/${name}/README.md`)
  return ['README.md', ...packages.sort(), 'mock-server/README.md']
}

export function codeBlocks(root: string, readme: string): CodeBlock[] {
  const lines = readFileSync(join(root, readme), 'utf8').split('\n')
  const blocks: CodeBlock[] = []
  let open: { line: number; info: string[]; body: string[] } | undefined
  lines.forEach((text, index) => {
    const fence = /^```(.*)$/.exec(text)
    if (!fence) {
      open?.body.push(text)
      return
    }
    if (!open) {
      open = { line: index + 1, info: (fence[1] ?? '').trim().split(/\s+/), body: [] }
      return
    }
    const [lang, ...flags] = open.info
    if (lang === 'ts' || lang === 'tsx') {
      const slug = readme.replace(/\/?README\.md$/, '').replace(/\//g, '-') || 'root'
      blocks.push({
        readme,
        line: open.line,
        lang,
        fragment: flags.includes('fragment'),
        code: `${open.body.join('\n')}\n`,
        file: `${slug}-L${open.line}.${lang}`,
      })
    }
    open = undefined
  })
  if (open) throw new Error(`${readme}:${open.line}: code fence never closed`)
  return blocks
}
