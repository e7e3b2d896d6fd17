/**
 * Which environment variable a fixed key is read from, and where its `.env.example` lives: the
 * service (a workspace package, or an app folder) the file belongs to, else the scanned repository.
 */
import path from 'node:path';

const APP_FOLDER = /^(?:apps|services|packages)\/([^/]+)\//;
export const DEFAULT_ENV_NAME = 'JWT_SECRET';

export interface Service {
  /** Repository-relative folder (POSIX, '' for the root) where `.env.example` goes. */
  root: string;
  /** e.g. `API_GATEWAY` for `@acme/api-gateway`; undefined at the repository root. */
  prefix?: string;
}

/**
 * The nearest folder below the base with a package.json (a workspace package), else an
 * `apps/<x>/`-style folder, else the base. `readPackageName` returns undefined when there is none.
 */
export function serviceOf(file: string, readPackageName: (folder: string) => string | null | undefined): Service {
  let folder = path.posix.dirname(file);
  while (folder !== '.' && folder !== '' && folder !== '/') {
    const name = readPackageName(folder);
    if (name !== undefined) return { root: folder, prefix: envPrefix(name ?? path.posix.basename(folder)) };
    folder = path.posix.dirname(folder);
  }
  const app = APP_FOLDER.exec(file);
  if (app) return { root: file.slice(0, app[0].length - 1), prefix: envPrefix(app[1]!) };
  return { root: '' };
}

/** `@acme/api-gateway` → `API_GATEWAY`; undefined when nothing usable is left. */
export function envPrefix(name: string): string | undefined {
  const bare = name.replace(/^@[^/]+\//, '');
  const upper = bare.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
  if (!upper) return undefined;
  return /^[0-9]/.test(upper) ? `_${upper}` : upper;
}

export function envNameFor(service: Service): string {
  return service.prefix ? `${service.prefix}_${DEFAULT_ENV_NAME}` : DEFAULT_ENV_NAME;
}

export function isIdentifierName(name: string): boolean {
  return /^[A-Za-z_$][\w$]*$/.test(name);
}
