'use strict';

const crypto = require('crypto');
const jwt = require('jsonwebtoken');

const JWT_SECRET = process.env.JWT_SECRET;
if (!JWT_SECRET) {
  throw new Error('JWT_SECRET is not set; refusing to start without a signing key');
}

const { JWT_REFRESH_SECRET = 'changeme' } = process.env;

const ACCESS_TOKEN_TTL = '15m';
const REFRESH_TOKEN_TTL = '30d';
const ISSUER = 'accounts.acme.test';

function issueAccessToken(user) {
  return jwt.sign(
    { sub: String(user.id), email: user.email, roles: user.roles },
    JWT_SECRET,
    { algorithm: 'HS256', expiresIn: ACCESS_TOKEN_TTL, issuer: ISSUER },
  );
}

function issueRefreshToken(user) {
  return jwt.sign({ sub: String(user.id), jti: crypto.randomUUID() }, JWT_REFRESH_SECRET, {
    expiresIn: REFRESH_TOKEN_TTL,
    issuer: ISSUER,
  });
}

function verifyRefreshToken(token) {
  return jwt.verify(token, JWT_REFRESH_SECRET, { issuer: ISSUER });
}

module.exports = { issueAccessToken, issueRefreshToken, verifyRefreshToken };
