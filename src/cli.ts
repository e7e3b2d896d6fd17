#!/usr/bin/env node
// The unbundled command (dist/src/cli.js); the installed bin is dist/jwtscan.cjs (scripts/bundle.mjs).
import { runCli } from './run-cli.js';

runCli();
