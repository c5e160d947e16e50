// The console's JSON API client. Off loopback the start-up URL carries `#token=…`: it is kept for this tab
// (sessionStorage), removed from the address bar, and sent as a bearer token.

const TOKEN_KEY = 'frontgate-console-token';

function takeToken() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

const token = takeToken();

export async function api(path, init = {}) {
  const headers = { accept: 'application/json', ...(init.headers ?? {}) };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`/console/api/${path}`, { ...init, headers, cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(body?.Error?.Message ?? `HTTP ${response.status}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

export function postJson(path, value) {
  return api(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(value),
  });
}
