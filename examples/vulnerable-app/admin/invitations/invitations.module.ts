import { Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { InvitationsController } from './invitations.controller';

@Module({
  imports: [
    JwtModule.registerAsync({
      imports: [ConfigModule],
      inject: [ConfigService],
      useFactory: (config: ConfigService) => {
        const secret = config.get<string>('JWT_SECRET');
        if (!secret) {
          throw new Error('JWT_SECRET must be set for invitation tokens');
        }
        return {
          secret,
          signOptions: { expiresIn: '7d', algorithm: 'HS256', audience: 'acme-invitations' },
          verifyOptions: { audience: 'acme-invitations' },
        };
      },
    }),
  ],
  controllers: [InvitationsController],
})
export class InvitationsModule {}
