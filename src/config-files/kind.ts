/**
 * Which files are configuration files jwtscan reads, by name, and what each is for. Chosen by name
 * first (cheap, no read), then by content (the rules' `configPattern`):
 *   dotenv  `.env`, `.env.<anything>` (`.env.production`, `.env.example`), `<anything>.env`
 *   json    JSON / JSONC / JSON5 in a `config/` folder, `settings*.json`, `secrets*.json`,
 *           `custom-environment-variables.json` (node-config's env mapping)
 *   yaml    every `.yml` / `.yaml` (compose files, Kubernetes manifests, Helm values, CI env blocks)
 *           but lockfiles
 */
import path from 'node:path';
import type { ConfigEnvironment, ConfigFileKind } from '../rule.js';

const JSON_NAME = /^(?:settings|secrets?|appsettings)(?:[.-][\w.-]*)?\.json5?c?$|^custom-environment-variables\.json5?$/i;
const JSON_EXTENSION = /\.(?:json|jsonc|json5)$/i;
const NEVER_JSON = /^(?:package|package-lock|tsconfig[\w.-]*|jsconfig[\w.-]*|composer|bower|lerna|nx|turbo|project|angular|tslint|eslintrc|\.eslintrc|\.babelrc|babel\.config|renovate|vercel|firebase)\.json5?c?$|\.lock\.json$|\.min\.json$|\.map$/i;
const YAML_EXTENSION = /\.ya?ml$/i;
const NEVER_YAML = /^(?:pnpm-lock|yarn-lock|lock)\.ya?ml$|\.lock\.ya?ml$/i;

export function configKindOf(file: string): ConfigFileKind | undefined {
  const name = path.posix.basename(file);
  const lower = name.toLowerCase();
  if (lower === '.env' || lower.startsWith('.env.') || (lower.endsWith('.env') && lower.length > 4)) return 'dotenv';
  if (YAML_EXTENSION.test(name)) return NEVER_YAML.test(name) ? undefined : 'yaml';
  if (JSON_EXTENSION.test(name) && !NEVER_JSON.test(name)) {
    if (JSON_NAME.test(name)) return 'json';
    if (/(?:^|\/)config\//i.test(file)) return 'json';
  }
  return undefined;
}

const TEMPLATE = /(?:^|[.\-_])(?:example|examples|sample|template|tpl|dist|defaults?\.example|skeleton|stub)(?:$|[.\-_])/i;
const TEST = /(?:^|[.\-_/])(?:test|tests|testing|e2e|ci|spec|unittest)(?:$|[.\-_/])/i;
const DEVELOPMENT = /(?:^|[.\-_/])(?:dev|development|local|staging|stage|preview|qa|demo)(?:$|[.\-_/])/i;
const PRODUCTION = /(?:^|[.\-_/])(?:prod|production|live|release)(?:$|[.\-_/])/i;

/**
 * What a file's name says it is for: a template (placeholders are expected), test, development,
 * production, or the default (`.env`, `config/default.json`, compose files and manifests, which
 * are what a deployment reads unless told otherwise).
 */
/** CI configuration: the keys written there are for test jobs (deployments take theirs from the CI's secrets). */
const CI_FILE = /(?:^|\/)(?:\.travis\.ya?ml|\.gitlab-ci\.ya?ml|azure-pipelines\.ya?ml|bitbucket-pipelines\.ya?ml|\.github\/workflows\/[^/]+|\.circleci\/[^/]+)$/i;

export function configEnvironmentOf(file: string): ConfigEnvironment {
  if (CI_FILE.test(file)) return 'test';
  const name = path.posix.basename(file).replace(/^\./, '');
  const stem = name.replace(/\.(?:json5?c?|ya?ml)$/i, '');
  if (TEMPLATE.test(stem)) return 'template';
  if (TEST.test(stem)) return 'test';
  if (PRODUCTION.test(stem)) return 'production';
  if (DEVELOPMENT.test(stem)) return 'development';
  return 'default';
}
