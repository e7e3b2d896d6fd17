/**
 * Which service a file belongs to, for telling one service's key from another's: the workspace package
 * a workspace root lists (npm/yarn/pnpm/lerna/Rush), or else an app, a folder of its own under
 * `apps/`, `services/` or `packages/` that has a package.json. The base-relative directory names it.
 */
import path from 'node:path';
import { WorkspaceIndex } from './workspace-packages.js';
import { WorkspacePackages } from '../test-code/workspace-packages.js';

const APP_FOLDER = /(?:^|\/)(?:apps|services|packages)\/[^/]+$/;

export function serviceResolver(base: string, readText: (file: string) => string | undefined): (file: string) => string | undefined {
  const workspaces = new WorkspaceIndex(base);
  const manifests = new WorkspacePackages(readText);
  const known = new Map<string, string | undefined>();
  return (file) => {
    if (known.has(file)) return known.get(file);
    const listed = workspaces.packageDirOf(path.join(base, file));
    const relative = listed === undefined ? undefined : path.relative(base, listed).split(path.sep).join('/');
    const service = relative || WorkspacePackages.ancestors(file).find((dir) => APP_FOLDER.test(dir) && manifests.at(dir) !== undefined);
    known.set(file, service);
    return service;
  };
}
