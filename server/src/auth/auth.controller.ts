import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { ApiTokenInfo, CreatedApiToken, MeResponse } from '@hamgam/shared';
import { ALL_ROLES, type AuthCaller, CurrentCaller, Public, Roles, overTls } from './caller.js';
import { AuthService, SESSION_COOKIE, toMe } from './auth.service.js';

function requireString(body: unknown, name: string, max: number): string {
  const v = (body as Record<string, unknown> | null)?.[name];
  if (typeof v !== 'string' || v.length === 0) throw new BadRequestException(`${name} is required (a string)`);
  if (v.length > max) throw new BadRequestException(`${name} is longer than ${max} characters`);
  return v;
}

const TEHRAN_DAY_END = 'T23:59:59.999+03:30';
const MAX_TOKEN_LIFE_MS = 2 * 366 * 86_400_000;

/** The optional expiry of a new token: an instant, or a day meaning the end of that Tehran day. */
export function tokenExpiry(body: unknown, now = new Date()): Date | null {
  const v = (body as Record<string, unknown> | null)?.expiresAt;
  if (v === undefined || v === null || v === '') return null;
  const at = typeof v === 'string' ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}${TEHRAN_DAY_END}` : v) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw new BadRequestException('expiresAt must be a date (YYYY-MM-DD) or an ISO 8601 instant');
  if (at.getTime() <= now.getTime()) throw new BadRequestException('expiresAt must be in the future');
  if (at.getTime() - now.getTime() > MAX_TOKEN_LIFE_MS) throw new BadRequestException('expiresAt must be within two years');
  return at;
}

function sessionCookie(value: string, req: Request, maxAgeMs: number): string {
  const parts = [`${SESSION_COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${Math.max(0, Math.floor(maxAgeMs / 1000))}`];
  if (maxAgeMs > 0) parts.push(`Expires=${new Date(Date.now() + maxAgeMs).toUTCString()}`);
  if (overTls(req)) parts.push('Secure');
  return parts.join('; ');
}

@ApiTags('auth')
@Roles(...ALL_ROLES)
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('sign-in')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ description: 'Signed in: sets the HttpOnly session cookie and returns who you are.' })
  @ApiUnauthorizedResponse({ description: 'wrong username or password (the same answer whether or not the user exists)' })
  @ApiTooManyRequestsResponse({ description: 'too many failed attempts for this username or from this address' })
  async signIn(@Req() req: Request, @Res({ passthrough: true }) res: Response, @Body() body: unknown): Promise<MeResponse> {
    const username = requireString(body, 'username', 100);
    const password = requireString(body, 'password', 1000);
    const signed = await this.auth.signIn(req, username, password);
    res.setHeader('set-cookie', sessionCookie(signed.cookieValue, req, signed.expiresAt.getTime() - Date.now()));
    return signed.me;
  }

  @Post('sign-out')
  @Public()
  @HttpCode(204)
  async signOut(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.signOut(req);
    res.setHeader('set-cookie', sessionCookie('', req, 0));
  }

  @Get('me')
  me(@CurrentCaller() caller: AuthCaller): MeResponse {
    return toMe(caller);
  }

  @Get('tokens')
  tokens(@CurrentCaller() caller: AuthCaller): Promise<ApiTokenInfo[]> {
    return this.auth.listTokens(caller);
  }

  @Post('tokens')
  createToken(@Req() req: Request, @CurrentCaller() caller: AuthCaller, @Body() body: unknown): Promise<CreatedApiToken> {
    const name = requireString(body, 'name', 100).trim();
    if (!name) throw new BadRequestException('name is required (a string)');
    return this.auth.createToken(req, caller, name, tokenExpiry(body));
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  revokeToken(@Req() req: Request, @CurrentCaller() caller: AuthCaller, @Param('id') id: string): Promise<void> {
    return this.auth.revokeToken(req, caller, id);
  }
}
