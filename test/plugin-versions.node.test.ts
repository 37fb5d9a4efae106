import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import GcsSignedUrl from '../packages/gcs/src/GcsSignedUrl.ts'
import IpfsPresign from '../packages/ipfs/src/IpfsPresign.ts'
import S3PostPolicy from '../packages/s3-post/src/S3PostPolicy.ts'

const packageVersion = (name: string) =>
  (
    JSON.parse(readFileSync(join(import.meta.dirname, '../packages', name, 'package.json'), 'utf8')) as {
      version: string
    }
  ).version

// Each plugin states its version in code (so an app's bundle does not carry the whole package.json): it must be the
// version the package is published as, as Uppy's own plugins' VERSION is.
describe('plugin VERSION', () => {
  it.each([
    ['ipfs', IpfsPresign.VERSION],
    ['gcs', GcsSignedUrl.VERSION],
    ['s3-post', S3PostPolicy.VERSION],
  ])('%s equals its package.json version', (name, version) => {
    expect(version).toBe(packageVersion(name))
  })
})
