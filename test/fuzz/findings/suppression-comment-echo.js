// Fuzz finding (test/fuzz). Status: fixed in 941e007 (only mistyped jwt-* ids are named; directives end
// at any line terminator); kept as a regression input, scanned by test/fuzz/fuzz.test.ts.
// Was: the unknown-suppression diagnostic printed every word that
// follows a suppression directive as an "unknown rule", verbatim. A key written in the directive's
// comment, or code commented out after it (including with CR or U+2028 line breaks), is printed
// unredacted in the text, JSON and SARIF output (and with --quiet off, in every run).
//
//   npx jwtscan scan test/fuzz/findings/suppression-comment-echo.js      (before the fix)
//   :16  warning  unknown-suppression  "... names unknown rule old, key, <the key of line 16>"
//   :18  warning  unknown-suppression  "... names unknown rule const, k, =, '<the key of line 18>';"
//
// Expected: no comment text in the report beyond rule-id-shaped words (or name only the count of
// unknown ids); comments are masked everywhere else (code frames mask them).
const jwt = require('jsonwebtoken');

// jwtscan-ignore-next-line old key FZqK8vR2mX7pL4tN9wB3
exports.a = jwt.sign({}, process.env.JWT_SECRET);
// jwtscan-ignore-next-line const k = 'FZcommentedOut0a1b2c3d4';
exports.b = jwt.sign({}, process.env.JWT_SECRET);
