import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AuthModule } from './auth/auth.module';
import { InvitationsModule } from './invitations/invitations.module';

@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true }), AuthModule, InvitationsModule],
})
export class AppModule {}
