import { describe, expect, it } from 'vitest';
import { normalisedName } from '../../src/analysis/normalised-name.js';

describe('normalisedName', () => {
  it('drops case and separators', () => {
    expect(['JWT_SECRET', 'jwtSecret', 'jwt-secret', 'jwt.secret', 'Jwt Secret'].map(normalisedName)).toEqual(Array(5).fill('jwtsecret'));
    expect(normalisedName('ACCESS_TOKEN_SECRET_2')).toBe('accesstokensecret2');
    expect(normalisedName('')).toBe('');
  });

  it('answers each name for itself when asked in turn (the last answer is remembered)', () => {
    const names = ['JWT_SECRET', 'JWT_SECRET', 'apiKey', 'JWT_SECRET', '', 'apiKey'];
    expect(names.map(normalisedName)).toEqual(['jwtsecret', 'jwtsecret', 'apikey', 'jwtsecret', '', 'apikey']);
  });
});
