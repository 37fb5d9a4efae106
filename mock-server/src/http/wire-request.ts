/**
 * A request as the mock sees it on a wire: with the `Origin` and `Content-Length` the browser adds there. A script
 * cannot put those on a `Request` (forbidden header names are dropped), but a stand-alone `Headers` may hold them.
 */
export class WireRequest extends Request {
  readonly #headers: Headers
  constructor(url: string, init: RequestInit, headers: Headers) {
    super(url, init)
    this.#headers = headers
  }
  override get headers(): Headers {
    return this.#headers
  }
}
