// Unit tests call scanFile() directly; the real scan loads Babel lazily before the first parse.
import { loadBabel } from '../src/engine/babel.js';

await loadBabel();
