/** The benches' settings from the environment. */
import type { Provider } from "../../src/store/engine";

function setting(name: string): string | undefined {
  const raw = process.env[name];
  return raw === undefined || raw.trim() === "" ? undefined : raw;
}

/** A positive number from the environment variable `name`; `fallback` when it is unset or blank. */
export function envNumber(name: string, fallback: number): number {
  const raw = setting(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
}

/** A positive whole number from the environment variable `name`; `fallback` when it is unset or blank. */
export function envWholeNumber(name: string, fallback: number): number {
  const raw = setting(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive whole number, not "${raw}"`);
  return value;
}

/** The database a bench runs on: PostgreSQL with BENCH_DATABASE=postgresql, else SQLite. */
export const benchProvider = (): Provider => (process.env.BENCH_DATABASE === "postgresql" ? "postgresql" : "sqlite");
