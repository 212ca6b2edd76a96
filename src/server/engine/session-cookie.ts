import type { CookieOptions } from './engine-options.js';

/**
 * Builds the Set-Cookie value that carries the session id (for sticky sessions behind a load balancer).
 * Defaults follow engine.io: `io`, path `/`, HttpOnly, SameSite=Lax.
 */
export function sessionCookie(sid: string, option: true | CookieOptions): string {
  const opts: CookieOptions = option === true ? {} : option;
  // Session ids are base64url, so they need no escaping.
  let out = `${opts.name ?? 'io'}=${sid}`;
  if (typeof opts.maxAge === 'number' && Number.isFinite(opts.maxAge)) {
    out += `; Max-Age=${Math.floor(opts.maxAge)}`;
    out += `; Expires=${new Date(Date.now() + opts.maxAge * 1000).toUTCString()}`;
  }
  if (opts.domain) out += `; Domain=${encodeURIComponent(opts.domain)}`;
  if (opts.path !== '') out += `; Path=${opts.path ?? '/'}`;
  if (opts.httpOnly ?? true) out += '; HttpOnly';
  if (opts.secure) out += '; Secure';
  const sameSite = opts.sameSite ?? 'lax';
  if (sameSite === true || sameSite === 'strict') out += '; SameSite=Strict';
  else if (sameSite === 'lax') out += '; SameSite=Lax';
  else if (sameSite === 'none') out += '; SameSite=None';
  return out;
}
