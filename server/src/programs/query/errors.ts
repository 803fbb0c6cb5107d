/**
 * Raised for malformed program queries. `position`/`length` are UTF-16 offsets into the
 * original query string (what JS editors and `String.prototype.slice` use), so the UI can
 * underline the offending span directly.
 */
export class QuerySyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
    readonly length: number,
    readonly expected?: string,
  ) {
    super(message);
    this.name = 'QuerySyntaxError';
  }
}
