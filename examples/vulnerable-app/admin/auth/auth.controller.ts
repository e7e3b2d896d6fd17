import { Body, Controller, Get, HttpCode, Post, Req, UnauthorizedException, UseGuards } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthGuard } from '@nestjs/passport';
import { scryptSync, timingSafeEqual } from 'crypto';
import type { Request } from 'express';

interface LoginBody {
  email: string;
  password: string;
}

// The console has a single break-glass operator account until SSO is wired up.
// ADMIN_PASSWORD_HASH is "<salt hex>:<scrypt hash hex>".
function passwordMatches(password: string): boolean {
  const stored = process.env.ADMIN_PASSWORD_HASH;
  if (!stored) {
    return false;
  }
  const [salt, hash] = stored.split(':');
  const expected = Buffer.from(hash, 'hex');
  const candidate = scryptSync(password, Buffer.from(salt, 'hex'), expected.length);
  return timingSafeEqual(candidate, expected);
}

@Controller('auth')
export class AuthController {
  constructor(private readonly jwtService: JwtService) {}

  @Post('login')
  @HttpCode(200)
  async login(@Body() body: LoginBody): Promise<{ access_token: string }> {
    if (body.email !== process.env.ADMIN_EMAIL || !passwordMatches(body.password)) {
      throw new UnauthorizedException();
    }
    const payload = { sub: 'operator', email: body.email, roles: ['admin'] };
    return { access_token: await this.jwtService.signAsync(payload) };
  }

  @UseGuards(AuthGuard('jwt'))
  @Get('profile')
  profile(@Req() req: Request) {
    return req.user;
  }
}
