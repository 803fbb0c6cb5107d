import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Digest, DigestPeriod, DigestProgram, DigestSubscription, DigestSubscriptionUpdate } from '@siaga/shared';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';
import type { Principal } from '../auth/access.decorators.js';
import { CLOCK, type Clock } from '../common/clock.js';
import { LOGGER } from '../common/logger.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { termsOf, Tally } from '../metrics/top-terms.js';
import { duePeriods, latestPeriod, sharesOfVoice, type PeriodSpan } from './digest-period.js';
import { renderDigestEmail } from './digest-email.js';
import { DigestsRepository, type DeliveryRow } from './digests.repository.js';

/** How often the scheduler looks for a due digest (its time is a minute of the day). */
const TICK_MS = 30_000;
const TOP = 5;
/** Terms are counted over a program's newest posts of the period, no more. */
const TERMS_SAMPLE = 2_000;
export const MAX_DIGEST_ATTEMPTS = 3;
const retryMs = (attempts: number) => 60_000 * 2 ** Math.max(0, attempts - 1);

/**
 * Daily and weekly digests: built from the rollups, alerts, incidents and posts of the period,
 * and emailed once per period to each subscriber at the configured local time. "Once" holds across
 * restarts and instances because the run is a unique row claimed with its deliveries in one
 * transaction, and each delivery is claimed (pending → sending) before it is sent.
 */
@Injectable()
export class DigestsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  /** Where emails go; none without SIAGA_SMTP_URL (specs put nodemailer's JSON transport here). */
  mailer: Transporter | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly repo: DigestsRepository,
  ) {
    if (config.mail.smtpUrl) this.mailer = nodemailer.createTransport(config.mail.smtpUrl);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.kick(), TICK_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.mailer?.close();
  }

  /** Starts a pass unless one is running. */
  kick(): void {
    if (this.running) return;
    this.running = this.runDue()
      .catch((err: unknown) => this.logger.error({ err }, 'digest pass failed'))
      .finally(() => (this.running = undefined));
  }

  /**
   * Claims the digests due now (at most one run per period, whoever asks) and sends every due
   * delivery. Answers how many emails went out. Without a mail transport nothing is claimed.
   */
  async runDue(): Promise<number> {
    if (!this.mailer) return 0;
    const now = this.clock.now();
    for (const span of duePeriods(now, this.config.digests.minuteOfDay, this.config.digests.timeZone)) {
      const won = await this.repo.claimRun(span.kind, span.from, span.to, now, randomUUID(), () => this.build(span, now));
      if (won) this.logger.info({ period: span.kind, from: span.from.toISOString() }, 'digest run claimed');
    }
    return this.sendDue();
  }

  private async sendDue(): Promise<number> {
    let sent = 0;
    for (;;) {
      const due = await this.repo.claimDeliveries(this.clock.now());
      if (!due.length) return sent;
      for (const d of due) if (await this.send(d)) sent++;
    }
  }

  private async send(d: DeliveryRow): Promise<boolean> {
    try {
      if (!this.mailer) throw new Error('no SMTP server is configured (SIAGA_SMTP_URL)');
      const email = renderDigestEmail(d.content, d.lang, this.config.publicUrl);
      await this.mailer.sendMail({ from: this.config.mail.from, to: d.email, subject: email.subject, text: email.text, html: email.html });
      await this.repo.markSent(d, this.clock.now());
      return true;
    } catch (err) {
      const retryAt = d.attempts < MAX_DIGEST_ATTEMPTS ? new Date(this.clock.now().getTime() + retryMs(d.attempts)) : null;
      await this.repo.markFailed(d, (err as Error).message, retryAt);
      this.logger.warn({ runId: d.run_id, userId: d.user_id, attempts: d.attempts, err: (err as Error).message }, retryAt ? 'digest email failed; will retry' : 'digest email failed for good');
      return false;
    }
  }

  /** The digest of the latest complete period (the one the last scheduled email covered). */
  preview(period: DigestPeriod): Promise<Digest> {
    const now = this.clock.now();
    return this.build(latestPeriod(period, now, this.config.digests.minuteOfDay, this.config.digests.timeZone), now);
  }

  async build(span: PeriodSpan, now: Date): Promise<Digest> {
    const rows = await this.repo.programCounts(span.from, span.to, span.previousFrom);
    const shares = sharesOfVoice(rows.map((r) => r.volume));
    const programs: DigestProgram[] = [];
    for (const [i, r] of rows.entries()) {
      const [texts, authors] = r.volume > 0 ? await Promise.all([this.repo.texts(r.program_id, span.from, span.to, TERMS_SAMPLE), this.repo.topAuthors(r.program_id, span.from, span.to, TOP)]) : [[], []];
      const terms = new Tally();
      for (const t of texts) terms.add(termsOf(t.text));
      programs.push({
        programId: r.program_id,
        name: r.name,
        slug: r.slug,
        volume: r.volume,
        previousVolume: r.previous_volume,
        volumeChange: r.previous_volume > 0 ? (r.volume - r.previous_volume) / r.previous_volume : null,
        negative: r.negative,
        negativeShare: r.volume > 0 ? r.negative / r.volume : null,
        previousNegativeShare: r.previous_volume > 0 ? r.previous_negative / r.previous_volume : null,
        alerts: r.alerts,
        previousAlerts: r.previous_alerts,
        incidents: r.incidents,
        shareOfVoice: shares[i]!,
        topTerms: terms.top(TOP),
        topAuthors: authors.map((a) => ({ handle: a.handle, name: a.name, followers: Number(a.followers), posts: a.posts })),
      });
    }
    const sum = (pick: (p: DigestProgram) => number) => programs.reduce((s, p) => s + pick(p), 0);
    return {
      period: span.kind,
      from: span.from.toISOString(),
      to: span.to.toISOString(),
      previousFrom: span.previousFrom.toISOString(),
      previousTo: span.previousTo.toISOString(),
      timeZone: this.config.digests.timeZone,
      generatedAt: now.toISOString(),
      // Incidents may cover several programs: the total counts each once.
      totals: { volume: sum((p) => p.volume), previousVolume: sum((p) => p.previousVolume), alerts: sum((p) => p.alerts), incidents: await this.repo.incidentCount(span.from, span.to) },
      programs,
    };
  }

  async subscription(user: Principal): Promise<DigestSubscription> {
    return (await this.repo.subscription(user.id)) ?? { frequency: 'none', lang: 'id' };
  }

  async setSubscription(user: Principal, body: DigestSubscriptionUpdate): Promise<DigestSubscription> {
    await this.repo.setSubscription(user.id, body, this.clock.now());
    return this.subscription(user);
  }
}
