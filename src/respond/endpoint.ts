// Where keys may be sent: the configured AIsa endpoints, over HTTPS (plain HTTP only to loopback, for
// tests and local emulators). Everything here runs before a single request is made.
import { UsageError } from '../errors.js';

export const DEFAULT_BASE_URL = 'https://api.aisa.one/v1';

export type RevokeAuth = 'key' | 'admin';

/** Endpoint settings from the config file (`aisa.baseUrl`, `revoke.url`, `revoke.auth`). */
export interface EndpointConfig {
  baseUrl?: string;
  revokeUrl?: string;
  revokeAuth?: RevokeAuth;
}

export interface Endpoints {
  verifyUrl: string;
  revokeUrl: string;
  revokeAuth: RevokeAuth;
  /** Admin mode only: the key that authenticates revocations instead of the leaked key. */
  adminKey?: string;
}

/** The environment wins over the config file, which wins over the defaults. */
export function resolveEndpoints(config: EndpointConfig = {}, env: NodeJS.ProcessEnv = process.env): Endpoints {
  const base = (env.AISA_BASE_URL || config.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
  const revokeUrl = env.AISA_REVOKE_URL || config.revokeUrl || `${base}/api-keys/revoke`;
  const auth = env.AISA_REVOKE_AUTH || config.revokeAuth || 'key';
  if (auth !== 'key' && auth !== 'admin') {
    throw new UsageError(`revoke auth must be "key" or "admin" (got "${auth}")`);
  }
  const endpoints: Endpoints = {
    verifyUrl: assertSafeUrl(`${base}/models`, 'AIsa base URL').href,
    revokeUrl: assertSafeUrl(revokeUrl, 'revoke URL').href,
    revokeAuth: auth,
  };
  if (auth === 'admin') {
    if (!env.AISA_ADMIN_KEY) throw new UsageError('revoke auth "admin" needs the AISA_ADMIN_KEY environment variable');
    // Refused without echoing it: the value is a credential, and a newline in it would split the header.
    if (!isHeaderSafe(env.AISA_ADMIN_KEY)) {
      throw new UsageError('AISA_ADMIN_KEY holds spaces, line breaks or other characters an HTTP header cannot carry');
    }
    endpoints.adminKey = env.AISA_ADMIN_KEY;
  }
  return endpoints;
}

/** HTTPS anywhere, HTTP only to this machine; never credentials in the URL. */
export function assertSafeUrl(text: string, what = 'URL'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${what} is not a valid URL: "${text}"`);
  }
  if (url.username || url.password) throw new UsageError(`${what} must not contain credentials`);
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  if (url.protocol === 'http:') {
    throw new UsageError(`${what} ${url.origin} refused: keys are only sent over https:// (http:// only to loopback)`);
  }
  throw new UsageError(`${what} must use https:// (got "${url.protocol}")`);
}

/** 127.0.0.0/8, ::1 and localhost. `URL` has already normalised forms like `127.1` and `[0::1]`. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** What an HTTP header value may hold: visible ASCII, no space, no CR/LF (a header split or a smuggled line). */
export function isHeaderSafe(value: string): boolean {
  return /^[\x21-\x7e]+$/.test(value);
}
