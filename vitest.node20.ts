/**
 * Vitest 5 declares node ≥ 22; on node 20 its reporter calls `Map.groupBy` (node 21+) while printing failures and
 * crashes, hiding every failure message. This fills in exactly that function, nothing else.
 */
if (!('groupBy' in Map)) {
  Object.defineProperty(Map, 'groupBy', {
    value<K, V>(items: Iterable<V>, key: (item: V, index: number) => K): Map<K, V[]> {
      const groups = new Map<K, V[]>()
      let index = 0
      for (const item of items) {
        const k = key(item, index++)
        const group = groups.get(k)
        if (group) group.push(item)
        else groups.set(k, [item])
      }
      return groups
    },
  })
}
