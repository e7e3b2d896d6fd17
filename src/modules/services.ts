/**
 * Which service a file belongs to, for telling one service's key from another's. A service is a package
 * that runs on its own: a workspace package (npm/yarn/pnpm/lerna/Rush) or a folder under `apps/`,
 * `services/` or `packages/` with a package.json, when it sits under `apps/` or `services/` or has a
 * start, dev or serve script. A library (only built, imported by the services) is none: its code runs
 * in whichever services import it. The base-relative directory names the service.
 */
import path from 'node:path';
import type { MarkerCheck } from '../files/walked-markers.js';
import { WorkspaceIndex } from './workspace-packages.js';
import { WorkspacePackages } from '../test-code/workspace-packages.js';

const APP_FOLDER = /(?:^|\/)(?:apps|services|packages)\/[^/]+$/;
const SERVICE_FOLDER = /(?:^|\/)(?:apps|services)\/[^/]+$/;
const RUN_SCRIPT = /^(?:start|dev|serve)(?::|$)/;

export function serviceResolver(base: string, readText: (file: string) => string | undefined, markers?: MarkerCheck): (file: string) => string | undefined {
  const workspaces = new WorkspaceIndex(base, markers);
  const manifests = new WorkspacePackages(readText);
  const known = new Map<string, string | undefined>();
  const runsOnItsOwn = (dir: string) => {
    if (SERVICE_FOLDER.test(dir)) return true;
    const scripts = manifests.at(dir)?.json?.scripts;
    return typeof scripts === 'object' && scripts !== null && Object.keys(scripts).some((name) => RUN_SCRIPT.test(name));
  };
  return (file) => {
    if (known.has(file)) return known.get(file);
    const listed = workspaces.packageDirOf(path.join(base, file));
    const relative = listed === undefined ? undefined : path.relative(base, listed).split(path.sep).join('/');
    const dir = relative || WorkspacePackages.ancestors(file).find((d) => APP_FOLDER.test(d) && manifests.at(d) !== undefined);
    const service = dir !== undefined && runsOnItsOwn(dir) ? dir : undefined;
    known.set(file, service);
    return service;
  };
}
