'use strict';

// Service-to-service calls carry a token signed with the key in config/ (node-config).
const config = require('config');
const jwt = require('jsonwebtoken');

module.exports = function requireService(req, res, next) {
  const token = (req.headers['x-service-token'] || '').trim();
  try {
    req.service = jwt.verify(token, config.get('jwt.secret'), { algorithms: ['HS256'] });
    return next();
  } catch (err) {
    return res.status(401).json({ error: 'invalid_service_token' });
  }
};
