/**
 * Folds Vietnamese text for accent-insensitive search: "Sở Nội vụ Thành phố Hà Nội" becomes
 * "so noi vu thanh pho ha noi". "đ" is a separate letter, not a d with a mark, so Unicode
 * decomposition alone leaves it; it is mapped explicitly.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/đ/g, "d")
    .replace(/Đ/g, "D")
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim();
}

/** Splits a search query into folded words, ignoring punctuation other than `.`, `-` and `/`. */
export function searchTerms(query: string): string[] {
  return foldVietnamese(query)
    .replace(/[^\p{L}\p{N}./-]+/gu, " ")
    .split(" ")
    .filter((word) => word.length > 0);
}

/** Escapes `%`, `_` and `\` for use inside a LIKE pattern. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
