// What the parts of the browser client (rinjo-client.js and its client-*.js modules) share: its error,
// the codes after which trying again cannot succeed, and the WebSocket's readyState values.

export class RinjoError extends Error {
  constructor(code, message) {
    super(message || code);
    this.name = 'RinjoError';
    this.code = code;
  }
}

/** Error codes after which trying again cannot succeed. */
export const FATAL_CODES = new Set(['token-expired', 'token-revoked', 'session-closed', 'token-invalid']);
// WebSocket readyState values
export const OPEN = 1;
export const CLOSED = 3;
