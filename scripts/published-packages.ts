/** The packages a user installs, in the order they depend on each other; what the build and the release need of each. */
export interface PublishedPackage {
  name: string
  /** Folder under packages/. */
  folder: string
  platform: 'browser' | 'node'
  /** Files copied from src/ to dist/ as they are. */
  assets?: string[]
  /** The entry is a React client boundary (`'use client'`). */
  useClient?: boolean
  /** Bundles ipfs-unixfs-importer, and with it protons-runtime's uint64 writer that needs the CID fix. */
  bundlesProtons?: boolean
}

export const PUBLISHED: PublishedPackage[] = [
  { name: '@uppy-presign/vendors', folder: 'vendors', platform: 'node' },
  { name: '@uppy-presign/core', folder: 'core', platform: 'browser' },
  { name: '@uppy-presign/ipfs', folder: 'ipfs', platform: 'browser', bundlesProtons: true },
  { name: '@uppy-presign/gcs', folder: 'gcs', platform: 'browser' },
  { name: '@uppy-presign/s3-post', folder: 's3-post', platform: 'browser' },
  {
    name: '@uppy-presign/react',
    folder: 'react',
    platform: 'browser',
    assets: ['upload-results.css'],
    useClient: true,
  },
  { name: '@uppy-presign/server', folder: 'server', platform: 'node' },
]
