import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import type { Alert, AlertDetail, SnoozeProgram } from '@siaga/shared';
import { apiRequest, isApiError } from '../../api';
import { queryKeys } from '../../api/keys';
import { useFormat } from '../../lib/format';
import { endProgramSnooze, saveProgramSnooze } from '../../lib/programs';
import { describeError } from '../../ui/ErrorMessage';
import { applyAlertAnswer, postAlertAction, refreshAlertQueries, type AlertActionRequest } from './alertsApi';
import { subjectOf } from './programAlert';

/** Snoozes belong to programs: a source-health alert has none to snooze. */
function programOf(alert: Alert): string {
  if (alert.programId === null) throw new Error('a source alert has no program to snooze');
  return alert.programId;
}

export type ActionKind = AlertActionRequest['action'] | 'snooze' | 'unsnooze';

export interface ActionState {
  /** The action in flight for this alert, if any (one at a time per alert). */
  pending: ActionKind | null;
  /** The last failure, shown inline next to the alert until the next action. */
  error: { action: ActionKind; message: string } | null;
}

const IDLE: ActionState = { pending: null, error: null };

export interface AlertActionRunner {
  stateOf(alertId: string): ActionState;
  /** Resolves true when the server accepted the action. */
  run(alert: Alert, request: AlertActionRequest): Promise<boolean>;
  snooze(alert: Alert, body: SnoozeProgram): Promise<boolean>;
  unsnooze(alert: Alert): Promise<boolean>;
  clearError(alertId: string): void;
}

/**
 * Runs alert actions and keeps, per alert, what is in flight and the last error. No optimistic
 * change: another analyst may have acted first (409), so the row changes when the server answers,
 * and the answer goes straight into the caches. `announce` receives a sentence for a live region;
 * `onAnswer` the alert as the server returned it.
 */
export function useAlertActionRunner(announce: (message: string) => void, onAnswer?: (alert: Alert) => void): AlertActionRunner {
  const { t } = useTranslation(['alerts', 'common']);
  const f = useFormat();
  const queryClient = useQueryClient();
  const [states, setStates] = useState<ReadonlyMap<string, ActionState>>(new Map());
  // Synchronous guard: a second key press must not send a second request before React re-renders.
  const inFlight = useRef(new Set<string>());
  const announceRef = useRef(announce);
  announceRef.current = announce;
  const onAnswerRef = useRef(onAnswer);
  onAnswerRef.current = onAnswer;

  const setState = useCallback((alertId: string, state: ActionState) => {
    setStates((old) => {
      const next = new Map(old);
      if (state.pending === null && state.error === null) next.delete(alertId);
      else next.set(alertId, state);
      return next;
    });
  }, []);

  const errorMessage = useCallback(
    (action: ActionKind, error: unknown): string => {
      if (isApiError(error)) {
        if (error.code === 'conflict' && action === 'acknowledge') return t('actions.errors.acknowledgeConflict');
        if (error.code === 'conflict' && action === 'resolve') return t('actions.errors.resolveConflict');
        if (error.code === 'not_found' && action !== 'snooze' && action !== 'unsnooze') return t('actions.errors.notFound');
        if (error.code === 'validation_failed' && action === 'assign') return t('actions.errors.assignInvalid');
      }
      return describeError(error);
    },
    [t],
  );

  /** After a 409 the row shows what the other person did (e.g. "resolved"), next to the message. */
  const fetchCurrent = useCallback(
    async (alertId: string) => {
      try {
        const current = await apiRequest<AlertDetail>(`/api/alerts/${encodeURIComponent(alertId)}`);
        queryClient.setQueryData(queryKeys.alerts.detail(alertId), current);
        onAnswerRef.current?.(current);
      } catch {
        // The list refetch shows the truth anyway.
      }
    },
    [queryClient],
  );

  const perform = useCallback(
    async (alert: Alert, action: ActionKind, work: () => Promise<string>): Promise<boolean> => {
      if (inFlight.current.has(alert.id)) return false;
      inFlight.current.add(alert.id);
      setState(alert.id, { pending: action, error: null });
      try {
        const message = await work();
        setState(alert.id, IDLE);
        announceRef.current(message);
        return true;
      } catch (error) {
        const message = errorMessage(action, error);
        setState(alert.id, { pending: null, error: { action, message } });
        // Someone else changed or removed it: show the server's current state.
        if (isApiError(error) && (error.code === 'conflict' || error.code === 'not_found')) {
          refreshAlertQueries(queryClient, alert.id);
          if (error.code === 'conflict') void fetchCurrent(alert.id);
        }
        return false;
      } finally {
        inFlight.current.delete(alert.id);
      }
    },
    [errorMessage, fetchCurrent, queryClient, setState],
  );

  const run = useCallback(
    (alert: Alert, request: AlertActionRequest) =>
      perform(alert, request.action, async () => {
        const answer = await postAlertAction(alert.id, request);
        applyAlertAnswer(queryClient, answer);
        onAnswerRef.current?.(answer);
        const phrase = { kind: t(`common:alertKind.${alert.kind}`), program: subjectOf(alert) };
        switch (request.action) {
          case 'acknowledge':
            return t('actions.done.acknowledge', phrase);
          case 'resolve':
            return t('actions.done.resolve', phrase);
          case 'assign':
            return t('actions.done.assign');
          case 'notes':
            return t('actions.done.note');
        }
      }),
    [perform, queryClient, t],
  );

  const snooze = useCallback(
    (alert: Alert, body: SnoozeProgram) =>
      perform(alert, 'snooze', async () => {
        const programId = programOf(alert);
        const answer = await saveProgramSnooze(programId, body);
        queryClient.setQueryData(queryKeys.programs.snooze(programId), answer);
        void queryClient.invalidateQueries({ queryKey: queryKeys.programs.snooze(programId) });
        return t('actions.done.snooze', { program: subjectOf(alert), until: f.dateTime(answer.until ?? body.until) });
      }),
    [perform, queryClient, t, f],
  );

  const unsnooze = useCallback(
    (alert: Alert) =>
      perform(alert, 'unsnooze', async () => {
        const programId = programOf(alert);
        await endProgramSnooze(programId);
        queryClient.setQueryData(queryKeys.programs.snooze(programId), { programId, until: null, reason: null });
        void queryClient.invalidateQueries({ queryKey: queryKeys.programs.snooze(programId) });
        return t('actions.done.unsnooze', { program: subjectOf(alert) });
      }),
    [perform, queryClient, t],
  );

  const stateOf = useCallback((alertId: string) => states.get(alertId) ?? IDLE, [states]);
  const clearError = useCallback(
    (alertId: string) => {
      const current = states.get(alertId);
      if (current?.error) setState(alertId, { ...current, error: null });
    },
    [states, setState],
  );

  return { stateOf, run, snooze, unsnooze, clearError };
}
