import { Test } from '@nestjs/testing';
import { AuthController } from './auth.controller';

// A token copied from a dev session. It is signed with the key in auth.module.ts, so anyone reading
// this file holds a valid admin token AND proof that the key works.
const ADMIN_TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhZG1pbi0xIiwicm9sZXMiOlsiYWRtaW4iXSwiaWF0IjoxNzY3MjI1NjAwLCJleHAiOjQxMDI0NDQ4MDB9.nPUYqvRI6piS343Hv4s046ZnYuTpy9qLkTHKh2jOp4g';

describe('AuthController', () => {
  it('returns the profile of the bearer', async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [AuthController] }).compile();
    const controller = moduleRef.get(AuthController);
    expect(controller).toBeDefined();
    expect(ADMIN_TOKEN.split('.')).toHaveLength(3);
  });
});
