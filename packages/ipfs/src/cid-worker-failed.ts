/** The CID worker could not run; the message is the browser's own words, when it gives any. */
export class CidWorkerFailed extends Error {
  override name = 'CidWorkerFailed'
  /** The Content-Security-Policy directive that refused the worker, when that is why (`worker-src …`). */
  readonly blockedBy: string | undefined

  constructor(message: string, blockedBy?: string) {
    super(message)
    this.blockedBy = blockedBy
  }
}
