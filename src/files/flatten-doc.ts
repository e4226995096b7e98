/** {a: 1, metadata: {b: 2}} -> {a: 1, 'metadata.b': 2}: one level of nesting, as CSV columns hold it. */
export function flattenDoc(doc: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [sub, inner] of Object.entries(value)) flat[`${key}.${sub}`] = inner;
    } else {
      flat[key] = value;
    }
  }
  return flat;
}
