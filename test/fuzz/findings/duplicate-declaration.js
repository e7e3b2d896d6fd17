// Fuzz finding (test/fuzz). Status: fixed in 941e007 (redeclared names no longer make scope building
// throw); kept as a regression input, scanned by test/fuzz/fuzz.test.ts.
// Was: a duplicate declaration is an error Babel recovers from
// (errorRecovery), but @babel/traverse then throws "Duplicate declaration" while building scopes, so
// the whole AST analysis of the file is abandoned (analysis-error) and only the text fallback runs.
// Keys that reach a sink through a binding, object or option are lost. The README promises that for
// a "syntax error Babel recovers from ... the recovered AST is scanned".
//
//   npx jwtscan scan test/fuzz/findings/duplicate-declaration.js
//   was:      0 findings; analysis-error "analysis stopped early (Duplicate declaration "a")", parse-recovered note
//   expected: jwt-hardcoded-secret (+ jwt-weak-secret) at line 17, as without the two `let a` lines
//
// Same with a duplicate import (`import { x } from './a'; import { x } from './b';`) or a duplicate
// class/function name. Fix idea: build scopes tolerantly (or catch per-binding) instead of aborting.
const jwt = require('jsonwebtoken');

const KEY = 'FZdupDecl8vR2mX7pL4tN9wB3hJ6c';
exports.t = jwt.sign({}, KEY);

let a = 1;
let a = 2;
