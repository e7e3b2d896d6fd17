// Injected into the CommonJS bundles by scripts/bundle.mjs, which defines import.meta.url as this:
// the bundle's own file URL, as import.meta.url was in the ES modules it is built from.
export const importMetaUrl = require('node:url').pathToFileURL(__filename).href;
