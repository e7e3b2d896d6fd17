// Fuzz finding (test/fuzz). Status: fixed in 941e007 (bracket nesting over 256 levels is judged before
// parsing; the text fallback sees through grouping parentheses); kept as a regression input.
// Was: nondeterministic results for deeply nested code. Whether
// Babel overflows the stack on this file (900 nested parentheses) depends on how far V8 has
// optimised the parser's functions (optimised frames are smaller), i.e. on what the process parsed
// before. The same file, scanned twice in one process, gives different reports:
//   - scanned first, in a fresh process: parse-error "nesting too deep for the parser (stack
//     overflow)" and NO finding (the text fallback does not see through the parentheses);
//   - scanned again after files with 300..800 nested parentheses were scanned 30 times each:
//     parsed, 1 jwt-inline-secret finding.
// So a repository's report depends on file order and on its other files. The fuzzer saw it as two
// scans of the same batch producing different SARIF; in one case the overflow surfaced inside Babel's
// speculative parsing as a bogus syntax error ("Unexpected token, expected "from" (1:..)") instead of
// the documented nesting-too-deep message.
// Fix idea: a deterministic nesting-depth limit checked before parsing/traversal (a bracket-depth
// scan, e.g. > 500 => "too deep"), or parsing in a worker with a fixed, generous stack.
const jwt = require('jsonwebtoken');
exports.t = jwt.sign({}, (((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((('FZdeepNest8vR2mX7pL4tN9wB3hJ6cT5yU')))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))));
