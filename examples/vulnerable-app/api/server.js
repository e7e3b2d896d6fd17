'use strict';

const express = require('express');
const cookieParser = require('cookie-parser');
const passport = require('passport');
const { expressjwt } = require('express-jwt');
const jwksRsa = require('jwks-rsa');

require('./config/passport');
const authRoutes = require('./routes/auth');
const requireAuth = require('./middleware/requireAuth');

const app = express();

app.use(express.json());
app.use(cookieParser());
app.use(passport.initialize());

app.get('/healthz', (req, res) => res.json({ status: 'ok' }));

app.use('/auth', authRoutes);

app.get('/me', requireAuth, (req, res) => {
  res.json({ id: req.user.sub, email: req.user.email, roles: req.user.roles });
});

// Legacy mobile clients (v1) still send the token issued by the old mobile backend.
app.get('/mobile/v1/profile', passport.authenticate('jwt', { session: false }), (req, res) => {
  res.json({ id: req.user.id, email: req.user.email });
});

// Partner integrations authenticate with access tokens issued by our identity provider.
const partnerAuth = expressjwt({
  secret: jwksRsa.expressJwtSecret({
    cache: true,
    rateLimit: true,
    jwksRequestsPerMinute: 10,
    jwksUri: `https://${process.env.AUTH0_DOMAIN}/.well-known/jwks.json`,
  }),
  audience: process.env.PARTNER_API_AUDIENCE,
  issuer: `https://${process.env.AUTH0_DOMAIN}/`,
  algorithms: ['RS256'],
});

app.get('/partners/orders', partnerAuth, (req, res) => {
  res.json({ partner: req.auth.sub, orders: [] });
});

// Ops tooling mints short-lived admin tokens for the maintenance endpoints.
const adminAuth = expressjwt({
  secret: 'shhhhhhared-secret',
  algorithms: ['HS256'],
  requestProperty: 'auth',
});

app.post('/admin/cache/flush', adminAuth, (req, res) => {
  if (!req.auth.roles || !req.auth.roles.includes('ops')) {
    return res.status(403).json({ error: 'forbidden' });
  }
  res.status(202).json({ flushed: true });
});

app.use((err, req, res, next) => {
  if (err.name === 'UnauthorizedError') {
    return res.status(401).json({ error: 'invalid_token' });
  }
  next(err);
});

const port = Number(process.env.PORT) || 3000;
app.listen(port, () => {
  console.log(`accounts api listening on :${port}`);
});
