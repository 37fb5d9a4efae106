import { type ComputedCid, cidOfBlob } from './cid-of-stream.ts'
import { checkCidProfile } from './cid-profiles.ts'

/** What `computeCid` posts: the Blob itself (a handle, not a copy of its bytes) and the profile's name. */
export interface CidWorkerRequest {
  blob: Blob
  profile: string
}
export type CidWorkerReply = { computed: ComputedCid } | { error: { name: string; message: string } }

// One worker per computation: `computeCid` terminates it when done or aborted, so no cancel message is needed.
self.addEventListener('message', async (event: MessageEvent<CidWorkerRequest>) => {
  let reply: CidWorkerReply
  try {
    reply = { computed: await cidOfBlob(event.data.blob, checkCidProfile(event.data.profile)) }
  } catch (error) {
    const { name = 'Error', message = String(error) } = (error ?? {}) as Partial<Error>
    reply = { error: { name, message } }
  }
  self.postMessage(reply)
})
