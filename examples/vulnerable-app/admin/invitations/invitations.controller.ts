import { BadRequestException, Body, Controller, Get, Param, Post, UseGuards } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthGuard } from '@nestjs/passport';
import { linkSigning } from '../config/links.config';

interface CreateInvitationBody {
  email: string;
  role: 'support' | 'billing' | 'admin';
}

interface InvitationClaims {
  email: string;
  role: string;
}

@Controller('invitations')
export class InvitationsController {
  constructor(private readonly jwtService: JwtService) {}

  @UseGuards(AuthGuard('jwt'))
  @Post()
  async create(@Body() body: CreateInvitationBody): Promise<{ url: string }> {
    const token = await this.jwtService.signAsync(
      { email: body.email, role: body.role },
      { secret: linkSigning.secret, expiresIn: linkSigning.expiresIn },
    );
    return { url: `https://admin.acme.test/accept-invite?token=${encodeURIComponent(token)}` };
  }

  @Get(':token')
  async inspect(@Param('token') token: string): Promise<InvitationClaims> {
    try {
      const { email, role } = await this.jwtService.verifyAsync<InvitationClaims>(token, { secret: linkSigning.secret });
      return { email, role };
    } catch {
      throw new BadRequestException('invitation is invalid or has expired');
    }
  }
}
