/**
 * Configuration-file knowledge for jwt-config-secret, from ../shared/reference/config-conventions.md
 * (sources there): settings a framework itself signs JWTs with, placeholder values templates ship,
 * and the value shapes that are references, not literals.
 */

/** Environment variables a framework reads as its JWT key, without any code of the project naming them. */
export const FRAMEWORK_JWT_ENV: Readonly<Record<string, string>> = {
  ADMIN_JWT_SECRET: 'Strapi (admin panel)',
  NEXTAUTH_SECRET: 'NextAuth.js',
  AUTH_SECRET: 'Auth.js',
  PAYLOAD_SECRET: 'Payload',
  GOTRUE_JWT_SECRET: 'Supabase Auth (GoTrue)',
  PGRST_JWT_SECRET: 'PostgREST',
  PGRST_APP_SETTINGS_JWT_SECRET: 'PostgREST',
  N8N_USER_MANAGEMENT_JWT_SECRET: 'n8n',
};

/** `AUTH_SECRET_1`, `AUTH_SECRET_2`…: Auth.js key rotation. */
export const FRAMEWORK_JWT_ENV_PATTERNS: readonly { pattern: RegExp; framework: string }[] = [{ pattern: /^AUTH_SECRET_\d+$/, framework: 'Auth.js' }];

/** Key paths of JSON/YAML settings a framework signs JWTs with: Feathers' `authentication.secret` (node-config files). */
export const FRAMEWORK_JWT_PATHS: readonly { path: readonly string[]; framework: string }[] = [{ path: ['authentication', 'secret'], framework: 'Feathers' }];

/** Template placeholders (compared with case and separators removed). */
export const PLACEHOLDER_VALUES: ReadonlySet<string> = new Set([
  'changeme',
  'changethis',
  'changeit',
  'tobemodified',
  'yoursecret',
  'yoursecrethere',
  'yoursecretkey',
  'yourjwtsecret',
  'yourjwtsecrethere',
  'secrethere',
  'replaceme',
  'replacewithrandomstring',
  'replacemewitharandomstring',
  'todo',
  'fixme',
  'placeholder',
  'example',
  'xxx',
  'secret',
]);

/** Words that make a value a placeholder wherever they appear (`your-secret-here`, `<generate-me>`, `REPLACE_ME`). */
export const PLACEHOLDER_PATTERN = /^(?:your|my)[\s_-]|^replace[\s_-]?(?:me|with)|^change[\s_-]?me|^to[\s_-]?be[\s_-]?(?:modified|changed|replaced)|^generate|^insert|^put[\s_-]|^set[\s_-]?(?:me|this)|^x{3,}$|^\*+$|^\.{3}$/i;

/** References to other values: `${VAR}`, `$VAR`, `${{ secrets.X }}`, `{{ .Values.x }}`, `%VAR%`, `<from vault>`. */
export const REFERENCE_PATTERN = /^\$\{[^}]*\}$|^\$[A-Za-z_]\w*$|^\$\{\{.*\}\}$|^\{\{.*\}\}$|^%[^%]+%$|^<[^>]*>$|^\[[^\]]*\]$/s;
