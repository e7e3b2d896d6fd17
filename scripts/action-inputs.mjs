// Splits an Action input into words without a shell: a JSON array of strings, or one word per line
// (blank lines and lines starting with # skipped). Prints the words NUL-terminated; a bad input
// prints one line on stderr and exits 2. Usage: node action-inputs.mjs <input name> [default]
const [name, fallback = ''] = process.argv.slice(2);
const raw = process.env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? '';
const text = raw.trim() === '' ? fallback : raw;

function fail(message) {
  process.stderr.write(`jwtscan action: input "${name}": ${message}\n`);
  process.exit(2);
}

let words;
if (text.trimStart().startsWith('[')) {
  try {
    words = JSON.parse(text);
  } catch (error) {
    fail(`not a valid JSON array (${error.message})`);
  }
  if (!Array.isArray(words) || words.some((w) => typeof w !== 'string')) fail('a JSON array must hold strings only');
} else {
  words = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
}
if (words.some((w) => w.includes('\0'))) fail('a NUL character cannot be part of an argument');
process.stdout.write(words.map((w) => `${w}\0`).join(''));
