import {
  browserSupportsWebAuthn,
  startAuthentication,
  startRegistration,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/browser";
import { ApiError } from "./client.ts";

export type { AuthenticationResponseJSON, RegistrationResponseJSON };
export type CreationOptions = PublicKeyCredentialCreationOptionsJSON;
export type RequestOptions = PublicKeyCredentialRequestOptionsJSON;

/** Whether this browser can use passkeys at all (WebAuthn, over HTTPS or on localhost). */
export const passkeysSupported = () => browserSupportsWebAuthn();

/**
 * The browser's side of a WebAuthn ceremony. When the person cancels, or the browser refuses,
 * the error becomes an ApiError with `title` (already translated by the caller), so the pages show
 * it like a server's problem.
 */
async function inBrowser<T>(ceremony: () => Promise<T>, failedTitle: string): Promise<T> {
  try {
    return await ceremony();
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError({
      status: 400,
      code: "passkey_ceremony_failed",
      title: failedTitle,
      detail: error instanceof Error && error.name ? error.name : undefined,
    });
  }
}

export const createPasskey = (optionsJSON: CreationOptions, failedTitle: string) =>
  inBrowser(() => startRegistration({ optionsJSON }), failedTitle);

export const signWithPasskey = (optionsJSON: RequestOptions, failedTitle: string) =>
  inBrowser(() => startAuthentication({ optionsJSON }), failedTitle);
