import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { LiveRedis } from './live-redis.js';

type IoServerOptions = NonNullable<Parameters<IoAdapter['createIOServer']>[1]>;
type IoServer = ReturnType<IoAdapter['createIOServer']>;

/** Subscribe requests are small (at most 500 ids); nothing else is accepted from clients. */
const MAX_CLIENT_MESSAGE_BYTES = 64 * 1024;

/**
 * Socket.IO on the API's HTTP server. With REDIS_URL, rooms span every instance: a broadcast
 * on one reaches the sockets of all (the Redis adapter publishes it).
 */
export class LiveIoAdapter extends IoAdapter {
  /** Call before app.init(): the Redis channels are named after the database's live_channel id. */
  static async create(app: INestApplicationContext): Promise<LiveIoAdapter> {
    const redis = app.get(LiveRedis);
    await redis.prepare();
    return new LiveIoAdapter(app, redis);
  }

  private constructor(
    app: INestApplicationContext,
    private readonly redis: LiveRedis,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: IoServerOptions): IoServer {
    const { pub, sub } = this.redis;
    return super.createIOServer(port, {
      ...options,
      serveClient: false,
      maxHttpBufferSize: MAX_CLIENT_MESSAGE_BYTES,
      ...(pub && sub ? { adapter: createAdapter(pub, sub, { key: this.redis.adapterKey }) } : {}),
    } as IoServerOptions);
  }
}
