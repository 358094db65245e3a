/** Option checks the commands share, each printing its refusal in Vietnamese and English. */

type Values = Record<string, unknown>;

/** Prints which required options are absent, with the usage; true when any is. */
export function reportMissing(values: Values, required: string[], usage: string): boolean {
  const missing = required.filter((key) => values[key] === undefined);
  if (missing.length === 0) return false;
  console.error(`Thiếu / missing: ${missing.map((m) => `--${m}`).join(", ")}\n\n${usage}`);
  return true;
}

/**
 * The secret named by `--password-env`, read from the environment so that it never shows in the
 * process list or the shell history. `undefined` without the option; `false`, after saying so,
 * when the variable is empty.
 */
export function passwordFromEnv(values: Values): string | undefined | false {
  const name = values["password-env"] as string | undefined;
  if (name === undefined) return undefined;
  const value = process.env[name];
  if (value) return value;
  console.error(`Biến môi trường ${name} trống. / The environment variable ${name} is empty.`);
  return false;
}
