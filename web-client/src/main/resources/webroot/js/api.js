// The REST API (/api, JSON). Errors come as {"error": {"code", "message"}}; they are thrown as
// ApiError with the stable code, which the pages turn into their own words.

export class ApiError extends Error {
  /** @param body the whole JSON answer, where an endpoint says more than the error (a CSV import's report) */
  constructor(status, code, message, body = null) {
    super(message || code);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

/**
 * @param {string} path e.g. /api/sessions
 * @param {object} o
 * @param {string} [o.method=GET]
 * @param {object} [o.body] sent as JSON
 * @param {{type: string, data: BufferSource}} [o.raw] sent as it is, with this Content-Type (a file)
 * @param {string} [o.token] login token → Authorization: Bearer
 * @param {string} [o.invitation] invitation token → Authorization: Invitation
 * @param {'json'|'blob'} [o.as=json]
 * @param {number} [o.timeoutMs] give up after this long, as when the network fails (a dead mobile link
 *                               leaves a request waiting for minutes); none by default
 */
export async function api(path, { method = 'GET', body, raw, token, invitation, as = 'json', timeoutMs } = {}) {
  const headers = { Accept: as === 'json' ? 'application/json' : '*/*' };
  if (token) {
    headers.Authorization = 'Bearer ' + token;
  } else if (invitation) {
    headers.Authorization = 'Invitation ' + invitation;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  } else if (raw) {
    headers['Content-Type'] = raw.type;
  }
  let res;
  const abort = timeoutMs ? new AbortController() : null;
  const timer = abort ? setTimeout(() => abort.abort(), timeoutMs) : null;
  try {
    res = await fetch(path, {
      method, headers, body: body === undefined ? raw?.data : JSON.stringify(body),
      credentials: 'same-origin', cache: 'no-store', signal: abort?.signal,
    });
  } catch (e) {
    throw new ApiError(0, 'network', abort?.signal.aborted ? `no answer within ${timeoutMs} ms` : e.message);
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) {
    let code = 'http-' + res.status;
    let message = res.statusText;
    let j = null;
    try {
      j = await res.json();
      code = j?.error?.code || code;
      message = j?.error?.message || message;
    } catch {
      // not JSON (a proxy's page): keep the status
    }
    throw new ApiError(res.status, code, message, j);
  }
  if (res.status === 204) {
    return null;
  }
  if (as === 'blob') {
    return res.blob();
  }
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/** A path segment, encoded (contract numbers may hold Japanese or spaces). */
export const seg = s => encodeURIComponent(s);

/** The fields of an invitation token's (signed, not secret) payload: invitation, session, role, times; or null. */
function tokenFields(token) {
  try {
    const payload = token.split('.')[1];
    const bin = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder().decode(Uint8Array.from(bin, c => c.charCodeAt(0))).split('|');
  } catch {
    return null;
  }
}

/** The invitation token's own validity period, read from its payload, or null. */
export function tokenWindow(token) {
  const f = tokenFields(token);
  return f && f.length > 4 ? { notBefore: new Date(Number(f[3]) * 1000), expiresAt: new Date(Number(f[4]) * 1000) } : null;
}

/** The invitation a token admits (a link sent again for it is another token of the same invitation), or null. */
export function tokenInvitation(token) {
  return tokenFields(token)?.[0] || null;
}
