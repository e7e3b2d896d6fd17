'use strict';

const crypto = require('crypto');
const express = require('express');
const jwt = require('jsonwebtoken');
const cookieSignature = require('cookie-signature');
const tokens = require('../services/tokens');

const router = express.Router();

// In-memory store until the accounts table lands.
const users = new Map();

const COOKIE_SECRET = process.env.COOKIE_SECRET;
if (!COOKIE_SECRET) {
  throw new Error('COOKIE_SECRET is not set');
}

function hashPassword(password, salt = crypto.randomBytes(16).toString('hex')) {
  const hash = crypto.scryptSync(password, salt, 64).toString('hex');
  return `${salt}:${hash}`;
}

function passwordMatches(password, stored) {
  const [salt, hash] = stored.split(':');
  const candidate = crypto.scryptSync(password, salt, 64);
  return crypto.timingSafeEqual(candidate, Buffer.from(hash, 'hex'));
}

function setRefreshCookie(res, refreshToken) {
  res.cookie('rt', cookieSignature.sign(refreshToken, COOKIE_SECRET), {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: '/auth/refresh',
  });
}

router.post('/register', (req, res) => {
  const { email, password } = req.body;
  if (!email || !password || password.length < 12) {
    return res.status(400).json({ error: 'invalid_request' });
  }
  if (users.has(email)) {
    return res.status(409).json({ error: 'email_taken' });
  }
  const user = { id: users.size + 1, email, roles: ['customer'], password: hashPassword(password) };
  users.set(email, user);
  res.status(201).json({ id: user.id, email: user.email });
});

router.post('/login', (req, res) => {
  const { email, password } = req.body;
  const user = users.get(email);
  if (!user || !passwordMatches(password, user.password)) {
    return res.status(401).json({ error: 'invalid_credentials' });
  }
  setRefreshCookie(res, tokens.issueRefreshToken(user));
  res.json({ accessToken: tokens.issueAccessToken(user) });
});

router.post('/refresh', (req, res) => {
  const raw = req.cookies.rt;
  const refreshToken = raw && cookieSignature.unsign(raw, COOKIE_SECRET);
  if (!refreshToken) {
    return res.status(401).json({ error: 'missing_refresh_token' });
  }
  try {
    const { sub } = tokens.verifyRefreshToken(refreshToken);
    const user = [...users.values()].find((u) => String(u.id) === sub);
    if (!user) {
      return res.status(401).json({ error: 'unknown_user' });
    }
    res.json({ accessToken: tokens.issueAccessToken(user) });
  } catch (err) {
    res.status(401).json({ error: 'invalid_refresh_token' });
  }
});

router.post('/password-reset', (req, res) => {
  const user = users.get(req.body.email);
  if (user) {
    const resetToken = jwt.sign(
      { sub: String(user.id), purpose: 'password-reset' },
      'dev-only-signing-key-do-not-ship-7Qm2',
      { expiresIn: '20m' },
    );
    // The mailer picks this up; logged for now.
    console.log(`password reset link: https://portal.acme.test/reset?token=${resetToken}`);
  }
  res.status(202).json({ status: 'if_the_account_exists_an_email_was_sent' });
});

router.post('/password-reset/confirm', (req, res) => {
  const { token, newPassword } = req.body;
  let claims;
  try {
    claims = jwt.verify(token, 'dev-only-signing-key-do-not-ship-7Qm2');
  } catch (err) {
    return res.status(400).json({ error: 'invalid_or_expired_token' });
  }
  if (claims.purpose !== 'password-reset' || !newPassword || newPassword.length < 12) {
    return res.status(400).json({ error: 'invalid_request' });
  }
  const user = [...users.values()].find((u) => String(u.id) === claims.sub);
  if (!user) {
    return res.status(400).json({ error: 'invalid_or_expired_token' });
  }
  user.password = hashPassword(newPassword);
  res.status(204).end();
});

module.exports = router;
