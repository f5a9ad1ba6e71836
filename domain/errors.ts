/**
 * Base of every error the domain raises on purpose. `code` is stable and machine-readable; the
 * edge maps it to an HTTP status in one place.
 */
export class DomainError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}
