export type Vendor = 'nft2' | 'startrail' | 'leonardo' | 'typebot'
export const VENDORS: readonly Vendor[] = ['nft2', 'startrail', 'leonardo', 'typebot']

/** Request counters for `/__stats`: tests assert batching ("120 files, 3 presign calls") from these. */
export class MockStats {
  presign: Record<Vendor, number> = { nft2: 0, startrail: 0, leonardo: 0, typebot: 0 }
  /** Per storage route (`s3-put`, `s3-post`, `s3-get`, `gcs-put`, …): `total` and a count per response status. */
  storage: Record<string, Record<string, number>> = {}

  countPresign(vendor: Vendor): void {
    this.presign[vendor]++
  }
  countStorage(route: string, status: number): void {
    const counts = this.storage[route] ?? { total: 0 }
    counts.total = (counts.total ?? 0) + 1
    counts[status] = (counts[status] ?? 0) + 1
    this.storage[route] = counts
  }
  reset(): void {
    for (const v of VENDORS) this.presign[v] = 0
    this.storage = {}
  }
}
