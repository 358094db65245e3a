/** Only a local path, so a crafted `?next=` cannot send the person to another site afterwards. */
export function localPath(value: string | null | undefined): string {
  return value && /^\/(?![/\\])/.test(value) ? value : "/";
}

/**
 * Where sign-in starts: the server's `/auth/login` begins the OpenID Connect code flow (with
 * PKCE) against the platform's own provider and, once it ends, brings the browser back to
 * `returnTo` with the session cookie. It must be a full-page navigation, not a fetch.
 */
export function signInUrl(returnTo: string): string {
  return `/auth/login?returnTo=${encodeURIComponent(localPath(returnTo))}`;
}

export function startSignIn(returnTo: string): void {
  window.location.assign(signInUrl(returnTo));
}
