import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../../common/http/api-errors.decorator.js';
import { IdPipe } from '../../common/http/id-param.pipe.js';
import type { AuthUser } from '../auth/auth-user.js';
import { CurrentUser, MinRole } from '../auth/auth.decorators.js';
import {
  DeliveryList,
  DeliveryView,
  InboxQuery,
  InboxView,
  NotificationSettings,
  WebhookDto,
  WebhookView,
} from './dto/notifications.dto.js';
import { NotificationsService } from './notifications.service.js';
import { WebhooksService } from './webhooks.service.js';

@ApiTags('notifications 通知')
@ApiBearerAuth()
@Controller()
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly webhooks: WebhooksService,
  ) {}

  @Get('notifications')
  @ApiOperation({ summary: '我的通知 / My inbox', description: 'Newest first; `unread` counts all unread ones.' })
  @ApiOkResponse({ type: InboxView })
  @ApiErrors(400, 401)
  inbox(@CurrentUser() user: AuthUser, @Query() q: InboxQuery): Promise<InboxView> {
    return this.notifications.inbox(user.id, q);
  }

  @Get('notifications/settings')
  @MinRole('coordinator')
  @ApiOperation({ summary: '通知设置 / My notification settings', description: 'Coordinators.' })
  @ApiOkResponse({ type: NotificationSettings })
  @ApiErrors(401, 403)
  settings(@CurrentUser() user: AuthUser): Promise<NotificationSettings> {
    return this.notifications.settings(user.id);
  }

  @Put('notifications/settings')
  @MinRole('coordinator')
  @ApiOperation({
    summary: '设置新推荐提醒 / Be told of new suggestions above a score',
    description:
      'Coordinators: `{minScore}` in [0, 1], or null to stop. One inbox message per matching write (a slice of up to 100 needs, or a batch of capabilities).',
  })
  @ApiOkResponse({ type: NotificationSettings })
  @ApiErrors(400, 401, 403)
  setSettings(@CurrentUser() user: AuthUser, @Body() dto: NotificationSettings): Promise<NotificationSettings> {
    return this.notifications.setMinScore(user.id, dto.minScore);
  }

  @Post('notifications/read-all')
  @HttpCode(204)
  @ApiOperation({ summary: '全部标为已读 / Mark all read' })
  @ApiNoContentResponse()
  @ApiErrors(401)
  async readAll(@CurrentUser() user: AuthUser): Promise<void> {
    await this.notifications.markAllRead(user.id);
  }

  @Post('notifications/:id/read')
  @HttpCode(204)
  @ApiOperation({ summary: '标为已读 / Mark one read' })
  @ApiNoContentResponse()
  @ApiErrors(401, 404)
  async read(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<void> {
    await this.notifications.markRead(user.id, id);
  }

  @Put('organizations/:id/webhooks')
  @ApiOperation({
    summary: '设置 Webhook / Set the organisation’s webhook',
    description:
      'Its members and admins. `{url, secret}` with a Standard Webhooks secret (`whsec_` + base64 of ≥ 24 bytes). ' +
      'URLs resolving to loopback, link-local or private addresses are refused unless listed in WEBHOOK_ALLOW_HOSTS. ' +
      'Deliveries carry `webhook-id`, `webhook-timestamp`, `webhook-signature`; no redirects are followed.',
  })
  @ApiOkResponse({ type: WebhookView })
  @ApiErrors(400, 401, 403, 404)
  putWebhook(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Body() dto: WebhookDto,
  ): Promise<WebhookView> {
    return this.webhooks.put(user, id, dto);
  }

  @Get('organizations/:id/webhooks')
  @ApiOperation({ summary: '查看 Webhook / The organisation’s webhook (without its secret)' })
  @ApiOkResponse({ type: WebhookView })
  @ApiErrors(401, 403, 404)
  getWebhook(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<WebhookView> {
    return this.webhooks.get(user, id);
  }

  @Delete('organizations/:id/webhooks')
  @HttpCode(204)
  @ApiOperation({ summary: '删除 Webhook / Remove the webhook' })
  @ApiNoContentResponse()
  @ApiErrors(401, 403, 404)
  async deleteWebhook(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<void> {
    await this.webhooks.remove(user, id);
  }

  @Get('organizations/:id/webhooks/deliveries')
  @ApiOperation({ summary: '投递记录 / Delivery log', description: 'The latest 50 deliveries, newest first.' })
  @ApiOkResponse({ type: DeliveryList })
  @ApiErrors(401, 403, 404)
  deliveries(@CurrentUser() user: AuthUser, @Param('id', IdPipe) id: string): Promise<DeliveryList> {
    return this.webhooks.deliveries(user, id);
  }

  @Post('organizations/:id/webhooks/deliveries/:deliveryId/replay')
  @HttpCode(200)
  @ApiOperation({ summary: '重发失败的投递 / Replay a failed delivery', description: '409 unless it failed.' })
  @ApiOkResponse({ type: DeliveryView })
  @ApiErrors(401, 403, 404, 409)
  replay(
    @CurrentUser() user: AuthUser,
    @Param('id', IdPipe) id: string,
    @Param('deliveryId', IdPipe) deliveryId: string,
  ): Promise<DeliveryView> {
    return this.webhooks.replay(user, id, deliveryId);
  }
}
