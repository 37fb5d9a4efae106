import type { MockContext } from '../http/env.ts'
import type { Goog4SignInput } from '../signing/goog4-sign.ts'

/** What a multipart/form-data parser hands over, part by part in the order they were sent. */
interface FormHandlers {
  field(name: string, value: string): void
  /** A file part: its bytes as they arrive. The handler consumes `bytes`, or calls `skip` to let them pass. */
  file(name: string, filename: string, bytes: AsyncIterable<Uint8Array>, skip: () => void): void
}

/**
 * The few things the mock's routes do differently on Node (the mock server) and in a page (the in-page mock that
 * the static Storybook runs through MSW when no Node mock is reachable). Everything else — vendors, signing
 * checks, storage rules, faults, controls — is the same code in both.
 */
export interface MockPlatform {
  /** The request body as it arrives, never buffered on Node. */
  requestBody(c: MockContext): AsyncIterable<Uint8Array>
  /** After an early rejection: reads and drops the rest of the body; past `capBytes` cuts the connection instead. */
  discardRest(c: MockContext, capBytes: number): Promise<void>
  /** The client sees a network error, not an HTTP answer (a proxy or NIC dying). */
  resetConnection(c: MockContext): void
  /** The connection's address (what the demo app backend's rate limit counts by); a page has none. */
  clientAddress?(c: MockContext): string | undefined
  /** Parses a multipart/form-data body; resolves at its end, rejects when it is not well-formed. */
  parseForm(body: AsyncIterable<Uint8Array>, contentType: string, handlers: FormHandlers): Promise<void>
  /** A GCS V4 signed URL: Google's own library on Node, the WebCrypto twin in a page. */
  signGcsUrl(input: GcsSignInput): Promise<string>
}

/** What both signers need: the key as WebCrypto key (in a page) and as PEM (for Google's library on Node). */
type GcsSignInput = Goog4SignInput & { privateKeyPem: string }
