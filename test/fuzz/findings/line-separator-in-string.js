// Fuzz finding (test/fuzz). Status: FIXED (the code frame now starts in the string state when the line begins inside a literal). A string literal
// holding U+2028 or U+2029 (legal since ES2019) shifts the code frame's string masking. Babel and SourceText count
// them as line breaks, so the reported line starts inside the string; the line-local masker then
// pairs the quotes the wrong way round and prints the other string literals of the line unmasked.
// Reported keys are still scrubbed, any other string on the line is shown: here the console.log
// argument of the last line (line 16 for jwtscan, which counts the U+2028).
//
//   npx jwtscan scan test/fuzz/findings/line-separator-in-string.js
//   line-separator-in-string.js:16:30  error  jwt-inline-secret  Hard-coded JWT key "FZ..." (34 bytes, redacted) ...
//        16 | b'...'...'...'FZnotAKeyButShown0a1b2c3'...'          <- expected: b'...'...'...'...'...'
//
// The line below holds a raw U+2028 between "a" and "b". Fix idea: mask from the token positions of
// the parsed file (or start the masker in the string state when the line starts inside a literal).
const jwt = require('jsonwebtoken');
const sep = 'a b'; exports.t = jwt.sign({}, 'FZinlineKey0a1b2c3d4e5f6g7h8i9j0k1'); console.log('FZnotAKeyButShown0a1b2c3');
