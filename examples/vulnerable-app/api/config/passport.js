'use strict';

const passport = require('passport');
const { Strategy: JwtStrategy, ExtractJwt } = require('passport-jwt');

// Settings carried over from the old mobile backend (v1 apps are still in the stores).
const settings = {
  jwt: {
    secret: 'mobile-v1-token-key-3c9f0b7e2d41a8f6e5d4',
    issuer: 'mobile.acme.test',
    audience: 'acme-mobile',
  },
};

passport.use(
  new JwtStrategy(
    {
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: settings.jwt.secret,
      issuer: settings.jwt.issuer,
      audience: settings.jwt.audience,
    },
    (payload, done) => {
      if (!payload.uid) {
        return done(null, false);
      }
      return done(null, { id: payload.uid, email: payload.email });
    },
  ),
);

module.exports = passport;
