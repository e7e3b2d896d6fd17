import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

export interface AdminPrincipal {
  id: string;
  email: string;
  roles: string[];
}

interface AdminTokenPayload {
  sub: string;
  email: string;
  roles?: string[];
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor() {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      ignoreExpiration: false,
      secretOrKey: 'admin-console-signing-key-2024-Xk4p9QzTw8',
    });
  }

  async validate(payload: AdminTokenPayload): Promise<AdminPrincipal> {
    return { id: payload.sub, email: payload.email, roles: payload.roles ?? [] };
  }
}
