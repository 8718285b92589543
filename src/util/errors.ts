/**
 * A user-facing error: bad input, not a bug. The CLI prints its message without a stack and
 * exits non-zero. The message should name the file, the field (key, id, feature) and what was
 * expected, e.g. `data/roads.geojson: feature 3 ("A-189"): width -5 must be positive`.
 */
export class CrosswayError extends Error {
  readonly file?: string;
  readonly field?: string;
  constructor(message: string, where: { file?: string; field?: string; cause?: unknown } = {}) {
    const prefix = [where.file, where.field].filter(Boolean).join(": ");
    super(prefix ? `${prefix}: ${message}` : message, where.cause !== undefined ? { cause: where.cause } : undefined);
    this.name = "CrosswayError";
    this.file = where.file;
    this.field = where.field;
  }
}
