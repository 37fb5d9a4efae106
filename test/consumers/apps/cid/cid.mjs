// Prints the IPFS CID (kubo's defaults, CIDv0) of the file named on the command line, and how long it took.
// Node has no Worker, so computeCid runs in this thread, streaming the file.
import { openAsBlob } from 'node:fs'
import { computeCid } from '@uppy-presign/ipfs'

const started = performance.now()
const cid = await computeCid(await openAsBlob(process.argv[2]))
console.log(JSON.stringify({ cid, ms: Math.round(performance.now() - started) }))
