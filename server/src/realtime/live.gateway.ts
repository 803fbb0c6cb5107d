import { ConnectedSocket, MessageBody, SubscribeMessage, WebSocketGateway, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import { Public } from '../auth/access.decorators.js';
import { LiveService } from './live.service.js';
import { LIVE_NAMESPACE, LiveConnectError, type LiveNamespace, type LiveSocket, type SubscribeAck } from './live.types.js';

/**
 * Socket.IO `/live` on the API's port (wire types: shared/src/realtime.ts).
 * - Handshake `auth: {token, lastAlertSeq?}`; a refusal is a connect_error whose message is
 *   `unauthorized`, `bad_request` or `unavailable`. The socket is dropped when the token expires,
 *   when its session is logged out, and when its user's sessions end (disabled, deleted, demoted,
 *   new password).
 * - `subscribe {programIds}` (acked `{ok, programIds}` or `{ok: false, error}`) replaces the
 *   selection. It checks the session again: an ended one is acked `unauthorized: …` and dropped. The first non-empty one after connecting with `lastAlertSeq` first sends the
 *   selected programs' alert events after that seq (within SIAGA_LIVE_REPLAY_MINUTES), in order.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit<LiveNamespace>, OnGatewayConnection<LiveSocket>, OnGatewayDisconnect<LiveSocket> {
  constructor(private readonly live: LiveService) {}

  afterInit(nsp: LiveNamespace): void {
    // Middleware, so that a refused client gets a connect_error (its message is the stable code).
    nsp.use((socket, next) => {
      this.live.authenticate(socket).then(
        () => next(),
        (err: unknown) => next(err instanceof LiveConnectError ? err : new LiveConnectError('unavailable', 'could not check the token')),
      );
    });
    this.live.attach(nsp);
  }

  handleConnection(socket: LiveSocket): void {
    this.live.connected(socket);
  }

  handleDisconnect(socket: LiveSocket): void {
    this.live.disconnected(socket);
  }

  // The token was checked at the handshake: the global HTTP guard has no request to look at here.
  @Public()
  @SubscribeMessage('subscribe')
  subscribe(@ConnectedSocket() socket: LiveSocket, @MessageBody() body: unknown): Promise<SubscribeAck> {
    return this.live.subscribe(socket, body);
  }
}
