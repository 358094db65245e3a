export type RevocationCache = {
  get(key: string): Uint8Array | undefined;
  /** Keeps `der` until `expires` (the CRL's or OCSP answer's nextUpdate). */
  set(key: string, der: Uint8Array, expires: Date): void;
};

/**
 * An in-memory cache of CRLs and OCSP answers, each kept until its own nextUpdate, so validating
 * many documents signed under the same CA costs one fetch per CA per update period. Oldest entries
 * go first when full.
 */
export function createRevocationCache(
  options: { maxEntries?: number; now?: () => Date } = {},
): RevocationCache {
  const maxEntries = options.maxEntries ?? 1000;
  const now = options.now ?? (() => new Date());
  const entries = new Map<string, { der: Uint8Array; expires: Date }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expires <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.der;
    },
    set(key, der, expires) {
      entries.delete(key);
      entries.set(key, { der, expires });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
  };
}
