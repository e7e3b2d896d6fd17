/**
 * The screening worker's entry (bundled as dist/screen-worker.cjs; src/files/parallel-screen.ts
 * starts it): hands the worker every rule jwtscan has, from the one list, so it can run the text pass
 * with the scan's rules picked by id. Like src/main.ts, a place where the rules meet the engine.
 */
import { RULES } from '../rules/index.js';
import { runScreenWorker } from './files/screen-worker.js';

runScreenWorker(RULES);
