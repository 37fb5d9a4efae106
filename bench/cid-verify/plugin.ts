import IpfsPresign from '@uppy-presign/ipfs'

// Only here to be bundled: bench/cid-verify.ts measures the main chunk an app gets by importing the plugin.
Object.assign(globalThis, { IpfsPresign })
