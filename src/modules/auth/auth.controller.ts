import { Body, Controller, HttpCode, HttpException, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { forbidden } from '../../common/errors/app-errors.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import type { AuthUser } from './auth-user.js';
import { CurrentUser, Public } from './auth.decorators.js';
import { AuthService } from './auth.service.js';
import { LoginDto, LoginResult, LogoutResult } from './dto/auth.dto.js';
import { SESSION_COOKIE } from './session-cookie.js';
import { sameOrigin, servedOverHttps } from './same-origin.js';
import { SessionsService } from './sessions.service.js';

@ApiTags('auth 登录')
@Controller('auth')
export class AuthController {
  private readonly logger = new Logger('Auth');
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary: '登录 / Sign in',
    description:
      'Returns a bearer token and sets the same token as an HttpOnly, SameSite=Strict session cookie for the console. ' +
      'Repeated failures lock the account and the client address out for a while (429 with Retry-After). ' +
      'Submitted as an HTML form (application/x-www-form-urlencoded, from the console itself) it answers with a redirect: ' +
      'to / on success, to /login?error=invalid|locked otherwise.',
  })
  @ApiBody({ type: LoginDto })
  @ApiOkResponse({ type: LoginResult })
  @ApiErrors(400, 401, 429)
  async login(
    @Body() dto: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResult | undefined> {
    // The console's sign-in page is a plain HTML form (it works before any script runs, and the browser has the
    // session cookie as soon as the submission's response arrives): answer it with a redirect instead of JSON.
    const fromForm = req.is('application/x-www-form-urlencoded') === 'application/x-www-form-urlencoded';
    if (fromForm && !sameOrigin(req, this.config)) throw forbidden('跨站登录请求被拒绝 / cross-site sign-in refused');
    this.warnOfUntrustedProxy(req);
    let result: LoginResult;
    try {
      result = await this.auth.login(dto, {
        address: req.ip ?? 'unknown',
        userAgent: req.get('user-agent') ?? null,
      });
    } catch (err) {
      if (!fromForm || !(err instanceof HttpException)) throw err;
      const reason = err.getStatus() === 429 ? 'locked' : 'invalid';
      res.redirect(303, `/login?error=${reason}&email=${encodeURIComponent(dto.email)}`);
      return undefined;
    }
    res.cookie(SESSION_COOKIE, result.accessToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: servedOverHttps(req, this.config),
      path: '/',
      maxAge: result.expiresIn * 1000,
    });
    if (fromForm) {
      res.redirect(303, '/');
      return undefined;
    }
    return result;
  }

  @Post('logout')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary: '退出登录 / Sign out',
    description: 'Ends this session on the server: its token is refused from now on.',
  })
  @ApiOkResponse({ type: LogoutResult })
  @ApiErrors(401)
  async logout(@CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<LogoutResult> {
    await this.sessions.revoke(user.sessionId);
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/' });
    return { signedOut: true };
  }

  private proxyWarned = false;

  /**
   * Behind a reverse proxy left unconfigured, every client shares the proxy's address, so one person's failed
   * sign-ins would hold back everyone's: say so once, in the operator's log.
   */
  private warnOfUntrustedProxy(req: Request): void {
    if (this.proxyWarned || this.config.trustProxy !== false || !req.headers['x-forwarded-for']) return;
    this.proxyWarned = true;
    this.logger.warn(
      { address: req.ip },
      '请求带有 X-Forwarded-For 而 TRUST_PROXY 未设置：若服务位于反向代理之后，请设置 TRUST_PROXY（代理层数或地址），否则所有用户按代理的地址限流 / ' +
        'requests carry X-Forwarded-For but TRUST_PROXY is not set: behind a reverse proxy, set it (the number of proxies or their addresses), or every user is throttled as the proxy',
    );
  }
}
